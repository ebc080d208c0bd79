import Dispatch
import Foundation

/// A run of complete records from a `CSVStream`, valid until the stream's next `next()`
/// call (it points into the stream's buffer). Rows are 0-based within the chunk; every
/// record has exactly `header.count` fields. Text and numbers are decoded on demand, as
/// in `CSVTable`.
public struct CSVChunk {
    /// The file name used in error messages.
    public let path: String
    /// The file's column names.
    public let header: [String]
    /// The stream's buffer; the records' offsets point into it.
    let bytes: UnsafeBufferPointer<UInt8>
    /// One scan, or the pieces of a chunk scanned in parallel, in file order.
    let segments: [CSVScanner.Rows]
    /// Number of records in the chunk.
    public let rowCount: Int
    /// Bytes of the file the chunk's records span (line ends included).
    public let byteCount: Int

    /// The index of the scan holding chunk row `row`, and the row's index in it.
    @inline(__always)
    private func locate(_ row: Int) -> (segment: Int, index: Int) {
        var segment = 0, index = row
        while index >= segments[segment].count {
            index -= segments[segment].count
            segment += 1
        }
        return (segment, index)
    }

    /// Byte range of field (`row`, `column`) in `bytes`, quotes included for a quoted field.
    fileprivate func fieldRange(row: Int, column: Int) -> Range<Int> {
        let (segment, index) = locate(row)
        return CSVScanner.fieldRange(recordStart: segments[segment].starts[index], fieldEnds: segments[segment].fieldEnds,
                                     firstField: index &* header.count, column: column)
    }

    /// Where a row is in the chunk's scans: found once (`position(ofRow:)`) for a reader that
    /// reads several fields of the row. Measured (issue 16, 1M customers): locating the row
    /// again for each of the ledger checker's eight or so fields per row was 6.5% of `features`.
    public struct RowPosition {
        let segment: Int, firstField: Int, start: Int
    }

    /// The position of chunk row `row`.
    public func position(ofRow row: Int) -> RowPosition {
        let (segment, index) = locate(row)
        return RowPosition(segment: segment, firstField: index &* header.count, start: segments[segment].starts[index])
    }

    @inline(__always)
    fileprivate func fieldRange(_ at: RowPosition, column: Int) -> Range<Int> {
        CSVScanner.fieldRange(recordStart: at.start, fieldEnds: segments[at.segment].fieldEnds, firstField: at.firstField,
                              column: column)
    }

    /// 1-based physical line on which chunk row `row` starts.
    public func lineNumber(ofRow row: Int) -> Int {
        let (segment, index) = locate(row)
        return segments[segment].line(ofRow: index)
    }

    /// The unescaped text of field (`row`, `column`), as `CSVTable.string(row:column:)`.
    public func string(row: Int, column: Int) -> String {
        CSVScanner.unescape(UnsafeBufferPointer(rebasing: bytes[fieldRange(row: row, column: column)]))
    }

    /// The date in field (`row`, `column`) read with `format` (see `DateFormat.parse`), or nil:
    /// `format.parse(string(row:column:)[...])` without making a `String` (the ledger reader
    /// reads two or three dates per invoice; a non-generic call so it needs no specialization
    /// across modules).
    public func date(row: Int, column: Int, format: DateFormat) -> CalendarDay? {
        date(position(ofRow: row), column: column, format: format)
    }

    /// `date(row:column:format:)` of the row at `at`.
    public func date(_ at: RowPosition, column: Int, format: DateFormat) -> CalendarDay? {
        // An unquoted field goes straight to `parse`: no closure capturing `format` (whose
        // retain and release per date were measured at 5-7% of `features`, issue 16).
        let range = fieldRange(at, column: column)
        if range.isEmpty || bytes[range.lowerBound] != CSVScanner.quote {
            return format.parse(bytes: UnsafeBufferPointer(rebasing: bytes[range]))
        }
        return CSVScanner.withUnescaped(UnsafeBufferPointer(rebasing: bytes[range])) {
            format.parse(bytes: $0)
        }
    }

    /// The bytes of field (`row`, `column`) when it is not quoted (its text as it is, pointing
    /// into the chunk: valid while the chunk is), or nil for a quoted field (use `string`).
    /// For readers that copy or hash a field without making a `String` per row (the ledger's
    /// column batch, issue 16).
    public func unquotedField(row: Int, column: Int) -> UnsafeBufferPointer<UInt8>? {
        unquotedField(position(ofRow: row), column: column)
    }

    /// `unquotedField(row:column:)` of the row at `at`.
    public func unquotedField(_ at: RowPosition, column: Int) -> UnsafeBufferPointer<UInt8>? {
        let range = fieldRange(at, column: column)
        if !range.isEmpty, bytes[range.lowerBound] == CSVScanner.quote { return nil }
        return UnsafeBufferPointer(rebasing: bytes[range])
    }

    /// `true` when field (`row`, `column`) is empty (`` or `""`).
    public func isEmpty(row: Int, column: Int) -> Bool {
        isEmpty(position(ofRow: row), column: column)
    }

    /// `isEmpty(row:column:)` of the row at `at`.
    public func isEmpty(_ at: RowPosition, column: Int) -> Bool {
        CSVScanner.isEmpty(UnsafeBufferPointer(rebasing: bytes[fieldRange(at, column: column)]))
    }

