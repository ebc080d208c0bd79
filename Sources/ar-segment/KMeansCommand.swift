import ArgumentParser
import Clustering
import Foundation
import NumericCore
import Reporting
import Segmentation
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
        centroids, \(KMeans.autoRandomRestarts) for random.

        --algorithm minibatch (scikit-learn's MiniBatchKMeans, k-means++ only) updates the \
        centroids from random batches of --batch-size rows, for data too large for full \
        Lloyd iterations; labels and inertia are still computed on every row. There, \
        --max-iter counts passes over the data (default \(MiniBatchKMeans.defaultMaxIterations)), \
        --tol defaults to \(number(MiniBatchKMeans.defaultTolerance)) and --n-init is the number \
        of k-means++ starts tried on a subsample.

        --pca-components N clusters the first N principal components (covariance \
        eigendecomposition, after --standardize when given) instead of the features, like \
        scikit-learn's PCA(N, svd_solver="covariance_eigh") followed by KMeans; \
        cluster_centers are then in component units and the JSON adds pca (mean, \
        components, explained_variance, explained_variance_ratio).

        Example:
          ar-segment kmeans accounts.csv --id account --k 5 --seed 7 --json km.json
        """
    )

    @OptionGroup var input: NumericDataOptions

    @Option(help: "Number of clusters (1 to the number of rows).")
    var k: Int

    @Option(help: ArgumentHelp("k-means++, random, or CENTROIDS.csv.", valueName: "METHOD|CENTROIDS.csv"))
    var `init`: KMeansInitArgument = .kMeansPlusPlus

    @Option(name: .customLong("n-init"), help: "Independent runs; the lowest inertia is kept (default: scikit-learn's \"auto\").")
    var nInit: Int?

    @Option(name: .customLong("max-iter"), help: """
        Maximum Lloyd iterations per run (default \(KMeans.defaultMaxIterations); minibatch: passes over the data, \
        default \(MiniBatchKMeans.defaultMaxIterations)).
        """)
    var maxIter: Int?

    @Option(help: """
        Relative tolerance on the centroid shift (scaled by the mean feature variance); 0 runs until labels settle \
        (default \(KMeansCommand.number(KMeans.defaultTolerance)); minibatch: \(KMeansCommand.number(MiniBatchKMeans.defaultTolerance))).
        """)
    var tol: Double?

    @Option(help: ArgumentHelp("k-means variant: exact Lloyd iterations, or scikit-learn's MiniBatchKMeans.", valueName: "ALGORITHM"))
    var algorithm: ClusteringAlgorithm = .lloyd

    @Option(name: .customLong("batch-size"), help: "Rows per mini-batch step (--algorithm minibatch).")
    var batchSize: Int = MiniBatchKMeans.defaultBatchSize

    /// The estimator's seed (`KMeans.defaultSeed`, 0), so runs match scikit-learn checks written
    /// against it; the segmentation commands default to `SegmentationOptions.defaultSeed` (42).
    @Option(help: "Seed of every random choice; the same seed gives the same result.")
    var seed: UInt64 = KMeans.defaultSeed

    @Option(help: ArgumentHelp("Column of non-negative sample weights (not a feature).", valueName: "COLUMN"))
    var weights: String?

    @Option(name: .customLong("pca-components"),
            help: "Cluster this many principal components instead of the features (1 to the number of features).")
    var pcaComponents: Int?

    func validate() throws {
        guard k >= 1 else { throw ValidationError("--k must be at least 1 (\(k))") }
        if let nInit, nInit < 1 { throw ValidationError("--n-init must be at least 1 (\(nInit))") }
        if let maxIter, maxIter < 1 { throw ValidationError("--max-iter must be at least 1 (\(maxIter))") }
        if let tol, !(tol >= 0 && tol.isFinite) { throw ValidationError("--tol must be a finite number >= 0 (\(tol))") }
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1 (\(batchSize))") }
        if algorithm == .minibatch && `init` != .kMeansPlusPlus {
            throw ValidationError("--algorithm minibatch supports only --init k-means++ (\(`init`.defaultValueDescription))")
        }
        if let pcaComponents {
            guard pcaComponents >= 1 else { throw ValidationError("--pca-components must be at least 1 (\(pcaComponents))") }
            guard `init`.centroidFile == nil else {
                throw ValidationError("--init CENTROIDS.csv names feature columns; it cannot be combined with --pca-components")
            }
        }
    }

    func run() throws {
        try ExitCodes.run(dataPath: input.data) {
            let inputs = [input.data] + (`init`.centroidFile.map { [$0] } ?? [])
            try AtomicFile.refuseOverwritingInputs(input.json, inputs)
            var data = try NumericData(input, weightsColumn: weights)
            let initialization = try initialization(featureNames: data.featureNames)
            var points = data.matrix
            var projection: FittedPrincipalComponents?
            if let pcaComponents {
                guard pcaComponents <= min(data.matrix.rows, data.matrix.columns) else {
                    throw InputError(file: input.data, value: String(pcaComponents),
                                     message: "--pca-components must be at most min(rows, features) = "
                                         + "\(min(data.matrix.rows, data.matrix.columns))")
                }
                let fitted = try PrincipalComponents(count: .count(pcaComponents)).fit(data.matrix)
                points = fitted.transform(data.matrix)
                projection = fitted
            }
            // Only the fit needs the matrix from here on: dropping this reference lets Lloyd's fit
            // centre `points` in place instead of copying it.
            data.matrix = Matrix(rows: 0, columns: 0, storage: [])
            // scikit-learn's n_init: a count, or "auto" resolved by Clustering for the initialization.
            let restarts: KMeans.Restarts = nInit.map { .count($0) } ?? .auto
            let runs: Int
            let model: KMeansModel
            switch algorithm {
            case .minibatch:
                runs = restarts.count(for: .kMeansPlusPlus)
                model = try MiniBatchKMeans(clusterCount: k, batchSize: batchSize,
                                            maxIterations: maxIter ?? MiniBatchKMeans.defaultMaxIterations,
                                            tolerance: tol ?? MiniBatchKMeans.defaultTolerance, restarts: runs, seed: seed)
                    .fit(points, sampleWeights: data.weights)
            case .lloyd:
                let kmeans = KMeans(clusterCount: k, initialization: initialization, restarts: restarts,
                                    maxIterations: maxIter ?? KMeans.defaultMaxIterations,
                                    tolerance: tol ?? KMeans.defaultTolerance, seed: seed)
                runs = kmeans.restarts
                model = try kmeans.fit(centringInPlace: &points, sampleWeights: data.weights)
            }
            // scikit-learn's attribute names where they exist; written by JSONValue (the bytes
            // JSONEncoder gave, without Codable, which was 40% of the run at 1M rows).
            let json = JSONValue.object([
                "labels": .integers(model.labels), "ids": data.ids.map(JSONValue.strings),
                "cluster_centers": .doubleRows(model.centroids.rowArrays), "inertia": .double(model.inertia),
                "n_iter": .int(model.iterations), "converged": .bool(model.converged),
                "inertia_history": .doubles(model.inertiaHistory), "warnings": .strings(data.scalerWarnings + model.warnings),
                "feature_names": .strings(data.featureNames), "scaler": data.scaler.map(ScalerJSON.init)?.json,
                "pca": projection.map(ProjectionJSON.init)?.json, "k": .int(k), "n_init": .int(runs),
                "seed": .unsigned(seed),
            ])
            try writeJSON(json, to: input.json, inputs: inputs)
        }
    }

    /// A default in help text: `%g`, so 1e-4 reads 0.0001 and 0 reads 0.
    private static func number(_ value: Double) -> String { String(format: "%g", value) }

    /// The initialization for `--init`, reading and checking a centroid file when one is named.
    private func initialization(featureNames: [String]) throws -> KMeans.Initialization {
        switch `init` {
        case .kMeansPlusPlus: return .kMeansPlusPlus
        case .random: return .random
        case .centroids(let path):
            let table = try CSVReader.read(path: path)
            let missing = featureNames.filter { table.optionalColumnIndex($0) == nil }
            let extra = table.header.filter { !featureNames.contains($0) }
            guard missing.isEmpty, extra.isEmpty else {
                throw InputError(file: path, line: 1, message: ParameterText("centroid columns must be the data's feature columns"
                    + (missing.isEmpty ? "" : "; missing \(missing.joined(separator: ", "))")
                    + (extra.isEmpty ? "" : "; unexpected \(extra.joined(separator: ", "))")))
            }
            guard table.rowCount == k else {
                throw InputError(file: path, message: "\(table.rowCount) initial centroids, but --k is \(k)")
            }
            let columns = try featureNames.map(table.columnIndex)
            return .centroids(Matrix(rows: k, columns: columns.count, storage: try table.numericColumns(columns)))
        }
    }
}

/// The principal components `kmeans --pca-components` clustered on: `(x - mean) components^T`.
private struct ProjectionJSON {
    var mean: [Double]
    var components: [[Double]]
    var explainedVariance: [Double]
    var explainedVarianceRatio: [Double]

    init(_ pca: FittedPrincipalComponents) {
        mean = pca.mean
        components = pca.components.rowArrays
        explainedVariance = pca.explainedVariance
        explainedVarianceRatio = pca.explainedVarianceRatio
    }

    var json: JSONValue {
        .object(["mean": .doubles(mean), "components": .doubleRows(components),
                 "explained_variance": .doubles(explainedVariance),
                 "explained_variance_ratio": .doubles(explainedVarianceRatio)])
    }
}
