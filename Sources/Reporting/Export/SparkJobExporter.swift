import Foundation
import Segmentation

/// A saved model as a self-contained PySpark job (`ar-segment export-spark`): no ar-segment on
/// the cluster, only PySpark (and numpy for `--refit`).
///
/// The job reads an accounts table (CSV or Parquet path, or a table name), runs the scoring
/// path of `ScoringDescription` with Spark SQL column functions, in the order `ar-segment
/// assign` runs it (sign-preserving log1p, `(t - mean) / scale`, the PCA projection as
/// `sum_i (z_i - projectionMean_i) * component_j[i]`, squared distances summed coordinate by
/// coordinate as `NearestCentroid` sums them, the first nearest centroid on a tie, the square root), and writes
/// `account_id,segment,strategy,distance` as CSV part files. Distances agree with `assign` to
/// about 1e-15 (the projection's sum order and the JVM's log1p may differ in the last bit).
///
/// `--refit` runs pyspark.mllib's KMeans one Lloyd iteration at a time from the model's
/// centroids (epsilon 0) until no centre moves or `--max-iterations`, scores with the refitted
/// centroids and writes a model file with them (and the new inertia, iteration count and
/// convergence) that `assign` and `report` read; features, scaler, PCA, strategies and the
/// training profiles are kept as they were (so reports still describe the training run).
public enum SparkJobExporter {
    /// The job's Python source. `modelJSON` is the model file (embedded for `--refit`);
    /// `weighted` tells that the model was fitted with sample weights, which mllib's KMeans
    /// cannot take (the job then refuses `--refit`).
    public static func render(_ scoring: ScoringDescription, modelJSON: [UInt8], weighted: Bool,
                              command: String) throws -> String {
        try scoring.validate()
        let features = scoring.features.map {
            "    (\(python($0.name)), \(python($0.transform.rawValue)), \(number($0.mean)), \(number($0.scale))),"
        }.joined(separator: "\n")
        let projection = scoring.projection.map { p in
            "PROJECTION_MEAN = \(vector(p.mean))\nCOMPONENTS = [\n"
                + p.components.map { "    \(vector($0)),\n" }.joined() + "]"
        } ?? "PROJECTION_MEAN = None\nCOMPONENTS = None"
        let centroids = scoring.clusters.map { "    \(vector($0.centroid)),\n" }.joined()
        let strategies = scoring.clusters.map { python($0.strategy) }.joined(separator: ", ")
        let encoded = Data(modelJSON).base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed])
        return SparkJobTemplate.text
            .replacingOccurrences(of: "{{COMMAND}}", with: command)
            .replacingOccurrences(of: "{{MODEL_NAME}}", with: scoring.modelName.replacingOccurrences(of: "\"", with: "'"))
            .replacingOccurrences(of: "{{TOOL_VERSION}}", with: scoring.toolVersion)
            .replacingOccurrences(of: "{{FEATURES}}", with: features)
            .replacingOccurrences(of: "{{PROJECTION}}", with: projection)
            .replacingOccurrences(of: "{{CENTROIDS}}", with: centroids)
            .replacingOccurrences(of: "{{STRATEGIES}}", with: strategies)
            .replacingOccurrences(of: "{{WEIGHTED}}", with: weighted ? "True" : "False")
            .replacingOccurrences(of: "{{MODEL_BASE64}}", with: encoded)
    }

    /// A Double as Python reads it back exactly (shortest round-trip form).
    static func number(_ x: Double) -> String { "\(x)" }
    static func vector(_ xs: [Double]) -> String { "[" + xs.map(number).joined(separator: ", ") + "]" }
    static func python(_ text: String) -> String { ExportText.pythonString(text) }
}
