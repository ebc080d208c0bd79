import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Structural checks on rendered HTML, for the renderer tests.
enum RenderChecks {
    /// The `<svg …>…</svg>` fragments of a page, in order.
    static func svgFragments(_ html: String) -> [String] {
        var fragments: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            fragments.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return fragments
    }

    /// Parses `xml` with Foundation's `XMLParser`; returns the error, or `nil` when well-formed.
    /// (`parse()` alone returns `true` on a truncated document on Linux, so the delegate also
    /// records errors and checks that every started element ended.)
    static func xmlError(_ xml: String) -> String? {
        let parser = XMLParser(data: Data(xml.utf8))
        let recorder = XMLRecorder()
        parser.delegate = recorder
        let parsed = parser.parse()
        if let error = recorder.error ?? parser.parserError {
            return "\(error) at line \(parser.lineNumber), column \(parser.columnNumber)"
        }
        if !parsed { return "parse failed" }
        return recorder.depth == 0 && recorder.elements > 0 ? nil : "\(recorder.depth) elements left open"
    }

    private final class XMLRecorder: NSObject, XMLParserDelegate {
        var error: Error?
        var depth = 0
        var elements = 0

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            depth += 1
            elements += 1
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
            depth -= 1
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            error = parseError
        }
    }

    private static let voidElements: Set<String> = ["meta", "br", "hr", "col", "img", "input", "link"]

    /// Walks the tags of an HTML document (skipping the style sheet and the doctype) and returns
    /// the problems: closing tags that do not match the open one, and tags never closed.
    static func tagBalanceProblems(_ html: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: "<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\\s[^>]*)?>", options: []) else {
            return ["bad pattern"]
        }
        var text = html
        // The style sheet holds `>` in selectors; its content is not markup.
        if let open = text.range(of: "<style>"), let close = text.range(of: "</style>") {
            text.replaceSubrange(open.upperBound..<close.lowerBound, with: "")
        }
        var stack: [String] = []
        var problems: [String] = []
        let range = NSRange(text.startIndex..., in: text)
        for match in regex.matches(in: text, range: range) {
            let whole = String(text[Range(match.range, in: text)!])
            let closing = !(Range(match.range(at: 1), in: text).map { text[$0].isEmpty } ?? true)
            let name = String(text[Range(match.range(at: 2), in: text)!]).lowercased()
            if whole.hasSuffix("/>") || voidElements.contains(name) { continue }
            if closing {
                if stack.last == name { stack.removeLast() } else { problems.append("</\(name)> closes <\(stack.last ?? "nothing")>") }
            } else {
                stack.append(name)
            }
        }
        return problems + stack.map { "<\($0)> never closed" }
    }
}
