import Tabular
import Segmentation
import Foundation

/// A linear map from data values (`domain`) to drawing coordinates (`range`).
struct LinearScale {
    var domain: ClosedRange<Double>
    var range: (Double, Double)

    func callAsFunction(_ value: Double) -> Double {
        let span = domain.upperBound - domain.lowerBound
        guard span > 0 else { return (range.0 + range.1) / 2 }
        return range.0 + (value - domain.lowerBound) / span * (range.1 - range.0)
    }
}

/// Axis ticks on "nice" values: steps of 1, 2 or 5 times a power of ten, and a domain widened to
/// the nearest ticks outside the data (Heckbert, "Nice numbers for graph labels", 1990).
struct NiceTicks {
    let domain: ClosedRange<Double>
    let step: Double
    let values: [Double]

    /// About `target` ticks covering `low...high` (non-finite bounds are treated as 0...1; an empty
    /// range is widened around its value).
    init(low: Double, high: Double, target: Int = 5) {
        var low = low.isFinite ? low : 0
        var high = high.isFinite ? high : 1
        if low > high { swap(&low, &high) }
        if high - low < 1e-12 * max(1, abs(high)) {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let rough = (high - low) / Double(max(1, target))
        let power = pow(10, floor(log10(rough)))
        let fraction = rough / power
        let nice: Double = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        let step = nice * power
        // A small slack so values that are (nearly) on a tick do not push the domain a step further.
        let first = floor(low / step + 1e-9)
        let last = ceil(high / step - 1e-9)
        self.step = step
        self.domain = (first * step)...(last * step)
        self.values = stride(from: first, through: last, by: 1).map { $0 * step }
    }

    private init(domain: ClosedRange<Double>, step: Double, values: [Double]) {
        self.domain = domain
        self.step = step
        self.values = values
    }

    /// The same step, but the domain is `low...high` widened by `padding` of its span on each side
    /// and only the ticks inside it are kept: for scatter plots, where widening to the next tick
    /// could waste a fifth of the plot.
    static func padded(low: Double, high: Double, target: Int = 5, padding: Double = 0.04) -> NiceTicks {
        let nice = NiceTicks(low: low, high: high, target: target)
        guard low.isFinite, high.isFinite, high > low else { return nice }
        let pad = (high - low) * padding
        let domain = (low - pad)...(high + pad)
        return NiceTicks(domain: domain, step: nice.step, values: nice.values.filter { domain.contains($0) })
    }

    /// A tick's label: as many decimals as the step needs, large magnitudes shortened (`15k`, `2.5M`).
    func label(_ value: Double) -> String {
        let largest = max(abs(domain.lowerBound), abs(domain.upperBound))
        for limit in [1e12, 1e9, 1e6, 1e3] where largest >= 10 * limit {
            return NumberText.compact(value, decimals: Self.decimals(step / limit)).replacingOccurrences(of: ",", with: "")
        }
        return NumberText.grouped(value, decimals: Self.decimals(step))
    }

    private static func decimals(_ step: Double) -> Int {
        max(0, Int(-floor(log10(step) + 1e-9)))
    }
}

/// Integer ticks for a count axis (k from 2 to 10): every integer when few, else nice steps.
func integerTicks(_ low: Int, _ high: Int, target: Int = 10) -> [Int] {
    guard high > low else { return [low] }
    let step = max(1, NiceTicks(low: Double(low), high: Double(high), target: target).step.rounded())
    let first = Int((Double(low) / step).rounded(.up) * step)
    return stride(from: first, through: high, by: Int(step)).map { $0 }
}

/// Rough text widths for layout. SVG cannot measure text without a script, so labels are laid out
/// with an average glyph width of sans-serif fonts and truncated with an ellipsis when too long
/// (the full text stays in a tooltip).
enum TextMetrics {
    static func width(_ text: String, fontSize: Double) -> Double {
        Double(text.count) * fontSize * 0.62
    }

    /// `text` cut to at most `maxWidth` at `fontSize`, ending in `…` when cut.
    static func truncate(_ text: String, toWidth maxWidth: Double, fontSize: Double) -> String {
        let fits = Int(maxWidth / (fontSize * 0.62))
        guard text.count > fits else { return text }
        return String(text.prefix(max(1, fits - 1))) + "…"
    }
}
