import Foundation
import NumericCore
import TestSupport
import Testing
import Tabular
@testable import Receivables

private let asOf = CalendarDay(year: 2024, month: 6, day: 30)!
private let header = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,payment_method\n"

/// The former whole-ledger design, kept here as the reference the streaming accumulator must
/// match to the bit: group invoice indices by account, then compute each account's features
/// from its own invoices.
private func referenceFeatures(_ invoices: [Invoice], asOf: CalendarDay) -> (ids: [String], rows: [[Double]], methods: [String]?) {
    var byAccount: [String: [Int]] = [:]
    var hasMethod = false
    for (i, invoice) in invoices.enumerated() where invoice.invoiceDate <= asOf {
        byAccount[invoice.accountId, default: []].append(i)
        if invoice.paymentMethod != nil { hasMethod = true }
    }
    let ids = byAccount.keys.sorted()
    var rows: [[Double]] = [], methods: [String] = []
    for id in ids {
        let mine = byAccount[id]!.map { invoices[$0] }
        var billed12m = 0.0, total = 0.0, disputedOpen = 0.0
        var aging = [Double](repeating: 0, count: 5)
        var maxPastDue = 0, paid = 0, late = 0, lateSum = 0, maxLate = 0, disputed = 0
        var recent = (count: 0, sum: 0), earlier = (count: 0, sum: 0)
        for invoice in mine {
            total += invoice.amount
            if asOf - invoice.invoiceDate < 365 { billed12m += invoice.amount }
            if invoice.disputed { disputed += 1 }
            if let paidDate = invoice.paidDate, paidDate <= asOf {
                let daysLate = max(0, paidDate - invoice.dueDate)
                paid += 1; lateSum += daysLate
                if daysLate > 0 { late += 1 }
                maxLate = max(maxLate, daysLate)
                if asOf - paidDate < 90 { recent.count += 1; recent.sum += daysLate } else { earlier.count += 1; earlier.sum += daysLate }
            } else {
                let pastDue = asOf - invoice.dueDate
                if invoice.disputed { disputedOpen += invoice.amount }
                let bucket = pastDue <= 0 ? 0 : pastDue <= 30 ? 1 : pastDue <= 60 ? 2 : pastDue <= 90 ? 3 : 4
                aging[bucket] += invoice.amount
                maxPastDue = max(maxPastDue, pastDue)
            }
        }
        let over30 = aging[2] + aging[3] + aging[4]
        let overdue = aging[1] + over30
        let open = aging[0] + overdue
        let trend = recent.count > 0 && earlier.count > 0
            ? Double(recent.sum) / Double(recent.count) - Double(earlier.sum) / Double(earlier.count) : 0
        let n = Double(mine.count)
        rows.append([n, billed12m, total / n, open, overdue, aging[0], aging[1], aging[2], aging[3], aging[4],
                     open > 0 ? over30 / open : 0, paid > 0 ? Double(lateSum) / Double(paid) : 0,
                     paid > 0 ? 100 * Double(late) / Double(paid) : 0, Double(maxLate), Double(disputed) / n, trend,
                     Double(maxPastDue), disputedOpen])
        if hasMethod {
            let latest = mine.enumerated().filter { !($0.element.paymentMethod ?? "").isEmpty }.max { a, b in
                (a.element.invoiceDate, a.offset) < (b.element.invoiceDate, b.offset)
            }
            methods.append(latest?.element.paymentMethod ?? "")
        }
    }
    return (ids, rows, hasMethod ? methods : nil)
}

