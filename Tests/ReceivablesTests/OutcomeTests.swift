import Testing
import Tabular
import TestSupport
@testable import Receivables

private let asOf = CalendarDay(year: 2025, month: 3, day: 31)!

/// An invoice issued `issued` days from T, due `due` days from T, paid `paid` days from T.
private func invoice(_ account: String, _ id: String, issued: Int, due: Int, amount: Double, paid: Int?) -> Invoice {
    Invoice(accountId: account, invoiceId: id, invoiceDate: asOf + issued, dueDate: asOf + due, amount: amount,
            paidDate: paid.map { asOf + $0 }, disputed: false)
}

@Suite struct OutcomeTests {
    /// Hand-built: the comment on each row gives its part in the expected numbers (T = as-of, H = 30).
    let ledger: [Invoice] = [
        invoice("A", "a1", issued: -40, due: -10, amount: 100, paid: 5),    // overdue 1-30, collected day 5
        invoice("A", "a2", issued: -20, due: 10, amount: 50, paid: nil),    // current at T, 20 dpd at T+30: 1-30
        invoice("A", "a3", issued: 3, due: 33, amount: 70, paid: nil),      // billed in window, current at T+30
        invoice("A", "a4", issued: -50, due: -20, amount: 10, paid: 0),     // settled on T: not open; billed
        invoice("A", "a5", issued: -90, due: -60, amount: 1000, paid: -60), // dated T-90: outside (T-90, T]
        invoice("B", "b1", issued: -70, due: -40, amount: 200, paid: 40),   // overdue 31-60, 70 dpd at T+30: 61-90
        invoice("B", "b2", issued: -130, due: -100, amount: 300, paid: 20), // overdue 90+ (oldest), collected day 20
        invoice("B", "b3", issued: -200, due: -170, amount: 999, paid: -150), // settled long before T
        invoice("C", "c1", issued: -30, due: 0, amount: 400, paid: 30),     // due on T: current; settled on T+30
        invoice("D", "d1", issued: 10, due: 40, amount: 5, paid: nil),      // a new account after T: no group
    ]

    func run() -> (tallies: [OutcomeTally], accounts: [AccountOutcome]) {
        var accumulator = OutcomeAccumulator(asOf: asOf, horizon: 30, groupOf: ["A": 0, "C": 0, "B": 1], groupCount: 2)
        for i in ledger { accumulator.add(i) }
        return accumulator.finish()
    }

