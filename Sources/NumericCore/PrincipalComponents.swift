/// Principal component analysis by eigen-decomposition of the covariance matrix.
///
/// With `X` centred (`Xc = X - mean`) the covariance is `C = Xc^T Xc / (n - 1)`
/// (BLAS `dsyrk`); LAPACK `dsyevd` gives its eigenpairs. Components are the
/// eigenvectors by decreasing eigenvalue, and
/// - `explainedVariance[i]` = eigenvalue `i` (ddof = 1, as scikit-learn),
/// - `explainedVarianceRatio[i]` = eigenvalue / sum of all eigenvalues,
/// - `singularValues[i]` = `sqrt(eigenvalue * (n - 1))` (the singular values of `Xc`).
/// This is scikit-learn's `svd_solver="covariance_eigh"`, which is exact and fast
/// when samples far outnumber features (the segmentation case).
///
/// Sign rule: each component is flipped so that its largest-magnitude loading is
/// positive (scikit-learn's `svd_flip(u_based_decision=False)`), so runs agree.
/// Negative eigenvalues (rounding on rank-deficient data) are clipped to 0.
public struct PrincipalComponents: Sendable {
    /// How many components to keep.
    public enum ComponentCount: Sendable, Equatable {
        /// Exactly `n` components (`1...min(samples, features)`).
        case count(Int)
        /// The fewest components whose cumulative explained-variance ratio exceeds `f` (0 < f < 1),
        /// scikit-learn's `n_components=f` rule.
        case varianceFraction(Double)
        /// `min(samples, features)` components.
        case all
    }

    public var count: ComponentCount

    public init(count: ComponentCount = .all) { self.count = count }

    /// Rows per parallel task: a task's centred copy (`rowsPerTask x d` Doubles) stays in
    /// cache. Fixed, so results never depend on the thread count.
    static let rowsPerTask = 4096

    /// Fits the components.
    /// - Throws: `PCAError` for too few rows or a bad count; `LinearAlgebraError` when
    ///   the eigen solver fails or returns non-finite values.
    public func fit(_ x: Matrix) throws -> FittedPrincipalComponents {
        let n = x.rows, d = x.columns
        guard n >= 2 else { throw PCAError.tooFewSamples(n) }
        guard d >= 1 else { throw PCAError.noFeatures }
        let maxComponents = min(n, d)
        if case let .count(c) = count, !(1...maxComponents).contains(c) {
            throw PCAError.invalidComponentCount(requested: c, maximum: maxComponents)
        }
        if case let .varianceFraction(f) = count, !(f > 0 && f < 1) {
            throw PCAError.invalidVarianceFraction(f)
        }

        let tasks = RowTasks(rows: n, rowsPerTask: Self.rowsPerTask)
        let workers = Workers.resolve(nil)
        guard let (mean, gram) = centredMoments(x, tasks: tasks, workers: workers) else {
            // Only now look at the input: NaN/infinity in it, or finite values whose squares overflow.
            if !x.isFinite { throw LinearAlgebraError.nonFiniteInput(operation: "PCA") }
            throw LinearAlgebraError.nonFiniteResult(routine: "PCA covariance")
        }
        var covariance = gram
        let scaleFactor = 1 / Double(n - 1)
        for i in 0..<d {
            for j in i..<d {
                let v = covariance[i, j] * scaleFactor
                covariance[i, j] = v
                covariance[j, i] = v
            }
        }
        let (ascendingValues, ascendingVectors) = try symmetricEigen(covariance)

        // Decreasing order, negative eigenvalues clipped.
        let order = Array((0..<d).reversed())
        let eigenvalues = order.map { max(0, ascendingValues[$0]) }
        var components = ascendingVectors.selectingRows(order)
        flipSigns(&components)

        let total = eigenvalues.reduce(0, +)
        let ratios = eigenvalues.map { total > 0 ? $0 / total : 0 }
        let kept: Int
        switch count {
        case let .count(c): kept = c
        case .all: kept = maxComponents
        case let .varianceFraction(f):
            var cumulative = 0.0, index = 0
            // First index whose cumulative ratio exceeds f (searchsorted side="right") + 1.
            while index < maxComponents - 1 {
                cumulative += ratios[index]
                if cumulative > f { break }
                index += 1
            }
            kept = index + 1
        }
        let keptValues = Array(eigenvalues.prefix(kept))
        return FittedPrincipalComponents(
            mean: mean,
            components: components.selectingRows(0..<kept),
            explainedVariance: keptValues,
            explainedVarianceRatio: Array(ratios.prefix(kept)),
            singularValues: keptValues.map { ($0 * Double(n - 1)).squareRoot() },
            sampleCount: n)
    }

