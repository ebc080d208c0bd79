import Segmentation
// Escaping of every text that comes from data (account ids, feature and segment names, reasons,
// notes) before it enters HTML, SVG, XML (the PMML export) or Markdown. A customer called
// `<script>alert(1)</script>` or `=cmd|' /C calc'!A0` must render as those characters, inert.

/// XML and HTML escaping: one escaper, two dialects (`xml`, `html`) over one core.
///
/// Both dialects turn `& < > "` into `&amp; &lt; &gt; &quot;`, which makes the result safe in
/// element content and in double-quoted attribute values. They differ on purpose, and only in
/// what `Dialect` says (this is the one place that decides it):
///
/// | | `xml` (PMML export) | `html` (report pages, inline SVG) |
/// |---|---|---|
/// | `'` | `&apos;` (an XML 1.0 predefined entity) | `&#39;` (`&apos;` is not an HTML 4 entity) |
/// | tab, line feed, carriage return | `&#9;` `&#10;` `&#13;`, so attribute-value normalisation keeps them | kept as they are |
/// | other C0 controls, U+FFFE, U+FFFF | refused (throws): XML 1.0 cannot hold them even as references, and an export must not alter a name silently | replaced by U+FFFD: the report still renders, and XML (hence inline SVG) forbids them |
/// | C1 controls (U+007F-U+009F) | kept (allowed in XML 1.0) | replaced by U+FFFD: they have no business in a report |
enum MarkupEscaper {
    enum Dialect {
        case xml, html

        /// The text written for `'`.
        var apostrophe: String {
            switch self {
            case .xml: "&apos;"
            case .html: "&#39;"
            }
        }

        /// Whether tab, line feed and carriage return become character references.
        var referencesWhitespace: Bool { self == .xml }

        /// Whether the dialect cannot carry `scalar` (it is refused or replaced). Tab, line feed
        /// and carriage return never reach this test.
        func cannotCarry(_ scalar: Unicode.Scalar) -> Bool {
            switch scalar.value {
            case ..<0x20, 0xFFFE, 0xFFFF: true
            case 0x7F...0x9F: self == .html
            default: false
            }
        }
    }

    /// `text` escaped for an XML 1.0 attribute value or element content (see the table above).
    /// - Throws: `ExportError.invalidModel` naming `what` and the code point, for a character
    ///   XML 1.0 cannot hold.
    static func xml(_ text: String, what: String) throws -> String {
        try escape(text, .xml) { scalar in
            throw ExportError.invalidModel(
                "\(what) contains a character XML cannot hold (U+\(String(scalar.value, radix: 16, uppercase: true)))")
        }
    }

    /// `text` escaped for HTML element content or a quoted attribute value, inline SVG included
    /// (see the table above).
    static func html(_ text: String) -> String {
        escape(text, .html) { _ in "\u{FFFD}" }
    }

    /// The core: escapes `text` as `dialect` says; a character the dialect cannot carry is
    /// replaced by what `uncarried` returns (or `uncarried` throws).
    private static func escape(_ text: String, _ dialect: Dialect,
                               uncarried: (Unicode.Scalar) throws -> Unicode.Scalar) rethrows -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += dialect.apostrophe
            case "\t", "\n", "\r":
                if dialect.referencesWhitespace {
                    out += "&#\(scalar.value);"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            default:
                out.unicodeScalars.append(dialect.cannotCarry(scalar) ? try uncarried(scalar) : scalar)
            }
        }
        return out
    }
}

enum MarkdownText {
    /// Escapes text so that Markdown shows it literally: the one Markdown escaper of the reports
    /// (`MarkdownRenderer`) and the notebooks (`NotebookExporter`), for GitHub-flavoured Markdown,
    /// CommonMark and Jupyter.
    ///
    /// - `& < >` become entities, so no raw HTML from the data reaches the renderer.
    /// - The characters Markdown gives meaning inline get a backslash: backslash, backtick,
    ///   `* _ [ ] | ~` and `$` (GitHub and Jupyter read `$...$` as LaTeX).
    /// - Line breaks and tabs become spaces (a table cell is one line); other control characters
    ///   become U+FFFD.
    /// - With `atLineStart` (a paragraph, list item, heading or table cell), a leading character
    ///   that starts a heading, list, setext underline or spreadsheet formula (`# = + - @ !`, after
    ///   any spaces) gets a backslash, except the sign of a plain number (`-12.5`, `+0.3`); so
    ///   does the `.` or `)` of an ordered-list marker (`2024. text`, `3) text`: one to nine
    ///   digits, then `.` or `)`, then a space or the end), while a number such as `3.5` stays.
    ///   Text placed inside a line (after other Markdown) passes `atLineStart: false`.
    static func escape(_ text: String, atLineStart: Bool = true) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        let scalars = Array(text.unicodeScalars)
        let first = atLineStart ? scalars.firstIndex { $0 != " " } : nil
        let listMarker = first.flatMap { orderedListMarker(scalars, from: $0) }
        for (index, scalar) in scalars.enumerated() {
            if index == first && leadingSpecials.contains(scalar) && !isSignOfNumber(scalars, at: index)
                || index == listMarker {
                out += "\\" + String(scalar)
                continue
            }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\\", "`", "*", "_", "[", "]", "|", "~", "$": out += "\\" + String(scalar)
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

    /// The index of the `.` or `)` of a CommonMark ordered-list marker starting at `start` (one
    /// to nine digits, the delimiter, then a space, a tab or the end), else `nil`.
    private static func orderedListMarker(_ scalars: [Unicode.Scalar], from start: Int) -> Int? {
        var index = start
        while index < scalars.count, index - start < 9, ("0"..."9").contains(scalars[index]) { index += 1 }
        guard index > start, index < scalars.count, scalars[index] == "." || scalars[index] == ")" else { return nil }
        let next = index + 1
        return next == scalars.count || scalars[next] == " " || scalars[next] == "\t" ? index : nil
    }
}
