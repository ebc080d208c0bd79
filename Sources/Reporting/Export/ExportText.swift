/// Text encodings shared by the exporters: XML escaping and round-trip number formatting.
enum ExportText {
    /// Escapes `text` for an XML 1.0 attribute value or element content.
    ///
    /// `& < > " '` become entities; tab, line feed and carriage return become character
    /// references so attribute normalisation keeps them. Other C0 control characters
    /// and U+FFFE/U+FFFF cannot appear in XML 1.0 at all, even as references: they throw.
    static func xmlEscaped(_ text: String, what: String) throws -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    throw ExportError.invalidModel(
                        "\(what) contains a character XML cannot hold (U+\(String(scalar.value, radix: 16, uppercase: true)))")
                }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The shortest decimal text that reads back as exactly `value` (Swift's `description`),
    /// valid as an XML Schema `xs:double`, a JSON number and a Python float literal.
    /// Callers reject non-finite values first.
    static func number(_ value: Double) -> String {
        precondition(value.isFinite, "non-finite numbers have no portable text form")
        return value.description
    }
}
