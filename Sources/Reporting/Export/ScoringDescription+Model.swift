import Segmentation
extension ScoringDescription {
    /// The scoring path of a saved segmentation (`model.json`), as `ar-segment assign` runs it.
    ///
    /// Each cluster's `id` is the segment number and its `strategy` the strategy id, the values
    /// of the `segment` and `strategy` columns of `assignments.csv`; its `name` is the segment's
    /// display name with the strategy's name, for example `Segment 2: Chronic late`.
    public init(model: SegmentationModel) {
        let clusters = model.segments.map { segment in
            Cluster(id: String(segment.id), name: "Segment \(segment.id): \(segment.strategy.strategy.name)",
                    strategy: segment.strategy.strategy.id, size: segment.profile.size,
                    centroid: Array(model.centroids.row(segment.id)))
        }
        self.init(modelName: model.report.title, toolVersion: model.toolVersion, featureNames: model.featureNames,
                  transforms: model.features.map(\.transform), scaler: model.scaler, pca: model.pca,
                  clusters: clusters)
    }
}
