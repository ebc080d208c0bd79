import Tabular

/// Exchange rates into the reporting currency, from a CSV with columns `currency,rate` and
/// optionally `valid_from` (ISO date): `rate` is units of the reporting currency per unit of
/// `currency`, in force from `valid_from` (from the beginning of time when empty or absent)
/// until the next `valid_from` of the same currency.
///
/// The rate of an amount is the one in force on its date: an invoice's on its invoice date, a
/// payment's on its payment date. The reporting currency itself is always 1 (a row for it
/// must say 1). Errors (naming file, line, column and value): a rate that is not a positive
/// plain decimal, an empty currency, a bad date, two rows for the same currency and date.
public struct ExchangeRates: Sendable {
    public let path: String
    /// Per currency, `(from, rate)` sorted by `from` (`nil` = the beginning of time first).
    private var table: [String: [(from: Int, rate: Double)]] = [:]

    public init(path: String, reportingCurrency: String?) throws {
        self.path = path
        let csv = try CSVReader.read(path: path)
        let currency = try csv.columnIndex("currency"), rate = try csv.columnIndex("rate")
        let validFrom = csv.optionalColumnIndex("valid_from")
        var lines: [String: [Int: Int]] = [:]
        for row in 0..<csv.rowCount {
            let code = csv.string(row: row, column: currency)
            let line = csv.lineNumber(ofRow: row)
            func fail(_ column: Int, _ message: ParameterText) -> InputError {
                InputError(file: path, line: line, column: csv.header[column], value: csv.string(row: row, column: column),
                           message: message)
            }
            guard !code.isEmpty else { throw fail(currency, "empty currency code") }
            guard case .value(let value) = StrictDecimal.parse(csv.string(row: row, column: rate)), value > 0 else {
                throw fail(rate, "expected a positive plain decimal rate")
            }
            var from = Int.min
            if let validFrom, !csv.string(row: row, column: validFrom).isEmpty {
                guard let day = CalendarDay(iso: csv.string(row: row, column: validFrom)[...]) else {
                    throw fail(validFrom, "expected an ISO date YYYY-MM-DD")
                }
                from = day.daysSinceEpoch
            }
            if code == reportingCurrency, value != 1 {
                throw fail(rate, "the reporting currency \(code) converts at 1")
            }
            if let first = lines[code]?[from] {
                throw fail(validFrom ?? currency, "second rate for \(code) from the same date (first on line \(first))")
            }
            lines[code, default: [:]][from] = line
            table[code, default: []].append((from, value))
        }
        for code in table.keys { table[code]!.sort { $0.from < $1.from } }
    }

    /// Currencies with a rate.
    public var currencies: [String] { table.keys.sorted() }

    /// The rate of `currency` in force on `day`: the row with the latest `valid_from` on or
    /// before `day`; `nil` when there is none (no row for the currency, or all start later).
    public func rate(_ currency: String, on day: CalendarDay) -> Double? {
        guard let rows = table[currency] else { return nil }
        var found: Double?
        for row in rows {
            if row.from <= day.daysSinceEpoch { found = row.rate } else { break }
        }
        return found
    }
}
