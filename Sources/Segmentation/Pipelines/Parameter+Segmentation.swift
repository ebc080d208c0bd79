import Tabular

/// The parameters of the pipelines (`SegmentationOptions`, `DiscoveryOptions`, `BacktestOptions`)
/// that messages name.
extension Parameter {
    /// `SegmentationOptions.segmentCount`: how many segments, or `auto`.
    public static let segmentCount = Parameter(rawValue: "segmentCount")
    /// `SegmentationOptions.features`, `DiscoveryOptions.features`: the columns clustered.
    public static let features = Parameter(rawValue: "features")
    /// `SegmentationOptions.pcaComponents`, `DiscoveryOptions.pcaComponents`.
    public static let pcaComponents = Parameter(rawValue: "pcaComponents")
    /// `SegmentationOptions.weightColumn`: the column of k-means sample weights.
    public static let weightColumn = Parameter(rawValue: "weightColumn")
    /// `DiscoveryOptions.clusterCounts`: the k values tried.
    public static let clusterCounts = Parameter(rawValue: "clusterCounts")
    /// `DiscoveryOptions.bootstrapReplicates`: bootstrap rounds per k.
    public static let bootstrapReplicates = Parameter(rawValue: "bootstrapReplicates")
    /// `BacktestOptions.origins`: how many origins are backtested.
    public static let origins = Parameter(rawValue: "origins")
    /// `BacktestOptions.segments` = `.model`: segments from a saved model.
    public static let model = Parameter(rawValue: "model")
    /// `BacktestOptions.segments` = `.assignments`: segments taken as given.
    public static let assignments = Parameter(rawValue: "assignments")
}
