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
        case .failure(let failure): throw error(row: row, column: column, failure.message)
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
        // First failure per chunk as (row, column position, failure); chunks write only their own slot.
        var failures = [(Int, Int, StrictDecimal.Failure)?](repeating: nil, count: chunks)
        let values = [Double](unsafeUninitializedCapacity: total) { out, count in
            // Fill with zeros first so the buffer is initialized even when a chunk stops early.
            out.initialize(repeating: 0)
            count = total
            bytes.withUnsafeBufferPointer { b in
                rowStarts.withUnsafeBufferPointer { starts in
                    fieldEnds.withUnsafeBufferPointer { ends in
                        failures.withUnsafeMutableBufferPointer { failedBuffer in
                            // Pointer copies: the worker closure may not capture the inout parameters.
                            let failed = failedBuffer, output = out
                            let body = { (chunk: Int) in
                                let rows = (chunk * rowsPerChunk)..<min(rowCount, (chunk + 1) * rowsPerChunk)
                                failed[chunk] = Self.parseRows(rows, columns: columns, fieldsPerRow: header.count,
                                                               bytes: b, rowStarts: starts, fieldEnds: ends, into: output)
                            }
                            if chunks == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: chunks, execute: body) }
                        }
                    }
                }
            }
        }
        if let (row, position, failure) = failures.lazy.compactMap({ $0 }).first {
            throw error(row: row, column: columns[position], failure.message)
        }
        return values
    }

    /// Parses `rows` into `out`; returns the first failure, if any, and stops there.
    private static func parseRows(_ rows: Range<Int>, columns: [Int], fieldsPerRow: Int,
                                  bytes: UnsafeBufferPointer<UInt8>, rowStarts: UnsafeBufferPointer<Int>,
                                  fieldEnds: UnsafeBufferPointer<UInt32>,
                                  into out: UnsafeMutableBufferPointer<Double>) -> (Int, Int, StrictDecimal.Failure)? {
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
                case .failure(let failure): return (row, position, failure)
                }
            }
        }
        return nil
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
