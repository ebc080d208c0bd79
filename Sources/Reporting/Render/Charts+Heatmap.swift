import Segmentation
import Foundation

extension Charts {
    struct HeatmapCell {
        var fill: String
        var text: String
        var tooltip: String
    }

    /// A row header: a bold label, an optional muted second line, an optional colour swatch.
    struct RowLabel {
        var label: String
        var sublabel: String?
        var swatch: String?
    }

    /// A colour key: swatches in a row with labels under some of them, and a caption.
    struct ColourKey {
        var swatches: [(fill: String, label: String?)]
        var caption: String
    }

    /// A grid of coloured cells with the value printed in each, rows labelled on the left and
    /// columns labelled above (rotated when they would not fit across a cell).
    static func heatmap(title: String, subtitle: String?, rows: [RowLabel], columns: [String],
                        cells: [[HeatmapCell]], key: ColourKey, maxWidth: Double = 1000) -> Markup {
        let labelWidth = 190.0, cellHeight = 36.0
        let cellWidth = max(56, min(110, (maxWidth - labelWidth - 24) / Double(max(1, columns.count))))
        let columnFont = 12.0
        let longest = columns.map { TextMetrics.width($0, fontSize: columnFont) }.max() ?? 0
        let maxLabel = 170.0
        let fitsAcross = longest <= cellWidth - 8
        let angle = 40.0 * Double.pi / 180
        let headerHeight = fitsAcross ? 24 : min(longest, maxLabel) * sin(angle) + 16
        let overhang = fitsAcross ? 0 : max(0, min(longest, maxLabel) * cos(angle) - cellWidth / 2)
        let headingHeight = subtitle == nil ? 40.0 : 56.0
        let gridLeft = labelWidth, gridTop = headingHeight + headerHeight
        let gridWidth = cellWidth * Double(columns.count)
        let width = max(560, gridLeft + gridWidth + overhang + 16)
        let keyTop = gridTop + cellHeight * Double(rows.count) + 24
        let height = keyTop + 50

        var body = SVG.heading(title, subtitle: subtitle, width: width)
        for (column, name) in columns.enumerated() {
            let cx = gridLeft + (Double(column) + 0.5) * cellWidth
            if fitsAcross {
                body.append(SVG.text(name, x: cx, y: gridTop - 8, size: columnFont, anchor: .middle, weight: 600, tooltip: name))
            } else {
                body.append(SVG.text(TextMetrics.truncate(name, toWidth: maxLabel, fontSize: columnFont), x: cx - 4, y: gridTop - 8,
                                     size: columnFont, weight: 600, rotate: -40, tooltip: name))
            }
        }
        for (row, header) in rows.enumerated() {
            let top = gridTop + Double(row) * cellHeight
            let labelX = header.swatch == nil ? 12.0 : 28.0
            if let swatch = header.swatch {
                body.append(SVG.rect(x: 12, y: top + (header.sublabel == nil ? 13 : 7), width: 10, height: 10, fill: swatch, rx: 2))
            }
            let room = labelWidth - labelX - 8
            if let sublabel = header.sublabel {
                body.append(SVG.text(TextMetrics.truncate(header.label, toWidth: room, fontSize: 12), x: labelX, y: top + 16,
                                     size: 12, weight: 600, tooltip: header.label))
                body.append(SVG.text(TextMetrics.truncate(sublabel, toWidth: room, fontSize: 11), x: labelX, y: top + 30,
                                     size: 11, fill: Palette.mutedInk, tooltip: sublabel))
            } else {
                body.append(SVG.text(TextMetrics.truncate(header.label, toWidth: room, fontSize: 12), x: labelX, y: top + 22,
                                     size: 12, weight: 600, tooltip: header.label))
            }
            for (column, cell) in (row < cells.count ? cells[row] : []).prefix(columns.count).enumerated() {
                let left = gridLeft + Double(column) * cellWidth
                body.append(SVG.rect(x: left, y: top, width: cellWidth, height: cellHeight, fill: cell.fill,
                                     stroke: "#ffffff", tooltip: cell.tooltip))
                body.append(SVG.text(cell.text, x: left + cellWidth / 2, y: top + cellHeight / 2 + 4, size: 12,
                                     anchor: .middle, fill: Palette.textColour(on: cell.fill)))
            }
        }
        // The colour key, left-aligned with the grid.
        let swatchWidth = 36.0
        for (index, swatch) in key.swatches.enumerated() {
            let left = gridLeft + Double(index) * swatchWidth
            body.append(SVG.rect(x: left, y: keyTop, width: swatchWidth, height: 12, fill: swatch.fill))
            if let label = swatch.label {
                body.append(SVG.text(label, x: left + swatchWidth / 2, y: keyTop + 26, size: 11, anchor: .middle, fill: Palette.mutedInk))
            }
        }
        body.append(SVG.text(key.caption, x: gridLeft + Double(key.swatches.count) * swatchWidth + 14, y: keyTop + 11,
                             size: 11, fill: Palette.mutedInk))
        return SVG.root(width: width, height: height, label: title, body)
    }
}
