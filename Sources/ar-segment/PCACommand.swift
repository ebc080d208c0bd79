import ArgumentParser
import NumericCore
import Tabular

/// `ar-segment pca`: principal components of a numeric CSV, for checking results against other tools.
struct PCACommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pca",
        abstract: "Principal component analysis of a numeric CSV (covariance eigendecomposition, as scikit-learn's covariance_eigh).",
        discussion: """
        Writes JSON with mean, components (one row per component; each flipped so its \
        largest-magnitude loading is positive), explained_variance (ddof=1), \
        explained_variance_ratio, singular_values, n_components, feature_names, warnings, \
        and scaler with --standardize. Without --components or --variance every component \
        is kept (min(rows, features)).

        Example:
          ar-segment pca accounts.csv --standardize --variance 0.9 --json pca.json
        """
    )

    @OptionGroup var input: NumericDataOptions

    @Option(help: "Keep this many components (1 to min(rows, features)).")
    var components: Int?

    @Option(help: "Keep the fewest components whose cumulative explained-variance ratio exceeds this fraction (0 < F < 1).")
    var variance: Double?

    func validate() throws {
        if components != nil, variance != nil {
            throw ValidationError("give --components or --variance, not both")
        }
        if let components, components < 1 { throw ValidationError("--components must be at least 1 (\(components))") }
        if let variance, !(variance > 0 && variance < 1) {
            throw ValidationError("--variance must be strictly between 0 and 1 (\(variance))")
        }
    }

    func run() throws {
        try ExitCodes.run(dataPath: input.data) {
            try AtomicFile.refuseOverwritingInputs(input.json, [input.data])
            let data = try NumericData(input)
            let count: PrincipalComponents.ComponentCount =
                components.map { .count($0) } ?? variance.map { .varianceFraction($0) } ?? .all
            let pca = try PrincipalComponents(count: count).fit(data.matrix)
            let result = PCAJSON(
                mean: pca.mean, components: pca.components.rowArrays, explainedVariance: pca.explainedVariance,
                explainedVarianceRatio: pca.explainedVarianceRatio, singularValues: pca.singularValues,
                nComponents: pca.components.rows, featureNames: data.featureNames,
                scaler: data.scaler.map(ScalerJSON.init), warnings: data.scalerWarnings)
            try writeJSON(result, to: input.json, inputs: [input.data])
        }
    }
}

/// The JSON written by `ar-segment pca` (scikit-learn's attribute names).
private struct PCAJSON: Encodable {
    var mean: [Double]
    var components: [[Double]]
    var explainedVariance: [Double]
    var explainedVarianceRatio: [Double]
    var singularValues: [Double]
    var nComponents: Int
    var featureNames: [String]
    var scaler: ScalerJSON?
    var warnings: [String]

    enum CodingKeys: String, CodingKey {
        case mean, components, scaler, warnings
        case explainedVariance = "explained_variance", explainedVarianceRatio = "explained_variance_ratio"
        case singularValues = "singular_values", nComponents = "n_components", featureNames = "feature_names"
    }
}
