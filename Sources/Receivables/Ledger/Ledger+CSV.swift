import Dispatch
import Tabular

/// Reads an invoice ledger CSV into `Invoice` values, streamed: a file of any size is read
/// chunk by chunk (`CSVStream`), never whole.
///
/// Every cell is checked: dates in `dateFormat` (ISO `yyyy-MM-dd` unless given; two-digit
/// years are not accepted), `amount` a plain non-negative
/// decimal, `disputed` one of yes/no, true/false, 1/0 (any case), `due_date` not
/// before `invoice_date`, `paid_date` not before `invoice_date`, `invoice_id`
/// unique. The first problem is thrown as an `InputError` naming file, line,
/// column and value; nothing is skipped silently.
public enum LedgerReader {
    /// The invoices of the ledger at `path`, in file order; `columns` maps canonical fields
    /// to the file's header, `dateFormat` reads every date column. Holds every invoice: for
    /// large files use `forEachInvoice`.
    public static func read(path: String, columns: LedgerColumns = LedgerColumns(),
                            dateFormat: DateFormat = .iso) throws -> [Invoice] {
        var invoices: [Invoice] = []
        try forEachInvoice(path: path, columns: columns, dateFormat: dateFormat) { invoices.append($0) }
        return invoices
    }

    /// Streams the ledger at `path`: checks each row as `read` does and hands its invoice to
    /// `body`, in file order, without keeping the file or the invoices. Memory is the stream's
    /// chunk (`chunkSize` bytes) and the checked invoices of two chunks (the next chunk is
    /// checked on a second thread while `body` sees this one's invoices); the invoice-id check
    /// keeps only the previous id while ids increase, else 11-21 bytes of hash per invoice
    /// (`InvoiceIdCheck`). `body` runs on the calling thread.
    ///
    /// Errors are the same as reading the whole file first: a structural problem anywhere in
    /// the file (a short row, a stray quote) wins over a bad cell, so after finding a bad
    /// cell the rest of the file is still checked for structure before the cell is reported.
    /// Rows before the first problem have already reached `body` when it is thrown.
    public static func forEachInvoice(path: String, columns: LedgerColumns = LedgerColumns(),
                                      dateFormat: DateFormat = .iso, chunkSize: Int = CSVStream.defaultChunkSize,
                                      _ body: (Invoice) throws -> Void) throws {
        try forEachInvoice(path: path, columns: columns, dateFormat: dateFormat, chunkSize: chunkSize,
                           idHash: InvoiceIdSet.fnv1a, body)
    }

    /// `forEachInvoice` with the invoice-id hash given (tests force collisions with it).
    static func forEachInvoice(path: String, columns: LedgerColumns, dateFormat: DateFormat, chunkSize: Int,
                               idHash: @escaping (String) -> UInt64, _ body: (Invoice) throws -> Void) throws {
        try forEachInvoice(path: path, source: LedgerReadOptions(columns: columns, dateFormats: LedgerDateFormats(standard: dateFormat)),
                           chunkSize: chunkSize, idHash: idHash, body)
    }

    /// Streams the ledger at `path` read as `source` says (see `LedgerReadOptions`): side files
    /// first (rates, then payments, kept in memory by invoice id), then the ledger chunk by
    /// chunk as `forEachInvoice(path:columns:...)` does. `body` gets the invoices in file
    /// order, each with its payments attached and its amount (and payments) in the reporting
    /// currency, and the credit memos too when `includeCreditMemos`; rows of ignored document
    /// types never reach it.
    ///
    /// Bad rows: with `source.onBadRow == .error` the first one is thrown, as always. With
    /// `.reject` each goes to the returned report's `rejects` and reading goes on (a row on one
    /// line with the wrong number of fields too, `CSVStream.settingAsideMisfits`; other
    /// structure errors still stop the read); an exact duplicate row (same invoice id, same
    /// content) is dropped and counted; a run whose
    /// rejected rows exceed `maxRejectShare` of the rows read (ledger and payments) fails.
    /// After the ledger: a payment no invoice claimed is a bad row, and a ledger with several
    /// currencies and no rates is refused naming each currency with its row count.
    @discardableResult
    public static func forEachInvoice(path: String, source: LedgerReadOptions, includeCreditMemos: Bool = false,
                                      chunkSize: Int = CSVStream.defaultChunkSize,
                                      _ body: (Invoice) throws -> Void) throws -> LedgerReadReport {
        try forEachInvoice(path: path, source: source, includeCreditMemos: includeCreditMemos, chunkSize: chunkSize,
                           idHash: InvoiceIdSet.fnv1a, body)
    }

