import Tabular

/// One ledger row: an invoice (or a credit memo) and, if known, its settlement.
public struct Invoice: Equatable, Sendable {
    public var accountId: String
    public var invoiceId: String
    public var invoiceDate: CalendarDay
    /// On or after `invoiceDate`.
    public var dueDate: CalendarDay
    /// Currency units (the reporting currency), `>= 0`; a credit memo's credit is `amount` too.
    public var amount: Double
    /// `nil` while open. A date after the as-of date also counts as open there. With
    /// `payments`, an invoice's settlement comes from them and this is not used.
    public var paidDate: CalendarDay?
    public var disputed: Bool
    public var paymentMethod: String?
    /// `.invoice` unless the source maps document types (`.ignore` rows never become values).
    public var kind: DocumentKind
    /// The currency code of the source row, when the ledger has a `currency` column.
    public var currency: String?
    /// The invoice's payments from a payments table, in file order, in the reporting
    /// currency; `nil` when the run has no payments table (then `paidDate` settles in full).
    public var payments: [Payment]?
    /// The source's extra categorical columns (`LedgerReadOptions.categorical`), in that order.
    public var attributes: [String]

    public init(accountId: String, invoiceId: String, invoiceDate: CalendarDay, dueDate: CalendarDay,
                amount: Double, paidDate: CalendarDay?, disputed: Bool, paymentMethod: String? = nil,
                kind: DocumentKind = .invoice, currency: String? = nil, payments: [Payment]? = nil,
                attributes: [String] = []) {
        self.accountId = accountId
        self.invoiceId = invoiceId
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.amount = amount
        self.paidDate = paidDate
        self.disputed = disputed
        self.paymentMethod = paymentMethod
        self.kind = kind
        self.currency = currency
        self.payments = payments
        self.attributes = attributes
    }
}

/// One payment applied to an invoice.
public struct Payment: Equatable, Sendable {
    public var date: CalendarDay
    /// In the reporting currency, `> 0`.
    public var amount: Double

    public init(date: CalendarDay, amount: Double) {
        self.date = date
        self.amount = amount
    }
}
