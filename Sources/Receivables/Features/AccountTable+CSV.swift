import Dispatch
import NumericCore
import Tabular

extension AccountTable {
    /// Reads an accounts CSV: one row per account, `idColumn` holding the id (text, must be
    /// non-empty and unique), every other column numeric or categorical.
    ///
    /// Numeric/categorical split, strict: a column whose every cell is a plain decimal
    /// (Tabular's strict number rule: no `nan`, `inf`, `1,234`, `$12`, empty) is numeric;
    /// a column where no cell is such a number is categorical (empty cells allowed); a column
    /// mixing the two is an error at a cell of the minority kind (an `NA`, `nan` or empty cell
    /// among numbers, even in the first row, or a number among text; on a tie the first
    /// non-empty cell's kind is the column's). Columns listed in `categorical` are always
    /// categorical (for codes such as `countryCode` that look numeric). Columns keep their file order within each kind.
    ///
    /// Streamed (`CSVStream`): every candidate numeric column is parsed as numbers straight
    /// into the matrix, and a column's text is kept only while none of its cells is a number;
    /// memory is the matrix, the ids and the categorical text plus one chunk of the file.
    /// Errors are those of reading the whole file first: a malformed record anywhere, then
    /// the missing id column, then the first empty or duplicate id, then the first column
    /// (in file order) with a cell of the wrong kind.
    ///
    /// `chunkSize` is the stream's chunk size (tests use tiny ones; the result never depends on it).
    public static func read(path: String, idColumn: String = "account_id", categorical: Set<String> = [],
                            chunkSize: Int = CSVStream.defaultChunkSize) throws -> AccountTable {
        let stream = try CSVStream(path: path, chunkSize: chunkSize)
        let idIndex: Int
        do {
            idIndex = try stream.columnIndex(idColumn)
        } catch {
            try stream.skipRest()
            throw error
        }
        let header = stream.header
        let others = header.indices.filter { $0 != idIndex }
        let candidates = others.filter { !categorical.contains(header[$0]) }
        let declared = others.filter { categorical.contains(header[$0]) }
        var ids: [String] = []
        var firstLine: [String: Int] = [:]
        var declaredValues = [[String]](repeating: [], count: declared.count)
        var votes = [ColumnVote](repeating: ColumnVote(), count: candidates.count)
        var idError: InputError?
        // The matrix stores only the candidates whose cells in the first chunk are all numbers
        // (`stored`, positions in `candidates`): a column that ends up numeric has no other cell,
        // and one that does not (text, or mixed and so an error) needs no numbers. Storing
        // every candidate and compacting afterwards held both matrices at once, the read's peak.
        var stored: [Int] = []
        var scratch: [Double] = []
        /// The chunk's candidate cells parsed into `scratch` (rows x candidates), and the failures by candidate.
        func parse(_ chunk: CSVChunk) -> [[CSVNumberFailure]] {
            if scratch.count < chunk.rowCount * candidates.count {
                scratch = [Double](repeating: 0, count: chunk.rowCount * candidates.count)
            }
            var failures = [[CSVNumberFailure]](repeating: [], count: candidates.count)
            for failure in scratch.withUnsafeMutableBufferPointer({ chunk.parseNumbers(candidates, into: $0.baseAddress!, allFailures: true) }) {
                failures[failure.position].append(failure)
            }
            return failures
        }
        var (values, rows) = try stream.collectRows(width: { first in
            let failures = parse(first)
            stored = candidates.indices.filter { failures[$0].isEmpty }
            return stored.count
        }) { chunk, out in
            for row in 0..<chunk.rowCount {
                let id = chunk.string(row: row, column: idIndex)
                let line = chunk.lineNumber(ofRow: row)
                guard !id.isEmpty else {
                    idError = InputError(file: path, line: line, column: idColumn, value: id, message: "empty account id")
                    return false
                }
                if let first = firstLine.updateValue(line, forKey: id) {
                    idError = InputError(file: path, line: line, column: idColumn, value: id,
                                         message: "duplicate account id, first seen on line \(first)")
                    return false
                }
                ids.append(id)
            }
            for (k, column) in declared.enumerated() {
                for row in 0..<chunk.rowCount { declaredValues[k].append(chunk.string(row: row, column: column)) }
            }
            let failures = parse(chunk)
            scratch.withUnsafeBufferPointer { parsed in
                for row in 0..<chunk.rowCount {
                    for (j, k) in stored.enumerated() { out[row * stored.count + j] = parsed[row * candidates.count + k] }
                }
            }
            for k in candidates.indices { votes[k].count(chunk, column: candidates[k], failures: failures[k]) }
            return true
        }
        if let idError { throw idError }

        var numericNames: [String] = []
        var numericPositions: [Int] = []
        var categoricalColumns: [CategoricalColumn] = []
        for column in others {
            let name = header[column]
            if let k = declared.firstIndex(of: column) {
                categoricalColumns.append(CategoricalColumn(name: name, values: declaredValues[k]))
            } else {
                let k = candidates.firstIndex(of: column)!
                if let text = try votes[k].categoricalText() {
                    categoricalColumns.append(CategoricalColumn(name: name, values: text))
                } else {
                    numericNames.append(name)
                    numericPositions.append(k)
                }
            }
        }
        // Without an error, the numeric columns are exactly `stored` (unless the file has no rows).
        return AccountTable(idColumn: idColumn, ids: ids, numericNames: numericNames,
                            values: Self.keep(numericPositions.map { stored.firstIndex(of: $0)! }, of: &values,
                                              width: stored.count, rows: rows),
                            categoricalColumns: categoricalColumns)
    }

