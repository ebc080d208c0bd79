import NumericCore

/// A fitted k-means model: centroids in the original feature units, the training labels and
/// run diagnostics. Encodes to JSON with `centroids` as nested row arrays.
public struct KMeansModel: Sendable, Codable, Equatable {
    /// `k x features` centroids (in the units of the training data).
    public var centroids: Matrix
    /// 0-based cluster of each training row; consistent with `centroids` (a final assignment step
    /// runs whenever the last Lloyd iteration changed labels). Found by the fitting kernels, whose
    /// summation order can differ from `predict`'s in a near-tie (see `NearestCentroid`).
    public var labels: [Int]
    /// `sum_i w_i * ||x_i - c_{label_i}||^2` on the training data (weights 1 when none were given).
    public var inertia: Double
    /// Lloyd iterations of the kept run (scikit-learn's `n_iter_`).
    public var iterations: Int
    /// `true` when the kept run stopped because labels settled or the centroid shift fell within
    /// the tolerance; `false` when it hit `maxIterations`.
    public var converged: Bool
    /// For each Lloyd iteration of the kept run, the inertia of the new labels against the
    /// centroids they were assigned to (before the update step): non-increasing up to rounding.
    public var inertiaHistory: [Double]
    /// Notes for the user, e.g. fewer distinct clusters than requested.
    public var warnings: [String]

    public init(centroids: Matrix, labels: [Int], inertia: Double, iterations: Int, converged: Bool,
                inertiaHistory: [Double], warnings: [String]) {
        self.centroids = centroids
        self.labels = labels
        self.inertia = inertia
        self.iterations = iterations
        self.converged = converged
        self.inertiaHistory = inertiaHistory
        self.warnings = warnings
    }

    /// Index of the nearest centroid for each row of `x` (Euclidean; the first of equally near
    /// centroids wins), by `NearestCentroid`, the path `assign` uses. `x` must have as many
    /// columns as the centroids. Runs on all cores.
    public func predict(_ x: Matrix) -> [Int] {
        precondition(x.columns == centroids.columns,
                     "predict: \(x.columns) columns, the model has \(centroids.columns) features")
        return NearestCentroid.assign(x, to: centroids).labels
    }

    /// Euclidean distance from each row of `x` to each centroid: an `x.rows x k` matrix
    /// (scikit-learn's `transform`), by `NearestCentroid`. Computed from coordinate differences,
    /// so a row equal to a centroid is at distance exactly 0. Runs on all cores.
    public func transform(_ x: Matrix) -> Matrix {
        precondition(x.columns == centroids.columns,
                     "transform: \(x.columns) columns, the model has \(centroids.columns) features")
        return NearestCentroid.distances(x, to: centroids)
    }
}
