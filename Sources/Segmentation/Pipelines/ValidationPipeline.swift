import Clustering
import NumericCore
import Receivables
import Tabular

/// What `validate` can be told.
public struct ValidationOptions: Sendable {
    /// Bootstrap rounds for per-segment stability (fpc::clusterboot's B).
    public var bootstrapReplicates: Int = 100
    /// k-means fits with other seeds, compared with the model's segments by adjusted Rand index.
    public var seedRuns: Int = 10
    public var seed: UInt64
    /// Another model (`--previous OTHER_MODEL.json`) whose segments the accounts moved from.
    public var previousModel: (model: SegmentationModel, path: String)?
    /// The same customers at an earlier as-of date (`--previous-accounts FILE`).
    public var previousAccounts: (table: AccountTable, path: String)?
    public var toolVersion: String
    public var inputName: String?

    public init(seed: UInt64, toolVersion: String) {
        self.seed = seed
        self.toolVersion = toolVersion
    }
}

/// A finished validation: the report and, when asked for, who moved between segments.
public struct ValidationRun: Sendable {
    public var report: ValidationReport
    /// Per account present in both periods or models: its segment before and now.
    public var moves: [(accountId: String, from: Int, to: Int)]?
    /// Strategy ids of the segments before (rows of the migration) and now (columns).
    public var fromStrategies: [String]
    public var toStrategies: [String]

    /// The data files: `migration.csv` with a migration (the rendered reports are Reporting's).
    public func dataFiles() -> [OutputFile] {
        var files: [OutputFile] = []
        if let moves {
            var writer = CSVWriter(header: ValidationPipeline.migrationColumns)
            for move in moves {
                writer.append([.text(move.accountId), .integer(move.from), .text(fromStrategies[move.from]),
                               .integer(move.to), .text(toStrategies[move.to]),
                               .text(fromStrategies[move.from] == toStrategies[move.to] ? "no" : "yes")])
            }
            files.append(OutputFile(name: "migration.csv", text: writer.text))
        }
        return files
    }
}

/// `validate` as a library call: how far a saved segmentation can be trusted on a set of accounts.
public enum ValidationPipeline {
    /// Columns of `migration.csv`: the account, its segment and strategy id before and now, and
    /// `strategy_changed` (`yes`/`no`). Across two models compare strategies, not segment numbers,
    /// which each model assigns in its own order.
    public static let migrationColumns = ["account_id", "from_segment", "from_strategy", "to_segment",
                                          "to_strategy", "strategy_changed"]

