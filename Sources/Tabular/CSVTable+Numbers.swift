import Dispatch
import Foundation

extension CSVTable {
    /// Field (`row`, `column`) as a strict decimal number (see `StrictDecimal`);
    /// surrounding quotes, if any, are removed first.
    /// - Throws: `InputError` with file, line, column name and the cell's text.
    public func double(row: Int, column: Int) throws -> Double {
        let range = fieldRange(row: row, column: column)
        let outcome = bytes.withUnsafeBufferPointer { Self.parseNumber(UnsafeBufferPointer(rebasing: $0[range])) }
        switch outcome {
        case .value(let value): return value
        case .failure(let failure): throw error(row: row, column: column, ParameterText(failure.message))
        }
    }

    /// The given columns of every row as strict decimals, row-major
    /// (`rowCount x columns.count`; element `r * columns.count + k` is column
    /// `columns[k]` of row `r`), ready to wrap in a matrix.
    ///
    /// Parsed from the bytes, split over the processor's cores for large files.
    /// - Throws: `InputError` for the first bad cell in row order (the same cell
    ///   whatever the number of cores), with file, line, column name and value.
    public func numericColumns(_ columns: [Int]) throws -> [Double] {
        let width = columns.count
        let total = rowCount * width
        guard total > 0 else { return [] }
        let rowsPerChunk = 8192
        let chunks = (rowCount + rowsPerChunk - 1) / rowsPerChunk
        // First failure per chunk; chunks write only their own slot.
        var failures = [[CSVNumberFailure]](repeating: [], count: chunks)
        let values = [Double](unsafeUninitializedCapacity: total) { out, count in
            adviseHugePages(UnsafeMutableRawPointer(out.baseAddress!), byteCount: total * MemoryLayout<Double>.stride)
            // Fill with zeros first so the buffer is initialized even when a chunk stops early.
            out.initialize(repeating: 0)
            count = total
            bytes.withUnsafeBufferPointer { b in
                failures.withUnsafeMutableBufferPointer { failedBuffer in
                    // Pointer copies: the worker closure may not capture the inout parameters.
                    // Shared without Sendable checking, safely: chunks only read the bytes and
                    // row offsets (unchanged for the call), chunk `c` writes only its own rows of
                    // `output` and `failed[c]`, and concurrentPerform returns after every chunk has ended.
                    nonisolated(unsafe) let failed = failedBuffer, output = out.baseAddress!, bytes = b, rows = rows
                    let fieldsPerRow = header.count
                    let body: @Sendable (Int) -> Void = { chunk in
                        let range = (chunk * rowsPerChunk)..<min(rowCount, (chunk + 1) * rowsPerChunk)
                        rows.parseNumbers(range, columns: columns, fieldsPerRow: fieldsPerRow, bytes: bytes, into: output,
                                          allFailures: false, failures: &failed[chunk])
                    }
                    if chunks == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: body) }
                }
            }
        }
        if let first = failures.lazy.compactMap(\.first).first {
            throw error(row: first.row, column: columns[first.position], ParameterText(first.failure.message))
        }
        return values
    }

    /// Parses `columns` of `rows` (indices into `rowStarts`) into `out`, element
    /// `row * columns.count + k` for column `columns[k]`. Appends the failing cells to
    /// `failures` in row order: only the first (and stops there) unless `allFailures`,
    /// in which case a failing cell's element is set to 0.
    static func parseRows(_ rows: Range<Int>, columns: [Int], fieldsPerRow: Int,
                          bytes: UnsafeBufferPointer<UInt8>, rowStarts: UnsafeBufferPointer<Int>,
                          fieldEnds: UnsafeBufferPointer<UInt32>, into out: UnsafeMutablePointer<Double>,
                          allFailures: Bool, failures: inout [CSVNumberFailure]) {
        let width = columns.count
        let base = bytes.baseAddress!
        for row in rows {
            let start = rowStarts[row]
            let fields = row &* fieldsPerRow
            let output = row &* width
            for position in 0..<width {
                let column = columns[position]
                let end = start &+ Int(fieldEnds[fields &+ column])
                let begin = column == 0 ? start : start &+ Int(fieldEnds[fields &+ column &- 1]) &+ 1
                switch parseNumber(UnsafeBufferPointer(start: base + begin, count: end &- begin)) {
                case .value(let value): out[output &+ position] = value
                case .failure(let failure):
                    failures.append(CSVNumberFailure(row: row, position: position, failure: failure))
                    guard allFailures else { return }
                    out[output &+ position] = 0
                }
            }
        }
    }

    /// Strict decimal of a raw field, looking inside quotes (`"12.5"` is 12.5).
    @inline(__always)
    static func parseNumber(_ raw: UnsafeBufferPointer<UInt8>) -> StrictDecimal.Outcome {
        if raw.count >= 2, raw[0] == UInt8(ascii: "\"") {
            return StrictDecimal.parse(UnsafeBufferPointer(start: raw.baseAddress! + 1, count: raw.count &- 2))
        }
        return StrictDecimal.parse(raw)
    }
}

/// A cell that is not a strict decimal, found while parsing numeric columns.
public struct CSVNumberFailure: Equatable, Sendable {
    /// The row (0-based, in the table or chunk that was parsed).
    public var row: Int
    /// The position of the cell's column in the list of parsed columns.
    public var position: Int
    /// Why the cell is not a number.
    public var failure: StrictDecimal.Failure
}

extension CSVScanner.Rows {
    /// `CSVTable.parseRows` over `rows` of these records: their starts and field ends are opened
    /// here, so a caller names only the bytes (one place for the three buffers the parser reads).
    func parseNumbers(_ rows: Range<Int>, columns: [Int], fieldsPerRow: Int, bytes: UnsafeBufferPointer<UInt8>,
                      into out: UnsafeMutablePointer<Double>, allFailures: Bool, failures: inout [CSVNumberFailure]) {
        starts.withUnsafeBufferPointer { starts in
            fieldEnds.withUnsafeBufferPointer { ends in
                CSVTable.parseRows(rows, columns: columns, fieldsPerRow: fieldsPerRow, bytes: bytes, rowStarts: starts,
                                   fieldEnds: ends, into: out, allFailures: allFailures, failures: &failures)
            }
        }
    }
}
