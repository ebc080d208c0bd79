import Dispatch
import Tabular

/// Per-chunk working storage of `LedgerRowChecker.parse`, kept by the reader so its arrays are
/// allocated once, not per chunk.
struct LedgerScratch {
    var amounts: [Double] = []
    var ids: [String] = []
    var hashes: [UInt64] = []
    /// The rows of a chunk's parts after the first, checked in parts (their storage reused).
    var laterParts: [HalfCheck] = []
}

/// One part of a chunk checked on its own thread: its rows' documents, and what it threw.
final class HalfCheck: @unchecked Sendable {
    var batch = LedgerBatch()
    var error: Error?
}

/// The invoice-id check of a chunk run beside its cell checks (`LedgerRowChecker.parse`): its
/// scratch hashes, the rows it reports and what it threw.
final class IdCheckBeside: @unchecked Sendable {
    var hashes: [UInt64]
    var hits: [Int] = []
    var error: Error?

    init(hashes: [UInt64]) { self.hashes = hashes }
}

/// The checked rows of one `CSVChunk`, copied out of it so the chunk's storage can be reused
/// while they are consumed (the reader parses the next chunk meanwhile).
struct LedgerBatch {
    /// Invoices and credit memos, in file order, with their lines (for payment errors).
    var invoices: [Invoice] = []
    /// The invoices as columns instead, when the checker writes columns (`LedgerRowChecker.columnar`).
    var columns = InvoiceColumns()
    var lines: [Int] = []
    /// The first bad cell (or duplicate id), at the row after the last invoice (error mode).
    var problem: InputError?
    /// Reject mode: the chunk's bad rows, exact duplicates dropped, rows ignored by type.
    var rejects: [BadRow] = []
    var dropped = 0, ignored = 0
    /// Rows per source currency code.
    var currencies: [String: Int] = [:]

    mutating func reset() {
        invoices.removeAll(keepingCapacity: true)
        columns.reset()
        lines.removeAll(keepingCapacity: true)
        problem = nil
        rejects.removeAll(keepingCapacity: true)
        dropped = 0
        ignored = 0
        currencies.removeAll(keepingCapacity: true)
    }
}

/// Reject mode's memory of invoice ids: each id's first line and the hash of its row's
/// content, so a later row with the id is an exact duplicate (dropped) or a conflicting one
/// (rejected). Two different rows with equal 64-bit content hashes would be taken for exact
/// duplicates: about one chance in 10^19 per pair.
final class SeenRows {
    var first: [String: (line: Int, content: UInt64)] = [:]
}

/// The cell checks of `LedgerReader`, applied to the rows of one `CSVChunk` in file order
/// (the rules are listed on `LedgerReader`).
struct LedgerRowChecker {
    let path: String
    let accountId: Int, invoiceId: Int, invoiceDate: Int, dueDate: Int, amount: Int
    let paidDate: Int?, disputed: Int?, paymentMethod: Int?, documentType: Int?, currency: Int?
    let attributes: [Int]
    let source: LedgerReadOptions
    let invoiceFormat: DateFormat, dueFormat: DateFormat, paidFormat: DateFormat
    let rates: ExchangeRates?
    /// Chunk size of the exact pass that confirms a duplicate id.
    let chunkSize: Int
    let idHash: (String) -> UInt64
    let reject: Bool
    /// Whether invoices take their settlement from payments (then `paid_date` is read for
    /// credit memos only).
    let hasPayments: Bool
    /// Whether good rows go to `LedgerBatch.columns` instead of `invoices`: asked for (the
    /// features path) and possible (a canonical ledger: no payments, currency, document types
    /// or extra categorical columns, the fields `InvoiceColumns` does not hold).
    let columnar: Bool

