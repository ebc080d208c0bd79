import NumericCore
import Testing
@testable import Receivables

@Suite struct SegmentProfilerTests {
    let table = AccountTable(
        ids: ["a", "b", "c", "d", "e", "f"], numericNames: ["open_balance", "overdue_balance", "avg_days_late", "flat"],
        values: Matrix([[100, 0, 0, 5], [300, 100, 2, 5], [0, 0, 40, 5], [0, 0, 50, 5], [600, 300, 60, 5], [1000, 600, 10, 5]]),
        categoricalColumns: [.init(name: "type", values: ["a", "a", "b", "b", "a", "c"])])
    let labels = [0, 0, 1, 1, 1, 2]

    @Test func sizesSharesAndStatisticsMatchHandComputation() throws {
        let profiles = SegmentProfiler.profile(table: table, labels: labels)
        #expect(profiles.map(\.segment) == [0, 1, 2])
        #expect(profiles.map(\.size) == [2, 3, 1])
        let accounts: [Double] = [2.0 / 6, 3.0 / 6, 1.0 / 6]
        let open: [Double?] = [0.2, 0.3, 0.5]
        let overdue: [Double?] = [0.1, 0.3, 0.6]
        #expect(profiles.map(\.shareOfAccounts) == accounts)
        #expect(profiles.map(\.shareOfOpenBalance) == open)
        #expect(profiles.map(\.shareOfOverdueBalance) == overdue)
        // avg_days_late: overall mean 162/6 = 27; squared deviations sum to 3430; population sd.
        let sd = (3430.0 / 6).squareRoot()
        let late = try #require(profiles[1].feature("avg_days_late"))
        #expect(late.mean == 50)
        #expect(late.median == 50)
        #expect(late.overallMean == 27)
        #expect(late.overallMedian == 25)
        #expect(abs(late.overallStandardDeviation - sd) < 1e-12)
        #expect(abs(late.zScore - 23 / sd) < 1e-12)
        #expect(abs(profiles[0].feature("avg_days_late")!.zScore - (1 - 27) / sd) < 1e-12)
        #expect(profiles[0].feature("avg_days_late")!.median == 1)
        let ratio: Double? = 200.0 / (2000.0 / 6)
        #expect(profiles[1].feature("open_balance")!.ratioToOverall == ratio)
        #expect(profiles[1].feature("open_balance")!.medianRatioToOverall == 0)
    }