    /// Column means and the upper triangle of the centred Gram matrix `Xc^T Xc`, in one pass
    /// over `x`.
    ///
    /// Each fixed row task copies its rows minus a provisional shift `s` into a per-worker
    /// buffer that stays in cache, adds them into the task's column sums and accumulates their
    /// Gram matrix with single-threaded `dsyrk`; task results are added in task order, so the
    /// bits do not depend on the thread count. With `y = x - s` and `m = mean(y)`,
    /// `Xc^T Xc = sum y y^T - n m m^T` and `mean = s + m`. The shift is the mean of the first
    /// task's rows: close to the true mean, it keeps `m` and the rank-one correction small,
    /// so no digits are lost to cancellation even for data far from the origin (scikit-learn
    /// applies the same correction to the raw data, `X^T X - n mean mean^T`). One read of
    /// the matrix instead of two (means, then centred products): the pass is memory-bound.
    ///
    /// Returns `nil` when a sum or product is not finite (a NaN or infinity in `x`, or an
    /// overflow), so the caller needs no separate scan for non-finite input.
    private func centredMoments(_ x: Matrix, tasks: RowTasks, workers: Int) -> (mean: [Double], gram: Matrix)? {
        let n = x.rows, d = x.columns
        let shift = x.storage.withUnsafeBufferPointer { xp in
            var shift = [Double](repeating: 0, count: d)
            let first = tasks.range(0)
            for i in first { for j in 0..<d { shift[j] += xp[i * d + j] } }
            return shift.map { $0 / Double(first.count) }
        }
        let sumsStride = (d + 7) & ~7  // each task's sums on their own cache lines
        var partialSums = [Double](repeating: 0, count: tasks.count * sumsStride)
        var partialGrams = [Double](repeating: 0, count: tasks.count * d * d)
        let threads = min(max(1, workers), tasks.count)
        let blocks = UnsafeMutablePointer<Double>.allocate(capacity: threads * tasks.rowsPerTask * d)
        defer { blocks.deallocate() }
        withSingleThreadedBLAS {
            accumulateShifted(x.storage, shift: shift, d: d, tasks: tasks, threads: threads, blocks: blocks,
                              sums: &partialSums, sumsStride: sumsStride, grams: &partialGrams)
        }
        var m = [Double](repeating: 0, count: d)
        var gram = Matrix(rows: d, columns: d)
        for t in 0..<tasks.count {
            for j in 0..<d { m[j] += partialSums[t * sumsStride + j] }
            for i in 0..<d {
                for j in i..<d { gram.storage[i * d + j] += partialGrams[t * d * d + i * d + j] }
            }
        }
        for j in 0..<d { m[j] /= Double(n) }
        for i in 0..<d {
            for j in i..<d { gram.storage[i * d + j] -= Double(n) * m[i] * m[j] }
        }
        guard m.allSatisfy(\.isFinite), gram.isFinite else { return nil }
        return (zip(shift, m).map { $0 + $1 }, gram)
    }

    /// The task loop of `centredMoments`: task `t` copies its rows of `x` minus `shift` into its
    /// worker's block, adds them into its column sums (`sums + t * sumsStride`) and writes their
    /// Gram matrix to `grams + t * d * d`. The arrays arrive as base addresses, lent for the call.
    private func accumulateShifted(_ x: UnsafePointer<Double>, shift s: UnsafePointer<Double>, d: Int,
                                   tasks: RowTasks, threads: Int, blocks: UnsafeMutablePointer<Double>,
                                   sums: UnsafeMutablePointer<Double>, sumsStride: Int,
                                   grams: UnsafeMutablePointer<Double>) {
        tasks.run(workers: threads) { worker, t in
            let rows = tasks.range(t)
            let block = blocks + worker * tasks.rowsPerTask * d
            let slot = sums + t * sumsStride
            for (r, i) in rows.enumerated() {
                for j in 0..<d {
                    let y = x[i * d + j] - s[j]
                    block[r * d + j] = y
                    slot[j] += y
                }
            }
            blasSyrkTransposed(n: d, k: rows.count, alpha: 1, a: block, lda: d,
                               beta: 0, c: grams + t * d * d, ldc: d)
        }
    }

    /// Makes the largest-magnitude entry of every row positive (first one on ties).
    private func flipSigns(_ components: inout Matrix) {
        for i in 0..<components.rows {
            var largest = 0.0, sign = 1.0
            for value in components.row(i) where abs(value) > largest {
                largest = abs(value)
                sign = value < 0 ? -1 : 1
            }
            if sign < 0 {
                for j in 0..<components.columns { components[i, j] = -components[i, j] }
            }
        }
    }
}

