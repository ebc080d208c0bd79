import NumericCore

/// How much a k-means clustering depends on its seed: the data are clustered `runs` times with
/// derived seeds, and the labelings are compared with the adjusted Rand index (Hubert & Arabie
/// 1985), which is 1 for identical partitions up to relabelling and about 0 for chance agreement.
public struct SeedStability: Sendable {
    /// Number of k-means fits, each with its own seed.
    public var runs: Int
    /// Run `r` uses `derivedSeed(seed, stream: r)`.
    public var seed: UInt64

    public init(runs: Int = 10, seed: UInt64) {
        precondition(runs >= 2, "SeedStability needs at least two runs to compare")
        self.runs = runs
        self.seed = seed
    }

    /// Fits `kmeans` (its seed replaced) `runs` times on `x` and compares every pair of labelings;
    /// with `referenceLabels` (for example a saved model's), also each run against them.
    public func evaluate(_ x: Matrix, kmeans: KMeans, referenceLabels: [Int]? = nil,
                         progress: ((Int) -> Void)? = nil) throws -> SeedStabilityResult {
        var seeds = [UInt64]()
        var labelings = [[Int]]()
        var inertia = [Double]()
        for r in 0..<runs {
            let runSeed = SplitMix64.derivedSeed(seed, stream: UInt64(r))
            let model = try kmeans.refit(clusterCount: kmeans.clusterCount, seed: runSeed).fit(x)
            seeds.append(runSeed)
            labelings.append(model.labels)
            inertia.append(model.inertia)
            progress?(r + 1)
        }
        var pairwise = [Double]()
        for a in 0..<runs {
            for b in (a + 1)..<runs {
                pairwise.append(ClusterQuality.adjustedRandIndex(labelings[a], labelings[b]))
            }
        }
        let toReference = referenceLabels.map { reference in
            labelings.map { ClusterQuality.adjustedRandIndex(reference, $0) }
        }
        return SeedStabilityResult(seeds: seeds, inertia: inertia,
                                   meanPairwiseARI: pairwise.reduce(0, +) / Double(pairwise.count),
                                   minPairwiseARI: pairwise.min() ?? 1,
                                   ariToReference: toReference)
    }
}

/// What `SeedStability.evaluate` found.
public struct SeedStabilityResult: Codable, Sendable, Equatable {
    /// The seed of each run.
    public var seeds: [UInt64]
    /// The inertia each run reached.
    public var inertia: [Double]
    /// Mean adjusted Rand index over all pairs of runs.
    public var meanPairwiseARI: Double
    /// Smallest adjusted Rand index over all pairs of runs.
    public var minPairwiseARI: Double
    /// Adjusted Rand index of each run against the reference labels, when given.
    public var ariToReference: [Double]?

    public init(seeds: [UInt64], inertia: [Double], meanPairwiseARI: Double, minPairwiseARI: Double,
                ariToReference: [Double]?) {
        self.seeds = seeds
        self.inertia = inertia
        self.meanPairwiseARI = meanPairwiseARI
        self.minPairwiseARI = minPairwiseARI
        self.ariToReference = ariToReference
    }
}
