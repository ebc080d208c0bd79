import ArgumentParser
import Clustering
import NumericCore
import Tabular

/// `ar-segment metrics`: cluster quality of given labels on a numeric CSV.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Score a labelling of a numeric CSV: silhouette, Calinski-Harabasz, Davies-Bouldin and inertia.",
        discussion: """
        LABELS.csv has a header and one integer label per data row, in the same order. \
        Its label column is --label-column, else its only column, else a column named \
        'label'. Labels may be any integers; at least 2 and at most rows - 1 distinct \
        labels are needed (as scikit-learn). inertia is the within-cluster sum of squares \
        around each label's own mean. Writes JSON with silhouette (exact), \
        calinski_harabasz, davies_bouldin, inertia, n_clusters and n_samples.

        Example:
          ar-segment metrics accounts.csv --labels labels.csv --json metrics.json
        """
    )

    @OptionGroup var input: NumericDataOptions

    @Option(help: ArgumentHelp("CSV with one integer label per data row.", valueName: "LABELS.csv"))
    var labels: String

    @Option(name: .customLong("label-column"), help: ArgumentHelp("Column of LABELS.csv holding the labels.", valueName: "COLUMN"))
    var labelColumn: String?

    func run() throws {
        try ExitCodes.run(dataPath: input.data) {
            let inputs = [input.data, labels]
            try AtomicFile.refuseOverwritingInputs(input.json, inputs)
            let data = try NumericData(input)
            let labelValues = try readLabels(rows: data.matrix.rows)
            let distinct = Array(Set(labelValues)).sorted()
            guard distinct.count >= 2, distinct.count <= data.matrix.rows - 1 else {
                throw InputError(file: labels, message: "\(distinct.count) distinct labels for \(data.matrix.rows) rows; "
                                 + "the metrics need 2 to rows - 1 distinct labels")
            }
            let code = Dictionary(uniqueKeysWithValues: distinct.enumerated().map { ($1, $0) })
            let codes = labelValues.map { code[$0]! }
            let result = MetricsJSON(
                silhouette: ClusterQuality.silhouetteScore(data.matrix, labels: codes),
                calinskiHarabasz: ClusterQuality.calinskiHarabasz(data.matrix, labels: codes),
                daviesBouldin: ClusterQuality.daviesBouldin(data.matrix, labels: codes),
                inertia: ClusterQuality.inertia(data.matrix, labels: codes,
                                                centroids: ClusterQuality.clusterMeans(data.matrix, labels: codes)),
                nClusters: distinct.count, nSamples: data.matrix.rows, labels: distinct,
                featureNames: data.featureNames, scaler: data.scaler.map(ScalerJSON.init), warnings: data.scalerWarnings)
            try writeJSON(result, to: input.json, inputs: inputs)
        }
    }

    /// The label column of `labels`, one integer per data row.
    private func readLabels(rows: Int) throws -> [Int] {
        let table = try CSVReader.read(path: labels)
        let column: Int
        if let labelColumn {
            column = try table.columnIndex(labelColumn)
        } else if table.columnCount == 1 {
            column = 0
        } else {
            guard let named = table.optionalColumnIndex("label") else {
                throw InputError(file: labels, line: 1, message: "several columns and none named 'label': choose one with --label-column")
            }
            column = named
        }
        guard table.rowCount == rows else {
            throw InputError(file: labels, message: "\(table.rowCount) labels for \(rows) data rows in \(input.data)")
        }
        return try (0..<rows).map { row in
            guard let value = Int(table.string(row: row, column: column)) else {
                throw table.error(row: row, column: column, "not an integer label")
            }
            return value
        }
    }
}

/// The JSON written by `ar-segment metrics`.
private struct MetricsJSON: Encodable {
    var silhouette: Double
    var calinskiHarabasz: Double
    var daviesBouldin: Double
    var inertia: Double
    var nClusters: Int
    var nSamples: Int
    var labels: [Int]
    var featureNames: [String]
    var scaler: ScalerJSON?
    var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case silhouette, inertia, labels, scaler, warnings
        case calinskiHarabasz = "calinski_harabasz", daviesBouldin = "davies_bouldin"
        case nClusters = "n_clusters", nSamples = "n_samples", featureNames = "feature_names"
    }
}
