import ArgumentParser
import Foundation
import Reporting
import Segmentation
import Receivables

/// `ar-segment validate`: how stable a saved segmentation is.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Measure segment stability (bootstrap Jaccard, ARI across seeds) and migration between models or periods.",
        discussion: """
        Applies the model to the accounts, then: per-segment bootstrap Jaccard (as R's fpc::clusterboot: above 0.75 stable, below 0.5 dissolved); the adjusted Rand index between the model's segments and k-means fits with other seeds; with --previous (another model) and/or --previous-accounts (the same customers at an earlier as-of date), a migration matrix of who moved from which segment to which. Writes validation.html, validation.md, validation.json and, with a migration, migration.csv into DIR.

        The accounts are an accounts CSV with the model's feature columns, or --ledger LEDGER.csv --as-of DATE with the ledger options of segment (--source, --rates, --on-bad-row reject, ...), read as segment reads it.

        Examples:
          ar-segment validate datasets/features.csv --model out/run/model.json -o out/validate
          ar-segment validate accounts-june.csv --model june/model.json --previous march/model.json -o out/migration
          ar-segment validate --ledger hr.csv --as-of 2020-03-01 --source highradius --rates rates.csv --on-bad-row reject --model out/hr/model.json -o out/hr-validate
        """
    )

    /// An accounts CSV, or `--ledger` (with `--as-of`, `--source` and the other ledger options) as for `segment`.
    @OptionGroup var input: AccountInputOptions

    @Option(help: "A model.json written by 'ar-segment segment'.")
    var model: String

    @Option(help: "Bootstrap resamples.")
    var bootstrap: Int = 100

    @Option(help: "k-means fits with other seeds to compare with the model's segments.")
    var seeds: Int = 10

    @Option(help: "Seed of the resamples and the other fits.")
    var seed: UInt64 = SegmentationOptions.defaultSeed

    @Option(help: "A previous model.json: migration from its segments to this model's.")
    var previous: String?

    @Option(name: .customLong("previous-accounts"), help: "The accounts at an earlier as-of date: migration from then to now.")
    var previousAccounts: String?

    @Option(name: .shortAndLong, help: "Output directory (created when missing).")
    var output: String

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        try input.validate()
        guard bootstrap >= 1 else { throw ValidationError("--bootstrap must be at least 1 (got \(bootstrap))") }
        guard seeds >= 2 else { throw ValidationError("--seeds must be at least 2 (got \(seeds))") }
    }

    func run() throws {
        messages.startLogging()
        let progress = messages.progress()
        defer { progress.finish() }
        let saved = try SegmentationModel.load(path: model)
        let loaded = try input.load()
        printNotes(loaded.notes)
        var options = ValidationOptions(seed: seed, toolVersion: ARSegment.toolVersion)
        options.bootstrapReplicates = bootstrap
        options.seedRuns = seeds
        options.inputName = (loaded.path as NSString).lastPathComponent
        if let previous { options.previousModel = (try SegmentationModel.load(path: previous), previous) }
        if let previousAccounts {
            options.previousAccounts = (try AccountTable.read(path: previousAccounts, idColumn: input.idColumn), previousAccounts)
        }
        let run = try ValidationPipeline.run(model: saved, modelPath: model, table: loaded.table, accountsPath: loaded.path,
                                             options: options, progress: progress.update)
        let files = try run.outputFiles()
        progress.finish()
        let inputs = loaded.inputs + [model] + [previous, previousAccounts].compactMap { $0 }
        try writeOutputs(files, to: output, inputs: inputs)
        try finishLedgerRead(loaded.read, rejectsPath: input.ledgerOptions.source.rejectsPath(outputFolder: output),
                             inputs: inputs)
        for segment in run.report.segments {
            print("\(segment.name): mean Jaccard \(String(format: "%.3f", segment.meanJaccard)) (\(segment.verdict.rawValue))")
        }
        if let ari = run.report.seedAgreement?.meanAdjustedRandIndex {
            print("adjusted Rand index across \(seeds) seeds: \(String(format: "%.3f", ari))")
        }
        print((output as NSString).appendingPathComponent("validation.html"))
    }
}
