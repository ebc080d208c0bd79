/// A parsed RFC 4180 file: a header row and `rowCount` records of `header.count` fields.
///
/// The whole file is kept as one byte buffer and each field as an end offset
/// into it (4 bytes per field), so reading a file allocates no `String` per
/// field; text and numbers are decoded on demand. Build one with
/// `CSVReader.read(path:)` or `CSVReader.parse(_:path:)`, which guarantee that
/// every record has exactly `header.count` fields and header names are unique
/// and non-empty.
///
/// Rows are 0-based everywhere in this API; `lineNumber(ofRow:)` gives the
/// 1-based physical line for messages.
public struct CSVTable: Sendable {
    /// The file name used in error messages.
    public let path: String
    /// Column names from the first record, unescaped.
    public let header: [String]

    /// The file's bytes (after a UTF-8 byte-order mark, if any, which the reader skips).
    let bytes: [UInt8]
    /// Absolute offset of the first byte of each data record.
    let rowStarts: [Int]
    /// Exclusive end of each field relative to its record's start, row-major
    /// (`rowCount x header.count`). A field starts one byte (the comma) after
    /// the previous field's end, or at the record start.
    let fieldEnds: [UInt32]
    /// Physical start line of each record, or nil when record `r` starts on line `r + 2`
    /// (no quoted line breaks, no blank lines), which is the common case.
    let startLines: [Int]?

    /// Number of data records (the header is not counted).
    public var rowCount: Int { rowStarts.count }
    /// Number of fields in every record.
    public var columnCount: Int { header.count }

    /// 1-based physical line on which data record `row` starts (the header is line 1).
    public func lineNumber(ofRow row: Int) -> Int {
        startLines?[row] ?? row + 2
    }

    /// Byte range of field (`row`, `column`) in `bytes`, quotes included for a quoted field.
    func fieldRange(row: Int, column: Int) -> Range<Int> {
        let base = row &* header.count
        let start = rowStarts[row]
        let end = start &+ Int(fieldEnds[base &+ column])
        let begin = column == 0 ? start : start &+ Int(fieldEnds[base &+ column &- 1]) &+ 1
        return begin..<end
    }

    /// The unescaped text of field (`row`, `column`): surrounding quotes removed and
    /// doubled quotes collapsed. Leading zeros and spaces are kept (`007` stays `007`).
    public func string(row: Int, column: Int) -> String {
        let range = fieldRange(row: row, column: column)
        return bytes.withUnsafeBufferPointer { Self.unescape(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// `true` when field (`row`, `column`) is empty (`` or `""`).
    public func isEmpty(row: Int, column: Int) -> Bool {
        let range = fieldRange(row: row, column: column)
        return range.isEmpty || (range.count == 2 && bytes[range.lowerBound] == UInt8(ascii: "\""))
    }

    /// Index of the column named `name`.
    /// - Throws: `InputError` naming the file and the missing column.
    public func columnIndex(_ name: String) throws -> Int {
        guard let index = optionalColumnIndex(name) else {
            throw InputError(file: path, line: 1, value: name, message: "missing required column")
        }
        return index
    }

    /// Index of the column named `name`, or nil when there is none.
    public func optionalColumnIndex(_ name: String) -> Int? {
        header.firstIndex(of: name)
    }

    /// An `InputError` located at field (`row`, `column`), quoting the field's text.
    public func error(row: Int, column: Int, _ message: String) -> InputError {
        InputError(file: path, line: lineNumber(ofRow: row), column: header[column],
                   value: string(row: row, column: column), message: message)
    }

    /// Decodes a raw field: a field starting with a quote is quoted (the reader
    /// rejects quotes inside unquoted fields), so strip the outer quotes and halve `""`.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.count >= 2, raw[0] == UInt8(ascii: "\"") else {
            return String(decoding: raw, as: UTF8.self)
        }
        let inner = UnsafeBufferPointer(rebasing: raw[1..<(raw.count - 1)])
        guard inner.contains(UInt8(ascii: "\"")) else { return String(decoding: inner, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(inner.count)
        var k = 0
        while k < inner.count {
            out.append(inner[k])
            // The reader guarantees quotes inside a quoted field come in pairs.
            k += inner[k] == UInt8(ascii: "\"") ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
