import Segmentation
/// Text encodings shared by the exporters: round-trip number formatting, Markdown and Python
/// literals. XML escaping is `MarkupEscaper.xml` (Render/TextEscaping.swift), beside the HTML
/// escaping it shares its core with.
enum ExportText {
    /// The shortest decimal text that reads back as exactly `value` (Swift's `description`),
    /// valid as an XML Schema `xs:double`, a JSON number and a Python float literal.
    /// Callers reject non-finite values first.
    static func number(_ value: Double) -> String {
        precondition(value.isFinite, "non-finite numbers have no portable text form")
        return value.description
    }
}

extension ExportText {
    /// Escapes plain text for use inside a line of a Markdown cell, so that it shows literally.
    ///
    /// Inline syntax (`\ ` * _ [ ] | ~ $`, the last because Jupyter reads `$...$` as LaTeX) gets
    /// a backslash; `& < >` become entities, so no raw HTML from the data reaches the renderer;
    /// line breaks become spaces. With `lineStart`, a leading block marker (`#`, `-`, `+`, `=`
    /// or `1.`) is escaped as well, so a paragraph cannot turn into a heading or a list.
    static func markdownEscaped(_ text: String, lineStart: Bool = false) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "$": out += "\\" + String(scalar)
            case "\n", "\r", "\t": out += " "
            default: out.unicodeScalars.append(scalar)
            }
        }
        guard lineStart else { return out }
        if let first = out.unicodeScalars.first, "#-+=".unicodeScalars.contains(first) {
            out = "\\" + out
        } else if let dot = out.firstIndex(where: { !$0.isASCII || !$0.isNumber }), dot != out.startIndex,
                  out[dot] == "." || out[dot] == ")" {
            out.insert("\\", at: dot)
        }
        return out
    }

    /// A Python 3 string literal holding exactly `text`: double-quoted, with backslash, quote
    /// and control characters escaped (`\\`, `\"`, `\n`, `\xNN`); other characters as UTF-8.
    static func pythonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0x2028...0x2029).contains(scalar.value) {
                    out += scalar.value < 0x100 ? "\\x" + hex(scalar.value, width: 2) : "\\u" + hex(scalar.value, width: 4)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
