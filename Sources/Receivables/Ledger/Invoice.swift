import Tabular

/// One ledger row: an invoice and, if known, its settlement.
public struct Invoice: Equatable, Sendable {
    public var accountId: String
    public var invoiceId: String
    public var invoiceDate: CalendarDay
    /// On or after `invoiceDate`.
    public var dueDate: CalendarDay
    /// Currency units, `>= 0`.
    public var amount: Double
    /// `nil` while open. A date after the as-of date also counts as open there.
    public var paidDate: CalendarDay?
    public var disputed: Bool
    public var paymentMethod: String?

    public init(accountId: String, invoiceId: String, invoiceDate: CalendarDay, dueDate: CalendarDay,
                amount: Double, paidDate: CalendarDay?, disputed: Bool, paymentMethod: String? = nil) {
        self.accountId = accountId
        self.invoiceId = invoiceId
        self.invoiceDate = invoiceDate
        self.dueDate = dueDate
        self.amount = amount
        self.paidDate = paidDate
        self.disputed = disputed
        self.paymentMethod = paymentMethod
    }
}
