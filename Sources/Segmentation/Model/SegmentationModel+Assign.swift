import Clustering
import NumericCore
import Receivables

/// Where the accounts of a table fall in a model: one segment and one distance per account.
public struct SegmentAssignment: Sendable, Equatable {
    /// Segment number of each account (row of the model's centroids).
    public var segments: [Int]
    /// Euclidean distance from each account to its segment's centroid, in the clustering space
    /// (standardized units, after PCA when used).
    public var distances: [Double]
    /// The accounts in the clustering space (rows of the table, after transforms, scaling, PCA).
    public var embedded: Matrix
}

extension SegmentationModel {
    /// The `features` columns of `table`, in that order, before any transform.
    /// Throws `ModelError.missingFeatures` naming every absent column.
    public static func rawFeatures(_ names: [String], of table: AccountTable, modelPath: String,
                                   accountsPath: String) throws -> Matrix {
        let (values, missing) = table.numericColumns(named: names)
        guard let values else {
            throw ModelError.missingFeatures(modelPath: modelPath, accountsPath: accountsPath, missing: missing)
        }
        return values
    }

    /// Applies each feature's transform to the matching column of `raw`, in place: the caller's
    /// copy of the columns is the only one (a second would be 8 bytes per account and feature
    /// more at `segment`'s peak).
    public static func transform(_ raw: inout Matrix, features: [ModelFeature]) {
        precondition(raw.columns == features.count, "one column per feature")
        for i in 0..<raw.rows {
            for (j, feature) in features.enumerated() where feature.transform != .none {
                raw[i, j] = feature.transform.apply(raw[i, j])
            }
        }
    }

    /// Standardized features into the clustering space: the PCA projection when there is one.
    public static func embedded(standardized z: Matrix, pca: FittedPrincipalComponents?) -> Matrix {
        pca.map { $0.transform(z) } ?? z
    }

    /// The whole assignment path for the accounts of `table`: columns by name, transforms,
    /// the saved scaler, the saved PCA, the nearest centroid (`NearestCentroid`, the path that
    /// labelled the accounts when the model was fitted).
    public func assign(_ table: AccountTable, modelPath: String, accountsPath: String) throws -> SegmentAssignment {
        var standardized = try Self.rawFeatures(featureNames, of: table, modelPath: modelPath, accountsPath: accountsPath)
        Self.transform(&standardized, features: features)
        scaler.transform(inPlace: &standardized)
        let x = Self.embedded(standardized: standardized, pca: pca)
        let (segments, distances) = NearestCentroid.assign(x, to: centroids)
        return SegmentAssignment(segments: segments, distances: distances, embedded: x)
    }

    /// The worklist of `table`'s accounts given their segments, scored with the training profiles'
    /// segment risk and the model's strategies.
    public func worklist(_ table: AccountTable, segments labels: [Int]) -> Worklist {
        Worklist.build(table: table, labels: labels, profiles: segments.map(\.profile),
                       assignments: segments.map(\.strategy))
    }
}

extension AccountTable {
    /// The numeric columns called `names`, in that order; `nil` and the absent names when any is missing.
    func numericColumns(named names: [String]) -> (values: Matrix?, missing: [String]) {
        let indices = names.map { numericIndex($0) }
        let missing = zip(names, indices).filter { $0.1 == nil }.map(\.0)
        return (missing.isEmpty ? values.selectingColumns(indices.map { $0! }) : nil, missing)
    }
}
