import Foundation
import ArgumentParser
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

    @Argument(help: "Invoice ledger CSV or .xlsx workbook.")
    var ledger: String

    @Option(name: .customLong("as-of"), help: "Key date YYYY-MM-DD the features describe.", transform: { try CalendarDay.parsing($0) })
    var asOf: CalendarDay

    @OptionGroup var ledgerOptions: LedgerOptions

    @OptionGroup var sheetOption: SheetOption

    @Option(name: .shortAndLong, help: "Output features CSV.")
    var output: String

    func validate() throws { try sheetOption.check(ledger) }

    func run() throws {
        let options = try ledgerOptions.featureOptions(asOf: asOf)
        let tables = TableInputs()
        let result = try tables.features(ledger: ledger, sheet: sheetOption.sheet, options: options)
        printNotes(result.notes)
        let rejects = ledgerOptions.source.rejectsPath(outputFolder: (output as NSString).deletingLastPathComponent)
        try AtomicFile.write(streaming: [output] + (rejects.map { [$0] } ?? []), inputs: options.inputs(ledgerPath: ledger)) { sinks in
            try result.table.writeCSV(to: sinks[0])
            if rejects != nil { try sinks[1].write(result.read.rejectsCSV(spelling: \.flag)) }
        }
    }
}
