import Tabular

/// The payments table of a run, read before the ledger (streamed, chunk by chunk) and kept
/// by invoice id until the ledger's invoices claim them. Memory: one entry per payment
/// (date, amount, line) plus the invoice id once per invoice paid.
///
/// Each row: `invoice_id` (text, not empty), `payment_date` (the source's `payment_date`
/// pattern), `amount` (a positive decimal in the invoice's currency, written as the source
/// writes decimals). A payment dated before its invoice, or naming an id that is not an
/// invoice of the ledger, is a bad row found when the ledger has been read.
struct PaymentBook {
    struct Row {
        var date: CalendarDay
        var amount: Double
        var line: Int
    }

    let path: String
    let idColumn: String, dateColumn: String, amountColumn: String
    private(set) var rows: [String: [Row]] = [:]
    /// Rows read, and the bad ones (reject mode; in error mode the first is thrown).
    private(set) var counts: LedgerReadReport.FileCounts
    private(set) var rejects: [BadRow] = []

    init(file: PaymentsFile, source: LedgerReadOptions) throws {
        path = file.path
        counts = LedgerReadReport.FileCounts(path: file.path)
        let stream = try CSVStream(path: file.path, delimiter: source.delimiter)
        stream.settingAsideMisfits = source.onBadRow == .reject
        func index(_ field: PaymentField) throws -> (Int, String) {
            let name = file.sourceName(for: field)
            guard let i = try stream.uniqueColumnIndex(name) else {
                try stream.skipRest()
                let hint = name == field.rawValue ? "; map it with payment columns \(field.rawValue)=<column>" : ""
                throw InputError(file: file.path, line: 1, value: name, message: "missing payments column for \(field.rawValue)\(hint)")
            }
            return (i, name)
        }
        let (id, idName) = try index(.invoiceId), (date, dateName) = try index(.paymentDate)
        let (amount, amountName) = try index(.amount)
        idColumn = idName; dateColumn = dateName; amountColumn = amountName
        let format = source.dateFormats.format(for: "payment_date")
        let reject = source.onBadRow == .reject
        var problem: InputError?
        func setAsideMisfits() {
            for misfit in stream.takeMisfits() {
                rejects.append(BadRow(misfit: misfit))
                counts.read += 1
                counts.rejected += 1
            }
        }
        defer { setAsideMisfits() }
        while problem == nil, let chunk = try stream.next() {
            setAsideMisfits()
            for row in 0..<chunk.rowCount {
                counts.read += 1
                func bad(_ column: Int, _ message: ParameterText, _ reason: String) -> Bool {
                    let error = chunk.error(row: row, column: column, message)
                    if reject { rejects.append(BadRow(error, reason: reason)); counts.rejected += 1; return true }
                    problem = error
                    return false
                }
                let invoice = chunk.string(row: row, column: id)
                if invoice.isEmpty { if bad(id, "empty invoice id", "empty invoice id") { continue } else { break } }
                guard let day = chunk.date(row: row, column: date, format: format) else {
                    if bad(date, "invalid date; expected a date like \(format.pattern)", "invalid date") { continue } else { break }
                }
                let outcome = source.decimal == .comma ? chunk.decimalComma(row: row, column: amount)
                    : StrictDecimal.parse(chunk.string(row: row, column: amount))
                guard case .value(let value) = outcome else {
                    let message = if case .failure(let f) = outcome { f.message } else { "" }
                    if bad(amount, ParameterText(message), "invalid amount") { continue } else { break }
                }
                guard value > 0 else {
                    if bad(amount, "payment amount must be positive", "payment amount not positive") { continue } else { break }
                }
                rows[invoice, default: []].append(Row(date: day, amount: value, line: chunk.lineNumber(ofRow: row)))
            }
        }
        if let problem {
            try stream.skipRest()
            throw problem
        }
    }

    /// Takes the payments of `invoiceId` (each invoice claims its own once).
    mutating func take(_ invoiceId: String) -> [Row]? {
        rows.removeValue(forKey: invoiceId)
    }

    /// The payments no invoice claimed, in line order: each a bad row.
    func unclaimed() -> [BadRow] {
        rows.flatMap { id, rows in
            rows.map { row in
                BadRow(InputError(file: path, line: row.line, column: idColumn, value: id,
                                  message: "payment for an unknown invoice"), reason: "payment for an unknown invoice")
            }
        }.sorted { ($0.error.line ?? 0) < ($1.error.line ?? 0) }
    }
}
