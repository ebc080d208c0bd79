import NumericCore
import Tabular

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// The monthly exchange rates of a generated ledger: for every currency but the reporting one
/// (the first listed), the units of the reporting currency per unit, in force from the first
/// day of each month from the month of the oldest possible invoice to the month of as-of.
///
/// Each rate starts near the currency's usual value against the reporting currency (a table
/// of common codes; other codes draw one) and walks log-normally, 1.5% a month, from a
/// stream derived from the seed and the code, so a currency's rates do not depend on the
/// other codes listed. Rates are rounded to six significant digits and written in plain
/// decimals (never an exponent); the generator converts with the rounded values, so the file
/// is the truth.
struct ERPRates: Sendable {
    /// First day of each month, oldest first.
    let months: [CalendarDay]
    /// `rates[c][m]`: currency `c` (index in `codes`) in month `m`, as written; 1 for `c == 0`.
    let rates: [[Double]]
    /// The same rates as their decimal text.
    let texts: [[String]]
    let codes: [String]

    /// Units of US dollars per unit, roughly (2024-2025).
    static let usualInUSD: [String: Double] = [
        "USD": 1, "CAD": 0.73, "EUR": 1.08, "GBP": 1.27, "CHF": 1.12, "JPY": 0.0067, "AUD": 0.66, "NZD": 0.61,
        "MXN": 0.055, "BRL": 0.19, "CNY": 0.14, "INR": 0.012, "SEK": 0.095, "NOK": 0.094, "DKK": 0.145,
        "PLN": 0.25, "ZAR": 0.054, "SGD": 0.74, "HKD": 0.128,
    ]

    init(codes: [String], seeds: ERPSeeds, firstDay: Int, asOf: Int) {
        self.codes = codes
        var months: [CalendarDay] = []
        let first = CalendarDay(daysSinceEpoch: firstDay).components
        var (year, month) = (first.year, first.month)
        while let start = CalendarDay(year: year, month: month, day: 1), start.daysSinceEpoch <= asOf {
            months.append(start)
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        self.months = months
        func usual(_ code: String) -> Double {
            var rng = ERPSeeds.stream(seeds.rates, Self.codeNumber(code))
            let drawn = exp(0.8 * rng.nextGaussian())
            return Self.usualInUSD[code] ?? drawn
        }
        let reporting = codes.first.map(usual) ?? 1
        var rates: [[Double]] = [], texts: [[String]] = []
        for (c, code) in codes.enumerated() {
            guard c > 0 else {
                rates.append(Array(repeating: 1, count: months.count))
                texts.append(Array(repeating: "1", count: months.count))
                continue
            }
            var rng = ERPSeeds.stream(seeds.rates, Self.codeNumber(code))
            _ = rng.nextGaussian()  // the draw of `usual`
            let start = usual(code) / reporting
            var walk = 0.0
            var row: [Double] = [], text: [String] = []
            for m in months.indices {
                if m > 0 { walk += 0.015 * rng.nextGaussian() }
                let (value, written) = Self.rounded(start * exp(walk))
                row.append(value)
                text.append(written)
            }
            rates.append(row)
            texts.append(text)
        }
        self.rates = rates
        self.texts = texts
    }

    /// A code's stream number: its letters as a base-32 number.
    static func codeNumber(_ code: String) -> Int {
        code.utf8.reduce(0) { $0 * 32 + Int($1 & 31) }
    }

    /// `value` to six significant digits: the double the text reads as, and the text.
    static func rounded(_ value: Double) -> (Double, String) {
        let decimals = max(0, 5 - Int(floor(log10(value))))
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let mantissa = Int((value * scale).rounded())
        var digits = String(mantissa)
        if digits.count <= decimals { digits = String(repeating: "0", count: decimals - digits.count + 1) + digits }
        var text = decimals == 0 ? digits : String(digits.prefix(digits.count - decimals)) + "." + String(digits.suffix(decimals))
        while decimals > 0, text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return (Double(mantissa) / scale, text)
    }

    /// Index into `months` of `day` (on or after the first month).
    func month(of day: Int) -> Int {
        var low = 0, high = months.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if months[mid].daysSinceEpoch <= day { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// The rate of currency `c` in force on `day`.
    func rate(_ c: Int, on day: Int) -> Double { rates[c][month(of: day)] }

    /// `currency,rate,valid_from`: one row for the reporting currency (rate 1, from the first
    /// month), then every other currency month by month.
    var csv: String {
        var writer = CSVWriter(header: ["currency", "rate", "valid_from"])
        for (c, code) in codes.enumerated() {
            for m in months.indices where c > 0 || m == 0 {
                writer.append([.text(code), .text(texts[c][m]), .text(months[m].description)])
            }
        }
        return writer.text
    }
}
