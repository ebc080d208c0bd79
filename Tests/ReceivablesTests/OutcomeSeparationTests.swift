import Testing
import Tabular
@testable import Receivables

@Suite struct OutcomeSeparationTests {
    @Test func textbookEtaSquaredWithUnitWeights() {
        // y 1 2 | 3 4: mean 2.5; SS_total 2.25 + 0.25 + 0.25 + 2.25 = 5; SS_between 2(2.5-1.5)^2 + 2(3.5-2.5)^2 = 4.
        let s = OutcomeSeparation(values: [1, 2, 3, 4], weights: [1, 1, 1, 1], groups: [0, 0, 1, 1], groupCount: 3)
        #expect(s.mean == 2.5 && s.totalSumOfSquares == 5 && s.betweenSumOfSquares == 4)
        #expect(s.etaSquared == 0.8)
        #expect(s.groupMeans == [1.5, 3.5, nil] && s.groups == 2 && s.accounts == 4)
    }

    @Test func weightsCountAsRepeatedAccounts() {
        // Weight 3 on y = 4 is three accounts at 4: 1 2 | 4 4 4.
        let weighted = OutcomeSeparation(values: [1, 2, 4], weights: [1, 1, 3], groups: [0, 0, 1], groupCount: 2)
        let repeated = OutcomeSeparation(values: [1, 2, 4, 4, 4], weights: [1, 1, 1, 1, 1], groups: [0, 0, 1, 1, 1], groupCount: 2)
        #expect(abs(weighted.etaSquared! - repeated.etaSquared!) < 1e-15)
        #expect(weighted.totalWeight == 5 && weighted.mean == 3)
    }

    @Test func undefinedWithoutVariance() {
        #expect(OutcomeSeparation(values: [], weights: [], groups: [], groupCount: 2).etaSquared == nil)
        #expect(OutcomeSeparation(values: [0.5, 0.5], weights: [10, 20], groups: [0, 1], groupCount: 2).etaSquared == nil)
        // One group holding everyone: all of the variance is within it.
        #expect(OutcomeSeparation(values: [0, 1], weights: [1, 1], groups: [0, 0], groupCount: 1).etaSquared == 0)
        // Every account its own group: all of it is between.
        #expect(OutcomeSeparation(values: [0, 1], weights: [1, 1], groups: [0, 1], groupCount: 2).etaSquared == 1)
    }

    @Test func collectedShareIsWeightedByTheOverdueAmount() {
        func outcome(_ id: String, _ overdue: Double, _ collected: Double) -> AccountOutcome {
            AccountOutcome(accountId: id, group: nil, overdueAtAsOf: overdue, collected: collected, cured: collected == overdue,
                           daysToPay: nil, bucketAtAsOf: .days1to30, bucketAtHorizon: nil)
        }
        let outcomes = [outcome("A", 100, 100), outcome("B", 300, 0), outcome("C", 600, 300), outcome("X", 50, 0)]
        let (s, leftOut) = OutcomeSeparation.collectedShare(outcomes, groups: { ["A": 0, "B": 0, "C": 1][$0] }, groupCount: 2)
        #expect(leftOut == 1 && s.accounts == 3)
        // Group means are the groups' collected shares (collected / overdue): 100/400 and 300/600;
        // the mean is the portfolio's, 400/1000.
        #expect(s.groupMeans == [0.25, 0.5] && s.mean == 0.4)
        // SS_total = 100(1-.4)^2 + 300(0-.4)^2 + 600(.5-.4)^2 = 36 + 48 + 6 = 90;
        // SS_between = 400(.25-.4)^2 + 600(.5-.4)^2 = 9 + 6 = 15.
        #expect(abs(s.totalSumOfSquares - 90) < 1e-12 && abs(s.betweenSumOfSquares - 15) < 1e-12)
        #expect(abs(s.etaSquared! - 1.0 / 6) < 1e-15)
    }
}
