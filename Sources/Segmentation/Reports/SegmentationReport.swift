// MARK: - Segmentation report (`ar-segment segment`, `ar-segment report`)
// Conventions (shares 0-1, money in the report's currency, per-feature arrays aligned with
// `features`, segments by `id`): ReportModel.swift.

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
    /// The same share weighted by overdue balance (fraction of the overdue balance). `nil` when no
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
