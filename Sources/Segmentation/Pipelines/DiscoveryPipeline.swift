import Clustering
import Receivables
import Tabular

/// What `discover` can be told.
public struct DiscoveryOptions: Sendable {
    /// Clustering features, as for `segment` (`nil` = domain defaults present in the data).
    public var features: [String]?
    /// The k values to try, increasing, each at least 2.
    public var clusterCounts: [Int]
    public var seed: UInt64
    /// k-means restarts (n_init) for every fit, including the gap reference sets and bootstrap rounds.
    public var restarts: Int = KMeans.defaultRestarts
    public var pcaComponents: Int?
    /// Gap statistic reference sets per k (0 skips the gap statistic).
    public var gapReferenceSets: Int = 10
    /// Bootstrap rounds per k for stability (0 skips it).
    public var bootstrapReplicates: Int = 20
    /// Silhouette is exact up to this many accounts and sampled (seeded) above.
    public var silhouetteSampleSize: Int = 5_000
    public var toolVersion: String
    public var inputName: String?
    public var asOf: String?
    /// Outcome evidence (`--horizon`): days H of the window (T, T+H] whose collected share each
    /// k's segments are judged on (eta squared, `OutcomeSeparation`). Needs `ledger`. Shown
    /// beside the vote, never in it: it uses what happened after T.
    public var horizon: Int?
    /// The ledger the features came from (read again for the outcomes when `horizon` is set).
    public var ledger: LedgerSource?

    public init(clusterCounts: [Int], seed: UInt64, toolVersion: String) {
        self.clusterCounts = clusterCounts
        self.seed = seed
        self.toolVersion = toolVersion
    }
}

