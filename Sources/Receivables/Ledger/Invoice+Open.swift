import Tabular

extension Invoice {
    /// The amount still owed on `day` (currency units): the whole amount from the invoice date
    /// until it is settled, 0 before it was issued and from `paidDate` on.
    ///
    /// The one place that says what "open at T" means, so that partial payments (a payments
    /// file, issue 12) change it here only. Today a settlement is in full on `paidDate`, as the
    /// features' as-of semantics: paid when `paid_date <= T`, open otherwise.
    public func openAmount(at day: CalendarDay) -> Double {
        guard invoiceDate <= day else { return 0 }
        if let paidDate, paidDate <= day { return 0 }
        return amount
    }

    /// Whether anything is still owed on `day` (`openAmount(at:) > 0`; a zero-amount invoice is
    /// never open).
    public func isOpen(at day: CalendarDay) -> Bool { openAmount(at: day) > 0 }
}
