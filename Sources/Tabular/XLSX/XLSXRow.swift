/// What a spreadsheet cell held, as far as the rules on its text care.
public enum XLSXCellKind: Sendable, Equatable {
    /// No value: no cell, a cell without a value, or an empty string.
    case empty
    /// A string: shared (`t="s"`), inline (`t="inlineStr"`) or a formula's string result
    /// (`t="str"`).
    case text
    /// A number whose format is not a date format; its text is `XLSXNumberText.plainDecimal`.
    case number
    /// A date: a number with a date format, as `XLSXNumberText.dateText`, or an ISO 8601
    /// date cell (`t="d"`), as `YYYY-MM-DD` when it has no time of day.
    case date
    /// A boolean (`t="b"`), as `TRUE` or `FALSE` (what Excel shows).
    case boolean
}

/// One row of a worksheet as text fields, dense from column A to the row's last cell with a
/// value: a column between two values that has no cell (sparse `r="C5"` references) is an
/// empty field. Cells are turned into text as `XLSXCellKind` says, so the fields read like the
/// fields of a CSV file.
///
/// A row passed to `XLSXWorkbook.forEachRow` is valid during the call; copy what you keep.
public struct XLSXRow: Sendable {
    /// The row's 1-based number in the sheet (as Excel shows it).
    public internal(set) var number: Int = 0
    /// The fields' UTF-8 text, one after the other.
    var bytes: [UInt8] = []
    /// The end offset of each field in `bytes`.
    var ends: [Int] = []
    /// The kind of each field.
    var kinds: [XLSXCellKind] = []

    /// An empty row (number 0, no fields).
    public init() {}

    /// Number of fields: 1 + the 0-based column of the last cell with a value (0 for a row
    /// without values).
    public var count: Int { kinds.count }

    /// What cell `column` (0-based) held; `.empty` past `count`.
    public func kind(at column: Int) -> XLSXCellKind {
        column < kinds.count ? kinds[column] : .empty
    }

    /// `true` when cell `column` held a number that is not a date: callers that need text
    /// (an id column) refuse such a cell unless it is a whole number.
    public func isNumber(at column: Int) -> Bool { kind(at: column) == .number }

    /// The text of field `column` (0-based); empty past `count`.
    public func string(at column: Int) -> String {
        guard column < kinds.count else { return "" }
        return String(decoding: bytes[range(column)], as: UTF8.self)
    }

    /// The fields as strings.
    public var strings: [String] { (0..<count).map { string(at: $0) } }

    /// Byte range of field `column` in `bytes`.
    func range(_ column: Int) -> Range<Int> {
        (column == 0 ? 0 : ends[column - 1])..<ends[column]
    }

    /// Empties the row for row `number`, keeping the storage.
    mutating func reset(number: Int) {
        self.number = number
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        kinds.removeAll(keepingCapacity: true)
    }

    /// Sets field `column` (past the last one; columns in between become empty fields) to the
    /// text already appended to `bytes` after the previous field.
    mutating func closeField(column: Int, kind: XLSXCellKind) {
        let start = ends.last ?? 0
        if column > kinds.count {
            ends.append(contentsOf: repeatElement(start, count: column - kinds.count))
            kinds.append(contentsOf: repeatElement(.empty, count: column - kinds.count))
        }
        ends.append(bytes.count)
        kinds.append(kind)
    }
}
