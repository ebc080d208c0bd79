import Foundation

/// Numbers formatted for people, the one formatter of every report, reason and note: thousands separators, currency with its code, percentages with
/// one decimal. Locale-independent on purpose (reports must be byte-reproducible on any machine),
/// so the separators are always `,` for thousands and `.` for decimals. Non-finite values print as
/// `n/a`; a value that rounds to zero never prints as `-0`.
public enum NumberText {
    public static let notAvailable = "n/a"

    /// `1234567.891` with 2 decimals -> `1,234,567.89`.
    public static func grouped(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return notAvailable }
        var text = String(format: "%.\(decimals)f", value)
        var negative = false
        if text.hasPrefix("-") {
            text.removeFirst()
            // "-0.00" is zero: drop the sign.
            negative = text.contains { $0 != "0" && $0 != "." }
        }
        let parts = text.split(separator: ".", maxSplits: 1)
        let integerDigits = Array(parts[0])
        var integer = ""
        for (offset, digit) in integerDigits.enumerated() {
            if offset > 0 && (integerDigits.count - offset) % 3 == 0 { integer.append(",") }
            integer.append(digit)
        }
        let fraction = parts.count > 1 ? "." + parts[1] : ""
        return (negative ? "-" : "") + integer + fraction
    }

    public static func integer(_ value: Int) -> String {
        grouped(Double(value), decimals: 0)
    }

    /// A fraction as a percentage: `0.1234` -> `12.3%`.
    public static func percent(_ fraction: Double, decimals: Int = 1) -> String {
        guard fraction.isFinite else { return notAvailable }
        return grouped(fraction * 100, decimals: decimals) + "%"
    }

    public static func percent(_ fraction: Double?) -> String {
        fraction.map { percent($0) } ?? notAvailable
    }

    /// Money in whole units with the currency code: `USD 1,234,568`.
    public static func money(_ value: Double, currency: String) -> String {
        guard value.isFinite else { return notAvailable }
        return currency + " " + grouped(value, decimals: 0)
    }

    /// Money shortened for a headline card: `USD 12.4M`, `USD 980.0k`, `USD 512`.
    public static func compactMoney(_ value: Double, currency: String) -> String {
        guard value.isFinite else { return notAvailable }
        return currency + " " + compact(value, decimals: 1)
    }

    /// Large magnitudes with a k/M/B suffix (`decimals` after the point), small ones as they are.
    /// Used for axis ticks and headline cards.
    public static func compact(_ value: Double, decimals: Int) -> String {
        guard value.isFinite else { return notAvailable }
        let magnitude = abs(value)
        for (limit, suffix) in [(1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")] where magnitude >= limit {
            return grouped(value / limit, decimals: decimals) + suffix
        }
        return grouped(value, decimals: magnitude == magnitude.rounded() ? 0 : decimals)
    }

    /// A general-purpose value: fewer decimals the larger it is (`12,345`, `123.4`, `1.23`).
    public static func plain(_ value: Double) -> String {
        let magnitude = abs(value)
        return grouped(value, decimals: magnitude >= 1000 ? 0 : magnitude >= 100 ? 1 : 2)
    }

    public static func plain(_ value: Double?) -> String {
        value.map { plain($0) } ?? notAvailable
    }

    /// A value with an explicit sign, for z-scores: `+1.23`, `-0.45`, `0.00`.
    public static func signed(_ value: Double, decimals: Int = 2) -> String {
        let text = grouped(value, decimals: decimals)
        guard value.isFinite, !text.hasPrefix("-"), text.contains(where: { $0 != "0" && $0 != "." }) else { return text }
        return "+" + text
    }

    /// A fixed number of decimals, or `n/a` when absent.
    public static func fixed(_ value: Double?, decimals: Int) -> String {
        value.map { grouped($0, decimals: decimals) } ?? notAvailable
    }

    /// `text` without trailing zeros after its decimal point, and without the point when nothing
    /// follows it; a unit suffix stays: `50.0` -> `50`, `66.70%` -> `66.7%`, `8.0M` -> `8M`.
    public static func trimmingZeros(_ text: String) -> String {
        guard let point = text.firstIndex(of: ".") else { return text }
        var digitsEnd = text.index(after: point)
        while digitsEnd < text.endIndex, text[digitsEnd].isASCII, text[digitsEnd].isNumber {
            digitsEnd = text.index(after: digitsEnd)
        }
        var keep = digitsEnd
        while keep > point, text[text.index(before: keep)] == "0" { keep = text.index(before: keep) }
        if text.index(before: keep) == point { keep = point }
        return String(text[..<keep]) + text[digitsEnd...]
    }

    /// Fixed-point with at most `maxDecimals` decimals, trailing zeros after the point dropped,
    /// no grouping (`0.5`, `1000`, `-2.25`): thresholds and parameters as a person typed them.
    public static func trimmed(_ value: Double, maxDecimals: Int) -> String {
        guard value.isFinite else { return notAvailable }
        return trimmingZeros(grouped(value, decimals: maxDecimals).replacingOccurrences(of: ",", with: ""))
    }
}
