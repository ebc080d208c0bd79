import NumericCore

/// Options for k-means clustering (Lloyd's algorithm), following scikit-learn 1.9's `KMeans`.
///
/// `KMeans` holds options only; `fit` returns a `KMeansModel`. The objective is the weighted
/// inertia `sum_i w_i * ||x_i - c_{label_i}||^2`, minimised by alternating an assignment step
/// (each row to its nearest centroid) and an update step (each centroid to the weighted mean of
/// its rows). As in scikit-learn:
/// - the data is centred by its column means before iterating (accuracy of the
///   `||c||^2 - 2 x.c` distance form); centroids are shifted back at the end;
/// - `tolerance` is relative: the run stops when the summed squared centroid shift is at most
///   `tolerance * mean(column variances)` (ddof 0), or at once when no label changed;
/// - an empty cluster is moved to the point farthest from its centroid;
/// - a final assignment step runs when the labels did not settle, so labels match centroids;
/// - of `restarts` runs the one with the lowest inertia is kept.
///
/// Every random choice comes from `seed`: the same seed, data and options give an identical
/// model on any number of threads.
public struct KMeans: Sendable {
    /// How the first centroids are chosen.
    public enum Initialization: Sendable {
        /// Greedy k-means++ (Arthur & Vassilvitskii 2007, scikit-learn's variant): the first
        /// centroid is a weighted random row; each next one is the best of `2 + floor(ln k)`
        /// candidates drawn with probability proportional to `w_i * D(x_i)^2`, keeping the
        /// candidate that lowers the weighted potential most.
        case kMeansPlusPlus
        /// `k` distinct rows drawn with probability proportional to their weight, without replacement.
        case random
        /// Explicit `k x features` centroids; `restarts` is then forced to 1 (nothing random).
        case centroids(Matrix)
    }

    /// Number of clusters `k` (at least 1, at most the number of rows).
    public var clusterCount: Int
    /// Initialization method (default k-means++).
    public var initialization: Initialization
    /// Independent runs (scikit-learn's `n_init`); the lowest-inertia run is kept. Default
    /// `defaultRestarts`; `Restarts.auto` resolves scikit-learn's "auto" (see `init(clusterCount:initialization:restarts:...)`).
    public var restarts: Int
    /// Maximum Lloyd iterations per run (default `defaultMaxIterations`).
    public var maxIterations: Int
    /// Relative tolerance on the centroid shift (default `defaultTolerance`); 0 iterates until labels settle.
    public var tolerance: Double
    /// Seed of every random choice (default `defaultSeed`); restart `r` uses
    /// `SplitMix64.derivedSeed(seed, stream: r)`.
    public var seed: UInt64
    /// Worker threads for the chunked kernels; `nil` uses every active core. Results do not
    /// depend on it (partial sums are combined in a fixed order).
    public var threadCount: Int?

    public init(clusterCount: Int, initialization: Initialization = .kMeansPlusPlus, restarts: Int = defaultRestarts,
                maxIterations: Int = defaultMaxIterations, tolerance: Double = defaultTolerance,
                seed: UInt64 = defaultSeed, threadCount: Int? = nil) {
        self.clusterCount = clusterCount
        self.initialization = initialization
        self.restarts = restarts
        self.maxIterations = maxIterations
        self.tolerance = tolerance
        self.seed = seed
        self.threadCount = threadCount
    }
}

extension KMeans {
    /// Runs when none is given: 10, scikit-learn's `n_init` before 1.4 (ar-segment's `segment`,
    /// `discover` and `validate` keep it; `Restarts.auto` is scikit-learn's newer default).
    public static let defaultRestarts = 10
    /// Lloyd iterations per run when none is given (scikit-learn's `max_iter`).
    public static let defaultMaxIterations = 300
    /// Relative tolerance when none is given (scikit-learn's `tol`).
    public static let defaultTolerance = 1e-4
    /// Seed when none is given. ar-segment's `kmeans` command keeps it; the segmentation commands
    /// default to `SegmentationOptions.defaultSeed` (42) instead.
    public static let defaultSeed: UInt64 = 0
    /// Runs `Restarts.auto` makes from random starts (scikit-learn's "auto": 10).
    public static let autoRandomRestarts = 10

    /// How many runs `fit` makes, as scikit-learn's `n_init` is given: a count or "auto".
    public enum Restarts: Sendable, Equatable {
        /// scikit-learn's `n_init="auto"` (its default since 1.4): 1 run for k-means++ and
        /// explicit centroids, `autoRandomRestarts` (10) for random starts.
        case auto
        /// Exactly this many runs (explicit centroids still make one run, with a warning).
        case count(Int)

        /// The number of runs for `initialization`.
        public func count(for initialization: Initialization) -> Int {
            switch (self, initialization) {
            case (.count(let runs), _): return runs
            case (.auto, .random): return KMeans.autoRandomRestarts
            case (.auto, .kMeansPlusPlus), (.auto, .centroids): return 1
            }
        }
    }

    /// Options with the runs given as scikit-learn's `n_init`, resolved for `initialization`
    /// here (`restarts` holds the resolved count).
    public init(clusterCount: Int, initialization: Initialization = .kMeansPlusPlus, restarts: Restarts,
                maxIterations: Int = defaultMaxIterations, tolerance: Double = defaultTolerance,
                seed: UInt64 = defaultSeed, threadCount: Int? = nil) {
        self.init(clusterCount: clusterCount, initialization: initialization,
                  restarts: restarts.count(for: initialization), maxIterations: maxIterations,
                  tolerance: tolerance, seed: seed, threadCount: threadCount)
    }
}
