import NumericCore
import Tabular

/// The running state behind `FeatureBuilder`: one small record per account, updated invoice
/// by invoice in file order, so a ledger of any length is reduced in memory proportional to
/// its accounts, never to its invoices.
///
/// Every sum is accumulated per account in file order, so the features do not depend on how the
/// ledger was chunked. Memory: one dictionary entry (id -> dense index) and one `AccountTotals`
/// record (168 bytes; the latest payment method as a 4-byte index into the distinct methods) per
/// account. The features themselves are computed from the totals by `LedgerFeature.definition`.
public struct FeatureAccumulator: Sendable {
    public let asOf: CalendarDay
    /// Invoices dated after `asOf` (ignored).
    public private(set) var futureInvoiceCount = 0

    private var indexOfId: [String: Int] = [:]
    private var ids: [String] = []
    private var accounts: [AccountTotals] = []
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
            accounts.append(AccountTotals())
        }
        var methodIndex: Int32 = -1
        if let paymentMethod {
            hasMethod = true
            if !paymentMethod.isEmpty { methodIndex = intern(paymentMethod) }
        }
        accounts[index].add(asOf: asOf, invoiceDate: invoiceDate, dueDate: dueDate, amount: amount,
                            paidDate: paidDate, disputed: isDisputed, method: methodIndex)
    }

    private mutating func intern(_ method: String) -> Int32 {
        if let known = indexOfMethod[method] { return known }
        let index = Int32(methods.count)
        methods.append(method)
        indexOfMethod[method] = index
        return index
    }

    /// Number of accounts with an invoice on or before `asOf` so far.
    public var accountCount: Int { accounts.count }

    /// One row per account seen, sorted by id; numeric columns are `LedgerFeature.allCases` in
    /// order (values from each case's `definition`), plus `payment_method` when any invoice on or before `asOf` had that column.
    public func table() -> AccountTable {
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        let definitions = LedgerFeature.allCases.map(\.definition)
        let names = definitions.map(\.feature.rawValue)
        var values = Matrix(rows: order.count, columns: names.count)
        var rowMethods: [String] = []
        if hasMethod { rowMethods.reserveCapacity(order.count) }
        for (row, index) in order.enumerated() {
            let a = accounts[index]
            for (j, definition) in definitions.enumerated() { values[row, j] = definition.value(a) }
            if hasMethod { rowMethods.append(a.method >= 0 ? methods[Int(a.method)] : "") }
        }
        let categorical = hasMethod
            ? [AccountTable.CategoricalColumn(name: AccountAttribute.paymentMethod, values: rowMethods)] : []
        return AccountTable(ids: order.map { ids[$0] }, numericNames: names, values: values,
                            categoricalColumns: categorical)
    }
}
