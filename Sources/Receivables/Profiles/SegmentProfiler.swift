import Tabular
/// Builds a `SegmentProfile` for each segment of a labelled `AccountTable`.
public enum SegmentProfiler {
    /// Features with `|z| >= distinguishingThreshold` may be named as distinguishing.
    public static let distinguishingThreshold = 0.5
    /// At most this many numeric features are named as distinguishing.
    public static let distinguishingLimit = 3
    /// A category is named as distinguishing when its share in the segment exceeds its
    /// overall share by at least this much (0-1).
    public static let categoryLift = 0.2
    /// Categorical summaries keep this many most frequent values.
    public static let categoryLimit = 5

    /// Profiles of the segments present in `labels` (one label per table row), in label order.
    /// Labels that no account carries get no profile.
    ///
    /// One column at a time: its values, split by segment in row order, are summarised and
    /// released before the next column is read, so the extra memory is about three columns
    /// (the column, its split, the median's sorted copy) instead of a copy of the whole table
    /// (1.6 GB at 10M accounts x 21 columns, once `segment`'s peak).
    public static func profile(table: AccountTable, labels: [Int]) -> [SegmentProfile] {
        precondition(labels.count == table.rowCount, "\(labels.count) labels for \(table.rowCount) accounts")
        let n = table.rowCount
        let segments = Array(Set(labels)).sorted()
        let position = Dictionary(uniqueKeysWithValues: segments.enumerated().map { ($1, $0) })
        // Each row's segment position, and each segment's size.
        let slot = labels.map { position[$0]! }
        var sizes = [Int](repeating: 0, count: segments.count)
        for s in slot { sizes[s] += 1 }
        /// `cell(row)` for every row, split by segment, rows in order within each.
        func split<T>(_ cell: (Int) -> T) -> [[T]] {
            var parts = sizes.map { size -> [T] in
                var part = [T]()
                part.reserveCapacity(size)
                return part
            }
            for row in 0..<n { parts[slot[row]].append(cell(row)) }
            return parts
        }
        // stats[segment position][column]
        var stats = [[FeatureStatistics]](repeating: [], count: segments.count)
        for j in table.numericNames.indices {
            let all = Summary(table.values.column(j))
            for (s, mine) in split({ table.values[$0, j] }).map(Summary.init).enumerated() {
                stats[s].append(FeatureStatistics(
                    name: table.numericNames[j], mean: mine.mean, median: mine.median, sum: mine.sum,
                    overallMean: all.mean, overallMedian: all.median,
                    overallStandardDeviation: all.standardDeviation, overallSum: all.sum,
                    zScore: all.standardDeviation > 0 ? (mine.mean - all.mean) / all.standardDeviation : 0))
            }
        }
        // categorical[segment position][column]
        var categorical = [[CategoricalSummary]](repeating: [], count: segments.count)
        for column in table.categoricalColumns {
            let overall = frequencies(column, codes: column.codes)
            for (s, part) in split({ column.codes[$0] }).enumerated() {
                let mine = frequencies(column, codes: part)
                let values = mine.prefix(categoryLimit).map { value, count in
                    CategoricalSummary.Share(value: value, share: Double(count) / Double(part.count),
                                             overallShare: Double(overall.first { $0.value == value }!.count) / Double(n))
                }
                categorical[s].append(CategoricalSummary(name: column.name, values: Array(values)))
            }
        }
        return segments.indices.map { s in
            func share(_ name: String) -> Double? {
                stats[s].first { $0.name == name }?.shareOfTotal
            }
            return SegmentProfile(
                segment: segments[s], size: sizes[s], shareOfAccounts: Double(sizes[s]) / Double(n),
                shareOfOpenBalance: share(LedgerFeature.openBalance.rawValue),
                shareOfOverdueBalance: share(LedgerFeature.overdueBalance.rawValue),
                features: stats[s], categorical: categorical[s],
                distinguishing: distinguishing(stats[s], categorical[s]))
        }
    }

    /// The rule for naming a numeric feature as distinguishing, wherever it is shown (the
    /// profile's reasons here, the report's "Stands out on" chips): the positions of at most
    /// `distinguishingLimit` z-scores with `|z| >= distinguishingThreshold`, largest `|z|` first,
    /// ties by position. A non-finite z-score is never named (the profiler's own cannot be: a
    /// segment mean is at most `sqrt(n)` standard deviations from the overall mean).
    public static func distinguishingFeatures(zScores: [Double]) -> [Int] {
        let named = zScores.indices
            .filter { zScores[$0].isFinite && abs(zScores[$0]) >= distinguishingThreshold }
            .sorted { (abs(zScores[$0]), -$0) > (abs(zScores[$1]), -$1) }
        return Array(named.prefix(distinguishingLimit))
    }

    /// "average days late 41.2 days vs 6.1 days overall (z +2.3)" for the strongest
    /// z-scores, then "payment method Paper: 80% vs 35% overall" for over-represented categories.
    static func distinguishing(_ stats: [FeatureStatistics], _ categorical: [CategoricalSummary]) -> [String] {
        let strongest = distinguishingFeatures(zScores: stats.map(\.zScore)).map { StrategyCondition.comparison(stats[$0]) }
        let categories = categorical.flatMap { summary in
            summary.values.filter { $0.share - $0.overallShare >= categoryLift }.map {
                "\(FeatureCatalog.displayName(summary.name)) \($0.value): "
                    + "\(FeatureUnit.fraction.sentenceText($0.share)) vs \(FeatureUnit.fraction.sentenceText($0.overallShare)) overall"
            }
        }
        return strongest + categories
    }

    /// (value, count) most frequent first, ties by value.
    static func frequencies(_ values: [String]) -> [(value: String, count: Int)] {
        var counts: [String: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        return ranked(counts.map { (value: $0.key, count: $0.value) })
    }

    /// `frequencies` of the texts `codes` stand for in `column` (counted by code: no text per row).
    static func frequencies(_ column: AccountTable.CategoricalColumn, codes: [UInt32]) -> [(value: String, count: Int)] {
        var counts = [Int](repeating: 0, count: column.levels.count)
        for code in codes { counts[Int(code)] += 1 }
        return ranked(column.levels.indices.filter { counts[$0] > 0 }.map { (value: column.levels[$0], count: counts[$0]) })
    }

    /// Most frequent first, ties by value (values are distinct).
    private static func ranked(_ tally: [(value: String, count: Int)]) -> [(value: String, count: Int)] {
        tally.sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
    }
}

/// Mean, median, population standard deviation and sum of a non-empty sample.
struct Summary {
    let mean: Double
    let median: Double
    let standardDeviation: Double
    let sum: Double

    init(_ values: [Double]) {
        precondition(!values.isEmpty, "Summary of an empty sample")
        let n = Double(values.count)
        let total = values.reduce(0, +)
        let average = total / n
        // Two-pass variance: exact enough for balances around 1e6 mixed with shares near 0.
        let variance = values.reduce(0) { $0 + ($1 - average) * ($1 - average) } / n
        sum = total
        mean = average
        standardDeviation = variance.squareRoot()
        median = Receivables.median(values)
    }
}
