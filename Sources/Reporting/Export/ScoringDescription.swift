import Segmentation
import NumericCore

/// Everything needed to score one account with a fitted segmentation, in plain values.
///
/// The scoring path, per account, with `x` the raw feature values in `features` order:
/// 1. `t_i = transform_i(x_i)`: sign-preserving `sign(x_i) * ln(1 + |x_i|)` for `.log1p`
///    (money columns; credits stay finite), `x_i` for `.none`;
/// 2. `z_i = (t_i - mean_i) / scale_i` (the fitted standard scaler);
/// 3. with a projection, `p_j = sum_i (z_i - projectionMean_i) * component_j[i]`, otherwise `p = z`;
/// 4. the segment is the cluster whose centroid minimises `sum_j (p_j - centroid_j)^2`
///    (the first one on a tie, in `clusters` order).
///
/// Exporters (`PMMLExporter`) turn this into other tools' formats; they take it as
/// the single source of truth so every export scores exactly like `ar-segment assign`.
public struct ScoringDescription: Equatable, Sendable {
    /// One model input column and its standardization.
    public struct Feature: Equatable, Sendable {
        /// Column name in the accounts file.
        public var name: String
        /// Applied before standardization: `.log1p` is the sign-preserving `sign(x) * ln(1 + |x|)`.
        public var transform: FeatureTransform
        /// Mean of the transformed column on the training accounts.
        public var mean: Double
        /// Standard deviation of the transformed column (1 for a constant column); never 0.
        public var scale: Double

        public init(name: String, transform: FeatureTransform, mean: Double, scale: Double) {
            self.name = name
            self.transform = transform
            self.mean = mean
            self.scale = scale
        }
    }

    /// A PCA projection of the standardized features.
    public struct Projection: Equatable, Sendable {
        /// Mean of the standardized training rows (one per feature).
        public var mean: [Double]
        /// Components as rows, each with one loading per feature.
        public var components: [[Double]]

        public init(mean: [Double], components: [[Double]]) {
            self.mean = mean
            self.components = components
        }
    }

    /// One segment: its centroid in the clustering space and what it means.
    public struct Cluster: Equatable, Sendable {
        /// Identifier written to the assignments (`segment` column), for example `"0"`.
        public var id: String
        /// Display name of the segment.
        public var name: String
        /// Collection strategy assigned to the segment (two segments may share one).
        public var strategy: String
        /// Training accounts in the segment, when known.
        public var size: Int?
        /// Centroid coordinates: one per projection component, or one per feature without projection.
        public var centroid: [Double]

        public init(id: String, name: String, strategy: String, size: Int? = nil, centroid: [Double]) {
            self.id = id
            self.name = name
            self.strategy = strategy
            self.size = size
            self.centroid = centroid
        }
    }

    /// Name of the model, shown by scorers (PMML `modelName`).
    public var modelName: String
    /// Version of ar-segment that fitted the model.
    public var toolVersion: String
    public var features: [Feature]
    public var projection: Projection?
    public var clusters: [Cluster]

    public init(modelName: String, toolVersion: String, features: [Feature],
                projection: Projection?, clusters: [Cluster]) {
        self.modelName = modelName
        self.toolVersion = toolVersion
        self.features = features
        self.projection = projection
        self.clusters = clusters
    }

    /// Builds a description from the fitted NumericCore pieces.
    ///
    /// `featureNames`, `transforms` and the scaler's columns must line up; the PCA, when
    /// present, must have been fitted on the scaler's output. `validate()` checks the shapes.
    public init(modelName: String, toolVersion: String, featureNames: [String], transforms: [FeatureTransform],
                scaler: FittedStandardScaler, pca: FittedPrincipalComponents?, clusters: [Cluster]) {
        precondition(featureNames.count == transforms.count && featureNames.count == scaler.mean.count
                     && featureNames.count == scaler.scale.count,
                     "feature names, transforms and scaler columns must line up")
        let features = featureNames.indices.map {
            Feature(name: featureNames[$0], transform: transforms[$0], mean: scaler.mean[$0], scale: scaler.scale[$0])
        }
        let projection = pca.map { Projection(mean: $0.mean, components: $0.components.rowArrays) }
        self.init(modelName: modelName, toolVersion: toolVersion, features: features,
                  projection: projection, clusters: clusters)
    }

    /// Number of coordinates a centroid has: projection components, or features without PCA.
    public var clusteringDimension: Int { projection?.components.count ?? features.count }

    /// Checks that the description can be exported: at least one feature and one cluster,
    /// unique non-empty feature names and cluster ids, finite numbers, non-zero scales,
    /// and every vector of the right length. Throws the first problem found.
    public func validate() throws {
        guard !features.isEmpty else { throw ExportError.invalidModel("no features") }
        guard !clusters.isEmpty else { throw ExportError.invalidModel("no clusters") }
        var seen = Set<String>()
        for feature in features {
            guard !feature.name.isEmpty else { throw ExportError.invalidModel("empty feature name") }
            guard seen.insert(feature.name).inserted else {
                throw ExportError.invalidModel("duplicate feature name (\(feature.name))")
            }
            guard feature.mean.isFinite else {
                throw ExportError.invalidModel("non-finite mean for feature \(feature.name) (\(feature.mean))")
            }
            guard feature.scale.isFinite, feature.scale != 0 else {
                throw ExportError.invalidModel("scale for feature \(feature.name) must be finite and non-zero (\(feature.scale))")
            }
        }
        if let projection {
            guard projection.mean.count == features.count else {
                throw ExportError.invalidModel("projection mean has \(projection.mean.count) values, expected \(features.count)")
            }
            guard !projection.components.isEmpty else { throw ExportError.invalidModel("projection has no components") }
            for (j, component) in projection.components.enumerated() where component.count != features.count {
                throw ExportError.invalidModel("component \(j + 1) has \(component.count) loadings, expected \(features.count)")
            }
            guard (projection.mean + projection.components.joined()).allSatisfy(\.isFinite) else {
                throw ExportError.invalidModel("non-finite number in the projection")
            }
        }
        var ids = Set<String>()
        for cluster in clusters {
            guard !cluster.id.isEmpty else { throw ExportError.invalidModel("empty cluster id") }
            guard ids.insert(cluster.id).inserted else {
                throw ExportError.invalidModel("duplicate cluster id (\(cluster.id))")
            }
            guard cluster.centroid.count == clusteringDimension else {
                throw ExportError.invalidModel(
                    "centroid of cluster \(cluster.id) has \(cluster.centroid.count) values, expected \(clusteringDimension)")
            }
            guard cluster.centroid.allSatisfy(\.isFinite) else {
                throw ExportError.invalidModel("non-finite centroid coordinate in cluster \(cluster.id)")
            }
            if let size = cluster.size, size < 0 {
                throw ExportError.invalidModel("negative size for cluster \(cluster.id) (\(size))")
            }
        }
    }
}

/// Why an export could not be produced.
public enum ExportError: Error, Equatable, CustomStringConvertible {
    /// The model description is inconsistent (message says what).
    case invalidModel(String)
    /// Two generated or given field names collide in the exported document.
    case nameCollision(String)
    /// The notebook input is inconsistent (message says what).
    case invalidNotebook(String)

    public var description: String {
        switch self {
        case .invalidModel(let message): "cannot export model: \(message)"
        case .nameCollision(let name): "cannot export model: field name used twice (\(name))"
        case .invalidNotebook(let message): "cannot export notebook: \(message)"
        }
    }
}