    /// `index` holds every required field's column.
    init(path: String, index: [LedgerField: Int], attributes: [Int], source: LedgerReadOptions, rates: ExchangeRates?,
         chunkSize: Int, idHash: @escaping (String) -> UInt64, columns: Bool = false) {
        self.path = path
        accountId = index[.accountId]!
        invoiceId = index[.invoiceId]!
        invoiceDate = index[.invoiceDate]!
        dueDate = index[.dueDate]!
        amount = index[.amount]!
        paidDate = index[.paidDate]
        disputed = index[.disputed]
        paymentMethod = index[.paymentMethod]
        documentType = source.documentTypes == nil ? nil : index[.documentType]
        currency = index[.currency]
        self.attributes = attributes
        self.source = source
        invoiceFormat = source.dateFormats.format(for: "invoice_date")
        dueFormat = source.dateFormats.format(for: "due_date")
        paidFormat = source.dateFormats.format(for: "paid_date")
        self.rates = rates
        self.chunkSize = chunkSize
        self.idHash = idHash
        reject = source.onBadRow == .reject
        hasPayments = source.payments != nil
        columnar = columns && !hasPayments && currency == nil && documentType == nil && attributes.isEmpty
    }

    /// Checks the rows of `chunk` (the file's rows `firstRow...`) into `batch` (its arrays'
    /// storage is reused): in error mode stopping at the first bad cell, in reject mode
    /// setting bad rows aside. `seen` checks the invoice ids against every earlier row's
    /// (error mode), `seenRows` holds their lines and contents (reject mode).
    /// - Throws: only when the file cannot be read again (to confirm a duplicate, or for the
    ///   earlier rows' id hashes when `seen` falls back to them).
    func parse(_ chunk: CSVChunk, firstRow: Int, into batch: inout LedgerBatch, seen: InvoiceIdCheck, seenRows: SeenRows,
               scratch: inout LedgerScratch) throws {
        batch.reset()
        if scratch.amounts.count < chunk.rowCount { scratch.amounts = [Double](repeating: 0, count: chunk.rowCount) }
        var amountFailures: [CSVNumberFailure] = []
        if source.decimal == .point {
            amountFailures = scratch.amounts.withUnsafeMutableBufferPointer {
                chunk.parseNumbers([amount], into: $0.baseAddress!, allFailures: reject)
            }
        }
        let rows = chunk.rowCount
        // Error mode, large chunks: the ids and then the row checks in parts on both cores
        // (the rows are independent once the ids are checked, in file order, between the
        // two); the parts' documents are joined in order, and the first part's problem wins.
        // Measured (issue 16, 1M customers): this loop was the reading thread's largest part
        // and the reader's pace once the accumulator got faster. Eight parts rather than two
        // halves: the accumulating thread shares the two cores, and with two halves the one
        // it held up kept the other core waiting at the join.
        let halves = !reject && rows >= 8192 ? 8 : 1
        // The columns in error mode need no id as text: the check reads the cells' bytes, and
        // `check` makes the `String` of a row whose id may repeat (`ids` stays empty).
        let idsAsText = !(columnar && !reject)
        let idRows = idsAsText ? rows : 0
        if scratch.ids.count > idRows {
            scratch.ids.removeLast(scratch.ids.count - idRows)
        } else {
            scratch.ids.append(contentsOf: repeatElement("", count: idRows - scratch.ids.count))
        }
        if idsAsText { scratch.ids.withUnsafeMutableBufferPointer { ids in
            // Shared without Sendable checking, safely: each half writes its own rows' ids, and
            // concurrentPerform returns after both have ended (the same holds below).
            nonisolated(unsafe) let ids = ids, chunk = chunk
            let invoiceId = invoiceId
            DispatchQueue.concurrentPerform(iterations: halves) { half in
                for row in (rows * half / halves)..<(rows * (half + 1) / halves) {
                    ids[row] = chunk.string(row: row, column: invoiceId)
                }
            }
        } }
        var hits: [Int] = []
        // The columns in error mode, in parts: the id check runs beside the parts' cell checks
        // (below), which assume that no id repeats; should it report a possible repeat (a hash
        // hit), the parts are checked again knowing it. Measured (issue 16, 1M customers): the
        // id check was the largest serial step of the reader between its parallel ones.
        let beside = !reject && !idsAsText && halves > 1
        if !reject && !beside {
            // The chunk's ids first, as one group (`InvoiceIdCheck`); `hits` are the rows whose
            // id may have been seen.
            if idsAsText {
                try seen.check(scratch.ids, firstRow: firstRow, hash: idHash, hashes: &scratch.hashes,
                               earlier: idHashes(before:into:)) { hits.append($0) }
            } else {
                try seen.check(chunk, column: invoiceId, rows: rows, firstRow: firstRow, hash: idHash, hashes: &scratch.hashes,
                               earlier: idHashes(before:into:)) { hits.append($0) }
            }
        }
        let amounts = scratch.amounts, ids = scratch.ids
        if halves == 1 {
            try check(chunk, rows: 0..<rows, firstRow: firstRow, amounts: amounts, amountFailures: amountFailures, ids: ids,
                      hits: hits, seenRows: seenRows, into: &batch)
            return
        }
        while scratch.laterParts.count < halves - 1 { scratch.laterParts.append(HalfCheck()) }
        let parts = [HalfCheck()] + scratch.laterParts.prefix(halves - 1)
        var idCheck = beside ? IdCheckBeside(hashes: scratch.hashes) : nil
        while true {
            swap(&parts[0].batch, &batch)
            for part in parts { part.batch.reset(); part.error = nil }
            do {
                nonisolated(unsafe) let checker = self, chunk = chunk, seenRows = seenRows, seen = seen, idCheck = idCheck
                let hits = hits, amountFailures = amountFailures
                DispatchQueue.concurrentPerform(iterations: halves + (idCheck == nil ? 0 : 1)) { half in
                    if half == halves, let idCheck {
                        do {
                            try seen.check(chunk, column: checker.invoiceId, rows: rows, firstRow: firstRow, hash: checker.idHash,
                                           hashes: &idCheck.hashes, earlier: checker.idHashes(before:into:)) { idCheck.hits.append($0) }
                        } catch {
                            idCheck.error = error
                        }
                        return
                    }
                    do {
                        try checker.check(chunk, rows: (rows * half / halves)..<(rows * (half + 1) / halves), firstRow: firstRow,
                                          amounts: amounts, amountFailures: amountFailures, ids: ids, hits: hits,
                                          seenRows: seenRows, into: &parts[half].batch)
                    } catch {
                        parts[half].error = error
                    }
                }
            }
            swap(&parts[0].batch, &batch)
            guard let finished = idCheck else { break }
            // The id check is done (once per chunk): its error as if thrown first, or its hits.
            idCheck = nil
            scratch.hashes = finished.hashes
            if let error = finished.error { throw error }
            guard !finished.hits.isEmpty else { break }
            hits = finished.hits
        }
        if let error = parts[0].error { throw error }
        for part in parts.dropFirst() {
            guard batch.problem == nil else { return }
            if let error = part.error { throw error }
            let next = part.batch
            batch.invoices.append(contentsOf: next.invoices)
            if columnar { batch.columns.append(contentsOf: next.columns) }
            batch.lines.append(contentsOf: next.lines)
            for (code, count) in next.currencies { batch.currencies[code, default: 0] += count }
            batch.ignored += next.ignored
            batch.problem = next.problem
        }
    }

