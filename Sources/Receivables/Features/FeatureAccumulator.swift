import NumericCore
import Tabular

/// The running state behind `FeatureBuilder`: one small record per account, updated invoice
/// by invoice in file order, so a ledger of any length is reduced in memory proportional to
/// its accounts, never to its invoices.
///
/// Every sum is accumulated per account in file order, exactly the order in which the
/// former group-then-compute design added the same invoices, so the features are identical
/// to the bit. Memory: one dictionary entry (id -> dense index) and one `Account` record
/// (168 bytes; the latest payment method as a 4-byte index into the distinct methods) per account.
public struct FeatureAccumulator: Sendable {
    public let asOf: CalendarDay
    /// Invoices dated after `asOf` (ignored).
    public private(set) var futureInvoiceCount = 0

    /// Per-account sums and extremes of the invoices seen so far.
    struct Account: Sendable {
        var count = 0
        var billed12m = 0.0, total = 0.0, disputedOpen = 0.0
        var aging: (Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0)
        var maxPastDue = 0
        var paid = 0, late = 0, lateSum = 0, maxLate = 0, disputed = 0
        var recentCount = 0, recentSum = 0, earlierCount = 0, earlierSum = 0
        /// Invoice date and index in `methods` of the latest invoice naming a method (-1: none yet).
        var methodDay = Int.min, method: Int32 = -1
    }

    private var indexOfId: [String: Int] = [:]
    private var ids: [String] = []
    private var accounts: [Account] = []
    /// Distinct payment methods, interned so each account stores a 4-byte index.
    private var methods: [String] = []
    private var indexOfMethod: [String: Int32] = [:]
    /// Whether any invoice on or before `asOf` has a payment-method cell (even an empty one).
    private var hasMethod = false

    public init(asOf: CalendarDay) { self.asOf = asOf }

    /// Adds one invoice; call in file order (the latest payment method breaks date ties by it).
    public mutating func add(_ invoice: Invoice) {
        add(accountId: invoice.accountId, invoiceDate: invoice.invoiceDate, dueDate: invoice.dueDate,
            amount: invoice.amount, paidDate: invoice.paidDate, disputed: invoice.disputed,
            paymentMethod: invoice.paymentMethod)
    }

    /// Adds one invoice given field by field (see `Invoice` for the fields' meaning).
    public mutating func add(accountId: String, invoiceDate: CalendarDay, dueDate: CalendarDay, amount: Double,
                             paidDate: CalendarDay?, disputed isDisputed: Bool, paymentMethod: String?) {
        guard invoiceDate <= asOf else { futureInvoiceCount += 1; return }
        let index: Int
        if let known = indexOfId[accountId] {
            index = known
        } else {
            index = accounts.count
            indexOfId[accountId] = index
            ids.append(accountId)
            accounts.append(Account())
        }
        var methodIndex: Int32 = -1
        if let paymentMethod {
            hasMethod = true
            if !paymentMethod.isEmpty { methodIndex = intern(paymentMethod) }
        }
        Self.update(&accounts[index], asOf: asOf, invoiceDate: invoiceDate, dueDate: dueDate, amount: amount,
                    paidDate: paidDate, disputed: isDisputed, method: methodIndex)
    }

    private mutating func intern(_ method: String) -> Int32 {
        if let known = indexOfMethod[method] { return known }
        let index = Int32(methods.count)
        methods.append(method)
        indexOfMethod[method] = index
        return index
    }

    private static func update(_ a: inout Account, asOf: CalendarDay, invoiceDate: CalendarDay, dueDate: CalendarDay, amount: Double,
                        paidDate: CalendarDay?, disputed isDisputed: Bool, method: Int32) {
        a.count += 1
        a.total += amount
        if asOf - invoiceDate < FeatureBuilder.billingWindowDays { a.billed12m += amount }
        if isDisputed { a.disputed += 1 }
        if let paidDate, paidDate <= asOf {
            let daysLate = max(0, paidDate - dueDate)
            a.paid += 1
            a.lateSum += daysLate
            if daysLate > 0 { a.late += 1 }
            a.maxLate = max(a.maxLate, daysLate)
            if asOf - paidDate < FeatureBuilder.trendWindowDays {
                a.recentCount += 1; a.recentSum += daysLate
            } else {
                a.earlierCount += 1; a.earlierSum += daysLate
            }
        } else {
            let pastDue = asOf - dueDate
            if isDisputed { a.disputedOpen += amount }
            switch FeatureBuilder.agingBucket(daysPastDue: pastDue) {
            case 0: a.aging.0 += amount
            case 1: a.aging.1 += amount
            case 2: a.aging.2 += amount
            case 3: a.aging.3 += amount
            default: a.aging.4 += amount
            }
            a.maxPastDue = max(a.maxPastDue, pastDue)
        }
        // Latest by (invoice date, file order): a later invoice on the same date wins.
        if method >= 0, invoiceDate.daysSinceEpoch >= a.methodDay {
            a.methodDay = invoiceDate.daysSinceEpoch
            a.method = method
        }
    }

    /// Number of accounts with an invoice on or before `asOf` so far.
    public var accountCount: Int { accounts.count }

    /// One row per account seen, sorted by id; numeric columns are `LedgerFeature.allCases` in
    /// order, plus `payment_method` when any invoice on or before `asOf` had that column.
    public func table() -> AccountTable {
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        let names = LedgerFeature.allCases.map(\.rawValue)
        var values = Matrix(rows: order.count, columns: names.count)
        var rowMethods: [String] = []
        if hasMethod { rowMethods.reserveCapacity(order.count) }
        for (row, index) in order.enumerated() {
            let a = accounts[index]
            for (j, value) in Self.features(of: a).enumerated() { values[row, j] = value }
            if hasMethod { rowMethods.append(a.method >= 0 ? methods[Int(a.method)] : "") }
        }
        let categorical = hasMethod
            ? [AccountTable.CategoricalColumn(name: AccountAttribute.paymentMethod, values: rowMethods)] : []
        return AccountTable(ids: order.map { ids[$0] }, numericNames: names, values: values,
                            categoricalColumns: categorical)
    }

    /// The features of one account, in `LedgerFeature` order (definitions there).
    static func features(of a: Account) -> [Double] {
        // Nested sums: rounding is monotonic, so over30 <= overdue <= open exactly and the share stays <= 1.
        let over30 = a.aging.2 + a.aging.3 + a.aging.4
        let overdue = a.aging.1 + over30
        let open = a.aging.0 + overdue
        let trend = a.recentCount > 0 && a.earlierCount > 0
            ? Double(a.recentSum) / Double(a.recentCount) - Double(a.earlierSum) / Double(a.earlierCount) : 0
        let n = Double(a.count)
        return [
            n, a.billed12m, a.total / n, open, overdue,
            a.aging.0, a.aging.1, a.aging.2, a.aging.3, a.aging.4,
            open > 0 ? over30 / open : 0,
            a.paid > 0 ? Double(a.lateSum) / Double(a.paid) : 0,
            a.paid > 0 ? 100 * Double(a.late) / Double(a.paid) : 0,
            Double(a.maxLate),
            Double(a.disputed) / n,
            trend,
            Double(a.maxPastDue),
            a.disputedOpen,
        ]
    }
}
