import Foundation
import NumericCore

/// The gap statistic (Tibshirani, Walther & Hastie 2001, "Estimating the number of clusters in a
/// data set via the gap statistic"), with uniform reference sets over the data's bounding box
/// (their option (a)).
///
/// For each k, `W_k` is the pooled within-cluster sum of squares of a k-means fit (its inertia,
/// which equals Tibshirani's `Σ_r D_r / (2 n_r)` for squared Euclidean distances). `B` reference
/// data sets of the same shape are drawn uniformly over `[min_j, max_j]` in every column `j` and
/// clustered the same way, giving `W*_kb`. Then, with `l̄_k = (1/B) Σ_b log W*_kb`:
/// - `Gap(k) = l̄_k - log W_k`;
/// - `sd_k = sqrt((1/B) Σ_b (log W*_kb - l̄_k)^2)` and `s_k = sd_k * sqrt(1 + 1/B)`;
/// - the chosen k is the smallest with `Gap(k) >= Gap(k+1) - s_{k+1}` over consecutive entries
///   of the searched range, or the largest k when none qualifies (R's `cluster::maxSE`,
///   method `"Tibs2001SEmax"`).
///
/// Edge cases: a `W` of exactly 0 (as many distinct points as clusters) is clamped to the smallest
/// normal `Double` so its logarithm stays finite.
public struct GapStatistic: Sendable {
    /// Number of reference data sets `B`.
    public var referenceSets: Int
    /// Reference set `b` is drawn from `derivedSeed(seed, stream: b)`; its k-means for cluster
    /// count `k` is seeded with `derivedSeed(derivedSeed(seed, stream: b), stream: k)`.
    public var seed: UInt64

    public init(referenceSets: Int = 10, seed: UInt64) {
        precondition(referenceSets >= 1, "GapStatistic needs at least one reference set")
        self.referenceSets = referenceSets
        self.seed = seed
    }

    /// Gap statistics of `x` for each of `clusterCounts` (strictly increasing), clustering with
    /// `kmeans` (its cluster count and seed are replaced). `observedInertia`, when given, holds
    /// `W_k` for each entry of `clusterCounts` (so a search need not fit the data twice); otherwise
    /// the data are clustered here with the template's own seed. `progress` is called after each reference set.
    public func evaluate(_ x: Matrix, clusterCounts: [Int], kmeans: KMeans,
                         observedInertia: [Double]? = nil,
                         progress: ((Int) -> Void)? = nil) throws -> GapStatisticResult {
        precondition(!clusterCounts.isEmpty, "GapStatistic needs at least one cluster count")
        precondition(zip(clusterCounts, clusterCounts.dropFirst()).allSatisfy { $0 < $1 },
                     "GapStatistic cluster counts must be strictly increasing")
        let observed = try observedInertia ?? clusterCounts.map { k in
            try kmeans.refit(clusterCount: k, seed: kmeans.seed).fit(x).inertia
        }
        precondition(observed.count == clusterCounts.count, "GapStatistic: one inertia per cluster count")
        let (lower, upper) = GapStatistic.boundingBox(x)
        var referenceLogs = [[Double]](repeating: [], count: clusterCounts.count)
        for b in 0..<referenceSets {
            let referenceSeed = SplitMix64.derivedSeed(seed, stream: UInt64(b))
            var rng = SplitMix64(seed: referenceSeed)
            var reference = Matrix(rows: x.rows, columns: x.columns)
            for i in 0..<x.rows {
                for j in 0..<x.columns {
                    reference[i, j] = lower[j] + (upper[j] - lower[j]) * rng.nextUniform()
                }
            }
            for (index, k) in clusterCounts.enumerated() {
                let fit = try kmeans.refit(clusterCount: k,
                                           seed: SplitMix64.derivedSeed(referenceSeed, stream: UInt64(k)))
                    .fit(reference)
                referenceLogs[index].append(GapStatistic.safeLog(fit.inertia))
            }
            progress?(b + 1)
        }
        let b = Double(referenceSets)
        let expected = referenceLogs.map { $0.reduce(0, +) / b }
        let standardErrors = zip(referenceLogs, expected).map { logs, mean in
            (logs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / b).squareRoot() * (1 + 1 / b).squareRoot()
        }
        let logW = observed.map(GapStatistic.safeLog)
        let gap = zip(expected, logW).map { $0 - $1 }
        return GapStatisticResult(clusterCounts: clusterCounts, logW: logW, expectedLogW: expected,
                                  gap: gap, standardError: standardErrors, referenceSets: referenceSets)
    }

    /// Column minima and maxima.
    static func boundingBox(_ x: Matrix) -> (lower: [Double], upper: [Double]) {
        var lower = [Double](repeating: .infinity, count: x.columns)
        var upper = [Double](repeating: -.infinity, count: x.columns)
        for i in 0..<x.rows {
            for j in 0..<x.columns {
                lower[j] = min(lower[j], x[i, j])
                upper[j] = max(upper[j], x[i, j])
            }
        }
        return (lower, upper)
    }

    static func safeLog(_ w: Double) -> Double { log(max(w, .leastNormalMagnitude)) }
}

/// What `GapStatistic.evaluate` found, one entry per searched cluster count.
public struct GapStatisticResult: Codable, Sendable, Equatable {
    /// The searched cluster counts, increasing.
    public var clusterCounts: [Int]
    /// `log W_k` of the data.
    public var logW: [Double]
    /// `l̄_k`, the mean `log W*_kb` over the reference sets.
    public var expectedLogW: [Double]
    /// `Gap(k) = l̄_k - log W_k`.
    public var gap: [Double]
    /// `s_k = sd_k * sqrt(1 + 1/B)`.
    public var standardError: [Double]
    /// Number of reference sets `B`.
    public var referenceSets: Int

    public init(clusterCounts: [Int], logW: [Double], expectedLogW: [Double], gap: [Double],
                standardError: [Double], referenceSets: Int) {
        self.clusterCounts = clusterCounts
        self.logW = logW
        self.expectedLogW = expectedLogW
        self.gap = gap
        self.standardError = standardError
        self.referenceSets = referenceSets
    }

    /// Index (into `clusterCounts`) chosen by Tibshirani's rule: the first `i` with
    /// `gap[i] >= gap[i+1] - standardError[i+1]`, else the last index.
    public var selectedIndex: Int {
        GapStatisticResult.firstStandardErrorIndex(gap: gap, standardError: standardError)
    }

    /// The cluster count chosen by Tibshirani's rule.
    public var selectedClusterCount: Int { clusterCounts[selectedIndex] }

    /// Tibshirani's rule on plain arrays (R's `cluster::maxSE(f, SE.f, "Tibs2001SEmax")`).
    public static func firstStandardErrorIndex(gap: [Double], standardError: [Double]) -> Int {
        precondition(!gap.isEmpty && gap.count == standardError.count, "one standard error per gap")
        for i in 0..<(gap.count - 1) where gap[i] >= gap[i + 1] - standardError[i + 1] { return i }
        return gap.count - 1
    }
}
