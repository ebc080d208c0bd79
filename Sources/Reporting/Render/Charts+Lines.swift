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
        var segments: [(Point, Point)] = []
        var previous: Point?
        for point in values {
            guard let value = point.value, value.isFinite else { penDown = false; previous = nil; continue }
            let here = Point(x: x(Double(point.k)), y: y(value))
            d += (penDown ? "L" : "M") + "\(here.x.markupText) \(here.y.markupText)"
            if let previous { segments.append((previous, here)) }
            previous = here
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
            let ring = Point(x: x(Double(mark.k)), y: y(value))
            body.append(SVG.circle(cx: ring.x, cy: ring.y, r: 7.5, fill: "none", stroke: Palette.accent, strokeWidth: 2))
            guard !mark.label.isEmpty else { continue }
            let place = labelPlacement(mark.label, ring: ring, plot: plot, avoiding: segments)
            body.append(SVG.text(mark.label, x: place.x, y: place.y, anchor: place.anchor, weight: 600,
                                 fill: Palette.accent, halo: true))
        }
        return SVG.root(width: width, height: height, label: title, body)
    }

    /// A point in SVG pixels.
    struct Point {
        var x: Double
        var y: Double
    }

    /// Where a mark's label goes: beside its ring at the first of upper right, upper left, lower
    /// right and lower left whose box lies inside the plot and crosses none of the line's
    /// segments (a falling convex curve such as inertia leaves the upper right free; a curve
    /// that rises into a point near the right edge, such as Davies-Bouldin's, needs another
    /// side); when every side is blocked, the first that fits in the plot.
    static func labelPlacement(_ label: String, ring: Point, plot: PlotArea,
                               avoiding segments: [(Point, Point)]) -> (x: Double, y: Double, anchor: SVG.Anchor) {
        let width = TextMetrics.width(label, fontSize: 12)
        // (dx, baseline dy, anchor): 11 px beside the ring, baseline 9 px above or 20 px below it.
        let sides: [(Double, Double, SVG.Anchor)] = [(11, -9, .start), (-11, -9, .end), (11, 20, .start), (-11, 20, .end)]
        var fitting: [(x: Double, y: Double, anchor: SVG.Anchor)] = []
        for (dx, dy, anchor) in sides {
            let left = anchor == .start ? ring.x + dx : ring.x + dx - width
            // A 12 px label spans about 11 px above its baseline and 3 below.
            let box = (left: left - 2, top: ring.y + dy - 11, right: left + width + 2, bottom: ring.y + dy + 3)
            guard box.left >= plot.left, box.right <= plot.right, box.top >= plot.top, box.bottom <= plot.bottom else { continue }
            let place = (x: ring.x + dx, y: ring.y + dy, anchor: anchor)
            if !segments.contains(where: { segmentCrossesBox($0.0, $0.1, box) }) { return place }
            fitting.append(place)
        }
        return fitting.first ?? (ring.x + 11, ring.y - 9, .start)
    }

    /// Whether the segment from `a` to `b` meets the axis-aligned `box` (Liang-Barsky clipping).
    static func segmentCrossesBox(_ a: Point, _ b: Point,
                                  _ box: (left: Double, top: Double, right: Double, bottom: Double)) -> Bool {
        let dx = b.x - a.x, dy = b.y - a.y
        var low = 0.0, high = 1.0
        for (p, q) in [(-dx, a.x - box.left), (dx, box.right - a.x), (-dy, a.y - box.top), (dy, box.bottom - a.y)] {
            if p == 0 {
                if q < 0 { return false }
                continue
            }
            let t = q / p
            if p < 0 { low = max(low, t) } else { high = min(high, t) }
            if low > high { return false }
        }
        return true
    }
}
