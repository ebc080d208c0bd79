import ArgumentParser
import Clustering
import NumericCore
import Tabular

/// `ar-segment kmeans`: k-means on a numeric CSV, for checking results against other tools.
struct KMeansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmeans",
        abstract: "Cluster the rows of a numeric CSV with k-means (scikit-learn's Lloyd algorithm).",
        discussion: """
        Writes JSON with labels (0-based, one per row), cluster_centers (in the units the \
        model was fit in: standardized with --standardize), inertia, n_iter, converged, \
        inertia_history, warnings, feature_names, and ids and scaler when relevant.

        --init takes k-means++, random, or a CSV of initial centroids whose header is the \
        data's feature columns (any order) and which has one row per cluster, in the fit's \
        units. --n-init defaults to scikit-learn's "auto": 1 for k-means++ and explicit \
        centroids, 10 for random.

        Example:
          ar-segment kmeans accounts.csv --id account --k 5 --seed 7 --json km.json
        """
    )

    @OptionGroup var input: NumericDataOptions

    @Option(help: "Number of clusters (1 to the number of rows).")
    var k: Int

    @Option(help: ArgumentHelp("k-means++, random, or CENTROIDS.csv.", valueName: "METHOD|CENTROIDS.csv"))
    var `init`: String = "k-means++"

    @Option(name: .customLong("n-init"), help: "Independent runs; the lowest inertia is kept.")
    var nInit: Int?

    @Option(name: .customLong("max-iter"), help: "Maximum Lloyd iterations per run.")
    var maxIter: Int = 300

    @Option(help: "Relative tolerance on the centroid shift (scaled by the mean feature variance); 0 runs until labels settle.")
    var tol: Double = 1e-4

    @Option(help: "Seed of every random choice; the same seed gives the same result.")
    var seed: UInt64 = 0

    @Option(help: ArgumentHelp("Column of non-negative sample weights (not a feature).", valueName: "COLUMN"))
    var weights: String?

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1 (\(k))") }
        if let nInit, nInit < 1 { throw ValidationError("--n-init must be at least 1 (\(nInit))") }
        guard maxIter >= 1 else { throw ValidationError("--max-iter must be at least 1 (\(maxIter))") }
        guard tol >= 0, tol.isFinite else { throw ValidationError("--tol must be a finite number >= 0 (\(tol))") }
    }

    func run() throws {
        try ExitCodes.run(dataPath: input.data) {
            let inputs = [input.data] + (isCentroidFile ? [`init`] : [])
            try AtomicFile.refuseOverwritingInputs(input.json, inputs)
            let data = try NumericData(input, weightsColumn: weights)
            let initialization = try initialization(featureNames: data.featureNames)
            let kmeans = KMeans(clusterCount: k, initialization: initialization,
                                restarts: nInit ?? defaultRestarts, maxIterations: maxIter,
                                tolerance: tol, seed: seed)
            let model = try kmeans.fit(data.matrix, sampleWeights: data.weights)
            let result = KMeansJSON(
                labels: model.labels, clusterCenters: model.centroids.rowArrays, inertia: model.inertia,
                nIter: model.iterations, converged: model.converged, inertiaHistory: model.inertiaHistory,
                warnings: data.scalerWarnings + model.warnings, featureNames: data.featureNames,
                ids: data.ids, scaler: data.scaler.map(ScalerJSON.init),
                k: k, nInit: kmeans.restarts, seed: seed)
            try writeJSON(result, to: input.json, inputs: inputs)
        }
    }

    private var isCentroidFile: Bool { `init` != "k-means++" && `init` != "random" }

    /// scikit-learn's `n_init="auto"`: one run unless the initialization is `random`.
    private var defaultRestarts: Int { `init` == "random" ? 10 : 1 }

    /// The initialization for `--init`, reading and checking a centroid file when one is named.
    private func initialization(featureNames: [String]) throws -> KMeans.Initialization {
        switch `init` {
        case "k-means++": return .kMeansPlusPlus
        case "random": return .random
        default:
            let table = try CSVReader.read(path: `init`)
            let missing = featureNames.filter { table.optionalColumnIndex($0) == nil }
            let extra = table.header.filter { !featureNames.contains($0) }
            guard missing.isEmpty, extra.isEmpty else {
                throw InputError(file: `init`, line: 1, message: "centroid columns must be the data's feature columns"
                    + (missing.isEmpty ? "" : "; missing \(missing.joined(separator: ", "))")
                    + (extra.isEmpty ? "" : "; unexpected \(extra.joined(separator: ", "))"))
            }
            guard table.rowCount == k else {
                throw InputError(file: `init`, message: "\(table.rowCount) initial centroids, but --k is \(k)")
            }
            let columns = try featureNames.map(table.columnIndex)
            return .centroids(Matrix(rows: k, columns: columns.count, storage: try table.numericColumns(columns)))
        }
    }
}

/// The JSON written by `ar-segment kmeans` (scikit-learn's attribute names where they exist).
private struct KMeansJSON: Encodable {
    var labels: [Int]
    var clusterCenters: [[Double]]
    var inertia: Double
    var nIter: Int
    var converged: Bool
    var inertiaHistory: [Double]
    var warnings: [String]
    var featureNames: [String]
    var ids: [String]?
    var scaler: ScalerJSON?
    var k: Int
    var nInit: Int
    var seed: UInt64

    enum CodingKeys: String, CodingKey {
        case labels, inertia, converged, warnings, ids, scaler, k, seed
        case clusterCenters = "cluster_centers", nIter = "n_iter", inertiaHistory = "inertia_history"
        case featureNames = "feature_names", nInit = "n_init"
    }
}
