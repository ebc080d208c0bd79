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
public struct CSVTable: CSVHeaderLookup, Sendable {
    /// The file name used in error messages.
    public let path: String
    /// Column names from the first record, unescaped.
    public let header: [String]

    /// The file's bytes (after a UTF-8 byte-order mark, if any, which the reader skips).
    let bytes: [UInt8]
    /// The data records: absolute start offsets, field ends relative to the record start
    /// (`rowCount x header.count`, row-major; a field starts one byte, the comma, after the
    /// previous field's end, or at the record start) and physical start lines.
    let rows: CSVScanner.Rows

    init(path: String, header: [String], bytes: [UInt8], rows: CSVScanner.Rows) {
        self.path = path
        self.header = header
        self.bytes = bytes
        self.rows = rows
    }

    /// Number of data records (the header is not counted).
    public var rowCount: Int { rows.count }
    /// Number of fields in every record.
    public var columnCount: Int { header.count }

    /// 1-based physical line on which data record `row` starts (the header is line 1).
    public func lineNumber(ofRow row: Int) -> Int {
        rows.line(ofRow: row)
    }

    /// Byte range of field (`row`, `column`) in `bytes`, quotes included for a quoted field.
    func fieldRange(row: Int, column: Int) -> Range<Int> {
        CSVScanner.fieldRange(recordStart: rows.starts[row], fieldEnds: rows.fieldEnds,
                              firstField: row &* header.count, column: column)
    }

    /// The unescaped text of field (`row`, `column`): surrounding quotes removed and
    /// doubled quotes collapsed. Leading zeros and spaces are kept (`007` stays `007`).
    public func string(row: Int, column: Int) -> String {
        let range = fieldRange(row: row, column: column)
        return bytes.withUnsafeBufferPointer { CSVScanner.unescape(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// `true` when field (`row`, `column`) is empty (`` or `""`).
    public func isEmpty(row: Int, column: Int) -> Bool {
        let range = fieldRange(row: row, column: column)
        return bytes.withUnsafeBufferPointer { CSVScanner.isEmpty(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// An `InputError` located at field (`row`, `column`), quoting the field's text.
    public func error(row: Int, column: Int, _ message: ParameterText) -> InputError {
        InputError(file: path, line: lineNumber(ofRow: row), column: header[column],
                   value: string(row: row, column: column), message: message)
    }
}
