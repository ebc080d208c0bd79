import Tabular

/// Turns an invoice ledger into one row of `LedgerFeature`s per account, as known at `asOf`.
///
/// As-of semantics (what makes a back-dated run honest): invoices dated after `asOf`
/// are ignored; an invoice is paid when `paidDate <= asOf` and open otherwise, so a
/// payment made after `asOf` leaves the invoice open. Accounts with no invoice on or
/// before `asOf` get no row. Rows are sorted by account id; when the ledger has a
/// payment method, the categorical column `payment_method` holds the method of the
/// account's latest invoice that names one (by invoice date, then file order; empty when
/// none does).
public struct FeatureBuilder: Sendable {
    public var asOf: CalendarDay

    /// Window of `billed_12m`: invoices dated as-of - 364 ... as-of.
    public static let billingWindowDays = 365
    /// Window of the recent side of `days_late_trend`: paid as-of - 89 ... as-of.
    public static let trendWindowDays = 90

    public init(asOf: CalendarDay) { self.asOf = asOf }

    /// Number of invoices dated after `asOf` (ignored by `build`).
    public func futureInvoiceCount(_ invoices: [Invoice]) -> Int {
        invoices.reduce(0) { $0 + ($1.invoiceDate > asOf ? 1 : 0) }
    }

    /// One row per account with an invoice on or before `asOf`, sorted by id; numeric columns
    /// are `LedgerFeature.allCases` in order (definitions there), plus `payment_method` when
    /// any invoice has one. Never produces NaN: empty groups give the documented 0.
    /// The in-memory form of `FeatureAccumulator`, which streams a ledger of any size.
    public func build(_ invoices: [Invoice]) -> AccountTable {
        var accumulator = FeatureAccumulator(asOf: asOf)
        for invoice in invoices { accumulator.add(invoice) }
        return accumulator.table()
    }

    /// 0 current (<= 0 days past due), 1: 1-30, 2: 31-60, 3: 61-90, 4: > 90 (`AgingBucket`).
    static func agingBucket(daysPastDue d: Int) -> Int {
        AgingBucket(daysPastDue: d).rawValue
    }
}
