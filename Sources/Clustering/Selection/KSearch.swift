import NumericCore

/// A search over the number of clusters: k-means at each k, the usual internal indices, the gap
/// statistic, bootstrap stability, the elbow of the inertia curve, and a recommended k by a vote
/// across the indices (as R's NbClust reports the majority of its indices).
///
/// Seeds: the fit at each k uses the template's seed; the silhouette sample, gap reference sets
/// and bootstrap rounds use streams derived from it, so one seed fixes the whole search.
public struct KSearch: Sendable {
    /// Cluster counts to try, strictly increasing, each at least 2 (silhouette, Calinski-Harabasz
    /// and Davies-Bouldin are undefined for one cluster) and below the number of rows.
    public var clusterCounts: [Int]
    /// k-means options for every fit; its cluster count is replaced at each k.
    public var kmeans: KMeans
    /// Silhouette is exact up to this many rows and estimated on a seeded sample of this size above
    /// (it costs O(n²) distances).
    public var silhouetteSampleSize: Int = 5_000
    /// Reference sets for the gap statistic; 0 skips it.
    public var gapReferenceSets: Int = 10
    /// Bootstrap rounds per k for cluster stability; 0 skips it.
    public var bootstrapReplicates: Int = 20
    /// Knee detection on inertia against k.
    public var kneedle = Kneedle()

    public init(clusterCounts: [Int], kmeans: KMeans) {
        self.clusterCounts = clusterCounts
        self.kmeans = kmeans
    }

    /// Units of work `run` reports through its progress callback.
    public var totalSteps: Int {
        clusterCounts.count * (1 + bootstrapReplicates) + gapReferenceSets
    }

    /// Runs the search. `progress(done, total)` is called as units of work finish; `fitted(k,
    /// labels)` receives the labels of the fit at each k as soon as it is made (for measures
    /// the search does not know, such as how well the clusters separate a later outcome).
    /// Throws `SelectionError` for an unusable range, and what k-means throws.
    public func run(_ x: Matrix, progress: ((Int, Int) -> Void)? = nil,
                    fitted: ((Int, [Int]) -> Void)? = nil) throws -> KSearchResult {
        try validate(rows: x.rows)
        let total = totalSteps
        var done = 0
        func step(_ n: Int = 1) { done += n; progress?(done, total) }

        let seed = kmeans.seed
        var candidates = [KSearchCandidate]()
        for k in clusterCounts {
            let model = try kmeans.refit(clusterCount: k, seed: seed).fit(x)
            fitted?(k, model.labels)
            let silhouette = x.rows <= silhouetteSampleSize
                ? ClusterQuality.silhouetteScore(x, labels: model.labels)
                : ClusterQuality.silhouetteScore(x, labels: model.labels, sampleSize: silhouetteSampleSize,
                                                 seed: SplitMix64.derivedSeed(seed, stream: 1))
            var candidate = KSearchCandidate(
                k: k, inertia: model.inertia, silhouette: silhouette,
                calinskiHarabasz: ClusterQuality.calinskiHarabasz(x, labels: model.labels),
                daviesBouldin: ClusterQuality.daviesBouldin(x, labels: model.labels),
                clusterSizes: KSearch.sizes(model.labels, k), iterations: model.iterations,
                converged: model.converged)
            step()
            if bootstrapReplicates > 0 {
                let bootstrap = ClusterBootstrap(replicates: bootstrapReplicates,
                                                 seed: SplitMix64.derivedSeed(seed, stream: UInt64(1_000 + k)))
                let stability = try bootstrap.evaluate(x, labels: model.labels, clusterCount: k,
                                                       kmeans: kmeans, progress: { _ in step() })
                candidate.stability = stability.overallMeanJaccard
            }
            candidates.append(candidate)
        }

        var gapResult: GapStatisticResult?
        if gapReferenceSets > 0 {
            let gap = GapStatistic(referenceSets: gapReferenceSets, seed: SplitMix64.derivedSeed(seed, stream: 2))
            let result = try gap.evaluate(x, clusterCounts: clusterCounts, kmeans: kmeans,
                                          observedInertia: candidates.map(\.inertia),
                                          progress: { _ in step() })
            for i in candidates.indices {
                candidates[i].gap = result.gap[i]
                candidates[i].gapStandardError = result.standardError[i]
            }
            gapResult = result
        }

        let elbowIndex = kneedle.knee(x: clusterCounts.map(Double.init), y: candidates.map(\.inertia))
        let vote = KVote.tally(candidates: candidates, gap: gapResult,
                               elbow: elbowIndex.map { clusterCounts[$0] })
        return KSearchResult(candidates: candidates, gap: gapResult,
                             elbow: elbowIndex.map { clusterCounts[$0] }, vote: vote)
    }

