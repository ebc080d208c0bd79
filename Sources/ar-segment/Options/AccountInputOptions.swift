import ArgumentParser
import Receivables
import Tabular

/// Where the accounts come from: an accounts CSV, or a ledger turned into account features
/// (`segment`, `discover`, `backtest`).
struct AccountInputOptions: ParsableArguments {
    @Argument(help: "Accounts CSV: one row per account, an id column and numeric feature columns.")
    var accountsFile: String?

    @Option(name: .customLong("id"), help: "Name of the account id column.")
    var idColumn: String = "account_id"

    @Option(help: "Compute the account features from this invoice ledger instead (needs --as-of).")
    var ledger: String?

    @Option(name: .customLong("as-of"), help: "With --ledger: key date YYYY-MM-DD the features describe.",
            transform: { try CalendarDay.parsing($0) })
    var asOf: CalendarDay?

    @OptionGroup(title: "Ledger options (with --ledger)") var ledgerOptions: LedgerOptions

    @OptionGroup var sheetOption: SheetOption

    private static let noInput = "give an accounts CSV, or --ledger LEDGER.csv --as-of DATE"

    func validate() throws {
        try sheetOption.check(accountsFile ?? ledger)
        switch (accountsFile, ledger) {
        case (nil, nil): throw ValidationError(Self.noInput)
        case (.some, .some): throw ValidationError("give an accounts CSV or --ledger, not both")
        case (.some, nil):
            if asOf != nil || !ledgerOptions.isEmpty {
                throw ValidationError("--as-of, --columns, --date-format, --accounts and --promises go with --ledger")
            }
        case (nil, .some):
            guard asOf != nil else { throw ValidationError("--ledger needs --as-of YYYY-MM-DD") }
        }
    }

    /// How the ledger is read, at the as-of date; `nil` without `--ledger`.
    var featureOptions: FeatureOptions? {
        guard ledger != nil, let asOf else { return nil }
        return ledgerOptions.featureOptions(asOf: asOf)
    }

    /// The accounts, the file errors and reports name, every file read, notes, and the as-of date.
    func load() throws -> (table: AccountTable, path: String, inputs: [String], notes: [String], asOf: CalendarDay?) {
        let tables = TableInputs()
        if let ledger, let options = featureOptions {
            let result = try tables.features(ledger: ledger, sheet: sheetOption.sheet, options: options)
            return (result.table, ledger, options.inputs(ledgerPath: ledger), result.notes, options.asOf)
        }
        guard let path = accountsFile else { throw ValidationError(Self.noInput) }
        return (try TableInputs.accounts(path, sheet: sheetOption.sheet, idColumn: idColumn), path, [path], [], nil)
    }
}
