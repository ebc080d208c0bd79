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

        Writes into DIR: model.json, assignments.csv, profiles.csv, worklist.csv, report.html, report.md and summary.json; with --xlsx also report.xlsx (the report as an Excel workbook); with --pmml also model.pmml (PMML 4.4 for other scorers); with --notebook also report.ipynb, a Jupyter notebook that reloads these files (and features.csv, the computed account features, when the input is a ledger). Nothing is written when any step fails.

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

    @Flag(help: "Also write report.xlsx, the report as an Excel workbook (Summary, Segments, Profiles, Worklist, Assignments).")
    var xlsx = false

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
        options.asOf = loaded.asOf?.description
        options.ledger = try input.featureOptions.map { LedgerSource(path: loaded.path, features: $0) }
        if let read = loaded.read {
            options.currency = read.reportingCurrency ?? options.currency
            options.inputNotes = read.notes
        }
        if let holdoutShare, let holdoutSalt { options.holdout = HoldoutDesign(share: holdoutShare, salt: holdoutSalt) }
        let run = try SegmentationPipeline.run(loaded.table, accountsPath: loaded.path, options: options,
                                               progress: progress.update)
        var files = try run.outputFiles(xlsx: xlsx)
        // A notebook needs the accounts as a file: from a ledger, write the computed features.
        let features = input.ledger != nil && notebook ? OutputFile(name: "features.csv", rows: loaded.table.csvRows) : nil
        files += [features].compactMap { $0 } + (try run.model.exportFiles(
            notebook: notebook, pmml: pmml,
            accountsPath: features.map { (output as NSString).appendingPathComponent($0.name) } ?? loaded.path,
            outputDirectory: output, idColumn: input.idColumn))
        progress.finish()
        try writeOutputs(files, to: output, inputs: loaded.inputs + segmentation.inputs)
        try finishLedgerRead(loaded.read, rejectsPath: input.ledgerOptions.source.rejectsPath(outputFolder: output),
                             inputs: loaded.inputs)
        let model = run.model
        print("\(model.segmentCount) segments (k \(model.kmeans.kChoice)) for \(loaded.table.rowCount) accounts; "
              + "\(run.worklist.entries.count) on the worklist; \(run.worklist.summary.sentence)")
        for segment in model.segments {
            print("  segment \(segment.id): \(segment.profile.size) accounts -> \(segment.strategy.strategy.name)")
        }
        print((output as NSString).appendingPathComponent("report.html"))
    }
}