    /// The row loop of `parse` over chunk `rows` (the file's rows `firstRow + rows`), appending
    /// to `batch` (not reset): `amounts` and `amountFailures` as `parseNumbers` gave them,
    /// `ids` every row's id, `hits` the rows whose id may repeat an earlier one (error mode).
    private func check(_ chunk: CSVChunk, rows: Range<Int>, firstRow: Int, amounts: [Double],
                       amountFailures: [CSVNumberFailure], ids: [String], hits: [Int], seenRows: SeenRows,
                       into batch: inout LedgerBatch) throws {
        var nextFailure = amountFailures.firstIndex { $0.row >= rows.lowerBound } ?? amountFailures.count
        var nextHit = hits.firstIndex { $0 >= rows.lowerBound } ?? hits.count
        for row in rows {
            let hit = nextHit < hits.count && hits[nextHit] == row
            if hit { nextHit += 1 }
            var badAmount: StrictDecimal.Failure?
            if nextFailure < amountFailures.count, amountFailures[nextFailure].row == row {
                badAmount = amountFailures[nextFailure].failure
                nextFailure += 1
            }
            // Without `ids` (the columns in error mode) the id's `String` is made only for a hit.
            let id = ids.isEmpty ? (hit ? chunk.string(row: row, column: invoiceId) : "") : ids[row]
            let noId = ids.isEmpty ? (chunk.unquotedField(row: row, column: invoiceId)?.isEmpty ?? chunk.isEmpty(row: row, column: invoiceId))
                : id.isEmpty
            // The columns copy the account id's bytes later; no `String` is made for them.
            let account = columnar ? "" : chunk.string(row: row, column: accountId)
            let noAccount = columnar ? (chunk.unquotedField(row: row, column: accountId)?.isEmpty ?? chunk.isEmpty(row: row, column: accountId))
                : account.isEmpty
            if noAccount || noId {
                let error = noAccount ? chunk.error(row: row, column: accountId, "empty account id")
                    : chunk.error(row: row, column: invoiceId, "empty invoice id")
                guard reject else { batch.problem = error; return }
                batch.rejects.append(BadRow(error, reason: error.message.description))
                continue
            }
            if reject {
                let line = chunk.lineNumber(ofRow: row), content = chunk.contentHash(row: row)
                if let first = seenRows.first[id] {
                    if first.content == content {
                        batch.dropped += 1
                    } else {
                        batch.rejects.append(BadRow(chunk.error(row: row, column: invoiceId,
                                                                "duplicate invoice id with different content, first seen on line \(first.line)"),
                                                    reason: "duplicate invoice id with different content"))
                    }
                    continue
                }
                seenRows.first[id] = (line, content)
            } else if hit, let first = try firstLine(of: id, before: firstRow + row) {
                batch.problem = chunk.error(row: row, column: invoiceId, "duplicate invoice id, first seen on line \(first)")
                return
            }
            switch check(chunk, row, account: account, id: id, parsedAmount: badAmount.map { .failure($0) } ?? .value(amounts[row]),
                         into: &batch) {
            case .added:
                if hasPayments { batch.lines.append(chunk.lineNumber(ofRow: row)) }
                if currency != nil, let code = batch.invoices[batch.invoices.count - 1].currency {
                    batch.currencies[code, default: 0] += 1
                }
            case .ignored:
                batch.ignored += 1
            case .bad(let error, let reason):
                guard reject else { batch.problem = error; return }
                batch.rejects.append(BadRow(error, reason: reason))
            }
        }
    }

