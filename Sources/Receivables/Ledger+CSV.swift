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
    /// to the file's header, `dateFormat` reads every date column.
    public static func read(path: String, columns: LedgerColumns = LedgerColumns(),
                            dateFormat: DateFormat = .iso) throws -> [Invoice] {
        let table = try CSVReader.read(path: path)
        var index: [LedgerField: Int] = [:]
        for field in LedgerField.allCases {
            let name = columns.sourceName(for: field)
            if let i = table.optionalColumnIndex(name) {
                index[field] = i
            } else if field.isRequired {
                let hint = name == field.rawValue ? "; map it with --columns \(field.rawValue)=<column>" : ""
                throw InputError(file: path, line: 1, column: nil, value: name,
                                 message: "missing ledger column for \(field.rawValue)\(hint)")
            }
        }
        func column(_ field: LedgerField) -> Int { index[field]! }
        func fail(_ row: Int, _ field: LedgerField, _ message: String) -> InputError {
            table.error(row: row, column: column(field), message)
        }
        // Without --date-format only ISO is accepted: `01/02/2013` could be January or February.
        let expectation = dateFormat == .iso
            ? "expected an ISO date YYYY-MM-DD (use --date-format for other layouts)"
            : "expected a date like \(dateFormat.pattern)"
        func date(_ row: Int, _ field: LedgerField) throws -> CalendarDay {
            guard let day = dateFormat.parse(table.string(row: row, column: column(field))[...]) else {
                throw fail(row, field, "invalid or ambiguous date; \(expectation)")
            }
            return day
        }

        var invoices: [Invoice] = []
        invoices.reserveCapacity(table.rowCount)
        var firstLineOfInvoice: [String: Int] = [:]
        firstLineOfInvoice.reserveCapacity(table.rowCount)
        for row in 0..<table.rowCount {
            let accountId = table.string(row: row, column: column(.accountId))
            guard !accountId.isEmpty else { throw fail(row, .accountId, "empty account id") }
            let invoiceId = table.string(row: row, column: column(.invoiceId))
            guard !invoiceId.isEmpty else { throw fail(row, .invoiceId, "empty invoice id") }
            if let first = firstLineOfInvoice.updateValue(table.lineNumber(ofRow: row), forKey: invoiceId) {
                throw fail(row, .invoiceId, "duplicate invoice id, first seen on line \(first)")
            }
            let invoiceDate = try date(row, .invoiceDate)
            let dueDate = try date(row, .dueDate)
            guard dueDate >= invoiceDate else { throw fail(row, .dueDate, "due date before invoice date") }
            let amount = try table.double(row: row, column: column(.amount))
            guard amount >= 0 else { throw fail(row, .amount, "negative amount (credit notes are not supported)") }
            var paidDate: CalendarDay?
            if !table.isEmpty(row: row, column: column(.paidDate)) {
                let paid = try date(row, .paidDate)
                guard paid >= invoiceDate else { throw fail(row, .paidDate, "paid date before invoice date") }
                paidDate = paid
            }
            guard let disputed = parseFlag(table.string(row: row, column: column(.disputed))) else {
                throw fail(row, .disputed, "expected yes/no, true/false or 1/0")
            }
            let method = index[.paymentMethod].map { table.string(row: row, column: $0) }
            invoices.append(Invoice(accountId: accountId, invoiceId: invoiceId, invoiceDate: invoiceDate,
                                    dueDate: dueDate, amount: amount, paidDate: paidDate,
                                    disputed: disputed, paymentMethod: method))
        }
        return invoices
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
