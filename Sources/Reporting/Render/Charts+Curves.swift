import Tabular
import Segmentation
extension Charts {
    /// One line of a curve chart: values at x = 1, 2, ..., starting from 0 at x = 0.
    struct Curve {
        var label: String
        var colour: String
        var values: [Double]
    }

    /// Cumulative shares (0-1) against days: one line per curve from (0, 0), the y axis in
    /// percent, a legend on the right. Used for the backtest's cure curves.
    static func curves(title: String, subtitle: String?, xTitle: String, yTitle: String, curves: [Curve],
                       width: Double = 760, height: Double = 360) -> Markup {
        let headingHeight = subtitle == nil ? 44.0 : 60.0
        let legendWidth = 210.0
        let plot = PlotArea(left: 64, top: headingHeight + 14, width: width - 64 - legendWidth - 16,
                            height: height - headingHeight - 14 - 50)
        let days = max(1, curves.map(\.values.count).max() ?? 1)
        let x = LinearScale(domain: 0...Double(days), range: (plot.left, plot.right))
        let top = min(1, max(0.05, (curves.flatMap(\.values).max() ?? 1) * 1.05))
        let yTicks = NiceTicks(low: 0, high: top, target: 5)
        let y = LinearScale(domain: yTicks.domain, range: (plot.bottom, plot.top))
        var body = SVG.heading(title, subtitle: subtitle, width: width)
        for value in yTicks.values {
            body.append(SVG.line(x1: plot.left, y1: y(value), x2: plot.right, y2: y(value), stroke: Palette.grid))
            body.append(SVG.text(NumberText.percent(value, decimals: 0), x: plot.left - 6, y: y(value) + 4, size: 11,
                                 anchor: .end, fill: Palette.mutedInk))
        }
        body.append(SVG.text(yTitle, x: 14, y: plot.top + plot.height / 2, size: 12, anchor: .middle,
                             fill: Palette.mutedInk, rotate: -90))
        body += plot.xAxis(integerTicks(0, days).map { (Double($0), String($0)) }, scale: x, title: xTitle, grid: false)
        for (index, curve) in curves.enumerated() {
            var d = "M\(x(0).markupText) \(y(0).markupText)"
            for (day, value) in curve.values.enumerated() {
                d += "L\(x(Double(day + 1)).markupText) \(y(value).markupText)"
            }
            body.append(SVG.path(d, fill: "none", stroke: curve.colour, strokeWidth: 2))
            let legendY = plot.top + 8 + Double(index) * 22
            let last = curve.values.last ?? 0
            body.append(SVG.rect(x: plot.right + 16, y: legendY - 9, width: 12, height: 12, fill: curve.colour, rx: 2))
            body.append(SVG.text(TextMetrics.truncate(curve.label, toWidth: legendWidth - 70, fontSize: 12),
                                 x: plot.right + 34, y: legendY + 1, size: 12, tooltip: curve.label))
            body.append(SVG.text(NumberText.percent(last, decimals: 0), x: width - 12, y: legendY + 1, size: 12,
                                 anchor: .end, weight: 600))
        }
        return SVG.root(width: width, height: height, label: title, body)
    }
}
