import ArgumentParser
import Foundation
import Receivables

/// The ERP shapes of `generate` (issue 12): partial payments, credit memos, currencies, a
/// preset's layout and exact duplicate rows, with the side files they write. Without any of
/// them the ledger is the plain canonical one, byte for byte as before.
struct GenerateShapeOptions: ParsableArguments {
    @Option(help: "Layout of the ledger: canonical, highradius (19 HighRadius columns) or sap-fbl5n (FBL5N, ';', decimal comma).")
    var layout: ERPLayout = .canonical

    @Flag(name: .customLong("partial-payments"),
          help: "Pay invoices in instalments (some overpaid, some short-paid) and write the payments file.")
    var partialPayments = false

    @Option(name: .customLong("payments-output"),
            help: "With --partial-payments: payments CSV invoice_id,payment_date,amount (default: payments.csv beside the ledger).")
    var paymentsOutput: String?

    @Flag(name: .customLong("credit-memos"), help: "Add credit memos (negative amounts, document type CM; SAP DG/G2).")
    var creditMemos = false

    @Option(help: "Currency codes, the reporting currency first (e.g. USD,CAD,EUR); writes monthly rates.")
    var currencies: String?

    @Option(name: .customLong("rates-output"),
            help: "With --currencies: rates CSV currency,rate,valid_from (default: rates.csv beside the ledger).")
    var ratesOutput: String?

    @Option(help: "Share of invoice and credit-memo rows written twice, byte for byte (0 to 0.5).")
    var duplicates: Double = 0

    var shape: ERPShape {
        ERPShape(layout: layout, partialPayments: partialPayments, creditMemos: creditMemos,
                 currencies: currencies.map { $0.split(separator: ",").map { String($0) } } ?? [],
                 duplicateShare: duplicates)
    }

    /// The payments and rates files the run writes (nil when it writes none) for the ledger at `ledger`.
    func sideOutputs(ledger: String) -> (payments: String?, rates: String?) {
        let folder = (ledger as NSString).deletingLastPathComponent
        func beside(_ name: String) -> String { folder.isEmpty ? name : (folder as NSString).appendingPathComponent(name) }
        return (partialPayments ? paymentsOutput ?? beside("payments.csv") : nil,
                currencies != nil ? ratesOutput ?? beside("rates.csv") : nil)
    }

    func validate() throws {
        if paymentsOutput != nil, !partialPayments { throw ValidationError("--payments-output goes with --partial-payments") }
        if ratesOutput != nil, currencies == nil { throw ValidationError("--rates-output goes with --currencies") }
        if let currencies, currencies.split(separator: ",", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            throw ValidationError("--currencies: expected codes separated by commas, such as USD,CAD,EUR (got '\(currencies)')")
        }
        let flags = ["currencies": "--currencies", "duplicateShare": "--duplicates", "creditMemos": "--credit-memos"]
        if let problem = shape.problems.first {
            let parameter = String(problem.prefix { $0 != ":" })
            throw ValidationError(flags[parameter, default: parameter] + problem.dropFirst(parameter.count)
                                  + (parameter == "creditMemos" ? " (--layout highradius)" : ""))
        }
    }
}

extension ERPLayout: ExpressibleByArgument {}
