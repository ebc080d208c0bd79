import Clustering
import Logging
import NumericCore
import Receivables
import Tabular

/// `segment` as a library call: features -> transforms -> standardize -> optional PCA -> k-means ->
/// profiles -> strategies -> worklist -> reports. Pure computation: nothing is written here
/// (see `SegmentationRun.outputFiles`), so a failure at any step leaves no file behind.
public enum SegmentationPipeline {
    static let logger = Logger(label: "ar-segment.pipeline")

    /// Runs the pipeline on `table` (read from `accountsPath`, which errors and reports name).
    /// `progress(stage, done, total)` reports long steps (the k search for `--k auto`).
    public static func run(_ table: AccountTable, accountsPath: String, options: SegmentationOptions,
                           progress: ((String, Int, Int) -> Void)? = nil) throws -> SegmentationRun {
        let space = try FeatureSpace(table: table, accountsPath: accountsPath, requested: options.features,
                                     pcaComponents: options.pcaComponents, weightColumn: options.weightColumn)
        logger.debug("features: \(space.features.map { "\($0.name)(\($0.transform.rawValue))" }.joined(separator: ", "))")
        var notes = space.notes
        let template = KMeans(clusterCount: 2, initialization: .kMeansPlusPlus, restarts: options.restarts,
                              maxIterations: options.maxIterations, tolerance: options.tolerance, seed: options.seed)

        let k: Int
        let kChoice: String
        var search: KSearchResult?
        switch options.segmentCount {
        case .fixed(let requested):
            guard requested >= 1, requested <= table.rowCount else {
                throw InputError(file: accountsPath, value: String(requested),
                                 message: "\(Parameter.segmentCount) must be between 1 and the number of accounts (\(table.rowCount))")
            }
            k = requested
            kChoice = "fixed"
        case .auto(let candidates):
            let usable = candidates.filter { $0 < table.rowCount }
            guard !usable.isEmpty else {
                throw InputError(file: accountsPath, value: String(table.rowCount),
                                 message: "\(Parameter.segmentCount) auto needs more accounts than the smallest k it tries (\(candidates.min() ?? 2))")
            }
            var kSearch = KSearch(clusterCounts: usable, kmeans: template)
            kSearch.bootstrapReplicates = 0  // stability does not vote; discover reports it
            let result = try kSearch.run(space.embedded) { progress?("choosing k", $0, $1) }
            k = result.recommendedK
            kChoice = "auto"
            notes.append("k chosen automatically: " + result.vote.reason)
            search = result
        }
        logger.debug("fitting \(options.algorithm.rawValue) k-means with k=\(k), \(options.restarts) restarts, seed \(options.seed)")

        let fit: KMeansModel
        switch options.algorithm {
        case .lloyd:
            var kmeans = template
            kmeans.clusterCount = k
            fit = try kmeans.fit(space.embedded, sampleWeights: space.weights)
        case .minibatch:
            fit = try MiniBatchKMeans(clusterCount: k, batchSize: options.batchSize, restarts: options.restarts,
                                      seed: options.seed).fit(space.embedded, sampleWeights: space.weights)
        }
        notes += fit.warnings
        // Labels come from `NearestCentroid`, the path `assign` takes, so `assign` reproduces them
        // exactly; a cluster left empty by it (duplicate rows, exact ties) is dropped and the rest renumbered.
        var centroids = fit.centroids
        var nearest = NearestCentroid.assign(space.embedded, to: centroids)
        while Set(nearest.labels).count < centroids.rows {
            let used = Set(nearest.labels).sorted()
            notes.append("\(centroids.rows - used.count) of \(centroids.rows) clusters received no account "
                         + "and were dropped (the data have too few distinct rows)")
            centroids = centroids.selectingRows(used)
            nearest = NearestCentroid.assign(space.embedded, to: centroids)
        }
        let labels = nearest.labels

        let profiles = SegmentProfiler.profile(table: table, labels: labels)
        let strategies = options.strategyBook.assign(profiles)
        let segments = zip(profiles, strategies).map { ModelSegment(id: $0.segment, strategy: $1, profile: $0) }
        let worklist = Worklist.build(table: table, labels: labels, profiles: profiles, assignments: strategies)
        if let reason = worklist.unavailableReason { notes.append("no worklist: \(reason)") }
        let invoices = try options.ledger.map {
            try PlanPipeline.invoiceView(segments: segments, table: table, labels: labels, ledger: $0, notes: &notes)
        }

        let modelKMeans = ModelKMeans(k: centroids.rows, kChoice: kChoice, restarts: options.restarts,
                                      maxIterations: options.maxIterations, tolerance: options.tolerance,
                                      weightColumn: options.weightColumn, inertia: fit.inertia,
                                      iterations: fit.iterations, converged: fit.converged,
                                      algorithm: options.algorithm == .lloyd ? nil : options.algorithm.rawValue)
        let report = try SegmentationReportBuilder(
            table: table, space: space, labels: labels, segments: segments, worklist: worklist,
            options: options, notes: notes, invoices: invoices).build()
        let model = SegmentationModel(
            toolVersion: options.toolVersion, seed: options.seed, features: space.features, scaler: space.scaler,
            pca: space.pca, centroids: centroids, kmeans: modelKMeans, segments: segments,
            strategyBook: options.strategyBook, report: report)
        try model.check(path: "model.json")
        return SegmentationRun(model: model, ids: table.ids,
                               assignment: SegmentAssignment(segments: labels, distances: nearest.distances,
                                                             embedded: space.embedded),
                               worklist: worklist, search: search,
                               testGroups: options.holdout?.groups(ids: table.ids, segments: labels))
    }
}
