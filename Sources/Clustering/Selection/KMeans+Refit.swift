/// Re-fitting k-means inside the selection statistics (k search, gap statistic, bootstrap, seeds).
extension KMeans {
    /// The same options with another cluster count and seed. Explicit initial centroids cannot
    /// serve another k or another sample, so they fall back to k-means++.
    func refit(clusterCount: Int, seed: UInt64) -> KMeans {
        var copy = self
        copy.clusterCount = clusterCount
        copy.seed = seed
        if case .centroids = copy.initialization { copy.initialization = .kMeansPlusPlus }
        return copy
    }
}
