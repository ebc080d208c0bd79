import Foundation
import TestSupport
import Testing
import Tabular
@testable import Receivables

/// The features path's column batch (`InvoiceColumns`, issue 16) holds the same invoices as the
/// `Invoice` path of the one row checker, and the accumulator reads the same totals from it.
@Suite struct LedgerColumnBatchTests {
    /// Rows with short, long (over 15 bytes), non-ASCII (precomposed and decomposed) and quoted
    /// account ids; empty, quoted and several methods; flags in several spellings; paid dates
    /// empty, before and after as-of; invoices after as-of.
    /// With `spread` > 1, account ids (other than the two spellings of `Café`) get one of `spread`
    /// suffixes, for many accounts.
    private func ledger(_ count: Int, spread: Int = 1) -> String {
        let accounts = ["C1", "C22", "ACCOUNT-WITH-A-LONG-ID-0001", "Caf\u{E9}", "Cafe\u{301}", "\"C,5\"", "C1234567890ABCDE", "C1234567"]
        let methods = ["ACH", "", "\"wire, intl\"", "card", "check"]
        let flags = ["no", "yes", "0", "1", "TRUE", "False"]
        var rows = ["account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,payment_method"]
        for r in 0..<count {
            let day = 1 + r % 28, month = 1 + (r / 28) % 12
            let issued = String(format: "2024-%02d-%02d", month, day)
            let due = String(format: "2024-%02d-%02d", min(12, month + 1), day)
            let paid = r % 3 == 0 ? "" : String(format: "2025-%02d-%02d", 1 + r % 12, day)
            let future = r % 17 == 0 ? "2026-01-01" : issued
            var account = accounts[r % accounts.count]
            if spread > 1, !account.hasPrefix("Caf") { account = account.hasPrefix("\"") ? "\"C,5-\(r % spread)\"" : "\(account)-\(r % spread)" }
            rows.append("\(account),I\(r),\(future),\(r % 17 == 0 ? "2026-02-01" : due),\(r % 101).5,\(r % 17 == 0 ? "" : paid),"
                        + "\(flags[r % flags.count]),\(methods[(r / 3) % methods.count])")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [1 << 12, 1 << 20])
    func columnsHoldTheInvoicesAndGiveTheSameFeatures(chunkSize: Int) throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("l.csv", ledger(20_000))
        let source = LedgerReadOptions()
        var invoices: [Invoice] = [], fromColumns: [Invoice] = []
        let asOf = CalendarDay(year: 2025, month: 6, day: 30)!
        var byInvoice = FeatureAccumulator(asOf: asOf), byColumns = FeatureAccumulator(asOf: asOf)
        try LedgerReader.forEachChunk(path: path, source: source, chunkSize: chunkSize) { batch in
            #expect(batch.columns.count == 0)
            invoices += batch.invoices
            byInvoice.add(contentsOf: batch.invoices)
        }
        try LedgerReader.forEachChunk(path: path, source: source, chunkSize: chunkSize, columns: true) { batch in
            #expect(batch.invoices.isEmpty)
            fromColumns += (0..<batch.columns.count).map { batch.columns.invoice(at: $0) }
            byColumns.add(batch.columns)
        }
        #expect(invoices.count == 20_000)
        #expect(invoices.map { var i = $0; i.invoiceId = ""; return i } == fromColumns)
        #expect(byInvoice.table() == byColumns.table())
        #expect(byInvoice.futureInvoiceCount == byColumns.futureInvoiceCount)
    }

