import Tabular

/// The canonical columns of an invoice ledger, one invoice per row.
///
/// | column | meaning |
/// |---|---|
/// | `account_id` | customer account (kept as text: `007` stays `007`) |
/// | `invoice_id` | invoice number, unique in the file (text) |
/// | `invoice_date` | date the invoice was issued |
/// | `due_date` | date payment is due (on or after `invoice_date`) |
/// | `amount` | invoice amount in currency units, `>= 0`, plain decimal |
/// | `paid_date` | date it was settled; empty = still open |
/// | `disputed` | `yes`/`no`, `true`/`false`, `1`/`0` (any case) |
/// | `payment_method` | optional free text (e.g. `ACH`, `Paper`) |
public enum LedgerField: String, CaseIterable, Sendable {
    case accountId = "account_id"
    case invoiceId = "invoice_id"
    case invoiceDate = "invoice_date"
    case dueDate = "due_date"
    case amount
    case paidDate = "paid_date"
    case disputed
    case paymentMethod = "payment_method"

    /// Every field except `payment_method` must be present in a ledger.
    public var isRequired: Bool { self != .paymentMethod }
}

/// Maps canonical ledger fields to the column names a particular file uses.
///
/// Unmapped fields are looked up under their canonical name, so an empty mapping
/// reads a file that already uses the canonical header.
public struct LedgerColumns: Equatable, Sendable {
    /// Source column name for each field that was renamed.
    public private(set) var renamed: [LedgerField: String]

    /// The identity mapping: every field under its canonical name.
    public init() { renamed = [:] }

    /// Parses `canonical=source,canonical=source,...` (the `columns` parameter).
    ///
    /// Whitespace around names is trimmed.
    /// - Throws: `ParameterError` for `.columns`: an item without `=`, an unknown canonical name,
    ///   a field mapped twice, or two fields mapped to one source column.
    public init(mapping: String) throws {
        renamed = [:]
        var sources: [String: LedgerField] = [:]
        for item in mapping.split(separator: ",", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let canonical = parts[0].trimmingSpaces
            guard parts.count == 2, !parts[1].trimmingSpaces.isEmpty else {
                throw ParameterError(.columns, "expected canonical=source, found '\(item)'")
            }
            let source = parts[1].trimmingSpaces
            guard let field = LedgerField(rawValue: canonical) else {
                let known = LedgerField.allCases.map(\.rawValue).joined(separator: ", ")
                throw ParameterError(.columns, "unknown ledger column '\(canonical)' (known: \(known))")
            }
            guard renamed[field] == nil else {
                throw ParameterError(.columns, "'\(canonical)' is mapped twice")
            }
            if let other = sources[source] {
                throw ParameterError(.columns, "'\(other.rawValue)' and '\(canonical)' both map to '\(source)'")
            }
            renamed[field] = source
            sources[source] = field
        }
    }

    /// The column name to look for in the file for `field`.
    public func sourceName(for field: LedgerField) -> String {
        renamed[field] ?? field.rawValue
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
