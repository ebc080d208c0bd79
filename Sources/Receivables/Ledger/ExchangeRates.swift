import Tabular

/// Exchange rates into the reporting currency, from a CSV with columns `currency,rate` and
/// optionally `valid_from` (ISO date): `rate` is units of the reporting currency per unit of
/// `currency`, in force from `valid_from` (from the beginning of time when empty or absent)
/// until the next `valid_from` of the same currency.
///
/// The rate of an amount is the one in force on its date: an invoice's on its invoice date, a
/// payment's on its payment date. The reporting currency itself always converts at 1: its
/// rows, if any, must all say 1 (`requireConvertsAtOne`, checked once the reporting currency
/// is known: before the ledger is read when it is named, after it when it is inferred, see
/// `LedgerReader.reportingCurrency`). Errors (naming file, line, column and value): a rate that
/// is not a positive plain decimal, an empty currency, a bad date, two rows for the same
/// currency and date.
public struct ExchangeRates: Sendable {
    public let path: String
    private struct Row: Sendable {
        var from: Int
        var rate: Double
        var line: Int
        var text: String
    }
    /// Per currency, its rows sorted by `from` (`Int.min` = the beginning of time first).
    private var table: [String: [Row]] = [:]
    /// The header name of the rate column (for errors).
    private let rateColumn: String
    /// Currencies every row of which says 1.
    private var allOnes: Set<String> = []

    public init(path: String) throws {
        self.path = path
        let csv = try CSVReader.read(path: path)
        let currency = try csv.columnIndex("currency"), rate = try csv.columnIndex("rate")
        rateColumn = csv.header[rate]
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
            let text = csv.string(row: row, column: rate)
            guard case .value(let value) = StrictDecimal.parse(text), value > 0 else {
                throw fail(rate, "expected a positive plain decimal rate")
            }
            var from = Int.min
            if let validFrom, !csv.string(row: row, column: validFrom).isEmpty {
                guard let day = CalendarDay(iso: csv.string(row: row, column: validFrom)[...]) else {
                    throw fail(validFrom, "expected an ISO date YYYY-MM-DD")
                }
                from = day.daysSinceEpoch
            }
            if let first = lines[code]?[from] {
                throw fail(validFrom ?? currency, "second rate for \(code) from the same date (first on line \(first))")
            }
            lines[code, default: [:]][from] = line
            table[code, default: []].append(Row(from: from, rate: value, line: line, text: text))
        }
        for code in table.keys { table[code]!.sort { $0.from < $1.from } }
        allOnes = Set(table.filter { $0.value.allSatisfy { $0.rate == 1 } }.keys)
    }

    /// Currencies with a rate.
    public var currencies: [String] { table.keys.sorted() }

    /// Whether the file has a row for `currency`.
    public func hasRates(_ currency: String) -> Bool { table[currency] != nil }

    /// Whether every row of `currency` says 1 (`false` when it has none).
    public func convertsAtOne(_ currency: String) -> Bool { allOnes.contains(currency) }

    /// Whether `currency` could be the reporting currency when none is named: it has no row,
    /// or every row of it says 1.
    public func couldBeReporting(_ currency: String) -> Bool {
        table[currency] == nil || allOnes.contains(currency)
    }

    /// - Throws: the first row of `currency` (the reporting currency) whose rate is not 1,
    ///   as `FILE:LINE:rate: the reporting currency CODE converts at 1 (VALUE)`; `hint` ends
    ///   the message.
    public func requireConvertsAtOne(_ currency: String, hint: ParameterText = "") throws {
        guard let bad = table[currency]?.sorted(by: { $0.line < $1.line }).first(where: { $0.rate != 1 }) else { return }
        throw InputError(file: path, line: bad.line, column: rateColumn, value: bad.text,
                         message: "the reporting currency \(currency) converts at 1\(hint)")
    }

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

    /// What an amount in `currency` dated `day` is multiplied by to be in the reporting
    /// currency `reporting`: 1 for the reporting currency, else the rate in force (`nil`
    /// when none is). With `reporting == nil` (to be inferred after the read) a currency that
    /// `couldBeReporting` converts at 1 too: if the read names it the reporting currency that
    /// is right, and if it does not the run fails (two candidates), so no converted amount of
    /// a wrongly guessed currency is ever used.
    @inline(__always)
    public func factor(_ currency: String, on day: CalendarDay, reporting: String?) -> Double? {
        if currency == reporting { return 1 }
        if reporting == nil, couldBeReporting(currency) { return 1 }
        return rate(currency, on: day)
    }
}
