import ArgumentParser
import Receivables
import Tabular

/// How a ledger is read (besides its path and the as-of date): shared by `features`,
/// `segment --ledger`, `backtest` and `plan`, so all of them compute the same features.
struct LedgerOptions: ParsableArguments {
    @Option(help: "Map canonical ledger columns to the file's names: canonical=source,...",
            transform: { try LedgerColumns.parsing($0) })
    var columns: LedgerColumns?

    @Option(name: .customLong("date-format"),
            help: "Layout of the ledger's dates, e.g. M/d/yyyy, or per column: due_date=yyyyMMdd'.0',paid_date='yyyy-MM-dd HH:mm:ss' (default: ISO YYYY-MM-DD).",
            transform: { try LedgerDateFormats.parsing($0) })
    var dateFormat: LedgerDateFormats?

    @Option(help: "CSV of account attributes joined by account_id (credit_score, credit_limit, account_type, region, ...).")
    var accounts: String?

    @Option(help: "Promises to pay (account_id, invoice_id optional, promise_date, amount): adds broken_promises and broken_promise_rate (and pauses plan's dunning).")
    var promises: String?

    @OptionGroup(title: "Ledger source options (ERP exports)") var source: LedgerSourceOptions

    /// `true` when none of these options is given.
    var isEmpty: Bool { columns == nil && dateFormat == nil && accounts == nil && promises == nil && !source.isUsed }

    /// How the ledger is read at `asOf`.
    /// - Throws: a preset file's problems (`InputError`, naming file, line and key).
    func featureOptions(asOf: CalendarDay) throws -> FeatureOptions {
        FeatureOptions(asOf: asOf, source: try source.ledgerSource(columns: columns, dates: dateFormat),
                       accountsPath: accounts, promisesPath: promises)
    }
}
