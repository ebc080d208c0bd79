import Foundation
import NumericCore
import TestSupport
import Testing
import Tabular
@testable import Receivables

/// The parts of the ledger path made for speed (issue 16) give the results of the plain
/// rules: the ordered invoice-id check and its fallback, chunks checked in two halves, and the
/// account table behind the accumulator.
@Suite struct LedgerReaderSpeedPathTests {
    private let header = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,payment_method\n"

    /// `count` rows; row r has invoice id `ids(r)` and account `C(r % 97)`.
    private func ledger(_ count: Int, ids: (Int) -> String, cell: (Int) -> String = { _ in "5" }) -> String {
        header + (0..<count).map { r in "C\(r % 97),\(ids(r)),2024-01-01,2024-01-31,\(cell(r)),,no,ACH" }.joined(separator: "\n") + "\n"
    }

    /// Ids in shortlex order (`I9 < I10`) never reach the hash: a hash that says "seen" to
    /// every id would report each row if it were asked.
    @Test func increasingIdsNeedNoHashes() throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("l.csv", ledger(20_000, ids: { "I\($0)" }))
        var count = 0
        try LedgerReader.forEachInvoice(path: path, columns: LedgerColumns(), dateFormat: .iso, chunkSize: 1 << 14,
                                        idHash: { _ in 7 }) { _ in count += 1 }
        #expect(count == 20_000)
    }

    /// Ids out of order early (no duplicate), then a duplicate of a row before that point: the
    /// fallback reads the earlier rows' ids again and the first line is still named.
    @Test(arguments: [64, 1 << 12, 1 << 20])
    func fallbackFindsDuplicatesOfEarlierRows(chunkSize: Int) throws {
        let dir = try ScratchDirectory()
        // Rows 0-9 increase, row 10 goes back (A1 < I9), row 300 repeats row 4.
        let ids: (Int) -> String = { r in r == 10 ? "A1" : r == 300 ? "I4" : "I\(r)" }
        let path = try dir.write("dup.csv", ledger(400, ids: ids))
        let error = errorDescription { try LedgerReader.forEachInvoice(path: path, chunkSize: chunkSize) { _ in } }
        #expect(error == "\(path):302:invoice_id: duplicate invoice id, first seen on line 6 (I4)")
        let clean = try dir.write("clean.csv", ledger(400, ids: { r in r == 10 ? "A1" : "I\(r)" }))
        var count = 0
        try LedgerReader.forEachInvoice(path: clean, chunkSize: chunkSize) { _ in count += 1 }
        #expect(count == 400)
    }

    /// A chunk of 8192 rows or more is checked in two halves: the first problem in file order
    /// is reported whichever half holds it, and the invoices are the one-half reading's.
    @Test func halvesReportTheFirstProblemInFileOrder() throws {
        let dir = try ScratchDirectory()
        let rows = 30_000
        let plain = try dir.write("plain.csv", ledger(rows, ids: { "I\($0)" }))
        var big: [Invoice] = [], small: [Invoice] = []
        try LedgerReader.forEachInvoice(path: plain) { big.append($0) }
        try LedgerReader.forEachInvoice(path: plain, chunkSize: 1 << 12) { small.append($0) }
        #expect(big.count == rows)
        #expect(big == small)
        // Bad amounts in both halves of the one chunk: the earlier wins.
        let both = try dir.write("both.csv", ledger(rows, ids: { "I\($0)" }, cell: { $0 == 25_000 || $0 == 9_000 ? "x\($0)" : "5" }))
        #expect(errorDescription { try LedgerReader.forEachInvoice(path: both) { _ in } }?.hasPrefix("\(both):9002:amount:") == true)
        // Only in the second half.
        let second = try dir.write("second.csv", ledger(rows, ids: { "I\($0)" }, cell: { $0 == 25_000 ? "x" : "5" }))
        #expect(errorDescription { try LedgerReader.forEachInvoice(path: second) { _ in } }?.hasPrefix("\(second):25002:amount:") == true)
        // A duplicate in the second half and a bad amount after it.
        let duplicate = try dir.write("dup.csv", ledger(rows, ids: { $0 == 20_000 ? "I3" : "I\($0)" },
                                                         cell: { $0 == 29_000 ? "x" : "5" }))
        #expect(errorDescription { try LedgerReader.forEachInvoice(path: duplicate) { _ in } }
            == "\(duplicate):20002:invoice_id: duplicate invoice id, first seen on line 5 (I3)")
    }

    /// The account table across blocks and doublings: indices in first-insertion order, totals
    /// kept, and a copy independent of the original.
    @Test func accountStoreKeepsEveryAccount() {
        let store = AccountStore()
        let ids = (0..<150_000).map { "acct-\($0 * 7919 % 150_000)" }
        for (k, id) in ids.enumerated() {
            let hash = AccountStore.hash(id)
            #expect(store.index(of: id, hash: hash) == nil)
            var totals = AccountTotals()
            totals.count = k
            #expect(store.insert(id, hash: hash, totals: totals) == k)
        }
        #expect(store.ids == ids)
        #expect(ids.indices.allSatisfy { store.index(of: ids[$0], hash: AccountStore.hash(ids[$0])) == $0 })
        #expect(ids.indices.allSatisfy { store[$0].pointee.count == $0 })
        #expect(store.index(of: "acct-x", hash: AccountStore.hash("acct-x")) == nil)
        let copy = store.copy()
        store[5].pointee.count = -1
        #expect(copy[5].pointee.count == 5)
        #expect(copy.ids == ids)
    }

    /// Invoices added a chunk at a time or one by one give the same bits; a copied accumulator
    /// is a value (its store is copied before either is changed).
    @Test func groupedAddsEqualSingleAddsAndCopiesAreValues() {
        let asOf = CalendarDay(year: 2024, month: 6, day: 30)!
        var rng = SplitMix64(seed: 9)
        let invoices = (0..<5000).map { i in
            let issued = asOf + (rng.nextInt(below: 500) - 450)
            return Invoice(accountId: "A\(rng.nextInt(below: 700))", invoiceId: "I\(i)", invoiceDate: issued,
                           dueDate: issued + 30, amount: Double(rng.nextInt(below: 1_000_000)) / 100,
                           paidDate: rng.nextUniform() < 0.4 ? nil : issued + rng.nextInt(below: 90),
                           disputed: rng.nextUniform() < 0.1, paymentMethod: ["ACH", "wire", ""][rng.nextInt(below: 3)],
                           kind: rng.nextUniform() < 0.05 ? .creditMemo : .invoice)
        }
        var single = FeatureAccumulator(asOf: asOf, hasCredits: true), grouped = FeatureAccumulator(asOf: asOf, hasCredits: true)
        for invoice in invoices { single.add(invoice) }
        grouped.add(contentsOf: Array(invoices[..<1234]))
        let snapshot = grouped
        grouped.add(contentsOf: Array(invoices[1234...]))
        let a = single.table(), b = grouped.table()
        #expect(a.ids == b.ids)
        #expect((0..<a.rowCount).allSatisfy { r in (0..<a.numericNames.count).allSatisfy { a.values[r, $0].bitPattern == b.values[r, $0].bitPattern } })
        #expect(a.categorical[AccountAttribute.paymentMethod] == b.categorical[AccountAttribute.paymentMethod])
        #expect(single.creditOnlyAccountCount == grouped.creditOnlyAccountCount)
        var partial = FeatureAccumulator(asOf: asOf, hasCredits: true)
        for invoice in invoices[..<1234] { partial.add(invoice) }
        #expect(snapshot.table().ids == partial.table().ids)
        #expect(snapshot.accountCount == partial.accountCount)
    }
}
