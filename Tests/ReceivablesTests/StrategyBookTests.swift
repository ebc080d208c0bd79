import Foundation
import NumericCore
import Testing
@testable import Receivables

/// A table whose segments sit on the guide's profiles: every account of a segment has the
/// same values, so segment means equal these rows.
private func plantedTable(_ segments: [(count: Int, values: [Double])], names: [String]) -> (AccountTable, [Int]) {
    var rows: [[Double]] = [], labels: [Int] = []
    for (label, segment) in segments.enumerated() {
        for _ in 0..<segment.count {
            rows.append(segment.values)
            labels.append(label)
        }
    }
    let ids = rows.indices.map { "A\($0)" }
    return (AccountTable(ids: ids, numericNames: names, values: Matrix(rows)), labels)
}

private let domainNames = ["billed_12m", "avg_invoice_amount", "overdue_balance", "open_balance",
                           "share_overdue_30_plus", "avg_days_late", "pct_paid_late", "dispute_rate"]

/// self-cure, occasional, chronic, at risk, dispute-heavy, small balance, strategic.
private let planted: [(count: Int, values: [Double])] = [
    (10, [100_000, 5_000, 0, 8_000, 0, 1, 5, 0.01]),
    (10, [100_000, 5_000, 2_000, 10_000, 0.05, 6, 35, 0.03]),
    (10, [80_000, 4_000, 8_000, 12_000, 0.3, 38, 90, 0.04]),
    (3, [1_500_000, 40_000, 400_000, 600_000, 0.6, 30, 70, 0.04]),
    (6, [150_000, 7_000, 5_000, 12_000, 0.1, 15, 40, 0.4]),
    (10, [3_000, 250, 100, 300, 0.1, 8, 30, 0.02]),
    (3, [8_000_000, 150_000, 50_000, 1_200_000, 0.02, 2, 12, 0.03]),
]

@Suite struct StrategyAssignmentTests {
    @Test func defaultRulesRecognisePlantedProfiles() {
        let (table, labels) = plantedTable(planted, names: domainNames)
        let assignments = StrategyBook.default.assign(SegmentProfiler.profile(table: table, labels: labels))
        #expect(assignments.map(\.strategy.id) == ["self_cure", "occasional_late", "chronic_late", "high_value_at_risk",
                                                   "dispute_heavy", "small_balance", "strategic"])
        // Overall mean days late = 716 / 52 = 13.77; overdue balance: 80k of 1.481M.
        #expect(assignments[2].reasons.contains("average days late 38 days vs 13.8 days overall"))
        #expect(assignments[2].reasons.last == "10 accounts (19.2% of accounts), 5.4% of the overdue balance")
        #expect(assignments[3].reasons.first == "overdue balance 14x the overall average (400k vs 28.5k)")
        #expect(assignments[6].reasons.first == "median billing in the last 12 months 80x the overall median (8M vs 100k)")
        #expect(assignments.allSatisfy { $0.rule != nil })
    }

    @Test func unmatchedSegmentsAreReviewedManuallyWithTheirProfile() {
        let (table, labels) = plantedTable([(3, [1]), (3, [10])], names: ["unrelated"])
        let assignments = StrategyBook.default.assign(SegmentProfiler.profile(table: table, labels: labels))
        #expect(assignments.map(\.strategy.id) == ["review_manually", "review_manually"])
        #expect(assignments.map(\.rule) == [nil, nil])
        #expect(assignments[1].reasons.first == "no rule matched")
        #expect(assignments[1].reasons.contains("unrelated 10 vs 5.5 overall (z +1)"))
        #expect(assignments[1].strategy.treatment.needsCall)
    }

    @Test func rulesUseWhicheverFeaturesArePresent() {
        // Only lateness columns: risk, value, size and dispute rules cannot apply.
        let (table, labels) = plantedTable([(5, [38, 90]), (5, [1, 5]), (5, [6, 35])],
                                           names: ["avg_days_late", "pct_paid_late"])
        let assignments = StrategyBook.default.assign(SegmentProfiler.profile(table: table, labels: labels))
        #expect(assignments.map(\.strategy.id) == ["chronic_late", "self_cure", "occasional_late"])
        #expect(assignments[1].reasons.count == 3)  // two lateness conditions + the weight line
    }

    @Test func promiseBreakersOnlyWhenTheDataHasPromises() {
        let names = domainNames + ["broken_promise_rate"]
        let segments = planted.map { (count: $0.count, values: $0.values + [0.02]) }
            + [(count: 4, values: [90_000, 4_000, 9_000, 12_000, 0.3, 25, 80, 0.03, 0.6])]
        let (table, labels) = plantedTable(segments, names: names)
        let assignments = StrategyBook.default.assign(SegmentProfiler.profile(table: table, labels: labels))
        #expect(assignments.last?.strategy.id == "promise_breakers")
        #expect(assignments.filter { $0.strategy.id == "promise_breakers" }.count == 1)
    }

    @Test func segmentsMayShareAStrategy() {
        let (table, labels) = plantedTable([(5, [38, 90]), (5, [45, 95]), (5, [1, 5])],
                                           names: ["avg_days_late", "pct_paid_late"])
        let assignments = StrategyBook.default.assign(SegmentProfiler.profile(table: table, labels: labels))
        #expect(assignments.map(\.strategy.id) == ["chronic_late", "chronic_late", "self_cure"])
    }
}

