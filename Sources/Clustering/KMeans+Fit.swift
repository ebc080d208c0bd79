import NumericCore

extension KMeans {
    /// Clusters the rows of `x` (samples x features) into `clusterCount` groups.
    ///
    /// - Parameter sampleWeights: one non-negative finite weight per row (default all 1); a
    ///   weight acts like repeating the row. Weights also steer k-means++ and random seeding,
    ///   but not explicit centroids.
    /// - Returns: the lowest-inertia run of `restarts` (1 for explicit centroids); a run
    ///   replaces the best so far only when its inertia is strictly lower and its partition
    ///   differs (scikit-learn's rule against rounding noise).
    /// - Throws: `ClusteringError` for k < 1, fewer rows than k, no columns, non-finite data,
    ///   bad weights, bad initial centroids or out-of-range options. Fewer distinct points than
    ///   k is not an error: the model then has fewer distinct labels and says so in `warnings`.
    public func fit(_ x: Matrix, sampleWeights: [Double]? = nil) throws -> KMeansModel {
        try validate(x, sampleWeights: sampleWeights)
        let workspace = KMeansWorkspace(x, weights: sampleWeights, clusters: clusterCount,
                                        workers: Workers.resolve(threadCount))
        return fit(workspace, rows: x.rows, columns: x.columns)
    }

    /// `fit(_:sampleWeights:)` for data the caller no longer needs: `x` is centred in place
    /// (it holds `x - column means` afterwards) instead of copied, which saves the copy's
    /// memory and the page faults of its fresh pages (35k at 1M x 16; `kmeans --n-init 1
    /// --max-iter 1` spent 0.1-0.4 s of system time on them on a loaded machine). The model is
    /// the same, bit for bit. When `x`'s storage is shared, Swift copies it first, as `fit` would.
    public func fit(centringInPlace x: inout Matrix, sampleWeights: [Double]? = nil) throws -> KMeansModel {
        try validate(x, sampleWeights: sampleWeights)
        let (rows, columns) = (x.rows, x.columns)
        return x.storage.withUnsafeMutableBufferPointer { data in
            let workspace = KMeansWorkspace(centringInPlace: data.baseAddress!, rows: rows, columns: columns,
                                            weights: sampleWeights, clusters: clusterCount,
                                            workers: Workers.resolve(threadCount))
            return fit(workspace, rows: rows, columns: columns)
        }
    }

