import Clustering

// MARK: - Discovery report (`ar-segment discover`)
// Conventions (shares 0-1, money in the report's currency, per-feature arrays aligned with
// `features`, segments by `id`): ReportModel.swift.

/// The quality indices for every candidate k and the recommendation drawn from them.
public struct DiscoveryReport: Codable, Sendable, Equatable {
    public var title: String
    public var provenance: ReportProvenance
    public var features: [ReportFeature]
    public var accountCount: Int
    /// One entry per k tried, in increasing k.
    public var candidates: [KCandidate]
    /// The elbow of inertia vs k by the knee (Kneedle) method; `nil` when the curve has no knee.
    public var elbowK: Int?
    /// The k the vote recommends.
    public var recommendedK: Int
    /// Which index voted for which k (as R's NbClust).
    public var votes: [IndexVote]
    /// The recommendation explained in words, one sentence each.
    public var reasons: [String]
    public var notes: [String]
    /// With `discover --horizon`: the outcome window behind each candidate's
    /// `collectedShareEtaSquared` (absent otherwise, so the file is unchanged).
    public var outcomes: DiscoveryOutcomes?

    public init(
        title: String, provenance: ReportProvenance, features: [ReportFeature], accountCount: Int,
        candidates: [KCandidate], elbowK: Int?, recommendedK: Int, votes: [IndexVote], reasons: [String],
        notes: [String] = [], outcomes: DiscoveryOutcomes? = nil
    ) {
        self.outcomes = outcomes
        self.title = title
        self.provenance = provenance
        self.features = features
        self.accountCount = accountCount
        self.candidates = candidates
        self.elbowK = elbowK
        self.recommendedK = recommendedK
        self.votes = votes
        self.reasons = reasons
        self.notes = notes
    }
}

/// The quality indices of the k-means fit with `k` clusters. An index is `nil` where undefined
/// (silhouette, Calinski-Harabasz and Davies-Bouldin at k = 1) or not computed.
public struct KCandidate: Codable, Sendable, Equatable {
    public var k: Int
    /// Sum of squared distances to the nearest centroid (lower is tighter; always falls with k).
    public var inertia: Double
    /// Mean silhouette in [-1, 1]; higher is better.
    public var silhouette: Double?
    /// Between- over within-cluster dispersion, scaled by (n - k) / (k - 1); higher is better.
    public var calinskiHarabasz: Double?
    /// Mean over clusters of the worst (s_i + s_j) / d(c_i, c_j); lower is better, 0 is best.
    public var daviesBouldin: Double?
    /// Gap statistic (Tibshirani, Walther & Hastie 2001): E*[log W_k] - log W_k.
    public var gap: Double?
    /// The gap's simulation standard error s_k = sd_k * sqrt(1 + 1/B).
    public var gapStandardError: Double?
    /// Mean bootstrap Jaccard similarity of the clusters, in [0, 1]; higher is more stable.
    public var stability: Double?
    /// With `discover --horizon`: the share of the variance of the H-day collected share (per
    /// account overdue at T, weighted by its overdue amount) that lies between this fit's
    /// segments, eta squared = SS_between / SS_total in [0, 1] (`OutcomeSeparation`). Outcome
    /// evidence, not an index: it does not vote. `nil` without `--horizon`, or when every
    /// overdue account collected the same share.
    public var collectedShareEtaSquared: Double?

    public init(
        k: Int, inertia: Double, silhouette: Double? = nil, calinskiHarabasz: Double? = nil,
        daviesBouldin: Double? = nil, gap: Double? = nil, gapStandardError: Double? = nil, stability: Double? = nil,
        collectedShareEtaSquared: Double? = nil
    ) {
        self.collectedShareEtaSquared = collectedShareEtaSquared
        self.k = k
        self.inertia = inertia
        self.silhouette = silhouette
        self.calinskiHarabasz = calinskiHarabasz
        self.daviesBouldin = daviesBouldin
        self.gap = gap
        self.gapStandardError = gapStandardError
        self.stability = stability
    }
}

/// The outcome window of `discover --horizon`: the accounts overdue at the as-of date T and how
/// much of their overdue amount was collected by T+H, by the backtest's definitions (one ledger
/// pass through `OutcomeAccumulator`). Each candidate's `collectedShareEtaSquared` splits the
/// per-account variance of that collected share into between and within its segments.
public struct DiscoveryOutcomes: Codable, Sendable, Equatable {
    /// T, H in days, and T + H (ISO dates).
    public var asOf: String
    public var horizon: Int
    public var windowEnd: String
    /// Accounts with an invoice at least one day past due at T, and their overdue amount.
    public var overdueAccounts: Int
    public var overdueAmount: Double
    /// Collected in (T, T+H] / overdue amount at T: the portfolio's collected share (the
    /// overdue-amount-weighted mean of the accounts' shares); `nil` when nothing was overdue.
    public var collectedShare: Double?

    public init(asOf: String, horizon: Int, windowEnd: String, overdueAccounts: Int, overdueAmount: Double,
                collectedShare: Double?) {
        self.asOf = asOf
        self.horizon = horizon
        self.windowEnd = windowEnd
        self.overdueAccounts = overdueAccounts
        self.overdueAmount = overdueAmount
        self.collectedShare = collectedShare
    }
}

/// One index's vote: the k it prefers and by which rule.
public struct IndexVote: Codable, Sendable, Equatable {
    /// The index's name. Use the constants below for the indices `KCandidate` holds, so the
    /// renderers can mark the vote on that index's chart; any other name (another NbClust index)
    /// appears in the vote table only.
    public var index: String
    /// The k it votes for; `nil` when it abstains (too few k values, index not computed).
    public var k: Int?
    /// The rule, e.g. `"maximum"`, `"smallest k with gap(k) >= gap(k+1) - s(k+1)"`.
    public var rule: String

    public init(index: String, k: Int?, rule: String) {
        self.index = index
        self.k = k
        self.rule = rule
    }

    // The names `discover` writes (`SelectionIndex.displayName`), one per voting index.
    public static let silhouette = SelectionIndex.silhouette.displayName
    public static let calinskiHarabasz = SelectionIndex.calinskiHarabasz.displayName
    public static let daviesBouldin = SelectionIndex.daviesBouldin.displayName
    public static let gap = SelectionIndex.gap.displayName
    /// Stability is charted but does not vote in `discover`; other callers may give it a vote.
    public static let stability = "stability"
}