    @discardableResult
    static func forEachInvoice(path: String, source: LedgerReadOptions, includeCreditMemos: Bool = false, chunkSize: Int,
                               idHash: @escaping (String) -> UInt64, _ body: (Invoice) throws -> Void) throws -> LedgerReadReport {
        try forEachBatch(path: path, source: source, chunkSize: chunkSize, idHash: idHash) { batch in
            for invoice in batch where includeCreditMemos || invoice.kind == .invoice { try body(invoice) }
        }
    }

    /// `forEachInvoice` a chunk at a time: `body` gets each chunk's invoices and credit memos
    /// (payments attached), in file order, without a copy of them (the features accumulator
    /// looks a few invoices ahead to overlap its memory accesses).
    @discardableResult
    static func forEachBatch(path: String, source: LedgerReadOptions, chunkSize: Int = CSVStream.defaultChunkSize,
                             idHash: @escaping (String) -> UInt64 = InvoiceIdSet.fnv1a,
                             _ body: ([Invoice]) throws -> Void) throws -> LedgerReadReport {
        try forEachChunk(path: path, source: source, chunkSize: chunkSize, idHash: idHash) { try body($0.invoices) }
    }

    /// `forEachBatch` with the whole checked batch: with `columns` and a canonical ledger (see
    /// `LedgerRowChecker.columnar`) its invoices are in `batch.columns` and `batch.invoices` is
    /// empty; otherwise as `forEachBatch`.
    @discardableResult
    static func forEachChunk(path: String, source: LedgerReadOptions, chunkSize: Int = CSVStream.defaultChunkSize,
                             idHash: @escaping (String) -> UInt64 = InvoiceIdSet.fnv1a, columns: Bool = false,
                             _ body: (LedgerBatch) throws -> Void) throws -> LedgerReadReport {
        let rates = try source.ratesPath.map { try ExchangeRates(path: $0) }
        if let rates, let named = source.reportingCurrency { try rates.requireConvertsAtOne(named) }
        var book = try source.payments.map { try PaymentBook(file: $0, source: source) }
        let stream = try CSVStream(path: path, chunkSize: chunkSize, delimiter: source.delimiter, allowingDuplicateNames: true)
        stream.settingAsideMisfits = source.onBadRow == .reject
        var report = LedgerReadReport(ledgerPath: path)
        var index: [LedgerField: Int] = [:]
        var attributes: [Int] = []
        do {
            var used = Set<String>()
            for field in LedgerField.allCases {
                if field == .documentType, source.documentTypes == nil { continue }
                let name = source.columns.sourceName(for: field)
                if let i = try stream.uniqueColumnIndex(name) {
                    index[field] = i
                    used.insert(name)
                } else if field.isRequired && !(field == .paidDate && source.payments != nil)
                            || field == .documentType {
                    let hint: ParameterText = name == field.rawValue ? "; map it with \(Parameter.columns) \(field.rawValue)=<column>" : ""
                    throw InputError(file: path, line: 1, column: nil, value: name,
                                     message: "missing ledger column for \(field.rawValue)\(hint)")
                }
            }
            for name in source.categorical {
                guard let i = try stream.uniqueColumnIndex(name) else {
                    throw InputError(file: path, line: 1, value: name, message: "missing categorical column named by the source")
                }
                attributes.append(i)
                used.insert(name)
            }
            report.repeatedColumns = stream.repeatedNames.filter { !used.contains($0) }
        } catch {
            try stream.skipRest()
            throw error
        }
        let checker = LedgerRowChecker(path: path, index: index, attributes: attributes, source: source, rates: rates,
                                       chunkSize: chunkSize, idHash: idHash, columns: columns)
        let producer = LedgerProducer(stream: stream, checker: checker)
        producer.produce()
        let reject = source.onBadRow == .reject
        var paymentRejects = book?.rejects ?? []
        var paymentProblem: InputError?
        // Two stages on two cores: the next chunk is read and checked while this one's
        // invoices go to `body` (on this thread).
        var current = LedgerBatch()
        while try producer.result.get() {
            swap(&current, &producer.batch)
            let group = DispatchGroup()
            if current.problem == nil {
                DispatchQueue.global().async(group: group) { producer.produce() }
            } else {
                producer.result = .success(false)
            }
            report.ledger.rejected += current.rejects.count
            report.ledger.duplicatesDropped += current.dropped
            report.ledger.ignored += current.ignored
            report.rejects += current.rejects
            for (code, count) in current.currencies { report.currencyCounts[code, default: 0] += count }
            do {
                // Payments are attached in place (canonical ledgers have none: nothing copied).
                for k in current.invoices.indices where book != nil {
                    let invoice = current.invoices[k]
                    if invoice.kind == .invoice {
                        var payments: [Payment] = []
                        for row in book!.take(invoice.invoiceId) ?? [] {
                            var rate = 1.0
                            if let rates, let code = invoice.currency {
                                guard let factor = rates.factor(code, on: row.date, reporting: source.reportingCurrency) else {
                                    let bad = BadRow(InputError(file: book!.path, line: row.line, column: book!.amountColumn,
                                                                value: code, message: "no exchange rate for \(code) on \(row.date) in \(rates.path)"),
                                                     reason: "no exchange rate")
                                    if reject { paymentRejects.append(bad); continue }
                                    paymentProblem = paymentProblem ?? bad.error
                                    continue
                                }
                                rate = factor
                            }
                            guard row.date >= invoice.invoiceDate else {
                                let bad = BadRow(InputError(file: book!.path, line: row.line, column: book!.dateColumn,
                                                            value: row.date.description,
                                                            message: "payment dated before its invoice (line \(current.lines[k]) of \(path))"),
                                                 reason: "payment dated before its invoice")
                                if reject { paymentRejects.append(bad); continue }
                                paymentProblem = paymentProblem ?? bad.error
                                continue
                            }
                            payments.append(Payment(date: row.date, amount: row.amount, rate: rate))
                        }
                        current.invoices[k].payments = payments
                    }
                }
                try body(current)
            } catch {
                group.wait()
                throw error
            }
            group.wait()
            if let problem = current.problem ?? paymentProblem {
                // As with the whole-file reader, a structural problem anywhere wins over a cell.
                _ = try producer.result.get()
                try stream.skipRest()
                throw problem
            }
        }
        // Reject mode: one-line records with the wrong field count after the last chunk.
        report.rejects += producer.trailingMisfits
        report.ledger.rejected += producer.trailingMisfits.count
        report.ledger.read = stream.rowsRead + stream.misfitsRead
        report.ledger.used = report.ledger.read - report.ledger.rejected - report.ledger.duplicatesDropped
        if let book {
            let unclaimed = book.unclaimed()
            if let first = unclaimed.first, !reject { throw first.error }
            paymentRejects += unclaimed
            paymentRejects.sort { ($0.error.line ?? 0) < ($1.error.line ?? 0) }
            var counts = book.counts
            counts.rejected = paymentRejects.count
            counts.used = counts.read - counts.rejected
            report.payments = counts
            report.rejects += paymentRejects
        }
        if reject {
            let read = report.ledger.read + (report.payments?.read ?? 0)
            let rejected = report.rejects.count
            if read > 0, Double(rejected) / Double(read) > source.maxRejectShare {
                throw InputError(file: path, message: "\(rejected) of \(read) rows rejected (\(NumberText.percent(Double(rejected) / Double(read)))), "
                                 + "more than the maximum reject share \(CSVWriter.format(source.maxRejectShare)); first: \(report.rejects[0].error)")
            }
        }
        report.reportingCurrency = try reportingCurrency(source: source, rates: rates, counts: report.currencyCounts, path: path)
        return report
    }

