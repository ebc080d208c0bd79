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
    /// checked on a second thread while `body` sees this one's invoices), plus 11-21 bytes of
    /// invoice-id hash per invoice (`InvoiceIdSet`). `body` runs on the calling thread.
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
        let stream = try CSVStream(path: path, chunkSize: chunkSize)
        var index: [LedgerField: Int] = [:]
        for field in LedgerField.allCases {
            let name = columns.sourceName(for: field)
            if let i = stream.optionalColumnIndex(name) {
                index[field] = i
            } else if field.isRequired {
                let hint: ParameterText = name == field.rawValue ? "; map it with \(Parameter.columns) \(field.rawValue)=<column>" : ""
                try stream.skipRest()
                throw InputError(file: path, line: 1, column: nil, value: name,
                                 message: "missing ledger column for \(field.rawValue)\(hint)")
            }
        }
        let checker = LedgerRowChecker(path: path, index: index, dateFormat: dateFormat, chunkSize: chunkSize,
                                       idHash: idHash)
        let producer = LedgerProducer(stream: stream, checker: checker)
        producer.produce()
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
            do {
                for invoice in current.invoices { try body(invoice) }
            } catch {
                group.wait()
                throw error
            }
            group.wait()
            if let problem = current.problem {
                // As with the whole-file reader, a structural problem anywhere wins over a cell.
                _ = try producer.result.get()
                try stream.skipRest()
                throw problem
            }
        }
    }

    /// `yes`/`true`/`1` -> true, `no`/`false`/`0` -> false (case-insensitive); anything else `nil`.
    public static func parseFlag(_ text: String) -> Bool? {
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
    /// Hashes of the invoice ids of the rows read so far, sized after the first chunk.
    private var seen: InvoiceIdSet?

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
            guard let chunk = try stream.next() else { return false }
            if seen == nil { seen = InvoiceIdSet(expectedCount: expectedRows(firstChunkRows: chunk.rowCount)) }
            try checker.parse(chunk, firstRow: rowsRead, into: &batch, seen: seen!, scratch: &scratch)
            rowsRead += chunk.rowCount
            return true
        }
    }
}