/// A random ledger with few accounts (many invoices each), date ties, amounts with cents that
/// make sums round, invoices after as-of, payments after as-of, and empty methods.
private func randomLedger(seed: UInt64, count: Int, withMethod: Bool) -> [Invoice] {
    var rng = SplitMix64(seed: seed)
    let methods = ["ACH", "wire", "", "card"]
    return (0..<count).map { i in
        let issued = asOf + (rng.nextInt(below: 700) - 650)
        let due = issued + [0, 30, 45, 60][rng.nextInt(below: 4)]
        let paid: CalendarDay? = rng.nextUniform() < 0.3 ? nil : issued + rng.nextInt(below: 200)
        return Invoice(accountId: "A\(rng.nextInt(below: 12))", invoiceId: "I\(i)", invoiceDate: issued, dueDate: due,
                       amount: Double(rng.nextInt(below: 10_000_000)) / 100, paidDate: paid,
                       disputed: rng.nextUniform() < 0.2,
                       paymentMethod: withMethod ? methods[rng.nextInt(below: methods.count)] : nil)
    }
}

private func csv(_ invoices: [Invoice]) -> String {
    header + invoices.map { i in
        [i.accountId, i.invoiceId, i.invoiceDate.description, i.dueDate.description, CSVWriter.format(i.amount),
         i.paidDate?.description ?? "", i.disputed ? "yes" : "no", i.paymentMethod ?? ""].joined(separator: ",")
    }.joined(separator: "\n") + "\n"
}

private func expectMatchesReference(_ table: AccountTable, _ invoices: [Invoice], sourceLocation: SourceLocation = #_sourceLocation) {
    let reference = referenceFeatures(invoices, asOf: asOf)
    #expect(table.ids == reference.ids, sourceLocation: sourceLocation)
    #expect(table.numericNames == LedgerFeature.canonicalColumns, sourceLocation: sourceLocation)
    for (row, expected) in reference.rows.enumerated() {
        let got = (0..<expected.count).map { table.values[row, $0] }
        // Bit for bit: the same sums in the same order.
        #expect(got.map(\.bitPattern) == expected.map(\.bitPattern), "row \(row)", sourceLocation: sourceLocation)
    }
    #expect(table.categorical[AccountAttribute.paymentMethod] == reference.methods, sourceLocation: sourceLocation)
}

@Suite struct FeatureStreamingTests {
    @Test(arguments: [(1 as UInt64, true), (2, false), (3, true), (4, true)])
    func accumulatorMatchesTheWholeLedgerComputation(seed: UInt64, withMethod: Bool) {
        let invoices = randomLedger(seed: seed, count: 3000, withMethod: withMethod)
        expectMatchesReference(FeatureBuilder(asOf: asOf).build(invoices), invoices)
    }

    /// Read through the streaming reader with chunk boundaries everywhere.
    @Test(arguments: [7, 100, 4096])
    func streamedFileMatchesTheWholeLedgerComputation(chunkSize: Int) throws {
        let dir = try ScratchDirectory()
        let invoices = randomLedger(seed: 11, count: 800, withMethod: true)
        let path = try dir.write("l.csv", csv(invoices))
        var accumulator = FeatureAccumulator(asOf: asOf)
        var read: [Invoice] = []
        try LedgerReader.forEachInvoice(path: path, chunkSize: chunkSize) { read.append($0); accumulator.add($0) }
        #expect(read == invoices)
        expectMatchesReference(accumulator.table(), invoices)
        #expect(accumulator.futureInvoiceCount == invoices.filter { $0.invoiceDate > asOf }.count)
    }

    @Test func featureOptionsReportFutureInvoices() throws {
        let dir = try ScratchDirectory()
        let invoices = randomLedger(seed: 5, count: 300, withMethod: true)
        let future = invoices.filter { $0.invoiceDate > asOf }.count
        #expect(future > 0)
        let result = try FeatureOptions(asOf: asOf).features(ledgerPath: dir.write("l.csv", csv(invoices)))
        #expect(result.notes == ["\(future) invoices dated after \(asOf) were ignored"])
        expectMatchesReference(result.table, invoices)
    }
}

