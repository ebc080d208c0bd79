// The plain-data report model: what the pipeline computes and the renderers (HTML, Markdown, JSON)
// print. Everything is a value type, Codable and Sendable, with arrays (never dictionaries) wherever
// order matters, so every rendering is byte-reproducible. No wall-clock time is recorded.
//
// Conventions used throughout:
// - shares and ratios are fractions in [0, 1] (the renderers print them as percentages);
// - money is in the report's currency (`ReportHeadline.currencyCode`), in major units (dollars);
// - per-feature arrays are aligned with the report's `features` (same order, same count);
// - segments are referred to by `id`, the segment number the model assigns.

/// How a run was produced: enough to reproduce it, and nothing that changes between identical runs.
public struct ReportProvenance: Codable, Sendable, Equatable {
    /// The tool version, e.g. `"0.1.0"`.
    public var toolVersion: String
    /// The seed every random choice of the run derived from.
    public var seed: UInt64
    /// The as-of date of the ledger snapshot (ISO 8601 `yyyy-MM-dd`), when features came from a ledger.
    public var asOf: String?
    /// The input's file name (not a full path, so reports do not leak directory layouts), if any.
    public var inputName: String?

    public init(toolVersion: String, seed: UInt64, asOf: String? = nil, inputName: String? = nil) {
        self.toolVersion = toolVersion
        self.seed = seed
        self.asOf = asOf
        self.inputName = inputName
    }
}

/// How a feature's values are printed in tables (z-scores are always printed as plain numbers).
public enum FeatureUnit: String, Codable, Sendable, Equatable, CaseIterable {
    /// Money in the report's currency.
    case currency
    /// A number of days (days beyond terms, days past due).
    case days
    /// A fraction in [0, 1], printed as a percentage.
    case fraction
    /// A count (invoices, disputes).
    case count
    /// Anything else, printed with two significant decimals.
    case number
}

/// A clustering feature as the report shows it.
public struct ReportFeature: Codable, Sendable, Equatable {
    /// The column name, as in the accounts file (e.g. `avg_days_beyond_terms`).
    public var name: String
    /// How values in business units are printed.
    public var unit: FeatureUnit

    public init(_ name: String, unit: FeatureUnit = .number) {
        self.name = name
        self.unit = unit
    }
}

// MARK: - Segmentation report (`ar-segment segment`, `ar-segment report`)

/// Everything `report.html`, `report.md` and `summary.json` show for one segmentation run.
public struct SegmentationReport: Codable, Sendable, Equatable {
    public var title: String
    public var provenance: ReportProvenance
    public var headline: ReportHeadline
    /// The clustering features, in model order; per-segment feature arrays follow this order.
    public var features: [ReportFeature]
    /// One entry per segment, in the order they are shown (usually by segment id).
    public var segments: [SegmentSummary]
    /// The accounts projected on the first two principal components; `nil` with fewer than two features.
    public var pcaMap: PCAMap?
    /// Per-sample silhouette values; `nil` when not computed (k = 1, or too few accounts).
    public var silhouette: SilhouetteSummary?
    /// The top rows of the worklist, highest priority first.
    public var worklist: [WorklistRow]
    /// The number of rows in the full worklist (`worklist` holds only the top).
    public var worklistTotal: Int
    /// Warnings and remarks for the reader (zero-variance features, empty clusters, sampling...).
    public var notes: [String]
    /// With a ledger (`segment --ledger`): the open invoices the dunning plan acts on first;
    /// absent otherwise (an accounts file has no invoices).
    public var invoices: InvoiceView?

    public init(
        title: String, provenance: ReportProvenance, headline: ReportHeadline, features: [ReportFeature],
        segments: [SegmentSummary], pcaMap: PCAMap? = nil, silhouette: SilhouetteSummary? = nil,
        worklist: [WorklistRow] = [], worklistTotal: Int? = nil, notes: [String] = [], invoices: InvoiceView? = nil
    ) {
        self.invoices = invoices
        self.title = title
        self.provenance = provenance
        self.headline = headline
        self.features = features
        self.segments = segments
        self.pcaMap = pcaMap
        self.silhouette = silhouette
        self.worklist = worklist
        self.worklistTotal = worklistTotal ?? worklist.count
        self.notes = notes
    }
}

