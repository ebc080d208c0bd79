/// One feature summarised over a segment, next to the same feature over all accounts.
public struct FeatureStatistics: Equatable, Sendable, Codable {
    public let name: String
    public let mean: Double
    public let median: Double
    /// Sum over the segment (for shares such as "68% of the overdue balance").
    public let sum: Double
    public let overallMean: Double
    public let overallMedian: Double
    /// Population standard deviation (ddof = 0) over all accounts.
    public let overallStandardDeviation: Double
    public let overallSum: Double
    /// `(mean - overallMean) / overallStandardDeviation`; 0 when the deviation is 0.
    public let zScore: Double

    /// `mean / overallMean`, `nil` when the overall mean is 0.
    public var ratioToOverall: Double? { overallMean == 0 ? nil : mean / overallMean }
    /// `median / overallMedian`, `nil` when the overall median is 0.
    public var medianRatioToOverall: Double? { overallMedian == 0 ? nil : median / overallMedian }
    /// `sum / overallSum`, `nil` when the overall sum is 0.
    public var shareOfTotal: Double? { overallSum == 0 ? nil : sum / overallSum }
}

/// The most frequent values of a categorical column within a segment.
public struct CategoricalSummary: Equatable, Sendable, Codable {
    public struct Share: Equatable, Sendable, Codable {
        public let value: String
        /// Fraction of the segment's accounts, 0-1.
        public let share: Double
        /// Fraction of all accounts, 0-1.
        public let overallShare: Double
    }

    public let name: String
    /// Up to `SegmentProfiler.categoryLimit` values, most frequent first (ties by value).
    public let values: [Share]
}

/// A segment described in business units: how big it is, how much of the money it holds,
/// and how each feature compares with all accounts.
public struct SegmentProfile: Equatable, Sendable, Codable {
    /// The cluster label.
    public let segment: Int
    public let size: Int
    /// 0-1.
    public let shareOfAccounts: Double
    /// Share (0-1) of all open balance held by the segment; `nil` without `open_balance`
    /// or when nothing is open anywhere.
    public let shareOfOpenBalance: Double?
    /// As `shareOfOpenBalance`, for `overdue_balance`.
    public let shareOfOverdueBalance: Double?
    /// One entry per numeric column, in table order.
    public let features: [FeatureStatistics]
    public let categorical: [CategoricalSummary]
    /// The features that set the segment apart, in words, strongest first.
    public let distinguishing: [String]

    /// The statistics of `name`, or `nil` when the table had no such numeric column.
    public func feature(_ name: String) -> FeatureStatistics? {
        features.first { $0.name == name }
    }
}
