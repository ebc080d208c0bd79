import NumericCore
import Receivables
import Tabular

/// The accounts of a table in the space k-means works in, and every fitted step that took them
/// there: column choice, per-feature transform (log1p for money), standardization (ddof 0, as
/// scikit-learn), optional PCA. `segment` and `discover` share it, so both see the same space.
public struct FeatureSpace: Sendable {
    /// Clustering features in order, with their transforms.
    public var features: [ModelFeature]
    /// Standardization fitted on the transformed features.
    public var scaler: FittedStandardScaler
    /// The transformed, standardized features (mean 0, deviation 1 per column).
    public var standardized: Matrix
    /// PCA fitted on `standardized`, when asked for.
    public var pca: FittedPrincipalComponents?
    /// The rows k-means clusters: `standardized`, projected on `pca` when present.
    public var embedded: Matrix
    /// Sample weights, one per account, when a weight column was named.
    public var weights: [Double]?
    /// Remarks for the reports (defaulted features, zero-variance columns, PCA variance kept).
    public var notes: [String]

    /// Builds the space for `table` (read from `accountsPath`, which errors name).
    /// - `requested`: feature names, or `nil` for the domain defaults present in the table
    ///   (`FeatureCatalog.defaultClusteringFeatures`), or every numeric column when none is.
    /// - `pcaComponents`: keep this many principal components (1 up to the feature count).
    /// - `weightColumn`: a numeric column of non-negative weights, not all zero.
    public init(table: AccountTable, accountsPath: String, requested: [String]?, pcaComponents: Int?,
                weightColumn: String?) throws {
        guard table.rowCount > 0 else {
            throw InputError(file: accountsPath, message: "no accounts: the file has a header but no rows")
        }
        var notes = [String]()
        let names = try Self.featureNames(table: table, accountsPath: accountsPath, requested: requested,
                                          weightColumn: weightColumn, notes: &notes)
        features = names.map { ModelFeature(name: $0, transform: FeatureCatalog.isMoney($0) ? .log1p : .none) }
        let logged = features.filter { $0.transform == .log1p }.map(\.name)
        if !logged.isEmpty {
            notes.append("money features are log-transformed (sign(x)·ln(1+|x|)) before standardizing: "
                         + logged.joined(separator: ", "))
        }
        // `featureNames` checked every name, so no column is missing here.
        var columns = table.numericColumns(named: names).values!
        SegmentationModel.transform(&columns, features: features)
        scaler = StandardScaler(ddof: 0).fit(columns)
        // The scaler only knows column numbers; name the feature for the reader.
        notes += scaler.constantColumns.map { "\(names[$0]) has zero variance: scaled by 1, so it contributes nothing" }
        scaler.transform(inPlace: &columns)
        standardized = columns
        if let count = pcaComponents {
            guard (1...names.count).contains(count) else {
                throw InputError(file: accountsPath, value: String(count),
                                 message: "\(Parameter.pcaComponents) must be between 1 and the number of features (\(names.count))")
            }
            guard table.rowCount >= 2 else {
                throw InputError(file: accountsPath, value: String(count),
                                 message: "\(Parameter.pcaComponents) needs at least 2 accounts (found \(table.rowCount))")
            }
            let fitted = try PrincipalComponents(count: .count(count)).fit(standardized)
            let kept = fitted.explainedVarianceRatio.reduce(0, +)
            notes.append("k-means ran on \(count) principal component\(count == 1 ? "" : "s") keeping "
                         + "\(FeatureUnit.fraction.sentenceText(kept)) of the variance")
            pca = fitted
        } else {
            pca = nil
        }
        embedded = SegmentationModel.embedded(standardized: standardized, pca: pca)
        weights = try weightColumn.map { try Self.weights(table: table, column: $0, accountsPath: accountsPath) }
        if let weightColumn { notes.append("accounts are weighted by \(weightColumn) in k-means") }
        self.notes = notes
    }

    static func featureNames(table: AccountTable, accountsPath: String, requested: [String]?,
                             weightColumn: String?, notes: inout [String]) throws -> [String] {
        if let requested {
            guard !requested.isEmpty else { throw InputError(file: accountsPath, message: "\(Parameter.features) names no column") }
            var seen = Set<String>()
            for name in requested {
                guard seen.insert(name).inserted else {
                    throw InputError(file: accountsPath, column: name, message: "feature listed twice in \(Parameter.features)")
                }
                if table.categoricalColumns.contains(where: { $0.name == name }) {
                    throw InputError(file: accountsPath, column: name,
                                     message: "column is text, not numeric: it cannot be clustered")
                }
                guard table.numericIndex(name) != nil else {
                    throw InputError(file: accountsPath, column: name,
                                     message: "no such column (numeric columns: \(table.numericNames.joined(separator: ", ")))")
                }
            }
            return requested
        }
        let defaults = FeatureCatalog.defaultClusteringFeatures.filter { table.numericIndex($0) != nil }
        if !defaults.isEmpty {
            let absent = FeatureCatalog.defaultClusteringFeatures.filter { table.numericIndex($0) == nil }
            if !absent.isEmpty { notes.append("default features absent from the data: " + absent.joined(separator: ", ")) }
            return defaults
        }
        let all = table.numericNames.filter { $0 != weightColumn }
        guard !all.isEmpty else {
            throw InputError(file: accountsPath, message: "no numeric column to cluster")
        }
        notes.append("none of the default features is present: clustering every numeric column")
        return all
    }

    static func weights(table: AccountTable, column: String, accountsPath: String) throws -> [Double] {
        guard let values = table.numericColumn(column) else {
            throw InputError(file: accountsPath, column: column, message: "\(Parameter.weightColumn) names no numeric column")
        }
        if let i = values.firstIndex(where: { $0 < 0 }) {
            throw InputError(file: accountsPath, column: column, value: String(values[i]),
                             message: "negative weight for account \(table.ids[i])")
        }
        guard values.contains(where: { $0 > 0 }) else {
            throw InputError(file: accountsPath, column: column, message: "every weight is 0")
        }
        return values
    }
}