@Suite struct InvoiceIdUniquenessTests {
    /// 60 rows, ids I0...I59, with row `duplicateRow` repeating the id of row `firstRow`.
    private func ledger(duplicating firstRow: Int, at duplicateRow: Int) -> String {
        header + (0..<60).map { i in
            "C\(i % 7),I\(i == duplicateRow ? firstRow : i),2024-01-01,2024-01-31,5,,no,ACH"
        }.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [1, 33, 200, 1 << 20])
    func duplicateAcrossChunksNamesTheFirstLine(chunkSize: Int) throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("dup.csv", ledger(duplicating: 3, at: 50))
        let error = errorDescription {
            try LedgerReader.forEachInvoice(path: path, chunkSize: chunkSize) { _ in }
        }
        // Row r is on line r + 2.
        #expect(error == "\(path):52:invoice_id: duplicate invoice id, first seen on line 5 (I3)")
    }

    /// Every id hashes alike: hits everywhere, but only the true duplicate is reported.
    @Test(arguments: [13, 4096])
    func hashCollisionsAreNotDuplicates(chunkSize: Int) throws {
        let dir = try ScratchDirectory()
        let clean = try dir.write("clean.csv", ledger(duplicating: 0, at: -1))
        var count = 0
        try LedgerReader.forEachInvoice(path: clean, columns: LedgerColumns(), dateFormat: .iso, chunkSize: chunkSize,
                                        idHash: { _ in 42 }) { _ in count += 1 }
        #expect(count == 60)
        let duplicated = try dir.write("dup.csv", ledger(duplicating: 17, at: 41))
        let error = errorDescription {
            try LedgerReader.forEachInvoice(path: duplicated, columns: LedgerColumns(), dateFormat: .iso,
                                            chunkSize: chunkSize, idHash: { _ in 0 }) { _ in }
        }
        #expect(error == "\(duplicated):43:invoice_id: duplicate invoice id, first seen on line 19 (I17)")
    }

    /// Within a row the duplicate check comes before the dates; across rows, file order decides.
    @Test(arguments: [40, 1 << 20])
    func problemsAreReportedInRowOrder(chunkSize: Int) throws {
        let dir = try ScratchDirectory()
        let badDate = try dir.write("a.csv", ledger(duplicating: 3, at: 30).replacingOccurrences(
            of: "C2,I3,2024-01-01", with: "C2,I3,2024-13-01"))
        #expect(errorDescription { try LedgerReader.forEachInvoice(path: badDate, chunkSize: chunkSize) { _ in } }
            == "\(badDate):32:invoice_id: duplicate invoice id, first seen on line 5 (I3)")
        let badAmountFirst = try dir.write("b.csv", ledger(duplicating: 3, at: 40).replacingOccurrences(
            of: "C6,I20,2024-01-01,2024-01-31,5,", with: "C6,I20,2024-01-01,2024-01-31,5x,"))
        #expect(errorDescription { try LedgerReader.forEachInvoice(path: badAmountFirst, chunkSize: chunkSize) { _ in } }?
            .hasPrefix("\(badAmountFirst):22:amount:") == true)
    }

    /// As with the whole-file reader, a structural problem later in the file wins over a bad cell.
    @Test func aLaterShortRowWinsOverADuplicate() throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("both.csv", ledger(duplicating: 3, at: 10) + "C1,I99,2024-01-01\n")
        let error = errorDescription { try LedgerReader.forEachInvoice(path: path, chunkSize: 64) { _ in } }
        #expect(error == "\(path):62: expected 8 fields, found 3")
    }

    @Test(arguments: [0, 250_000])
    func idSetKeepsManyHashesAndZero(expectedCount: Int) {
        let set = InvoiceIdSet(expectedCount: expectedCount)
        var rng = SplitMix64(seed: 3)
        let values = (0..<200_000).map { _ in rng.next() } + [0]
        #expect(values.allSatisfy { set.insert($0) })
        #expect(values.allSatisfy { !set.insert($0) })
    }

    /// The grouped insert reports exactly the hashes seen before (in earlier calls or earlier
    /// in the same group), in order, as inserting one by one does, across table doublings.
    @Test func idSetGroupedInsertMatchesOneByOne() {
        var rng = SplitMix64(seed: 5)
        // Small values repeat often; 0 and repeats inside one group included.
        let values = (0..<150_000).map { _ in rng.nextInt(below: 4) == 0 ? UInt64(rng.nextInt(below: 5000)) : rng.next() }
        let single = InvoiceIdSet(), grouped = InvoiceIdSet()
        let expected = values.indices.filter { !single.insert(values[$0]) }
        var found: [Int] = []
        var start = 0
        while start < values.count {
            let end = min(start + 1 + rng.nextInt(below: 40_000), values.count)
            values[start..<end].withUnsafeBufferPointer { group in grouped.insert(contentsOf: group) { found.append(start + $0) } }
            start = end
        }
        #expect(!expected.isEmpty)
        #expect(found == expected)
    }

    /// FNV-1a 64 of "" and "a": the published test vectors.
    @Test func fnv1aMatchesTheReferenceVectors() {
        #expect(InvoiceIdSet.fnv1a("") == 0xCBF2_9CE4_8422_2325)
        #expect(InvoiceIdSet.fnv1a("a") == 0xAF63_DC4C_8601_EC8C)
    }
}

