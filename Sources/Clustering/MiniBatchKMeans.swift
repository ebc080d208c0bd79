import NumericCore

/// Mini-batch k-means (Sculley 2010) with scikit-learn's `MiniBatchKMeans` semantics, for data
/// too large for full Lloyd iterations: each step assigns a random batch of rows to the nearest
/// centroid and moves each centroid towards its batch rows with a per-centroid learning rate
/// `1 / (total weight assigned so far)`.
///
/// As scikit-learn 1.9:
/// - initialisation: `restarts` k-means++ runs, each on `initSize` rows drawn with replacement;
///   the one with the lowest inertia on a separate validation draw of `initSize` rows is kept;
/// - at most `maxIterations * n / batchSize` steps, each on `batchSize` rows drawn with replacement;
/// - centroids whose accumulated weight falls below `reassignmentRatio` times the largest move
///   to random batch rows (checked whenever a centroid has no weight yet or after every
///   `10 k` sampled rows);
/// - early stop when the squared centroid shift is `<= tolerance * mean feature variance`
///   (`tolerance > 0`), or when the smoothed batch inertia has not improved for
///   `maxNoImprovement` consecutive steps;
/// - labels and inertia are then computed on all rows with the final centroids.
///
/// Results depend only on the data, the options and `seed` (never on the thread count); they
/// differ from scikit-learn's, whose random streams are numpy's. The model's `iterations` is
/// the number of passes over the data the steps amount to (scikit-learn's `n_iter_`,
/// `ceil(steps * batchSize / n)`), and `inertiaHistory` holds each step's batch inertia.
public struct MiniBatchKMeans: Sendable {
    public var clusterCount: Int
    /// Rows per step (scikit-learn's `batch_size`, default `defaultBatchSize`); capped at the row count.
    public var batchSize: Int
    /// Maximum number of passes over the data (scikit-learn's `max_iter`, default `defaultMaxIterations`).
    public var maxIterations: Int
    /// Squared-centroid-shift tolerance, relative to the mean feature variance; 0 (the default) disables it.
    public var tolerance: Double
    /// Steps without improvement of the smoothed batch inertia before stopping; `nil` never stops early this way.
    public var maxNoImprovement: Int?
    /// Rows drawn for each k-means++ initialisation (default `3 * batchSize`, at least `3 k`,
    /// at most the row count).
    public var initSize: Int?
    /// Number of k-means++ initialisations to choose from (scikit-learn's `n_init`, default 1:
    /// its "auto" for k-means++, `KMeans.Restarts.auto`).
    public var restarts: Int
    /// Fraction of the largest centroid weight below which a centroid is moved to a random row.
    public var reassignmentRatio: Double
    public var seed: UInt64
    /// Threads for the final labelling pass; `nil` uses every active core.
    public var threadCount: Int?

    public init(clusterCount: Int, batchSize: Int = defaultBatchSize, maxIterations: Int = defaultMaxIterations,
                tolerance: Double = defaultTolerance, maxNoImprovement: Int? = 10, initSize: Int? = nil,
                restarts: Int = KMeans.Restarts.auto.count(for: .kMeansPlusPlus),
                reassignmentRatio: Double = 0.01, seed: UInt64 = 0, threadCount: Int? = nil) {
        self.clusterCount = clusterCount
        self.batchSize = batchSize
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.maxNoImprovement = maxNoImprovement
        self.initSize = initSize
        self.restarts = restarts
        self.reassignmentRatio = reassignmentRatio
        self.seed = seed
        self.threadCount = threadCount
    }
}

extension MiniBatchKMeans {
    /// Rows per step when none is given (scikit-learn's `batch_size`).
    public static let defaultBatchSize = 1024
    /// Passes over the data when none is given (scikit-learn's `max_iter`).
    public static let defaultMaxIterations = 100
    /// Tolerance when none is given: 0, no shift-based stop (scikit-learn's `tol`).
    public static let defaultTolerance = 0.0
}
