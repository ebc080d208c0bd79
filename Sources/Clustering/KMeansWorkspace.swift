import Dispatch
import NumericCore

/// The centred data and every buffer k-means needs, allocated once per fit and reused by every
/// restart and Lloyd iteration (nothing is allocated inside the iteration loop).
///
/// Parallel passes split rows into `RowTasks`; each task writes only its own rows of `labels`
/// and its own slot of the partial buffers, and each worker only its own scratch, so the passes
/// are race-free by construction and the task-ordered reductions make results independent of
/// the thread count.
final class KMeansWorkspace {
    let n: Int
    let d: Int
    let k: Int
    /// `k` rounded up to the SIMD width (columns of `centersT`).
    let padded: Int
    let tasks: RowTasks
    let workers: Int
    /// Implementation of the assignment pass (all give the same bits).
    let kernel: AssignmentKernel

    /// Data minus its column means, row-major `n x d`.
    let x: UnsafeMutablePointer<Double>
    /// Sample weights, or `nil` for all ones.
    let weights: UnsafeMutablePointer<Double>?
    /// `||x_i||^2` of the centred rows.
    let xNorms: UnsafeMutablePointer<Double>
    /// Current labels (`-1` before the first assignment).
    let labels: UnsafeMutablePointer<Int>

    /// Centroids times -2, packed transposed (`d x padded`), and their squared norms (zero in
    /// the padding), for the assignment kernel.
    let centersT: UnsafeMutablePointer<Double>
    let centerNorms: UnsafeMutablePointer<Double>
    /// Per-task partial results, combined in task order. Each task's slot starts on its own
    /// 64-byte cache line (strides rounded up to 8 elements, aligned allocations): neighbouring
    /// tasks run on different cores, and a shared line would bounce between them on every row.
    let partialSums: UnsafeMutablePointer<Double>      // tasks x sumsStride (k x d used)
    let partialWeights: UnsafeMutablePointer<Double>   // tasks x weightsStride (k used)
    let partialInertia: UnsafeMutablePointer<Double>   // tasks x 8 (1 used)
    let partialChanged: UnsafeMutablePointer<Int>      // tasks x 8 (1 used)
    let sumsStride: Int
    let weightsStride: Int
    /// Per-worker score scratch (4 rows x padded, stride `scratchStride`).
    let scratch: UnsafeMutablePointer<Double>
    let scratchStride: Int

    /// Column means that were subtracted from the data.
    let mean: [Double]

    /// k-means++ buffers kept between restarts (see `kMeansPlusPlus`), allocated on first use:
    /// distances to the nearest chosen centroid (`n`) and to the step's candidates (`n x lanes`).
    var seedingClosest: UnsafeMutablePointer<Double>?
    var seedingCandidateDistances: UnsafeMutablePointer<Double>?
    var seedingLanes = 0
    /// Rows per lane in `seedingCandidateDistances`: `n` rounded up to a whole 64-byte line.
    var seedingStride: Int { cacheLineMultiple(n) }

    /// Whether `x` was allocated here (and is freed with the workspace) or is the caller's.
    private let ownsX: Bool

    /// A workspace over a centred copy of `data`.
    convenience init(_ data: Matrix, weights sampleWeights: [Double]?, clusters: Int, workers: Int,
                     kernel: AssignmentKernel = .preferred) {
        let x = UnsafeMutablePointer<Double>.allocate(capacity: data.rows * data.columns)
        self.init(data.storage, rows: data.rows, columns: data.columns, into: x, owned: true, weights: sampleWeights,
                  clusters: clusters, workers: workers, kernel: kernel)
    }

    /// A workspace that centres the caller's row-major `rows x columns` data in place (the
    /// same values as the copy: each element minus its column mean). `data` must outlive the
    /// workspace and is left centred. Saves the copy's memory and the page faults of its fresh
    /// pages (128 MB at 1M x 16).
    convenience init(centringInPlace data: UnsafeMutablePointer<Double>, rows: Int, columns: Int,
                     weights sampleWeights: [Double]?, clusters: Int, workers: Int,
                     kernel: AssignmentKernel = .preferred) {
        self.init(data, rows: rows, columns: columns, into: data, owned: false, weights: sampleWeights,
                  clusters: clusters, workers: workers, kernel: kernel)
    }

