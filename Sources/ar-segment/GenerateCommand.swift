import ArgumentParser
import Receivables
import Tabular

/// `ar-segment generate`: writes a synthetic ledger with planted personas.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a synthetic invoice ledger in which every customer follows a planted persona.",
        discussion: """
        Personas: prompt_payer, occasional_late, chronic_late, high_value_at_risk, dispute_heavy,
        small_balance, strategic. The same --customers, --seed and --as-of give the same bytes.

        Examples:
          ar-segment generate --customers 2000 --seed 42 --as-of 2025-06-30 \\
            -o ledger.csv --truth truth.csv --accounts accounts.csv
          ar-segment generate --customers 300 --seed 7 --as-of 2025-06-30 --layout sap-fbl5n \\
            --partial-payments --credit-memos --currencies EUR,USD --duplicates 0.02 -o fbl5n.csv --truth truth.csv
        """
    )

    @Option(help: "Number of customers (at least 1).")
    var customers: Int

    @Option(help: "Seed of the random generator.")
    var seed: UInt64

    @Option(name: .customLong("as-of"), help: "Date the ledger is seen from (YYYY-MM-DD); payments after it are left open.",
            transform: { try CalendarDay.parsing($0) })
    var asOf: CalendarDay

    @Option(name: .shortAndLong, help: "Output ledger CSV.")
    var output: String

    @Option(help: "Output CSV with account_id,persona.")
    var truth: String

    @Option(help: "Optional output CSV of account attributes (credit_score, credit_limit, account_type, region).")
    var accounts: String?

    @OptionGroup(title: "ERP shapes (issue 12)") var erp: GenerateShapeOptions

    func validate() throws {
        guard customers >= 1 else { throw ValidationError("--customers must be at least 1 (got \(customers))") }
        let side = erp.sideOutputs(ledger: output)
        let outputs = [output, truth] + [accounts, side.payments, side.rates].compactMap { $0 }
        guard Set(outputs).count == outputs.count else {
            throw ValidationError("-o, --truth, --accounts, --payments-output and --rates-output must be different files")
        }
    }

    func run() throws {
        let generator = LedgerGenerator(customers: customers, seed: seed, asOf: asOf)
        // Streamed, and replaced together: a ledger never sits next to the truth file of another run,
        // and a failure part way leaves no output at all.
        let side = erp.sideOutputs(ledger: output)
        let optional = [accounts, side.payments, side.rates]
        try AtomicFile.write(streaming: [output, truth] + optional.compactMap { $0 }) { sinks in
            var rest = sinks.dropFirst(2).makeIterator()
            let files = optional.map { $0 == nil ? nil : rest.next() }
            try generator.write(erp.shape, ledger: sinks[0], truth: sinks[1], accounts: files[0], payments: files[1],
                                rates: files[2])
        }
    }
}
