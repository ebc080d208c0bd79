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

    /// Appends `format(value)`'s UTF-8 to `out` without making a `String` for an integral value
    /// (its digits are written directly); a test holds the bytes equal to `format`'s.
    @inline(__always)
    public static func appendFormatted(_ value: Double, to out: inout [UInt8]) {
        guard value == value.rounded(.towardZero), abs(value) < 0x1p53 else {
            // `description` is the text `format` interpolates (`_float64ToString`, not debug),
            // made without an interpolation buffer: no allocation up to 15 characters.
            if value.isFinite { out.append(contentsOf: value.description.utf8) } else { out.append(contentsOf: format(value).utf8) }
            return
        }
        var magnitude = Int64(value).magnitude
        if value < 0, magnitude != 0 { out.append(UInt8(ascii: "-")) }
        // Up to 16 digits (below 2^53), written last first into a fixed buffer.
        var digits: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &digits) { buffer in
            var end = 16
            repeat {
                end -= 1
                buffer[end] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude != 0
            out.append(contentsOf: buffer[end..<16])
        }
    }

    /// Appends `render(.text(text))`'s UTF-8 to `out`: the text's own bytes when it neither
    /// starts with a formula trigger nor needs quotes (no `String` made), else the rendered text.
    @inline(__always)
    public static func appendText(_ text: String, to out: inout [UInt8]) {
        var text = text
        let plain = text.withUTF8 { bytes -> Bool in
            if let first = bytes.first {
                switch first {
                case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    return false
                default: break
                }
            }
            for byte in bytes where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 10 || byte == 13 { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if !plain { out.append(contentsOf: render(.text(text)).utf8) }
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