/// Why a PCA fit was refused.
public enum PCAError: Error, Equatable, CustomStringConvertible {
    case tooFewSamples(Int)
    case noFeatures
    case invalidComponentCount(requested: Int, maximum: Int)
    case invalidVarianceFraction(Double)

    public var description: String {
        switch self {
        case let .tooFewSamples(n): return "PCA needs at least 2 rows, got \(n)"
        case .noFeatures: return "PCA needs at least one feature column"
        case let .invalidComponentCount(requested, maximum):
            return "number of components (\(requested)) must be between 1 and min(rows, features) = \(maximum)"
        case let .invalidVarianceFraction(f): return "variance fraction must be strictly between 0 and 1, got \(f)"
        }
    }
}

/// A fitted PCA: `transform(x) = (x - mean) * components^T`.
public struct FittedPrincipalComponents: Codable, Equatable, Sendable {
    /// Column means of the training data.
    public var mean: [Double]
    /// Components as rows (`kept x features`), unit length, sign-normalised.
    public var components: Matrix
    /// Variance along each component (ddof = 1).
    public var explainedVariance: [Double]
    /// Share of total variance along each component; sums to at most 1.
    public var explainedVarianceRatio: [Double]
    /// Singular values of the centred training data, `sqrt(variance * (n - 1))`.
    public var singularValues: [Double]
    /// Rows fitted on.
    public var sampleCount: Int

    public init(mean: [Double], components: Matrix, explainedVariance: [Double],
                explainedVarianceRatio: [Double], singularValues: [Double], sampleCount: Int) {
        self.mean = mean
        self.components = components
        self.explainedVariance = explainedVariance
        self.explainedVarianceRatio = explainedVarianceRatio
        self.singularValues = singularValues
        self.sampleCount = sampleCount
    }

    /// Projects rows onto the components: `(x - mean) * components^T` (`n x kept`).
    ///
    /// Fixed row tasks over both cores, each centring its rows and calling single-threaded
    /// `dgemm`, so the bits do not depend on the thread count.
    public func transform(_ x: Matrix) -> Matrix {
        precondition(x.columns == mean.count, "PCA fitted on \(mean.count) columns, got \(x.columns)")
        let n = x.rows, d = x.columns, k = components.rows
        var out = Matrix(rows: n, columns: k)
        guard n > 0, k > 0 else { return out }
        let tasks = RowTasks(rows: n, rowsPerTask: PrincipalComponents.rowsPerTask)
        withSingleThreadedBLAS {
            project(x.storage, components: components.storage, into: &out.storage, d: d, k: k, tasks: tasks)
        }
        return out
    }

    /// The task loop of `transform`: each task centres its rows of `x` in a block and multiplies
    /// them by `components^T` into its rows of `projected`. The arrays arrive as base addresses,
    /// lent for the call.
    private func project(_ x: UnsafePointer<Double>, components: UnsafePointer<Double>,
                         into projected: UnsafeMutablePointer<Double>, d: Int, k: Int, tasks: RowTasks) {
        tasks.run(workers: Workers.resolve(nil)) { _, t in
            let rows = tasks.range(t)
            let block = UnsafeMutablePointer<Double>.allocate(capacity: rows.count * d)
            defer { block.deallocate() }
            for (r, i) in rows.enumerated() {
                for j in 0..<d { block[r * d + j] = x[i * d + j] - mean[j] }
            }
            blasGemm(m: rows.count, n: k, k: d, alpha: 1, a: block, lda: d,
                     b: components, ldb: d, transposeB: true,
                     beta: 0, c: projected + rows.lowerBound * k, ldc: k)
        }
    }

    /// Maps projected rows back to feature space: `z * components + mean`.
    public func inverseTransform(_ z: Matrix) -> Matrix {
        precondition(z.columns == components.rows, "expected \(components.rows) components, got \(z.columns)")
        let n = z.rows, d = mean.count, k = components.rows
        var out = Matrix(rows: n, columns: d)
        if n > 0 && k > 0 {
            withSingleThreadedBLAS {
                blasGemm(m: n, n: d, k: k, alpha: 1, a: z.storage, lda: k, b: components.storage, ldb: d,
                         transposeB: false, beta: 0, c: &out.storage, ldc: d)
            }
        }
        out.storage.withUnsafeMutableBufferPointer { p in
            for i in 0..<n {
                for j in 0..<d { p[i * d + j] += mean[j] }
            }
        }
        return out
    }
}
