import Segmentation
import Foundation

/// Colours of the charts, chosen to stay distinguishable with colour-vision deficiencies.
enum Palette {
    /// Okabe & Ito's categorical palette ("Color Universal Design", 2008), reordered so the first
    /// segments get the most distinct hues; yellow comes last and is darkened to read on white.
    static let categorical = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#6B6B6B", "#C9B200"]

    /// The colour of the segment shown at `position` (cycles after eight; markers then change shape).
    static func segment(_ position: Int) -> String {
        categorical[position % categorical.count]
    }

    static let ink = "#1f2933"
    static let mutedInk = "#52606d"
    static let grid = "#e4e7eb"
    static let axis = "#9aa5b1"
    static let highlight = "#fff4d6"
    static let accent = "#D55E00"
    static let unknown = "#b0b7c0"

    /// Diverging blue-white-red (ColorBrewer RdBu end points, safe for red-green deficiencies) for
    /// a z-score: blue below average, red above, white at 0, saturated at `limit` standard deviations.
    static func diverging(_ z: Double, limit: Double = 2) -> String {
        guard z.isFinite else { return unknown }
        let t = max(-1, min(1, z / limit))
        let white = (247.0, 247.0, 247.0)
        let end = t < 0 ? (33.0, 102.0, 172.0) : (178.0, 24.0, 43.0)
        return mix(white, end, abs(t))
    }

    /// Sequential white-to-blue for a share in [0, 1] (migration matrices).
    static func sequential(_ share: Double) -> String {
        guard share.isFinite else { return unknown }
        return mix((247, 251, 255), (8, 69, 148), max(0, min(1, share)))
    }

    /// Text colour that reads on `fill`: white on dark fills, ink on light ones (by relative luminance).
    static func textColour(on fill: String) -> String {
        guard fill.count == 7, let value = Int(fill.dropFirst(), radix: 16) else { return ink }
        let r = Double((value >> 16) & 0xFF), g = Double((value >> 8) & 0xFF), b = Double(value & 0xFF)
        let luminance = (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255
        return luminance < 0.55 ? "#ffffff" : ink
    }

    private static func mix(_ a: (Double, Double, Double), _ b: (Double, Double, Double), _ t: Double) -> String {
        func channel(_ x: Double, _ y: Double) -> Int { Int((x + (y - x) * t).rounded()) }
        return hex(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }

    private static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        String(format: "#%02x%02x%02x", r, g, b)
    }
}
