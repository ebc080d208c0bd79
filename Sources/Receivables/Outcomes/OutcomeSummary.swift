/// The outcomes and KPIs of one group over one window, as the reports and `backtest.json`
/// give them. Shares are fractions (0-1); a measure whose denominator is 0 is `nil`.
public struct OutcomeSummary: Codable, Sendable, Equatable {
    public var horizon: Int
    public var overdueAccounts: Int
    public var overdueAmount: Double
    public var collectedAmount: Double
    /// `collectedAmount / overdueAmount`.
    public var collectedShare: Double?
    public var curedAccounts: Int
    /// `curedAccounts / overdueAccounts`.
    public var cureRate: Double?
    /// Invoices overdue at T settled in the window, and the median and 90th percentile
    /// (linear interpolation) of their days from T to settlement.
    public var settledInvoices: Int
    public var daysToPayMedian: Double?
    public var daysToPayP90: Double?
    /// `cureCurve[d - 1]`: share of `overdueAmount` collected by day T+d, d = 1...H.
    public var cureCurve: [Double]
    public var roll: [RollRow]
    public var kpis: CollectionKPIs

    public init(_ tally: OutcomeTally) {
        horizon = tally.horizon
        overdueAccounts = tally.overdueAccounts
        overdueAmount = tally.overdueAmount
        collectedAmount = tally.collectedAmount
        collectedShare = tally.overdueAmount > 0 ? tally.collectedAmount / tally.overdueAmount : nil
        curedAccounts = tally.curedAccounts
        cureRate = tally.overdueAccounts > 0 ? Double(tally.curedAccounts) / Double(tally.overdueAccounts) : nil
        settledInvoices = tally.daysToPay.count
        let days = tally.daysToPay.map(Double.init)
        daysToPayMedian = CollectionKPI.quantile(days, 0.5)
        daysToPayP90 = CollectionKPI.quantile(days, 0.9)
        var running = 0.0
        cureCurve = tally.collectedByDay.map { amount in
            running += amount
            return tally.overdueAmount > 0 ? min(1, running / tally.overdueAmount) : 0
        }
        roll = AgingBucket.allCases.map { RollRow(bucket: $0, amounts: tally.roll[$0.rawValue]) }
        kpis = CollectionKPIs(tally)
    }
}

/// One row of the roll-rate matrix: the open amount at T in one aging bucket, split by its
/// state at T+H (`OutcomeTally.stateLabels`: settled, then the buckets).
public struct RollRow: Codable, Sendable, Equatable {
    public var bucket: String
    public var openAmount: Double
    public var amounts: [Double]
    /// `amounts / openAmount`; `nil` when nothing was open in the bucket.
    public var shares: [Double]?

    public init(bucket: AgingBucket, amounts: [Double]) {
        self.bucket = bucket.label
        self.amounts = amounts
        openAmount = amounts.reduce(0, +)
        shares = openAmount > 0 ? amounts.map { $0 / openAmount } : nil
    }
}

/// The portfolio KPIs at T and, for CEI, over the window (definitions in `CollectionKPI`).
public struct CollectionKPIs: Codable, Sendable, Equatable {
    public var openAR: Double
    public var currentAR: Double
    /// Invoiced in (T-90, T]: the billing of DSO and BPDSO.
    public var billing90: Double
    public var dso: Double?
    public var bestPossibleDSO: Double?
    public var averageDaysDelinquent: Double?
    /// Percent (0-100) of the open AR not yet due.
    public var percentCurrent: Double?
    public var billedInWindow: Double
    public var openARAtHorizon: Double
    public var currentARAtHorizon: Double
    /// Over (T, T+H], undivided billing (N = 1); percent.
    public var cei: Double?

    public init(_ t: OutcomeTally) {
        let days = OutcomeTally.billingDays
        openAR = t.openAtAsOf
        currentAR = t.currentAtAsOf
        billing90 = t.billedBeforeAsOf
        dso = CollectionKPI.daysSalesOutstanding(openAR: t.openAtAsOf, billing: t.billedBeforeAsOf, days: days)
        bestPossibleDSO = CollectionKPI.bestPossibleDSO(currentAR: t.currentAtAsOf, billing: t.billedBeforeAsOf, days: days)
        averageDaysDelinquent = CollectionKPI.averageDaysDelinquent(openAR: t.openAtAsOf, currentAR: t.currentAtAsOf,
                                                                    billing: t.billedBeforeAsOf, days: days)
        percentCurrent = CollectionKPI.percentCurrent(currentAR: t.currentAtAsOf, openAR: t.openAtAsOf)
        billedInWindow = t.billedInWindow
        openARAtHorizon = t.openAtHorizon
        currentARAtHorizon = t.currentAtHorizon
        cei = CollectionKPI.collectionEffectivenessIndex(beginningAR: t.openAtAsOf, billing: t.billedInWindow,
                                                         endingAR: t.openAtHorizon, endingCurrentAR: t.currentAtHorizon)
    }
}
