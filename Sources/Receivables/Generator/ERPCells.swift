import Tabular

/// Account ids of a generated ledger in each layout, and the per-customer ERP draws behind
/// them; pass 1 (truth and accounts files) and pass 2 (the ledger) write the same ids.
///
/// - canonical: `C` and the 1-based number, at least five digits (`C00042`);
/// - highradius: `02` and eight digits (`0200000042`), or for 3% of customers `CCU` and at
///   least three digits (`CCU042`): text ids with leading zeros and letters;
/// - sap-fbl5n: `1` and six digits (`1000042`).
/// Widths grow with the customer count, so ids stay unique.
struct ERPAccountIds {
    let layout: ERPLayout
    let customers: Int
    let profiles: [ERPCustomer]
    /// `name_customer` cells by stem and suffix.
    let nameCells: [[[UInt8]]]

    init(layout: ERPLayout, customers: Int, profiles: [ERPCustomer]) {
        self.layout = layout
        self.customers = customers
        self.profiles = profiles
        nameCells = ERPCustomer.stems.map { stem in ERPCustomer.suffixes.map { RowBytes.cell(.text("\(stem) \($0)")) } }
    }

    private var digits: Int { String(customers).count }

    func write(into rows: inout RowBytes, _ i: Int) {
        switch layout {
        case .canonical: rows.padded(prefix: "C", i + 1, width: max(5, digits))
        case .highradius:
            if profiles[i].alphanumeric {
                rows.padded(prefix: "CCU", i + 1, width: 3)
            } else {
                rows.padded(prefix: "02", i + 1, width: max(8, digits))
            }
        case .sapFBL5N: rows.padded(prefix: "1", i + 1, width: max(6, digits))
        }
    }
}

/// Every date a generated row can hold (from `from` through `through`), rendered once in
/// each layout's patterns.
struct ERPDateCells {
    private let first: Int
    private let isoCells: [[UInt8]], compactCells: [[UInt8]], dottedCells: [[UInt8]], years: [[UInt8]]
    private let midnightCells: [[UInt8]], compactFloatCells: [[UInt8]]

    init(from first: Int, through last: Int) {
        self.first = first
        var iso: [[UInt8]] = [], compact: [[UInt8]] = [], dotted: [[UInt8]] = [], years: [[UInt8]] = []
        for day in first...last {
            let (y, m, d) = CalendarDay(daysSinceEpoch: day).components
            func pad(_ value: Int, _ width: Int) -> String {
                let text = String(value)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            iso.append(Array("\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))".utf8))
            compact.append(Array("\(pad(y, 4))\(pad(m, 2))\(pad(d, 2))".utf8))
            dotted.append(Array("\(pad(d, 2)).\(pad(m, 2)).\(pad(y, 4))".utf8))
            years.append(Array("\(y).0".utf8))
        }
        isoCells = iso; compactCells = compact; dottedCells = dotted; self.years = years
        midnightCells = iso.map { $0 + Array(" 00:00:00".utf8) }
        compactFloatCells = compact.map { $0 + Array(".0".utf8) }
    }

    /// `2019-04-05`
    func iso(_ day: Int) -> [UInt8] { isoCells[day - first] }
    /// `2019-04-05 00:00:00` (HighRadius `clear_date`)
    func isoMidnight(_ day: Int) -> [UInt8] { midnightCells[day - first] }
    /// `20190405` (HighRadius `document_create_date`)
    func compact(_ day: Int) -> [UInt8] { compactCells[day - first] }
    /// `20190405.0` (HighRadius `due_in_date`, `baseline_create_date`)
    func compactFloat(_ day: Int) -> [UInt8] { compactFloatCells[day - first] }
    /// `05.04.2019` (SAP)
    func dotted(_ day: Int) -> [UInt8] { dottedCells[day - first] }
    /// `2019.0` (HighRadius `buisness_year`)
    func yearFloat(_ day: Int) -> [UInt8] { years[day - first] }

    /// `cents` with a decimal comma and dots between thousands, always two decimals:
    /// `1.234,56`, `0,05`, `-12,00`.
    static func decimalComma(_ cents: Int) -> String {
        let units = String(abs(cents) / 100)
        var grouped = ""
        for (k, ch) in units.enumerated() {
            if k > 0 && (units.count - k) % 3 == 0 { grouped.append(".") }
            grouped.append(ch)
        }
        let rest = abs(cents) % 100
        return (cents < 0 ? "-" : "") + grouped + "," + (rest < 10 ? "0" : "") + String(rest)
    }
}