/// The numbers a collections manager reads first.
public struct ReportHeadline: Codable, Sendable, Equatable {
    public var segmentCount: Int
    public var accountCount: Int
    /// Total open (unpaid) balance of all accounts.
    public var openBalance: Double
    /// Total balance past its due date.
    public var overdueBalance: Double
    /// ISO 4217 code printed next to money, default `"USD"`.
    public var currencyCode: String
    /// The wasted-calls share: of the accounts with an overdue balance, the fraction that sit in
    /// segments whose strategy needs no call (they pay anyway), i.e. the share of a call-everyone
    /// policy's calls that would be wasted. `nil` when there are no overdue accounts.
    public var wastedCallShareOfOverdueAccounts: Double?
    /// The same share weighted by overdue balance (fraction of overdue dollars). `nil` when no
    /// balance is overdue.
    public var wastedCallShareOfOverdueBalance: Double?

    public init(
        segmentCount: Int, accountCount: Int, openBalance: Double, overdueBalance: Double,
        currencyCode: String = "USD", wastedCallShareOfOverdueAccounts: Double? = nil,
        wastedCallShareOfOverdueBalance: Double? = nil
    ) {
        self.segmentCount = segmentCount
        self.accountCount = accountCount
        self.openBalance = openBalance
        self.overdueBalance = overdueBalance
        self.currencyCode = currencyCode
        self.wastedCallShareOfOverdueAccounts = wastedCallShareOfOverdueAccounts
        self.wastedCallShareOfOverdueBalance = wastedCallShareOfOverdueBalance
    }
}

/// One segment: who is in it, what it looks like, and what collections should do about it.
public struct SegmentSummary: Codable, Sendable, Equatable {
    /// The segment number in the model (k-means label).
    public var id: Int
    /// The display name, e.g. `"Segment 3"`.
    public var name: String
    /// The collection strategy mapped to the segment, e.g. `"Chronic late"`.
    public var strategy: String
    /// What the strategy does, in words.
    public var treatment: String
    /// Why the strategy was chosen, one sentence each, citing the profile.
    public var reasons: [String]
    /// Whether the strategy puts accounts on a call list.
    public var needsCall: Bool
    /// Number of accounts in the segment.
    public var accountCount: Int
    /// `accountCount` / all accounts.
    public var shareOfAccounts: Double
    /// Segment open balance / total open balance (0 when the total is 0).
    public var shareOfOpenBalance: Double
    /// Segment overdue balance / total overdue balance (0 when the total is 0).
    public var shareOfOverdueBalance: Double
    /// Per-feature mean in business units (before any log transform), aligned with `features`.
    public var featureMeans: [Double]
    /// Per-feature median in business units, aligned with `features`.
    public var featureMedians: [Double]
    /// Per-feature z-score of the segment: (segment mean - overall mean) / overall standard deviation,
    /// computed in the model's transformed space (after logs), aligned with `features`. 0 means
    /// "like the average account"; +1 one standard deviation above it.
    public var featureZScores: [Double]

    public init(
        id: Int, name: String, strategy: String, treatment: String, reasons: [String], needsCall: Bool,
        accountCount: Int, shareOfAccounts: Double, shareOfOpenBalance: Double, shareOfOverdueBalance: Double,
        featureMeans: [Double], featureMedians: [Double], featureZScores: [Double]
    ) {
        self.id = id
        self.name = name
        self.strategy = strategy
        self.treatment = treatment
        self.reasons = reasons
        self.needsCall = needsCall
        self.accountCount = accountCount
        self.shareOfAccounts = shareOfAccounts
        self.shareOfOpenBalance = shareOfOpenBalance
        self.shareOfOverdueBalance = shareOfOverdueBalance
        self.featureMeans = featureMeans
        self.featureMedians = featureMedians
        self.featureZScores = featureZScores
    }
}

/// Accounts on the plane of the first two principal components of the standardized features.
public struct PCAMap: Codable, Sendable, Equatable {
    /// Fraction of total variance explained by PC1 and by PC2 (scikit-learn's
    /// `explained_variance_ratio_[0]` and `[1]`).
    public var explainedVarianceRatio1: Double
    public var explainedVarianceRatio2: Double
    /// The plotted accounts (a seeded sample when the data is large).
    public var points: [PCAPoint]
    /// How many accounts the sample was drawn from (`points.count` when not sampled).
    public var totalAccounts: Int

    public init(explainedVarianceRatio1: Double, explainedVarianceRatio2: Double, points: [PCAPoint], totalAccounts: Int? = nil) {
        self.explainedVarianceRatio1 = explainedVarianceRatio1
        self.explainedVarianceRatio2 = explainedVarianceRatio2
        self.points = points
        self.totalAccounts = totalAccounts ?? points.count
    }
}

/// One account on the PCA map: its PC1 and PC2 scores and its segment id.
public struct PCAPoint: Codable, Sendable, Equatable {
    public var x: Double
    public var y: Double
    public var segment: Int

