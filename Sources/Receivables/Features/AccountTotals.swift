import Tabular

/// The running totals of one account's invoices on or before the as-of date: what
/// `FeatureAccumulator` keeps per account and `LedgerFeature.definition` turns into features.
/// All money in currency units, all days in whole days.
///
/// Layout: counts, day numbers and maxima are stored as `Int32` (read and written as `Int`
/// through the properties of the same names), sums of days as `Int`, so that a record with
/// its key (`AccountStore.Entry`) fits three cache lines. Measured (issue 16, 1M customers):
/// the accumulating thread's time is mostly the random loads of these records; at 184 bytes
/// (200 with the key, unaligned) an update touched about four lines.
struct AccountTotals: Sendable {
    var billed12m = 0.0, total = 0.0, disputedOpen = 0.0
    /// Open amount by `AgingBucket` (current, 1-30, 31-60, 61-90, 90+).
    var aging: (Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0)
    var lateSum = 0, recentSum = 0, earlierSum = 0
    private var count32: Int32 = 0, maxPastDue32: Int32 = 0, paid32: Int32 = 0, late32: Int32 = 0
    private var maxLate32: Int32 = 0, disputed32: Int32 = 0, recentCount32: Int32 = 0, earlierCount32: Int32 = 0
    private var methodDay32 = Int32.min
    /// Index in the accumulator's methods of the latest invoice naming a method (-1: none yet).
    var method: Int32 = -1

    var count: Int { get { Int(count32) } set { count32 = Int32(newValue) } }
    var maxPastDue: Int { get { Int(maxPastDue32) } set { maxPastDue32 = Int32(newValue) } }
    var paid: Int { get { Int(paid32) } set { paid32 = Int32(newValue) } }
    var late: Int { get { Int(late32) } set { late32 = Int32(newValue) } }
    var maxLate: Int { get { Int(maxLate32) } set { maxLate32 = Int32(newValue) } }
    var disputed: Int { get { Int(disputed32) } set { disputed32 = Int32(newValue) } }
    var recentCount: Int { get { Int(recentCount32) } set { recentCount32 = Int32(newValue) } }
    var earlierCount: Int { get { Int(earlierCount32) } set { earlierCount32 = Int32(newValue) } }
    /// Invoice date of the latest invoice naming a method (`Int32.min`: none yet).
    var methodDay: Int { get { Int(methodDay32) } set { methodDay32 = Int32(newValue) } }

    // Nested sums: rounding is monotonic, so over30 <= overdue <= open exactly and
    // `share_overdue_30_plus` stays <= 1.
    /// Open amount more than 30 days past due.
    var over30: Double { aging.2 + aging.3 + aging.4 }
    /// Open amount at least 1 day past due.
    var overdue: Double { aging.1 + over30 }
    /// Open amount.
    var open: Double { aging.0 + overdue }

    /// Open credit: credit memos not cleared by as-of, plus overpayments (currency units, >= 0).
    var unappliedCredit = 0.0
    /// Invoices whose payments by as-of exceed their amount.
    var overpaid = 0

    /// Adds one invoice dated on or before `asOf` (the caller skips later ones). Open amount
    /// and settlement date come from the one settlement rule (`Invoice+Settlement.swift`).
    @inline(__always)
    mutating func add(asOf: CalendarDay, _ invoice: Invoice, method methodIndex: Int32) {
        add(asOf: asOf, invoiceDate: invoice.invoiceDate, dueDate: invoice.dueDate, amount: invoice.amount,
            disputed: invoice.disputed, settled: invoice.settlementDate(at: asOf), open: invoice.openAmount(at: asOf),
            method: methodIndex)
        if invoice.payments != nil {
            let excess = invoice.excessPayment(at: asOf)
            if excess > 0 { unappliedCredit += excess; overpaid += 1 }
        }
    }

    /// The fields of one invoice dated on or before `asOf`: `settled` its settlement date at
    /// `asOf` (nil: open), `open` its open amount at `asOf` (evaluated only when open); the
    /// `Invoice` above and the column batch (`FeatureAccumulator.add(_:)`) both come here.
    @inline(__always)
    mutating func add(asOf: CalendarDay, invoiceDate: CalendarDay, dueDate: CalendarDay, amount: Double, disputed isDisputed: Bool,
                      settled: CalendarDay?, open openAmount: @autoclosure () -> Double, method methodIndex: Int32) {
        count += 1
        total += amount
        if asOf - invoiceDate < FeatureBuilder.billingWindowDays { billed12m += amount }
        if isDisputed { disputed += 1 }
        if let paidDate = settled {
            let daysLate = max(0, paidDate - dueDate)
            paid += 1
            lateSum += daysLate
            if daysLate > 0 { late += 1 }
            maxLate = max(maxLate, daysLate)
            if asOf - paidDate < FeatureBuilder.trendWindowDays {
                recentCount += 1; recentSum += daysLate
            } else {
                earlierCount += 1; earlierSum += daysLate
            }
        } else {
            let open = openAmount()
            let pastDue = asOf - dueDate
            if isDisputed { disputedOpen += open }
            switch AgingBucket(daysPastDue: pastDue) {
            case .current: aging.0 += open
            case .days1to30: aging.1 += open
            case .days31to60: aging.2 += open
            case .days61to90: aging.3 += open
            case .days90plus: aging.4 += open
            }
            maxPastDue = max(maxPastDue, pastDue)
        }
        // Latest by (invoice date, file order): a later invoice on the same date wins.
        if methodIndex >= 0, invoiceDate.daysSinceEpoch >= methodDay {
            methodDay = invoiceDate.daysSinceEpoch
            method = methodIndex
        }
    }

    /// Adds one credit memo dated on or before `asOf`: its credit while not cleared by as-of.
    mutating func addCredit(asOf: CalendarDay, _ memo: Invoice) {
        if memo.isOpen(at: asOf) { unappliedCredit += memo.amount }
    }
}