    /// The restarts and the model over a workspace holding the centred data (`rows x columns`).
    private func fit(_ workspace: KMeansWorkspace, rows: Int, columns: Int) -> KMeansModel {
        let k = clusterCount
        let tolerance = self.tolerance == 0 ? 0 : workspace.meanVariance() * self.tolerance

        var warnings = [String]()
        var runs = restarts
        var explicit: [Double]?
        if case let .centroids(c) = initialization {
            explicit = (0..<c.rows * c.columns).map { c.storage[$0] - workspace.mean[$0 % c.columns] }
            if restarts != 1 {
                warnings.append("explicit initial centroids given: performing only one run instead of \(restarts)")
            }
            runs = 1
        }

        var best: LloydRun?
        var bestLabels: [Int] = []
        for restart in 0..<runs {
            let initial = explicit ?? seedCenters(workspace, restart: restart)
            let run = workspace.runLloyd(initial: initial, maxIterations: maxIterations, tolerance: tolerance,
                                         copyLabels: false)
            let labels = UnsafeBufferPointer(start: workspace.labels, count: rows)
            if let kept = best, !(run.inertia < kept.inertia && !samePartition(labels, bestLabels, clusters: k)) {
                continue
            }
            best = run
            // The best labels so far, copied into one array kept across restarts.
            if bestLabels.isEmpty {
                bestLabels = Array(labels)
            } else {
                bestLabels.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: labels.baseAddress!, count: rows) }
            }
        }
        var kept = best!
        kept.labels = bestLabels

        let d = columns
        let centroids = Matrix(rows: k, columns: d,
                               storage: (0..<k * d).map { kept.centers[$0] + workspace.mean[$0 % d] })
        var present = [Bool](repeating: false, count: k)
        for label in kept.labels { present[label] = true }
        let distinct = present.count { $0 }
        if distinct < k {
            warnings.append("number of distinct clusters (\(distinct)) found smaller than the number of clusters (\(k)); possibly due to duplicate points in the data")
        }
        return KMeansModel(centroids: centroids, labels: kept.labels, inertia: kept.inertia,
                           iterations: kept.iterations, converged: kept.converged,
                           inertiaHistory: kept.inertiaHistory, warnings: warnings)
    }

    /// The initial centroids of restart `restart` (centred coordinates) for the seeded
    /// strategies; explicit centroids are handled by the caller.
    private func seedCenters(_ workspace: KMeansWorkspace, restart: Int) -> [Double] {
        var rng = SplitMix64(seed: SplitMix64.derivedSeed(seed, stream: UInt64(restart)))
        switch initialization {
        case .kMeansPlusPlus: return workspace.kMeansPlusPlus(using: &rng)
        case .random: return workspace.randomRows(using: &rng)
        case .centroids: preconditionFailure("explicit centroids are not seeded")
        }
    }

    /// The centroids that restart `restart` of `fit` starts Lloyd's iterations from: k-means++
    /// or random rows drawn with that restart's seed, or the explicit centroids. Exposed so the
    /// seeding can be checked and timed on its own (`scripts/bench`).
    /// - Throws: the same `ClusteringError`s as `fit`.
    public func initialCentroids(_ x: Matrix, sampleWeights: [Double]? = nil, restart: Int = 0) throws -> Matrix {
        try validate(x, sampleWeights: sampleWeights)
        if case let .centroids(c) = initialization { return c }
        let workspace = KMeansWorkspace(x, weights: sampleWeights, clusters: clusterCount,
                                        workers: Workers.resolve(threadCount))
        let centred = seedCenters(workspace, restart: restart)
        let d = x.columns
        return Matrix(rows: clusterCount, columns: d,
                      storage: (0..<clusterCount * d).map { centred[$0] + workspace.mean[$0 % d] })
    }

    func validate(_ x: Matrix, sampleWeights: [Double]?) throws {
        guard clusterCount >= 1 else { throw ClusteringError.invalidClusterCount(clusterCount) }
        guard x.rows >= clusterCount else {
            throw ClusteringError.tooFewSamples(samples: x.rows, clusters: clusterCount)
        }
        guard x.columns >= 1 else { throw ClusteringError.noFeatures }
        guard restarts >= 1 else {
            throw ClusteringError.invalidOption(name: "restarts", value: "\(restarts)", expected: "at least 1")
        }
        guard maxIterations >= 1 else {
            throw ClusteringError.invalidOption(name: "maxIterations", value: "\(maxIterations)", expected: "at least 1")
        }
        guard tolerance.isFinite && tolerance >= 0 else {
            throw ClusteringError.invalidOption(name: "tolerance", value: "\(tolerance)", expected: "finite and non-negative")
        }
        if let threadCount, threadCount < 1 {
            throw ClusteringError.invalidOption(name: "threadCount", value: "\(threadCount)", expected: "at least 1")
        }
        if let bad = firstNonFinite(x.storage) {
            throw ClusteringError.nonFiniteInput(row: bad / x.columns, column: bad % x.columns, value: x.storage[bad])
        }
        if let sampleWeights {
            guard sampleWeights.count == x.rows else {
                throw ClusteringError.sampleWeightCount(expected: x.rows, found: sampleWeights.count)
            }
            if let bad = sampleWeights.firstIndex(where: { !($0.isFinite && $0 >= 0) }) {
                throw ClusteringError.invalidSampleWeight(index: bad, value: sampleWeights[bad])
            }
            guard sampleWeights.contains(where: { $0 > 0 }) else { throw ClusteringError.zeroTotalWeight }
            if case .random = initialization {
                let positive = sampleWeights.count { $0 > 0 }
                guard positive >= clusterCount else {
                    throw ClusteringError.tooFewWeightedSamples(positive: positive, clusters: clusterCount)
                }
            }
        }
        if case let .centroids(c) = initialization {
            guard c.rows == clusterCount, c.columns == x.columns else {
                throw ClusteringError.initialCentroidShape(rows: c.rows, columns: c.columns,
                                                           expectedRows: clusterCount, expectedColumns: x.columns)
            }
            if let bad = c.storage.firstIndex(where: { !$0.isFinite }) {
                throw ClusteringError.nonFiniteCentroid(row: bad / c.columns, column: bad % c.columns, value: c.storage[bad])
            }
        }
    }
}

/// `true` when `a` and `b` are the same partition up to renaming labels `a -> b`
/// (scikit-learn's `_is_same_clustering`).
func samePartition<A: Sequence<Int>, B: Sequence<Int>>(_ a: A, _ b: B, clusters: Int) -> Bool {
    var mapping = [Int](repeating: -1, count: clusters)
    for (la, lb) in zip(a, b) {
        if mapping[la] == -1 {
            mapping[la] = lb
        } else if mapping[la] != lb {
            return false
        }
    }
    return true
}

/// The index of the first NaN or infinity in `values`, or nil. A block of 512 is first tested
/// without a branch per element (the compiler vectorizes it): `(bits & exponent) + 2^52`
/// carries into the sign bit exactly when the exponent is all ones. `firstIndex(where:)` with
/// `isFinite` took about 8 instructions per element, 35 ms of one core at 1M x 16 (callgrind).
func firstNonFinite(_ values: [Double]) -> Int? {
    values.withUnsafeBufferPointer { buffer in
        var start = 0
        while start < buffer.count {
            let end = min(start + 512, buffer.count)
            var flags: UInt64 = 0
            for i in start..<end {
                flags |= (buffer[i].bitPattern & 0x7FF0_0000_0000_0000) &+ 0x0010_0000_0000_0000
            }
            if flags & 0x8000_0000_0000_0000 != 0 {
                return (start..<end).first { !buffer[$0].isFinite }
            }
            start = end
        }
        return nil
    }
}
