import Tabular

/// One ledger row: an invoice (or a credit memo) and, if known, its settlement.
public struct Invoice: Equatable, Sendable {
    public var accountId: String
    public var invoiceId: String
    public var invoiceDate: CalendarDay
    /// On or after `invoiceDate`.
    public var dueDate: CalendarDay
    /// Currency units (the reporting currency, converted at the rate in force on the invoice
    /// date), `>= 0`; a credit memo's credit is `amount` too.
    public var amount: Double
    /// The amount in the invoice's own currency (`currency`), the one its payments are in and
    /// its settlement is judged in (`Invoice+Settlement.swift`); equal to `amount` when no rate
    /// converts it.
    public var localAmount: Double
    /// `nil` while open. A date after the as-of date also counts as open there. With
    /// `payments`, an invoice's settlement comes from them and this is not used.
    public var paidDate: CalendarDay?
    public var disputed: Bool
    public var paymentMethod: String?
    /// `.invoice` unless the source maps document types (`.ignore` rows never become values).
    public var kind: DocumentKind
    /// The currency code of the source row, when the ledger has a `currency` column.
    public var currency: String?
    /// The invoice's payments from a payments table, in file order, in the invoice's currency
    /// (each with its rate into the reporting currency); `nil` when the run has no payments
    /// table (then `paidDate` settles in full).
    public var payments: [Payment]?
    /// The source's extra categorical columns (`LedgerReadOptions.categorical`), in that order.
    public var attributes: [String]

    public init(accountId: String, invoiceId: String, invoiceDate: CalendarDay, dueDate: CalendarDay,
                amount: Double, localAmount: Double? = nil, paidDate: CalendarDay?, disputed: Bool, paymentMethod: String? = nil,
                kind: DocumentKind = .invoice, currency: String? = nil, payments: [Payment]? = nil,
                attributes: [String] = []) {
        self.accountId = accountId
        self.invoiceId = invoiceId
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.amount = amount
        self.localAmount = localAmount ?? amount
        self.paidDate = paidDate
        self.disputed = disputed
        self.paymentMethod = paymentMethod
        self.kind = kind
        self.currency = currency
        self.payments = payments
        self.attributes = attributes
    }
}

/// One payment applied to an invoice, in the invoice's currency.
public struct Payment: Equatable, Sendable {
    public var date: CalendarDay
    /// In the invoice's currency (as the payments file writes it), `> 0`.
    public var amount: Double
    /// Units of the reporting currency per unit of the invoice's currency in force on `date`
    /// (1 when the invoice is in the reporting currency or no rates are given).
    public var rate: Double

    public init(date: CalendarDay, amount: Double, rate: Double = 1) {
        self.date = date
        self.amount = amount
        self.rate = rate
    }

    /// `amount` in the reporting currency: `amount * rate`.
    @inlinable
    public var reportingAmount: Double { amount * rate }
}