    /// What became of a row: its document appended, skipped by type, or bad.
    enum Outcome {
        case added
        case ignored
        case bad(InputError, reason: String)
    }

    /// The checks of one row whose id has passed the uniqueness check; a good row's document
    /// is appended to `batch.invoices`, or to `batch.columns` when `columnar` (`account` is
    /// then empty: the columns copy its bytes), in place: no copy of the value through an enum.
    private func check(_ chunk: CSVChunk, _ row: Int, account: String, id: String,
                       parsedAmount: StrictDecimal.Outcome, into batch: inout LedgerBatch) -> Outcome {
        func bad(_ column: Int, _ message: ParameterText, _ reason: String) -> Outcome {
            .bad(chunk.error(row: row, column: column, message), reason: reason)
        }
        var kind = DocumentKind.invoice
        if let documentType, let types = source.documentTypes {
            let code = chunk.string(row: row, column: documentType)
            guard let known = types.kinds[code] else {
                return bad(documentType, "unknown document type (map it in the document types: \(types.text))",
                           "unknown document type")
            }
            if known == .ignore { return .ignored }
            kind = known
        }
        // The row located once for its fields (`CSVChunk.RowPosition`).
        let at = chunk.position(ofRow: row)
        guard let issued = chunk.date(at, column: invoiceDate, format: invoiceFormat) else {
            return .bad(badDate(chunk, row, invoiceDate, invoiceFormat), reason: "invalid date")
        }
        // A credit memo's due date is not used: it may be empty or before its date.
        let due: CalendarDay
        if kind == .creditMemo {
            due = chunk.date(at, column: dueDate, format: dueFormat) ?? issued
        } else {
            guard let day = chunk.date(at, column: dueDate, format: dueFormat) else {
                return .bad(badDate(chunk, row, dueDate, dueFormat), reason: "invalid date")
            }
            guard day >= issued else { return bad(dueDate, "due date before invoice date", "due date before invoice date") }
            due = day
        }
        let outcome = source.decimal == .comma ? chunk.decimalComma(row: row, column: amount) : parsedAmount
        var value: Double
        switch outcome {
        case .value(let v): value = v
        case .failure(let failure): return bad(amount, ParameterText(failure.message), "invalid amount")
        }
        if kind == .creditMemo {
            value = abs(value)
        } else if value < 0 {
            return bad(amount, "negative amount on an invoice (map credit memos with document types)",
                       "negative amount on an invoice")
        }
        var paid: CalendarDay?
        // An unquoted cell is located once for both the emptiness test and the date.
        let paidCell = paidDate.flatMap { chunk.unquotedField(at, column: $0) }
        if let paidDate, !(hasPayments && kind == .invoice),
           !(paidCell?.isEmpty ?? chunk.isEmpty(at, column: paidDate)) {
            guard let day = paidCell.map({ paidFormat.parse(bytes: $0) }) ?? chunk.date(at, column: paidDate, format: paidFormat) else {
                return .bad(badDate(chunk, row, paidDate, paidFormat), reason: "invalid date")
            }
            guard day >= issued else { return bad(paidDate, "paid date before invoice date", "paid date before invoice date") }
            paid = day
        }
        var isDisputed = false
        if let disputed {
            // The usual spellings from the cell's bytes (no `String` per row), else the full rule.
            guard let flag = chunk.unquotedField(at, column: disputed).flatMap(LedgerReader.usualFlag)
                    ?? LedgerReader.parseFlag(chunk.string(row: row, column: disputed)) else {
                return bad(disputed, "expected yes/no, true/false or 1/0", "invalid disputed flag")
            }
            isDisputed = flag
        }
        var code: String?
        let local = value
        if let currency {
            let text = chunk.string(row: row, column: currency)
            guard !text.isEmpty else { return bad(currency, "empty currency code", "empty currency") }
            code = text
            if let rates {
                guard let rate = rates.factor(text, on: issued, reporting: source.reportingCurrency) else {
                    return bad(currency, "no exchange rate for \(text) on \(issued) in \(rates.path)", "no exchange rate")
                }
                value *= rate
            }
        }
        if columnar {
            batch.columns.append(chunk, at, row: row, accountColumn: accountId, invoiceDate: issued, dueDate: due, amount: value,
                                 paidDate: paid, disputed: isDisputed, methodColumn: paymentMethod)
            return .added
        }
        batch.invoices.append(Invoice(accountId: account, invoiceId: id, invoiceDate: issued, dueDate: due, amount: value,
                                localAmount: local, paidDate: paid, disputed: isDisputed,
                                paymentMethod: paymentMethod.map { chunk.string(row: row, column: $0) },
                                kind: kind, currency: code,
                                attributes: attributes.isEmpty ? [] : attributes.map { chunk.string(row: row, column: $0) }))
        return .added
    }

