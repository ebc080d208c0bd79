import ArgumentParser
import Foundation
import Reporting
import Segmentation
import Receivables
import Tabular

/// `ar-segment segment`: the whole job, from accounts (or a ledger) to a model, assignments,
/// profiles, a worklist and reports.
struct SegmentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "segment",
        abstract: "Segment accounts with k-means, map segments to collection strategies, rank a worklist and write reports.",
        discussion: """
        Money features are log-transformed (log1p), every feature is standardized (ddof 0), optionally projected on principal components, and clustered with k-means. Each segment is profiled in business units and matched to a strategy with stated reasons; overdue accounts are ranked.

        Writes into DIR: model.json, assignments.csv, profiles.csv, worklist.csv, report.html, report.md and summary.json; with --pmml also model.pmml (PMML 4.4 for other scorers); with --notebook also report.ipynb, a Jupyter notebook that reloads these files (and features.csv, the computed account features, when the input is a ledger). Nothing is written when any step fails.

        Examples:
          ar-segment segment datasets/features.csv -o out/run
          ar-segment segment datasets/features.csv --k 5 --seed 7 --pca-components 4 -o out/k5
          ar-segment segment datasets/features.csv --k 7 --notebook --pmml -o out/run
          ar-segment segment --ledger datasets/ledger.csv --as-of 2025-06-30 -o out/run
          ar-segment segment big-accounts.csv --k 8 --algorithm minibatch --n-init 3 -o out/big
        """
    )

    @OptionGroup var input: AccountInputOptions
    @OptionGroup var segmentation: SegmentationArguments

    @Option(name: .customLong("holdout-share"), help: ArgumentHelp(
        "Share (0-1) of each segment's accounts put in a control group (column test_group in assignments.csv and worklist.csv).",
        discussion: "A stable hash of the account id and --holdout-salt ranks each segment's accounts; the round(share x size) lowest are control, the rest treatment. The same accounts on every run and machine for the same salt."))
    var holdoutShare: Double?

    @Option(name: .customLong("holdout-salt"), help: "Salt of the holdout hash (with --holdout-share); a new salt draws a new control group.")
    var holdoutSalt: String?

    @Option(name: .shortAndLong, help: "Output directory (created when missing).")
    var output: String

    @Flag(help: "Also write report.ipynb, a Jupyter notebook that reloads the run's files and re-checks it with scikit-learn.")
    var notebook = false

    @Flag(help: "Also write model.pmml, the model as PMML 4.4 for PMML scorers (Spark, databases, JPMML).")
    var pmml = false

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        try input.validate()
        try segmentation.validate()
        if let holdoutShare, !(0...1).contains(holdoutShare) {
            throw ValidationError("--holdout-share must be between 0 and 1 (got \(holdoutShare))")
        }
        if (holdoutShare == nil) != (holdoutSalt == nil) {
            throw ValidationError("--holdout-share and --holdout-salt go together")
        }
    }

    func run() throws {
        messages.startLogging()
        let progress = messages.progress()
        defer { progress.finish() }
        let loaded = try input.load()
        printNotes(loaded.notes)
        var options = try segmentation.options(accounts: loaded.table.rowCount)
        options.inputName = (loaded.path as NSString).lastPathComponent
        options.asOf = loaded.asOf
        if let read = loaded.read {
            options.currency = read.reportingCurrency ?? options.currency
            options.inputNotes = read.notes
        }
        if let holdoutShare, let holdoutSalt { options.holdout = HoldoutDesign(share: holdoutShare, salt: holdoutSalt) }
        let run = try SegmentationPipeline.run(loaded.table, accountsPath: loaded.path, options: options,
                                               progress: progress.update)
        var files = try run.outputFiles()
        // A notebook needs the accounts as a file: from a ledger, write the computed features.
        let features = input.ledger != nil && notebook ? OutputFile(name: "features.csv", text: loaded.table.csv) : nil
        files += [features].compactMap { $0 } + (try run.model.exportFiles(
            notebook: notebook, pmml: pmml,
            accountsPath: features.map { (output as NSString).appendingPathComponent($0.name) } ?? loaded.path,
            outputDirectory: output, idColumn: input.idColumn))
        progress.finish()
        try writeOutputs(files, to: output, inputs: loaded.inputs + segmentation.inputs)
        try finishLedgerRead(loaded.read, rejectsPath: input.ledgerSource.rejectsPath(outputFolder: output), inputs: loaded.inputs)
        let model = run.model
        print("\(model.segmentCount) segments (k \(model.kmeans.kChoice)) for \(loaded.table.rowCount) accounts; "
              + "\(run.worklist.entries.count) on the worklist; \(run.worklist.summary.sentence)")
        for segment in model.segments {
            print("  segment \(segment.id): \(segment.profile.size) accounts -> \(segment.strategy.strategy.name)")
        }
        print((output as NSString).appendingPathComponent("report.html"))
    }
}

/// `--k N` or `--k auto`.
enum SegmentCountArgument: ExpressibleByArgument, Equatable {
    case auto
    case fixed(Int)

    init?(argument: String) {
        if argument == "auto" { self = .auto }
        else if let n = Int(argument) { self = .fixed(n) }
        else { return nil }
    }

    var defaultValueDescription: String {
        switch self {
        case .auto: return "auto"
        case .fixed(let n): return String(n)
        }
    }

    func segmentCount(accounts: Int) -> SegmentCount {
        switch self {
        case .auto: return .auto(SegmentCount.defaultAutoRange(accounts: accounts))
        case .fixed(let n): return .fixed(n)
        }
    }
}

/// How `segment` (and `backtest`, which segments at each origin the same way) fits segments.
struct SegmentationArguments: ParsableArguments {
    @OptionGroup var clustering: ClusteringOptions

