import Receivables

// MARK: - Backtest report (`ar-segment backtest`)

/// Everything `backtest.html`, `backtest.md` and `backtest.json` show: the segments at T, what
/// happened to them in each window (T, T+H], and with several origins how stable that is.
/// Conventions as in `ReportModel.swift` (shares 0-1, money in the ledger's currency).
public struct BacktestReport: Codable, Sendable, Equatable {
    public var title: String
    public var provenance: ReportProvenance
    /// The as-of date T (ISO) and the horizons H in days, the first one first.
    public var asOf: String
    public var horizons: [Int]
    /// How the segments at T were formed, in words ("fitted at T: k = 5 chosen automatically").
    public var segmentSource: String
    /// Accounts with an invoice on or before T (the segmented population).
    public var accountCount: Int
    /// The currency of every amount: the run's reporting currency (`--reporting-currency`, or
    /// the one the ledger and rates imply), `USD` when the ledger names none (as `segment`).
    public var currencyCode: String
    /// The segments at T, by segment number.
    public var segments: [BacktestSegment]
    /// Whether the outcomes are also split by `test_group` (control/treatment).
    public var hasTestGroups: Bool
    /// One entry per horizon, in the order of `horizons`.
    public var windows: [BacktestWindow]
    /// One entry per origin (T first, then T - step, ...) when `--origins` asked for more than one.
    public var origins: [BacktestOrigin]
    public var notes: [String]
}

/// One segment at T: its strategy and its size.
public struct BacktestSegment: Codable, Sendable, Equatable {
    public var segment: Int
    public var strategy: String
    public var strategyName: String
    /// `nil` when the strategy is not in the strategy book (an assignments file naming its own).
    public var needsCall: Bool?
    public var accounts: Int
    /// The worklist's segment risk: z-score of the segment's mean `avg_days_late` (unclamped);
    /// `nil` without training profiles.
    public var risk: Double?
}

/// The outcomes of one group (a segment, a strategy, a test group of a strategy) in one window.
public struct BacktestGroup: Codable, Sendable, Equatable {
    /// What the group is, for people: "Segment 2 (Chronic late)", "Chronic late · control".
    public var label: String
    public var segment: Int?
    public var strategy: String?
    public var needsCall: Bool?
    public var testGroup: String?
    /// Accounts of the group at T.
    public var accounts: Int
    public var outcome: OutcomeSummary
}

/// Outcomes over (T, T+H].
public struct BacktestWindow: Codable, Sendable, Equatable {
    public var horizon: Int
    /// The last day of the window, T+H (ISO).
    public var end: String
    /// Every account of the ledger, including accounts first invoiced after T.
    public var portfolio: OutcomeSummary
    public var segments: [BacktestGroup]
    public var strategies: [BacktestGroup]
    /// Strategies by test group, when the assignments carry one.
    public var testGroups: [BacktestGroup]
    /// The wasted-call figure: strategies that need no call together, and those that do.
    public var noCall: BacktestGroup?
    public var call: BacktestGroup?
}

/// One origin of an out-of-time run: the segments refitted (or the model reapplied) at that
/// date and the first horizon's outcomes.
public struct BacktestOrigin: Codable, Sendable, Equatable {
    public var asOf: String
    public var accounts: Int
    public var overdueAccounts: Int
    /// Collected share of the first horizon, per strategy present (in `strategies` order).
    public var strategies: [String]
    public var collectedShares: [Double?]
    /// Kendall's tau-b between the strategies' segment risk and their shortfall (1 - collected
    /// share): +1 when the worklist's risk order is exactly the order of what stayed unpaid.
    public var kendallTau: Double?
    /// The mix the PSI compares: `segment` (one model applied at every origin) or `strategy` (refits).
    public var mixBy: String
    public var mixLabels: [String]
    public var mixCounts: [Int]
    /// Against the next-earlier origin: PSI of the mix (earlier = expected), its band, the
    /// adjusted Rand index of the segments on the accounts present at both, and the migration.
    public var psi: Double?
    public var psiBand: String?
    public var adjustedRandIndex: Double?
    public var migration: MigrationMatrix?
}