    private func badDate(_ chunk: CSVChunk, _ row: Int, _ column: Int, _ format: DateFormat) -> InputError {
        // Without a pattern only ISO is accepted: `01/02/2013` could be January or February.
        let expectation: ParameterText = format == .iso && source.dateFormats.isISOOnly
            ? "expected an ISO date YYYY-MM-DD (use \(Parameter.dateFormat) for other layouts)"
            : "expected a date like \(format.pattern)"
        return chunk.error(row: row, column: column, "invalid or ambiguous date; \(expectation)")
    }

    /// Adds the id hashes of the file's rows `0..<limit` to `set`, reading them again
    /// (`InvoiceIdCheck` falls back to hashes once, at the first id out of order).
    private func idHashes(before limit: Int, into set: InvoiceIdSet) throws {
        let stream = try CSVStream(path: path, chunkSize: chunkSize, delimiter: source.delimiter,
                                   allowingDuplicateNames: true)
        var first = 0
        var hashes: [UInt64] = []
        while first < limit, let chunk = try stream.next() {
            hashes.removeAll(keepingCapacity: true)
            for row in 0..<min(chunk.rowCount, limit - first) { hashes.append(idHash(chunk.string(row: row, column: invoiceId))) }
            // Rows before the fallback have distinct ids: a hit among them is a collision.
            hashes.withUnsafeBufferPointer { set.insert(contentsOf: $0) { _ in } }
            first += chunk.rowCount
        }
    }

    /// The line of the first of the file's rows `0..<limit` whose invoice id is exactly `id`,
    /// or nil when only its hash matched (a collision, not a duplicate). Reads the file again
    /// from the start; runs only on a hash hit, which a file without duplicates almost never has.
    private func firstLine(of id: String, before limit: Int) throws -> Int? {
        let stream = try CSVStream(path: path, chunkSize: chunkSize, delimiter: source.delimiter,
                                   allowingDuplicateNames: true)
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
