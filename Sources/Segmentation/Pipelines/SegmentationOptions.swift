import Clustering
import Receivables

/// How `segment` chooses the number of segments.
public enum SegmentCount: Sendable, Equatable {
    /// Exactly this many segments (`--k N`).
    case fixed(Int)
    /// The k recommended by the discovery vote over these candidates (`--k auto`).
    case auto([Int])

    /// The candidates `--k auto` searches by default: 2 through 10, capped below the number of accounts.
    public static func defaultAutoRange(accounts: Int) -> [Int] {
        Array(2...max(2, min(10, accounts - 1)))
    }
}

/// Everything `segment` can be told, with the defaults of the command line.
public struct SegmentationOptions: Sendable {
    /// Clustering features by column name; `nil` for the domain defaults present in the data
    /// (`FeatureCatalog.defaultClusteringFeatures`), or every numeric column when none is present.
    public var features: [String]?
    public var segmentCount: SegmentCount
    public var seed: UInt64
    /// k-means restarts (n_init), iteration cap and tolerance (relative to the mean feature variance),
    /// by default `KMeans`'s.
    public var restarts: Int = KMeans.defaultRestarts
    public var maxIterations: Int = KMeans.defaultMaxIterations
    public var tolerance: Double = KMeans.defaultTolerance
    /// Which k-means fits the final model (`--algorithm`).
    public var algorithm: ClusteringAlgorithm = .lloyd
    /// Rows per mini-batch step when `algorithm` is `.minibatch`.
    public var batchSize: Int = MiniBatchKMeans.defaultBatchSize
    /// Principal components kept before k-means; `nil` clusters the standardized features.
    public var pcaComponents: Int?
    /// A numeric column used as k-means sample weights (for example `billed_12m`).
    public var weightColumn: String?
    /// The strategy catalogue and rules.
    public var strategyBook: StrategyBook = .default
    /// Written into the model and the reports.
    public var toolVersion: String
    /// The input's file name, shown in the reports.
    public var inputName: String?
    /// The as-of date when the features came from a ledger.
    public var asOf: String?
    /// Rows of the worklist shown in the reports (the CSV has all).
    public var reportWorklistRows: Int = 25
    /// A control group per segment (`--holdout-share`, `--holdout-salt`): adds `test_group` to
    /// assignments.csv and worklist.csv.
    public var holdout: HoldoutDesign?
    /// Accounts drawn (seeded) for the PCA map and the silhouette plot.
    public var reportSampleSize: Int = 2_000
    /// The ledger the accounts' features came from (`segment --ledger`): the report then gains
    /// the invoice view (`InvoiceView`), planned from it. `nil` for an accounts file.
    public var ledger: LedgerSource?

    public init(segmentCount: SegmentCount, seed: UInt64, toolVersion: String) {
        self.segmentCount = segmentCount
        self.seed = seed
        self.toolVersion = toolVersion
    }
}

extension SegmentationOptions {
    /// The seed of `segment`, `discover`, `validate` and `backtest` when none is given: 42. The
    /// bare estimator's (`KMeans.defaultSeed`, kept by the `kmeans` command) is 0; the two
    /// differ for history and are kept so that earlier runs reproduce byte for byte.
    public static let defaultSeed: UInt64 = 42
}

/// The k-means variant that fits a segmentation's centroids.
///
/// `lloyd` is exact Lloyd iteration (scikit-learn's `KMeans`), the default. `minibatch`
/// (scikit-learn's `MiniBatchKMeans`: seeded random batches, per-centre learning rates) costs a
/// few passes over the data instead of one per iteration: choose it from a few million accounts,
/// or when an approximate partition is enough (measured 0.002% above Lloyd's inertia at
/// 1M x 16 with 3 restarts). Labels always come from the final nearest-centroid assignment.
public enum ClusteringAlgorithm: String, Sendable, CaseIterable {
    case lloyd
    case minibatch
}

/// A ledger file and how it is read (columns, date layout, as-of date T, joined accounts and
/// promises): where a run's account features came from, for the steps that read the invoices
/// themselves (the outcomes of `discover --horizon`, the invoice view of `segment --ledger`).
public struct LedgerSource: Sendable {
    public var path: String
    public var features: FeatureOptions

    public init(path: String, features: FeatureOptions) {
        self.path = path
        self.features = features
    }
}
