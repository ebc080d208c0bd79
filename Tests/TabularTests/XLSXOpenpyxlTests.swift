import Foundation
import Tabular
import Testing

/// The two halves of `scripts/checks/xlsx`, which sets `AR_SEGMENT_XLSX_CHECK_DIR`:
/// - openpyxl writes `openpyxl.xlsx` and `openpyxl.json` (each cell's kind and value as
///   Python sees it); we read the workbook and compare;
/// - we write `swift.xlsx` and `swift.json` (the cells we wrote); the script reads the
///   workbook with openpyxl and LibreOffice and compares.
/// Without the variable both tests are skipped.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["AR_SEGMENT_XLSX_CHECK_DIR"] != nil,
                "set AR_SEGMENT_XLSX_CHECK_DIR (scripts/checks/xlsx does) to compare with openpyxl"))
struct XLSXOpenpyxlTests {
    let directory = ProcessInfo.processInfo.environment["AR_SEGMENT_XLSX_CHECK_DIR"] ?? ""

    /// `openpyxl.json`: `{"sheet": NAME, "rows": [[{"kind": K, "value": V}, ...], ...],
    /// "formulaSheet": S, "formulaCell": C}` where K is `text`, `number` (V is Python's `repr`
    /// of the float), `date` (V is ISO), `boolean` (V is `true` or `false`) or `empty`; row k of
    /// the list is sheet row k + 1. The same cells are in `openpyxl.xlsx` (1900 date system) and
    /// `openpyxl-1904.xlsx`; sheet S has a formula openpyxl stored without a cached value at C.
    @Test(arguments: ["openpyxl.xlsx", "openpyxl-1904.xlsx"])
    func readsWhatOpenpyxlWrote(file: String) throws {
        let path = directory + "/" + file
        let expected = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: directory + "/openpyxl.json")))
            as! [String: Any]
        let sheet = expected["sheet"] as! String
        let rows = expected["rows"] as! [[[String: Any]]]
        var read: [Int: XLSXRow] = [:]
        try XLSXWorkbook(path: path).forEachRow(sheet: sheet) { row in
            read[row.number] = row
            return true
        }
        #expect(read.count == rows.count)
        var checked = 0
        for (index, cells) in rows.enumerated() {
            let row = read[index + 1] ?? XLSXRow()
            for (column, cell) in cells.enumerated() {
                let kind = cell["kind"] as! String
                let where_ = "\(SheetLocation(sheet: sheet, row: index + 1, column: column))"
                switch kind {
                case "text":
                    #expect(row.kind(at: column) == .text && row.string(at: column) == cell["value"] as! String, "\(where_)")
                case "number":
                    let value = Double(cell["value"] as! String)!
                    #expect(row.kind(at: column) == .number, "\(where_)")
                    #expect(StrictDecimal.parse(row.string(at: column)) == .value(value), "\(where_): \(row.string(at: column)) vs \(value)")
                case "date":
                    #expect(row.kind(at: column) == .date && row.string(at: column) == cell["value"] as! String, "\(where_)")
                case "boolean":
                    #expect(row.string(at: column) == ((cell["value"] as! Bool) ? "TRUE" : "FALSE"), "\(where_)")
                default:
                    #expect(row.kind(at: column) == .empty, "\(where_)")
                }
                checked += 1
            }
        }
        #expect(checked > 0)
        // Through the CSV seam the id column keeps its text and a whole-number id has no `.0`.
        let csv = try XLSXSheetCSV(xlsx: path, sheet: sheet, textColumns: ["account_id"])
        let table = try CSVReader.read(path: csv.path)
        for row in 0..<table.rowCount {
            #expect(table.string(row: row, column: 0) == read[csv.headerRow + 1 + row]?.string(at: 0))
        }
        let formulaSheet = expected["formulaSheet"] as! String, formulaCell = expected["formulaCell"] as! String
        let refused = "\(path):\(SheetLocation.quotedSheetName(formulaSheet))!\(formulaCell): formula without a cached value"
        let message = XLSXFixtures.error { try XLSXWorkbook(path: path).forEachRow(sheet: formulaSheet) { _ in true } }
        #expect(message?.hasPrefix(refused) == true, "\(message ?? "no error")")
        print("xlsx check: read \(checked) cells of \(rows.count) rows written by openpyxl in \(file); refused \(refused)")
    }

    /// Writes `swift.xlsx` (the writer tests' sample sheets) and `swift.json`: per sheet, its
    /// name, header and cells as `{"kind", "value"}` with numbers as Swift's shortest
    /// round-trip text and dates as ISO.
    @Test func writesForOpenpyxl() throws {
        let sheets = XLSXWriterTests.sampleSheets()
        try XLSXWriter.write(sheets, to: directory + "/swift.xlsx")
        var json: [[String: Any]] = []
        for sheet in sheets {
            let rows: [[[String: Any]]] = sheet.rows.map { cells in
                cells.map { cell -> [String: Any] in
                    switch cell {
                    case let .text(text): return ["kind": "text", "value": text]
                    case let .number(value, _): return ["kind": "number", "value": "\(value)"]
                    case let .percent(value): return ["kind": "percent", "value": "\(value)"]
                    case let .currency(value, code): return ["kind": "currency", "value": "\(value)", "code": code]
                    case let .date(day): return ["kind": "date", "value": day.description]
                    case let .boolean(value): return ["kind": "boolean", "value": value]
                    case .empty: return ["kind": "empty"]
                    }
                }
            }
            json.append(["name": sheet.name, "header": sheet.header, "rows": rows,
                         "freeze": sheet.freezeHeader, "filter": sheet.autoFilter, "scales": sheet.colorScales.count])
        }
        let data = try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: directory + "/swift.json"))
    }
}
