/// Why a k-means fit refused its input or options.
///
/// Each case carries the offending numbers so the message can name them
/// (faiss style: "number of samples (3) should be at least the number of clusters (5)").
/// Row and column indices are 0-based; callers that read files map them to line numbers.
public enum ClusteringError: Error, CustomStringConvertible, Equatable, Sendable {
    /// `clusterCount < 1`.
    case invalidClusterCount(Int)
    /// Fewer rows than clusters (including an empty matrix).
    case tooFewSamples(samples: Int, clusters: Int)
    /// The matrix has rows but no feature columns.
    case noFeatures
    /// `x[row, column]` is NaN or infinite.
    case nonFiniteInput(row: Int, column: Int, value: Double)
    /// `sampleWeights.count != rows`.
    case sampleWeightCount(expected: Int, found: Int)
    /// A weight is negative, NaN or infinite.
    case invalidSampleWeight(index: Int, value: Double)
    /// Every weight is zero, so no point can seed or pull a centroid.
    case zeroTotalWeight
    /// Fewer points with positive weight than clusters (random initialization draws distinct points).
    case tooFewWeightedSamples(positive: Int, clusters: Int)
    /// Explicit initial centroids have the wrong shape.
    case initialCentroidShape(rows: Int, columns: Int, expectedRows: Int, expectedColumns: Int)
    /// An explicit initial centroid coordinate is NaN or infinite.
    case nonFiniteCentroid(row: Int, column: Int, value: Double)
    /// An option is out of range (`restarts`, `maxIterations`, `tolerance`, `threadCount`).
    case invalidOption(name: String, value: String, expected: String)

    public var description: String {
        switch self {
        case let .invalidClusterCount(k):
            return "number of clusters must be at least 1 (\(k))"
        case let .tooFewSamples(samples, clusters):
            return "number of samples (\(samples)) should be at least the number of clusters (\(clusters))"
        case .noFeatures:
            return "the data has no feature columns"
        case let .nonFiniteInput(row, column, value):
            return "row \(row), column \(column) is not finite (\(value))"
        case let .sampleWeightCount(expected, found):
            return "expected \(expected) sample weights (one per row), found \(found)"
        case let .invalidSampleWeight(index, value):
            return "sample weight \(index) must be finite and non-negative (\(value))"
        case .zeroTotalWeight:
            return "sample weights sum to zero"
        case let .tooFewWeightedSamples(positive, clusters):
            return "number of samples with positive weight (\(positive)) should be at least the number of clusters (\(clusters))"
        case let .initialCentroidShape(rows, columns, expectedRows, expectedColumns):
            return "initial centroids are \(rows) x \(columns), expected \(expectedRows) x \(expectedColumns) (clusters x features)"
        case let .nonFiniteCentroid(row, column, value):
            return "initial centroid \(row), column \(column) is not finite (\(value))"
        case let .invalidOption(name, value, expected):
            return "\(name) must be \(expected) (\(value))"
        }
    }
}
