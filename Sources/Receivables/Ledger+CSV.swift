import Tabular

/// Reads an invoice ledger CSV into `Invoice` values.
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
    /// `body`, in file order, without keeping the file or the invoices. Memory is one chunk
    /// of the file (`chunkSize` bytes) plus the invoice-id hashes (`InvoiceIdSet`).
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
                let hint = name == field.rawValue ? "; map it with --columns \(field.rawValue)=<column>" : ""
                try stream.skipRest()
                throw InputError(file: path, line: 1, column: nil, value: name,
                                 message: "missing ledger column for \(field.rawValue)\(hint)")
            }
        }
        let rows = LedgerRowChecker(path: path, index: index, dateFormat: dateFormat, chunkSize: chunkSize,
                                    idHash: idHash)
        var seen = InvoiceIdSet()
        var rowsBefore = 0
        var amounts: [Double] = []
        // `pending!` rather than a binding: a chunk still referenced when `next()` reuses its
        // storage would make the stream copy it.
        var pending = try stream.next()
        while pending != nil {
            let problem = try rows.check(pending!, firstRow: rowsBefore, seen: &seen, amounts: &amounts, body)
            rowsBefore += pending!.rowCount
            pending = nil
            if let problem {
                try stream.skipRest()
                throw problem
            }
            pending = try stream.next()
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
