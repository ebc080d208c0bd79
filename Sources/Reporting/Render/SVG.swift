import Segmentation
import Foundation

/// Builders for the SVG elements the charts use. Everything goes through `Markup`, so text and
/// attribute values are escaped on output.
enum SVG {
    static let fontFamily = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

    /// The chart's root: a `viewBox` of `width` x `height` that scales to its container's width,
    /// labelled for screen readers and with `label` as its tooltip.
    static func root(width: Double, height: Double, label: String, _ children: [Markup]) -> Markup {
        .element(name: "svg", attributes: [
            ("xmlns", "http://www.w3.org/2000/svg"),
            ("viewBox", "0 0 \(width.markupText) \(height.markupText)"),
            ("class", "chart"),
            // Never drawn wider than designed: small charts stay small on wide screens.
            ("style", "max-width:\(width.markupText)px"),
            ("role", "img"),
            ("aria-label", label),
            ("font-family", fontFamily),
        ], children: [.el("title", text: label)] + children)
    }

    static func group(_ attributes: [(String, String)] = [], _ children: [Markup]) -> Markup {
        .element(name: "g", attributes: attributes, children: children)
    }

    static func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                     stroke: String? = nil, rx: Double? = nil, tooltip: String? = nil) -> Markup {
        var attributes = [("x", x.markupText), ("y", y.markupText), ("width", max(0, width).markupText),
                          ("height", max(0, height).markupText), ("fill", fill)]
        if let stroke { attributes.append(("stroke", stroke)) }
        if let rx { attributes.append(("rx", rx.markupText)) }
        return .element(name: "rect", attributes: attributes, children: tooltip.map { [.el("title", text: $0)] } ?? [])
    }

    static func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                     width: Double = 1, dash: String? = nil) -> Markup {
        var attributes = [("x1", x1.markupText), ("y1", y1.markupText), ("x2", x2.markupText), ("y2", y2.markupText),
                          ("stroke", stroke), ("stroke-width", width.markupText)]
        if let dash { attributes.append(("stroke-dasharray", dash)) }
        return .element(name: "line", attributes: attributes, children: [])
    }

    static func circle(cx: Double, cy: Double, r: Double, fill: String, stroke: String? = nil,
                       strokeWidth: Double = 1, opacity: Double? = nil) -> Markup {
        var attributes = [("cx", cx.markupText), ("cy", cy.markupText), ("r", r.markupText), ("fill", fill)]
        if let stroke { attributes += [("stroke", stroke), ("stroke-width", strokeWidth.markupText)] }
        if let opacity { attributes.append(("fill-opacity", opacity.markupText)) }
        return .element(name: "circle", attributes: attributes, children: [])
    }

    static func path(_ d: String, fill: String, stroke: String? = nil, strokeWidth: Double = 1,
                     opacity: Double? = nil, tooltip: String? = nil) -> Markup {
        var attributes = [("d", d), ("fill", fill)]
        if let stroke { attributes += [("stroke", stroke), ("stroke-width", strokeWidth.markupText), ("stroke-linejoin", "round")] }
        if let opacity { attributes.append(("fill-opacity", opacity.markupText)) }
        return .element(name: "path", attributes: attributes, children: tooltip.map { [.el("title", text: $0)] } ?? [])
    }

    enum Anchor: String { case start, middle, end }

    static func text(_ string: String, x: Double, y: Double, size: Double = 12, anchor: Anchor = .start,
                     weight: Int? = nil, fill: String = Palette.ink, rotate: Double? = nil,
                     tooltip: String? = nil, halo: Bool = false) -> Markup {
        var attributes = [("x", x.markupText), ("y", y.markupText), ("font-size", size.markupText), ("fill", fill)]
        if anchor != .start { attributes.append(("text-anchor", anchor.rawValue)) }
        if let weight { attributes.append(("font-weight", String(weight))) }
        // A white outline under the glyphs keeps labels legible over points and lines.
        if halo { attributes += [("stroke", "#ffffff"), ("stroke-width", "3"), ("paint-order", "stroke")] }
        if let rotate { attributes.append(("transform", "rotate(\(rotate.markupText) \(x.markupText) \(y.markupText))")) }
        var children: [Markup] = [.text(string)]
        if let tooltip { children.insert(.el("title", text: tooltip), at: 0) }
        return .element(name: "text", attributes: attributes, children: children)
    }

    /// A marker of one of three shapes (circle, square, triangle) centred on (x, y): with more
    /// segments than palette colours, shape tells segments of the same colour apart.
    static func marker(shape: Int, x: Double, y: Double, size: Double, fill: String, opacity: Double? = nil,
                       stroke: String? = nil) -> Markup {
        switch shape % 3 {
        case 0:
            return circle(cx: x, cy: y, r: size, fill: fill, stroke: stroke, opacity: opacity)
        case 1:
            let d = "M\((x - size).markupText) \((y - size).markupText)h\((2 * size).markupText)v\((2 * size).markupText)h\((-2 * size).markupText)Z"
            return path(d, fill: fill, stroke: stroke, opacity: opacity)
        default:
            let h = size * 1.2
            let d = "M\(x.markupText) \((y - h).markupText)L\((x + h).markupText) \((y + h * 0.8).markupText)L\((x - h).markupText) \((y + h * 0.8).markupText)Z"
            return path(d, fill: fill, stroke: stroke, opacity: opacity)
        }
    }

    /// The chart title (and an optional muted subtitle beneath it) at the top left.
    static func heading(_ title: String, subtitle: String? = nil, x: Double = 12, width: Double) -> [Markup] {
        var out = [text(TextMetrics.truncate(title, toWidth: width - x, fontSize: 15), x: x, y: 22, size: 15, weight: 600)]
        if let subtitle {
            out.append(text(TextMetrics.truncate(subtitle, toWidth: width - x, fontSize: 12), x: x, y: 40, size: 12, fill: Palette.mutedInk))
        }
        return out
    }
}

