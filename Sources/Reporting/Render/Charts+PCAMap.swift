import Tabular
import Segmentation
/// The charts of the reports, each an SVG `Markup` sized by its `viewBox`.
enum Charts {}

extension Charts {
    /// PC1 x PC2 scatter coloured by segment, with a legend and explained variance on the axes.
    /// Each segment's name is printed at the mean of its plotted points.
    static func pcaMap(_ map: PCAMap, style: SegmentStyle, segments: [SegmentSummary]) -> Markup {
        let width = 1000.0, legendWidth = 210.0
        let height = max(480, 90 + 34 * Double(segments.count))
        let plot = PlotArea(left: 64, top: 58, width: width - 64 - legendWidth - 24, height: height - 58 - 52)
        let points = map.points.filter { $0.x.isFinite && $0.y.isFinite }
        let xTicks = NiceTicks.padded(low: points.map(\.x).min() ?? -1, high: points.map(\.x).max() ?? 1, target: 8)
        let yTicks = NiceTicks.padded(low: points.map(\.y).min() ?? -1, high: points.map(\.y).max() ?? 1, target: 6)
        let x = LinearScale(domain: xTicks.domain, range: (plot.left, plot.right))
        let y = LinearScale(domain: yTicks.domain, range: (plot.bottom, plot.top))

        let sampled = points.count < map.totalAccounts
        let subtitle = "Accounts on the first two principal components of the standardized features"
            + (sampled ? " · \(NumberText.integer(points.count)) of \(NumberText.integer(map.totalAccounts)) shown (seeded sample)"
                       : " · \(NumberText.integer(points.count)) accounts")
        var body = SVG.heading("Segment map (PCA)", subtitle: subtitle, width: width)
        body += plot.yAxis(yTicks, scale: y, title: "PC2 (\(NumberText.percent(map.explainedVarianceRatio2)) of variance)")
        body += plot.xAxis(xTicks.labelled, scale: x, title: "PC1 (\(NumberText.percent(map.explainedVarianceRatio1)) of variance)")

        let dots = points.map { point in
            SVG.marker(shape: style.shape(point.segment), x: x(point.x), y: y(point.y), size: 2.6,
                       fill: style.colour(point.segment), opacity: 0.55)
        }
        body.append(SVG.group([("class", "points")], dots))

        // Segment names at the centre of their points, with a white halo to stay legible over dots.
        // A name goes right, left, above or below its centre, wherever it overlaps no name placed
        // before it and stays inside the plot; where none fits it is left out (the legend names it).
        let centres: [(segment: SegmentSummary, x: Double, y: Double)] = segments.compactMap { segment in
            let own = points.filter { $0.segment == segment.id }
            guard !own.isEmpty else { return nil }
            return (segment, x(own.reduce(0) { $0 + $1.x } / Double(own.count)), y(own.reduce(0) { $0 + $1.y } / Double(own.count)))
        }
        var marks: [Markup] = centres.map { centre in
            SVG.marker(shape: style.shape(centre.segment.id), x: centre.x, y: centre.y, size: 6,
                       fill: style.colour(centre.segment.id), stroke: "#ffffff")
        }
        var placed = centres.map { Box(left: $0.x - 7, top: $0.y - 7, right: $0.x + 7, bottom: $0.y + 7) }
        for (segment, cx, cy) in centres {
            let name = TextMetrics.truncate(segment.name, toWidth: 150, fontSize: 12)
            let width = TextMetrics.width(name, fontSize: 12)
            let candidates: [(x: Double, y: Double, anchor: SVG.Anchor, box: Box)] = [
                (cx + 9, cy + 4, .start, Box(left: cx + 8, top: cy - 8, right: cx + 10 + width, bottom: cy + 7)),
                (cx - 9, cy + 4, .end, Box(left: cx - 10 - width, top: cy - 8, right: cx - 8, bottom: cy + 7)),
                (cx, cy - 11, .middle, Box(left: cx - width / 2, top: cy - 23, right: cx + width / 2, bottom: cy - 8)),
                (cx, cy + 21, .middle, Box(left: cx - width / 2, top: cy + 8, right: cx + width / 2, bottom: cy + 24)),
            ]
            let plotBox = Box(left: plot.left, top: plot.top, right: plot.right, bottom: plot.bottom)
            if let spot = candidates.first(where: { spot in plotBox.contains(spot.box) && !placed.contains { $0.overlaps(spot.box) } }) {
                placed.append(spot.box)
                marks.append(SVG.text(name, x: spot.x, y: spot.y, anchor: spot.anchor, weight: 600, tooltip: segment.name, halo: true))
            }
        }
        body.append(SVG.group([("class", "centres")], marks))
        body += legend(segments, style: style, x: plot.right + 24, y: plot.top, width: legendWidth)
        return SVG.root(width: width, height: height, label: "Segment map (PCA)", body)
    }

    /// A vertical legend: marker, segment name, and its strategy beneath in muted text.
    static func legend(_ segments: [SegmentSummary], style: SegmentStyle, x: Double, y: Double, width: Double) -> [Markup] {
        var out: [Markup] = []
        for (row, segment) in segments.enumerated() {
            let top = y + Double(row) * 34
            out.append(SVG.marker(shape: style.shape(segment.id), x: x + 6, y: top + 6, size: 5, fill: style.colour(segment.id)))
            out.append(SVG.text(TextMetrics.truncate(segment.name, toWidth: width - 20, fontSize: 12), x: x + 18, y: top + 10,
                                size: 12, weight: 600, tooltip: segment.name))
            out.append(SVG.text(TextMetrics.truncate(segment.strategy, toWidth: width - 20, fontSize: 11), x: x + 18, y: top + 24,
                                size: 11, fill: Palette.mutedInk, tooltip: segment.strategy))
        }
        return out
    }

    /// An axis-aligned rectangle for label placement.
    struct Box {
        var left, top, right, bottom: Double

        func overlaps(_ other: Box) -> Bool {
            left < other.right && other.left < right && top < other.bottom && other.top < bottom
        }

        func contains(_ other: Box) -> Bool {
            other.left >= left && other.right <= right && other.top >= top && other.bottom <= bottom
        }
    }
}
