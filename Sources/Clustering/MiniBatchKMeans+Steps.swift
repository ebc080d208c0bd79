import NumericCore

/// The centroids, per-centroid weights and batch buffers of one mini-batch fit, reused by every
/// step (a step allocates nothing but its row draw).
struct MiniBatchState {
    let x: Matrix
    let weights: [Double]?
    let k: Int
    let d: Int
    let padded: Int
    /// Current and next centroids (`k x d`), and the best initialisation.
    var centers: [Double]
    var updated: [Double]
    var best: [Double]
    /// Total weight assigned to each centroid so far (scikit-learn's `_counts`).
    var counts: [Double]
    /// The batch rows copied contiguously, their weights and labels.
    private var gathered: [Double]
    private var gatheredWeights: [Double]
    private var labels: [Int]
    private var batchWeights: [Double]
    private var centersT: [Double]
    private var norms: [Double]
    private var scratch: [Double]

    init(_ x: Matrix, weights: [Double]?, clusters k: Int, batch: Int) {
        self.x = x
        self.weights = weights
        self.k = k
        self.d = x.columns
        self.padded = paddedWidth(k)
        centers = [Double](repeating: 0, count: k * x.columns)
        updated = centers
        best = centers
        counts = [Double](repeating: 0, count: k)
        gathered = [Double](repeating: 0, count: batch * x.columns)
        gatheredWeights = [Double](repeating: 0, count: batch)
        labels = [Int](repeating: 0, count: batch)
        batchWeights = [Double](repeating: 0, count: k)
        centersT = [Double](repeating: 0, count: x.columns * paddedWidth(k))
        norms = [Double](repeating: 0, count: paddedWidth(k))
        scratch = [Double](repeating: 0, count: 4 * paddedWidth(k))
    }

    /// Copies the given rows (and weights) to the front of the batch buffers.
    mutating func gather(_ rows: ArraySlice<Int>) {
        if gathered.count < rows.count * d {
            gathered = [Double](repeating: 0, count: rows.count * d)
            gatheredWeights = [Double](repeating: 0, count: rows.count)
            labels = [Int](repeating: 0, count: rows.count)
        }
        let d = self.d
        x.storage.withUnsafeBufferPointer { source in
            gathered.withUnsafeMutableBufferPointer { target in
                for (slot, row) in rows.enumerated() {
                    (target.baseAddress! + slot * d).update(from: source.baseAddress! + row * d, count: d)
                }
            }
        }
        for (slot, row) in rows.enumerated() { gatheredWeights[slot] = weights?[row] ?? 1 }
    }

    /// Labels the first `rows` gathered rows with the current centroids; returns their inertia
    /// `sum w ||x - c_label||^2` (direct differences, as scikit-learn's `_inertia_dense`).
    mutating func assignBatch(rows: Int) -> Double {
        let k = self.k, d = self.d, padded = self.padded
        // The buffers are lent to the kernels as base addresses for each call.
        prepareCenters(centers, k: k, d: d, padded: padded, centersT: &centersT, norms: &norms)
        nearestCenters(gathered, count: rows, d: d, k: k, centersT: centersT, norms: norms,
                       padded: padded, scratch: &scratch, labels: &labels)
        return weightedInertia(gathered, rows: rows, d: d, centers: centers, labels: labels, weights: gatheredWeights)
    }

    /// scikit-learn's `_minibatch_update_dense` into `updated`: a centroid with batch weight
    /// becomes `(c * count + sum w x) / (count + sum w)`, accumulated in that order; the others
    /// stay where they are.
    mutating func updateCenters(rows: Int) {
        let d = self.d
        for j in 0..<k { batchWeights[j] = 0 }
        for r in 0..<rows { batchWeights[labels[r]] += gatheredWeights[r] }
        for j in 0..<k {
            let scale = batchWeights[j] > 0 ? counts[j] : 1
            for f in 0..<d { updated[j * d + f] = centers[j * d + f] * scale }
        }
        for r in 0..<rows where batchWeights[labels[r]] > 0 {
            let j = labels[r], w = gatheredWeights[r]
            for f in 0..<d { updated[j * d + f] += gathered[r * d + f] * w }
        }
        for j in 0..<k where batchWeights[j] > 0 {
            counts[j] += batchWeights[j]
            let alpha = 1 / counts[j]
            for f in 0..<d { updated[j * d + f] *= alpha }
        }
    }

