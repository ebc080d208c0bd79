import Clustering
import Receivables
import Tabular

extension BacktestPipeline {
    /// One window's groups: segments, strategies (merged segments, in order of their first
    /// segment), strategies by test group, and the call / no-call split of the wasted-call figure.
    static func window(horizon: Int, asOf: CalendarDay, tallies: [OutcomeTally], origin: OriginSegments) -> BacktestWindow {
        let tests = origin.testGroupCount
        let testNames = HoldoutDesign.Group.allCases.map(\.rawValue)
        func tally(segments: [Int], test: Int? = nil) -> OutcomeTally {
            OutcomeTally.merged(segments.flatMap { s in (0..<tests).filter { test == nil || $0 == test }.map { tallies[s * tests + $0] } })
        }
        func accounts(segments: [Int], test: Int? = nil) -> Int {
            guard let test, let groups = origin.testGroups else { return segments.reduce(0) { $0 + origin.segments[$1].accounts } }
            let members = Set(segments)
            return zip(origin.segmentIndex, groups).filter { members.contains($0.0) && $0.1.rawValue == testNames[test] }.count
        }
        let segmentGroups = origin.segments.indices.map { s -> BacktestGroup in
            let seg = origin.segments[s]
            return BacktestGroup(label: "Segment \(seg.segment) (\(seg.strategyName))", segment: seg.segment, strategy: seg.strategy,
                                 needsCall: seg.needsCall, testGroup: nil, accounts: seg.accounts,
                                 outcome: OutcomeSummary(tally(segments: [s])))
        }
        var order: [String] = []
        var members: [String: [Int]] = [:]
        for (s, seg) in origin.segments.enumerated() {
            if members[seg.strategy] == nil { order.append(seg.strategy) }
            members[seg.strategy, default: []].append(s)
        }
        func strategyGroup(_ id: String, test: Int? = nil) -> BacktestGroup {
            let first = origin.segments[members[id]![0]]
            let label = first.strategyName + (test.map { " · \(testNames[$0])" } ?? "")
            return BacktestGroup(label: label, segment: nil, strategy: id, needsCall: first.needsCall,
                                 testGroup: test.map { testNames[$0] }, accounts: accounts(segments: members[id]!, test: test),
                                 outcome: OutcomeSummary(tally(segments: members[id]!, test: test)))
        }
        func callGroup(_ needsCall: Bool) -> BacktestGroup? {
            let segments = origin.segments.indices.filter { origin.segments[$0].needsCall == needsCall }
            guard !segments.isEmpty else { return nil }
            return BacktestGroup(label: needsCall ? "Strategies that call" : "Strategies that need no call", segment: nil,
                                 strategy: nil, needsCall: needsCall, testGroup: nil, accounts: accounts(segments: segments),
                                 outcome: OutcomeSummary(tally(segments: segments)))
        }
        return BacktestWindow(
            horizon: horizon, end: (asOf + horizon).description,
            portfolio: OutcomeSummary(OutcomeTally.merged(tallies)),
            segments: segmentGroups, strategies: order.map { strategyGroup($0) },
            testGroups: origin.testGroups == nil ? [] : order.flatMap { id in (0..<tests).map { strategyGroup(id, test: $0) } },
            noCall: callGroup(false), call: callGroup(true))
    }

    /// Per origin: the first horizon's collected share by strategy, Kendall's tau against the
    /// segment risk, and against the next-earlier origin the PSI of the mix, the adjusted Rand
    /// index on the shared accounts and the migration matrix.
    static func originRows(_ origins: [OriginSegments], tallies: [[OutcomeTally]], fixedModel: Bool) -> [BacktestOrigin] {
        let mixBy = fixedModel ? "segment" : "strategy"
        // Mix categories common to every origin, so consecutive mixes compare like with like.
        var labels: [String] = []
        for origin in origins {
            for seg in origin.segments {
                let label = fixedModel ? "Segment \(seg.segment)" : seg.strategy
                if !labels.contains(label) { labels.append(label) }
            }
        }
        func mix(_ origin: OriginSegments) -> [Int] {
            var counts = [Int](repeating: 0, count: labels.count)
            for seg in origin.segments {
                counts[labels.firstIndex(of: fixedModel ? "Segment \(seg.segment)" : seg.strategy)!] += seg.accounts
            }
            return counts
        }
        return origins.enumerated().map { n, origin in
            let tests = origin.testGroupCount
            var strategies: [String] = [], shares: [Double?] = [], risks: [Double?] = []
            var overdue = 0
            for (s, seg) in origin.segments.enumerated() where !strategies.contains(seg.strategy) {
                let members = origin.segments.indices.filter { origin.segments[$0].strategy == seg.strategy }
                let t = OutcomeTally.merged(members.flatMap { m in (0..<tests).map { tallies[n][m * tests + $0] } })
                _ = s
                strategies.append(seg.strategy)
                shares.append(t.overdueAmount > 0 ? t.collectedAmount / t.overdueAmount : nil)
                // Account-weighted mean of the segments' risk.
                let weighted = members.compactMap { m in origin.segments[m].risk.map { ($0, Double(origin.segments[m].accounts)) } }
                let weight = weighted.reduce(0) { $0 + $1.1 }
                risks.append(weighted.count == members.count && weight > 0 ? weighted.reduce(0) { $0 + $1.0 * $1.1 } / weight : nil)
                overdue += t.overdueAccounts
            }
            let paired = zip(risks, shares).compactMap { r, s in r.flatMap { r in s.map { (r, 1 - $0) } } }
            var row = BacktestOrigin(
                asOf: origin.asOf.description, accounts: origin.accountCount, overdueAccounts: overdue,
                strategies: strategies, collectedShares: shares,
                kendallTau: OriginStatistics.kendallTau(paired.map(\.0), paired.map(\.1)),
                mixBy: mixBy, mixLabels: labels, mixCounts: mix(origin))
            if n + 1 < origins.count {
                let earlier = origins[n + 1]
                row.psi = OriginStatistics.populationStabilityIndex(expected: mix(earlier), actual: row.mixCounts)
                row.psiBand = row.psi.map(OriginStatistics.psiBand)
                let before = Dictionary(uniqueKeysWithValues: zip(earlier.ids, earlier.segmentIndex))
                var a: [Int] = [], b: [Int] = []
                var counts = [[Int]](repeating: [Int](repeating: 0, count: origin.segments.count), count: earlier.segments.count)
                for (id, now) in zip(origin.ids, origin.segmentIndex) {
                    guard let then = before[id] else { continue }
                    a.append(then); b.append(now)
                    counts[then][now] += 1
                }
                row.adjustedRandIndex = a.count >= 2 ? ClusterQuality.adjustedRandIndex(a, b) : nil
                let name: (BacktestSegment) -> String = { "Segment \($0.segment) (\($0.strategyName))" }
                row.migration = MigrationMatrix(fromLabel: earlier.asOf.description, toLabel: origin.asOf.description,
                                                fromSegments: earlier.segments.map(name), toSegments: origin.segments.map(name),
                                                counts: counts)
            }
            return row
        }
    }
}
