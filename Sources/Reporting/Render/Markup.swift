import Segmentation
import Foundation

/// A tiny HTML/SVG tree: elements with ordered attributes, escaped text, and trusted constant text
/// (only the renderers' own style sheet). Building pages from nodes rather than by string
/// concatenation means every attribute value and text node is escaped in exactly one place, and
/// every opened tag is closed.
indirect enum Markup {
    case element(name: String, attributes: [(String, String)], children: [Markup])
    /// Text from anywhere (data included): escaped when serialized.
    case text(String)
    /// The renderers' own constant text (CSS); never data.
    case trusted(String)

    /// An element; attribute values are `String`, `Int` or `Double` (see `MarkupValue`), in order.
    static func el(_ name: String, _ attributes: KeyValuePairs<String, any MarkupValue> = [:], _ children: [Markup] = []) -> Markup {
        .element(name: name, attributes: attributes.map { ($0.key, $0.value.markupText) }, children: children)
    }

    /// An element holding one text node.
    static func el(_ name: String, _ attributes: KeyValuePairs<String, any MarkupValue> = [:], text: String) -> Markup {
        el(name, attributes, [.text(text)])
    }

    /// The serialized tree.
    var rendered: String {
        var out = ""
        render(into: &out)
        return out
    }

    func render(into out: inout String) {
        switch self {
        case .text(let text):
            out += MarkupEscaper.html(text)
        case .trusted(let text):
            out += text
        case let .element(name, attributes, children):
            out += "<" + name
            for (key, value) in attributes {
                out += " " + key + "=\"" + MarkupEscaper.html(value) + "\""
            }
            if children.isEmpty && Self.selfClosing.contains(name) {
                out += "/>"
            } else if Self.void.contains(name) {
                out += ">"
            } else {
                out += ">"
                for child in children { child.render(into: &out) }
                out += "</" + name + ">"
            }
            if !Self.inline.contains(name) { out += "\n" }
        }
    }

    /// SVG shapes: written `<circle .../>` (valid in inline SVG, and XML).
    private static let selfClosing: Set<String> = ["circle", "rect", "line", "path", "polyline", "polygon", "ellipse", "stop"]
    /// HTML void elements: no closing tag.
    private static let void: Set<String> = ["meta", "br", "hr", "col"]
    /// Elements kept on one line with their neighbours (a newline would show as a space).
    private static let inline: Set<String> = ["span", "strong", "em", "small", "code", "b", "abbr", "sup", "sub", "a", "tspan", "title", "th", "td"]
}

/// A value that can stand in an attribute.
protocol MarkupValue {
    var markupText: String { get }
}

extension String: MarkupValue {
    var markupText: String { self }
}

extension Int: MarkupValue {
    var markupText: String { String(self) }
}

extension Double: MarkupValue {
    /// Coordinates with at most two decimals and no trailing zeros (`12.5`, `3`, never `-0`):
    /// a hundredth of a pixel is invisible, and shorter numbers keep the file small.
    var markupText: String {
        guard isFinite else { return "0" }
        var text = String(format: "%.2f", self)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