    /// The matrix of the numeric columns: `positions` of the `rows x width` stored columns;
    /// `values` itself when it holds just those (the rule), otherwise copied into storage of
    /// exactly that size, after which the stored buffer is released (`values` is emptied).
    private static func keep(_ positions: [Int], of values: inout [Double], width: Int, rows: Int) -> Matrix {
        guard positions.count != width else { return Matrix(rows: rows, columns: width, storage: values) }
        let kept = positions.count
        let storage = [Double](unsafeUninitializedCapacity: rows * kept) { out, count in
            values.withUnsafeBufferPointer { v in
                for row in 0..<rows {
                    for (j, k) in positions.enumerated() { out[row * kept + j] = v[row * width + k] }
                }
            }
            count = rows * kept
        }
        values = []
        return Matrix(rows: rows, columns: kept, storage: storage)
    }

    /// One column's tally while streaming, for the numeric/categorical decision.
    ///
    /// Non-empty cells vote with the strict number rule and the majority decides (on a tie,
    /// the first non-empty cell), so a mixed column is an error at the odd cell out, a `nan`
    /// or `NA` in the first row of a numeric column included: in a numeric column the first
    /// cell that is not a number (empty included) is Tabular's error for that cell; in a text
    /// column the first number is "number in a text column". An all-empty column is categorical.
    private struct ColumnVote {
        var numbers = 0, texts = 0
        var firstNonEmptyIsNumber = false
        /// The error at the column's first number, should the column be text.
        var firstNumber: InputError?
        /// The error at the column's first cell that is not a number, should it be numeric.
        var firstFailure: InputError?
        /// The cells, while no number has been seen (a column with a number is never text).
        var text: [String]? = []

        /// Counts the chunk's cells of `column`; `failures` are its cells that are not numbers, in row order.
        mutating func count(_ chunk: CSVChunk, column: Int, failures: [CSVNumberFailure]) {
            if failures.isEmpty {
                sawNumber(chunk, row: 0, column: column)
                numbers += chunk.rowCount
                return
            }
            var next = 0
            for row in 0..<chunk.rowCount {
                if next < failures.count, failures[next].row == row {
                    if firstFailure == nil { firstFailure = chunk.error(row: row, column: column, ParameterText(failures[next].failure.message)) }
                    next += 1
                    if !chunk.isEmpty(row: row, column: column) { texts += 1 }
                    text?.append(chunk.string(row: row, column: column))
                } else {
                    sawNumber(chunk, row: row, column: column)
                    numbers += 1
                }
            }
        }

        private mutating func sawNumber(_ chunk: CSVChunk, row: Int, column: Int) {
            text = nil
            guard firstNumber == nil else { return }
            firstNumber = chunk.error(row: row, column: column,
                                      "number in a text column (declare the column categorical, or fix the text cells)")
            firstNonEmptyIsNumber = texts == 0
        }

