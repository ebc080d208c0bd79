import Segmentation
import Receivables
import Tabular

extension Charts {
    /// The plan's calendar: one column per working day, stacked by channel (fixed channel order
    /// and colours), with a legend; each block's tooltip gives day, channel and count.
    static func calendar(days: [PlanReport.Day], channels: [String], width: Double = 1040) -> Markup {
        let colours = Dictionary(uniqueKeysWithValues: channels.enumerated().map { ($1, Palette.segment($0)) })
        let totals = days.map { $0.channels.values.reduce(0, +) }
        let ticks = NiceTicks(low: 0, high: Double(max(1, totals.max() ?? 1)))
        let plot = PlotArea(left: 56, top: 66, width: width - 56 - 16, height: 220)
        let y = LinearScale(domain: ticks.domain, range: (plot.bottom, plot.top))
        let slot = plot.width / Double(max(1, days.count))
        let barWidth = max(2, min(28, slot * 0.7))
        var out = SVG.heading("Actions per working day", subtitle: "stacked by channel", width: width)
        var legendX = 12.0
        for channel in channels {
            out.append(SVG.rect(x: legendX, y: 48, width: 10, height: 10, fill: colours[channel]!))
            out.append(SVG.text(channel, x: legendX + 14, y: 57, size: 11, fill: Palette.mutedInk))
            legendX += 14 + TextMetrics.width(channel, fontSize: 11) + 18
        }
        out += plot.yAxis(ticks, scale: y, title: "actions")
        for (i, day) in days.enumerated() {
            let x = plot.left + slot * (Double(i) + 0.5) - barWidth / 2
            var base = 0
            for channel in channels {
                guard let count = day.channels[channel], count > 0 else { continue }
                let top = y(Double(base + count)), bottom = y(Double(base))
                out.append(SVG.rect(x: x, y: top, width: barWidth, height: bottom - top, fill: colours[channel]!,
                                    tooltip: "\(day.date): \(count) \(channel)"))
                base += count
            }
            // Label every day when they fit, else Mondays only.
            let label = slot >= 34 || i == 0 || WorkCalendar.weekday(day.day) == 0
            if label {
                out.append(SVG.text(String(day.date.dropFirst(5)), x: x + barWidth / 2, y: plot.bottom + 16, size: 10,
                                    anchor: .middle, fill: Palette.mutedInk))
            }
        }
        out.append(SVG.line(x1: plot.left, y1: plot.bottom, x2: plot.right, y2: plot.bottom, stroke: Palette.axis))
        return SVG.root(width: width, height: plot.bottom + 30, label: "Planned actions per working day by channel", out)
    }
}

extension PlanReport.Day {
    var day: CalendarDay { CalendarDay(iso: date[...])! }
}
