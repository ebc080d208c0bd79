/// A problem with an input file, located as precisely as the reader knows it.
///
/// `description` is the one line a command prints on standard error:
/// `FILE:LINE:COLUMN: message (value)`, where `LINE`, `COLUMN` and the value
/// are left out when unknown. `LINE` is the 1-based physical line (the header
/// is line 1; a quoted field spanning lines counts every line). Control
/// characters in the column, message and value are escaped (`\n`, `\r`, `\t`,
/// `\u{1b}`) and the value is cut to 60 characters, so the message always stays
/// on one line.
///
/// A value read from a spreadsheet (.xlsx) is located by its sheet cell instead
/// (`sheetLocation`, which replaces `LINE` and `COLUMN`): `FILE:SHEET!CELL: message (value)`,
/// for example `ledger.xlsx:Sheet1!D14: not a plain decimal number (n/a)`; see
/// `SheetLocation` for the notation of cells, rows and columns.
public struct InputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The file as the user named it.
    public var file: String
    /// 1-based physical line, when the problem is on one line.
    public var line: Int?
    /// The column's header name, when the problem is in one cell.
    public var column: String?
    /// The offending text, when there is one.
    public var value: String?
    /// What is wrong, in lower case, without the location (for example `not a number`). It may
    /// name parameters (`"feature listed twice in \(Parameter.features)"`), which `description`
    /// spells by their library names and `description(spelling:)` as the caller asks.
    public var message: ParameterText
    /// Where in a spreadsheet (.xlsx) the problem is; when set, `description` names it
    /// in place of `line` and `column`.
    public var sheetLocation: SheetLocation?

    public init(file: String, line: Int? = nil, column: String? = nil, value: String? = nil, message: ParameterText) {
        self.file = file
        self.line = line
        self.column = column
        self.value = value
        self.message = message
    }

    /// An error at a sheet cell, row or column of the spreadsheet `file`.
    public init(file: String, sheetLocation: SheetLocation, value: String? = nil, message: ParameterText) {
        self.init(file: file, value: value, message: message)
        self.sheetLocation = sheetLocation
    }

    public var description: String { description(spelling: \.rawValue) }

    /// `description` with every parameter the message names spelled by `spelling` (a command
    /// line spells them as its flags).
    public func description(spelling: (Parameter) -> String) -> String {
        var text = file
        if let sheetLocation {
            text += ":\(Self.printable(sheetLocation.description, limit: .max))"
        } else {
            if let line { text += ":\(line)" }
            if let column { text += ":\(Self.printable(column))" }
        }
        // The message can quote user text too (a feature name in a rule, a YAML problem):
        // escape its control characters so the error stays one line, but do not shorten it.
        text += ": \(Self.printable(message.spelled(spelling), limit: .max))"
        if let value { text += " (\(Self.printable(value)))" }
        return text
    }

    /// Escapes control characters and shortens long text so a message stays on one line.
    static func printable(_ text: String, limit: Int = 60) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit { out += "..."; break }
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }
}
