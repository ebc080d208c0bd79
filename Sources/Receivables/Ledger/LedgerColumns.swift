import Tabular

/// The canonical columns of an invoice ledger, one document per row.
///
/// | column | meaning |
/// |---|---|
/// | `account_id` | customer account (kept as text: `007` stays `007`) |
/// | `invoice_id` | document number, unique in the file (text) |
/// | `invoice_date` | date the document was issued |
/// | `due_date` | date payment is due (on or after `invoice_date`) |
/// | `amount` | amount in currency units, plain decimal; `>= 0` on an invoice |
/// | `paid_date` | date it was settled (cleared); empty = still open |
/// | `disputed` | optional: `yes`/`no`, `true`/`false`, `1`/`0` (any case) |
/// | `payment_method` | optional free text (e.g. `ACH`, `Paper`) |
/// | `document_type` | optional: the document's type code, read with `DocumentTypes` |
/// | `currency` | optional: the amount's currency code (`USD`) |
public enum LedgerField: String, CaseIterable, Sendable {
    case accountId = "account_id"
    case invoiceId = "invoice_id"
    case invoiceDate = "invoice_date"
    case dueDate = "due_date"
    case amount
    case paidDate = "paid_date"
    case disputed
    case paymentMethod = "payment_method"
    case documentType = "document_type"
    case currency

    /// The columns of the canonical layout the generator writes, in order.
    public static let canonicalLayout: [LedgerField] = [
        .accountId, .invoiceId, .invoiceDate, .dueDate, .amount, .paidDate, .disputed, .paymentMethod,
    ]

    /// `account_id` ... `paid_date` must be present in a ledger (`paid_date` not when
    /// payments come from a payments file); the others are optional.
    public var isRequired: Bool {
        switch self {
        case .accountId, .invoiceId, .invoiceDate, .dueDate, .amount, .paidDate: return true
        case .disputed, .paymentMethod, .documentType, .currency: return false
        }
    }
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
            guard parts.count == 2, !parts[1].trimmingSpaces.isEmpty else {
                throw ParameterError(.columns, "expected canonical=source, found '\(item)'")
            }
            try add(parts[0].trimmingSpaces, parts[1].trimmingSpaces, sources: &sources)
        }
    }

    /// The mapping `canonical -> source` given as pairs (a preset's `columns`), checked as
    /// `init(mapping:)` checks.
    public init(pairs: [(canonical: String, source: String)]) throws {
        renamed = [:]
        var sources: [String: LedgerField] = [:]
        for (canonical, source) in pairs { try add(canonical, source, sources: &sources) }
    }

    private mutating func add(_ canonical: String, _ source: String, sources: inout [String: LedgerField]) throws {
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

    /// This mapping with `other`'s entries added, `other` winning for a field both map
    /// (explicit options over a preset).
    public func overridden(by other: LedgerColumns) -> LedgerColumns {
        var result = self
        for (field, source) in other.renamed { result.renamed[field] = source }
        return result
    }

    /// The canonical fields mapped to another name, with their source names, in field order.
    public var mappedPairs: [(field: LedgerField, source: String)] {
        LedgerField.allCases.compactMap { field in renamed[field].map { (field, $0) } }
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
