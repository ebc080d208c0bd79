import NumericCore

extension SegmentationModel {
    /// Checks that the parts agree (dimensions, segment numbering) and every number is finite, as
    /// an edited file may break either. Throws `ModelError.inconsistent` or `.nonFinite`.
    public func check(path: String) throws {
        func inconsistent(_ detail: String) -> ModelError { .inconsistent(path: path, detail: detail) }
        func finite(_ values: [Double], _ field: String) throws {
            if let i = values.firstIndex(where: { !$0.isFinite }) {
                throw ModelError.nonFinite(path: path, field: "\(field)[\(i)]")
            }
        }
        let d = features.count
        guard d > 0 else { throw inconsistent("no features") }
        var seen = Set<String>()
        for name in featureNames where !seen.insert(name).inserted {
            throw inconsistent("feature \(name) is listed twice")
        }
        for (field, count) in [("scaler.mean", scaler.mean.count), ("scaler.scale", scaler.scale.count),
                               ("scaler.variance", scaler.variance.count)] where count != d {
            throw inconsistent("\(field) has \(count) values for \(d) features")
        }
        try finite(scaler.mean, "scaler.mean")
        try finite(scaler.scale, "scaler.scale")
        try finite(scaler.variance, "scaler.variance")
        if let i = scaler.scale.firstIndex(where: { $0 <= 0 }) {
            throw inconsistent("scaler.scale[\(i)] is \(scaler.scale[i]); scales must be positive")
        }
        var space = d
        if let pca {
            guard pca.mean.count == d, pca.components.columns == d else {
                throw inconsistent("pca is fitted on \(pca.components.columns) features, the model has \(d)")
            }
            guard pca.components.rows >= 1, pca.explainedVariance.count == pca.components.rows else {
                throw inconsistent("pca has \(pca.components.rows) components and \(pca.explainedVariance.count) explained variances")
            }
            try finite(pca.mean, "pca.mean")
            try finite(pca.components.storage, "pca.components")
            try finite(pca.explainedVariance, "pca.explainedVariance")
            try finite(pca.explainedVarianceRatio, "pca.explainedVarianceRatio")
            space = pca.components.rows
        }
        guard centroids.rows >= 1 else { throw inconsistent("no centroids") }
        guard centroids.columns == space else {
            throw inconsistent("centroids have \(centroids.columns) columns, expected \(space)"
                               + (pca == nil ? " (one per feature)" : " (one per principal component)"))
        }
        try finite(centroids.storage, "centroids")
        guard kmeans.k == centroids.rows else {
            throw inconsistent("kmeans.k is \(kmeans.k) but there are \(centroids.rows) centroids")
        }
        guard segments.map(\.id) == Array(0..<centroids.rows) else {
            throw inconsistent("segments must be numbered 0..<\(centroids.rows) in order, found "
                               + segments.map { String($0.id) }.joined(separator: ","))
        }
        for segment in segments where segment.strategy.segment != segment.id || segment.profile.segment != segment.id {
            throw inconsistent("segment \(segment.id) carries the strategy or profile of segment "
                               + "\(segment.strategy.segment == segment.id ? segment.profile.segment : segment.strategy.segment)")
        }
        for segment in segments {
            for (j, feature) in segment.profile.features.enumerated() {
                for (name, value) in [("mean", feature.mean), ("median", feature.median), ("zScore", feature.zScore)]
                where !value.isFinite {
                    throw ModelError.nonFinite(path: path, field: "segments[\(segment.id)].profile.features[\(j)].\(name)")
                }
            }
        }
        try finite([kmeans.inertia, kmeans.tolerance], "kmeans")
    }
}
