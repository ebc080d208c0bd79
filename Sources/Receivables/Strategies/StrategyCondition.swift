/// One test a segment profile must pass for a strategy rule to match, written as text:
///
///     mean(avg_days_late) >= 20      segment mean, in the feature's unit (days, currency...)
///     median(billed_12m) <= 5000     segment median
///     z(dispute_rate) >= 1           z-score of the segment mean vs all accounts (population sd)
///     ratio(overdue_balance) >= 3    segment mean / overall mean (undefined when that is 0)
///     median_ratio(billed_12m) >= 5  segment median / overall median (undefined when that is 0);
///                                    robust to the heavy tails of money columns
///     share(overdue_balance) >= 0.3  segment sum / total sum, 0-1 (undefined when the total is 0)
///     share_of_accounts <= 0.1       segment size / accounts, 0-1
///
/// Operators: `>=`, `<=`, `>`, `<`. An undefined value fails the condition; a condition
/// whose feature the data lacks is skipped (see `StrategyRule`).
import Tabular

public struct StrategyCondition: Equatable, Sendable, Codable, CustomStringConvertible {
    public enum Measure: String, CaseIterable, Sendable {
        case mean, median, z, ratio, share
        case medianRatio = "median_ratio"
    }

    public enum Subject: Equatable, Sendable {
        case feature(Measure, String)
        case shareOfAccounts
    }

    public enum Comparison: String, CaseIterable, Sendable {
        // Two-character operators first so that parsing tries them before `>` and `<`.
        case atLeast = ">=", atMost = "<=", greater = ">", less = "<"
    }

    public let subject: Subject
    public let comparison: Comparison
    public let threshold: Double

    public init(subject: Subject, comparison: Comparison, threshold: Double) {
        self.subject = subject
        self.comparison = comparison
        self.threshold = threshold
    }

    /// Parses `measure(feature) OP number` or `share_of_accounts OP number`.
    /// The error message says what was expected; callers add file, line and key.
    public init(parsing text: String) throws {
        guard let op = Comparison.allCases.first(where: { text.contains($0.rawValue) }),
              let range = text.range(of: op.rawValue) else {
            throw ReceivablesError("expected 'measure(feature) >= number' with >=, <=, > or <, found '\(text)'")
        }
        let left = Substring(text[..<range.lowerBound]).trimmingSpaces
        let right = Substring(text[range.upperBound...]).trimmingSpaces
        guard case .value(let number) = StrictDecimal.parse(right) else {
            throw ReceivablesError("expected a plain number after '\(op.rawValue)', found '\(right)'")
        }
        if left == "share_of_accounts" {
            subject = .shareOfAccounts
        } else if let open = left.firstIndex(of: "("), left.hasSuffix(")"),
                  let measure = Measure(rawValue: String(left[..<open])) {
            let feature = Substring(left[left.index(after: open)..<left.index(before: left.endIndex)]).trimmingSpaces
            guard !feature.isEmpty else { throw ReceivablesError("missing feature name in '\(left)'") }
            subject = .feature(measure, feature)
        } else {
            let measures = Measure.allCases.map { "\($0.rawValue)(feature)" }.joined(separator: ", ")
            throw ReceivablesError("unknown measure '\(left)' (expected \(measures) or share_of_accounts)")
        }
        comparison = op
        threshold = number
    }

    /// The feature the condition reads, `nil` for `share_of_accounts`.
    public var feature: String? {
        if case .feature(_, let name) = subject { return name }
        return nil
    }

    public var description: String {
        let left: String
        switch subject {
        case .feature(let measure, let name): left = "\(measure.rawValue)(\(name))"
        case .shareOfAccounts: left = "share_of_accounts"
        }
        return "\(left) \(comparison.rawValue) \(NumberText.trimmed(threshold, maxDecimals: 6))"
    }

    /// The measured value, `nil` when the feature is absent or the measure undefined.
    public func value(in profile: SegmentProfile) -> Double? {
        switch subject {
        case .shareOfAccounts: return profile.shareOfAccounts
        case .feature(let measure, let name):
            guard let stats = profile.feature(name) else { return nil }
            switch measure {
            case .mean: return stats.mean
            case .median: return stats.median
            case .z: return stats.zScore
            case .ratio: return stats.ratioToOverall
            case .medianRatio: return stats.medianRatioToOverall
            case .share: return stats.shareOfTotal
            }
        }
    }

    /// Whether the profile passes; an undefined value fails.
    public func holds(in profile: SegmentProfile) -> Bool {
        guard let value = value(in: profile) else { return false }
        switch comparison {
        case .atLeast: return value >= threshold
        case .atMost: return value <= threshold
        case .greater: return value > threshold
        case .less: return value < threshold
        }
    }

    /// The evidence in business words: "average days late 41.2 days vs 6.1 days overall".
    public func reason(in profile: SegmentProfile) -> String {
        switch subject {
        case .shareOfAccounts:
            return "\(FeatureUnit.fraction.sentenceText(profile.shareOfAccounts)) of accounts"
        case .feature(let measure, let name):
            guard let stats = profile.feature(name) else { return description }
            let display = FeatureCatalog.displayName(name)
            switch measure {
            case .mean: return Self.comparison(stats, withZ: false)
            case .z: return Self.comparison(stats, withZ: true)
            case .median:
                return "median \(display) \(FeatureCatalog.format(stats.median, feature: name)) vs "
                    + "\(FeatureCatalog.format(stats.overallMedian, feature: name)) overall"
            case .ratio:
                return "\(display) \(Self.multiple(stats.ratioToOverall)) the overall average "
                    + "(\(FeatureCatalog.format(stats.mean, feature: name)) vs \(FeatureCatalog.format(stats.overallMean, feature: name)))"
            case .medianRatio:
                return "median \(display) \(Self.multiple(stats.medianRatioToOverall)) the overall median "
                    + "(\(FeatureCatalog.format(stats.median, feature: name)) vs \(FeatureCatalog.format(stats.overallMedian, feature: name)))"
            case .share:
                let share = stats.shareOfTotal.map { FeatureUnit.fraction.sentenceText($0) } ?? "n/a"
                return "\(share) of all \(display)"
            }
        }
    }

    /// `14x` for ratios of at least 1, `3% of` below (a ratio of 0.03 would print as `0x`).
    static func multiple(_ ratio: Double?) -> String {
        guard let ratio else { return "(undefined) x" }
        return ratio >= 1 ? "\(NumberText.trimmed(ratio, maxDecimals: 1))x" : "\(FeatureUnit.fraction.sentenceText(ratio)) of"
    }

    /// "average days late 41.2 days vs 6.1 days overall (z +2.3)".
    static func comparison(_ stats: FeatureStatistics, withZ: Bool = true) -> String {
        var text = "\(FeatureCatalog.displayName(stats.name)) \(FeatureCatalog.format(stats.mean, feature: stats.name))"
            + " vs \(FeatureCatalog.format(stats.overallMean, feature: stats.name)) overall"
        if withZ {
            text += " (z \(stats.zScore >= 0 ? "+" : "")\(NumberText.trimmed(stats.zScore, maxDecimals: 1)))"
        }
        return text
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do {
            try self.init(parsing: text)
        } catch let error as ReceivablesError {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
