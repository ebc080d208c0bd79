import Tabular

/// One overdue account on the collectors' list, with every part of its priority shown.
///
/// `priority = amountPoints + agePoints + riskPoints + disputePoints`, each rounded to 0.001:
/// - `amountPoints = log10(1 + overdue_balance)`: one point per factor of ten (1k -> 3, 100k -> 5);
/// - `agePoints = min(max_days_past_due, 120) / 30`: one point per 30 days past due, at most 4;
/// - `riskPoints = clamp(z, 0, 3)` with `z` the z-score of the segment's mean `avg_days_late`:
///   how much later than the average account the segment pays, in standard deviations;
/// - `disputePoints = -2 * disputed_open_balance / open_balance`: open disputes lower the
///   priority, because dunning pauses while the dispute desk works them.
/// A part whose feature the table lacks is 0.
public struct WorklistEntry: Equatable, Sendable, Codable {
    public let accountId: String
    public let segment: Int
    public let strategyId: String
    public let strategyName: String
    public let needsCall: Bool
    public let overdueBalance: Double
    public let maxDaysPastDue: Double
    public let amountPoints: Double
    public let agePoints: Double
    public let riskPoints: Double
    public let disputePoints: Double
    public let priority: Double
}

/// Overdue accounts and balance, and how many of them sit in strategies that need no call.
public struct WorklistSummary: Equatable, Sendable, Codable {
    public let overdueAccounts: Int
    public let overdueBalance: Double
    public let noCallAccounts: Int
    public let noCallBalance: Double

    /// The "wasted calls" figure by accounts: share (0-1) of overdue accounts whose strategy
    /// needs no call; `nil` when no account is overdue.
    public var noCallAccountShare: Double? {
        overdueAccounts == 0 ? nil : Double(noCallAccounts) / Double(overdueAccounts)
    }

    /// The same by overdue balance; `nil` when nothing is overdue.
    public var noCallBalanceShare: Double? {
        overdueBalance == 0 ? nil : noCallBalance / overdueBalance
    }

    /// "38% of overdue accounts (21% of the overdue balance) are in strategies that need no call".
    public var sentence: String {
        guard let accounts = noCallAccountShare, let balance = noCallBalanceShare else {
            return "no account is overdue"
        }
        return "\(FeatureUnit.fraction.sentenceText(accounts)) of overdue accounts (\(FeatureUnit.fraction.sentenceText(balance)) "
            + "of the overdue balance) are in strategies that need no call"
    }
}

/// The prioritized list of accounts with open overdue items.
public struct Worklist: Equatable, Sendable {
    /// Highest priority first; ties by larger overdue balance, then account id.
    public let entries: [WorklistEntry]
    public let summary: WorklistSummary
    /// Why the list is empty when the table has no `overdue_balance` column; otherwise `nil`.
    public let unavailableReason: String?