/// The rectangle charts draw their data in, and the axes around it.
struct PlotArea {
    var left: Double
    var top: Double
    var width: Double
    var height: Double

    var right: Double { left + width }
    var bottom: Double { top + height }

    /// Horizontal grid lines with tick labels on the left, and the y axis title rotated.
    func yAxis(_ ticks: NiceTicks, scale: LinearScale, title: String?) -> [Markup] {
        var out: [Markup] = []
        for value in ticks.values {
            let y = scale(value)
            out.append(SVG.line(x1: left, y1: y, x2: right, y2: y, stroke: Palette.grid))
            out.append(SVG.text(ticks.label(value), x: left - 6, y: y + 4, size: 11, anchor: .end, fill: Palette.mutedInk))
        }
        if let title {
            let x = 14.0, y = top + height / 2
            out.append(SVG.text(TextMetrics.truncate(title, toWidth: height, fontSize: 12), x: x, y: y, size: 12, anchor: .middle, fill: Palette.mutedInk, rotate: -90))
        }
        return out
    }

    /// Vertical grid lines with tick labels below, and the x axis title.
    func xAxis(_ ticks: [(value: Double, label: String)], scale: LinearScale, title: String?, grid: Bool = true) -> [Markup] {
        var out: [Markup] = []
        for tick in ticks {
            let x = scale(tick.value)
            if grid { out.append(SVG.line(x1: x, y1: top, x2: x, y2: bottom, stroke: Palette.grid)) }
            out.append(SVG.line(x1: x, y1: bottom, x2: x, y2: bottom + 4, stroke: Palette.axis))
            out.append(SVG.text(tick.label, x: x, y: bottom + 17, size: 11, anchor: .middle, fill: Palette.mutedInk))
        }
        out.append(SVG.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: Palette.axis))
        if let title {
            out.append(SVG.text(TextMetrics.truncate(title, toWidth: width, fontSize: 12), x: left + width / 2, y: bottom + 36, size: 12, anchor: .middle, fill: Palette.mutedInk))
        }
        return out
    }
}

extension NiceTicks {
    /// The ticks as (value, label) pairs for `PlotArea.xAxis`.
    var labelled: [(value: Double, label: String)] {
        values.map { ($0, label($0)) }
    }
}