    /// Applies `model` to `table`, then measures:
    /// - per-segment bootstrap Jaccard (`ClusterBootstrap`, re-clustering with the model's k-means settings);
    /// - adjusted Rand index between the model's segments and k-means fits with other seeds;
    /// - with `previousModel` and/or `previousAccounts`, the migration matrix: accounts (matched by id)
    ///   by segment under the previous model or period (rows) and under `model` now (columns).
    public static func run(model: SegmentationModel, modelPath: String, table: AccountTable, accountsPath: String,
                           options: ValidationOptions,
                           progress: ((String, Int, Int) -> Void)? = nil) throws -> ValidationRun {
        let assignment = try model.assign(table, modelPath: modelPath, accountsPath: accountsPath)
        let k = model.segmentCount
        SegmentationPipeline.logger.debug("validate: \(table.rowCount) accounts in \(k) segments, sizes \((0..<k).map { s in assignment.segments.filter { $0 == s }.count })")
        guard table.rowCount > k else {
            throw InputError(file: accountsPath, message: "validation needs more accounts (\(table.rowCount)) than segments (\(k))")
        }
        let kmeans = KMeans(clusterCount: k, restarts: model.kmeans.restarts, maxIterations: model.kmeans.maxIterations,
                            tolerance: model.kmeans.tolerance, seed: options.seed)
        let total = options.bootstrapReplicates + options.seedRuns
        let bootstrap = try ClusterBootstrap(replicates: options.bootstrapReplicates,
                                             seed: SplitMix64.derivedSeed(options.seed, stream: 1))
            .evaluate(assignment.embedded, labels: assignment.segments, clusterCount: k, kmeans: kmeans) {
                progress?("bootstrap", $0, total)
            }
        let seeds = try SeedStability(runs: options.seedRuns, seed: SplitMix64.derivedSeed(options.seed, stream: 2))
            .evaluate(assignment.embedded, kmeans: kmeans, referenceLabels: assignment.segments) {
                progress?("other seeds", options.bootstrapReplicates + $0, total)
            }
        let names = model.segments.map { "Segment \($0.id) (\($0.strategy.strategy.name))" }
        var notes = ["bootstrap: \(options.bootstrapReplicates) resamples of the distinct accounts, re-clustered with "
                     + "k=\(k) and \(model.kmeans.restarts) restarts (as fpc::clusterboot); "
                     + "above 0.75 stable, below 0.5 dissolved"]
        if model.kmeans.weightColumn != nil { notes.append("the re-fits are unweighted") }
        let empty = (0..<k).filter { !assignment.segments.contains($0) }
        if !empty.isEmpty {
            notes.append("no account of this file falls in segment\(empty.count == 1 ? "" : "s") "
                         + empty.map(String.init).joined(separator: ", ") + ": its stability is 0")
        }

        var run = ValidationRun(
            report: ValidationReport(
                title: "Segment stability" + (options.inputName.map { " on \($0)" } ?? ""),
                provenance: ReportProvenance(toolVersion: options.toolVersion, seed: options.seed,
                                             inputName: options.inputName),
                accountCount: table.rowCount, bootstrapReplicates: options.bootstrapReplicates,
                segments: (0..<k).map {
                    SegmentStability(segment: $0, name: names[$0], meanJaccard: bootstrap.meanJaccard[$0],
                                     dissolvedCount: bootstrap.dissolved[$0])
                },
                seedAgreement: SeedAgreement(seeds: seeds.seeds, adjustedRandIndices: seeds.ariToReference ?? []),
                notes: notes),
            moves: nil, fromStrategies: [], toStrategies: model.segments.map(\.strategy.strategy.id))
        if options.previousModel != nil || options.previousAccounts != nil {
            try addMigration(to: &run, model: model, modelPath: modelPath, table: table, accountsPath: accountsPath,
                             current: assignment.segments, names: names, options: options)
        }
        return run
    }

    static func addMigration(to run: inout ValidationRun, model: SegmentationModel, modelPath: String,
                             table: AccountTable, accountsPath: String, current: [Int], names: [String],
                             options: ValidationOptions) throws {
        let fromModel = options.previousModel?.model ?? model
        let fromModelPath = options.previousModel?.path ?? modelPath
        let fromTable = options.previousAccounts?.table ?? table
        let fromPath = options.previousAccounts?.path ?? accountsPath
        let before = try fromModel.assign(fromTable, modelPath: fromModelPath, accountsPath: fromPath).segments
        let beforeById = Dictionary(uniqueKeysWithValues: zip(fromTable.ids, before))
        var counts = [[Int]](repeating: [Int](repeating: 0, count: model.segmentCount), count: fromModel.segmentCount)
        var moves = [(accountId: String, from: Int, to: Int)]()
        for (id, to) in zip(table.ids, current) {
            guard let from = beforeById[id] else { continue }
            counts[from][to] += 1
            moves.append((id, from, to))
        }
        let fromLabel = [options.previousModel.map { "previous model \($0.path)" },
                         options.previousAccounts.map { "accounts in \($0.path)" }].compactMap { $0 }
            .joined(separator: " on ")
        run.report.migration = MigrationMatrix(
            fromLabel: fromLabel, toLabel: "\(modelPath) on \(accountsPath)",
            fromSegments: fromModel.segments.map { "Segment \($0.id) (\($0.strategy.strategy.name))" },
            toSegments: names, counts: counts)
        let onlyNow = table.rowCount - moves.count
        let onlyBefore = fromTable.rowCount - moves.count
        if onlyNow > 0 || onlyBefore > 0 {
            run.report.notes.append("migration covers the \(moves.count) accounts present in both: \(onlyNow) are new, "
                                    + "\(onlyBefore) are gone")
        }
        run.moves = moves
        run.fromStrategies = fromModel.segments.map(\.strategy.strategy.id)
    }
}
