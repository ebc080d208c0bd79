import NumericCore

/// Per-cluster stability by the bootstrap, as R's `fpc::clusterboot(bootmethod = "boot")` with its
/// defaults (Hennig 2007, "Cluster-wise assessment of cluster stability").
///
/// Each of `replicates` rounds draws `n` row indices with replacement, keeps the distinct ones
/// (clusterboot's default `multipleboot = FALSE`), re-clusters those rows with the same k-means
/// options, and scores every original cluster `C` by its best match among the bootstrap clusters `B`:
/// `max_B |C ∩ S ∩ B| / |(C ∩ S) ∪ B|`, where `S` is the set of resampled rows (Jaccard coefficient,
/// 0 when both sets are empty). The stability of `C` is the mean over the rounds.
///
/// Reading the numbers (Hennig): above 0.75 a cluster is stable, 0.6-0.75 it shows a pattern,
/// 0.5 or below it "dissolved". A cluster that no resample contains scores 0 in that round.
public struct ClusterBootstrap: Sendable {
    /// Number of bootstrap rounds `B` (clusterboot's default is 100).
    public var replicates: Int
    /// Seed: round `b` draws its rows from `derivedSeed(seed, stream: 2b)` and seeds its k-means with
    /// `derivedSeed(seed, stream: 2b + 1)`.
    public var seed: UInt64
    /// A round with Jaccard at or below this counts as "dissolved" (clusterboot: 0.5).
    public var dissolution: Double = 0.5
    /// A round with Jaccard above this counts as "recovered" (clusterboot: 0.75).
    public var recovery: Double = 0.75

    public init(replicates: Int = 100, seed: UInt64) {
        precondition(replicates >= 1, "ClusterBootstrap needs at least one replicate")
        self.replicates = replicates
        self.seed = seed
    }

    /// Bootstrap stability of the clustering `labels` (values in `0..<clusterCount`) of the rows of `x`,
    /// re-clustering with `kmeans` (its cluster count and seed are replaced; explicit initial centroids
    /// fall back to k-means++). `progress` is called after each round with the number done.
    /// Throws what k-means throws, for example when a resample has fewer distinct rows than k.
    public func evaluate(_ x: Matrix, labels: [Int], clusterCount: Int, kmeans: KMeans,
                         progress: ((Int) -> Void)? = nil) throws -> ClusterBootstrapResult {
        precondition(labels.count == x.rows, "ClusterBootstrap: \(labels.count) labels for \(x.rows) rows")
        precondition(x.rows > 0, "ClusterBootstrap needs at least one row")
        var sums = [Double](repeating: 0, count: clusterCount)
        var dissolved = [Int](repeating: 0, count: clusterCount)
        var recovered = [Int](repeating: 0, count: clusterCount)
        for b in 0..<replicates {
            var rng = SplitMix64(seed: SplitMix64.derivedSeed(seed, stream: UInt64(2 * b)))
            var drawn = [Bool](repeating: false, count: x.rows)
            for _ in 0..<x.rows { drawn[rng.nextInt(below: x.rows)] = true }
            let rows = drawn.indices.filter { drawn[$0] }
            let refit = kmeans.refit(clusterCount: clusterCount,
                                     seed: SplitMix64.derivedSeed(seed, stream: UInt64(2 * b + 1)))
            let model = try refit.fit(x.selectingRows(rows))
            let scores = ClusterBootstrap.bestJaccard(original: rows.map { labels[$0] },
                                                      originalCount: clusterCount,
                                                      bootstrap: model.labels,
                                                      bootstrapCount: clusterCount)
            for c in 0..<clusterCount {
                sums[c] += scores[c]
                if scores[c] <= dissolution { dissolved[c] += 1 }
                if scores[c] > recovery { recovered[c] += 1 }
            }
            progress?(b + 1)
        }
        return ClusterBootstrapResult(replicates: replicates,
                                      meanJaccard: sums.map { $0 / Double(replicates) },
                                      dissolved: dissolved, recovered: recovered)
    }

    /// For each original cluster `c`, the largest Jaccard coefficient between the points labelled `c`
    /// in `original` and the points of any one bootstrap cluster in `bootstrap` (both label the same
    /// points, in the same order). `0/0` counts as 0, as clusterboot's `zerobyzero = 0`.
    public static func bestJaccard(original: [Int], originalCount: Int,
                                   bootstrap: [Int], bootstrapCount: Int) -> [Double] {
        precondition(original.count == bootstrap.count, "bestJaccard needs labels for the same points")
        var table = [Int](repeating: 0, count: originalCount * bootstrapCount)
        var originalSizes = [Int](repeating: 0, count: originalCount)
        var bootstrapSizes = [Int](repeating: 0, count: bootstrapCount)
        for (a, b) in zip(original, bootstrap) {
            table[a * bootstrapCount + b] += 1
            originalSizes[a] += 1
            bootstrapSizes[b] += 1
        }
        return (0..<originalCount).map { a in
            var best = 0.0
            for b in 0..<bootstrapCount {
                let both = table[a * bootstrapCount + b]
                let union = originalSizes[a] + bootstrapSizes[b] - both
                if union > 0 { best = max(best, Double(both) / Double(union)) }
            }
            return best
        }
    }
}

/// What `ClusterBootstrap.evaluate` found, one entry per original cluster.
public struct ClusterBootstrapResult: Codable, Sendable, Equatable {
    /// Number of bootstrap rounds.
    public var replicates: Int
    /// Mean best-match Jaccard coefficient over the rounds, in `[0, 1]` (clusterboot's `bootmean`).
    public var meanJaccard: [Double]
    /// Rounds in which the cluster dissolved (Jaccard at or below 0.5; clusterboot's `bootbrd`).
    public var dissolved: [Int]
    /// Rounds in which the cluster was recovered (Jaccard above 0.75; clusterboot's `bootrecover`).
    public var recovered: [Int]

    public init(replicates: Int, meanJaccard: [Double], dissolved: [Int], recovered: [Int]) {
        self.replicates = replicates
        self.meanJaccard = meanJaccard
        self.dissolved = dissolved
        self.recovered = recovered
    }

    /// Mean of the per-cluster means: one stability figure for the whole clustering.
    public var overallMeanJaccard: Double {
        meanJaccard.isEmpty ? 0 : meanJaccard.reduce(0, +) / Double(meanJaccard.count)
    }
}
