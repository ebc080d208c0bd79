import PropertyBased
import Tabular
import Testing

@Suite struct CalendarDayTests {
    @Test func knownDates() throws {
        #expect(CalendarDay(iso: "1970-01-01")?.daysSinceEpoch == 0)
        #expect(CalendarDay(iso: "2000-03-01")?.daysSinceEpoch == 11_017)
        #expect(CalendarDay(iso: "1969-12-31")?.daysSinceEpoch == -1)
        #expect(CalendarDay(iso: "2024-02-29")?.description == "2024-02-29")
        let due = try #require(CalendarDay(iso: "2024-03-01")), paid = try #require(CalendarDay(iso: "2024-02-01"))
        #expect(due - paid == 29)
        #expect(paid < due)
        #expect((paid + 29) == due)
    }

    @Test(arguments: ["2023-02-29", "1900-02-29", "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01",
                      "24-01-01", "2024-01-01 ", "2024/01/01", "", "2024-01-011"])
    func rejectsInvalidISO(text: String) {
        #expect(CalendarDay(iso: Substring(text)) == nil)
    }

    @Test func patterns() {
        #expect(CalendarDay.parse("3/7/2024", format: "M/d/yyyy")?.description == "2024-03-07")
        #expect(CalendarDay.parse("12/31/2024", format: "M/d/yyyy")?.description == "2024-12-31")
        #expect(CalendarDay.parse("31.12.2024", format: "d.M.yyyy")?.description == "2024-12-31")
        #expect(CalendarDay.parse("03/07/2024", format: "MM/dd/yyyy")?.description == "2024-03-07")
        #expect(CalendarDay.parse("3/07/2024", format: "MM/dd/yyyy") == nil)
        #expect(CalendarDay.parse("2000-02-29", format: "yyyy-MM-dd")?.description == "2000-02-29")
        #expect(CalendarDay.parse("31/4/2024", format: "d/M/yyyy") == nil)
        #expect(DateFormat("yy-MM-dd") == nil)
        #expect(DateFormat("yyyy-MMM-dd") == nil)
        #expect(DateFormat("yyyy-MM") == nil)
        #expect(DateFormat("yyyy-MM-dd hh") == nil)
        #expect(DateFormat("yyyy-MM-dd HH HH") == nil)
        #expect(DateFormat("yyyyMMdd'.0") == nil, "unterminated quote")
    }

    /// Quoted literals and time parts (issue 12): nothing is guessed.
    @Test func literalsAndTimeParts() {
        #expect(CalendarDay.parse("20190405.0", format: "yyyyMMdd'.0'")?.description == "2019-04-05")
        #expect(CalendarDay.parse("20190405", format: "yyyyMMdd'.0'") == nil)
        #expect(CalendarDay.parse("2019-04-05 00:00:00", format: "yyyy-MM-dd HH:mm:ss")?.description == "2019-04-05")
        #expect(CalendarDay.parse("2019-04-05 23:59:59", format: "yyyy-MM-dd HH:mm:ss")?.description == "2019-04-05")
        #expect(CalendarDay.parse("2019-04-05", format: "yyyy-MM-dd HH:mm:ss") == nil, "time part missing")
        #expect(CalendarDay.parse("2019-04-05 24:00:00", format: "yyyy-MM-dd HH:mm:ss") == nil)
        #expect(CalendarDay.parse("2019-04-05 10:60:00", format: "yyyy-MM-dd HH:mm:ss") == nil)
        #expect(CalendarDay.parse("2019-04-05 00:00:00", format: "yyyy-MM-dd") == nil, "time part not in the pattern")
        #expect(CalendarDay.parse("2019-04-05T10:30", format: "yyyy-MM-dd'T'HH:mm")?.description == "2019-04-05")
        #expect(CalendarDay.parse("05'04'2019", format: "dd''MM''yyyy")?.description == "2019-04-05")
        #expect(CalendarDay.parse("day 5.4.2019", format: "'day' d.M.yyyy")?.description == "2019-04-05")
    }

    /// Decimal-comma amounts (SAP): dot-grouped thousands, comma decimals, sign either side.
    @Test func decimalComma() {
        func value(_ text: String) -> Double? {
            let outcome = Array(text.utf8).withUnsafeBufferPointer { StrictDecimal.parseDecimalComma($0) }
            if case .value(let v) = outcome { return v }
            return nil
        }
        #expect(value("1.234,56") == 1234.56)
        #expect(value("1234,56") == 1234.56)
        #expect(value("-1.234,56") == -1234.56)
        #expect(value("1.234,56-") == -1234.56)
        #expect(value("12") == 12)
        #expect(value("1.234.567") == 1_234_567)
        #expect(value("0,5") == 0.5)
        for bad in ["12.34,5", "1,234.56", "1.234,", ",5", "", "1.23", "$12", "1 234,56", "(12,50)", "1e3", "--1", "nan"] {
            #expect(value(bad) == nil, "\(bad)")
        }
    }

    /// The validating initialiser (month lengths, unsigned era arithmetic) against the plain
    /// rule and formula, for every month and day 0...32 of years -1200...3200 and far ones.
    @Test func civilInitialiserMatchesTheGeneralFormula() {
        func reference(_ year: Int, _ month: Int, _ day: Int) -> Int? {
            guard (1...12).contains(month), day >= 1, day <= CalendarDay.daysIn(month: month, year: year) else { return nil }
            let y = month <= 2 ? year - 1 : year
            let era = (y >= 0 ? y : y - 399) / 400
            let yearOfEra = y - era * 400
            let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
            return era * 146_097 + yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear - 719_468
        }
        var mismatches = 0
        for year in Array(-1200...3200) + [-1_000_000, -400, -1, 0, 1, 99_999, 1_000_000] {
            for month in -1...14 {
                for day in -1...32 where CalendarDay(year: year, month: month, day: day)?.daysSinceEpoch != reference(year, month, day) {
                    mismatches += 1
                }
            }
        }
        #expect(mismatches == 0)
        #expect(CalendarDay(year: 1970, month: 1, day: 1)?.daysSinceEpoch == 0)
        #expect(CalendarDay(year: 2024, month: 2, day: 29) != nil)
        #expect(CalendarDay(year: 2100, month: 2, day: 29) == nil)
        #expect(CalendarDay(year: 2000, month: 2, day: 29) != nil)
    }

    /// Days and civil dates convert both ways for 1.2 million years around the epoch.
    @Test func civilRoundTrip() async {
        await propertyCheck(count: 2000, input: Gen.int(in: -200_000_000...200_000_000)) { days in
            let day = CalendarDay(daysSinceEpoch: days)
            let (year, month, dayOfMonth) = day.components
            #expect(CalendarDay(year: year, month: month, day: dayOfMonth) == day)
            #expect((day + 1).components.day == (dayOfMonth == CalendarDay.daysIn(month: month, year: year) ? 1 : dayOfMonth + 1))
            if (1...9999).contains(year) { #expect(CalendarDay(iso: Substring(day.description)) == day) }
        }
    }
}
