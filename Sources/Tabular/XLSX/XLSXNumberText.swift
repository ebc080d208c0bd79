/// Numbers and date serials of spreadsheet cells, as text the CSV rules read back exactly.
public enum XLSXNumberText {
    /// `value` as plain decimal digits that `StrictDecimal` reads back as exactly `value`:
    /// Swift's shortest round-trip digits (`description`), never in exponent notation, and a
    /// whole number without `.0`.
    ///
    /// `12.0` -> `12`, `0.1` -> `0.1`, `1e-05` -> `0.00001`, `1.5e+20` -> `150000000000000000000`,
    /// `-2.5` -> `-2.5`; negative zero -> `0`.
    /// - Precondition: `value` is finite (spreadsheet cells cannot hold NaN or infinity).
    public static func plainDecimal(_ value: Double) -> String {
        precondition(value.isFinite, "a spreadsheet number is finite")
        if value == 0 { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        // `description` is `[-]D.DDD` or `[-]D.DDDe[+-]XX`: collect the digits, where the
        // decimal point falls in them, and the exponent.
        var digits: [UInt8] = []
        var pointAt: Int?
        var exponent = 0
        let text = Array(value.description.utf8)
        var i = 0
        let negative = text.first == UInt8(ascii: "-")
        if negative { i = 1 }
        while i < text.count {
            let c = text[i]
            if c == UInt8(ascii: ".") {
                pointAt = digits.count
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                exponent = Int(String(decoding: text[(i + 1)...], as: UTF8.self))!
                break
            } else {
                digits.append(c)
            }
            i += 1
        }
        var point = (pointAt ?? digits.count) + exponent
        // Drop leading zeros (keeping the point where it is) and trailing zeros.
        while digits.count > 1, digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while digits.count > 1, digits.last == UInt8(ascii: "0"), digits.count > max(point, 0) { digits.removeLast() }
        var out: [UInt8] = negative ? [UInt8(ascii: "-")] : []
        if point <= 0 {
            out.append(contentsOf: "0.".utf8)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: -point))
            out.append(contentsOf: digits)
        } else if point >= digits.count {
            out.append(contentsOf: digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: point - digits.count))
        } else {
            out.append(contentsOf: digits[..<point])
            out.append(UInt8(ascii: "."))
            out.append(contentsOf: digits[point...])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Which day serial 0 is: spreadsheets count days from one of two epochs, chosen per
    /// workbook (`<workbookPr date1904="1"/>` in `xl/workbook.xml`).
    public enum DateSystem: Sendable, Equatable {
        /// Windows Excel's default: serial 1 is 1900-01-01. It copies a Lotus 1-2-3 bug that
        /// treats 1900 as a leap year: serial 60 is the fictitious 1900-02-29, so serials from
        /// 61 on are one more than the day count from 1899-12-31 (61 is 1900-03-01). Serial 0
        /// ("1900-01-00") holds a time of day without a date.
        case from1900
        /// The old Macintosh system: serial 0 is 1904-01-01, no fictitious day.
        case from1904
    }

    /// Why a date serial is not a calendar date.
    public enum DateFailure: Error, Equatable, Sendable {
        /// Serial 60 of the 1900 system, the fictitious 1900-02-29.
        case fictitiousLeapDay
        /// Before the system's first day (negative serial).
        case beforeEpoch
        /// After 9999-12-31, the last day spreadsheets know.
        case afterLastDay

        /// The message used in `InputError`.
        public var message: String {
            switch self {
            case .fictitiousLeapDay: return "date serial 60 is the fictitious 1900-02-29 of the 1900 date system"
            case .beforeEpoch: return "date serial before the first day of the workbook's date system"
            case .afterLastDay: return "date serial after 9999-12-31"
            }
        }
    }

    /// The calendar day and the seconds into it (0..<86400, rounded to the nearest second)
    /// of a date serial in `system`, or nil for the days part of serial 0..<1 of the 1900
    /// system (a time of day without a date).
    /// - Throws: `DateFailure` for serial 60 of the 1900 system, a negative serial or one past
    ///   9999-12-31.
    public static func dateTime(serial: Double, system: DateSystem) throws -> (day: CalendarDay?, seconds: Int) {
        guard serial >= 0 else { throw DateFailure.beforeEpoch }
        var days = serial.rounded(.down)
        var seconds = ((serial - days) * 86_400).rounded()
        if seconds >= 86_400 {
            days += 1
            seconds = 0
        }
        guard days <= 2_958_465 else { throw DateFailure.afterLastDay }
        let whole = Int(days)
        switch system {
        case .from1904:
            return (CalendarDay(year: 1904, month: 1, day: 1)! + whole, Int(seconds))
        case .from1900:
            if whole == 0 { return (nil, Int(seconds)) }
            if whole == 60 { throw DateFailure.fictitiousLeapDay }
            let base = whole < 60 ? CalendarDay(year: 1899, month: 12, day: 31)! : CalendarDay(year: 1899, month: 12, day: 30)!
            return (base + whole, Int(seconds))
        }
    }

    /// The text of a date-formatted cell: `YYYY-MM-DD` for a whole-day serial, ISO 8601
    /// `YYYY-MM-DDTHH:MM:SS` when it has a time of day, `HH:MM:SS` for a time without a date
    /// (serial below 1 in the 1900 system).
    /// - Throws: `DateFailure` (see `dateTime(serial:system:)`).
    public static func dateText(serial: Double, system: DateSystem) throws -> String {
        let (day, seconds) = try dateTime(serial: serial, system: system)
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let time = "\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        guard let day else { return time }
        return seconds == 0 ? day.description : "\(day.description)T\(time)"
    }

    /// The serial of `day` in the 1900 system (the inverse of `dateTime` for whole days):
    /// days since 1899-12-30 from 1900-03-01 on, since 1899-12-31 before; nil before
    /// 1900-01-01 or after 9999-12-31.
    public static func serial1900(_ day: CalendarDay) -> Int? {
        let first = CalendarDay(year: 1900, month: 1, day: 1)!, march = CalendarDay(year: 1900, month: 3, day: 1)!
        guard day >= first, day <= CalendarDay(year: 9999, month: 12, day: 31)! else { return nil }
        return day >= march ? day - CalendarDay(year: 1899, month: 12, day: 30)! : day - CalendarDay(year: 1899, month: 12, day: 31)!
    }
}