    private init(_ source: UnsafePointer<Double>, rows n: Int, columns d: Int, into x: UnsafeMutablePointer<Double>,
                 owned: Bool, weights sampleWeights: [Double]?, clusters: Int, workers: Int, kernel: AssignmentKernel) {
        var mean = [Double](repeating: 0, count: d)
        let xNorms = UnsafeMutablePointer<Double>.allocate(capacity: n)
        let tasks = RowTasks(rows: n)
        // The means: each column summed in row order (their rounding fixes every later result),
        // columns split over the cores. The centred copy and norms are per-row work, done on all
        // cores, which also takes the page faults of the fresh copy in parallel.
        mean = columnSums(source, rows: n, columns: d, workers: workers, squared: false)
        for j in 0..<d { mean[j] /= Double(n) }
        Self.centre(source, mean: mean, d: d, tasks: tasks, workers: workers, into: x, norms: xNorms)
        self.ownsX = owned
        self.n = n
        self.d = d
        self.k = clusters
        self.padded = paddedWidth(clusters)
        self.tasks = tasks
        self.workers = workers
        self.kernel = kernel
        self.mean = mean
        self.x = x
        self.xNorms = xNorms
        if let sampleWeights {
            let w = UnsafeMutablePointer<Double>.allocate(capacity: n)
            w.initialize(from: sampleWeights, count: n)
            weights = w
        } else {
            weights = nil
        }
        labels = .allocate(capacity: n)
        labels.initialize(repeating: -1, count: n)
        centersT = .allocate(capacity: d * padded)
        centerNorms = .allocate(capacity: paddedWidth(clusters))
        centerNorms.initialize(repeating: 0, count: paddedWidth(clusters))
        sumsStride = cacheLineMultiple(k * d)
        weightsStride = cacheLineMultiple(k)
        scratchStride = cacheLineMultiple(4 * padded)
        partialSums = allocateCacheAligned(tasks.count * sumsStride)
        partialWeights = allocateCacheAligned(tasks.count * weightsStride)
        partialInertia = allocateCacheAligned(tasks.count * 8)
        partialChanged = allocateCacheAligned(tasks.count * 8)
        scratch = allocateCacheAligned(max(1, workers) * scratchStride)
    }

    /// The centred copy `x = src - mean` and its row norms `|x_i|^2`, by row tasks on `workers`
    /// threads (`src` and `mean` are base addresses, lent for the call; `src` may be `x`: each
    /// element is read before it is written).
    private static func centre(_ src: UnsafePointer<Double>, mean: UnsafePointer<Double>, d: Int, tasks: RowTasks,
                               workers: Int, into x: UnsafeMutablePointer<Double>, norms xNorms: UnsafeMutablePointer<Double>) {
        tasks.run(workers: workers) { _, t in
            for i in tasks.range(t) {
                var norm = 0.0
                for j in 0..<d {
                    let v = src[i * d + j] - mean[j]
                    x[i * d + j] = v
                    norm += v * v
                }
                xNorms[i] = norm
            }
        }
    }

    deinit {
        if ownsX { x.deallocate() }
        weights?.deallocate(); xNorms.deallocate(); labels.deallocate()
        centersT.deallocate(); centerNorms.deallocate()
        partialSums.deallocate(); partialWeights.deallocate(); partialInertia.deallocate()
        partialChanged.deallocate(); scratch.deallocate()
        seedingClosest?.deallocate(); seedingCandidateDistances?.deallocate()
    }

    @inline(__always)
    func weight(_ i: Int) -> Double { weights?[i] ?? 1 }

    /// Mean over columns of the column variances (ddof 0): scikit-learn's scale for `tol`.
    /// The data is already centred, so each variance is the mean of squares.
    func meanVariance() -> Double {
        guard n > 0, d > 0 else { return 0 }
        let squares = columnSums(x, rows: n, columns: d, workers: workers, squared: true)
        return squares.reduce(0) { $0 + $1 / Double(n) } / Double(d)
    }

    /// Packs `centers` (`k x d`, centred) for the assignment kernel.
    func prepare(centers: UnsafePointer<Double>) {
        prepareCenters(centers, k: k, d: d, padded: padded, centersT: centersT, norms: centerNorms)
    }

    /// One fused pass over task `t`: assign each row to its nearest prepared centroid
    /// (`argmin_j ||c_j||^2 - 2 x.c_j`, first of equal scores wins), count changed labels and,
    /// when `accumulate`, add `w_i * x_i` and `w_i` into the task's partial sums and
    /// `w_i * max(0, ||x_i||^2 + score)` (the clamped squared distance) into its partial inertia.
    ///
    /// Runs on `kernel`; this is the portable path, `assignTaskNative` the C one.
    func assignTask(_ t: Int, worker: Int, accumulate: Bool) {
        if accumulate {
            (partialSums + t * sumsStride).update(repeating: 0, count: k * d)
            (partialWeights + t * weightsStride).update(repeating: 0, count: k)
        }
        let (inertia, changed) = kernel == .portable
            ? assignTaskPortable(t, worker: worker, accumulate: accumulate)
            : assignTaskNative(t, worker: worker, accumulate: accumulate)
        partialInertia[t * 8] = inertia
        partialChanged[t * 8] = changed
    }