    /// Which optional columns the ledger at `path` has (its header only is read).
    public static func layout(path: String, source: LedgerReadOptions) throws -> (hasDisputes: Bool, hasCurrency: Bool) {
        let stream = try CSVStream(path: path, chunkSize: 1 << 16, delimiter: source.delimiter, allowingDuplicateNames: true)
        return (stream.header.contains(source.columns.sourceName(for: .disputed)),
                stream.header.contains(source.columns.sourceName(for: .currency)))
    }

    /// The reporting currency of a run (see `LedgerReadOptions.reportingCurrency`), from the
    /// ledger's rows per currency (`counts`):
    /// - named (`source.reportingCurrency`): that one (its rates were checked to say 1 before
    ///   the read);
    /// - without rates: the only currency present (`nil` when the ledger has no `currency`
    ///   column);
    /// - with rates and none named: the only ledger currency if there is one; else the single
    ///   ledger currency that `ExchangeRates.couldBeReporting` (its rate rows all say 1, or it
    ///   has none while every other ledger currency has some). The chosen one's rows must say
    ///   1 (`requireConvertsAtOne`).
    /// - Throws: several currencies without rates (naming each with its row count); a single
    ///   currency other than the one named without rates; with rates and none named, a ledger
    ///   without currencies, or not exactly one candidate (naming the candidates, or the
    ///   currencies when there is none, and `--reporting-currency`).
    static func reportingCurrency(source: LedgerReadOptions, rates: ExchangeRates?, counts: [String: Int],
                                  path: String) throws -> String? {
        func listed(_ codes: [String]) -> String { codes.sorted().map { "\($0) \(counts[$0] ?? 0) rows" }.joined(separator: ", ") }
        let present = listed(Array(counts.keys))
        guard let rates else {
            if counts.count > 1 {
                throw InputError(file: path, message: "several currencies and no exchange rates: \(present) "
                                 + "(give a rates file and the reporting currency)")
            }
            if let only = counts.keys.first, let asked = source.reportingCurrency, asked != only {
                throw InputError(file: path, message: "amounts are in \(only), not in the reporting currency \(asked), "
                                 + "and no exchange rates are given")
            }
            return source.reportingCurrency ?? counts.keys.first
        }
        if let asked = source.reportingCurrency { return asked }
        guard !counts.isEmpty else {
            throw InputError(file: path, message: "exchange rates are given but the ledger names no currency "
                             + "(no currency column): give \(Parameter.reportingCurrency), or map the currency column")
        }
        if counts.count == 1, let only = counts.keys.first {
            try rates.requireConvertsAtOne(only, hint: " (the ledger's only currency is the reporting currency; "
                                           + "give \(Parameter.reportingCurrency) to report in another)")
            return only
        }
        let candidates = counts.keys.filter(rates.couldBeReporting).sorted()
        if candidates.count == 1 { return candidates[0] }
        let why: ParameterText = candidates.isEmpty
            ? "exchange rates are given and no ledger currency can be the reporting currency (\(present): each has "
                + "a rate other than 1 in \(rates.path)); give \(Parameter.reportingCurrency)"
            : "exchange rates are given and the reporting currency is ambiguous: candidates \(listed(candidates)) "
                + "(each has no rate, or only rates of 1, in \(rates.path)); give \(Parameter.reportingCurrency)"
        throw InputError(file: path, message: why)
    }