    /// The profiler summarises one column at a time; it must give exactly what summarising
    /// every segment's members column by column gives (the rule, written the direct way here),
    /// for labels in any order, gaps between label numbers included.
    @Test func columnAtATimeMatchesTheDirectComputation() {
        var random = SplitMix64(seed: 16)
        let n = 500
        let names = ["open_balance", "overdue_balance", "x", "y"]
        var values = Matrix(rows: n, columns: names.count)
        for i in 0..<n { for j in names.indices { values[i, j] = Double(random.nextInt(below: 1000)) / 7 } }
        let kinds = ["north", "south", "east", "west", "=x", "a", "b"]
        let text = (0..<2).map { c in (0..<n).map { _ in kinds[random.nextInt(below: kinds.count - c * 3)] } }
        let table = AccountTable(ids: (0..<n).map { "A\($0)" }, numericNames: names, values: values,
                                 categoricalColumns: [.init(name: "region", values: text[0]), .init(name: "kind", values: text[1])])
        let labels = (0..<n).map { _ in [9, 2, 5, 0][random.nextInt(below: 4)] }
        let profiles = SegmentProfiler.profile(table: table, labels: labels)
        #expect(profiles.map(\.segment) == [0, 2, 5, 9])
        for profile in profiles {
            let members = labels.indices.filter { labels[$0] == profile.segment }
            #expect(profile.size == members.count)
            for (j, name) in names.enumerated() {
                let all = Summary(values.column(j)), mine = Summary(members.map { values[$0, j] })
                let feature = profile.feature(name)!
                #expect(feature.mean == mine.mean && feature.median == mine.median && feature.sum == mine.sum)
                #expect(feature.overallMean == all.mean && feature.overallMedian == all.median)
                #expect(feature.zScore == (mine.mean - all.mean) / all.standardDeviation)
            }
            for (c, column) in table.categoricalColumns.enumerated() {
                let mine = SegmentProfiler.frequencies(members.map { column.values[$0] })
                #expect(profile.categorical[c].values.map(\.value) == Array(mine.prefix(SegmentProfiler.categoryLimit).map(\.value)))
                #expect(profile.categorical[c].values.map(\.share)
                        == Array(mine.prefix(SegmentProfiler.categoryLimit).map { Double($0.count) / Double(members.count) }))
            }
        }
    }

    @Test func zeroVarianceFeatureHasZeroScore() {
        let profiles = SegmentProfiler.profile(table: table, labels: labels)
        #expect(profiles.allSatisfy { $0.feature("flat")!.zScore == 0 })
    }

    @Test func distinguishingFeaturesAreWordsWithNumbers() {
        let profiles = SegmentProfiler.profile(table: table, labels: labels)
        #expect(profiles[1].distinguishing.contains("average days late 50 days vs 27 days overall (z +1)"))
        #expect(profiles[1].distinguishing.contains("type b: 66.7% vs 33.3% overall"))
        #expect(profiles[1].categorical[0].values.map(\.value) == ["b", "a"])
    }

    @Test func distinguishingRuleKeepsTheStrongestThreeAtLeastHalfASigma() {
        #expect(SegmentProfiler.distinguishingThreshold == 0.5 && SegmentProfiler.distinguishingLimit == 3)
        // |z| >= 0.5 only, largest |z| first, ties by position, at most three; non-finite never.
        #expect(SegmentProfiler.distinguishingFeatures(zScores: [0.2, -0.5, 0.49, 1.5, .nan, -1.5, .infinity, 0.7])
                == [3, 5, 7])
        #expect(SegmentProfiler.distinguishingFeatures(zScores: [0.5, -0.5]) == [0, 1])
        #expect(SegmentProfiler.distinguishingFeatures(zScores: [0.1, .nan]).isEmpty)
    }

    @Test func tableWithoutBalancesHasNoBalanceShares() {
        let other = AccountTable(ids: ["a", "b"], numericNames: ["x"], values: Matrix([[1], [2]]))
        let profiles = SegmentProfiler.profile(table: other, labels: [1, 1])
        #expect(profiles.count == 1 && profiles[0].segment == 1 && profiles[0].shareOfAccounts == 1)
        #expect(profiles[0].shareOfOpenBalance == nil && profiles[0].shareOfOverdueBalance == nil)
    }
}

@Suite struct SegmentProfilerPropertyTests {
    /// On random tables and labelings: shares of accounts and of balances sum to 1, and the
    /// size-weighted z-scores of every feature sum to 0 (segment means average to the overall mean).
    @Test func sharesAndWeightedScoresBalance() {
        var rng = SplitMix64(seed: 77)
        for _ in 0..<40 {
            let n = 2 + rng.nextInt(below: 60), k = 1 + rng.nextInt(below: min(n, 6))
            var x = Matrix(rows: n, columns: 3)
            for i in 0..<n {
                x[i, 0] = (rng.nextUniform() * 1e6).rounded() / 100
                x[i, 1] = x[i, 0] * rng.nextUniform()
                x[i, 2] = rng.nextGaussian() * 30
            }
            let table = AccountTable(ids: (0..<n).map { "A\($0)" }, numericNames: ["open_balance", "overdue_balance", "t"],
                                     values: x)
            let labels = (0..<n).map { $0 < k ? $0 : rng.nextInt(below: k) }
            let profiles = SegmentProfiler.profile(table: table, labels: labels)
            #expect(profiles.count == k)
            #expect(abs(profiles.reduce(0) { $0 + $1.shareOfAccounts } - 1) < 1e-12)
            #expect(abs(profiles.reduce(0) { $0 + ($1.shareOfOpenBalance ?? 0) } - 1) < 1e-9)
            for name in ["open_balance", "overdue_balance", "t"] {
                let weighted = profiles.reduce(0) { $0 + $1.shareOfAccounts * $1.feature(name)!.zScore }
                #expect(abs(weighted) < 1e-9, "\(name)")
            }
        }
    }
}
