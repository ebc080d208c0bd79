import Foundation
import PropertyBased
import Tabular
import Testing

/// Numbers and date serials as text: exact round trips through `StrictDecimal`, and dates
/// checked against Foundation's Gregorian calendar (an independent computation).
@Suite struct XLSXNumberTextTests {
    @Test func writesPlainDecimals() {
        let cases: [(Double, String)] = [
            (12, "12"), (-12, "-12"), (0.1, "0.1"), (-2.5, "-2.5"), (1e-5, "0.00001"), (123.456, "123.456"),
            (1.5e20, "150000000000000000000"), (1e15, "1000000000000000"), (1234567890123456, "1234567890123456"),
            (-0.0, "0"), (0.000123, "0.000123"), (100.5, "100.5"), (1e22, "10000000000000000000000"),
        ]
        for (value, text) in cases {
            #expect(XLSXNumberText.plainDecimal(value) == text, "\(value)")
        }
    }

    /// Any finite double: digits, at most one point, no exponent, no `.0`, and StrictDecimal
    /// reads back the same bits (negative zero reads back as zero).
    @Test func plainDecimalsRoundTrip() async {
        await propertyCheck(count: 5000, input: Gen.uint64()) { bits in
            let value = Double(bitPattern: bits)
            guard value.isFinite else { return }
            let text = XLSXNumberText.plainDecimal(value)
            #expect(text.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }, "\(text)")
            #expect(!text.hasSuffix(".0") && !text.hasSuffix("."), "\(text)")
            #expect(text.filter { $0 == "." }.count <= 1)
            if value == value.rounded() { #expect(!text.contains("."), "\(text)") }
            #expect(StrictDecimal.parse(text) == .value(value == 0 ? 0 : value), "\(value) -> \(text)")
        }
    }

    /// Known serials of the 1900 system, including the Lotus leap-day bug.
    @Test func readsThe1900System() throws {
        let cases: [(Double, String)] = [
            (1, "1900-01-01"), (59, "1900-02-28"), (61, "1900-03-01"), (45000, "2023-03-15"),
            (2_958_465, "9999-12-31"), (0.5, "12:00:00"), (0, "00:00:00"), (45000.75, "2023-03-15T18:00:00"),
            (45000.999999999, "2023-03-16"), (25569, "1970-01-01"),
        ]
        for (serial, text) in cases {
            #expect(try XLSXNumberText.dateText(serial: serial, system: .from1900) == text, "\(serial)")
        }
        #expect(throws: XLSXNumberText.DateFailure.fictitiousLeapDay) { try XLSXNumberText.dateText(serial: 60, system: .from1900) }
        #expect(throws: XLSXNumberText.DateFailure.fictitiousLeapDay) { try XLSXNumberText.dateText(serial: 60.25, system: .from1900) }
        #expect(throws: XLSXNumberText.DateFailure.beforeEpoch) { try XLSXNumberText.dateText(serial: -1, system: .from1900) }
        #expect(throws: XLSXNumberText.DateFailure.afterLastDay) { try XLSXNumberText.dateText(serial: 2_958_466, system: .from1900) }
    }

    @Test func readsThe1904System() throws {
        #expect(try XLSXNumberText.dateText(serial: 0, system: .from1904) == "1904-01-01")
        #expect(try XLSXNumberText.dateText(serial: 60, system: .from1904) == "1904-03-01")
        // The same day is 1462 days less than in the 1900 system.
        #expect(try XLSXNumberText.dateText(serial: 45000 - 1462, system: .from1904) == "2023-03-15")
    }

    /// Whole serials against Foundation: serial s (s >= 61) is 1899-12-30 plus s days, and in
    /// the 1904 system 1904-01-01 plus s days; `serial1900` inverts the 1900 reading.
    @Test func matchesFoundationCalendar() async {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let formatter = DateFormatter()
        formatter.calendar = calendar
        formatter.timeZone = calendar.timeZone
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd"
        let epoch1900 = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30))!
        let epoch1904 = calendar.date(from: DateComponents(year: 1904, month: 1, day: 1))!
        await propertyCheck(count: 2000, input: Gen.int(in: 61...2_958_465)) { serial in
            let expected1900 = formatter.string(from: calendar.date(byAdding: .day, value: serial, to: epoch1900)!)
            let expected1904 = formatter.string(from: calendar.date(byAdding: .day, value: serial, to: epoch1904)!)
            #expect((try? XLSXNumberText.dateText(serial: Double(serial), system: .from1900)) == expected1900)
            #expect((try? XLSXNumberText.dateText(serial: Double(serial), system: .from1904)) == expected1904)
            let day = CalendarDay(iso: expected1900[...])!
            #expect(XLSXNumberText.serial1900(day) == serial)
        }
        for serial in 1...59 {
            let day = CalendarDay(iso: (try! XLSXNumberText.dateText(serial: Double(serial), system: .from1900))[...])!
            #expect(XLSXNumberText.serial1900(day) == serial)
        }
        #expect(XLSXNumberText.serial1900(CalendarDay(year: 1899, month: 12, day: 31)!) == nil)
    }

    @Test func namesSheetLocations() {
        #expect(SheetLocation(sheet: "Sheet1", row: 14, column: 3).description == "Sheet1!D14")
        #expect(SheetLocation(sheet: "Sheet1", row: 5).description == "Sheet1!5:5")
        #expect(SheetLocation(sheet: "Sheet1", column: 27).description == "Sheet1!AB:AB")
        #expect(SheetLocation(sheet: "Q1 ledger", row: 2, column: 0).description == "'Q1 ledger'!A2")
        #expect(SheetLocation(sheet: "Bob's", row: 1, column: 0).description == "'Bob''s'!A1")
        #expect(SheetLocation(sheet: "Q1", row: 1, column: 0).description == "'Q1'!A1")
        #expect(SheetLocation(sheet: "R2C3").description == "'R2C3'")
        #expect(SheetLocation(sheet: "Data_2024.v2").description == "Data_2024.v2")
        #expect(SheetLocation.columnLetters(0) == "A")
        #expect(SheetLocation.columnLetters(25) == "Z")
        #expect(SheetLocation.columnLetters(26) == "AA")
        #expect(SheetLocation.columnLetters(701) == "ZZ")
        #expect(SheetLocation.columnLetters(702) == "AAA")
        #expect(SheetLocation.columnLetters(16383) == "XFD")
        let error = InputError(file: "ledger.xlsx", sheetLocation: SheetLocation(sheet: "Sheet1", row: 14, column: 3),
                               value: "n/a", message: "not a plain decimal number")
        #expect(error.description == "ledger.xlsx:Sheet1!D14: not a plain decimal number (n/a)")
        // The CSV form is unchanged.
        #expect(InputError(file: "a.csv", line: 3, column: "amount", value: "x", message: "bad").description == "a.csv:3:amount: bad (x)")
    }
}
