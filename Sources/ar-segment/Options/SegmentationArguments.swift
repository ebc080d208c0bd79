import ArgumentParser
import Clustering
import Receivables
import Segmentation

/// How `segment` (and `backtest`, which segments at each origin the same way) fits segments.
struct SegmentationArguments: ParsableArguments {
    @OptionGroup var clustering: ClusteringOptions

    @Option(help: "Number of segments, or 'auto' for the k the discovery vote recommends (2-10).")
    var k: SegmentCountArgument = .auto

    @Option(name: .customLong("weight-by"), help: "Numeric column used as k-means sample weights (e.g. billed_12m).")
    var weightBy: String?

    @Option(help: ArgumentHelp(
        "k-means variant of the final fit: lloyd (exact) or minibatch.",
        discussion: "minibatch (scikit-learn's MiniBatchKMeans semantics, seeded) is for a few million accounts and up, where every Lloyd pass over the data costs seconds; use it with --n-init 3 or more. With --k auto the k search still uses Lloyd on the data."))
    var algorithm: ClusteringAlgorithm = .lloyd

    @Option(name: .customLong("batch-size"), help: "Accounts per mini-batch step (with --algorithm minibatch).")
    var batchSize: Int = MiniBatchKMeans.defaultBatchSize

    @Option(help: "Strategy catalogue and rules (YAML); default: the built-in book.")
    var strategies: String?

    /// Files read besides the accounts (never overwritten).
    var inputs: [String] { strategies.map { [$0] } ?? [] }

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
        try clustering.validate()
        if case .fixed(let n) = k, n < 1 { throw ValidationError("--k must be at least 1 (got \(n))") }
    }

    /// The pipeline's options for `accounts` accounts (the strategy file is read here).
    func options(accounts: Int) throws -> SegmentationOptions {
        var options = SegmentationOptions(segmentCount: k.segmentCount(accounts: accounts),
                                          seed: clustering.seed, toolVersion: ARSegment.toolVersion)
        options.features = clustering.featureList
        options.restarts = clustering.nInit
        options.algorithm = algorithm
        options.batchSize = batchSize
        options.pcaComponents = clustering.pcaComponents
        options.weightColumn = weightBy
        if let strategies { options.strategyBook = try StrategyBook.load(yamlPath: strategies) }
        return options
    }
}