        /// The column's text when it is categorical (no number in it), nil when it is numeric.
        /// - Throws: the error at the minority cell of a mixed column.
        func categoricalText() throws -> [String]? {
            guard let firstNumber else { return text }
            guard numbers > texts || (numbers == texts && firstNonEmptyIsNumber) else { throw firstNumber }
            if let firstFailure { throw firstFailure }
            return nil
        }
    }

    /// The table as CSV text: `idColumn`, the numeric columns, then the categorical columns.
    ///
    /// Numbers in shortest round-trip form (`12`, not `12.0`); text goes through `CSVWriter`,
    /// which neutralises cells that would start a spreadsheet formula.
    public var csv: String {
        var bytes: [UInt8] = []
        forEachCSVBlock { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Streams `csv` into `sink` block by block, so a 10M-account table never exists as one
    /// string (it would be about 1.8 GB, and twice that while converted to bytes).
    public func writeCSV(to sink: AtomicFile.Sink) throws {
        try forEachCSVBlock { try sink.write($0) }
    }

    /// `csv` as UTF-8 in consecutive pieces (the first is the header), each of up to
    /// `rowsPerBlock` rows. The blocks are rendered `blocksAtOnce` at a time on all cores, then
    /// handed to `body` in order; memory is those blocks (about 1.5 MB each at 8192 rows of
    /// ledger features).
    ///
    /// Speed (issue 16, `features` at 1M customers): rendering the table on one thread through
    /// a `[CSVCell]` and a `String` per row was about a fifth of the run's wall time, after the
    /// ledger was read; here a row is written into the block's bytes, on both cores. The bytes are
    /// `CSVWriter`'s: `CSVWriter.appendText` and `CSVWriter.appendFormatted`.
    private func forEachCSVBlock(rowsPerBlock: Int = 8192, blocksAtOnce: Int = 8, _ body: ([UInt8]) throws -> Void) rethrows {
        var header = CSVWriter(header: [idColumn] + numericNames + categoricalColumns.map(\.name))
        try body(Array(header.takeText().utf8))
        let blockCount = (rowCount + rowsPerBlock - 1) / rowsPerBlock
        var blocks = [[UInt8]](repeating: [], count: blocksAtOnce)
        var first = 0
        while first < blockCount {
            let count = min(blocksAtOnce, blockCount - first)
            blocks.withUnsafeMutableBufferPointer { out in
                // Shared without Sendable checking, safely: block `k` writes only `out[k]`, and
                // concurrentPerform returns after every block has ended.
                nonisolated(unsafe) let out = out, table = self
                let first = first, rowCount = rowCount
                DispatchQueue.concurrentPerform(iterations: count) { k in
                    let start = (first + k) * rowsPerBlock
                    table.renderRows(start..<min(start + rowsPerBlock, rowCount), into: &out[k])
                }
            }
            for k in 0..<count { try body(blocks[k]) }
            first += count
        }
    }

    /// Replaces `out` with the CSV records of `rows` (each ending with LF).
    private func renderRows(_ rows: Range<Int>, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out.reserveCapacity(rows.count * (24 + 12 * (numericNames.count + categoricalColumns.count)))
        let comma = UInt8(ascii: ",")
        values.storage.withUnsafeBufferPointer { numbers in
            let width = numericNames.count
            for i in rows {
                CSVWriter.appendText(ids[i], to: &out)
                for j in 0..<width {
                    out.append(comma)
                    CSVWriter.appendFormatted(numbers[i * width + j], to: &out)
                }
                for column in categoricalColumns {
                    out.append(comma)
                    CSVWriter.appendText(column[i], to: &out)
                }
                out.append(UInt8(ascii: "\n"))
            }
        }
    }

    /// The rows of `csv`, made one at a time from the table.
    public var csvRows: CSVRows {
        let table = self
        return CSVRows(header: [idColumn] + numericNames + categoricalColumns.map(\.name), count: rowCount) { i in
            var cells: [CSVCell] = [.text(table.ids[i])]
            for j in 0..<table.numericNames.count { cells.append(.number(table.values[i, j])) }
            for column in table.categoricalColumns { cells.append(.text(column[i])) }
            return cells
        }
    }
}