    public init(x: Double, y: Double, segment: Int) {
        self.x = x
        self.y = y
        self.segment = segment
    }
}

/// Silhouette values s(i) = (b - a) / max(a, b) of (a sample of) the accounts, grouped by segment.
public struct SilhouetteSummary: Codable, Sendable, Equatable {
    /// Mean silhouette over the samples the pipeline used (scikit-learn's `silhouette_score`).
    public var mean: Double
    /// Per segment, the silhouette values of its sampled accounts (any order; the plot sorts them).
    public var segments: [SegmentSilhouette]
    /// How many accounts the sample was drawn from (the sum of the values' counts when not sampled).
    public var totalAccounts: Int

    public init(mean: Double, segments: [SegmentSilhouette], totalAccounts: Int? = nil) {
        self.mean = mean
        self.segments = segments
        self.totalAccounts = totalAccounts ?? segments.reduce(0) { $0 + $1.values.count }
    }
}

/// The silhouette values of one segment's sampled accounts, each in [-1, 1].
public struct SegmentSilhouette: Codable, Sendable, Equatable {
    public var segment: Int
    public var values: [Double]

    public init(segment: Int, values: [Double]) {
        self.segment = segment
        self.values = values
    }
}

/// One row of the prioritized worklist.
public struct WorklistRow: Codable, Sendable, Equatable {
    /// The account id, kept as text (`007` stays `007`).
    public var accountId: String
    public var segment: Int
    public var strategy: String
    /// The priority score: the sum of `scoreParts` values.
    public var priority: Double
    /// The parts of the score, in the order the scoring formula lists them.
    public var scoreParts: [ScorePart]
    public var overdueAmount: Double
    public var maxDaysPastDue: Double
    public var needsCall: Bool

    public init(
        accountId: String, segment: Int, strategy: String, priority: Double, scoreParts: [ScorePart],
        overdueAmount: Double, maxDaysPastDue: Double, needsCall: Bool
    ) {
        self.accountId = accountId
        self.segment = segment
        self.strategy = strategy
        self.priority = priority
        self.scoreParts = scoreParts
        self.overdueAmount = overdueAmount
        self.maxDaysPastDue = maxDaysPastDue
        self.needsCall = needsCall
    }
}

/// The invoice view of the segmentation report: the top open invoices by the plan's
/// invoice-level priority on the as-of date T, each with its next action. The rule: `ar-segment
/// plan` runs for the model just fitted over `days` days (T ... T + days, the plan's default,
/// without history, holds or collectors; with `--promises` when `segment` had them), and an
/// invoice's next action is the first action planned for it (channel, level and date), so the
/// report and `plan` cannot disagree. Ranked as `plan.json`'s invoices: priority (highest
/// first), then open amount, then invoice id.
public struct InvoiceView: Codable, Sendable, Equatable {
    /// Rows shown: the top `topCount` invoices (all of them when there are fewer).
    public static let topCount = 20
    /// Days the next actions are planned over (the `plan` default).
    public static let planDays = 30

    /// T and T + `days` (ISO dates).
    public var asOf: String
    public var days: Int
    public var lastDay: String
    /// Every invoice open at T, and its open amount (`rows` holds the top of them).
    public var openInvoices: Int
    public var openAmount: Double
    public var rows: [InvoiceViewRow]

    public init(asOf: String, days: Int, lastDay: String, openInvoices: Int, openAmount: Double, rows: [InvoiceViewRow]) {
        self.asOf = asOf
        self.days = days
        self.lastDay = lastDay
        self.openInvoices = openInvoices
        self.openAmount = openAmount
        self.rows = rows
    }
}

/// One invoice of the invoice view: its account's segment, and the invoice as `plan.json` lists
/// it (priority and its parts, next action date, channel and level).
public struct InvoiceViewRow: Codable, Sendable, Equatable {
    public var segment: Int
    public var invoice: PlanReport.TopInvoice

    public init(segment: Int, invoice: PlanReport.TopInvoice) {
        self.segment = segment
        self.invoice = invoice
    }
}

/// A named contribution to a priority score.
public struct ScorePart: Codable, Sendable, Equatable {
    public var name: String
    public var value: Double

    public init(_ name: String, _ value: Double) {
        self.name = name
        self.value = value
    }
}

// MARK: - Discovery report (`ar-segment discover`)

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

    public static let silhouette = "Silhouette"
    public static let calinskiHarabasz = "Calinski-Harabasz"
    public static let daviesBouldin = "Davies-Bouldin"
    public static let gap = "Gap statistic"
    public static let stability = "Stability"
}

// MARK: - Validation report (`ar-segment validate`)

