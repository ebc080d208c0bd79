/// One cell of a CSV export.
public enum CSVCell: Equatable, Sendable {
    /// Text, quoted when needed and neutralised when a spreadsheet could read it as a formula.
    case text(String)
    /// A number, printed shortest round-trip (`0.1`, `1e-05`, `3` for 3.0), never neutralised.
    case number(Double)
    /// An integer, printed in decimal.
    case integer(Int)
    /// An empty cell.
    case empty
}

/// Builds CSV text that spreadsheets and `CSVReader` read back safely.
///
/// - Quoting (RFC 4180): a field holding a comma, a quote, CR or LF is wrapped
///   in quotes and its quotes doubled. Records end with LF.
/// - Formula injection: a text cell (header names included) starting with
///   `=`, `+`, `-`, `@`, TAB or CR gets a leading `'`, so Excel, LibreOffice
///   and Google Sheets show it as text instead of evaluating it (OWASP's
///   "CSV injection" advice). Number cells are never changed, so `-3.5` stays
///   a negative number.
/// - Numbers: `.number` uses Swift's shortest round-trip form, integral values
///   below 2^53 in magnitude without `.0` (`-0.0` prints as `0`). Non-finite
///   values print as `nan`, `inf` or `-inf`; `CSVReader` rejects those, so
///   callers must not export them.
public struct CSVWriter: Sendable {
    /// Number of fields every row must have.
    public let columnCount: Int
    /// The CSV text so far, header included.
    public private(set) var text: String

    public init(header: [String]) {
        columnCount = header.count
        text = ""
        appendRecord(header.map { CSVCell.text($0) })
    }

    /// Appends one record; traps when `row.count` differs from the header's count
    /// (a programming error: a ragged export could never be read back).
    public mutating func append(_ row: [CSVCell]) {
        precondition(row.count == columnCount, "CSV row has \(row.count) cells, header has \(columnCount)")
        appendRecord(row)
    }

    /// The text appended so far, which the writer then forgets (the header stays written):
    /// for streaming a large table out in blocks.
    public mutating func takeText() -> String {
        defer { text = "" }
        return text
    }

    private mutating func appendRecord(_ row: [CSVCell]) {
        for (index, cell) in row.enumerated() {
            if index > 0 { text += "," }
            text += Self.render(cell)
        }
        text += "\n"
    }

    /// The field text for one cell: number formatting, neutralising and quoting.
    public static func render(_ cell: CSVCell) -> String {
        switch cell {
        case .empty: return ""
        case .integer(let value): return String(value)
        case .number(let value): return format(value)
        case .text(let value): return quoted(neutralised(value))
        }
    }

    /// Shortest round-trip decimal for `value`; integral values below 2^53 without `.0`.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == value.rounded(.towardZero), abs(value) < 0x1p53 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `text` with a leading `'` when it starts with a formula trigger (`= + - @`, TAB, CR).
    public static func neutralised(_ text: String) -> String {
        guard let first = text.utf8.first else { return text }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"),
             UInt8(ascii: "\t"), UInt8(ascii: "\r"):
            return "'" + text
        default:
            return text
        }
    }

    /// `text` quoted per RFC 4180 when it holds a comma, quote, CR or LF.
    public static func quoted(_ text: String) -> String {
        let special = text.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
        guard special else { return text }
        return "\"" + text.replacingOccurrencesOfQuote() + "\""
    }
}

private extension String {
    /// Doubles every `"` (no Foundation needed).
    func replacingOccurrencesOfQuote() -> String {
        var out = ""
        out.reserveCapacity(utf8.count + 2)
        for character in unicodeScalars {
            if character == "\"" { out += "\"\"" } else { out.unicodeScalars.append(character) }
        }
        return out
    }
}
