// MARK: - Validation report (`ar-segment validate`)
// Conventions (shares 0-1, money in the report's currency, per-feature arrays aligned with
// `features`, segments by `id`): ReportModel.swift.

/// How trustworthy a saved segmentation is: per-segment bootstrap stability, agreement across
/// seeds, and optionally how accounts moved between segments.
public struct ValidationReport: Codable, Sendable, Equatable {
    public var title: String
    public var provenance: ReportProvenance
    public var accountCount: Int
    /// Number of bootstrap resamples behind each Jaccard mean.
    public var bootstrapReplicates: Int
    public var segments: [SegmentStability]
    public var seedAgreement: SeedAgreement?
    public var migration: MigrationMatrix?
    public var notes: [String]

    public init(
        title: String, provenance: ReportProvenance, accountCount: Int, bootstrapReplicates: Int,
        segments: [SegmentStability], seedAgreement: SeedAgreement? = nil, migration: MigrationMatrix? = nil,
        notes: [String] = []
    ) {
        self.title = title
        self.provenance = provenance
        self.accountCount = accountCount
        self.bootstrapReplicates = bootstrapReplicates
        self.segments = segments
        self.seedAgreement = seedAgreement
        self.migration = migration
        self.notes = notes
    }
}

/// fpc::clusterboot's reading of a cluster's mean bootstrap Jaccard similarity (Hennig 2007).
public enum StabilityVerdict: String, Codable, Sendable, Equatable, CaseIterable {
    /// Mean Jaccard >= 0.75: a valid, stable cluster.
    case stable
    /// 0.6 <= mean Jaccard < 0.75: it shows a pattern, but which accounts belong is uncertain.
    case measurable
    /// 0.5 <= mean Jaccard < 0.6: doubtful; do not build a strategy on it alone.
    case weak
    /// Mean Jaccard < 0.5: the cluster dissolves under resampling.
    case dissolved

    /// The verdict for a mean Jaccard similarity (NaN reads as dissolved).
    public init(meanJaccard: Double) {
        if meanJaccard >= 0.75 { self = .stable }
        else if meanJaccard >= 0.6 { self = .measurable }
        else if meanJaccard >= 0.5 { self = .weak }
        else { self = .dissolved }
    }
}

/// One segment's bootstrap stability.
public struct SegmentStability: Codable, Sendable, Equatable {
    public var segment: Int
    public var name: String
    /// Mean over bootstrap resamples of the best Jaccard match of this segment, in [0, 1].
    public var meanJaccard: Double
    /// Derived from `meanJaccard` by `StabilityVerdict(meanJaccard:)`.
    public var verdict: StabilityVerdict
    /// How many resamples dissolved the segment (best Jaccard below 0.5), if counted.
    public var dissolvedCount: Int?

    public init(segment: Int, name: String, meanJaccard: Double, dissolvedCount: Int? = nil) {
        self.segment = segment
        self.name = name
        self.meanJaccard = meanJaccard
        self.verdict = StabilityVerdict(meanJaccard: meanJaccard)
        self.dissolvedCount = dissolvedCount
    }
}

/// Adjusted Rand index between the labellings of fits that differ only in their seed.
public struct SeedAgreement: Codable, Sendable, Equatable {
    /// The seeds of the fits compared with the reference fit, aligned with `adjustedRandIndices`.
    public var seeds: [UInt64]
    /// ARI of each seed's labels against the reference labels; 1 is identical up to relabelling.
    public var adjustedRandIndices: [Double]
    /// The mean of `adjustedRandIndices`; `nil` when there are none.
    public var meanAdjustedRandIndex: Double?

    public init(seeds: [UInt64], adjustedRandIndices: [Double]) {
        self.seeds = seeds
        self.adjustedRandIndices = adjustedRandIndices
        self.meanAdjustedRandIndex = adjustedRandIndices.isEmpty
            ? nil : adjustedRandIndices.reduce(0, +) / Double(adjustedRandIndices.count)
    }
}

/// Counts of accounts by segment in one period (rows) and another (columns).
public struct MigrationMatrix: Codable, Sendable, Equatable {
    /// What the rows are, e.g. `"2026-03-31"` or `"previous model"`.
    public var fromLabel: String
    /// What the columns are.
    public var toLabel: String
    /// Row (from-segment) names.
    public var fromSegments: [String]
    /// Column (to-segment) names.
    public var toSegments: [String]
    /// `counts[i][j]`: accounts in from-segment i and to-segment j.
    public var counts: [[Int]]

    public init(fromLabel: String, toLabel: String, fromSegments: [String], toSegments: [String], counts: [[Int]]) {
        self.fromLabel = fromLabel
        self.toLabel = toLabel
        self.fromSegments = fromSegments
        self.toSegments = toSegments
        self.counts = counts
    }
}
