import Segmentation
/// Text encodings shared by the exporters: round-trip number formatting and Python literals.
/// Markdown escaping is `MarkdownText` and XML escaping `MarkupEscaper.xml`, both in
/// Render/TextEscaping.swift beside the HTML escaping.
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