    /// Everything the loop reads is copied into locals first: stored properties of a class are
    /// otherwise reloaded after every store through a pointer.
    private func assignTaskPortable(_ t: Int, worker: Int, accumulate: Bool) -> (inertia: Double, changed: Int) {
        let range = tasks.range(t)
        let d = self.d, k = self.k, padded = self.padded
        let x = UnsafePointer(self.x), xNorms = UnsafePointer(self.xNorms)
        let centersT = UnsafePointer(self.centersT), centerNorms = UnsafePointer(self.centerNorms)
        let labels = self.labels, weights = self.weights
        let scores = scratch + worker * scratchStride
        let sums = partialSums + t * sumsStride
        let clusterWeights = partialWeights + t * weightsStride
        var inertia = 0.0
        var changed = 0
        let start = range.lowerBound
        forEachNearestCenter(x + start * d, count: range.count, d: d, k: k, centersT: centersT, norms: centerNorms,
                             padded: padded, scratch: scores) { r, label, best in
            let row = start + r
            if labels[row] != label { changed &+= 1; labels[row] = label }
            guard accumulate else { return }
            let w = weights?[row] ?? 1
            inertia += w * max(0, xNorms[row] + best)
            clusterWeights[label] += w
            addScaled(x + row * d, w, into: sums + label * d, count: d)
        }
        return (inertia, changed)
    }

    /// Assignment (and, when `accumulate`, update sums) over all rows with the prepared centroids.
    /// Returns the E-step inertia (0 unless accumulating) and the number of changed labels.
    func assign(accumulate: Bool) -> (inertia: Double, changed: Int) {
        tasks.run(workers: workers) { worker, t in
            self.assignTask(t, worker: worker, accumulate: accumulate)
        }
        var inertia = 0.0
        var changed = 0
        for t in 0..<tasks.count {
            inertia += partialInertia[t * 8]
            changed += partialChanged[t * 8]
        }
        return (inertia, changed)
    }

    /// Adds the task partials in task order into `sums` (`k x d`) and `clusterWeights` (`k`).
    func reducePartials(sums: UnsafeMutablePointer<Double>, clusterWeights: UnsafeMutablePointer<Double>) {
        sums.update(repeating: 0, count: k * d)
        clusterWeights.update(repeating: 0, count: k)
        for t in 0..<tasks.count {
            let s = partialSums + t * sumsStride
            for e in 0..<(k * d) { sums[e] += s[e] }
            let w = partialWeights + t * weightsStride
            for j in 0..<k { clusterWeights[j] += w[j] }
        }
    }

    /// `sum_i w_i ||x_i - c_{label_i}||^2` over the current labels (direct differences, like
    /// scikit-learn's `_inertia_dense`).
    func inertia(centers: UnsafePointer<Double>) -> Double {
        tasks.run(workers: workers) { _, t in
            var s = 0.0
            for i in self.tasks.range(t) {
                s += squaredDistance(self.x + i * self.d, centers + self.labels[i] * self.d, d: self.d)
                    * self.weight(i)
            }
            self.partialInertia[t * 8] = s
        }
        var total = 0.0
        for t in 0..<tasks.count { total += partialInertia[t * 8] }
        return total
    }
}

/// Per column `j`, `sum_i v_ij` (or `sum_i v_ij * v_ij` when `squared`) over the rows of the
/// row-major `rows x columns` matrix at `src`, each column added in row order whatever the
/// number of workers (so the bits never depend on it): the columns are split into one
/// contiguous group per worker. Was one sequential pass each for the means and for the
/// tolerance's variance (128 MB read on one core at 1M x 16).
func columnSums(_ src: UnsafePointer<Double>, rows n: Int, columns d: Int, workers: Int, squared: Bool) -> [Double] {
    var sums = [Double](repeating: 0, count: d)
    let parts = max(1, min(workers, d, n / 65_536))
    sums.withUnsafeMutableBufferPointer { buffer in
        let out = buffer.baseAddress!
        let body = { (part: Int) in
            let lower = d * part / parts, upper = d * (part + 1) / parts
            let local = UnsafeMutablePointer<Double>.allocate(capacity: upper - lower)
            defer { local.deallocate() }
            local.initialize(repeating: 0, count: upper - lower)
            for i in 0..<n {
                let row = src + i * d + lower
                if squared {
                    for j in 0..<(upper - lower) { local[j] += row[j] * row[j] }
                } else {
                    for j in 0..<(upper - lower) { local[j] += row[j] }
                }
            }
            (out + lower).update(from: local, count: upper - lower)
        }
        if parts == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: body) }
    }
    return sums
}

/// `count` rounded up to a whole number of 64-byte lines of 8-byte elements.
private func cacheLineMultiple(_ count: Int) -> Int { (count + 7) & ~7 }

/// Uninitialised storage for `count` elements starting on a 64-byte boundary; release with
/// `deallocate()`.
private func allocateCacheAligned<T>(_ count: Int) -> UnsafeMutablePointer<T> {
    UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * MemoryLayout<T>.stride, alignment: 64)
        .bindMemory(to: T.self, capacity: count)
}