    /// scikit-learn's random reassignment: centroids whose count is below `ratio` times the
    /// largest (at most half the batch size of them, the lightest first) move to distinct batch
    /// rows drawn uniformly, and their counts become the smallest remaining count.
    mutating func reassignSmallClusters(ratio: Double, rows: Int, using rng: inout SplitMix64) {
        let largest = counts.max() ?? 0
        var moving = (0..<k).map { counts[$0] < ratio * largest }
        let limit = Int(0.5 * Double(rows))
        if moving.count(where: { $0 }) > limit {
            let lightestFirst = (0..<k).sorted { (counts[$0], $0) < (counts[$1], $1) }
            for j in lightestFirst[limit...] { moving[j] = false }
        }
        let chosen = (0..<k).filter { moving[$0] }
        guard !chosen.isEmpty, let floor = (0..<k).filter({ !moving[$0] }).map({ counts[$0] }).min() else { return }
        var pool = Array(0..<rows)
        for (slot, j) in chosen.enumerated() {
            pool.swapAt(slot, slot + rng.nextInt(below: rows - slot))
            for f in 0..<d { updated[j * d + f] = gathered[pool[slot] * d + f] }
            counts[j] = floor
        }
    }

    /// `sum ||updated - centers||^2` over all centroids.
    func squaredShift() -> Double {
        var total = 0.0
        for e in 0..<(k * d) { total += (updated[e] - centers[e]) * (updated[e] - centers[e]) }
        return total
    }

    /// Labels and inertia of every row against `centers`, on `workers` threads (task-ordered
    /// sum, so independent of the thread count).
    func labelAll(workers: Int) -> (labels: [Int], inertia: Double) {
        let n = x.rows, k = self.k, d = self.d, padded = self.padded
        var packed = [Double](repeating: 0, count: d * padded)
        var norm = [Double](repeating: 0, count: padded)
        centers.withUnsafeBufferPointer { c in
            prepareCenters(c.baseAddress!, k: k, d: d, padded: padded, centersT: &packed, norms: &norm)
        }
        let tasks = RowTasks(rows: n)
        var labels = [Int](repeating: 0, count: n)
        var partial = [Double](repeating: 0, count: tasks.count)
        var scratch = [Double](repeating: 0, count: max(1, workers) * 4 * padded)
        labelTasks(x.storage, centers: centers, centersT: packed, norms: norm, tasks: tasks, workers: workers,
                   scratch: &scratch, labels: &labels, inertia: &partial)
        return (labels, partial.reduce(0, +))
    }

    /// The task loop of `labelAll` over base addresses (the arrays are lent for the call): each
    /// task labels its rows into `labels` and writes their weighted inertia to `inertia[task]`,
    /// using the `4 * padded` scores of its worker in `scratch`.
    private func labelTasks(_ x: UnsafePointer<Double>, centers: UnsafePointer<Double>, centersT: UnsafePointer<Double>,
                            norms: UnsafePointer<Double>, tasks: RowTasks, workers: Int,
                            scratch: UnsafeMutablePointer<Double>, labels: UnsafeMutablePointer<Int>,
                            inertia partialSums: UnsafeMutablePointer<Double>) {
        let k = self.k, d = self.d, padded = self.padded, weights = self.weights
        tasks.run(workers: workers) { worker, t in
            let range = tasks.range(t)
            nearestCenters(x + range.lowerBound * d, count: range.count, d: d, k: k,
                           centersT: centersT, norms: norms, padded: padded,
                           scratch: scratch + worker * 4 * padded, labels: labels + range.lowerBound)
            var inertia = 0.0
            for row in range {
                inertia += squaredDistance(x + row * d, centers + labels[row] * d, d: d) * (weights?[row] ?? 1)
            }
            partialSums[t] = inertia
        }
    }
}

/// `sum_r w_r ||x_r - c_label_r||^2` over the first `rows` rows of `x`, in row order.
private func weightedInertia(_ x: UnsafePointer<Double>, rows: Int, d: Int, centers: UnsafePointer<Double>,
                             labels: UnsafePointer<Int>, weights w: UnsafePointer<Double>) -> Double {
    var inertia = 0.0
    for r in 0..<rows {
        inertia += squaredDistance(x + r * d, centers + labels[r] * d, d: d) * w[r]
    }
    return inertia
}