@Suite struct GeneratorStreamingTests {
    private let genAsOf = CalendarDay(year: 2025, month: 6, day: 30)!

    private func contents(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing>" }

    /// The streamed files are byte for byte the in-memory ledger, whatever the block size.
    @Test(arguments: [1, 7, 1000])
    func streamedBytesEqualTheInMemoryLedger(blockDays: Int) throws {
        let dir = try ScratchDirectory()
        let generator = LedgerGenerator(customers: 120, seed: 17, asOf: genAsOf)
        let expected = generator.generate()
        let paths = ["ledger", "truth", "accounts"].map { dir.path + "/\($0).csv" }
        try AtomicFile.write(streaming: paths) { sinks in
            try generator.write(ledger: sinks[0], truth: sinks[1], accounts: sinks[2], blockDays: blockDays)
        }
        #expect(contents(paths[0]) == expected.ledgerCSV)
        #expect(contents(paths[1]) == expected.truthCSV)
        #expect(contents(paths[2]) == expected.accounts.csv)
    }

    @Test func streamsWithoutAnAccountsFile() throws {
        let dir = try ScratchDirectory()
        let generator = LedgerGenerator(customers: 30, seed: 2, asOf: genAsOf)
        let paths = [dir.path + "/l.csv", dir.path + "/t.csv"]
        try AtomicFile.write(streaming: paths) { sinks in
            try generator.write(ledger: sinks[0], truth: sinks[1], accounts: nil)
        }
        #expect(contents(paths[0]) == generator.generate().ledgerCSV)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["l.csv", "t.csv"])
    }

    /// The third output's directory does not exist: nothing is written, nothing is left behind,
    /// and an existing ledger keeps its bytes.
    @Test func failureLeavesNoOutput() throws {
        let dir = try ScratchDirectory()
        let previous = try dir.write("l.csv", "old ledger\n")
        let paths = [previous, dir.path + "/t.csv", dir.path + "/missing/a.csv"]
        let generator = LedgerGenerator(customers: 20, seed: 1, asOf: genAsOf)
        let error = errorDescription {
            try AtomicFile.write(streaming: paths) { sinks in
                try generator.write(ledger: sinks[0], truth: sinks[1], accounts: sinks[2])
            }
        }
        #expect(error?.hasPrefix(dir.path + "/missing/a.csv: cannot create a temporary file") == true, "\(error ?? "no error")")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["l.csv"])
        #expect(contents(previous) == "old ledger\n")
    }

    /// A failure while streaming (after megabytes were written) removes every temporary file.
    @Test func failureMidwayRemovesTheTemporaryFiles() throws {
        struct Stop: Error {}
        let dir = try ScratchDirectory()
        let paths = [dir.path + "/a.csv", dir.path + "/b.csv"]
        #expect(throws: Stop.self) {
            try AtomicFile.write(streaming: paths) { sinks in
                for _ in 0..<3 { try sinks[0].write([UInt8](repeating: 65, count: 1 << 20)) }
                try sinks[1].write("partial")
                throw Stop()
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}
