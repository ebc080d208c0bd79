import Foundation

extension CSVStream {
    /// Streams the remaining records into one row-major array `width` values per row,
    /// written in place chunk by chunk: `fill` gets each chunk and a pointer to the chunk's
    /// first row (`chunk.rowCount * width` elements to write; anything else the caller needs
    /// from the chunk, such as text columns, it takes there too).
    ///
    /// The array's capacity is reserved once, from the file size and the first chunk's
    /// bytes per row plus 10% (pages never written cost no memory); a file that outgrows
    /// the estimate is copied once into a larger array.
    ///
    /// When `fill` returns false the collection stops: the rest of the file is only checked
    /// for structure (`skipRest()`), and the rows so far are returned (the caller then
    /// throws the problem it found).
    /// - Returns: the values (`rows * width` elements) and the number of rows.
    /// - Throws: the stream's structural errors, and whatever `fill` throws.
    public func collectRows(width: Int, _ fill: (CSVChunk, UnsafeMutablePointer<Double>) throws -> Bool)
        throws -> (values: [Double], rows: Int) {
        try collectRows(width: { _ in width }, fill)
    }

    /// `collectRows(width:_:)` with a width the caller chooses on seeing the first chunk
    /// (`width(first)`, called once, before `fill`):
    /// a reader that learns from the first rows which columns it keeps stores only those.
    public func collectRows(width chooseWidth: (CSVChunk) throws -> Int,
                            _ fill: (CSVChunk, UnsafeMutablePointer<Double>) throws -> Bool)
        throws -> (values: [Double], rows: Int) {
        var values: [Double] = []
        var rows = 0
        var stopped = false
        var pending = try next()
        let width = try pending.map { try chooseWidth($0) } ?? 0
        // `pending!` rather than a binding: a chunk still referenced when `next()` reuses the
        // scan storage would make the stream copy it.
        while pending != nil {
            let capacity = max(rows + pending!.rowCount, estimatedRows(after: pending!), rows + rows / 4) * width
            let previous = values
            values = []
            values = try [Double](unsafeUninitializedCapacity: max(capacity, 1)) { out, count in
                adviseHugePages(UnsafeMutableRawPointer(out.baseAddress!), byteCount: out.count * MemoryLayout<Double>.stride)
                _ = out.initialize(from: previous)
                count = previous.count
                while pending != nil {
                    guard (rows + pending!.rowCount) * width <= out.count else { return }
                    let more = try fill(pending!, out.baseAddress! + rows * width)
                    rows += pending!.rowCount
                    count = rows * width
                    pending = nil
                    if !more {
                        stopped = true
                        return
                    }
                    pending = try next()
                }
            }
        }
        if stopped { try skipRest() }
        return (values, rows)
    }

    /// The number of rows the file is likely to have, `chunk` being the last one read:
    /// the rows read so far plus the bytes left at the chunk's bytes per row, plus 10%.
    private func estimatedRows(after chunk: CSVChunk) -> Int {
        let rows = rowsRead
        guard let fileSize, bytesConsumed > 0 else { return rows * 2 }
        let bytesPerRow = Double(max(chunk.byteCount, 1)) / Double(chunk.rowCount)
        let left = Double(max(fileSize - bytesConsumed, 0)) / bytesPerRow
        return rows + Int(left * 1.1) + 16
    }

    /// The given columns of every remaining record as strict decimals, row-major
    /// (`rows x columns.count`; element `r * columns.count + k` is column `columns[k]`
    /// of row `r`), as `CSVTable.numericColumns` but streamed: memory is the result plus
    /// one chunk. `each` sees every chunk first, for the caller's other columns.
    /// - Throws: the stream's structural errors; then, once the whole file is known to be
    ///   well-formed, `InputError` for the first bad cell in row order with file, line,
    ///   column name and value (the same error as the whole-file reader).
    public func readNumericColumns(_ columns: [Int], each: (CSVChunk) throws -> Void = { _ in })
        throws -> (values: [Double], rows: Int) {
        var failure: InputError?
        // Numbers parsed while scanning where possible (the same records, values and errors).
        numberPlan = CSVScanner.NumberPlan(columns: columns, fields: header.count)
        defer { numberPlan = nil }
        let result = try collectRows(width: columns.count) { chunk, out in
            try each(chunk)
            guard let first = chunk.parseNumbers(columns, into: out).first else { return true }
            failure = chunk.error(row: first.row, column: columns[first.position], ParameterText(first.failure.message))
            // The rest is only checked for structure.
            numberPlan = nil
            return false
        }
        if let failure { throw failure }
        return result
    }
}
