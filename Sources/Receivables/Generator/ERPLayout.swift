import Tabular

/// The file layouts `LedgerGenerator` can write a ledger in (issue 12): the canonical one, and
/// two ERP exports with their quirks, so that a preset (`--source`) can be tried on a ledger
/// whose truth is known.
///
/// | layout | ledger | ids | dates | amounts |
/// |---|---|---|---|---|
/// | `canonical` | `account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,payment_method` (+ `document_type`, `currency`) | `C00001`, `INV0000001`, `CM0000001` | ISO | `1234.56`, credit memos `-12.5` |
/// | `highradius` | the 19 columns of the HighRadius B2B dataset (`HighRadiusColumns`) | `0200000001` (some `CCU013`), invoice ids as floats `1929003413.0` | per column (below) | `54273.28`, `2253.0` |
/// | `sap-fbl5n` | semicolon-delimited FBL5N line items (`SAPColumns`) | account `1000001`, documents `9000000001` (invoices), `9100000001` (credit memos), `1400000001` (payments) | `dd.MM.yyyy` | decimal comma `1.234,56`, credits and payments `-1.234,56` |
public enum ERPLayout: String, CaseIterable, Sendable {
    case canonical
    /// HighRadius B2B invoice dataset: comma-delimited, 19 columns, no dispute or payment-method column.
    case highradius
    /// SAP FBL5N customer line items: `;`, decimal comma, `dd.MM.yyyy`, RV/DR invoices, DG/G2
    /// credit memos and DZ payment rows.
    case sapFBL5N = "sap-fbl5n"

    /// The field separator of the ledger and the payments file.
    public var delimiter: UInt8 { self == .sapFBL5N ? UInt8(ascii: ";") : UInt8(ascii: ",") }

    /// The HighRadius header. The second `document_create_date` repeats the name (some copies
    /// spell it `document_create_date.1`); `document type` has a space; `buisness_year` is the
    /// dataset's spelling.
    public static let highRadiusColumns = [
        "business_code", "cust_number", "name_customer", "clear_date", "buisness_year", "doc_id", "posting_date",
        "document_create_date", "document_create_date", "due_in_date", "invoice_currency", "document type",
        "posting_id", "area_business", "total_open_amount", "baseline_create_date", "cust_payment_terms",
        "invoice_id", "isOpen",
    ]

    /// The FBL5N header (the `sap-fbl5n` preset reads `Account`, `Document Number`, `Document
    /// Type`, `Document Date`, `Net Due Date`, `Amount in Doc. Curr.`, `Document Currency`,
    /// `Clearing Date` and carries `Company Code` and `Terms of Payment`).
    public static let sapColumns = [
        "Company Code", "Account", "Document Number", "Document Type", "Document Date", "Posting Date",
        "Net Due Date", "Amount in Doc. Curr.", "Document Currency", "Clearing Date", "Clearing Document",
        "Terms of Payment",
    ]

    /// The ledger header of this layout for `shape`.
    public func ledgerHeader(_ shape: ERPShape) -> [String] {
        switch self {
        case .canonical:
            return ["account_id", "invoice_id", "invoice_date", "due_date", "amount", "paid_date", "disputed",
                    "payment_method"] + (shape.creditMemos ? ["document_type"] : []) + (shape.currencies.isEmpty ? [] : ["currency"])
        case .highradius: return Self.highRadiusColumns
        case .sapFBL5N: return Self.sapColumns
        }
    }

    /// The header line of the ledger, joined with the layout's delimiter.
    func ledgerHeaderLine(_ shape: ERPShape) -> String {
        // No name needs quoting or neutralising.
        ledgerHeader(shape).joined(separator: self == .sapFBL5N ? ";" : ",")
    }

    /// The payments file's header line (canonical names, the layout's delimiter).
    var paymentsHeaderLine: String {
        ["invoice_id", "payment_date", "amount"].joined(separator: self == .sapFBL5N ? ";" : ",")
    }

    /// Document-type codes: invoices (the usual one, then the occasional other), credit memos
    /// (two codes in SAP), payments. The canonical layout writes `INV` and `CM` (read them with
    /// `--document-types INV=invoice,CM=credit_memo`).
    var invoiceTypes: (usual: String, other: String) {
        switch self {
        case .canonical: return ("INV", "INV")
        case .highradius: return ("RV", "X2")
        case .sapFBL5N: return ("RV", "DR")
        }
    }

    /// Share of invoices written with the other invoice type code.
    var otherInvoiceTypeShare: Double {
        switch self {
        case .canonical: return 0
        case .highradius: return 0.01
        case .sapFBL5N: return 0.1
        }
    }
}

/// The ERP shapes of a generated ledger (issue 12, item 7): which of partial payments, credit
/// memos, currencies, a preset's layout and exact duplicate rows it has. The default (all off,
/// canonical layout) writes exactly the bytes of `LedgerGenerator.write(ledger:truth:accounts:)`.
///
/// Every shape draws from its own `SplitMix64` streams (derived from the seed, per customer or
/// per invoice number), never from the customers' streams, so switching one on changes nothing
/// the others write: the same seed gives the same invoices, due dates and settlement in every
/// layout, and removing the duplicate rows gives the ledger generated without `duplicateShare`.
public struct ERPShape: Sendable, Equatable {
    public var layout: ERPLayout
    /// Invoices are paid in instalments, occasionally overpaid or short-paid, and partly paid
    /// while open; the payments go to a payments file (`invoice_id,payment_date,amount`).
    public var partialPayments: Bool
    /// Credit memos (returns, price adjustments) follow some invoices, more often disputed
    /// ones; open until cleared (`paid_date`).
    public var creditMemos: Bool
    /// Currency codes; the first is the reporting currency (most customers bill in it) and
    /// the others get monthly rates in a rates file. Empty: one unnamed currency (`USD` where
    /// a layout needs a code).
    public var currencies: [String]
    /// Probability that a document row (invoice or credit memo) is written a second time,
    /// byte for byte, within the next 50 rows. Payment rows are never duplicated.
    public var duplicateShare: Double

    public init(layout: ERPLayout = .canonical, partialPayments: Bool = false, creditMemos: Bool = false,
                currencies: [String] = [], duplicateShare: Double = 0) {
        self.layout = layout
        self.partialPayments = partialPayments
        self.creditMemos = creditMemos
        self.currencies = currencies
        self.duplicateShare = duplicateShare
    }

    /// The plain canonical ledger of earlier versions.
    public var isPlain: Bool { self == ERPShape() }

    /// The currency money is reported in: the first listed, `USD` when none is.
    public var reportingCurrency: String { currencies.first ?? "USD" }

    /// The problems of this shape, each naming its parameter (empty when it can be written):
    /// currency codes that are not three capital letters or repeat, a duplicate share outside
    /// 0...0.5, credit memos in the HighRadius layout (its document types are RV and X2 only).
    public var problems: [String] {
        var found: [String] = []
        for code in currencies where code.utf8.count != 3 || !code.utf8.allSatisfy({ (65...90).contains($0) }) {
            found.append("currencies: '\(code)' is not a three-letter code such as USD")
        }
        if Set(currencies).count != currencies.count { found.append("currencies: a code is listed twice") }
        if !(0...0.5).contains(duplicateShare) {
            found.append("duplicateShare: must be between 0 and 0.5 (got \(CSVWriter.format(duplicateShare)))")
        }
        if creditMemos && layout == .highradius {
            found.append("creditMemos: the highradius layout has no credit memos (document types RV and X2 only)")
        }
        return found
    }
}