    @Test func outcomesOfAHandBuiltLedger() {
        let (tallies, accounts) = run()
        let s = OutcomeSummary(OutcomeTally.merged(tallies))
        #expect(s.overdueAccounts == 2 && s.curedAccounts == 1)
        #expect(s.overdueAmount == 600 && s.collectedAmount == 400)
        #expect(s.collectedShare == 400.0 / 600 && s.cureRate == 0.5)
        #expect(s.settledInvoices == 2 && s.daysToPayMedian == 12.5 && s.daysToPayP90 == 5 + 0.9 * 15)
        #expect(s.cureCurve.count == 30 && s.cureCurve[3] == 0 && s.cureCurve[4] == 100.0 / 600 && s.cureCurve[29] == 400.0 / 600)
        // Roll: rows current, 1-30, 31-60, 61-90, 90+; columns settled, current, 1-30, 31-60, 61-90, 90+.
        #expect(s.roll.map(\.amounts) == [[400, 0, 50, 0, 0, 0], [100, 0, 0, 0, 0, 0], [0, 0, 0, 0, 200, 0],
                                          [0, 0, 0, 0, 0, 0], [300, 0, 0, 0, 0, 0]])
        #expect(s.roll[0].shares == [400.0 / 450, 0, 50.0 / 450, 0, 0, 0] && s.roll[3].shares == nil)

        let k = s.kpis
        #expect(k.openAR == 1050 && k.currentAR == 450 && k.billing90 == 100 + 50 + 10 + 200 + 400)
        #expect(approxEqual(k.dso!, 1050.0 / 760 * 90) && approxEqual(k.bestPossibleDSO!, 450.0 / 760 * 90))
        #expect(approxEqual(k.averageDaysDelinquent!, 600.0 / 760 * 90))
        #expect(approxEqual(k.percentCurrent!, 100 * 450.0 / 1050))
        #expect(k.billedInWindow == 75 && k.openARAtHorizon == 325 && k.currentARAtHorizon == 75)  // a2 b1 a3 d1; a3 d1
        let cei: Double = 100.0 * 800 / 1050  // (B + S - E) / (B + S - Ec) = (1050 + 75 - 325) / (1050 + 75 - 75)
        #expect(approxEqual(k.cei!, cei))

        #expect(accounts.map(\.accountId) == ["A", "B"])
        #expect(accounts[0] == AccountOutcome(accountId: "A", group: 0, overdueAtAsOf: 100, collected: 100, cured: true,
                                              daysToPay: 5, bucketAtAsOf: .days1to30, bucketAtHorizon: nil))
        #expect(accounts[1] == AccountOutcome(accountId: "B", group: 1, overdueAtAsOf: 500, collected: 300, cured: false,
                                              daysToPay: nil, bucketAtAsOf: .days90plus, bucketAtHorizon: nil))
        #expect(accounts[1].stateAtHorizon == "settled")
    }

    @Test func groupsSplitTheTotals() {
        let (tallies, _) = run()
        #expect(tallies.count == 3)
        #expect(tallies[0].overdueAmount == 100 && tallies[1].overdueAmount == 500 && tallies[2].overdueAmount == 0)
        #expect(tallies[2].billedInWindow == 5 && tallies[0].billedInWindow == 70)
        var merged = tallies[0]
        merged.merge(tallies[1])
        merged.merge(tallies[2])
        #expect(merged == OutcomeTally.merged(tallies))
    }

    @Test func theOldestOverdueInvoiceNamesTheState() {
        var accumulator = OutcomeAccumulator(asOf: asOf, horizon: 30, groupOf: [:], groupCount: 0)
        accumulator.add(invoice("E", "e1", issued: -40, due: -5, amount: 10, paid: 3))
        accumulator.add(invoice("E", "e2", issued: -80, due: -45, amount: 20, paid: nil))  // oldest: 75 dpd at T+30
        accumulator.add(invoice("E", "e3", issued: -80, due: -45, amount: 30, paid: 2))    // same due date, later in file
        let outcome = accumulator.finish().accounts[0]
        #expect(outcome.bucketAtAsOf == .days31to60 && outcome.stateAtHorizon == "61-90" && outcome.group == nil)
        #expect(!outcome.cured && outcome.daysToPay == nil && outcome.collected == 40)
    }

    @Test func kpiGoldenVectors() {
        // research/dunning-and-kpis.md 2.2: DSO 30.42; CEI 55.93 with S/3 and 79.63 undivided.
        #expect(abs(CollectionKPI.daysSalesOutstanding(openAR: 150_000, billing: 1_800_000, days: 365)! - 30.42) < 0.005)
        let cei3 = CollectionKPI.collectionEffectivenessIndex(beginningAR: 6_200, billing: 10_890, endingAR: 6_340,
                                                              endingCurrentAR: 3_590, months: 3)!
        let cei1 = CollectionKPI.collectionEffectivenessIndex(beginningAR: 6_200, billing: 10_890, endingAR: 6_340,
                                                              endingCurrentAR: 3_590)!
        #expect(abs(cei3 - 55.93) < 0.005 && abs(cei1 - 79.63) < 0.005)
        #expect(CollectionKPI.daysSalesOutstanding(openAR: 1, billing: 0, days: 90) == nil)
        #expect(CollectionKPI.percentCurrent(currentAR: 0, openAR: 0) == nil)
        #expect(CollectionKPI.quantile([], 0.5) == nil && CollectionKPI.quantile([7], 0.9) == 7)
        #expect(CollectionKPI.quantile([1, 2, 3, 4], 0.9) == 3.7)
    }

    @Test func agingBucketsMatchTheFeatures() {
        for (days, bucket) in [(-5, AgingBucket.current), (0, .current), (1, .days1to30), (30, .days1to30), (31, .days31to60),
                               (60, .days31to60), (61, .days61to90), (90, .days61to90), (91, .days90plus)] {
            #expect(AgingBucket(daysPastDue: days) == bucket)
            #expect(FeatureBuilder.agingBucket(daysPastDue: days) == bucket.rawValue)
        }
    }

    @Test func kendallTauAndPSI() {
        #expect(abs(OriginStatistics.kendallTau([1, 2, 3], [1, 3, 2])! - 1.0 / 3) < 1e-15)
        // Ties in x: scipy.stats.kendalltau([1, 1, 2], [1, 2, 3]) = 0.816496580927726.
        #expect(abs(OriginStatistics.kendallTau([1, 1, 2], [1, 2, 3])! - 2 / 6.0.squareRoot()) < 1e-15)
        #expect(OriginStatistics.kendallTau([1, 1], [1, 2]) == nil && OriginStatistics.kendallTau([1], [2]) == nil)
        let psi = OriginStatistics.populationStabilityIndex(expected: [50, 50], actual: [60, 40])!
        #expect(abs(psi - (0.1 * log(1.2) + 0.1 * log(1.25))) < 1e-15)
        #expect(OriginStatistics.populationStabilityIndex(expected: [10, 10], actual: [10, 10]) == 0)
        #expect(OriginStatistics.psiBand(0.05) == "stable" && OriginStatistics.psiBand(0.2) == "moderate shift"
                && OriginStatistics.psiBand(0.3) == "major shift")
    }

    @Test func holdoutIsStableExactAndSaltDependent() {
        let ids = (0..<300).map { "C\($0)" }
        let segments = ids.indices.map { $0 % 3 }
        let design = HoldoutDesign(share: 0.1, salt: "spring")
        let groups = design.groups(ids: ids, segments: segments)
        for s in 0..<3 {
            #expect(zip(groups, segments).filter { $0.1 == s && $0.0 == .control }.count == 10)
        }
        // The same accounts whatever the order of the rows.
        let reversed = design.groups(ids: ids.reversed(), segments: segments.reversed())
        #expect(Array(reversed.reversed()) == groups)
        let other = HoldoutDesign(share: 0.1, salt: "autumn").groups(ids: ids, segments: segments)
        #expect(other != groups)
        #expect(HoldoutDesign.hash(accountId: "C1", salt: "x") == HoldoutDesign.hash(accountId: "C1", salt: "x"))
        #expect(HoldoutDesign.hash(accountId: "C1", salt: "x") != HoldoutDesign.hash(accountId: "C1", salt: "y"))
    }
}

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
