import Tabular

/// The checked rows of one `CSVChunk`, copied out of it so the chunk's storage can be reused
/// while they are consumed (the reader parses the next chunk meanwhile).
/// Per-chunk working storage of `LedgerRowChecker.parse`, kept by the reader so its arrays are
/// allocated once, not per chunk.
struct LedgerScratch {
    var amounts: [Double] = []
    var ids: [String] = []
    var hashes: [UInt64] = []
}

struct LedgerBatch {
    var invoices: [Invoice] = []
    /// The first bad cell (or duplicate id), at the row after the last invoice.
    var problem: InputError?
}

/// The cell checks of `LedgerReader`, applied to the rows of one `CSVChunk` in file order
/// (the rules are listed on `LedgerReader`).
struct LedgerRowChecker {
    let path: String
    let accountId: Int, invoiceId: Int, invoiceDate: Int, dueDate: Int, amount: Int, paidDate: Int, disputed: Int
    let paymentMethod: Int?
    let dateFormat: DateFormat
    /// Chunk size of the exact pass that confirms a duplicate id.
    let chunkSize: Int
    let idHash: (String) -> UInt64
    /// With the default `.iso` format only ISO is accepted: `01/02/2013` could be January or February.
    let dateExpectation: ParameterText

    /// `index` holds every required field's column.
    init(path: String, index: [LedgerField: Int], dateFormat: DateFormat, chunkSize: Int,
         idHash: @escaping (String) -> UInt64) {
        self.path = path
        accountId = index[.accountId]!
        invoiceId = index[.invoiceId]!
        invoiceDate = index[.invoiceDate]!
        dueDate = index[.dueDate]!
        amount = index[.amount]!
        paidDate = index[.paidDate]!
        disputed = index[.disputed]!
        paymentMethod = index[.paymentMethod]
        self.dateFormat = dateFormat
        self.chunkSize = chunkSize
        self.idHash = idHash
        dateExpectation = dateFormat == .iso
            ? "expected an ISO date YYYY-MM-DD (use \(Parameter.dateFormat) for other layouts)"
            : "expected a date like \(dateFormat.pattern)"
    }

    /// Checks the rows of `chunk` (the file's rows `firstRow...`) into `batch` (its arrays'
    /// storage is reused), stopping at the first bad cell. `seen` holds the hashes of the
    /// invoice ids of every earlier row.
    /// - Throws: only when the file cannot be read again to confirm a duplicate.
    func parse(_ chunk: CSVChunk, firstRow: Int, into batch: inout LedgerBatch, seen: InvoiceIdSet,
               scratch: inout LedgerScratch) throws {
        batch.invoices.removeAll(keepingCapacity: true)
        batch.problem = nil
        if scratch.amounts.count < chunk.rowCount { scratch.amounts = [Double](repeating: 0, count: chunk.rowCount) }
        let badAmount = scratch.amounts.withUnsafeMutableBufferPointer {
            chunk.parseNumbers([amount], into: $0.baseAddress!)
        }.first
        // The chunk's ids and their hashes first, inserted as one group (overlapping the
        // table's cache misses, see `InvoiceIdSet`); `hits` are the rows whose hash was seen.
        scratch.ids.removeAll(keepingCapacity: true)
        scratch.hashes.removeAll(keepingCapacity: true)
        for row in 0..<chunk.rowCount {
            let id = chunk.string(row: row, column: invoiceId)
            scratch.ids.append(id)
            scratch.hashes.append(idHash(id))
        }
        var hits: [Int] = []
        scratch.hashes.withUnsafeBufferPointer { hashes in seen.insert(contentsOf: hashes) { hits.append($0) } }
        var nextHit = 0
        func fail(_ row: Int, _ column: Int, _ message: ParameterText) -> InputError {
            chunk.error(row: row, column: column, message)
        }
        let amounts = scratch.amounts, ids = scratch.ids
        for row in 0..<chunk.rowCount {
            let account = chunk.string(row: row, column: accountId)
            guard !account.isEmpty else { batch.problem = fail(row, accountId, "empty account id"); return }
            let id = ids[row]
            guard !id.isEmpty else { batch.problem = fail(row, invoiceId, "empty invoice id"); return }
            let hit = nextHit < hits.count && hits[nextHit] == row
            if hit { nextHit += 1 }
            if hit, let first = try firstLine(of: id, before: firstRow + row) {
                batch.problem = fail(row, invoiceId, "duplicate invoice id, first seen on line \(first)")
                return
            }
            func problem(_ error: InputError) { batch.problem = error }
            guard let issued = date(chunk, row, invoiceDate) else { return problem(badDate(chunk, row, invoiceDate)) }
            guard let due = date(chunk, row, dueDate) else { return problem(badDate(chunk, row, dueDate)) }
            guard due >= issued else { return problem(fail(row, dueDate, "due date before invoice date")) }
            if let badAmount, badAmount.row == row { return problem(fail(row, amount, ParameterText(badAmount.failure.message))) }
            let value = amounts[row]
            guard value >= 0 else { return problem(fail(row, amount, "negative amount (credit notes are not supported)")) }
            var paid: CalendarDay?
            if !chunk.isEmpty(row: row, column: paidDate) {
                guard let day = date(chunk, row, paidDate) else { return problem(badDate(chunk, row, paidDate)) }
                guard day >= issued else { return problem(fail(row, paidDate, "paid date before invoice date")) }
                paid = day
            }
            guard let isDisputed = LedgerReader.parseFlag(chunk.string(row: row, column: disputed)) else {
                return problem(fail(row, disputed, "expected yes/no, true/false or 1/0"))
            }
            batch.invoices.append(Invoice(accountId: account, invoiceId: id, invoiceDate: issued, dueDate: due,
                                          amount: value, paidDate: paid, disputed: isDisputed,
                                          paymentMethod: paymentMethod.map { chunk.string(row: row, column: $0) }))
        }
    }

    private func date(_ chunk: CSVChunk, _ row: Int, _ column: Int) -> CalendarDay? {
        chunk.date(row: row, column: column, format: dateFormat)
    }

    private func badDate(_ chunk: CSVChunk, _ row: Int, _ column: Int) -> InputError {
        chunk.error(row: row, column: column, "invalid or ambiguous date; \(dateExpectation)")
    }

    /// The line of the first of the file's rows `0..<limit` whose invoice id is exactly `id`,
    /// or nil when only its hash matched (a collision, not a duplicate). Reads the file again
    /// from the start; runs only on a hash hit, which a file without duplicates almost never has.
    private func firstLine(of id: String, before limit: Int) throws -> Int? {
        let stream = try CSVStream(path: path, chunkSize: chunkSize)
        var first = 0
        while first < limit, let chunk = try stream.next() {
            for row in 0..<min(chunk.rowCount, limit - first) where chunk.string(row: row, column: invoiceId) == id {
                return chunk.lineNumber(ofRow: row)
            }
            first += chunk.rowCount
        }
        return nil
    }
}
