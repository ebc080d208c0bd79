/// Which cell formats of a workbook show a number as a date.
///
/// A date in a spreadsheet is a number (a day serial, see `XLSXNumberText.DateSystem`) whose
/// cell format (`<c s="N">`, an index into `cellXfs` of `xl/styles.xml`) has a date or time
/// number format. A number format is a date format when:
/// - it is a built-in date or time format: ids 14-22 (`m/d/yyyy`, `d-mmm-yy`, `d-mmm`,
///   `mmm-yy`, `h:mm AM/PM`, `h:mm:ss AM/PM`, `h:mm`, `h:mm:ss`, `m/d/yyyy h:mm`) and 45-47
///   (`mm:ss`, `[h]:mm:ss`, `mm:ss.0`), unless the workbook redefines that id; or
/// - its format code (`<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>`) has, in its first
///   section (before any `;`), one of the letters `d m y h s` (either case) outside double
///   quotes, outside square brackets other than the elapsed-time ones (`[h]`, `[mm]`, `[ss]`),
///   and not escaped by `\`, nor the argument of `_` (a space as wide as the next character)
///   or `*` (fill with the next character). So `yyyy-mm-dd`, `[$-409]d-mmm-yy;@` and `[h]:mm`
///   are dates, while `#,##0.00 "USD"`, `0.00E+00` and `[Red]0.0` are not.
struct XLSXStyles {
    /// For each `cellXfs` entry, whether it shows a date.
    var dateFormats: [Bool]

    /// `true` when cell format `index` shows a date (false for an index out of range).
    func isDate(style index: Int) -> Bool {
        index >= 0 && index < dateFormats.count && dateFormats[index]
    }

    /// Built-in number formats that show a date or time.
    static let builtInDateFormats: Set<Int> = Set(14...22).union(45...47)

    /// `true` when `code` is a date or time format code (see the type's documentation).
    static func isDateFormatCode(_ code: String) -> Bool {
        let scalars = Array(code.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            switch c {
            case ";": return false
            case "\"":
                i += 1
                while i < scalars.count, scalars[i] != "\"" { i += 1 }
            case "\\", "_", "*":
                i += 1
            case "[":
                var j = i + 1
                while j < scalars.count, scalars[j] != "]" { j += 1 }
                let inner = String(String.UnicodeScalarView(scalars[(i + 1)..<min(j, scalars.count)])).lowercased()
                if !inner.isEmpty, inner.allSatisfy({ $0 == "h" || $0 == "m" || $0 == "s" }),
                   Set(inner).count == 1 {
                    return true
                }
                i = j
            case "d", "D", "m", "M", "y", "Y", "h", "H", "s", "S":
                return true
            default:
                break
            }
            i += 1
        }
        return false
    }

    /// Reads `numFmts` and `cellXfs` from the bytes of `xl/styles.xml`.
    static func parse(_ b: UnsafeBufferPointer<UInt8>) throws -> XLSXStyles {
        var custom: [Int: Bool] = [:]
        var formats: [Bool] = []
        var inCellXfs = false
        var scanner = XMLPullScanner()
        while let token = try scanner.next(b, final: true) {
            switch token {
            case let .start(name, attributes, selfClosing):
                if XMLPullScanner.isNamed(b, name, "numFmt") {
                    if let id = try XMLPullScanner.attribute(b, attributes, "numFmtId").flatMap({ Int(try XLSXPackage.decode(b, $0)) }),
                       let code = try XMLPullScanner.attribute(b, attributes, "formatCode") {
                        custom[id] = isDateFormatCode(try XLSXPackage.decode(b, code))
                    }
                } else if XMLPullScanner.isNamed(b, name, "cellXfs") {
                    inCellXfs = !selfClosing
                } else if inCellXfs, XMLPullScanner.isNamed(b, name, "xf") {
                    let id = try XMLPullScanner.attribute(b, attributes, "numFmtId").flatMap { Int(try XLSXPackage.decode(b, $0)) } ?? 0
                    formats.append(custom[id] ?? builtInDateFormats.contains(id))
                }
            case let .end(name):
                if XMLPullScanner.isNamed(b, name, "cellXfs") { inCellXfs = false }
            default:
                break
            }
        }
        return XLSXStyles(dateFormats: formats)
    }
}
