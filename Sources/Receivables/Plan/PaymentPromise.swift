import Tabular

/// A promise to pay (`--promises`): an amount by a date, for one invoice or for the account.
public struct PaymentPromise: Equatable, Sendable {
    public var accountId: String
    /// `nil` = the account's invoices dated on or before the promise date.
    public var invoiceId: String?
    public var promiseDate: CalendarDay
    public var amount: Double
    /// When the promise was taken; payments from this day on count toward it. Default: 30 days
    /// before the promise date (`defaultLeadDays`).
    public var promisedOn: CalendarDay

    public static let defaultLeadDays = 30

    public init(accountId: String, invoiceId: String?, promiseDate: CalendarDay, amount: Double,
                promisedOn: CalendarDay? = nil) {
        self.accountId = accountId
        self.invoiceId = invoiceId
        self.promiseDate = promiseDate
        self.amount = amount
        self.promisedOn = promisedOn ?? promiseDate + -Self.defaultLeadDays
    }

    /// Whether the promise is about `invoice` (same account; that invoice, or any invoice of the
    /// account dated on or before the promise date).
    public func covers(_ invoice: Invoice) -> Bool {
        invoice.accountId == accountId
            && (invoiceId.map { $0 == invoice.invoiceId } ?? (invoice.invoiceDate <= promiseDate))
    }
}

/// A promise judged on the plan's as-of date (SAP's FDM_P2P_JUDGE: after the promise date plus
/// the tolerance days, a promise is kept or broken).
public enum PromiseStatus: String, Equatable, Sendable {
    /// Paid in full toward it, or the window has not closed and nothing says otherwise yet.
    case kept, broken, pending
}

extension PaymentPromise {
    /// Last day a payment counts: the promise date plus `tolerance` days.
    public func windowEnd(tolerance: Int) -> CalendarDay { promiseDate + tolerance }

    /// Paid toward the promise by `day`: over the covered invoices, what was open when the
    /// promise was taken (or when the invoice was issued, if later) minus what is open on `day`.
    public func paid(by day: CalendarDay, invoices: [Invoice]) -> Double {
        invoices.filter(covers).reduce(0) { sum, invoice in
            let start = max(promisedOn, invoice.invoiceDate)
            return sum + max(0, invoice.openAmount(at: start) - invoice.openAmount(at: day))
        }
    }

    /// The status on `asOf`: kept once the paid amount reaches the promised one (to the cent),
    /// broken when the window closed before `asOf` without that, pending otherwise.
    public func status(asOf: CalendarDay, tolerance: Int, invoices: [Invoice]) -> PromiseStatus {
        let end = windowEnd(tolerance: tolerance)
        let paid = paid(by: min(end, asOf), invoices: invoices)
        if paid >= amount - 0.005 { return .kept }
        return end < asOf ? .broken : .pending
    }
}

/// Per account: promises judged (kept or broken by the as-of date) and how many were broken;
/// the features `broken_promises` and `broken_promise_rate` (broken / judged, 0 when none was
/// judged yet). Judged with the default tolerance, because the features decide the segment and so
/// the strategy whose tolerance the plan later uses.
public struct PromiseRecord: Equatable, Sendable {
    public var judged = 0
    public var broken = 0

    public var rate: Double { judged == 0 ? 0 : Double(broken) / Double(judged) }

    public static func byAccount(_ promises: [PaymentPromise], asOf: CalendarDay, invoices: [Invoice],
                                 tolerance: Int = DunningPolicy.defaultPromiseToleranceDays) -> [String: PromiseRecord] {
        let byAccount = Dictionary(grouping: invoices, by: \.accountId)
        var records: [String: PromiseRecord] = [:]
        for promise in promises {
            let status = promise.status(asOf: asOf, tolerance: tolerance, invoices: byAccount[promise.accountId] ?? [])
            var record = records[promise.accountId] ?? PromiseRecord()
            if status != .pending { record.judged += 1 }
            if status == .broken { record.broken += 1 }
            records[promise.accountId] = record
        }
        return records
    }
}
