/// The sums behind every backtest outcome and KPI for one group of accounts over one window
/// (T, T+H]: a segment, a strategy (the merge of its segments) or the whole portfolio.
/// Every measure is a ratio of these sums (or a quantile of `daysToPay`), so groups merge by
/// adding tallies. Money in currency units; days counted from T.
public struct OutcomeTally: Sendable, Equatable {
    /// Days in the window (H).
    public let horizon: Int
    /// Accounts with an invoice overdue (at least 1 day past due) at T, and those whose every
    /// such invoice was settled by T+H.
    public var overdueAccounts = 0
    public var curedAccounts = 0
    /// Open amount of the invoices overdue at T.
    public var overdueAmount = 0.0
    /// The part of `overdueAmount` collected in (T, T+H].
    public var collectedAmount = 0.0
    /// Per invoice overdue at T and settled in (T, T+H]: settlement date - T (1...H).
    public var daysToPay: [Int] = []
    /// `collectedByDay[d - 1]`: amount of the invoices overdue at T collected on day T+d.
    public var collectedByDay: [Double]
    /// `roll[b][s]`: open amount at T in bucket `b` (`AgingBucket` order) whose state at T+H is
    /// `s`: 0 settled, 1 + bucket at T+H otherwise (5 x 6).
    public var roll: [[Double]]
    /// Open and current (not yet due) AR at T, and the amount invoiced in (T-90, T].
    public var openAtAsOf = 0.0, currentAtAsOf = 0.0, billedBeforeAsOf = 0.0
    /// Amount invoiced in (T, T+H], and open and current AR at T+H (every invoice, old or new).
    public var billedInWindow = 0.0, openAtHorizon = 0.0, currentAtHorizon = 0.0

    /// Days of billing behind DSO and BPDSO: invoiced in (T - 90, T].
    public static let billingDays = 90
    /// States of the roll-rate matrix's columns: `settled`, then the aging buckets.
    public static let stateLabels = ["settled"] + AgingBucket.allCases.map(\.label)

    public init(horizon: Int) {
        precondition(horizon >= 1, "a backtest window has at least one day")
        self.horizon = horizon
        collectedByDay = [Double](repeating: 0, count: horizon)
        roll = [[Double]](repeating: [Double](repeating: 0, count: Self.stateLabels.count),
                          count: AgingBucket.allCases.count)
    }

    /// Adds another group's sums (same horizon). Account counts add: the groups must not share accounts.
    public mutating func merge(_ other: OutcomeTally) {
        precondition(other.horizon == horizon, "tallies of different windows")
        overdueAccounts += other.overdueAccounts
        curedAccounts += other.curedAccounts
        overdueAmount += other.overdueAmount
        collectedAmount += other.collectedAmount
        daysToPay += other.daysToPay
        for d in collectedByDay.indices { collectedByDay[d] += other.collectedByDay[d] }
        for b in roll.indices { for s in roll[b].indices { roll[b][s] += other.roll[b][s] } }
        openAtAsOf += other.openAtAsOf
        currentAtAsOf += other.currentAtAsOf
        billedBeforeAsOf += other.billedBeforeAsOf
        billedInWindow += other.billedInWindow
        openAtHorizon += other.openAtHorizon
        currentAtHorizon += other.currentAtHorizon
    }

    /// The merge of `tallies` (at least one).
    public static func merged<S: Sequence>(_ tallies: S) -> OutcomeTally where S.Element == OutcomeTally {
        var iterator = tallies.makeIterator()
        guard var total = iterator.next() else { preconditionFailure("merging no tallies") }
        while let next = iterator.next() { total.merge(next) }
        return total
    }
}