    @Option(help: "Number of segments, or 'auto' for the k the discovery vote recommends (2-10).")
    var k: SegmentCountArgument = .auto

    @Option(name: .customLong("weight-by"), help: "Numeric column used as k-means sample weights (e.g. billed_12m).")
    var weightBy: String?

    @Option(help: ArgumentHelp(
        "k-means variant of the final fit: lloyd (exact) or minibatch.",
        discussion: "minibatch (scikit-learn's MiniBatchKMeans semantics, seeded) is for a few million accounts and up, where every Lloyd pass over the data costs seconds; use it with --n-init 3 or more. With --k auto the k search still uses Lloyd on the data."))
    var algorithm: ClusteringAlgorithm = .lloyd

    @Option(name: .customLong("batch-size"), help: "Accounts per mini-batch step (with --algorithm minibatch).")
    var batchSize: Int = 1024

    @Option(help: "Strategy catalogue and rules (YAML); default: the built-in book.")
    var strategies: String?

    /// Files read besides the accounts (never overwritten).
    var inputs: [String] { strategies.map { [$0] } ?? [] }

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1 (got \(batchSize))") }
        try clustering.validate()
        if case .fixed(let n) = k, n < 1 { throw ValidationError("--k must be at least 1 (got \(n))") }
    }

    /// The pipeline's options for `accounts` accounts (the strategy file is read here).
    func options(accounts: Int) throws -> SegmentationOptions {
        var options = SegmentationOptions(segmentCount: k.segmentCount(accounts: accounts),
                                          seed: clustering.seed, toolVersion: ARSegment.toolVersion)
        options.features = clustering.featureList
        options.restarts = clustering.nInit
        options.algorithm = algorithm
        options.batchSize = batchSize
        options.pcaComponents = clustering.pcaComponents
        options.weightColumn = weightBy
        if let strategies { options.strategyBook = try StrategyBook.load(yamlPath: strategies) }
        return options
    }
}

/// Feature and k-means options shared by `segment` and `discover`.
struct ClusteringOptions: ParsableArguments {
    @Option(help: "Comma-separated feature columns to cluster (default: the domain's behaviour and value features present).")
    var features: String?

    @Option(help: "Seed of every random choice; the same seed gives the same files.")
    var seed: UInt64 = 42

    @Option(name: .customLong("n-init"), help: "k-means restarts; the fit with the lowest inertia is kept.")
    var nInit: Int = 10

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

/// Where the accounts come from: an accounts CSV, or a ledger turned into account features.
struct AccountInputOptions: ParsableArguments {
    @Argument(help: "Accounts CSV: one row per account, an id column and numeric feature columns.")
    var accountsFile: String?

    @Option(name: .customLong("id"), help: "Name of the account id column.")
    var idColumn: String = "account_id"

    @Option(help: "Compute the account features from this invoice ledger instead (needs --as-of).")
    var ledger: String?

    @Option(name: .customLong("as-of"), help: "With --ledger: key date YYYY-MM-DD the features describe.")
    var asOf: String?

    @Option(help: "With --ledger: map canonical ledger columns to the file's names: canonical=source,...")
    var columns: String?

    @Option(name: .customLong("date-format"), help: "With --ledger: layout of the ledger's dates, e.g. M/d/yyyy, or per column: due_date=yyyyMMdd,...")
    var dateFormat: String?

    @OptionGroup var ledgerSource: LedgerSourceOptions

    @Option(help: "With --ledger: CSV of account attributes joined by account_id.")
    var accounts: String?

    @Option(help: "With --ledger: promises to pay; adds broken_promises and broken_promise_rate (read by the promise_breakers rule).")
    var promises: String?

    func validate() throws {
        switch (accountsFile, ledger) {
        case (nil, nil): throw ValidationError("give an accounts CSV, or --ledger LEDGER.csv --as-of DATE")
        case (.some, .some): throw ValidationError("give an accounts CSV or --ledger, not both")
        case (.some, nil):
            if asOf != nil || columns != nil || dateFormat != nil || accounts != nil || promises != nil || ledgerSource.isUsed {
                throw ValidationError("--as-of, --columns, --date-format, --accounts, --promises and the ledger source options "
                                      + "(--source, --payments, --rates, --on-bad-row, ...) go with --ledger")
            }
        case (nil, .some):
            guard let asOf, CalendarDay(iso: asOf[...]) != nil else {
                throw ValidationError("--ledger needs --as-of YYYY-MM-DD (got '\(asOf ?? "")')")
            }
            if let dateFormat { try validateDateFormat(dateFormat) }
            try ledgerSource.validate()
        }
    }

    /// How the ledger is read, at the as-of date; `nil` without `--ledger` (after `validate`).
    func featureOptions() throws -> FeatureOptions? {
        guard ledger != nil, let asOf, let day = CalendarDay(iso: asOf[...]) else { return nil }
        return FeatureOptions(asOf: day, source: try ledgerSource.ledgerSource(columns: columns, dateFormat: dateFormat),
                              accountsPath: accounts, promisesPath: promises)
    }

    /// The accounts, the file errors and reports name, every file read, notes, and the as-of date.
    /// `read` is what became of the ledger's rows (`nil` for an accounts CSV).
    func load() throws -> (table: AccountTable, path: String, inputs: [String], notes: [String], asOf: String?,
                           read: LedgerReadReport?) {
        if let ledger, let asOf, let options = try featureOptions() {
            let result = try options.features(ledgerPath: ledger)
            return (result.table, ledger, options.inputs(ledgerPath: ledger), result.notes, asOf, result.read)
        }
        let path = accountsFile!
        return (try AccountTable.read(path: path, idColumn: idColumn), path, [path], [], nil, nil)
    }
}

extension ClusteringAlgorithm: ExpressibleByArgument {}
