import ArgumentParser
import Foundation
import Receivables
import Reporting
import Segmentation
import Tabular

/// `ar-segment plan`: a saved model and a ledger -> dated dunning actions per invoice, collectors'
/// calls per day, optional correspondence.
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Plan dunning actions for every invoice open at --as-of from the policies of the model's strategies.",
        discussion: """
        Each account gets its segment's strategy (the model's assignment path on the ledger's features); each open invoice moves through the strategy's policy levels within --as-of ... --as-of + --days: consolidated per account, channel and day; escalating in order; catching up missed levels once; paused by disputes, --holds and --promises; keeping min_interval_days between contacts; skipping levels below min_amount. Calls go to --collectors by priority within capacity; the rest waits for the next working day.

        Writes into DIR: actions.csv, plan.html, plan.md, plan.json; with --letters also correspondence/ (one .eml per e-mail, one .txt per letter). Nothing is written when any input is bad.

        Examples:
          ar-segment plan --model out/run/model.json --ledger datasets/ledger.csv --as-of 2025-06-30 -o out/plan
          ar-segment plan --model out/run/model.json --ledger datasets/ledger.csv --as-of 2025-07-31 \\
            --history out/plan/actions.csv --collectors datasets/collectors.csv --letters -o out/plan-aug
        """
    )

    @Option(help: "A model.json written by 'ar-segment segment' (its strategies carry the policies).")
    var model: String

    @Option(help: "Invoice ledger CSV.")
    var ledger: String

    @Option(name: .customLong("as-of"), help: "First day of the plan, YYYY-MM-DD; invoices open then are planned.",
            transform: { try CalendarDay.parsing($0) })
    var asOf: CalendarDay

    @Option(help: "Days the plan covers after --as-of.")
    var days: Int = 30

    @OptionGroup var ledgerOptions: LedgerOptions

    @Option(help: "Levels already issued: a previous actions.csv (date,account_id,level,invoice_ids).")
    var history: String?

    @Option(help: "Dunning holds: account_id or invoice_id, until, reason.")
    var holds: String?

    @Option(help: "Collectors: collector, calls_per_day, optional strategies, segments, regions (space-separated; regions are those of the --accounts region column).")
    var collectors: String?

    @Option(help: "Holidays (no actions): a CSV with a date column.")
    var holidays: String?

    @Flag(help: "Also render every planned e-mail and letter into correspondence/.")
    var letters = false

    @Option(help: "With --letters: a directory of NAME.subject|text|html.mustache files overriding the built-in templates.")
    var templates: String?

    @Option(name: .shortAndLong, help: "Output directory (created when missing).")
    var output: String

    @OptionGroup var messages: MessageOptions

    func validate() throws {
        guard (0...366).contains(days) else { throw ValidationError("--days must be 0 to 366 (got \(days))") }
        if templates != nil && !letters { throw ValidationError("--templates goes with --letters") }
        if ledgerOptions.source.onBadRow == .reject {
            throw ValidationError("plan reads the ledger strictly: --on-bad-row reject goes with features and segment")
        }
    }

    func run() throws {
        messages.startLogging()
        let options = PlanOptions(features: try ledgerOptions.featureOptions(asOf: asOf), days: days, historyPath: history,
                                  holdsPath: holds, collectorsPath: collectors, holidaysPath: holidays)
        let correspondence = letters ? try Correspondence(directory: templates) : nil
        let run = try PlanPipeline.run(modelPath: model, ledgerPath: ledger, options: options)
        printNotes(run.notes)
        let provenance = ReportProvenance(toolVersion: ARSegment.toolVersion, seed: run.seed, asOf: asOf.description,
                                          inputName: (ledger as NSString).lastPathComponent)
        let report = PlanReport(run.plan, provenance: provenance, notes: run.notes)
        var files = [OutputFile(name: "actions.csv", text: ActionTable.csv(run.plan))] + (try ReportFiles.plan(report))
        if let correspondence {
            let invoices = Dictionary(run.plan.invoices.map { ($0.invoice.invoiceId, $0.invoice) }, uniquingKeysWith: { a, _ in a })
            files += try correspondence.files(run.plan, accounts: run.accounts, invoices: invoices)
        }
        try writeOutputs(files, to: output, inputs: options.inputs(modelPath: model, ledgerPath: ledger)
                         + (templates.map { [$0] } ?? []))
        let calls = run.plan.actions.filter { $0.channel == .call }.count
        print("\(run.plan.actions.count) actions for \(run.plan.invoices.count) open invoices from \(run.plan.asOf) to "
              + "\(run.plan.lastDay): \(calls) calls, backlog \(run.plan.backlog.count)")
        print((output as NSString).appendingPathComponent("plan.html"))
    }
}
