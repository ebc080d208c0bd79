import NumericCore
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
    public func build(_ invoices: [Invoice]) -> AccountTable {
        var byAccount: [String: [Int]] = [:]
        var hasMethod = false
        for (i, invoice) in invoices.enumerated() where invoice.invoiceDate <= asOf {
            byAccount[invoice.accountId, default: []].append(i)
            if invoice.paymentMethod != nil { hasMethod = true }
        }
        let ids = byAccount.keys.sorted()
        let names = LedgerFeature.allCases.map(\.rawValue)
        var values = Matrix(rows: ids.count, columns: names.count)
        var methods: [String] = []
        for (row, id) in ids.enumerated() {
            let mine = byAccount[id]!.map { invoices[$0] }
            for (j, value) in features(of: mine).enumerated() { values[row, j] = value }
            if hasMethod {
                let latest = mine.enumerated().filter { !($0.element.paymentMethod ?? "").isEmpty }.max { a, b in
                    (a.element.invoiceDate, a.offset) < (b.element.invoiceDate, b.offset)
                }
                methods.append(latest?.element.paymentMethod ?? "")
            }
        }
        let categorical = hasMethod
            ? [AccountTable.CategoricalColumn(name: AccountAttribute.paymentMethod, values: methods)] : []
        return AccountTable(ids: ids, numericNames: names, values: values, categoricalColumns: categorical)
    }

    /// The features of one account's invoices (all dated on or before `asOf`), in `LedgerFeature` order.
    func features(of invoices: [Invoice]) -> [Double] {
        var billed12m = 0.0, total = 0.0, disputedOpen = 0.0
        var aging = [Double](repeating: 0, count: 5)
        var maxPastDue = 0
        var paid = 0, late = 0, lateSum = 0, maxLate = 0, disputed = 0
        var recent = (count: 0, sum: 0), earlier = (count: 0, sum: 0)
        for invoice in invoices {
            total += invoice.amount
            if asOf - invoice.invoiceDate < Self.billingWindowDays { billed12m += invoice.amount }
            if invoice.disputed { disputed += 1 }
            if let paidDate = invoice.paidDate, paidDate <= asOf {
                let daysLate = max(0, paidDate - invoice.dueDate)
                paid += 1
                lateSum += daysLate
                if daysLate > 0 { late += 1 }
                maxLate = max(maxLate, daysLate)
                if asOf - paidDate < Self.trendWindowDays {
                    recent.count += 1; recent.sum += daysLate
                } else {
                    earlier.count += 1; earlier.sum += daysLate
                }
            } else {
                let pastDue = asOf - invoice.dueDate
                if invoice.disputed { disputedOpen += invoice.amount }
                aging[Self.agingBucket(daysPastDue: pastDue)] += invoice.amount
                maxPastDue = max(maxPastDue, pastDue)
            }
        }
        // Nested sums: rounding is monotonic, so over30 <= overdue <= open exactly and the share stays <= 1.
        let over30 = aging[2] + aging[3] + aging[4]
        let overdue = aging[1] + over30
        let open = aging[0] + overdue
        let trend = recent.count > 0 && earlier.count > 0
            ? Double(recent.sum) / Double(recent.count) - Double(earlier.sum) / Double(earlier.count) : 0
        let n = Double(invoices.count)
        return [
            n, billed12m, total / n, open, overdue,
            aging[0], aging[1], aging[2], aging[3], aging[4],
            open > 0 ? over30 / open : 0,
            paid > 0 ? Double(lateSum) / Double(paid) : 0,
            paid > 0 ? 100 * Double(late) / Double(paid) : 0,
            Double(maxLate),
            Double(disputed) / n,
            trend,
            Double(maxPastDue),
            disputedOpen,
        ]
    }

    /// 0 current (<= 0 days past due), 1: 1-30, 2: 31-60, 3: 61-90, 4: > 90.
    static func agingBucket(daysPastDue d: Int) -> Int {
        switch d {
        case ...0: return 0
        case 1...30: return 1
        case 31...60: return 2
        case 61...90: return 3
        default: return 4
        }
    }
}
