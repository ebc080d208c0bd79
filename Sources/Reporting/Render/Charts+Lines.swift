import Segmentation
extension Charts {
    /// One value of an index at one k; `error` draws a ±error bar (the gap statistic's s_k).
    struct KValue {
        var k: Int
        var value: Double?
        var error: Double?
    }

    /// A point to call out (the knee, an index's vote), with a short label above it.
    struct KMark {
        var k: Int
        var label: String
    }

    /// An index against k: a line through the values (broken where a value is missing), optional
    /// error bars, the recommended k shaded, and called-out points ringed and labelled.
    static func lineByK(title: String, subtitle: String?, yTitle: String, values: [KValue], recommendedK: Int?,
                        marks: [KMark], colour: String = Palette.segment(0), width: Double = 560, height: Double = 340) -> Markup {
        let headingHeight = subtitle == nil ? 44.0 : 60.0
        let plot = PlotArea(left: 70, top: headingHeight + 18, width: width - 70 - 20, height: height - headingHeight - 18 - 50)
        let ks = values.map(\.k)
        let kLow = ks.min() ?? 1, kHigh = ks.max() ?? 1
        let x = LinearScale(domain: (Double(kLow) - 0.5)...(Double(kHigh) + 0.5), range: (plot.left, plot.right))
        var lows: [Double] = [], highs: [Double] = []
        for point in values {
            guard let value = point.value, value.isFinite else { continue }
            let error = point.error.flatMap { $0.isFinite ? abs($0) : nil } ?? 0
            lows.append(value - error)
            highs.append(value + error)
        }
        let yTicks = NiceTicks(low: lows.min() ?? 0, high: highs.max() ?? 1, target: 5)
        let y = LinearScale(domain: yTicks.domain, range: (plot.bottom, plot.top))

        var body = SVG.heading(title, subtitle: subtitle, width: width)
        if let recommendedK, (kLow...kHigh).contains(recommendedK) {
            let left = x(Double(recommendedK) - 0.5), right = x(Double(recommendedK) + 0.5)
            body.append(SVG.rect(x: left, y: plot.top, width: right - left, height: plot.height, fill: Palette.highlight))
        }
        body += plot.yAxis(yTicks, scale: y, title: yTitle)
        body += plot.xAxis(integerTicks(kLow, kHigh).map { (Double($0), String($0)) }, scale: x, title: "Number of segments k", grid: false)

        // The line, broken at missing values.
        var d = ""
        var penDown = false
        for point in values {
            guard let value = point.value, value.isFinite else { penDown = false; continue }
            d += (penDown ? "L" : "M") + "\(x(Double(point.k)).markupText) \(y(value).markupText)"
            penDown = true
        }
        if !d.isEmpty { body.append(SVG.path(d, fill: "none", stroke: colour, strokeWidth: 2)) }
        for point in values {
            guard let value = point.value, value.isFinite else { continue }
            let px = x(Double(point.k))
            if let error = point.error, error.isFinite, error > 0 {
                let top = y(value + error), bottom = y(value - error)
                body.append(SVG.line(x1: px, y1: top, x2: px, y2: bottom, stroke: colour, width: 1.2))
                body.append(SVG.line(x1: px - 4, y1: top, x2: px + 4, y2: top, stroke: colour, width: 1.2))
                body.append(SVG.line(x1: px - 4, y1: bottom, x2: px + 4, y2: bottom, stroke: colour, width: 1.2))
            }
            body.append(SVG.circle(cx: px, cy: y(value), r: 3.5, fill: "#ffffff", stroke: colour, strokeWidth: 2))
        }
        for mark in marks {
            guard let point = values.first(where: { $0.k == mark.k }), let value = point.value, value.isFinite else { continue }
            let px = x(Double(mark.k)), py = y(value)
            body.append(SVG.circle(cx: px, cy: py, r: 7.5, fill: "none", stroke: Palette.accent, strokeWidth: 2))
            guard !mark.label.isEmpty else { continue }
            // Labels go to the upper right of the ring (where a falling, convex curve like inertia
            // leaves room), to the left near the right edge, and below near the top.
            let nearRight = px + 12 + TextMetrics.width(mark.label, fontSize: 12) > plot.right
            let labelX = nearRight ? px - 11 : px + 11
            let labelY = py - plot.top < 20 ? py + 20 : py - 9
            body.append(SVG.text(mark.label, x: labelX, y: labelY, anchor: nearRight ? .end : .start, weight: 600,
                                 fill: Palette.accent, halo: true))
        }
        return SVG.root(width: width, height: height, label: title, body)
    }
}
