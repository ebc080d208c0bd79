import NumericCore
import Tabular

/// The running state behind `FeatureBuilder`: one small record per account, updated invoice
/// by invoice in file order, so a ledger of any length is reduced in memory proportional to
/// its accounts, never to its invoices.
///
/// Every sum is accumulated per account in file order, so the features do not depend on how the
/// ledger was chunked. Memory: one dictionary entry (id -> dense index) and one `AccountTotals`
/// record (about 180 bytes; the latest payment method as a 4-byte index into the distinct methods) per
/// account, plus, only for ledgers with a `currency` column or extra categorical columns, a
/// small tally per account and column. The features themselves are computed from the totals
/// by `LedgerFeature.definition`.
public struct FeatureAccumulator: Sendable {
    public let asOf: CalendarDay
    /// Which optional features exist (see `LedgerFeature.isIncluded`).
    public let hasDisputes: Bool, hasCredits: Bool
    /// Invoices (and credit memos) dated after `asOf` (ignored).
    public private(set) var futureInvoiceCount = 0

    private var indexOfId: [String: Int] = [:]
    private var ids: [String] = []
    private var accounts: [AccountTotals] = []
    /// Distinct payment methods, interned so each account stores a 4-byte index.
    private var methods: [String] = []
    private var indexOfMethod: [String: Int32] = [:]
    /// Whether any invoice on or before `asOf` has a payment-method cell (even an empty one).
    private var hasMethod = false
    /// Categorical columns tallied per account (`currency`, then the source's extra columns):
    /// names, and per column and account the invoice count of each value.
    private let tallyNames: [String]
    private var tallies: [[[String: Int]]]
    /// Credit memos of accounts with no invoice yet, by account (most ledgers have none).
    private var pendingCredit: [String: Double] = [:]
    /// Accounts with credit memos but no invoice on or before `asOf`.
    private var creditOnlyAccounts: Set<String> = []

    /// - Parameters:
    ///   - hasDisputes: the ledger has a `disputed` column (else `dispute_rate` and
    ///     `disputed_open_balance` are left out).
    ///   - hasCredits: credit memos or overpayments can occur (adds `unapplied_credit`, `net_open_balance`).
    ///   - tallied: categorical columns per account, most frequent value over the account's
    ///     invoices (a tie to the value first in code-point order, see `mostFrequent`):
    ///     `currency` when the ledger has it, then the source's extra columns (the invoices'
    ///     `currency` and `attributes`, in this order).
    public init(asOf: CalendarDay, hasDisputes: Bool = true, hasCredits: Bool = false, tallied: [String] = []) {
        self.asOf = asOf
        self.hasDisputes = hasDisputes
        self.hasCredits = hasCredits
        tallyNames = tallied
        tallies = Array(repeating: [], count: tallied.count)
    }

    /// Adds one invoice or credit memo; call in file order (the latest payment method breaks
    /// date ties by it).
    public mutating func add(_ invoice: Invoice) {
        guard invoice.invoiceDate <= asOf else { futureInvoiceCount += 1; return }
        if invoice.kind == .creditMemo {
            if let index = indexOfId[invoice.accountId] {
                accounts[index].addCredit(asOf: asOf, invoice)
            } else if invoice.isOpen(at: asOf) {
                pendingCredit[invoice.accountId, default: 0] += invoice.amount
            } else {
                pendingCredit[invoice.accountId, default: 0] += 0
            }
            return
        }
        let index: Int
        if let known = indexOfId[invoice.accountId] {
            index = known
        } else {
            index = accounts.count
            indexOfId[invoice.accountId] = index
            ids.append(invoice.accountId)
            var totals = AccountTotals()
            if let credit = pendingCredit.removeValue(forKey: invoice.accountId) { totals.unappliedCredit = credit }
            accounts.append(totals)
            for k in tallies.indices { tallies[k].append([:]) }
        }
        var methodIndex: Int32 = -1
        if let paymentMethod = invoice.paymentMethod {
            hasMethod = true
            if !paymentMethod.isEmpty { methodIndex = intern(paymentMethod) }
        }
        accounts[index].add(asOf: asOf, invoice, method: methodIndex)
        if !tallies.isEmpty {
            let values = (invoice.currency.map { [$0] } ?? []) + invoice.attributes
            for (k, value) in values.enumerated() where k < tallies.count { tallies[k][index][value, default: 0] += 1 }
        }
    }

    /// Adds one invoice given field by field (see `Invoice` for the fields' meaning).
    public mutating func add(accountId: String, invoiceDate: CalendarDay, dueDate: CalendarDay, amount: Double,
                             paidDate: CalendarDay?, disputed isDisputed: Bool, paymentMethod: String?) {
        add(Invoice(accountId: accountId, invoiceId: "", invoiceDate: invoiceDate, dueDate: dueDate, amount: amount,
                    paidDate: paidDate, disputed: isDisputed, paymentMethod: paymentMethod))
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

    /// Accounts with credit memos on or before `asOf` but no invoice: they get no row.
    public var creditOnlyAccountCount: Int { pendingCredit.count }

    /// Invoices whose payments by `asOf` exceed their amount (the excess is unapplied credit).
    public var overpaidInvoiceCount: Int { accounts.reduce(0) { $0 + $1.overpaid } }

    /// The ledger features included for this ledger, in output order.
    public var features: [LedgerFeature] {
        LedgerFeature.allCases.filter { $0.isIncluded(hasDisputes: hasDisputes, hasCredits: hasCredits) }
    }

    /// One row per account seen, sorted by id; numeric columns are the included
    /// `LedgerFeature`s in order (values from each case's `definition`), then the categorical
    /// columns: `payment_method` when any invoice on or before `asOf` had that column, then the
    /// tallied columns (most frequent value; a tie goes to the value first in code-point order).
    public func table() -> AccountTable {
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        let definitions = features.map(\.definition)
        let names = definitions.map(\.feature.rawValue)
        var values = Matrix(rows: order.count, columns: names.count)
        var rowMethods: [String] = []
        if hasMethod { rowMethods.reserveCapacity(order.count) }
        for (row, index) in order.enumerated() {
            let a = accounts[index]
            for (j, definition) in definitions.enumerated() { values[row, j] = definition.value(a) }
            if hasMethod { rowMethods.append(a.method >= 0 ? methods[Int(a.method)] : "") }
        }
        var categorical = hasMethod
            ? [AccountTable.CategoricalColumn(name: AccountAttribute.paymentMethod, values: rowMethods)] : []
        for (k, name) in tallyNames.enumerated() {
            categorical.append(AccountTable.CategoricalColumn(name: name, values: order.map { Self.mostFrequent(tallies[k][$0]) }))
        }
        return AccountTable(ids: order.map { ids[$0] }, numericNames: names, values: values,
                            categoricalColumns: categorical)
    }

    /// The value with the largest count; a tie goes to the value first in code-point order
    /// (Unicode scalar by scalar, not a locale's collation: `B` before `a`, `z` before `é`; the
    /// order Python's `sorted` gives, which the pandas check uses). Values are Swift strings, so
    /// canonically equivalent spellings (`é` precomposed or as `e` and an accent) count as one.
    static func mostFrequent(_ counts: [String: Int]) -> String {
        counts.max { a, b in
            a.value != b.value ? a.value < b.value : b.key.unicodeScalars.lexicographicallyPrecedes(a.key.unicodeScalars)
        }?.key ?? ""
    }
}
