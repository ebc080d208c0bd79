import Segmentation
extension Charts {
    /// One bar of a horizontal bar chart.
    struct Bar {
        var value: Double
        var fill: String
        /// Printed after the bar's end.
        var text: String
        var tooltip: String
    }

    /// A labelled group of bars (one per series) for one row.
    struct BarRow {
        var label: String
        var sublabel: String?
        var swatch: String?
        var bars: [Bar]
    }

    /// A vertical reference line (thresholds), labelled above the plot.
    struct ReferenceLine {
        var value: Double
        var label: String
    }

    /// Horizontal grouped bars from 0 (rows top to bottom), with a series legend, an x axis of
    /// nice ticks labelled by `tickLabel`, and optional reference lines.
    static func horizontalBars(
        title: String, subtitle: String?, rows: [BarRow], series: [(name: String, colour: String)],
        upperBound: Double? = nil, tickLabel: (Double) -> String, axisTitle: String,
        references: [ReferenceLine] = [], width: Double = 560
    ) -> Markup {
        let barsPerRow = Double(rows.map(\.bars.count).max() ?? 1)
        let barHeight = 12.0, barGap = 2.0, rowGap = 16.0
        let rowHeight = max(30, barsPerRow * (barHeight + barGap) - barGap)
        let legendTop = subtitle == nil ? 40.0 : 56.0
        let plotTop = legendTop + (series.count > 1 ? 26 : 4) + (references.isEmpty ? 0 : 16)
        let labelWidth = 170.0
        let plot = PlotArea(left: labelWidth + 12, top: plotTop, width: width - labelWidth - 12 - 56,
                            height: Double(rows.count) * (rowHeight + rowGap))
        let height = plot.bottom + 48
        let largest = rows.flatMap { $0.bars.map(\.value) }.filter(\.isFinite).max() ?? 0
        let ticks = NiceTicks(low: 0, high: upperBound ?? max(largest, 1e-9), target: 5)
        let x = LinearScale(domain: ticks.domain, range: (plot.left, plot.right))

        var body = SVG.heading(title, subtitle: subtitle, width: width)
        if series.count > 1 {
            var cursor = plot.left
            for entry in series {
                body.append(SVG.rect(x: cursor, y: legendTop, width: 12, height: 12, fill: entry.colour, rx: 2))
                body.append(SVG.text(entry.name, x: cursor + 17, y: legendTop + 10, size: 12))
                cursor += 17 + TextMetrics.width(entry.name, fontSize: 12) + 20
            }
        }
        body += plot.xAxis(ticks.values.map { ($0, tickLabel($0)) }, scale: x, title: axisTitle)
        for reference in references where ticks.domain.contains(reference.value) {
            let rx = x(reference.value)
            body.append(SVG.line(x1: rx, y1: plot.top - 4, x2: rx, y2: plot.bottom, stroke: Palette.mutedInk, dash: "4 3"))
            body.append(SVG.text(reference.label, x: rx, y: plot.top - 8, size: 11, anchor: .middle, fill: Palette.mutedInk))
        }
        for (index, row) in rows.enumerated() {
            let top = plot.top + rowGap / 2 + Double(index) * (rowHeight + rowGap)
            let centre = top + rowHeight / 2
            let labelX = row.swatch == nil ? 12.0 : 26.0
            if let swatch = row.swatch {
                body.append(SVG.rect(x: 12, y: centre - (row.sublabel == nil ? 6 : 13), width: 10, height: 10, fill: swatch, rx: 2))
            }
            let labelWidthLeft = labelWidth - labelX
            if let sublabel = row.sublabel {
                body.append(SVG.text(TextMetrics.truncate(row.label, toWidth: labelWidthLeft, fontSize: 12), x: labelX, y: centre - 3,
                                     size: 12, weight: 600, tooltip: row.label))
                body.append(SVG.text(TextMetrics.truncate(sublabel, toWidth: labelWidthLeft, fontSize: 11), x: labelX, y: centre + 12,
                                     size: 11, fill: Palette.mutedInk, tooltip: sublabel))
            } else {
                body.append(SVG.text(TextMetrics.truncate(row.label, toWidth: labelWidthLeft, fontSize: 12), x: labelX, y: centre + 4,
                                     size: 12, weight: 600, tooltip: row.label))
            }
            let stackHeight = Double(row.bars.count) * (barHeight + barGap) - barGap
            for (slot, bar) in row.bars.enumerated() {
                let value = bar.value.isFinite ? max(0, bar.value) : 0
                let barTop = centre - stackHeight / 2 + Double(slot) * (barHeight + barGap)
                let end = x(min(value, ticks.domain.upperBound))
                body.append(SVG.rect(x: plot.left, y: barTop, width: end - plot.left, height: barHeight, fill: bar.fill, tooltip: bar.tooltip))
                body.append(SVG.text(bar.text, x: end + 4, y: barTop + barHeight - 2, size: 11, fill: Palette.ink))
            }
        }
        return SVG.root(width: width, height: height, label: title, body)
    }
}
