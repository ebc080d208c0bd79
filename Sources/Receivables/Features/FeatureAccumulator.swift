import NumericCore
import Tabular

/// The running state behind `FeatureBuilder`: one small record per account, updated invoice
/// by invoice in file order, so a ledger of any length is reduced in memory proportional to
/// its accounts, never to its invoices.
///
/// Every sum is accumulated per account in file order, so the features do not depend on how the
/// ledger was chunked. Memory: per account its id, 11-21 bytes of map slot and one
/// `AccountTotals` record (184 bytes; the latest payment method as a 4-byte index into the
/// distinct methods), all in `AccountStore`, plus, only for ledgers with a `currency` column or extra categorical columns, a
/// small tally per account and column. The features themselves are computed from the totals
/// by `LedgerFeature.definition`.
public struct FeatureAccumulator: Sendable {
    public let asOf: CalendarDay
    /// Which optional features exist (see `LedgerFeature.isIncluded`).
    public let hasDisputes: Bool, hasCredits: Bool
    /// Invoices (and credit memos) dated after `asOf` (ignored).
    public private(set) var futureInvoiceCount = 0

    /// Account ids, their indices and totals (copied before a shared one is mutated).
    private var store = AccountStore()
    /// Receives the look-ahead loads of `add(contentsOf:)` so they are not optimised away.
    private var touchedSink = 0
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
        uniqueStore()
        add(invoice, hash: AccountStore.hash(invoice.accountId))
    }

    /// Adds `invoices` in order, as `add(_:)` one by one, a group at a time: the group's
    /// account slots are loaded first, then the accounts they name, then each invoice is added,
    /// so the random accesses of a group (three per invoice into tables of 16 and 184 MB at 1M
    /// accounts) overlap instead of queuing one after the other.
    public mutating func add(contentsOf invoices: [Invoice]) {
        uniqueStore()
        let group = 16
        var hashes = [UInt64](repeating: 0, count: group), candidates = [Int](repeating: 0, count: group)
        var start = 0
        while start < invoices.count {
            let end = min(start + group, invoices.count)
            var touched = 0
            // Tight loops of independent loads, so the processor has all of a group's in flight.
            for i in start..<end { hashes[i - start] = AccountStore.hash(invoices[i].accountId) }
            for k in 0..<(end - start) { candidates[k] = store.candidate(hashes[k]) }
            for k in 0..<(end - start) {
                let candidate = candidates[k]
                if candidate >= 0 {
                    let totals = store[candidate]
                    touched &+= store.touchKey(candidate) &+ totals.pointee.count &+ totals.pointee.lateSum
                        &+ totals.pointee.methodDay
                }
            }
            touchedSink &+= touched
            for i in start..<end { add(invoices[i], hash: hashes[i - start]) }
            start = end
        }
    }

    /// Adds a batch's invoices given as columns (`InvoiceColumns`: a canonical ledger, so
    /// invoices only, no payments, currency or tallied columns), in order: the same totals as
    /// `add(contentsOf:)` on the same rows as `Invoice`s, without making them. Grouped as there:
    /// the account ids' hashes come from the checker, then a group's slots, then its accounts
    /// are loaded before the adds.
    mutating func add(_ columns: InvoiceColumns) {
        let rows = columns.count
        guard rows > 0 else { return }
        precondition(tallies.isEmpty, "column batches hold no tallied columns")
        uniqueStore()
        // The batch's method indices in this accumulator's (interned once per batch).
        let methodIndex = columns.methodNames.map { intern($0) }
        let asOfDay = Int32(clamping: asOf.daysSinceEpoch)
        let group = 16
        var candidates = [Int](repeating: 0, count: group)
        columns.longAccountBytes.withUnsafeBufferPointer { bytes in
            columns.longAccountEnds.withUnsafeBufferPointer { ends in
                var start = 0
                while start < rows {
                    let end = min(start + group, rows)
                    var touched = 0
                    for k in 0..<(end - start) { candidates[k] = store.candidate(columns.accountHashes[start + k]) }
                    for k in 0..<(end - start) {
                        let candidate = candidates[k]
                        if candidate >= 0 {
                            let totals = store[candidate]
                            touched &+= store.touchKey(candidate) &+ totals.pointee.count
                                &+ totals.pointee.lateSum &+ totals.pointee.methodDay
                        }
                    }
                    touchedSink &+= touched
                    for i in start..<end {
                        let day = columns.invoiceDays[i]
                        guard day <= asOfDay else { futureInvoiceCount += 1; continue }
                        let key = columns.accountKeys[i]
                        let hash = columns.accountHashes[i]
                        let long = {
                            let from = i == 0 ? 0 : Int(ends[i - 1])
                            return UnsafeBufferPointer(rebasing: bytes[from..<Int(ends[i])])
                        }
                        let index: Int
                        if let known = store.index(of: key, hash: hash, long: long) {
                            index = known
                        } else {
                            var totals = AccountTotals()
                            if !pendingCredit.isEmpty,
                               let credit = pendingCredit.removeValue(forKey: columns.withAccount(i) { String(decoding: $0, as: UTF8.self) }) {
                                totals.unappliedCredit = credit
                            }
                            index = key.isLong ? store.insert(bytes: long(), hash: hash, totals: totals)
                                : key.withShortBytes { store.insert(bytes: $0, hash: hash, totals: totals) }
                        }
                        var method: Int32 = -1
                        let m = columns.methods[i]
                        if m != InvoiceColumns.noMethodColumn {
                            hasMethod = true
                            if m >= 0 { method = methodIndex[Int(m)] }
                        }
                        let paid = columns.paidDays[i]
                        let amount = columns.amounts[i]
                        let settled = Invoice.settlementDate(
                            paidDate: paid == InvoiceColumns.noPaidDay ? nil : CalendarDay(daysSinceEpoch: Int(paid)), at: asOf)
                        // Without payments an open invoice is open for all of its amount (`Invoice.openAmount(at:)`).
                        store[index].pointee.add(asOf: asOf, invoiceDate: CalendarDay(daysSinceEpoch: Int(day)),
                                                 dueDate: CalendarDay(daysSinceEpoch: Int(columns.dueDays[i])), amount: amount,
                                                 disputed: columns.disputed[i] != 0, settled: settled, open: amount, method: method)
                    }
                    start = end
                }
            }
        }
    }

    private mutating func uniqueStore() {
        if !isKnownUniquelyReferenced(&store) { store = store.copy() }
    }

    /// `add(_:)` with the account id's `AccountStore.hash` given; `store` is not shared.
    @inline(__always)
    private mutating func add(_ invoice: Invoice, hash: UInt64) {
        guard invoice.invoiceDate <= asOf else { futureInvoiceCount += 1; return }
        if invoice.kind == .creditMemo {
            if let index = store.index(of: invoice.accountId, hash: hash) {
                store[index].pointee.addCredit(asOf: asOf, invoice)
            } else if invoice.isOpen(at: asOf) {
                pendingCredit[invoice.accountId, default: 0] += invoice.amount
            } else {
                pendingCredit[invoice.accountId, default: 0] += 0
            }
            return
        }
        let index: Int
        if let known = store.index(of: invoice.accountId, hash: hash) {
            index = known
        } else {
            var totals = AccountTotals()
            if let credit = pendingCredit.removeValue(forKey: invoice.accountId) { totals.unappliedCredit = credit }
            index = store.insert(invoice.accountId, hash: hash, totals: totals)
            for k in tallies.indices { tallies[k].append([:]) }
        }
        var methodIndex: Int32 = -1
        if let paymentMethod = invoice.paymentMethod {
            hasMethod = true
            if !paymentMethod.isEmpty { methodIndex = intern(paymentMethod) }
        }
        store[index].pointee.add(asOf: asOf, invoice, method: methodIndex)
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
        // Ledgers have a handful of methods: a scan of the first few spares hashing the text.
        for k in 0..<min(methods.count, 8) where methods[k] == method { return Int32(k) }
        if let known = indexOfMethod[method] { return known }
        let index = Int32(methods.count)
        methods.append(method)
        indexOfMethod[method] = index
        return index
    }

    /// Number of accounts with an invoice on or before `asOf` so far.
    public var accountCount: Int { store.count }

    /// Accounts with credit memos on or before `asOf` but no invoice: they get no row.
    public var creditOnlyAccountCount: Int { pendingCredit.count }

    /// Invoices whose payments by `asOf` exceed their amount (the excess is unapplied credit).
    public var overpaidInvoiceCount: Int { (0..<store.count).reduce(0) { $0 + store[$1].pointee.overpaid } }

    /// The ledger features included for this ledger, in output order.
    public var features: [LedgerFeature] {
        LedgerFeature.allCases.filter { $0.isIncluded(hasDisputes: hasDisputes, hasCredits: hasCredits) }
    }

    /// One row per account seen, sorted by id; numeric columns are the included
    /// `LedgerFeature`s in order (values from each case's `definition`), then the categorical
    /// columns: `payment_method` when any invoice on or before `asOf` had that column, then the
    /// tallied columns (most frequent value; a tie goes to the value first in code-point order).
    public func table() -> AccountTable {
        let ids = store.ids
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        let definitions = features.map(\.definition)
        let names = definitions.map(\.feature.rawValue)
        var values = Matrix(rows: order.count, columns: names.count)
        var rowMethods: [String] = []
        if hasMethod { rowMethods.reserveCapacity(order.count) }
        for (row, index) in order.enumerated() {
            let a = store[index].pointee
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
