import Foundation
import NumericCore

extension MiniBatchKMeans {
    /// Clusters the rows of `x` (samples x features) into `clusterCount` groups with mini-batch
    /// steps (see the type).
    ///
    /// - Parameter sampleWeights: one non-negative finite weight per row (default all 1),
    ///   used in the seeding, the centroid updates and the inertia.
    /// - Returns: centroids after the last step, and the labels and inertia
    ///   (`sum_i w_i ||x_i - c_{label_i}||^2`) of every row against them.
    /// - Throws: `ClusteringError` for the same bad input as `KMeans.fit`, and for a batch size,
    ///   init size or `maxNoImprovement` below 1 or a negative or non-finite `reassignmentRatio`.
    public func fit(_ x: Matrix, sampleWeights: [Double]? = nil) throws -> KMeansModel {
        try validate(x, sampleWeights: sampleWeights)
        let n = x.rows, k = clusterCount
        let batch = min(batchSize, n)
        var initRows = initSize ?? 3 * batch
        if initRows < k { initRows = 3 * k }
        initRows = min(initRows, n)
        var rng = SplitMix64(seed: seed)
        var state = MiniBatchState(x, weights: sampleWeights, clusters: k, batch: batch)

        // scikit-learn draws the validation rows first, then each initialisation's rows.
        let validation = (0..<initRows).map { _ in rng.nextInt(below: n) }
        var bestInertia = Double.infinity
        for _ in 0..<restarts {
            let candidate = seedCenters(x, weights: sampleWeights, rows: initRows, using: &rng)
            state.centers = candidate
            state.gather(validation.prefix(initRows))
            let inertia = state.assignBatch(rows: initRows)
            if inertia < bestInertia || bestInertia == .infinity {
                bestInertia = inertia
                state.best = candidate
            }
        }
        state.centers = state.best

        let steps = max(1, maxIterations * n / batch)
        let scaledTolerance = tolerance > 0 ? tolerance * meanVariance(x) : 0
        var monitor = ConvergenceMonitor(batch: batch, rows: n, maxNoImprovement: maxNoImprovement)
        var history = [Double]()
        var stepsRun = 0
        var converged = false
        var sinceReassignment = 0
        for step in 0..<steps {
            stepsRun = step + 1
            let rows = (0..<batch).map { _ in rng.nextInt(below: n) }
            // scikit-learn's `_random_reassign`, decided before the step updates the counts.
            sinceReassignment += batch
            var reassign = false
            if state.counts.contains(0) || sinceReassignment >= 10 * k {
                sinceReassignment = 0
                reassign = true
            }
            state.gather(rows[...])
            let inertia = state.assignBatch(rows: batch)
            state.updateCenters(rows: batch)
            if reassign && reassignmentRatio > 0 {
                state.reassignSmallClusters(ratio: reassignmentRatio, rows: batch, using: &rng)
            }
            history.append(inertia)
            let shift = scaledTolerance > 0 ? state.squaredShift() : 0
            swap(&state.centers, &state.updated)
            if monitor.shouldStop(step: step, batchInertia: inertia, shift: shift, tolerance: scaledTolerance) {
                converged = true
                break
            }
        }

        let (labels, inertia) = state.labelAll(workers: Workers.resolve(threadCount))
        let iterations = (stepsRun * batch + n - 1) / n
        return KMeansModel(centroids: Matrix(rows: k, columns: x.columns, storage: state.centers), labels: labels,
                           inertia: inertia, iterations: iterations, converged: converged,
                           inertiaHistory: history, warnings: [])
    }

    /// k-means++ on `rows` rows drawn with replacement (scikit-learn's `init_size` subsample).
    private func seedCenters(_ x: Matrix, weights: [Double]?, rows: Int, using rng: inout SplitMix64) -> [Double] {
        let sample = (0..<rows).map { _ in rng.nextInt(below: x.rows) }
        let workspace = KMeansWorkspace(x.selectingRows(sample), weights: weights.map { w in sample.map { w[$0] } },
                                        clusters: clusterCount, workers: 1)
        let centred = workspace.kMeansPlusPlus(using: &rng)
        return (0..<centred.count).map { centred[$0] + workspace.mean[$0 % x.columns] }
    }

    /// Mean over columns of the column variances (ddof 0), the scale of `tolerance`.
    private func meanVariance(_ x: Matrix) -> Double {
        let scaler = StandardScaler(ddof: 0).fit(x)
        return scaler.variance.reduce(0, +) / Double(x.columns)
    }

    private func validate(_ x: Matrix, sampleWeights: [Double]?) throws {
        try KMeans(clusterCount: clusterCount, restarts: restarts, maxIterations: maxIterations,
                   tolerance: tolerance, seed: seed, threadCount: threadCount)
            .validate(x, sampleWeights: sampleWeights)
        guard batchSize >= 1 else {
            throw ClusteringError.invalidOption(name: "batchSize", value: "\(batchSize)", expected: "at least 1")
        }
        if let initSize, initSize < 1 {
            throw ClusteringError.invalidOption(name: "initSize", value: "\(initSize)", expected: "at least 1")
        }
        if let maxNoImprovement, maxNoImprovement < 1 {
            throw ClusteringError.invalidOption(name: "maxNoImprovement", value: "\(maxNoImprovement)",
                                                expected: "at least 1")
        }
        guard reassignmentRatio.isFinite && reassignmentRatio >= 0 else {
            throw ClusteringError.invalidOption(name: "reassignmentRatio", value: "\(reassignmentRatio)",
                                                expected: "finite and non-negative")
        }
    }
}

/// scikit-learn's `_mini_batch_convergence`: an exponentially weighted average of the per-row
/// batch inertia, and a count of steps without a new minimum of it.
private struct ConvergenceMonitor {
    let alpha: Double
    let maxNoImprovement: Int?
    let batch: Int
    var average: Double?
    var minimum: Double?
    var withoutImprovement = 0

    init(batch: Int, rows: Int, maxNoImprovement: Int?) {
        self.batch = batch
        self.alpha = min(1, Double(batch) * 2 / Double(rows + 1))
        self.maxNoImprovement = maxNoImprovement
    }

    mutating func shouldStop(step: Int, batchInertia: Double, shift: Double, tolerance: Double) -> Bool {
        // The first step's inertia is that of the initial centroids: ignored.
        if step == 0 { return false }
        let perRow = batchInertia / Double(batch)
        let smoothed = average.map { $0 * (1 - alpha) + perRow * alpha } ?? perRow
        average = smoothed
        if tolerance > 0 && shift <= tolerance { return true }
        if let low = minimum, smoothed >= low {
            withoutImprovement += 1
        } else {
            withoutImprovement = 0
            minimum = smoothed
        }
        if let maxNoImprovement, withoutImprovement >= maxNoImprovement { return true }
        return false
    }
}
