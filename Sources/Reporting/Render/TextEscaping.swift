import Segmentation
// Escaping of every text that comes from data (account ids, feature and segment names, reasons,
// notes) before it enters HTML, SVG or Markdown. A customer called `<script>alert(1)</script>` or
// `=cmd|' /C calc'!A0` must render as those characters, inert.

enum HTMLText {
    /// Escapes `& < > " '` (safe in element content and in quoted attribute values) and replaces
    /// control characters other than tab, newline and carriage return with U+FFFD: XML (hence
    /// inline SVG) forbids them, and they have no business in a report.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar == "\u{FFFE}" || scalar == "\u{FFFF}" {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

enum MarkdownText {
    /// Escapes text for a Markdown paragraph, list item or table cell (GitHub-flavoured and
    /// CommonMark): `< > &` become entities (so no raw HTML survives), the characters Markdown gives
    /// meaning inline (backslash, backtick, `* _ [ ] | ~`) are backslash-escaped, line breaks become spaces (a cell
    /// is one line), and a leading character that starts a heading, list, setext underline or
    /// spreadsheet formula (`# = + - @ !`) is backslash-escaped, except the sign of a number
    /// (`-12.5`, `+0.3`), which stays as it is.
    static func escape(_ text: String) -> String {
        var out = ""
        let scalars = Array(text.unicodeScalars)
        let first = scalars.firstIndex { $0 != " " }
        for (index, scalar) in scalars.enumerated() {
            if index == first && leadingSpecials.contains(scalar) && !isSignOfNumber(scalars, at: index) {
                out += "\\" + String(scalar)
                continue
            }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~": out += "\\" + String(scalar)
            case "\n", "\r", "\t": out += " "
            default:
                if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                    out.unicodeScalars.append("\u{FFFD}")
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    private static let leadingSpecials: Set<Unicode.Scalar> = ["#", "=", "+", "-", "@", "!"]

    private static func isSignOfNumber(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        guard scalars[index] == "-" || scalars[index] == "+", index + 1 < scalars.count else { return false }
        // Only a plain number (`-1,234.5`, `+12%`): `-1+2` would still be a formula.
        return scalars[(index + 1)...].allSatisfy { ("0"..."9").contains($0) || $0 == "," || $0 == "." || $0 == "%" }
    }
}
