import NumericCore
import Testing
@testable import Receivables

@Suite struct WorklistTests {
    let table = AccountTable(
        ids: ["a", "b", "c", "d"],
        numericNames: ["overdue_balance", "max_days_past_due", "open_balance", "disputed_open_balance", "avg_days_late"],
        values: Matrix([[1000, 45, 1000, 0, 40], [99_999, 200, 100_000, 50_000, 40], [0, 0, 500, 0, 0], [10, 3, 20, 0, 0]]))
    let labels = [0, 0, 1, 1]

    func worklist(_ table: AccountTable) -> Worklist {
        let profiles = SegmentProfiler.profile(table: table, labels: labels)
        let book = StrategyBook.default
        let assignments = [
            StrategyAssignment(segment: 0, strategy: book.strategy(id: "chronic_late")!, rule: 5, reasons: []),
            StrategyAssignment(segment: 1, strategy: book.strategy(id: "self_cure")!, rule: 6, reasons: []),
        ]
        return Worklist.build(table: table, labels: labels, profiles: profiles, assignments: assignments)
    }

    @Test func priorityPartsAreShownAndSorted() {
        let list = worklist(table)
        // Segment 0 pays 40 days late vs 20 overall, sd 20: risk 1; segment 1: z = -1 -> 0.
        #expect(list.entries.map(\.accountId) == ["b", "a", "d"])
        let b = list.entries[0]
        #expect([b.amountPoints, b.agePoints, b.riskPoints, b.disputePoints, b.priority] == [5, 4, 1, -1, 9])
        let a = list.entries[1]
        #expect([a.amountPoints, a.agePoints, a.riskPoints, a.disputePoints, a.priority] == [3, 1.5, 1, 0, 5.5])
        let d = list.entries[2]
        #expect([d.amountPoints, d.agePoints, d.riskPoints, d.priority] == [1.041, 0.1, 0, 1.141])
        #expect(list.entries.map(\.needsCall) == [true, true, false])
    }

    @Test func wastedCallsSummary() {
        let summary = worklist(table).summary
        #expect(summary.overdueAccounts == 3)
        #expect(summary.overdueBalance == 101_009)
        #expect(summary.noCallAccounts == 1 && summary.noCallBalance == 10)
        #expect(summary.noCallAccountShare == 1.0 / 3)
        #expect(summary.sentence == "33.3% of overdue accounts (0% of the overdue balance) are in strategies that need no call")
    }

    @Test func csvHasTheDocumentedColumns() {
        let lines = worklist(table).csv.split(separator: "\n")
        #expect(lines[0] == "rank,account_id,segment,strategy,needs_call,overdue_balance,max_days_past_due,amount_points,age_points,segment_risk_points,dispute_points,priority")
        #expect(lines[1] == "1,b,0,chronic_late,yes,99999,200,5,4,1,-1,9")
        #expect(lines[3] == "3,d,1,self_cure,no,10,3,1.041,0.1,0,0,1.141")
    }

    @Test func withoutOverdueColumnTheListIsUnavailable() {
        let other = AccountTable(ids: ["a", "b", "c", "d"], numericNames: ["x"], values: Matrix([[1], [2], [3], [4]]))
        let list = worklist(other)
        #expect(list.entries.isEmpty)
        #expect(list.unavailableReason == "the accounts have no overdue_balance column")
        #expect(list.summary.noCallAccountShare == nil)
        #expect(list.summary.sentence == "no account is overdue")
    }
    /// Ranking row indices gives the ranking of the entries themselves: priority, then overdue
    /// balance, then id; many ties here, and columns the table lacks count as zeros.
    @Test func rankingWithTiesMatchesSortingTheEntries() {
        var random = SplitMix64(seed: 16)
        let n = 400
        let ids = (0..<n).map { "A\(($0 * 7919) % n)" }
        var values = Matrix(rows: n, columns: 2)
        for i in 0..<n {
            values[i, 0] = [0, 0, 10, 100, 1000][random.nextInt(below: 5)]
            values[i, 1] = Double(random.nextInt(below: 3) * 30)
        }
        let table = AccountTable(ids: ids, numericNames: ["overdue_balance", "max_days_past_due"], values: values)
        let labels = (0..<n).map { _ in random.nextInt(below: 2) }
        let book = StrategyBook.default
        let assignments = [
            StrategyAssignment(segment: 0, strategy: book.strategy(id: "chronic_late")!, rule: 5, reasons: []),
            StrategyAssignment(segment: 1, strategy: book.strategy(id: "self_cure")!, rule: 6, reasons: []),
        ]
        let list = Worklist.build(table: table, labels: labels, profiles: SegmentProfiler.profile(table: table, labels: labels),
                                  assignments: assignments)
        let expected = list.entries.sorted {
            if $0.priority != $1.priority { return $0.priority > $1.priority }
            if $0.overdueBalance != $1.overdueBalance { return $0.overdueBalance > $1.overdueBalance }
            return $0.accountId < $1.accountId
        }
        #expect(list.entries.map(\.accountId) == expected.map(\.accountId))
        let overdueRows = (0..<n).filter { values[$0, 0] > 0 }
        #expect(Set(list.entries.map(\.accountId)) == Set(overdueRows.map { ids[$0] }))
        #expect(list.entries.allSatisfy { $0.disputePoints == 0 })
        #expect(list.summary.overdueBalance == overdueRows.reduce(0) { $0 + values[$1, 0] })
    }
}
