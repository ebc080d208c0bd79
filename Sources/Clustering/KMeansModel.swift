import NumericCore

/// A fitted k-means model: centroids in the original feature units, the training labels and
/// run diagnostics. Encodes to JSON with `centroids` as nested row arrays.
public struct KMeansModel: Sendable, Codable, Equatable {
    /// `k x features` centroids (in the units of the training data).
    public var centroids: Matrix
    /// 0-based cluster of each training row; consistent with `centroids` (a final assignment step
    /// runs whenever the last Lloyd iteration changed labels).
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
    /// centroids wins). `x` must have as many columns as the centroids.
    public func predict(_ x: Matrix) -> [Int] {
        precondition(x.columns == centroids.columns,
                     "predict: \(x.columns) columns, the model has \(centroids.columns) features")
        var labels = [Int](repeating: 0, count: x.rows)
        forEachRowDistance(x) { i, j, distance, best in
            if j == 0 || distance < best { labels[i] = j; return distance }
            return best
        }
        return labels
    }

    /// Euclidean distance from each row of `x` to each centroid: an `x.rows x k` matrix
    /// (scikit-learn's `transform`). Computed from coordinate differences, so a row equal to a
    /// centroid is at distance exactly 0.
    public func transform(_ x: Matrix) -> Matrix {
        precondition(x.columns == centroids.columns,
                     "transform: \(x.columns) columns, the model has \(centroids.columns) features")
        var out = Matrix(rows: x.rows, columns: centroids.rows)
        forEachRowDistance(x) { i, j, distance, best in
            out[i, j] = distance.squareRoot()
            return best
        }
        return out
    }

    /// Calls `body(row, centroid, squaredDistance, carried)` for every pair in row-major order,
    /// threading a per-row value through the centroids (used for the running minimum).
    private func forEachRowDistance(_ x: Matrix, _ body: (Int, Int, Double, Double) -> Double) {
        let d = x.columns, k = centroids.rows
        x.storage.withUnsafeBufferPointer { xs in
            centroids.storage.withUnsafeBufferPointer { cs in
                for i in 0..<x.rows {
                    var carried = Double.infinity
                    for j in 0..<k {
                        let dist = squaredDistance(xs.baseAddress! + i * d, cs.baseAddress! + j * d, d: d)
                        carried = body(i, j, dist, carried)
                    }
                }
            }
        }
    }
}
