import ArgumentParser
import Foundation
import Receivables
import Reporting
import Segmentation

/// `ar-segment backtest`: the segments at T against what the ledger says happened next.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Prove the segments on what happened next: collected share, cure and roll rates, DSO, BPDSO, ADD and CEI after the as-of date.",
        discussion: """
        Forms the segments at --as-of T exactly as `segment --ledger LEDGER --as-of T` does (or applies --model to the features at T, or takes --assignments as given), then reads what the same ledger says happened in (T, T+H] for each --horizon H: per segment and per strategy the overdue accounts and amount at T, the collected share, the cure rate, days to pay, the roll-rate matrix, and DSO, best possible DSO, ADD, % current and CEI. Nothing after T reaches the segments.

        With --origins N the same is repeated at T, T - step, ... (--step 1m, 2w, 30d): Kendall's tau of the strategies' risk order against what they collected, the PSI of the mix, the adjusted Rand index and the migration between consecutive origins.

        Writes into DIR: backtest.html, backtest.md, backtest.json, outcomes.csv (first horizon; outcomes-H.csv for each further one) and assignments.csv (the segments at T, as segment writes them; not with --assignments).

        Examples:
          ar-segment backtest --ledger datasets/ledger.csv --as-of 2025-03-31 --horizon 30,60,90 --accounts datasets/accounts.csv -o out/backtest
          ar-segment backtest --ledger datasets/ledger.csv --as-of 2025-03-31 --horizon 30 --origins 4 --step 1m --k 5 -o out/origins
          ar-segment backtest --ledger ledger.csv --as-of 2025-03-31 --horizon 60 --assignments run/assignments.csv -o out/experiment
        """
    )

    @OptionGroup var input: AccountInputOptions

    @Option(help: "Window lengths in days after the as-of date, comma-separated (the first names outcomes.csv).")
    var horizon: HorizonList

    @Option(help: "Apply this saved model to the features at each origin instead of fitting segments there.")
    var model: String?

    @Option(help: "Take the segments at T from this assignments.csv (account_id, segment, strategy, optional test_group).")
    var assignments: String?

    @OptionGroup var segmentation: SegmentationArguments

    @Option(help: "Number of origins: T, T - step, ... (1: T only).")
    var origins: Int = 1

    @Option(help: "Distance between origins: Nm (months), Nw (weeks) or Nd (days).")
    var step: OriginStepArgument = OriginStepArgument(step: .months(1))

    @Option(name: .shortAndLong, help: "Output directory (created when missing).")
    var output: String

    @OptionGroup var messages: MessageOptions

    private static let needsLedger = "backtest reads a ledger: give --ledger LEDGER.csv --as-of DATE (not an accounts CSV)"

    func validate() throws {
        guard input.accountsFile == nil, input.ledger != nil else { throw ValidationError(Self.needsLedger) }
        try input.validate()
        if input.ledgerOptions.source.onBadRow == .reject {
            throw ValidationError("backtest reads the ledger strictly: --on-bad-row reject goes with features and segment "
                                  + "(segment first, then backtest the cleaned ledger)")
        }
        try segmentation.validate()
        guard origins >= 1 else { throw ValidationError("--origins must be at least 1 (got \(origins))") }
        if model != nil && assignments != nil { throw ValidationError("give --model or --assignments, not both") }
        if assignments != nil && origins > 1 {
            throw ValidationError("--origins needs segments at every origin: use --model or the segment options, not --assignments")
        }
    }

    func run() throws {
        messages.startLogging()
        let progress = messages.progress()
        defer { progress.finish() }
        guard let ledger = input.ledger, let features = try input.featureOptions else { throw ValidationError(Self.needsLedger) }
        let source: BacktestSegmentSource
        var inputs = [ledger] + (input.ledgerOptions.accounts.map { [$0] } ?? [])
        if let model {
            source = .model(try SegmentationModel.load(path: model), path: model)
            inputs.append(model)
        } else if let assignments {
            source = .assignments(try BacktestAssignments.read(path: assignments))
            inputs.append(assignments)
        } else {
            // The k search's range is capped by the accounts at each origin inside the pipeline.
            var options = try segmentation.options(accounts: Int.max)
            options.inputName = (ledger as NSString).lastPathComponent
            source = .fit(options)
            inputs += segmentation.inputs
        }
        var options = BacktestOptions(ledgerPath: ledger, features: features, horizons: horizon.days, segments: source,
                                      toolVersion: ARSegment.toolVersion, seed: segmentation.clustering.seed)
        options.origins = origins
        options.step = step.step
        let run = try BacktestPipeline.run(options, progress: progress.update)
        let files = try run.outputFiles()
        progress.finish()
        printNotes(run.report.notes)
        try writeOutputs(files, to: output, inputs: inputs)
        for window in run.report.windows {
            let p = window.portfolio
            print("\(window.horizon) days: \(p.overdueAccounts) overdue accounts at \(run.report.asOf), "
                  + "collected share \(percent(p.collectedShare)), cure rate \(percent(p.cureRate))")
        }
        print((output as NSString).appendingPathComponent("backtest.html"))
    }

    private func percent(_ share: Double?) -> String {
        share.map { String(format: "%.1f%%", 100 * $0) } ?? "n/a"
    }
}

/// `30,60,90`: distinct positive day counts, in the order given.
struct HorizonList: ExpressibleByArgument {
    var days: [Int]

    init?(argument: String) {
        let parts = argument.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !parts.isEmpty, parts.allSatisfy({ ($0 ?? 0) >= 1 }) else { return nil }
        days = parts.map { $0! }
        guard Set(days).count == days.count else { return nil }
    }
}

/// `--step`: `1m`, `2w`, `30d`.
struct OriginStepArgument: ExpressibleByArgument {
    var step: OriginStep

    init(step: OriginStep) { self.step = step }

    init?(argument: String) {
        guard let step = OriginStep(argument) else { return nil }
        self.step = step
    }

    var defaultValueDescription: String { step.description }
}
