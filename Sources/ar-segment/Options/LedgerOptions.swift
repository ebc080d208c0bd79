import ArgumentParser
import Receivables
import Tabular

/// How a ledger is read (besides its path and the as-of date): shared by `features`,
/// `segment --ledger`, `backtest` and `plan`, so all of them compute the same features.
struct LedgerOptions: ParsableArguments {
    @Option(help: "Map canonical ledger columns to the file's names: canonical=source,...",
            transform: { try LedgerColumns.parsing($0) })
    var columns: LedgerColumns?

    @Option(name: .customLong("date-format"), help: "Layout of the ledger's dates, e.g. M/d/yyyy (default: ISO YYYY-MM-DD).",
            transform: { try DateFormat.parsing($0) })
    var dateFormat: DateFormat?

    @Option(help: "CSV of account attributes joined by account_id (credit_score, credit_limit, account_type, region, ...).")
    var accounts: String?

    @Option(help: "Promises to pay (account_id, invoice_id optional, promise_date, amount): adds broken_promises and broken_promise_rate (and pauses plan's dunning).")
    var promises: String?

    /// `true` when none of these options is given.
    var isEmpty: Bool { columns == nil && dateFormat == nil && accounts == nil && promises == nil }

    /// How the ledger is read at `asOf`.
    func featureOptions(asOf: CalendarDay) -> FeatureOptions {
        FeatureOptions(asOf: asOf, columns: columns ?? LedgerColumns(), dateFormat: dateFormat ?? .iso,
                       accountsPath: accounts, promisesPath: promises)
    }
}
