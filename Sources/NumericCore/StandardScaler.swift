/// Options for z-scoring columns: `z = (x - mean) / scale`.
///
/// `scale` is the column standard deviation with `ddof` degrees of freedom removed:
/// `sqrt(sum((x - mean)^2) / (n - ddof))`. The default `ddof = 0` is scikit-learn's
/// `StandardScaler`; R's `scale()` and Spark's `StandardScaler` use `ddof = 1`.
/// The convention is recorded with the fitted scaler so results can be reproduced.
public struct StandardScaler: Sendable {
    /// Degrees of freedom removed from the sample count in the variance (0 or 1).
    public var ddof: Int

    public init(ddof: Int = 0) {
        precondition(ddof == 0 || ddof == 1, "ddof must be 0 or 1")
        self.ddof = ddof
    }

    /// Fits column means and scales.
    ///
    /// Variance is computed in two passes (mean first, then centred squares, with
    /// the rounding-error correction of Chan, Golub & LeVeque, as scikit-learn's
    /// `_incremental_mean_and_var`), so columns around 1e6 keep full precision.
    ///
    /// Edge cases: a column whose variance is zero up to rounding (scikit-learn's
    /// rule `var <= n*eps*var + (n*mean*eps)^2`) gets scale 1, so it transforms to 0,
    /// and a warning naming its index. With fewer than `ddof + 1` rows every
    /// variance is 0. Zero rows give empty statistics.
    public func fit(_ x: Matrix) -> FittedStandardScaler {
        let n = x.rows, d = x.columns
        // Both passes run over fixed row tasks on every core; per-task partial sums are added
        // in task order, so the bits do not depend on the thread count.
        let tasks = RowTasks(rows: n)
        let workers = Workers.resolve(nil)
        var mean = [Double](repeating: 0, count: d)
        let totals = columnTotals(x.storage, columns: d, tasks: tasks, workers: workers)
        for j in 0..<d { mean[j] = totals[j] / Double(max(n, 1)) }
        let both = deviationTotals(x.storage, mean: mean, columns: d, tasks: tasks, workers: workers)
        let sumSquares = Array(both[..<d]), correction = Array(both[d...])
        let denominator = Double(n - ddof)
        var variance = [Double](repeating: 0, count: d)
        if n > ddof {
            for j in 0..<d {
                variance[j] = max(0, (sumSquares[j] - correction[j] * correction[j] / Double(n)) / denominator)
            }
        }
        var scale = variance.map { $0.squareRoot() }
        var constant = [Int]()
        let eps = Double.ulpOfOne
        for j in 0..<d {
            let bound = Double(n) * eps * variance[j] + (Double(n) * mean[j] * eps) * (Double(n) * mean[j] * eps)
            if variance[j] <= bound {
                scale[j] = 1
                constant.append(j)
            }
        }
        return FittedStandardScaler(mean: mean, scale: scale, variance: variance, ddof: ddof,
                                    sampleCount: n, constantColumns: constant)
    }

    /// `fit`'s first pass: the column sums of the row-major `x` (`columns` wide). The arrays
    /// arrive as base addresses, lent for the call.
    private func columnTotals(_ x: UnsafePointer<Double>, columns d: Int, tasks: RowTasks, workers: Int) -> [Double] {
        columnSums(tasks: tasks, workers: workers, width: d) { rows, slot in
            for i in rows { for j in 0..<d { slot[j] += x[i * d + j] } }
        }
    }

    /// `fit`'s second pass: per column the sum of squared deviations from `m`, then (at `d + j`)
    /// the sum of deviations, the correction term.
    private func deviationTotals(_ x: UnsafePointer<Double>, mean m: UnsafePointer<Double>, columns d: Int,
                                 tasks: RowTasks, workers: Int) -> [Double] {
        columnSums(tasks: tasks, workers: workers, width: 2 * d) { rows, slot in
            for i in rows {
                for j in 0..<d {
                    let delta = x[i * d + j] - m[j]
                    slot[j] += delta * delta
                    slot[d + j] += delta
                }
            }
        }
    }
}