    func validate(rows: Int) throws {
        guard let first = clusterCounts.first, let last = clusterCounts.last else {
            throw SelectionError.emptyRange
        }
        guard zip(clusterCounts, clusterCounts.dropFirst()).allSatisfy({ $0 < $1 }) else {
            throw SelectionError.unorderedRange(clusterCounts)
        }
        guard first >= 2 else { throw SelectionError.clusterCountBelowTwo(first) }
        guard last < rows else { throw SelectionError.tooFewRows(rows: rows, largestK: last) }
    }

    static func sizes(_ labels: [Int], _ k: Int) -> [Int] {
        var sizes = [Int](repeating: 0, count: k)
        for label in labels { sizes[label] += 1 }
        return sizes
    }
}

/// The indices and fit diagnostics at one cluster count.
public struct KSearchCandidate: Codable, Sendable, Equatable {
    public var k: Int
    /// Within-cluster sum of squares (lower is tighter; always falls as k grows).
    public var inertia: Double
    /// Mean silhouette in `[-1, 1]` (higher is better); sampled above `silhouetteSampleSize` rows.
    public var silhouette: Double
    /// Calinski-Harabasz variance ratio (higher is better).
    public var calinskiHarabasz: Double
    /// Davies-Bouldin index (lower is better; 0 at best).
    public var daviesBouldin: Double
    /// `Gap(k)` when the gap statistic ran.
    public var gap: Double?
    /// `s_k` of the gap statistic when it ran.
    public var gapStandardError: Double?
    /// Mean bootstrap Jaccard over the clusters when the bootstrap ran (above 0.75 is stable).
    public var stability: Double?
    /// Accounts per cluster.
    public var clusterSizes: [Int]
    /// Lloyd iterations of the best restart, and whether it converged.
    public var iterations: Int
    public var converged: Bool

    public init(k: Int, inertia: Double, silhouette: Double, calinskiHarabasz: Double, daviesBouldin: Double,
                gap: Double? = nil, gapStandardError: Double? = nil, stability: Double? = nil,
                clusterSizes: [Int], iterations: Int, converged: Bool) {
        self.k = k
        self.inertia = inertia
        self.silhouette = silhouette
        self.calinskiHarabasz = calinskiHarabasz
        self.daviesBouldin = daviesBouldin
        self.gap = gap
        self.gapStandardError = gapStandardError
        self.stability = stability
        self.clusterSizes = clusterSizes
        self.iterations = iterations
        self.converged = converged
    }
}

/// What `KSearch.run` found.
public struct KSearchResult: Codable, Sendable, Equatable {
    /// One entry per searched k, increasing.
    public var candidates: [KSearchCandidate]
    /// The gap statistic, when it ran.
    public var gap: GapStatisticResult?
    /// The k at the knee of the inertia curve (Kneedle), when there is one.
    public var elbow: Int?
    /// The vote across indices and the recommended k.
    public var vote: KVote

    public var recommendedK: Int { vote.recommended }
}

/// Why a k search cannot run.
public enum SelectionError: Error, Equatable, CustomStringConvertible {
    case emptyRange
    case unorderedRange([Int])
    case clusterCountBelowTwo(Int)
    case tooFewRows(rows: Int, largestK: Int)

    public var description: String {
        switch self {
        case .emptyRange:
            return "the k range is empty"
        case .unorderedRange(let ks):
            return "the k values must be strictly increasing (\(ks.map(String.init).joined(separator: ",")))"
        case .clusterCountBelowTwo(let k):
            return "the k range must start at 2 or more: the indices are undefined for one cluster (\(k))"
        case .tooFewRows(let rows, let largestK):
            return "the largest k (\(largestK)) must be smaller than the number of accounts (\(rows))"
        }
    }
}
