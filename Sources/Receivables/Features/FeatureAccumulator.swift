import Dispatch
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

    /// Account ids, their indices and totals (copied before a shared one is mutated), for the
    /// invoices added as `Invoice`s.
    private var store = AccountStore()
    /// The accounts of the column batches (`add(_ columns:)`), split by account hash into
    /// `columnPartitionCount` stores (created at the first batch): each is updated by its own
    /// task. An accumulator takes either invoices or column batches, never both.
    private var columnStores: [AccountStore] = []
    /// How many stores the column batches' accounts are split into: fixed, so that no result
    /// depends on the number of cores (none would: each account is in one store and sees its
    /// invoices in file order), and small, since each store's last block of 2^16 accounts is
    /// allocated whole (12 MB).
    let columnPartitionCount: Int
    /// Rows of column batches added so far (the file-order number of the next one).
    private var columnRowsAdded = 0
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
        self.init(asOf: asOf, hasDisputes: hasDisputes, hasCredits: hasCredits, tallied: tallied, columnPartitions: 4)
    }

    /// `init(asOf:hasDisputes:hasCredits:tallied:)` with the number of column stores given
    /// (tests show that it does not change the result).
    init(asOf: CalendarDay, hasDisputes: Bool = true, hasCredits: Bool = false, tallied: [String] = [], columnPartitions: Int) {
        precondition(columnPartitions >= 1)
        columnPartitionCount = columnPartitions
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
    /// `add(contentsOf:)` on the same rows as `Invoice`s, without making them.
    ///
    /// The accounts are split by hash into `columnPartitionCount` stores, each updated by one
    /// task (on all cores) that walks the batch in file order and takes its own rows: every
    /// account still sees its invoices in file order, so every sum is the same, bit for bit, as
    /// on one thread. Measured (issue 16, 1M customers, 24.7M invoices): one thread folding every
    /// row into the accounts (a random 192-byte record per row) kept the second core idle part
    /// of the time while the reader waited for it.
    mutating func add(_ columns: InvoiceColumns) {
        let rows = columns.count
        guard rows > 0 else { return }
        precondition(tallies.isEmpty && store.count == 0 && pendingCredit.isEmpty,
                     "an accumulator takes either invoices or column batches, never both")
        if columnStores.isEmpty { columnStores = (0..<columnPartitionCount).map { _ in AccountStore() } }
        for p in columnStores.indices where !isKnownUniquelyReferenced(&columnStores[p]) {
            columnStores[p] = columnStores[p].copy()
        }
        // The batch's method indices in this accumulator's (interned once per batch).
        let methodIndex = columns.methodNames.map { intern($0) }
        let firstRow = columnRowsAdded
        columnRowsAdded += rows
        let partitions = columnPartitionCount
        var outcomes = [PartitionOutcome](repeating: PartitionOutcome(), count: partitions)
        outcomes.withUnsafeMutableBufferPointer { outcomes in
            // Shared without Sendable checking, safely: task `p` reads the batch and writes only
            // store `p` and `outcomes[p]`; concurrentPerform returns after every task has ended.
            nonisolated(unsafe) let outcomes = outcomes, columns = columns
            let stores = columnStores
            let asOf = asOf
            DispatchQueue.concurrentPerform(iterations: partitions) { p in
                outcomes[p] = Self.accumulate(columns, partition: p, of: partitions, into: stores[p], asOf: asOf,
                                              methodIndex: methodIndex, firstRow: firstRow)
            }
        }
        for outcome in outcomes {
            futureInvoiceCount += outcome.future
            if outcome.sawMethod { hasMethod = true }
            touchedSink &+= outcome.touched
        }
    }

    /// What one partition's task saw in a batch: invoices after as-of, whether any invoice on
    /// or before it had a payment-method cell, and the sum of the loads made ahead.
    private struct PartitionOutcome {
        var future = 0
        var sawMethod = false
        var touched = 0
    }

    /// The store (of `count`) that holds the account whose `AccountStore.hash` is `hash`: a
    /// multiply-shift of bits the store's own slot position (the top bits of another product)
    /// does not depend on in the same way.
    @inline(__always)
    static func partition(ofHash hash: UInt64, count: Int) -> Int {
        Int(truncatingIfNeeded: (((hash &* 0xD6E8_FEB8_6659_FD93) >> 32) &* UInt64(count)) >> 32)
    }

    /// Folds the rows of `columns` whose account falls in `partition` (of `count`) into `store`,
    /// in file order; `methodIndex` maps the batch's methods to the accumulator's, `firstRow`
    /// is the file-order number of the batch's first row (an account's first-seen order).
    /// Grouped: the partition's rows are listed first, then for a group of them their slots,
    /// then their accounts are loaded before the adds, so that the random loads of a group
    /// (tables of 16 and 192 MB at 1M accounts) overlap instead of queuing.
    private static func accumulate(_ columns: InvoiceColumns, partition: Int, of count: Int, into store: AccountStore,
                                   asOf: CalendarDay, methodIndex: [Int32], firstRow: Int) -> PartitionOutcome {
        var outcome = PartitionOutcome()
        let asOfDay = Int32(clamping: asOf.daysSinceEpoch)
        var own: [Int32] = []
        own.reserveCapacity(columns.count / count + columns.count / (4 * count) + 16)
        columns.accountHashes.withUnsafeBufferPointer { hashes in
            if count == 1 {
                own.append(contentsOf: 0..<Int32(hashes.count))
            } else {
                for i in hashes.indices where Self.partition(ofHash: hashes[i], count: count) == partition { own.append(Int32(i)) }
            }
        }
        let group = 16
        var candidates = [Int](repeating: 0, count: group)
        columns.longAccountBytes.withUnsafeBufferPointer { bytes in
            columns.longAccountEnds.withUnsafeBufferPointer { ends in
                var start = 0
                while start < own.count {
                    let end = min(start + group, own.count)
                    var touched = 0
                    for k in 0..<(end - start) { candidates[k] = store.candidate(columns.accountHashes[Int(own[start + k])]) }
                    for k in 0..<(end - start) {
                        let candidate = candidates[k]
                        if candidate >= 0 {
                            let totals = store[candidate]
                            touched &+= store.touchKey(candidate) &+ totals.pointee.count
                                &+ totals.pointee.lateSum &+ totals.pointee.methodDay
                        }
                    }
                    outcome.touched &+= touched
                    for k in start..<end {
                        let i = Int(own[k])
                        let day = columns.invoiceDays[i]
                        guard day <= asOfDay else { outcome.future += 1; continue }
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
                            // Column batches hold no credit memos: no pending credit to take over.
                            index = key.isLong ? store.insert(bytes: long(), hash: hash, totals: AccountTotals(), firstSeen: firstRow + i)
                                : key.withShortBytes { store.insert(bytes: $0, hash: hash, totals: AccountTotals(), firstSeen: firstRow + i) }
                        }
                        var method: Int32 = -1
                        let m = columns.methods[i]
                        if m != InvoiceColumns.noMethodColumn {
                            outcome.sawMethod = true
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
        return outcome
    }

    private mutating func uniqueStore() {
        if !isKnownUniquelyReferenced(&store) { store = store.copy() }
    }

    /// `add(_:)` with the account id's `AccountStore.hash` given; `store` is not shared.
    @inline(__always)
    private mutating func add(_ invoice: Invoice, hash: UInt64) {
        precondition(columnStores.isEmpty, "an accumulator takes either invoices or column batches, never both")
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
    public var accountCount: Int { allStores.reduce(0) { $0 + $1.count } }

    /// The invoice store, then the column stores (one of the two kinds is empty).
    private var allStores: [AccountStore] { [store] + columnStores }

    /// Accounts with credit memos on or before `asOf` but no invoice: they get no row.
    public var creditOnlyAccountCount: Int { pendingCredit.count }

    /// Invoices whose payments by `asOf` exceed their amount (the excess is unapplied credit).
    public var overpaidInvoiceCount: Int {
        allStores.reduce(0) { sum, store in (0..<store.count).reduce(sum) { $0 + store[$1].pointee.overpaid } }
    }

    /// The ledger features included for this ledger, in output order.
    public var features: [LedgerFeature] {
        LedgerFeature.allCases.filter { $0.isIncluded(hasDisputes: hasDisputes, hasCredits: hasCredits) }
    }

    /// One row per account seen, sorted by id; numeric columns are the included
    /// `LedgerFeature`s in order (values from each case's `definition`), then the categorical
    /// columns: `payment_method` when any invoice on or before `asOf` had that column, then the
    /// tallied columns (most frequent value; a tie goes to the value first in code-point order).
    public func table() -> AccountTable {
        // Every account as (store, index), in the order each was first seen in the file: the
        // invoice store's own order, or the column stores' accounts merged by first-seen row. The
        // sort by id then gets the same sequence as from one store, so ids that compare equal
        // (canonically equivalent spellings, distinct accounts) keep the same order.
        var accounts: [(store: Int32, index: Int32)] = []
        let stores = allStores
        accounts.reserveCapacity(accountCount)
        var next = [Int](repeating: 0, count: stores.count)
        while true {
            var best = -1, bestSeen = Int.max
            for s in stores.indices where next[s] < stores[s].count {
                let seen = stores[s].firstSeen(next[s])
                if seen < bestSeen { best = s; bestSeen = seen }
            }
            guard best >= 0 else { break }
            // Runs of the same store are taken in one go.
            let store = stores[best]
            var limit = Int.max
            for s in stores.indices where s != best && next[s] < stores[s].count { limit = min(limit, stores[s].firstSeen(next[s])) }
            while next[best] < store.count, store.firstSeen(next[best]) < limit {
                accounts.append((Int32(best), Int32(next[best])))
                next[best] += 1
            }
        }
        var ids = accounts.map { stores[Int($0.store)].id($0.index) }
        let order = ids.indices.sorted { ids[$0] < ids[$1] }
        let definitions = features.map(\.definition)
        let names = definitions.map(\.feature.rawValue)
        let width = names.count, rowCount = order.count
        var storage = [Double](repeating: 0, count: rowCount * width)
        var rowMethods = [Int32](repeating: -1, count: hasMethod ? rowCount : 0)
        // The values of rows in parts on all cores (each row's from its totals alone).
        storage.withUnsafeMutableBufferPointer { values in
            rowMethods.withUnsafeMutableBufferPointer { methods in
                // Shared without Sendable checking, safely: part `p` writes only its rows'
                // values and methods; concurrentPerform returns after every part has ended.
                nonisolated(unsafe) let values = values, methods = methods
                let order = order, accounts = accounts, stores = stores
                let parts = rowCount >= 1 << 14 ? 16 : 1
                let valueFunctions = definitions.map(\.value)
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    for row in (rowCount * part / parts)..<(rowCount * (part + 1) / parts) {
                        let account = accounts[order[row]]
                        let a = stores[Int(account.store)][Int(account.index)].pointee
                        for j in 0..<width { values[row * width + j] = valueFunctions[j](a) }
                        if !methods.isEmpty { methods[row] = a.method }
                    }
                }
            }
        }
        var categorical: [AccountTable.CategoricalColumn] = []
        // Tallies exist only with invoices, all in the invoice store (store 0): the index is theirs.
        for (k, name) in tallyNames.enumerated() {
            categorical.append(AccountTable.CategoricalColumn(name: name, values: order.map {
                Self.mostFrequent(tallies[k][Int(accounts[$0].index)])
            }))
        }
        // Memory (10M accounts, next to the stores and the matrix): the list of accounts goes
        // before the text columns are made, and the ids are put in row order in place rather
        // than copied (each array is 80-160 MB).
        accounts = []
        Self.permute(&ids, to: order)
        if hasMethod {
            categorical.insert(AccountTable.CategoricalColumn(name: AccountAttribute.paymentMethod,
                                                              values: rowMethods.map { $0 >= 0 ? methods[Int($0)] : "" }), at: 0)
        }
        return AccountTable(ids: ids, numericNames: names, values: Matrix(rows: rowCount, columns: width, storage: storage),
                            categoricalColumns: categorical)
    }

    /// Rearranges `values` in place so that position `i` holds what was at `order[i]` (`order` a
    /// permutation of the indices), following each cycle once.
    static func permute<T>(_ values: inout [T], to order: [Int]) {
        precondition(order.count == values.count)
        var placed = [Bool](repeating: false, count: values.count)
        for start in values.indices where !placed[start] {
            let first = values[start]
            var position = start
            while true {
                placed[position] = true
                let source = order[position]
                if source == start { values[position] = first; break }
                values[position] = values[source]
                position = source
            }
        }
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
