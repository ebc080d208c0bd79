import NumericCore

/// The nearest of a set of fitted centroids for each row: the one nearest-centroid path for
/// fitted models (`KMeansModel.predict` and `transform`, the segmentation pipeline's labels,
/// and `SegmentationModel.assign`, which writes assignments.csv).
///
/// The squared Euclidean distance is summed one coordinate at a time, in coordinate order,
/// starting from 0: `(((x_0 - c_0)^2 + (x_1 - c_1)^2) + (x_2 - c_2)^2) + ...`. There is no
/// `|x|^2 - 2 x.c + |c|^2` shortcut, so nothing cancels and a row equal to a centroid is at
/// exactly 0. The nearest centroid is the first whose sum is strictly smallest (ties go to the
/// lower index; a NaN sum is never nearest, so a row without any comparable distance gets
/// centroid 0 at distance +infinity).
///
/// Why this order, and not the four-at-a-time order of the fitting kernels (`squaredDistance`,
/// the SIMD and C assignment kernels, which sum groups of four coordinates and agree with each
/// other bit for bit): assignments.csv prints every distance at full precision, and `segment`
/// and `assign` have always computed them in coordinate order. Any other order changes the
/// last bits of those distances (and, in a near-tie, the segment), so the outputs of existing
/// runs would no longer be reproduced. The fitting kernels keep their faster order: the
/// segmentation pipeline relabels every account with this path after the fit, so the labels a
/// model is saved with are the labels `assign` gives, whatever kernel fitted the centroids.
/// A fit's own `labels` can therefore differ from `assign(_:to:)` only for a row whose two
/// nearest centroids are equally far to within rounding.
///
/// Rows run on all cores; each row's result depends on that row alone, so the output does
/// not depend on the number of threads.
public enum NearestCentroid {
    /// The nearest row of `centroids` to each row of `x`, and the Euclidean distance to it.
    /// `x` and `centroids` must have the same number of columns.
    public static func assign(_ x: Matrix, to centroids: Matrix) -> (labels: [Int], distances: [Double]) {
        precondition(x.columns == centroids.columns,
                     "nearest centroid: rows have \(x.columns) columns, the centroids \(centroids.columns)")
        var labels = [Int](repeating: 0, count: x.rows)
        var distances = [Double](repeating: 0, count: x.rows)
        nearest(x.storage, centroids.storage, rows: x.rows, k: centroids.rows, d: x.columns,
                labels: &labels, distances: &distances)
        return (labels, distances)
    }

    /// The Euclidean distance from each row of `x` to each centroid: an `x.rows x k` matrix
    /// (scikit-learn's `transform`), each entry summed in the order described above.
    public static func distances(_ x: Matrix, to centroids: Matrix) -> Matrix {
        precondition(x.columns == centroids.columns,
                     "nearest centroid: rows have \(x.columns) columns, the centroids \(centroids.columns)")
        var out = Matrix(rows: x.rows, columns: centroids.rows)
        all(x.storage, centroids.storage, rows: x.rows, k: centroids.rows, d: x.columns, out: &out.storage)
        return out
    }

    /// `sum_j (x_j - c_j)^2`, one coordinate at a time in coordinate order (see the type).
    @inline(__always)
    static func squaredDistanceInCoordinateOrder(_ x: UnsafePointer<Double>, _ c: UnsafePointer<Double>,
                                                 d: Int) -> Double {
        var sum = 0.0
        for j in 0..<d {
            let difference = x[j] - c[j]
            sum += difference * difference
        }
        return sum
    }

    private static func nearest(_ x: UnsafePointer<Double>, _ centroids: UnsafePointer<Double>, rows: Int, k: Int,
                                d: Int, labels: UnsafeMutablePointer<Int>, distances: UnsafeMutablePointer<Double>) {
        let tasks = RowTasks(rows: rows)
        tasks.run(workers: Workers.resolve(nil)) { _, t in
            for i in tasks.range(t) {
                var best = Double.infinity, label = 0
                for c in 0..<k {
                    let sum = squaredDistanceInCoordinateOrder(x + i * d, centroids + c * d, d: d)
                    if sum < best { best = sum; label = c }
                }
                labels[i] = label
                distances[i] = best.squareRoot()
            }
        }
    }

    private static func all(_ x: UnsafePointer<Double>, _ centroids: UnsafePointer<Double>, rows: Int, k: Int,
                            d: Int, out: UnsafeMutablePointer<Double>) {
        let tasks = RowTasks(rows: rows)
        tasks.run(workers: Workers.resolve(nil)) { _, t in
            for i in tasks.range(t) {
                for c in 0..<k {
                    out[i * k + c] = squaredDistanceInCoordinateOrder(x + i * d, centroids + c * d, d: d).squareRoot()
                }
            }
        }
    }
}