    /// An `InputError` located at field (`row`, `column`), quoting the field's text.
    public func error(row: Int, column: Int, _ message: ParameterText) -> InputError {
        InputError(file: path, line: lineNumber(ofRow: row), column: header[column],
                   value: string(row: row, column: column), message: message)
    }

    /// Tasks for parsing `cells` numbers: at least 16384 cells each, up to four per core, so a
    /// core that the scheduler holds up leaves less work waiting.
    static func parseTasks(cells: Int, cores: Int) -> Int {
        // Parenthesised: in Swift `>>` binds tighter than `*` (`a * b >> 14` is `a * (b >> 14)`),
        // which once made this 1 for every chunk and left the second core idle.
        min(max(cells >> 14, 1), 4 * max(cores, 1))
    }

    /// Parses `columns` of every row as strict decimals (see `StrictDecimal`; quotes
    /// removed first) into `out`: element `row * columns.count + k` is column `columns[k]`
    /// of chunk row `row`. Split over the processor's cores for large chunks.
    /// - Returns: the cells that are not numbers, in row order: only the first one unless
    ///   `allFailures` (then every failing cell's element is 0). With only the first, the
    ///   elements after it are unspecified.
    public func parseNumbers(_ columns: [Int], into out: UnsafeMutablePointer<Double>,
                             allFailures: Bool = false) -> [CSVNumberFailure] {
        let width = columns.count
        guard width > 0 else { return [] }
        if segments.allSatisfy({ $0.parsedColumns == columns }) {
            copyParsedNumbers(into: out, width: width)
            return []
        }
        let workers = Self.parseTasks(cells: rowCount * width, cores: ProcessInfo.processInfo.activeProcessorCount)
        var found = [[CSVNumberFailure]](repeating: [], count: workers)
        let rowCount = rowCount
        found.withUnsafeMutableBufferPointer { results in
            // Shared without Sendable checking, safely: workers only read the chunk (the stream
            // keeps its bytes unchanged until its next `next()`, after this call), worker `w`
            // writes only the output rows of its own row range and `failures[w]`, and
            // concurrentPerform returns after every worker has ended.
            nonisolated(unsafe) let failures = results, output = out, chunk = self
            let body: @Sendable (Int) -> Void = { worker in
                // Each worker's rows.
                let rows = (rowCount * worker / workers)..<(rowCount * (worker + 1) / workers)
                chunk.parseNumbers(rows, columns: columns, into: output, allFailures: allFailures,
                                   failures: &failures[worker])
            }
            if workers == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: workers, execute: body) }
        }
        let all = Array(found.joined())
        return allFailures ? all : Array(all.prefix(1))
    }

    /// Copies the numbers the fused scan parsed (every segment's `values`, all of which hold
    /// the asked columns) into `out`, one segment per task.
    private func copyParsedNumbers(into out: UnsafeMutablePointer<Double>, width: Int) {
        var firstRows = [Int]()
        var first = 0
        for segment in segments {
            firstRows.append(first)
            first += segment.count
        }
        // Shared without Sendable checking, safely: task `k` only reads segment `k` and writes
        // only that segment's rows of `output`; concurrentPerform returns after every task.
        nonisolated(unsafe) let output = out, chunk = self
        let starts = firstRows
        let body: @Sendable (Int) -> Void = { k in
            let segment = chunk.segments[k]
            segment.values.withUnsafeBufferPointer {
                (output + starts[k] * width).initialize(from: $0.baseAddress!, count: segment.count * width)
            }
        }
        if segments.count == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: segments.count, execute: body) }
    }

    /// `parseNumbers` for one worker's chunk `rows`, intersected with each scan's rows; appends
    /// its failures (chunk rows) to `failures`, stopping at the first unless `allFailures`.
    private func parseNumbers(_ rows: Range<Int>, columns: [Int], into out: UnsafeMutablePointer<Double>,
                              allFailures: Bool, failures: inout [CSVNumberFailure]) {
        let width = columns.count
        var first = 0
        for segment in segments {
            let lower = max(rows.lowerBound - first, 0), upper = min(rows.upperBound - first, segment.count)
            if lower < upper {
                let local = lower..<upper
                let before = failures.count
                segment.parseNumbers(local, columns: columns, fieldsPerRow: header.count, bytes: bytes,
                                     into: out + first * width, allFailures: allFailures, failures: &failures)
                for k in before..<failures.count { failures[k].row += first }
                if !allFailures, failures.count > 0 { return }
            }
            first += segment.count
        }
    }
}

extension CSVChunk {
    /// Field (`row`, `column`) as a decimal-comma number (`StrictDecimal.parseDecimalComma`),
    /// quotes removed first.
    public func decimalComma(row: Int, column: Int) -> StrictDecimal.Outcome {
        CSVScanner.withUnescaped(UnsafeBufferPointer(rebasing: bytes[fieldRange(row: row, column: column)])) {
            StrictDecimal.parseDecimalComma($0)
        }
    }

    /// A 64-bit hash (FNV-1a) of the row's unescaped fields, separated by a unit-separator
    /// byte: equal for rows with equal content however they were quoted.
    public func contentHash(row: Int) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for column in 0..<header.count {
            CSVScanner.withUnescaped(UnsafeBufferPointer(rebasing: bytes[fieldRange(row: row, column: column)])) { field in
                for byte in field {
                    hash ^= UInt64(byte)
                    hash = hash &* 0x0000_0100_0000_01B3
                }
            }
            hash ^= 0x1F
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
