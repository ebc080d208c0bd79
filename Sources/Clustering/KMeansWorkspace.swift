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

    /// Data minus its column means, row-major `n x d`.
    let x: UnsafeMutablePointer<Double>
    /// Sample weights, or `nil` for all ones.
    let weights: UnsafeMutablePointer<Double>?
    /// `||x_i||^2` of the centred rows.
    let xNorms: UnsafeMutablePointer<Double>
    /// Current labels (`-1` before the first assignment).
    let labels: UnsafeMutablePointer<Int>

    /// Centroids packed transposed (`d x padded`) and their squared norms, for the assignment.
    let centersT: UnsafeMutablePointer<Double>
    let centerNorms: UnsafeMutablePointer<Double>
    /// Per-task partial results, combined in task order.
    let partialSums: UnsafeMutablePointer<Double>      // tasks x k x d
    let partialWeights: UnsafeMutablePointer<Double>   // tasks x k
    let partialInertia: UnsafeMutablePointer<Double>   // tasks
    let partialChanged: UnsafeMutablePointer<Int>      // tasks
    /// Per-worker dot-product scratch (4 rows x padded).
    let scratch: UnsafeMutablePointer<Double>

    /// Column means that were subtracted from the data.
    let mean: [Double]

    init(_ data: Matrix, weights sampleWeights: [Double]?, clusters: Int, workers: Int) {
        let n = data.rows, d = data.columns
        var mean = [Double](repeating: 0, count: d)
        let x = UnsafeMutablePointer<Double>.allocate(capacity: n * d)
        let xNorms = UnsafeMutablePointer<Double>.allocate(capacity: n)
        data.storage.withUnsafeBufferPointer { src in
            for i in 0..<n {
                for j in 0..<d { mean[j] += src[i * d + j] }
            }
            for j in 0..<d { mean[j] /= Double(n) }
            for i in 0..<n {
                var norm = 0.0
                for j in 0..<d {
                    let v = src[i * d + j] - mean[j]
                    x[i * d + j] = v
                    norm += v * v
                }
                xNorms[i] = norm
            }
        }
        self.n = n
        self.d = d
        self.k = clusters
        self.padded = paddedWidth(clusters)
        self.tasks = RowTasks(rows: n)
        self.workers = workers
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
        centerNorms = .allocate(capacity: k)
        partialSums = .allocate(capacity: tasks.count * k * d)
        partialWeights = .allocate(capacity: tasks.count * k)
        partialInertia = .allocate(capacity: tasks.count)
        partialChanged = .allocate(capacity: tasks.count)
        scratch = .allocate(capacity: max(1, workers) * 4 * padded)
    }

    deinit {
        x.deallocate(); weights?.deallocate(); xNorms.deallocate(); labels.deallocate()
        centersT.deallocate(); centerNorms.deallocate()
        partialSums.deallocate(); partialWeights.deallocate(); partialInertia.deallocate()
        partialChanged.deallocate(); scratch.deallocate()
    }

    @inline(__always)
    func weight(_ i: Int) -> Double { weights?[i] ?? 1 }

    /// Mean over columns of the column variances (ddof 0): scikit-learn's scale for `tol`.
    func meanVariance() -> Double {
        guard n > 0, d > 0 else { return 0 }
        var total = 0.0
        for j in 0..<d {
            var s = 0.0
            for i in 0..<n { s += x[i * d + j] * x[i * d + j] }
            total += s / Double(n)
        }
        return total / Double(d)
    }

    /// Packs `centers` (`k x d`, centred) for the assignment kernel.
    func prepare(centers: UnsafePointer<Double>) {
        packTransposed(centers, rows: k, d: d, into: centersT, padded: padded)
        for j in 0..<k {
            var s = 0.0
            for f in 0..<d { s += centers[j * d + f] * centers[j * d + f] }
            centerNorms[j] = s
        }
    }

    /// Index and score of the nearest centroid: `argmin_j ||c_j||^2 - 2 x.c_j` (first wins ties,
    /// as scikit-learn's strict `<`).
    @inline(__always)
    func nearest(_ dots: UnsafePointer<Double>) -> (label: Int, score: Double) {
        var best = centerNorms[0] - 2 * dots[0]
        var label = 0
        var j = 1
        while j < k {
            let s = centerNorms[j] - 2 * dots[j]
            if s < best { best = s; label = j }
            j += 1
        }
        return (label, best)
    }

    /// One fused pass over task `t`: assign each row to its nearest prepared centroid, count
    /// changed labels, and, when `accumulate`, add `w_i * x_i` and `w_i` into the task's
    /// partial sums plus `w_i * max(0, ||x_i - c||^2)` into its partial inertia.
    @inline(__always)
    func assignTask(_ t: Int, worker: Int, accumulate: Bool) {
        let range = tasks.range(t)
        let dots = scratch + worker * 4 * padded
        let sums = partialSums + t * k * d
        let clusterWeights = partialWeights + t * k
        if accumulate {
            sums.update(repeating: 0, count: k * d)
            clusterWeights.update(repeating: 0, count: k)
        }
        var inertia = 0.0
        var changed = 0

        @inline(__always)
        func take(_ i: Int, _ rowDots: UnsafePointer<Double>) {
            let (label, score) = nearest(rowDots)
            if labels[i] != label { changed += 1; labels[i] = label }
            guard accumulate else { return }
            let w = weight(i)
            inertia += w * max(0, xNorms[i] + score)
            clusterWeights[label] += w
            let s = sums + label * d
            let xi = x + i * d
            for f in 0..<d { s[f] += xi[f] * w }
        }

        var i = range.lowerBound
        while i + 4 <= range.upperBound {
            dotsFourRows(x + i * d, d: d, centersT, padded: padded, dots)
            take(i, dots)
            take(i + 1, dots + padded)
            take(i + 2, dots + 2 * padded)
            take(i + 3, dots + 3 * padded)
            i += 4
        }
        while i < range.upperBound {
            dotsOneRow(x + i * d, d: d, centersT, padded: padded, dots)
            take(i, dots)
            i += 1
        }
        partialInertia[t] = inertia
        partialChanged[t] = changed
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
            inertia += partialInertia[t]
            changed += partialChanged[t]
        }
        return (inertia, changed)
    }

    /// Adds the task partials in task order into `sums` (`k x d`) and `clusterWeights` (`k`).
    func reducePartials(sums: UnsafeMutablePointer<Double>, clusterWeights: UnsafeMutablePointer<Double>) {
        sums.update(repeating: 0, count: k * d)
        clusterWeights.update(repeating: 0, count: k)
        for t in 0..<tasks.count {
            let s = partialSums + t * k * d
            for e in 0..<(k * d) { sums[e] += s[e] }
            let w = partialWeights + t * k
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
            self.partialInertia[t] = s
        }
        var total = 0.0
        for t in 0..<tasks.count { total += partialInertia[t] }
        return total
    }
}
