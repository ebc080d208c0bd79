import Tabular

// The rule "open amount and settlement date of an invoice at a date", in one place: the
// features (`AccountTotals`), the backtest's outcomes (Outcomes/) and the dunning plan ("open
// at T") all ask these members and nothing else.
//
// Without a payments table an invoice is settled in full on `paidDate`. With one
// (`payments != nil`) settlement is judged in the invoice's own currency, the one its payments
// are in (`localAmount`, `Payment.amount`), so that an invoice paid exactly is settled however
// the exchange rate moved in between:
// - at a date T the *local open amount* is `localAmount` minus the payments dated <= T; the
//   invoice is settled once that is <= `settledTolerance` (half a cent), on the date of the
//   payment that brought it there (on its invoice date when `localAmount` is already <= 0.005);
// - while open, its open amount in the reporting currency is `amount` (converted at the
//   invoice date's rate) minus each payment dated <= T converted at its payment date's rate
//   (`Payment.reportingAmount`), never below 0 (payments worth more in the reporting currency
//   than the invoice, the rate having risen, while part is still owed locally); 0 once settled;
// - the *excess* of the payments dated <= T over `localAmount`, when above 0.005, is an
//   overpayment (unapplied credit of the account), converted at the rate of the latest payment
//   dated <= T. A float residual of an exact payment (`1e-14`) is no overpayment.
// In one currency (every rate 1) the open amount is `amount` minus the payments, as it reads.
extension Invoice {
    /// An open amount at or below this (half a cent), and an excess at or below it, is nothing.
    public static let settledTolerance = 0.005

    /// Sum of the payments dated on or before `day`, in file order, in the invoice's currency
    /// (0 without payments).
    @inlinable
    public func paidAmount(at day: CalendarDay) -> Double {
        guard let payments else { return 0 }
        var sum = 0.0
        for payment in payments where payment.date <= day { sum += payment.amount }
        return sum
    }

    /// The day the invoice was settled, whatever the as-of date: `paidDate` without payments;
    /// with payments the first payment date D with localAmount - (payments dated <= D) <= 0.005
    /// (the invoice date for a `localAmount` already <= 0.005; `nil` while payments fall short).
    @inlinable
    public var settlementDate: CalendarDay? {
        guard let payments else { return paidDate }
        if localAmount <= Self.settledTolerance { return invoiceDate }
        var days = payments.map(\.date)
        days.sort()
        for day in days where localAmount - paidAmount(at: day) <= Self.settledTolerance { return day }
        return nil
    }

    /// The settlement date at `day` of an invoice without payments (a canonical ledger): its
    /// `paidDate` when that is on or before `day`, else `nil` (open at `day`, for all of its
    /// amount). Also what the features' column batch uses (`FeatureAccumulator.add(_:)` on
    /// `InvoiceColumns`, which holds only ledgers without payments).
    @inlinable
    public static func settlementDate(paidDate: CalendarDay?, at day: CalendarDay) -> CalendarDay? {
        paidDate.flatMap { $0 <= day ? $0 : nil }
    }

    /// The settlement date when it is on or before `day`, else `nil` (open at `day`).
    @inlinable
    public func settlementDate(at day: CalendarDay) -> CalendarDay? {
        guard let payments else { return Self.settlementDate(paidDate: paidDate, at: day) }
        if payments.isEmpty { return localAmount <= Self.settledTolerance ? invoiceDate : nil }
        return settlementDate.flatMap { $0 <= day ? $0 : nil }
    }

    /// Whether the invoice exists and is not settled at the end of `day`: issued on or before
    /// `day`, and not settled on or before it.
    @inlinable
    public func isOpen(at day: CalendarDay) -> Bool {
        invoiceDate <= day && settlementDate(at: day) == nil
    }

    /// The amount still owed at the end of `day`, in the reporting currency: all of `amount`
    /// without payments; with payments max(0, `amount` - the `reportingAmount`s of the
    /// payments dated on or before `day`) while open; 0 once settled, and 0 before the invoice
    /// was issued.
    @inlinable
    public func openAmount(at day: CalendarDay) -> Double {
        guard isOpen(at: day) else { return 0 }
        guard let payments else { return amount }
        var paid = 0.0
        for payment in payments where payment.date <= day { paid += payment.reportingAmount }
        return max(0, amount - paid)
    }

    /// What the payments dated on or before `day` exceed `localAmount` by (an overpayment,
    /// unapplied credit of the account), when that is above 0.005, in the reporting currency
    /// at the rate of the latest of those payments; else 0, and 0 without payments.
    @inlinable
    public func excessPayment(at day: CalendarDay) -> Double {
        guard let payments else { return 0 }
        var paid = 0.0
        var latest: Payment?
        for payment in payments where payment.date <= day {
            paid += payment.amount
            if latest.map({ payment.date >= $0.date }) ?? true { latest = payment }
        }
        let excess = paid - localAmount
        guard excess > Self.settledTolerance, let latest else { return 0 }
        return excess * latest.rate
    }
}
