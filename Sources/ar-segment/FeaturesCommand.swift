import ArgumentParser
import Foundation
import Receivables
import Tabular

/// `ar-segment features`: ledger -> one row of features per account.
struct FeaturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "features",
        abstract: "Compute account features (aging, lateness, disputes, billing) from an invoice ledger.",
        discussion: """
        Only what was known at --as-of is used: invoices dated later are ignored, and an invoice
        paid after --as-of counts as open. Column definitions are in the README.

        Examples:
          ar-segment features datasets/ledger.csv --as-of 2025-06-30 -o features.csv
          ar-segment features WA_Fn-UseC_-Accounts-Receivable.csv --as-of 2014-01-31 --date-format M/d/yyyy \\
            --columns account_id=customerID,invoice_id=invoiceNumber,invoice_date=InvoiceDate,due_date=DueDate,amount=InvoiceAmount,paid_date=SettledDate,disputed=Disputed,payment_method=PaperlessBill \\
            -o ibm-features.csv
        """
    )

    @Argument(help: "Invoice ledger CSV.")
    var ledger: String

    @Option(name: .customLong("as-of"), help: "Key date YYYY-MM-DD the features describe.")
    var asOf: String

    @Option(help: "Map canonical ledger columns to the file's names: canonical=source,...")
    var columns: String?

    @Option(name: .customLong("date-format"),
            help: "Layout of the ledger's dates, e.g. M/d/yyyy, or per column: due_date=yyyyMMdd,paid_date='yyyy-MM-dd HH:mm:ss' (default: ISO YYYY-MM-DD).")
    var dateFormat: String?

    @OptionGroup var ledgerSource: LedgerSourceOptions

    @Option(help: "CSV of account attributes joined by account_id (credit_score, credit_limit, account_type, ...).")
    var accounts: String?

    @Option(help: "Promises to pay (account_id, invoice_id optional, promise_date, amount): adds broken_promises and broken_promise_rate.")
    var promises: String?

    @Option(name: .shortAndLong, help: "Output features CSV.")
    var output: String

    func validate() throws {
        try ledgerSource.validate()
        if let dateFormat { try validateDateFormat(dateFormat) }
        guard CalendarDay(iso: asOf[...]) != nil else { throw ValidationError("--as-of must be a date YYYY-MM-DD (got '\(asOf)')") }
    }

    func run() throws {
        let options = try FeatureOptions(asOf: CalendarDay(iso: asOf[...])!,
                                         source: ledgerSource.ledgerSource(columns: columns, dateFormat: dateFormat),
                                         accountsPath: accounts, promisesPath: promises)
        let result = try options.features(ledgerPath: ledger)
        for note in result.notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
        let rejects = ledgerSource.rejectsPath(outputFolder: (output as NSString).deletingLastPathComponent)
        try AtomicFile.write(streaming: [output] + (rejects.map { [$0] } ?? []), inputs: options.inputs(ledgerPath: ledger)) { sinks in
            try result.table.writeCSV(to: sinks[0])
            if rejects != nil { try sinks[1].write(result.read.rejectsCSV) }
        }
    }
}