    /// `parseFlag` of the text whose UTF-8 is `bytes` when it is one of the usual spellings
    /// (`0`, `1`, `no`, `yes`, `false`, `true`), else nil (then ask `parseFlag`).
    @inline(__always)
    static func usualFlag(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch bytes.count {
        case 1: return bytes[0] == UInt8(ascii: "1") ? true : bytes[0] == UInt8(ascii: "0") ? false : nil
        case 2: return bytes[0] == UInt8(ascii: "n") && bytes[1] == UInt8(ascii: "o") ? false : nil
        case 3: return bytes.elementsEqual("yes".utf8) ? true : nil
        case 4: return bytes.elementsEqual("true".utf8) ? true : nil
        case 5: return bytes.elementsEqual("false".utf8) ? false : nil
        default: return nil
        }
    }

    /// `yes`/`true`/`1` -> true, `no`/`false`/`0` -> false (case-insensitive); anything else `nil`.
    public static func parseFlag(_ text: String) -> Bool? {
        // The usual spellings first, without making a lowercased copy (one per ledger row).
        switch text {
        case "no", "yes", "false", "true", "0", "1": return text == "yes" || text == "true" || text == "1"
        default: break
        }
        switch text.lowercased() {
        case "yes", "true", "1": return true
        case "no", "false", "0": return false
        default: return nil
        }
    }
}

