// libFuzzer target: the ledger's date parsing (DateFormat patterns and CalendarDay).
// Input: the first line is a date pattern, the rest is the text to parse.
// Built only by scripts/fuzz.
//
// Oracles: a parsed date is a real calendar date whose components print back
// through the same pattern to something that parses to the same day; ISO dates
// round-trip through `description`; day arithmetic agrees with components.
import Tabular

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDates(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parts = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
    let pattern = String(parts[0])
    let value = parts.count > 1 ? parts[1] : Substring("")

    if let iso = CalendarDay(iso: text[...]) {
        check(iso)
        precondition(CalendarDay(iso: iso.description[...]) == iso, "ISO round trip: \(text)")
    }
    guard let format = DateFormat(pattern) else { return 0 }
    guard let day = format.parse(value) else { return 0 }
    check(day)
    let (year, month, dayOfMonth) = day.components
    precondition((0...9999).contains(year), "four-digit year parsed to \(year)")
    // Print the components back through the pattern with zero padding; exact tokens and
    // one-or-two digit tokens both accept two digits.
    var printed = ""
    var i = pattern.startIndex
    while i < pattern.endIndex {
        let c = pattern[i]
        var j = i
        while j < pattern.endIndex, pattern[j] == c { j = pattern.index(after: j) }
        let run = pattern.distance(from: i, to: j)
        func padded(_ v: Int, _ width: Int) -> String {
            let s = String(v); return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        switch (c, run) {
        case ("y", 4): printed += padded(year, 4)
        case ("M", 1), ("M", 2): printed += padded(month, 2)
        case ("d", 1), ("d", 2): printed += padded(dayOfMonth, 2)
        default: printed += String(repeating: c, count: run)
        }
        i = j
    }
    precondition(format.parse(printed[...]) == day, "pattern \(pattern): \(value) -> \(day) -> \(printed)")
    return 0
}

/// Components, construction and arithmetic agree for `day`.
private func check(_ day: CalendarDay) {
    let (year, month, dayOfMonth) = day.components
    precondition((1...12).contains(month) && dayOfMonth >= 1
                 && dayOfMonth <= CalendarDay.daysIn(month: month, year: year))
    precondition(CalendarDay(year: year, month: month, day: dayOfMonth) == day)
    let next = day + 1
    precondition(next - day == 1 && next > day)
    let (y2, m2, d2) = next.components
    if d2 == 1 { precondition(dayOfMonth == CalendarDay.daysIn(month: month, year: year)) }
    else { precondition(y2 == year && m2 == month && d2 == dayOfMonth + 1) }
}
