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
    /// centroids wins). `x` must have as many columns as the centroids. Runs on all cores.
    public func predict(_ x: Matrix) -> [Int] {
        precondition(x.columns == centroids.columns,
                     "predict: \(x.columns) columns, the model has \(centroids.columns) features")
        var labels = [Int](repeating: 0, count: x.rows)
        labels.withUnsafeMutableBufferPointer { out in
            forEachRowDistances(x) { i, distances in
                var best = distances[0], label = 0
                for j in 1..<centroids.rows where distances[j] < best { best = distances[j]; label = j }
                out[i] = label
            }
        }
        return labels
    }

    /// Euclidean distance from each row of `x` to each centroid: an `x.rows x k` matrix
    /// (scikit-learn's `transform`). Computed from coordinate differences, so a row equal to a
    /// centroid is at distance exactly 0. Runs on all cores.
    public func transform(_ x: Matrix) -> Matrix {
        precondition(x.columns == centroids.columns,
                     "transform: \(x.columns) columns, the model has \(centroids.columns) features")
        let k = centroids.rows
        var out = [Double](repeating: 0, count: x.rows * k)
        out.withUnsafeMutableBufferPointer { buffer in
            forEachRowDistances(x) { i, distances in
                for j in 0..<k { buffer[i * k + j] = distances[j].squareRoot() }
            }
        }
        return Matrix(rows: x.rows, columns: k, storage: out)
    }

    /// Calls `body(row, squaredDistancesToEachCentroid)` for every row of `x`, rows split over
    /// all cores (`body` must only write state belonging to its row).
    private func forEachRowDistances(_ x: Matrix, _ body: (Int, UnsafePointer<Double>) -> Void) {
        let d = x.columns, k = centroids.rows
        let tasks = RowTasks(rows: x.rows)
        x.storage.withUnsafeBufferPointer { xs in
            centroids.storage.withUnsafeBufferPointer { cs in
                tasks.run(workers: Workers.resolve(nil)) { _, t in
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { distances in
                        for i in tasks.range(t) {
                            for j in 0..<k {
                                distances[j] = squaredDistance(xs.baseAddress! + i * d, cs.baseAddress! + j * d, d: d)
                            }
                            body(i, UnsafePointer(distances.baseAddress!))
                        }
                    }
                }
            }
        }
    }
}
