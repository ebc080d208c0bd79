import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Tabular
import Testing
import TestSupport
import ZIPFoundation

/// The writer: round trips through the reader, well-formed parts (checked with Foundation's
/// XMLParser, an independent parser), deterministic bytes, safe text and caller mistakes.
@Suite struct XLSXWriterTests {
    static let hostile = ["=cmd|' /C calc'!A0", "<script>alert(1)</script>", "+SUM(1)", "-x", "@x", "a&b",
                          "ctl\u{1}\u{8}\u{B}\u{1F}", "cr\rlf\ncrlf\r\n", "tab\t", "lit_x0041_ and _x005F_", "\u{FFFF}\u{FFFE}",
                          "  spaced  ", "emoji \u{1F600}", "007", ""]

    static func sampleSheets() -> [XLSXSheet] {
        var rows: [[XLSXCell]] = []
        for (k, text) in hostile.enumerated() {
            rows.append([.text(String(format: "%03d", k)), .text(text), .number(Double(k) * 1.1 - 3, .decimals(2)),
                         .date(CalendarDay(year: 2024, month: 2, day: 29)! + k * 40), .percent(Double(k) / 7),
                         .currency(1234.5 * Double(k), code: "EUR"), .boolean(k % 2 == 0),
                         k % 4 == 0 ? .empty : .number(1e-7 * Double(k))])
        }
        let segments = XLSXSheet(name: "Segments", header: ["account_id", "name", "score", "since", "share", "balance", "late", "tiny"],
                                 rows: rows, colorScales: [XLSXColorScale(columns: 2...2), XLSXColorScale(columns: 4...5, rows: 1...3)])
        let notes = XLSXSheet(name: "Bob's notes 2", header: ["n"], rows: [[.number(1)], [.number(2.5, .decimals(0))]],
                              columnWidths: [30], freezeHeader: false, autoFilter: false)
        return [segments, notes]
    }