    /// Builds the worklist. `labels` gives each table row's segment; `assignments` must cover
    /// every label; `profiles` supply the segment risk (their `avg_days_late` z-score).
    public static func build(table: AccountTable, labels: [Int], profiles: [SegmentProfile],
                             assignments: [StrategyAssignment]) -> Worklist {
        precondition(labels.count == table.rowCount, "\(labels.count) labels for \(table.rowCount) accounts")
        // Read in place (`AccountTable.cell`): copying the four columns out would cost
        // 8 bytes x 4 per account (320 MB at 10M accounts) at `segment`'s busiest moment.
        guard let overdueColumn = table.numericIndex(LedgerFeature.overdueBalance.rawValue) else {
            return Worklist(entries: [], summary: WorklistSummary(overdueAccounts: 0, overdueBalance: 0,
                                                                  noCallAccounts: 0, noCallBalance: 0),
                            unavailableReason: "the accounts have no overdue_balance column")
        }
        let pastDueColumn = table.numericIndex(LedgerFeature.maxDaysPastDue.rawValue)
        let disputedColumn = table.numericIndex(LedgerFeature.disputedOpenBalance.rawValue)
        let openColumn = table.numericIndex(LedgerFeature.openBalance.rawValue)
        let strategyOf = Dictionary(uniqueKeysWithValues: assignments.map { ($0.segment, $0.strategy) })
        let riskOf = Dictionary(uniqueKeysWithValues: profiles.map { profile in
            (profile.segment, min(3, max(0, profile.feature(LedgerFeature.avgDaysLate.rawValue)?.zScore ?? 0)))
        })
        /// The entry of table row `i` (which has something overdue).
        func entry(_ i: Int) -> WorklistEntry {
            let overdue = table.values[i, overdueColumn]
            let pastDue = table.cell(i, pastDueColumn), disputed = table.cell(i, disputedColumn)
            let open = table.cell(i, openColumn)
            let segment = labels[i]
            guard let strategy = strategyOf[segment] else {
                preconditionFailure("no strategy assignment for segment \(segment)")
            }
            let amount = rounded(log10(1 + overdue))
            let age = rounded(min(max(0, pastDue), 120) / 30)
            let risk = rounded(riskOf[segment] ?? 0)
            let dispute = open > 0 ? rounded(-2 * min(1, max(0, disputed / open))) : 0
            return WorklistEntry(
                accountId: table.ids[i], segment: segment, strategyId: strategy.id, strategyName: strategy.name,
                needsCall: strategy.treatment.needsCall, overdueBalance: overdue, maxDaysPastDue: pastDue,
                amountPoints: amount, agePoints: age, riskPoints: risk, disputePoints: dispute,
                priority: rounded(amount + age + risk + dispute))
        }
        // The rows on the list and their priorities, in row order (the totals add up in that
        // order); then the rows are ranked and each entry is made once, in rank order, into an
        // array of its final size. Ranking the entries themselves held a growing array and
        // the sort's buffer of 120-byte entries at once (about 600 MB at 10M accounts).
        var rows: [Int] = [], priorities: [Double] = []
        var noCallAccounts = 0
        var total = 0.0, noCallBalance = 0.0
        for i in 0..<table.rowCount where table.values[i, overdueColumn] > 0 {
            let e = entry(i)
            rows.append(i)
            priorities.append(e.priority)
            total += e.overdueBalance
            if !e.needsCall {
                noCallAccounts += 1
                noCallBalance += e.overdueBalance
            }
        }
        // A total order (ids are unique), so the ranking does not depend on the sort algorithm.
        let order = rows.indices.sorted { a, b in
            if priorities[a] != priorities[b] { return priorities[a] > priorities[b] }
            let overdueA = table.values[rows[a], overdueColumn], overdueB = table.values[rows[b], overdueColumn]
            if overdueA != overdueB { return overdueA > overdueB }
            return table.ids[rows[a]] < table.ids[rows[b]]
        }
        let entries = order.map { entry(rows[$0]) }
        return Worklist(entries: entries,
                        summary: WorklistSummary(overdueAccounts: entries.count, overdueBalance: total,
                                                 noCallAccounts: noCallAccounts, noCallBalance: noCallBalance),
                        unavailableReason: nil)
    }

    /// Columns of `csv`, in order.
    public static let columns = [
        "rank", "account_id", "segment", "strategy", "needs_call", "overdue_balance", "max_days_past_due",
        "amount_points", "age_points", "segment_risk_points", "dispute_points", "priority",
    ]

    /// The column a holdout adds (`HoldoutDesign`): `control` or `treatment`.
    public static let testGroupColumn = "test_group"

    /// The list as CSV, one row per entry, `columns` as header.
    public var csv: String { csv(testGroupOf: nil) }

    /// The list as CSV with `test_group` last when `testGroupOf` (account id -> group) is given.
    public func csv(testGroupOf: [String: String]?) -> String { rows(testGroupOf: testGroupOf).csv }

    /// The rows of `csv(testGroupOf:)`, ranked, as typed cells.
    public func table(testGroupOf: [String: String]? = nil) -> CellTable { rows(testGroupOf: testGroupOf).table }

    /// The rows of `csv(testGroupOf:)`, ranked, made one at a time from `entries`.
    public func rows(testGroupOf: [String: String]? = nil) -> CSVRows {
        let entries = entries
        return CSVRows(header: Self.columns + (testGroupOf == nil ? [] : [Self.testGroupColumn]),
                       count: entries.count) { rank in
            let e = entries[rank]
            return [.integer(rank + 1), .text(e.accountId), .integer(e.segment), .text(e.strategyId),
                    .text(e.needsCall ? "yes" : "no"), .number(e.overdueBalance),
                    .number(e.maxDaysPastDue), .number(e.amountPoints), .number(e.agePoints),
                    .number(e.riskPoints), .number(e.disputePoints), .number(e.priority)]
                + (testGroupOf.map { [.text($0[e.accountId] ?? "")] } ?? [])
        }
    }

    /// To 0.001; `+ 0` turns `-0.0` into `0.0` so the CSV never shows `-0`.
    private static func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 + 0 }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