/// `discover` as a library call: the feature space of `segment`, then a k search
/// (`Clustering.KSearch`) and its report.
public enum DiscoveryPipeline {
    /// Runs the search. `progress(stage, done, total)` reports k-means fits as they finish.
    public static func run(_ table: AccountTable, accountsPath: String, options: DiscoveryOptions,
                           progress: ((String, Int, Int) -> Void)? = nil) throws -> (search: KSearchResult, report: DiscoveryReport) {
        let space = try FeatureSpace(table: table, accountsPath: accountsPath, requested: options.features,
                                     pcaComponents: options.pcaComponents, weightColumn: nil)
        SegmentationPipeline.logger.debug("discover: \(table.rowCount) accounts, features \(space.features.map(\.name).joined(separator: ", ")), k \(options.clusterCounts.map(String.init).joined(separator: ","))")
        var search = KSearch(clusterCounts: options.clusterCounts,
                             kmeans: KMeans(clusterCount: 2, restarts: options.restarts, seed: options.seed))
        search.gapReferenceSets = options.gapReferenceSets
        search.bootstrapReplicates = options.bootstrapReplicates
        search.silhouetteSampleSize = options.silhouetteSampleSize
        let outcomes = try options.horizon.flatMap { horizon in
            try options.ledger.map { try windowOutcomes($0, horizon: horizon) }
        }
        // Each fit's eta squared as the search makes it (the labels are not kept).
        var separation: [Int: OutcomeSeparation] = [:]
        var leftOut = 0
        let row = outcomes == nil ? [:] : Dictionary(uniqueKeysWithValues: table.ids.enumerated().map { ($1, $0) })
        let fitted: ((Int, [Int]) -> Void)? = outcomes.map { outcomes in
            { k, labels in
                let result = OutcomeSeparation.collectedShare(outcomes.accounts, groups: { row[$0].map { labels[$0] } },
                                                              groupCount: k)
                separation[k] = result.separation
                leftOut = result.leftOut
            }
        }
        let result: KSearchResult
        do {
            result = try search.run(space.embedded, progress: { progress?("trying k", $0, $1) }, fitted: fitted)
        } catch let error as SelectionError {
            throw InputError(file: accountsPath, message: ParameterText(error.description))
        } catch let error as ClusteringError {
            // A fit in the search refused its rows: with few distinct accounts a bootstrap
            // resample can hold fewer of them than k. Name the file and the ways out.
            let tried = options.clusterCounts.map(String.init).joined(separator: ",")
            throw InputError(file: accountsPath, message: "\(error.description) while trying k = \(tried): use a "
                             + "smaller \(Parameter.clusterCounts), or \(Parameter.bootstrapReplicates) 0")
        }
        var notes = space.notes
        if table.rowCount > options.silhouetteSampleSize {
            notes.append("silhouette estimated on a seeded sample of \(options.silhouetteSampleSize) accounts")
        }
        if options.gapReferenceSets > 0 {
            notes.append("gap statistic with \(options.gapReferenceSets) uniform reference sets over the data's bounding box")
        }
        if options.bootstrapReplicates > 0 {
            notes.append("stability: mean bootstrap Jaccard over \(options.bootstrapReplicates) resamples per k "
                         + "(above 0.75 stable, below 0.5 dissolved)")
        }
        if let outcomes {
            if leftOut > 0 {
                notes.append("\(leftOut) accounts overdue at \(outcomes.asOf) have no features and are left out of eta squared")
            }
            if let note = BacktestPipeline.unknownFutureNote(lastDate: outcomes.lastDate, windowEnd: outcomes.asOf + outcomes.horizon) {
                notes.append(note)
            }
        }
        var report = DiscoveryReport(
            title: "Choosing the number of segments" + (options.inputName.map { " for \($0)" } ?? ""),
            provenance: ReportProvenance(toolVersion: options.toolVersion, seed: options.seed, asOf: options.asOf,
                                         inputName: options.inputName),
            features: space.features.map { ReportFeature($0.name, unit: FeatureCatalog.unit(of: $0.name)) },
            accountCount: table.rowCount,
            candidates: result.candidates.map {
                KCandidate(k: $0.k, inertia: $0.inertia, silhouette: $0.silhouette,
                           calinskiHarabasz: $0.calinskiHarabasz, daviesBouldin: $0.daviesBouldin, gap: $0.gap,
                           gapStandardError: $0.gapStandardError, stability: $0.stability)
            },
            elbowK: result.elbow, recommendedK: result.recommendedK,
            votes: result.vote.ballots.map { IndexVote(index: $0.index.displayName, k: $0.k, rule: $0.reason) },
            reasons: [result.vote.reason],
            notes: notes)
        if let outcomes {
            let portfolio = outcomes.portfolio
            report.outcomes = DiscoveryOutcomes(
                asOf: outcomes.asOf.description, horizon: outcomes.horizon, windowEnd: (outcomes.asOf + outcomes.horizon).description,
                overdueAccounts: portfolio.overdueAccounts, overdueAmount: portfolio.overdueAmount,
                collectedShare: portfolio.overdueAmount > 0 ? portfolio.collectedAmount / portfolio.overdueAmount : nil)
            for i in report.candidates.indices {
                report.candidates[i].collectedShareEtaSquared = separation[report.candidates[i].k]?.etaSquared
            }
        }
        return (result, report)
    }

    /// What happened in (T, T+H] to the accounts overdue at T, by the backtest's one definition
    /// (`OutcomeAccumulator` over the same ledger pass), and the ledger's last date.
    struct WindowOutcomes {
        var asOf: CalendarDay
        var horizon: Int
        var accounts: [AccountOutcome]
        var portfolio: OutcomeTally
        var lastDate: CalendarDay
    }

    static func windowOutcomes(_ ledger: LedgerSource, horizon: Int) throws -> WindowOutcomes {
        let asOf = ledger.features.asOf
        var accumulator = OutcomeAccumulator(asOf: asOf, horizon: horizon, groupOf: [:], groupCount: 0)
        let lastDate = try BacktestPipeline.foldOutcomes(ledgerPath: ledger.path, features: ledger.features) { accumulator.add($0) }.lastDate
        let (tallies, accounts) = accumulator.finish()
        return WindowOutcomes(asOf: asOf, horizon: horizon, accounts: accounts, portfolio: OutcomeTally.merged(tallies),
                              lastDate: lastDate)
    }

}