/// The reading side of `LedgerReader.forEachInvoice`: reads the next chunk and checks its
/// cells and invoice ids into `batch`, on a worker thread; only it touches the id hashes, in
/// file order. `@unchecked Sendable`: the consumer reads and swaps `batch` and `result` only
/// while no `produce()` is running (after waiting for it).
private final class LedgerProducer: @unchecked Sendable {
    let stream: CSVStream
    let checker: LedgerRowChecker
    /// The last chunk's checked rows.
    var batch = LedgerBatch()
    /// Whether the last `produce()` found a chunk, or the stream's structural error.
    var result: Result<Bool, Error> = .success(false)
    private var scratch = LedgerScratch()
    private var rowsRead = 0
    /// The invoice-id check of the rows read so far, made after the first chunk.
    private var seen: InvoiceIdCheck?
    /// Reject mode: the ids' first lines and row contents.
    private let seenRows = SeenRows()
    /// Reject mode: the records set aside for their field count after the last chunk.
    private(set) var trailingMisfits: [BadRow] = []

    /// The file's likely row count, the first chunk (just read) having `rows` rows: the file
    /// size at that chunk's bytes per row, plus 10% (0 when the size is unknown, as for a pipe).
    private func expectedRows(firstChunkRows rows: Int) -> Int {
        guard let size = stream.fileSize, stream.bytesConsumed > 0 else { return 0 }
        return Int(Double(size) / Double(stream.bytesConsumed) * Double(rows) * 1.1)
    }

    init(stream: CSVStream, checker: LedgerRowChecker) {
        self.stream = stream
        self.checker = checker
    }

    func produce() {
        result = Result {
            guard let chunk = try stream.next() else {
                trailingMisfits = stream.takeMisfits().map(BadRow.init(misfit:))
                return false
            }
            if seen == nil {
                seen = InvoiceIdCheck(expectedCount: checker.reject ? 0 : expectedRows(firstChunkRows: chunk.rowCount))
            }
            try checker.parse(chunk, firstRow: rowsRead, into: &batch, seen: seen!, seenRows: seenRows, scratch: &scratch)
            rowsRead += chunk.rowCount
            let misfits = stream.takeMisfits()
            if !misfits.isEmpty {
                batch.rejects += misfits.map(BadRow.init(misfit:))
                batch.rejects.sort { ($0.error.line ?? 0) < ($1.error.line ?? 0) }
            }
            return true
        }
    }
}