/// How trustworthy a saved segmentation is: per-segment bootstrap stability, agreement across
/// seeds, and optionally how accounts moved between segments.
public struct ValidationReport: Codable, Sendable, Equatable {
    public var title: String
    public var provenance: ReportProvenance
    public var accountCount: Int
    /// Number of bootstrap resamples behind each Jaccard mean.
    public var bootstrapReplicates: Int
    public var segments: [SegmentStability]
    public var seedAgreement: SeedAgreement?
    public var migration: MigrationMatrix?
    public var notes: [String]

    public init(
        title: String, provenance: ReportProvenance, accountCount: Int, bootstrapReplicates: Int,
        segments: [SegmentStability], seedAgreement: SeedAgreement? = nil, migration: MigrationMatrix? = nil,
        notes: [String] = []
    ) {
        self.title = title
        self.provenance = provenance
        self.accountCount = accountCount
        self.bootstrapReplicates = bootstrapReplicates
        self.segments = segments
        self.seedAgreement = seedAgreement
        self.migration = migration
        self.notes = notes
    }
}

/// fpc::clusterboot's reading of a cluster's mean bootstrap Jaccard similarity (Hennig 2007).
public enum StabilityVerdict: String, Codable, Sendable, Equatable, CaseIterable {
    /// Mean Jaccard >= 0.75: a valid, stable cluster.
    case stable
    /// 0.6 <= mean Jaccard < 0.75: it shows a pattern, but which accounts belong is uncertain.
    case measurable
    /// 0.5 <= mean Jaccard < 0.6: doubtful; do not build a strategy on it alone.
    case weak
    /// Mean Jaccard < 0.5: the cluster dissolves under resampling.
    case dissolved

    /// The verdict for a mean Jaccard similarity (NaN reads as dissolved).
    public init(meanJaccard: Double) {
        if meanJaccard >= 0.75 { self = .stable }
        else if meanJaccard >= 0.6 { self = .measurable }
        else if meanJaccard >= 0.5 { self = .weak }
        else { self = .dissolved }
    }
}

/// One segment's bootstrap stability.
public struct SegmentStability: Codable, Sendable, Equatable {
    public var segment: Int
    public var name: String
    /// Mean over bootstrap resamples of the best Jaccard match of this segment, in [0, 1].
    public var meanJaccard: Double
    /// Derived from `meanJaccard` by `StabilityVerdict(meanJaccard:)`.
    public var verdict: StabilityVerdict
    /// How many resamples dissolved the segment (best Jaccard below 0.5), if counted.
    public var dissolvedCount: Int?

    public init(segment: Int, name: String, meanJaccard: Double, dissolvedCount: Int? = nil) {
        self.segment = segment
        self.name = name
        self.meanJaccard = meanJaccard
        self.verdict = StabilityVerdict(meanJaccard: meanJaccard)
        self.dissolvedCount = dissolvedCount
    }
}

/// Adjusted Rand index between the labellings of fits that differ only in their seed.
public struct SeedAgreement: Codable, Sendable, Equatable {
    /// The seeds of the fits compared with the reference fit, aligned with `adjustedRandIndices`.
    public var seeds: [UInt64]
    /// ARI of each seed's labels against the reference labels; 1 is identical up to relabelling.
    public var adjustedRandIndices: [Double]
    /// The mean of `adjustedRandIndices`; `nil` when there are none.
    public var meanAdjustedRandIndex: Double?

    public init(seeds: [UInt64], adjustedRandIndices: [Double]) {
        self.seeds = seeds
        self.adjustedRandIndices = adjustedRandIndices
        self.meanAdjustedRandIndex = adjustedRandIndices.isEmpty
            ? nil : adjustedRandIndices.reduce(0, +) / Double(adjustedRandIndices.count)
    }
}

/// Counts of accounts by segment in one period (rows) and another (columns).
public struct MigrationMatrix: Codable, Sendable, Equatable {
    /// What the rows are, e.g. `"2026-03-31"` or `"previous model"`.
    public var fromLabel: String
    /// What the columns are.
    public var toLabel: String
    /// Row (from-segment) names.
    public var fromSegments: [String]
    /// Column (to-segment) names.
    public var toSegments: [String]
    /// `counts[i][j]`: accounts in from-segment i and to-segment j.
    public var counts: [[Int]]

    public init(fromLabel: String, toLabel: String, fromSegments: [String], toSegments: [String], counts: [[Int]]) {
        self.fromLabel = fromLabel
        self.toLabel = toLabel
        self.fromSegments = fromSegments
        self.toSegments = toSegments
        self.counts = counts
    }
}
