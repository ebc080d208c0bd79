import Tabular
import Segmentation
extension Charts {
    /// The silhouette plot (Rousseeuw 1987): per segment, the sampled accounts' silhouette values
    /// as horizontal bars sorted from highest to lowest, one band per segment, and the mean as a
    /// dashed line. Wide bands reaching right are well-separated segments; bars left of 0 are
    /// accounts closer to another segment than to their own.
    static func silhouette(_ summary: SilhouetteSummary, style: SegmentStyle, width: Double = 560) -> Markup {
        let groups = summary.segments.map { group in
            (segment: group.segment, values: group.finiteValues.sorted(by: >), mean: group.mean)
        }
        let total = summary.sampleCount
        let minimumBand = 28.0, gap = 6.0
        let plotHeight = max(300, Double(groups.count) * (minimumBand + gap) + 60)
        let labelWidth = 130.0
        let plot = PlotArea(left: labelWidth + 16, top: 76, width: width - labelWidth - 16 - 24, height: plotHeight)
        let height = plot.bottom + 52
        let lowest = groups.flatMap(\.values).min() ?? 0
        let ticks = NiceTicks(low: min(0, lowest), high: 1, target: 6)
        let x = LinearScale(domain: ticks.domain, range: (plot.left, plot.right))

        let sampled = total < summary.totalAccounts
        let subtitle = sampled
            ? "\(NumberText.integer(total)) of \(NumberText.integer(summary.totalAccounts)) accounts (seeded sample), sorted within each segment"
            : "\(NumberText.integer(total)) accounts, sorted within each segment"
        var body = SVG.heading("Silhouette by segment", subtitle: subtitle, width: width)
        body += plot.xAxis(ticks.labelled, scale: x, title: "Silhouette (below 0: closer to another segment)")

        // Each band gets a minimum height so its label stays legible; the rest is shared by size.
        let spare = max(0, plot.height - Double(groups.count) * (minimumBand + gap))
        var top = plot.top + gap / 2
        let zero = x(0)
        for group in groups {
            let band = minimumBand + (total > 0 ? spare * Double(group.values.count) / Double(total) : 0)
            let name = style.name(group.segment)
            let mean = group.mean
            body.append(SVG.text(TextMetrics.truncate(name, toWidth: labelWidth, fontSize: 12), x: plot.left - 8, y: top + band / 2,
                                 size: 12, anchor: .end, weight: 600, tooltip: name))
            body.append(SVG.text("mean \(NumberText.fixed(mean, decimals: 2)) · n \(NumberText.integer(group.values.count))",
                                 x: plot.left - 8, y: top + band / 2 + 13, size: 10, anchor: .end, fill: Palette.mutedInk))
            if !group.values.isEmpty {
                // One step outline per segment instead of a rectangle per account.
                let step = band / Double(group.values.count)
                var d = "M\(zero.markupText) \(top.markupText)"
                for (index, value) in group.values.enumerated() {
                    d += "H\(x(value).markupText)V\((top + Double(index + 1) * step).markupText)"
                }
                d += "H\(zero.markupText)Z"
                body.append(SVG.path(d, fill: style.colour(group.segment), opacity: 0.85,
                                     tooltip: "\(name): mean silhouette \(NumberText.fixed(mean, decimals: 3))"))
            }
            top += band + gap
        }
        body.append(SVG.line(x1: zero, y1: plot.top, x2: zero, y2: plot.bottom, stroke: Palette.axis))
        if summary.mean.isFinite {
            let mx = x(summary.mean)
            body.append(SVG.line(x1: mx, y1: plot.top - 6, x2: mx, y2: plot.bottom, stroke: Palette.accent, width: 1.5, dash: "5 4"))
            body.append(SVG.text("mean \(NumberText.fixed(summary.mean, decimals: 2))", x: mx, y: plot.top - 10, size: 11,
                                 anchor: .middle, weight: 600, fill: Palette.accent))
        }
        return SVG.root(width: width, height: height, label: "Silhouette by segment", body)
    }
}
