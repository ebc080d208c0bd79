import ArgumentParser
import Foundation
import Receivables
import Tabular

/// How a ledger is read beyond `--columns` and `--date-format` (issue 12): a source preset,
/// document types, partial payments, currencies and the bad-row policy. One option group,
/// used by every command that reads a ledger (`features`, `segment`, `backtest`, `plan`).
struct LedgerSourceOptions: ParsableArguments {
    @Option(help: "Source preset: ibm-ar, highradius, sap-fbl5n, or a preset FILE.yaml (see 'ar-segment sources').")
    var source: String?

    @Option(name: .customLong("document-types"),
            help: "Read the document_type column: CODE=invoice|credit_memo|ignore,... (e.g. RV=invoice,CM=credit_memo,DZ=ignore).")
    var documentTypes: String?

    @Option(help: "Payments CSV (invoice_id, payment_date, amount): partial payments settle invoices instead of paid_date.")
    var payments: String?

    @Option(name: .customLong("payment-columns"), help: "Map canonical payment columns to the file's names: canonical=source,...")
    var paymentColumns: String?

    @Option(help: "Exchange rates CSV: currency, rate (reporting-currency units per unit), optional valid_from.")
    var rates: String?

    @Option(name: .customLong("reporting-currency"), help: "Currency of the money features (default: the only ledger currency; with --rates and several, the one whose rates all say 1 or that has none).")
    var reportingCurrency: String?

    @Option(name: .customLong("on-bad-row"), help: "error (stop at the first bad row) or reject (set bad rows aside in --rejects).")
    var onBadRow: BadRowPolicy = .error

    @Option(help: "With --on-bad-row reject: where the rejected rows go (default: rejects.csv in the output's folder).")
    var rejects: String?

    @Option(name: .customLong("max-reject-share"), help: "With --on-bad-row reject: fail when more than this share of rows is rejected.")
    var maxRejectShare: Double = 0.01

    /// Whether any option of the group was given (for commands that read no ledger).
    var isUsed: Bool {
        source != nil || documentTypes != nil || payments != nil || paymentColumns != nil || rates != nil
            || reportingCurrency != nil || onBadRow != .error || rejects != nil || maxRejectShare != 0.01
    }

    func validate() throws {
        guard maxRejectShare >= 0, maxRejectShare <= 1 else {
            throw ValidationError("--max-reject-share must be between 0 and 1 (got \(maxRejectShare))")
        }
        if onBadRow == .error, rejects != nil { throw ValidationError("--rejects goes with --on-bad-row reject") }
        if paymentColumns != nil, payments == nil { throw ValidationError("--payment-columns goes with --payments") }
        if let reportingCurrency, reportingCurrency.isEmpty || reportingCurrency.contains(",") {
            throw ValidationError("--reporting-currency must be a currency code such as USD (got '\(reportingCurrency)')")
        }
        if let source, !SourcePreset.isBuiltIn(source), !SourcePreset.isFileName(source) {
            throw ExitCodes.usageError(ParameterError(.source, SourcePreset.unknownProblem(source)))
        }
        do {
            if let documentTypes { _ = try DocumentTypes(mapping: documentTypes) }
            if let paymentColumns { _ = try PaymentsFile.columns(mapping: paymentColumns) }
        } catch let error as ParameterError {
            throw ExitCodes.usageError(error)
        }
    }

    /// The ledger source: the preset (if any), then `columns`, `dates` and this group's
    /// options over it.
    /// - Throws: a preset file's problems (`InputError` naming file, line and key).
    func ledgerSource(columns: LedgerColumns?, dates: LedgerDateFormats?) throws -> LedgerReadOptions {
        let types = try documentTypes.map(DocumentTypes.init(mapping:))
        var base = LedgerReadOptions(columns: columns ?? LedgerColumns(), documentTypes: types,
                                dateFormats: dates ?? LedgerDateFormats(), ratesPath: rates,
                                reportingCurrency: reportingCurrency, onBadRow: onBadRow, maxRejectShare: maxRejectShare)
        if let payments {
            base.payments = PaymentsFile(path: payments, columns: try paymentColumns.map(PaymentsFile.columns(mapping:)) ?? [:])
        }
        guard let source else { return base }
        return try SourcePreset.named(source).source(over: base, explicitColumns: columns, explicitTypes: types,
                                                     explicitDates: dates)
    }

    /// The rejects file of a run writing next to `output` (a file) or into it (a folder);
    /// `nil` unless rejecting.
    func rejectsPath(outputFolder: String) -> String? {
        guard onBadRow == .reject else { return nil }
        return rejects ?? (outputFolder as NSString).appendingPathComponent("rejects.csv")
    }
}

extension BadRowPolicy: ExpressibleByArgument {}

/// Prints what reading the ledger did with its rows (rows read = used + rejected + dropped)
/// when anything was set aside, and writes the rejects file of a rejecting run.
func finishLedgerRead(_ read: LedgerReadReport?, rejectsPath: String?, inputs: [String]) throws {
    guard let read, let rejectsPath else { return }
    try AtomicFile.write(streaming: [rejectsPath], inputs: inputs) { sinks in try sinks[0].write(read.rejectsCSV(spelling: \.flag)) }
}
