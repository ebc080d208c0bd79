import ArgumentParser
import Clustering
import Foundation
import Segmentation

/// Feature and k-means options shared by `segment`, `discover` and `backtest`.
struct ClusteringOptions: ParsableArguments {
    @Option(help: "Comma-separated feature columns to cluster (default: the domain's behaviour and value features present).")
    var features: String?

    /// 42 (`SegmentationOptions.defaultSeed`), where `kmeans` keeps the estimator's 0.
    @Option(help: "Seed of every random choice; the same seed gives the same files.")
    var seed: UInt64 = SegmentationOptions.defaultSeed

    /// 10 (`KMeans.defaultRestarts`), where `kmeans` follows scikit-learn's "auto".
    @Option(name: .customLong("n-init"), help: "k-means restarts; the fit with the lowest inertia is kept.")
    var nInit: Int = KMeans.defaultRestarts

    @Option(name: .customLong("pca-components"), help: "Cluster on this many principal components of the standardized features.")
    var pcaComponents: Int?

    var featureList: [String]? {
        features.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
    }

    func validate() throws {
        guard nInit >= 1 else { throw ValidationError("--n-init must be at least 1 (got \(nInit))") }
        if let pcaComponents, pcaComponents < 1 {
            throw ValidationError("--pca-components must be at least 1 (got \(pcaComponents))")
        }
        if let list = featureList, list.isEmpty || list.contains("") {
            throw ValidationError("--features must list column names separated by commas (got '\(features ?? "")')")
        }
    }
}
