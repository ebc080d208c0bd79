import Tabular

// The rule "open amount and settlement date of an invoice at a date", in one place, for the
// backtest's outcomes (Outcomes/). Today an invoice is settled in full on `paidDate`; the ERP
// ledger work (partial payments from a payments table) replaces these three members and every
// outcome and KPI follows. The features (FeatureAccumulator) apply the same rule inline on
// their hot path: paid when `paidDate <= asOf`.
extension Invoice {
    /// Whether the invoice exists and is not settled at the end of `day`: issued on or before
    /// `day`, and `paidDate` empty or after `day`.
    @inlinable
    public func isOpen(at day: CalendarDay) -> Bool {
        invoiceDate <= day && !(paidDate.map { $0 <= day } ?? false)
    }

    /// The amount still owed at the end of `day`: `amount` while open, 0 once settled, and 0
    /// before the invoice was issued. Currency units.
    @inlinable
    public func openAmount(at day: CalendarDay) -> Double {
        isOpen(at: day) ? amount : 0
    }

    /// The day the open amount reached 0 (`paidDate`); `nil` while open.
    @inlinable
    public var settlementDate: CalendarDay? { paidDate }
}
