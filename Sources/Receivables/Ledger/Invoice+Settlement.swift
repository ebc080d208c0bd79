import Tabular

// The rule "open amount and settlement date of an invoice at a date", in one place: the
// features (`AccountTotals`), the backtest's outcomes (Outcomes/) and the dunning plan ("open
// at T") all ask these members and nothing else.
//
// Without a payments table an invoice is settled in full on `paidDate`. With one
// (`payments != nil`), at a date T the open amount is the amount minus the payments dated
// <= T; the invoice is settled once that is <= `settledTolerance` (half a cent), on the date
// of the payment that brought it there; the excess of payments over the amount is an
// overpayment (unapplied credit).
extension Invoice {
    /// An open amount at or below this (half a cent) is settled.
    public static let settledTolerance = 0.005

    /// Sum of the payments dated on or before `day`, in file order (0 without payments).
    @inlinable
    public func paidAmount(at day: CalendarDay) -> Double {
        guard let payments else { return 0 }
        var sum = 0.0
        for payment in payments where payment.date <= day { sum += payment.amount }
        return sum
    }

    /// The day the invoice was settled, whatever the as-of date: `paidDate` without payments;
    /// with payments the first payment date D with amount - (payments dated <= D) <= 0.005
    /// (the invoice date for an amount already <= 0.005; `nil` while payments fall short).
    @inlinable
    public var settlementDate: CalendarDay? {
        guard let payments else { return paidDate }
        if amount <= Self.settledTolerance { return invoiceDate }
        var days = payments.map(\.date)
        days.sort()
        for day in days where amount - paidAmount(at: day) <= Self.settledTolerance { return day }
        return nil
    }

    /// The settlement date when it is on or before `day`, else `nil` (open at `day`).
    @inlinable
    public func settlementDate(at day: CalendarDay) -> CalendarDay? {
        guard let payments else { return paidDate.flatMap { $0 <= day ? $0 : nil } }
        if payments.isEmpty { return amount <= Self.settledTolerance ? invoiceDate : nil }
        return settlementDate.flatMap { $0 <= day ? $0 : nil }
    }

    /// Whether the invoice exists and is not settled at the end of `day`: issued on or before
    /// `day`, and not settled on or before it.
    @inlinable
    public func isOpen(at day: CalendarDay) -> Bool {
        invoiceDate <= day && settlementDate(at: day) == nil
    }

    /// The amount still owed at the end of `day`: `amount` minus the payments dated on or
    /// before `day` while open (all of `amount` without payments), 0 once settled, and 0
    /// before the invoice was issued. Currency units.
    @inlinable
    public func openAmount(at day: CalendarDay) -> Double {
        guard isOpen(at: day) else { return 0 }
        return payments == nil ? amount : amount - paidAmount(at: day)
    }

    /// What the payments dated on or before `day` exceed the amount by (an overpayment,
    /// unapplied credit of the account); 0 without payments.
    @inlinable
    public func excessPayment(at day: CalendarDay) -> Double {
        guard payments != nil else { return 0 }
        return max(0, paidAmount(at: day) - amount)
    }
}
