import Tabular

/// What happened to one account overdue at T by T+H: a row of `outcomes.csv`.
public struct AccountOutcome: Sendable, Equatable {
    public var accountId: String
    /// The account's group (segment) at T; `nil` when it had none.
    public var group: Int?
    /// Open amount of its invoices overdue at T, and the part collected in (T, T+H].
    public var overdueAtAsOf: Double
    public var collected: Double
    /// Every invoice overdue at T settled by T+H.
    public var cured: Bool
    /// When cured: days from T to the settlement of the last of those invoices.
    public var daysToPay: Int?
    /// The bucket at T of its oldest overdue invoice (earliest due date; first in the ledger on a tie).
    public var bucketAtAsOf: AgingBucket
    /// That invoice's bucket at T+H; `nil` when it was settled.
    public var bucketAtHorizon: AgingBucket?

    /// `settled` or the bucket label at T+H (`state_at_horizon`).
    public var stateAtHorizon: String { bucketAtHorizon?.label ?? "settled" }
}

/// Folds a ledger, invoice by invoice in file order, into the outcomes of the window (T, T+H]:
/// one `OutcomeTally` per group of accounts and one `AccountOutcome` per account overdue at T.
/// Memory grows with the accounts overdue at T and their overdue invoices, never with the ledger.
///
/// Every amount comes from `Invoice.openAmount(at:)` and `settlementDate` (the one settlement
/// rule): an invoice open at T in bucket `b` contributes `open(T) - open(T+H)` to the settled
/// column of row `b` and `open(T+H)` to its bucket at T+H; one overdue at T (>= 1 day past
/// due) adds `open(T)` to the overdue amount and `open(T) - open(T+H)` to the collected amount.
public struct OutcomeAccumulator: Sendable {
    public let asOf: CalendarDay
    public let horizon: Int
    public var horizonEnd: CalendarDay { asOf + horizon }
    /// Group of each account at T; accounts not in it go to the last tally (`groupCount`).
    private let groupOf: [String: Int]
    public let groupCount: Int
    private var tallies: [OutcomeTally]

    /// Per account overdue at T: running amounts and its oldest overdue invoice.
    private struct OpenAccount: Sendable {
        var group: Int?
        var overdue = 0.0, collected = 0.0
        var unsettled = 0
        var lastSettlement = 0
        var oldestDue = Int.max
        var bucketAtAsOf = AgingBucket.current
        var bucketAtHorizon: AgingBucket?
    }
    private var accounts: [String: OpenAccount] = [:]

    /// `groupOf` maps account ids to `0..<groupCount`.
    public init(asOf: CalendarDay, horizon: Int, groupOf: [String: Int], groupCount: Int) {
        self.asOf = asOf
        self.horizon = horizon
        self.groupOf = groupOf
        self.groupCount = groupCount
        tallies = [OutcomeTally](repeating: OutcomeTally(horizon: horizon), count: groupCount + 1)
    }

    public mutating func add(_ invoice: Invoice) {
        let end = horizonEnd
        let group = groupOf[invoice.accountId]
        let slot = group ?? groupCount
        if invoice.invoiceDate <= asOf, asOf - invoice.invoiceDate < OutcomeTally.billingDays {
            tallies[slot].billedBeforeAsOf += invoice.amount
        } else if invoice.invoiceDate > asOf, invoice.invoiceDate <= end {
            tallies[slot].billedInWindow += invoice.amount
        }
        let openAtEnd = invoice.openAmount(at: end)
        let bucketAtEnd = AgingBucket(daysPastDue: end - invoice.dueDate)
        if openAtEnd > 0 {
            tallies[slot].openAtHorizon += openAtEnd
            if bucketAtEnd == .current { tallies[slot].currentAtHorizon += openAtEnd }
        }
        let open = invoice.openAmount(at: asOf)
        guard open > 0 else { return }
        let bucket = AgingBucket(daysPastDue: asOf - invoice.dueDate)
        let collected = open - openAtEnd
        tallies[slot].openAtAsOf += open
        tallies[slot].roll[bucket.rawValue][0] += collected
        if openAtEnd > 0 { tallies[slot].roll[bucket.rawValue][1 + bucketAtEnd.rawValue] += openAtEnd }
        guard bucket != .current else {
            tallies[slot].currentAtAsOf += open
            return
        }
        tallies[slot].overdueAmount += open
        tallies[slot].collectedAmount += collected
        var account = accounts[invoice.accountId] ?? OpenAccount(group: group)
        account.overdue += open
        account.collected += collected
        if openAtEnd > 0 {
            account.unsettled += 1
        } else if let settled = invoice.settlementDate {
            let days = settled - asOf
            tallies[slot].daysToPay.append(days)
            tallies[slot].collectedByDay[days - 1] += collected
            account.lastSettlement = max(account.lastSettlement, days)
        }
        if invoice.dueDate.daysSinceEpoch < account.oldestDue {
            account.oldestDue = invoice.dueDate.daysSinceEpoch
            account.bucketAtAsOf = bucket
            account.bucketAtHorizon = openAtEnd > 0 ? bucketAtEnd : nil
        }
        accounts[invoice.accountId] = account
    }

    /// The tallies (one per group, then the accounts without a group) and the accounts overdue
    /// at T sorted by id.
    public func finish() -> (tallies: [OutcomeTally], accounts: [AccountOutcome]) {
        var tallies = self.tallies
        var outcomes: [AccountOutcome] = []
        outcomes.reserveCapacity(accounts.count)
        for (id, a) in accounts {
            let cured = a.unsettled == 0
            let slot = a.group ?? groupCount
            tallies[slot].overdueAccounts += 1
            if cured { tallies[slot].curedAccounts += 1 }
            outcomes.append(AccountOutcome(accountId: id, group: a.group, overdueAtAsOf: a.overdue, collected: a.collected,
                                           cured: cured, daysToPay: cured ? a.lastSettlement : nil,
                                           bucketAtAsOf: a.bucketAtAsOf, bucketAtHorizon: a.bucketAtHorizon))
        }
        outcomes.sort { $0.accountId < $1.accountId }
        return (tallies, outcomes)
    }
}
