/// A calendar date without time or time zone: the number of days since 1970-01-01
/// in the proleptic Gregorian calendar (negative before 1970).
///
/// Differences of days are exact integers (`due - invoiced` is days beyond terms),
/// so ledger arithmetic never meets daylight-saving or time-zone surprises.
/// Conversions use Howard Hinnant's `days_from_civil` / `civil_from_days`
/// algorithms, exact for every representable year.
public struct CalendarDay: Comparable, Hashable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01.
    public var daysSinceEpoch: Int

    public init(daysSinceEpoch: Int) { self.daysSinceEpoch = daysSinceEpoch }

    /// The date `year-month-day`, or nil when the month is not 1...12 or the day
    /// is not in that month (29 February only in leap years).
    ///
    /// Speed (issue 16: two or three dates per ledger row, 4% of `features` at 1M customers):
    /// month lengths without the leap-year test except for 29 February, and for years from 1
    /// on the era arithmetic in unsigned integers (cheaper divisions by constants); a test
    /// holds both equal to the general formula below.
    @inline(__always)
    public init?(year: Int, month: Int, day: Int) {
        guard month >= 1, month <= 12, day >= 1 else { return nil }
        // 31 days for months 1, 3, 5, 7, 8, 10 and 12 (the low bit of `month ^ (month >> 3)`).
        let length = month == 2 ? (day <= 28 || Self.isLeapYear(year) ? 29 : 28) : 30 | ((month ^ (month >> 3)) & 1)
        guard day <= length else { return nil }
        let y = month <= 2 ? year - 1 : year
        guard y >= 0 else { daysSinceEpoch = Self.days(general: year, month: month, day: day); return }
        let unsignedYear = UInt(y)
        let era = unsignedYear / 400
        let yearOfEra = unsignedYear - era * 400
        let dayOfYear = (153 * UInt(month + (month > 2 ? -3 : 9)) + 2) / 5 + UInt(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        daysSinceEpoch = Int(era * 146_097 + dayOfEra) - 719_468
    }

    /// Hinnant's `days_from_civil` for any year, on a valid date.
    private static func days(general year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// Parses ISO 8601 `YYYY-MM-DD` exactly (four-digit year, two-digit month and day).
    public init?(iso text: Substring) {
        guard let day = DateFormat.iso.parse(text) else { return nil }
        self = day
    }

    /// Parses `text` with a pattern such as `M/d/yyyy`, `d.M.yyyy`, `yyyy-MM-dd` or
    /// `MM/dd/yyyy` (see `DateFormat`); nil when the pattern or the text is invalid.
    /// Build a `DateFormat` once instead when parsing many values.
    public static func parse(_ text: Substring, format: String) -> CalendarDay? {
        DateFormat(format)?.parse(text)
    }

    /// Year, month (1...12) and day of month (1...31).
    public var components: (year: Int, month: Int, day: Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// ISO 8601 `YYYY-MM-DD` (years outside 0...9999 keep their sign and all digits).
    public var description: String {
        let (year, month, day) = components
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(abs(value))
            return (value < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    /// `true` for Gregorian leap years (divisible by 4, except centuries not divisible by 400).
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// Number of days in `month` (1...12) of `year`.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    /// Whole days from `b` to `a` (positive when `a` is later).
    public static func - (a: CalendarDay, b: CalendarDay) -> Int { a.daysSinceEpoch - b.daysSinceEpoch }

    /// The day `days` after `day` (before, when negative).
    public static func + (day: CalendarDay, days: Int) -> CalendarDay {
        CalendarDay(daysSinceEpoch: day.daysSinceEpoch + days)
    }
}

/// A date pattern compiled once, for parsing many cells.
///
/// Tokens: `yyyy` (exactly four digits), `MM` and `dd` (exactly two digits),
/// `M` and `d` (one or two digits), and the time parts `HH` (00-23), `mm` and `ss` (00-59),
/// exactly two digits each; a time part is read and checked but does not change the day.
/// Text in single quotes is literal (`yyyyMMdd'.0'` reads `20190405.0`; `''` is one quote).
/// Every other character that is not a letter must appear literally; any other letter is an
/// error. Each pattern needs exactly one year, one month and one day token, and each time part
/// at most once. Two-digit years are not supported: they are ambiguous across centuries.
/// Nothing is guessed: a cell with a time part the pattern lacks (or lacking one it has) is
/// not a date.
public struct DateFormat: Sendable, Equatable {
    /// One piece of a pattern: a field (`exact`: two digits; otherwise one or two), a time part
    /// (two digits, checked, not used for the day) or one literal byte (UTF-8). Exporters
    /// translate patterns to other engines' syntax from them.
    public enum Token: Equatable, Sendable {
        case year, month(exact: Bool), day(exact: Bool), hour, minute, second, literal(UInt8)
    }

    /// The pattern as given.
    public let pattern: String
    /// The pattern, token by token.
    public let tokens: [Token]
    /// Whether `tokens` are ISO's `yyyy-MM-dd` (parsed without walking the tokens).
    private let isISO: Bool

    /// ISO 8601 `yyyy-MM-dd`.
    public static let iso = DateFormat("yyyy-MM-dd")!

    /// Compiles `pattern`; nil when it has an unknown letter run, an unterminated quote, lacks
    /// a year, month or day token, or repeats a token.
    public init?(_ pattern: String) {
        var tokens: [Token] = []
        let bytes = Array(pattern.utf8)
        let quote = UInt8(ascii: "'")
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if c == quote {
                // 'literal text'; '' is a quote, inside or outside a quoted run.
                if i + 1 < bytes.count, bytes[i + 1] == quote { tokens.append(.literal(quote)); i += 2; continue }
                i += 1
                while true {
                    guard i < bytes.count else { return nil }
                    if bytes[i] == quote {
                        if i + 1 < bytes.count, bytes[i + 1] == quote { tokens.append(.literal(quote)); i += 2; continue }
                        i += 1
                        break
                    }
                    tokens.append(.literal(bytes[i]))
                    i += 1
                }
                continue
            }
            var run = 1
            while i + run < bytes.count, bytes[i + run] == c { run += 1 }
            switch (c, run) {
            case (UInt8(ascii: "y"), 4): tokens.append(.year)
            case (UInt8(ascii: "M"), 1), (UInt8(ascii: "M"), 2): tokens.append(.month(exact: run == 2))
            case (UInt8(ascii: "d"), 1), (UInt8(ascii: "d"), 2): tokens.append(.day(exact: run == 2))
            case (UInt8(ascii: "H"), 2): tokens.append(.hour)
            case (UInt8(ascii: "m"), 2): tokens.append(.minute)
            case (UInt8(ascii: "s"), 2): tokens.append(.second)
            case _ where (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z")):
                return nil
            default:
                tokens.append(contentsOf: repeatElement(.literal(c), count: run))
            }
            i += run
        }
        func count(_ match: (Token) -> Bool) -> Int { tokens.filter(match).count }
        let years = count { $0 == .year }
        let months = count { if case .month = $0 { return true } else { return false } }
        let days = count { if case .day = $0 { return true } else { return false } }
        guard years == 1, months == 1, days == 1, count({ $0 == .hour }) <= 1, count({ $0 == .minute }) <= 1,
              count({ $0 == .second }) <= 1 else { return nil }
        self.pattern = pattern
        self.tokens = tokens
        isISO = tokens == [.year, .literal(UInt8(ascii: "-")), .month(exact: true), .literal(UInt8(ascii: "-")), .day(exact: true)]
    }

    /// The date in `text`, or nil when it does not match the pattern exactly or is not a real date.
    public func parse(_ text: Substring) -> CalendarDay? {
        if let day = text.utf8.withContiguousStorageIfAvailable({ parse(bytes: $0) }) { return day }
        return Array(text.utf8).withUnsafeBufferPointer { parse(bytes: $0) }
    }

    /// The date in `bytes` (UTF-8), as `parse(_:)`.
    ///
    /// Indices into the buffer rather than `Substring.UTF8View` slicing: the ledger reader
    /// parses two or three dates per invoice, and the slicing version was 9% of `features`
    /// at 1M accounts (perf, issue 16).
    public func parse(bytes: UnsafeBufferPointer<UInt8>) -> CalendarDay? {
        // ISO, the layout of canonical ledgers: the same checks as the token walk below for
        // those tokens (4 + 2 + 2 digits, two dashes, nothing else), without it. Measured (1M
        // customers, issue 16): iterating `tokens` retained and released the array for each
        // of the two or three dates per invoice, 5-7% of the CPU of `features`.
        if isISO {
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            @inline(__always) func digit(_ i: Int) -> Int {
                let d = bytes[i] &- UInt8(ascii: "0")
                return d < 10 ? Int(d) : -1_000_000
            }
            let year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3)
            let month = digit(5) * 10 + digit(6), day = digit(8) * 10 + digit(9)
            guard year >= 0, month >= 0, day >= 0 else { return nil }
            return CalendarDay(year: year, month: month, day: day)
        }
        var at = 0
        var year = 0, month = 0, day = 0
        @inline(__always) func digits(min: Int, max: Int) -> Int {
            var value = 0, count = 0
            while count < max, at < bytes.count {
                let digit = bytes[at] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                value = value * 10 + Int(digit)
                count += 1
                at += 1
            }
            return count >= min ? value : -1
        }
        for token in tokens {
            switch token {
            case .year: year = digits(min: 4, max: 4); if year < 0 { return nil }
            case .month(let exact): month = digits(min: exact ? 2 : 1, max: 2); if month < 0 { return nil }
            case .day(let exact): day = digits(min: exact ? 2 : 1, max: 2); if day < 0 { return nil }
            case .hour: guard (0...23).contains(digits(min: 2, max: 2)) else { return nil }
            case .minute, .second: guard (0...59).contains(digits(min: 2, max: 2)) else { return nil }
            case .literal(let c):
                guard at < bytes.count, bytes[at] == c else { return nil }
                at += 1
            }
        }
        guard at == bytes.count else { return nil }
        return CalendarDay(year: year, month: month, day: day)
    }
}