    /// The columns in error mode check invoice ids on the cells' bytes (no `String` per row):
    /// the same result and the same first error as the `Invoice` path for quoted, non-ASCII and
    /// long ids, a repeat after increasing ids, ids out of order (the hashed fallback, read
    /// again from the file), an empty id, and across chunk boundaries.
    @Test(arguments: [1 << 10, 1 << 20])
    func columnsCheckInvoiceIdsOnBytes(chunkSize: Int) throws {
        let dir = try ScratchDirectory()
        let header = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,payment_method"
        func row(_ id: String, _ k: Int) -> String { "C\(k % 13),\(id),2024-01-05,2024-02-05,\(k).25,,no,ACH" }
        // 20,000 rows: chunks of 1 MiB hold more than 8192 rows, so the id check runs beside the
        // cell checks in parts (and the parts run again after a hit).
        let n = 20_000
        let increasing = (0..<n).map { String(format: "INV%06d", $0) }
        let cases: [(String, [String])] = [
            ("increasing", increasing),
            ("quoted and non-ASCII", increasing.prefix(15_000) + ["\"INV,15000\"", "INV\u{E9}15001", "\"INV\"\"15002\""]
                + increasing.suffix(n - 15_003).map { "Z" + $0 }),
            ("repeat", increasing.prefix(12_500) + ["INV000017"] + increasing.suffix(n - 12_501)),
            ("early repeat", increasing.prefix(300) + ["INV000017"] + increasing.suffix(n - 301)),
            ("quoted repeat", increasing.prefix(10_000) + ["\"INV000100\""] + increasing.suffix(n - 10_001)),
            ("out of order", increasing.prefix(1000) + increasing.suffix(n - 1000).reversed()),
            ("out of order, then a repeat", increasing.prefix(1000) + increasing.suffix(n - 1001).reversed() + ["INV000500"]),
            ("repeat after a bad cell", increasing.prefix(12_000) + ["INV011000"] + increasing.suffix(n - 12_001)),
            ("empty", increasing.prefix(12_200) + [""] + increasing.suffix(n - 12_201)),
            ("long ids", (0..<n).map { "INVOICE-WITH-A-LONG-NUMBER-\(100_000 + $0)" }),
        ]
        for (name, ids) in cases {
            var rows = ids.enumerated().map { row($1, $0) }
            if name == "repeat after a bad cell" { rows[11_500] = rows[11_500].replacingOccurrences(of: ",no,", with: ",maybe,") }
            let path = try dir.write("\(name).csv", ([header] + rows).joined(separator: "\n") + "\n")
            var plainCount = 0, columnCount = 0
            let plain = errorDescription {
                try LedgerReader.forEachChunk(path: path, source: LedgerReadOptions(), chunkSize: chunkSize) { plainCount += $0.invoices.count }
            }
            let columns = errorDescription {
                try LedgerReader.forEachChunk(path: path, source: LedgerReadOptions(), chunkSize: chunkSize, columns: true) {
                    columnCount += $0.columns.count
                }
            }
            #expect(plain == columns, "\(name)")
            #expect(plainCount == columnCount, "\(name)")
            let fails = name.contains("repeat") || name == "empty"
            if name == "repeat after a bad cell" { #expect(plain?.contains("maybe") == true, "\(plain ?? "")") }
            #expect((plain != nil) == fails, "\(name): \(plain ?? "no error")")
        }
    }

    /// The column batches' accounts are split by hash into stores updated by one task each: the
    /// table (values bit for bit, row order, ids that are equal as `String`s but distinct
    /// accounts, methods) is the one the invoice path gives with one store, whatever the number
    /// of stores, and copying the accumulator between batches copies its stores.
    @Test(arguments: [1, 2, 3, 4, 7])
    func columnStoresGiveTheSameTableWhateverTheirNumber(partitions: Int) throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("l.csv", ledger(30_000, spread: 1009))
        let asOf = CalendarDay(year: 2025, month: 6, day: 30)!
        var byInvoice = FeatureAccumulator(asOf: asOf)
        try LedgerReader.forEachChunk(path: path, source: LedgerReadOptions(), chunkSize: 1 << 14) { byInvoice.add(contentsOf: $0.invoices) }
        var byColumns = FeatureAccumulator(asOf: asOf, columnPartitions: partitions)
        var snapshot: FeatureAccumulator?
        var batches = 0
        try LedgerReader.forEachChunk(path: path, source: LedgerReadOptions(), chunkSize: 1 << 14, columns: true) { batch in
            byColumns.add(batch.columns)
            batches += 1
            if batches == 3 { snapshot = byColumns }
        }
        #expect(batches > 3)
        let expected = byInvoice.table()
        let table = byColumns.table()
        #expect(table == expected)
        #expect(table.rowCount > 5_000)
        #expect(table.ids.map { Array($0.utf8) } == expected.ids.map { Array($0.utf8) })
        #expect(table.values.storage.map(\.bitPattern) == expected.values.storage.map(\.bitPattern))
        #expect(table.ids.filter { $0 == "Caf\u{E9}" }.count == 2)
        #expect(byColumns.futureInvoiceCount == byInvoice.futureInvoiceCount)
        #expect(byColumns.accountCount == byInvoice.accountCount)
        // The snapshot kept its own stores: it has the first batches' rows only.
        let early = try #require(snapshot).table()
        #expect(early.values != expected.values)
        #expect(early.rowCount <= expected.rowCount)
    }

    /// `permute` puts each position's source value there, for any permutation.
    @Test func permuteFollowsTheOrder() {
        var generator = SystemRandomNumberGenerator()
        for count in [0, 1, 2, 3, 10, 1000] {
            let values = (0..<count).map { "v\($0)" }
            for _ in 0..<5 {
                let order = Array(0..<count).shuffled(using: &generator)
                var permuted = values
                FeatureAccumulator.permute(&permuted, to: order)
                #expect(permuted == order.map { values[$0] })
            }
        }
    }

    /// Hashes spread over the stores: no store is left empty or takes most of the accounts.
    @Test func partitionsSpreadAccounts() {
        var counts = [Int](repeating: 0, count: 4)
        for k in 0..<40_000 {
            let id = "C\(String(format: "%07d", k))"
            counts[FeatureAccumulator.partition(ofHash: AccountStore.hash(id), count: 4)] += 1
        }
        #expect(counts.allSatisfy { $0 > 9_000 && $0 < 11_000 }, "\(counts)")
        #expect(MemoryLayout<AccountStore.Entry>.stride == 192)
    }

    /// The first bad cell is the same error whichever output the checker writes.
    @Test func columnsKeepTheErrorContract() throws {
        let dir = try ScratchDirectory()
        var text = ledger(20_000).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        text[15_001] = text[15_001].replacingOccurrences(of: ",I15000,", with: ",I15000,2024-02-30") // shifts: wrong date and field count
        text[9_001] = "C9,I9000,2024-01-01,2024-02-01,5,,maybe,ACH"
        let path = try dir.write("bad.csv", text.joined(separator: "\n"))
        let plain = errorDescription { try LedgerReader.forEachChunk(path: path, source: LedgerReadOptions()) { _ in } }
        let columns = errorDescription { try LedgerReader.forEachChunk(path: path, source: LedgerReadOptions(), columns: true) { _ in } }
        #expect(plain != nil)
        #expect(plain == columns)
    }
}