/// A fitted standard scaler: per-column `mean`, `scale` and `variance`.
public struct FittedStandardScaler: Codable, Equatable, Sendable {
    /// Column means.
    public var mean: [Double]
    /// Column standard deviations (`ddof` convention); 1 for constant columns.
    public var scale: [Double]
    /// Column variances with `ddof` removed (0 for constant columns).
    public var variance: [Double]
    /// Degrees of freedom removed (0 = population, scikit-learn; 1 = sample, R/Spark).
    public var ddof: Int
    /// Rows the scaler was fitted on.
    public var sampleCount: Int
    /// Indices of zero-variance columns (scaled by 1, so they become 0).
    public var constantColumns: [Int]

    public init(mean: [Double], scale: [Double], variance: [Double], ddof: Int,
                sampleCount: Int, constantColumns: [Int]) {
        self.mean = mean
        self.scale = scale
        self.variance = variance
        self.ddof = ddof
        self.sampleCount = sampleCount
        self.constantColumns = constantColumns
    }

    /// Human-readable warnings (one per zero-variance column).
    public var warnings: [String] {
        constantColumns.map { "column \($0) has zero variance: scaled by 1, so it contributes nothing" }
    }

    /// `(x - mean) / scale`, column by column. `x` must have `mean.count` columns.
    public func transform(_ x: Matrix) -> Matrix {
        var out = x
        transform(inPlace: &out)
        return out
    }

    /// `transform` overwriting `x`: no second `n x d` matrix (at 1M x 40 that is 320 MB of
    /// memory and page faults the caller does not need when it keeps only the result).
    public func transform(inPlace x: inout Matrix) {
        precondition(x.columns == mean.count, "scaler fitted on \(mean.count) columns, got \(x.columns)")
        let tasks = RowTasks(rows: x.rows), d = x.columns
        standardize(&x.storage, columns: d, tasks: tasks, mean: mean, scale: scale)
    }

    /// `transform(inPlace:)` over base addresses (the arrays are lent for the call): row tasks
    /// on every core, each row `(p - m) / s` in place.
    private func standardize(_ p: UnsafeMutablePointer<Double>, columns d: Int, tasks: RowTasks,
                             mean m: UnsafePointer<Double>, scale s: UnsafePointer<Double>) {
        tasks.run(workers: Workers.resolve(nil)) { _, t in
            // Divide rather than multiply by a reciprocal: bit-for-bit what scikit-learn does.
            for i in tasks.range(t) {
                for j in 0..<d { p[i * d + j] = (p[i * d + j] - m[j]) / s[j] }
            }
        }
    }

    /// `z * scale + mean`: undoes `transform`.
    public func inverseTransform(_ z: Matrix) -> Matrix {
        precondition(z.columns == mean.count, "scaler fitted on \(mean.count) columns, got \(z.columns)")
        var out = z
        let d = z.columns
        out.storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<z.rows {
                let base = i * d
                for j in 0..<d { p[base + j] = p[base + j] * scale[j] + mean[j] }
            }
        }
        return out
    }
}

/// Column sums over fixed row tasks: `accumulate(rows, slot)` adds its rows' terms into
/// `slot` (`width` zeroed values of its own); the task slots are then added in task order, so
/// the result is deterministic for any number of workers.
private func columnSums(tasks: RowTasks, workers: Int, width: Int,
                        _ accumulate: (Range<Int>, UnsafeMutablePointer<Double>) -> Void) -> [Double] {
    var partial = [Double](repeating: 0, count: tasks.count * width)
    partial.withUnsafeMutableBufferPointer { pp in
        let sums = pp.baseAddress!
        tasks.run(workers: workers) { _, t in accumulate(tasks.range(t), sums + t * width) }
    }
    var total = [Double](repeating: 0, count: width)
    for t in 0..<tasks.count {
        for j in 0..<width { total[j] += partial[t * width + j] }
    }
    return total
}