@Suite struct StrategyConditionTests {
    @Test(arguments: ["mean(avg_days_late) >= 20", "z(dispute_rate) > 1", "share_of_accounts <= 0.1",
                      "median_ratio(billed_12m) < 0.25", "ratio(overdue_balance) >= -3", "share(open_balance) >= 0.5"])
    func parsesAndPrintsBack(text: String) throws {
        #expect(try StrategyCondition(parsing: text).description == text)
    }

    @Test func toleratesMissingSpaces() throws {
        #expect(try StrategyCondition(parsing: "mean(avg_days_late)>=20")
                == StrategyCondition(subject: .feature(.mean, "avg_days_late"), comparison: .atLeast, threshold: 20))
    }

    @Test(arguments: [
        ("mean(x) => 3", "unknown measure 'mean(x) ='"),
        ("avg(x) >= 3", "unknown measure 'avg(x)'"),
        ("mean() >= 3", "missing feature name"),
        ("mean(x) >= abc", "expected a plain number after '>=', found 'abc'"),
        ("mean(x) >= nan", "expected a plain number"),
        ("mean(x) 3", "expected 'measure(feature) >= number'"),
    ])
    func rejectsBadConditions(text: String, message: String) {
        let error = errorDescription { _ = try StrategyCondition(parsing: text) }
        #expect(error?.contains(message) == true, "\(error ?? "no error")")
    }

    @Test func undefinedMeasuresFail() {
        let (table, labels) = plantedTable([(2, [0]), (2, [0])], names: ["overdue_balance"])
        let profile = SegmentProfiler.profile(table: table, labels: labels)[0]
        let condition = try! StrategyCondition(parsing: "ratio(overdue_balance) >= 0")
        #expect(condition.value(in: profile) == nil)
        #expect(!condition.holds(in: profile))
    }
}

@Suite struct StrategyBookCodingTests {
    @Test func defaultBookIsValid() throws {
        try StrategyBook.default.validate()
        #expect(StrategyBook.default.strategies.count == 8)
        #expect(StrategyBook.default.rules.map(\.strategy).sorted() == StrategyBook.default.strategies.map(\.id).sorted())
    }

    @Test func jsonRoundTrip() throws {
        let data = try JSONEncoder().encode(StrategyBook.default)
        #expect(try JSONDecoder().decode(StrategyBook.self, from: data) == StrategyBook.default)
    }

    @Test func yamlRoundTrip() throws {
        let yaml = StrategyBook.default.yaml
        #expect(yaml.contains("needs_call: false"))
        #expect(try StrategyBook.parse(yaml: yaml, path: "default.yaml") == StrategyBook.default)
    }

    @Test func validateCatchesWhatCodeCanBuild() {
        var book = StrategyBook.default
        book.rules.append(StrategyRule(strategy: "nope", when: []))
        #expect(errorDescription { try book.validate() } == "rule 9: unknown strategy 'nope'")
        book = StrategyBook.default
        book.strategies.append(book.strategies[0])
        #expect(errorDescription { try book.validate() } == "strategy 'self_cure' is defined twice")
    }
}