    @Test func roundTripsThroughTheReader() throws {
        let scratch = try ScratchDirectory()
        let sheets = Self.sampleSheets()
        let path = scratch.path("out.xlsx")
        try XLSXWriter.write(sheets, to: path)
        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.sheetNames == ["Segments", "Bob's notes 2"])
        for sheet in sheets {
            let rows = try XLSXFixtures.rows(path, sheet: sheet.name)
            #expect(rows.first?.1 == sheet.header)
            // Rows with a value, numbered from 2 in order.
            #expect(rows.dropFirst().map(\.0) == Array(2..<(sheet.rows.count + 2)))
            for (read, written) in zip(rows.dropFirst(), sheet.rows) {
                for (column, cell) in written.enumerated() {
                    let text = column < read.1.count ? read.1[column] : ""
                    let kind = column < read.2.count ? read.2[column] : .empty
                    switch cell {
                    case let .text(value): #expect(text == value && kind == (value.isEmpty ? .empty : .text), "\(value.debugDescription)")
                    case let .number(value, _), let .percent(value), let .currency(value, _):
                        #expect(StrictDecimal.parse(text) == .value(value) && kind == .number, "\(value) \(text)")
                    case let .date(day): #expect(text == day.description && kind == .date)
                    case let .boolean(value): #expect(text == (value ? "TRUE" : "FALSE") && kind == .boolean)
                    case .empty: #expect(kind == .empty)
                    }
                }
            }
        }
    }

    /// Every part is well-formed XML, text is never a formula, and the sheet carries the
    /// frozen pane, autofilter, widths and colour scales asked for.
    @Test func writesWellFormedPartsWithTheRequestedLayout() throws {
        let bytes = try XLSXWriter.data(Self.sampleSheets())
        let archive = try Archive(data: Data(bytes), accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = String(decoding: data, as: UTF8.self)
            let parser = XMLParser(data: data)
            #expect(parser.parse(), "\(entry.path): \(parser.parserError.map { "\($0)" } ?? "")")
            #expect(entry.fileAttributes[.modificationDate] as? Date == Date(timeIntervalSince1970: 315_532_800))
        }
        #expect(Set(parts.keys) == ["[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "xl/workbook.xml",
                                    "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"])
        let sheet = parts["xl/worksheets/sheet1.xml"]!
        #expect(!sheet.contains("<f>") && !sheet.contains("<f "))
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(sheet.contains(#"<autoFilter ref="A1:H16"/>"#))
        #expect(sheet.contains(#"<conditionalFormatting sqref="C2:C16"><cfRule type="colorScale" priority="1">"#))
        #expect(sheet.contains(#"<conditionalFormatting sqref="E3:F5">"#))
        #expect(sheet.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !sheet.contains("<script>"))
        #expect(sheet.contains("ctl_x0001__x0008__x000B__x001F_") && sheet.contains("cr_x000D_lf\ncrlf_x000D_\n"))
        #expect(sheet.contains("lit_x005F_x0041_ and _x005F_"))
        // Formula-looking text is an inline string with the quote-prefix format (cellXfs 2).
        #expect(sheet.contains(#"<c r="B2" s="2" t="inlineStr"><is><t xml:space="preserve">=cmd|' /C calc'!A0</t></is></c>"#))
        let second = parts["xl/worksheets/sheet2.xml"]!
        #expect(second.contains(#"<col min="1" max="1" width="30" customWidth="1"/>"#))
        #expect(!second.contains("<pane") && !second.contains("<autoFilter"))
        let workbook = parts["xl/workbook.xml"]!
        #expect(workbook.contains(#"<definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">Segments!$A$1:$H$16</definedName>"#))
        #expect(workbook.contains(#"<sheet name="Bob's notes 2" sheetId="2" r:id="rId2"/>"#))
        let styles = parts["xl/styles.xml"]!
        #expect(styles.contains(##"formatCode="#,##0.00 &quot;EUR&quot;""##) && styles.contains(#"formatCode="yyyy-mm-dd""#))
        #expect(parts["docProps/core.xml"]!.contains("1980-01-01T00:00:00Z"))
    }

    @Test func isDeterministic() throws {
        let first = try XLSXWriter.data(Self.sampleSheets())
        let second = try XLSXWriter.data(Self.sampleSheets())
        #expect(first == second)
        var changed = Self.sampleSheets()
        changed[1].rows[0][0] = .number(1.5)
        #expect(try XLSXWriter.data(changed) != first)
    }

    @Test func refusesWhatExcelCannotHold() {
        func message(_ sheets: [XLSXSheet]) -> String? { XLSXFixtures.error { _ = try XLSXWriter.data(sheets) } }
        let ok = XLSXSheet(name: "S", header: ["a"], rows: [[.number(1)]])
        #expect(message([ok]) == nil)
        #expect(message([]) == "a workbook needs at least one sheet")
        for name in ["", "a/b", "x[1]", "'quoted'", "History", String(repeating: "n", count: 32), "tab\t"] {
            var sheet = ok
            sheet.name = name
            #expect(message([sheet])?.hasPrefix("sheet name '\(name)'") == true, "\(name)")
        }
        var twin = ok
        twin.name = "s"
        #expect(message([ok, twin]) == "sheet name 's': is used twice (names ignore case)")
        #expect(message([XLSXSheet(name: "S", header: ["a", "b"], rows: [[.number(1)]])]) == "S!2:2: expected 2 cells, found 1")
        #expect(message([XLSXSheet(name: "S", header: ["a"], rows: [[.empty], [.percent(.nan)]])]) == "S!A3: non-finite number nan")
        #expect(message([XLSXSheet(name: "S", header: ["a"], rows: [[.number(.infinity)]])]) == "S!A2: non-finite number inf")
        #expect(message([XLSXSheet(name: "S", header: ["a"], rows: [[.number(1)]], colorScales: [XLSXColorScale(columns: 0...0, low: "red")])])
            == "sheet 'S': colour 'red' is not RRGGBB hex")
        #expect(message([XLSXSheet(name: "S", header: ["a"], rows: [[.number(1)]], colorScales: [XLSXColorScale(columns: 0...1)])])
            == "sheet 'S': colour scale outside the sheet's data")
    }

    @Test func writesAtomicallyAndRefusesInputs() throws {
        let scratch = try ScratchDirectory()
        let input = try scratch.write("in.xlsx", "old")
        #expect(XLSXFixtures.error { try XLSXWriter.write(Self.sampleSheets(), to: input, inputs: [input]) }?
            .hasPrefix("\(input): refusing to overwrite an input file") == true)
        #expect(try String(contentsOfFile: input, encoding: .utf8) == "old")
        try XLSXWriter.write(Self.sampleSheets(), to: input)
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: input))) == XLSXWriter.data(Self.sampleSheets()))
    }
}
