import Tabular

/// Everything about how a ledger file is read: its column map, document types, date patterns,
/// delimiter and decimal separator, extra categorical columns (a `SourcePreset` bundles these),
/// and the side files and policies of a run: payments, exchange rates, the reporting currency,
/// what to do with a bad row.
///
/// The default value reads a canonical ledger exactly as before this type existed: comma
/// delimiter, ISO dates, decimal point, every row an invoice settled in full on `paid_date`,
/// one (unnamed) currency, and the first bad cell stops the run.
public struct LedgerReadOptions: Sendable, Equatable {
    /// The preset's name, when a preset made this source (for notes and reports).
    public var presetName: String?
    public var columns: LedgerColumns
    /// `nil`: every row is an invoice (the `document_type` column, if any, is not read).
    public var documentTypes: DocumentTypes?
    public var dateFormats: LedgerDateFormats
    /// Field separator byte (`,` or `;`).
    public var delimiter: UInt8
    public var decimal: DecimalSeparator
    /// Extra source columns carried per account as categorical attributes (most frequent
    /// value over the account's invoices, a tie to the value first in code-point order, as
    /// for `currency`), profiled, never clustered.
    public var categorical: [String]
    /// Partial payments (`PaymentsFile`); `nil`: `paid_date` settles an invoice in full.
    public var payments: PaymentsFile?
    /// Exchange rates CSV (`currency,rate[,valid_from]`).
    public var ratesPath: String?
    /// The currency money features are expressed in; `nil`: inferred after the read
    /// (`LedgerReader.reportingCurrency`): the only ledger currency when there is one (none,
    /// and USD in reports, when the ledger has no `currency` column); with rates and several
    /// ledger currencies, the single one whose rate rows all say 1 or that has no rate row
    /// while every other has one; else the run stops naming the candidates.
    public var reportingCurrency: String?
    public var onBadRow: BadRowPolicy
    /// With `onBadRow == .reject`: the largest share of rows read that may be rejected
    /// before the run fails (0.01 = 1%).
    public var maxRejectShare: Double

    public init(columns: LedgerColumns = LedgerColumns(), documentTypes: DocumentTypes? = nil,
                dateFormats: LedgerDateFormats = LedgerDateFormats(), delimiter: UInt8 = UInt8(ascii: ","),
                decimal: DecimalSeparator = .point, categorical: [String] = [], payments: PaymentsFile? = nil,
                ratesPath: String? = nil, reportingCurrency: String? = nil, onBadRow: BadRowPolicy = .error,
                maxRejectShare: Double = 0.01, presetName: String? = nil) {
        self.columns = columns
        self.documentTypes = documentTypes
        self.dateFormats = dateFormats
        self.delimiter = delimiter
        self.decimal = decimal
        self.categorical = categorical
        self.payments = payments
        self.ratesPath = ratesPath
        self.reportingCurrency = reportingCurrency
        self.onBadRow = onBadRow
        self.maxRejectShare = maxRejectShare
        self.presetName = presetName
    }

    /// Whether the features include `unapplied_credit` and `net_open_balance`: when credit
    /// can exist (a document type mapped to `credit_memo`, or payments that can overpay).
    public var hasCredits: Bool {
        payments != nil || (documentTypes?.kinds.values.contains(.creditMemo) ?? false)
    }

    /// The side files this source reads besides the ledger.
    public var sideInputs: [String] { [payments?.path, ratesPath].compactMap { $0 } }
}

/// How a row's `document_type` is treated.
public enum DocumentKind: String, Sendable, CaseIterable {
    /// An amount owed (`>= 0`).
    case invoice
    /// A credit of |amount| to the account, open until cleared (`paid_date`).
    case creditMemo = "credit_memo"
    /// Not a receivable (a payment document, a clearing line): skipped, counted.
    case ignore
}

/// The map from a source's document-type codes to `DocumentKind`
/// (`RV=invoice,X2=invoice,CM=credit_memo,DZ=ignore`). A code not in the map is a bad row.
public struct DocumentTypes: Sendable, Equatable {
    public private(set) var kinds: [String: DocumentKind]
    /// The codes in the order given (for listing).
    public private(set) var order: [String]

    public init(pairs: [(code: String, kind: String)]) throws {
        kinds = [:]
        order = []
        for (code, kindName) in pairs {
            guard !code.isEmpty else { throw ParameterError(.documentTypes, "empty code before '=\(kindName)'") }
            guard let kind = DocumentKind(rawValue: kindName) else {
                throw ParameterError(.documentTypes, "unknown kind '\(kindName)' for \(code) (known: invoice, credit_memo, ignore)")
            }
            guard kinds[code] == nil else { throw ParameterError(.documentTypes, "code '\(code)' is mapped twice") }
            kinds[code] = kind
            order.append(code)
        }
        guard !kinds.isEmpty else { throw ParameterError(.documentTypes, "no CODE=kind pair given") }
    }

    /// Parses `CODE=kind,CODE=kind,...` (spaces around names trimmed).
    public init(mapping: String) throws {
        try self.init(pairs: mapping.split(separator: ",", omittingEmptySubsequences: true).map { item in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2 else { throw ParameterError(.documentTypes, "expected CODE=kind, found '\(item)'") }
            return (parts[0].trimmingSpaces, parts[1].trimmingSpaces)
        })
    }

    /// `CODE=kind,...` in the order given.
    public var text: String { order.map { "\($0)=\(kinds[$0]!.rawValue)" }.joined(separator: ",") }
}

/// How amounts write their decimal separator.
public enum DecimalSeparator: String, Sendable, CaseIterable {
    /// `1234.56` (strict, `StrictDecimal`).
    case point
    /// `1.234,56` (`StrictDecimal.parseDecimalComma`: dot-grouped thousands, comma decimals,
    /// sign leading or trailing).
    case comma
}

/// What a bad row does.
public enum BadRowPolicy: String, Sendable, CaseIterable {
    /// The first bad row stops the run (`FILE:LINE:COLUMN: what (VALUE)`, nothing written).
    case error
    /// Bad rows go to a rejects file and the run goes on (within `maxRejectShare`); exact
    /// duplicate rows are dropped and counted.
    case reject
}

/// A payments table: one row per payment applied to an invoice.
public struct PaymentsFile: Sendable, Equatable {
    public var path: String
    /// Canonical payment columns to the file's names.
    public var columns: [PaymentField: String]

    public init(path: String, columns: [PaymentField: String] = [:]) {
        self.path = path
        self.columns = columns
    }

    /// Parses `canonical=source,...` for the payment columns (the `--payment-columns` syntax).
    public static func columns(mapping: String) throws -> [PaymentField: String] {
        var result: [PaymentField: String] = [:]
        for item in mapping.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[1].trimmingSpaces.isEmpty else {
                throw ParameterError(.paymentColumns, "expected canonical=source, found '\(item)'")
            }
            guard let field = PaymentField(rawValue: parts[0].trimmingSpaces) else {
                throw ParameterError(.paymentColumns, "unknown payment column '\(parts[0].trimmingSpaces)' "
                                       + "(known: invoice_id, payment_date, amount)")
            }
            guard result[field] == nil else { throw ParameterError(.paymentColumns, "'\(field.rawValue)' is mapped twice") }
            result[field] = parts[1].trimmingSpaces
        }
        return result
    }

    public func sourceName(for field: PaymentField) -> String { columns[field] ?? field.rawValue }
}

/// The canonical columns of a payments table.
public enum PaymentField: String, CaseIterable, Sendable {
    case invoiceId = "invoice_id"
    case paymentDate = "payment_date"
    case amount
}
