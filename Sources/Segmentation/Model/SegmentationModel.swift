import NumericCore
import Receivables

/// A saved segmentation (`model.json`): everything `assign` needs to put new accounts into the same
/// segments with the same strategies, plus what `report` needs to re-render the run.
///
/// The assignment path, in order: take the `features` columns by name; apply each feature's
/// `transform`; standardize with `scaler` (its `ddof` recorded); project with `pca` when present;
/// assign the nearest of `centroids` by squared Euclidean distance (ties to the lower segment);
/// look up the segment's strategy.
///
/// The file is versioned (`modelVersion`); a reader refuses other versions rather than guess.
/// Encoding is deterministic (sorted keys, shortest round-trip numbers, no timestamps), so the same
/// inputs and seed give the same bytes.
public struct SegmentationModel: Codable, Sendable, Equatable {
    /// The value of `format` in every model file.
    public static let formatName = "ar-segment-model"
    /// The model-file version this code writes and reads.
    public static let currentVersion = 1

    /// Always `formatName`: tells a model file from other JSON.
    public var format: String
    /// The model-file schema version.
    public var modelVersion: Int
    /// The ar-segment version that wrote the file.
    public var toolVersion: String
    /// The seed every random choice of the run derived from.
    public var seed: UInt64
    /// Clustering features in model order, with their transforms.
    public var features: [ModelFeature]
    /// Standardization fitted on the transformed training features.
    public var scaler: FittedStandardScaler
    /// Principal components of the standardized features, when the run used PCA.
    public var pca: FittedPrincipalComponents?
    /// One row per segment, in the space k-means ran in (after scaling and PCA).
    public var centroids: Matrix
    /// How k-means was run and how its best fit ended.
    public var kmeans: ModelKMeans
    /// One entry per segment (row of `centroids`): its training profile and its strategy.
    public var segments: [ModelSegment]
    /// The strategy book the segments were matched against (the default or `--strategies FILE`).
    public var strategyBook: StrategyBook
    /// What the run's reports show, so `report` can re-render them from this file alone.
    /// Not used for assignment.
    public var report: SegmentationReport

    public init(toolVersion: String, seed: UInt64, features: [ModelFeature], scaler: FittedStandardScaler,
                pca: FittedPrincipalComponents?, centroids: Matrix, kmeans: ModelKMeans,
                segments: [ModelSegment], strategyBook: StrategyBook, report: SegmentationReport) {
        self.format = SegmentationModel.formatName
        self.modelVersion = SegmentationModel.currentVersion
        self.toolVersion = toolVersion
        self.seed = seed
        self.features = features
        self.scaler = scaler
        self.pca = pca
        self.centroids = centroids
        self.kmeans = kmeans
        self.segments = segments
        self.strategyBook = strategyBook
        self.report = report
    }

    /// The feature names in model order.
    public var featureNames: [String] { features.map(\.name) }

    /// Number of segments (k).
    public var segmentCount: Int { centroids.rows }
}

/// The k-means settings of a run and the diagnostics of its best fit.
public struct ModelKMeans: Codable, Sendable, Equatable {
    /// Number of clusters.
    public var k: Int
    /// How k was chosen: `"fixed"` (given with `--k N`) or `"auto"` (the discovery vote).
    public var kChoice: String
    /// Restarts (n_init), iteration cap and relative tolerance.
    public var restarts: Int
    public var maxIterations: Int
    public var tolerance: Double
    /// Column used as sample weights, if any.
    public var weightColumn: String?
    /// Inertia of the best fit in the clustering space (weighted when weights were used).
    public var inertia: Double
    /// Lloyd iterations of the best fit, and whether it converged before the cap.
    public var iterations: Int
    public var converged: Bool
    /// `"minibatch"` when the centroids came from mini-batch k-means; absent (`nil`) for
    /// full Lloyd, so files written before the option existed read unchanged.
    public var algorithm: String?

    public init(k: Int, kChoice: String, restarts: Int, maxIterations: Int, tolerance: Double,
                weightColumn: String?, inertia: Double, iterations: Int, converged: Bool,
                algorithm: String? = nil) {
        self.algorithm = algorithm
        self.k = k
        self.kChoice = kChoice
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.weightColumn = weightColumn
        self.inertia = inertia
        self.iterations = iterations
        self.converged = converged
    }
}

/// A segment of the model: how the training accounts in it looked, and the strategy mapped to it.
public struct ModelSegment: Codable, Sendable, Equatable {
    /// The segment number (row of the centroids).
    public var id: Int
    /// The strategy, the rule that chose it and the reasons.
    public var strategy: StrategyAssignment
    /// The training accounts' profile. `assign` takes the segment risk of the worklist score from
    /// it, so priorities of new accounts are scored against the training population.
    public var profile: SegmentProfile

    public init(id: Int, strategy: StrategyAssignment, profile: SegmentProfile) {
        self.id = id
        self.strategy = strategy
        self.profile = profile
    }
}
