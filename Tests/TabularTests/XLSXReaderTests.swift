import Foundation
import Tabular
import Testing
import TestSupport

/// The reader on hand-built workbooks (see `XLSXFixtures`): every cell type, both date
/// systems, sparse rows and cells, and each error at its `FILE:SHEET!CELL`.
@Suite struct XLSXReaderTests {
    @Test func readsEveryCellType() throws {
        let scratch = try ScratchDirectory()
        let strings = ["account_id", "name", "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "007", "a\nb, \"c\""]
        let data = """
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="inlineStr"><is><t>amount</t></is></c>\
            <c r="D1" t="str"><f>"flag"</f><v>flag</v></c></row>
            <row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>2</v></c><c r="C2"><v>1234.5</v></c><c r="D2" t="b"><v>1</v></c></row>
            <row r="3"><c r="A3" t="inlineStr"><is><r><rPr><b/></rPr><t>A-</t></r><r><t xml:space="preserve">1 </t></r>\
            <rPh sb="0" eb="1"><t>PHONETIC</t></rPh></is></c><c r="B3" t="s"><v>3</v></c><c r="C3" s="3"><v>1E-5</v></c>\
            <c r="D3" t="b"><v>0</v></c></row>
            <row r="4"><c r="A4"><v>12.0</v></c><c r="B4" t="s"><v>5</v></c><c r="C4"><f>C2*2</f><v>2469</v></c>\
            <c r="D4" t="inlineStr"><is><t>tab&#9;cr_x000D_lit_x005F_x0041_&amp;&lt;&gt;&#x1F600;</t></is></c></row>
            """
        let path = try XLSXFixtures.sheet(data, sharedStrings: strings, in: scratch)
        let rows = try XLSXFixtures.rows(path)
        #expect(rows.map(\.0) == [1, 2, 3, 4])
        #expect(rows[0].1 == ["account_id", "name", "amount", "flag"])
        #expect(rows[1].1 == ["007", "=cmd|' /C calc'!A0", "1234.5", "TRUE"])
        #expect(rows[1].2 == [.text, .text, .number, .boolean])
        #expect(rows[2].1 == ["A-1 ", "<script>alert(1)</script>", "0.00001", "FALSE"])
        #expect(rows[3].1 == ["12", "a\nb, \"c\"", "2469", "tab\tcr\rlit_x0041_&<>\u{1F600}"])
        #expect(rows[3].2 == [.number, .text, .number, .text])
    }

    /// Number cells come out as `plainDecimal` of their value, whatever the stored text.
    @Test func normalisesNumberText() throws {
        let scratch = try ScratchDirectory()
        let stored = ["007", "-0", "0", "-12", "123456789012345", "1234567890123456", "+5", "1.50", "2.5E+3", "1e-7",
                      "0.1428571428571428", "-0.000", "99999999999999999999"]
        let cells = stored.enumerated().map { "<c r=\"\(SheetLocation.columnLetters($0))1\"><v>\($1)</v></c>" }.joined()
        let path = try XLSXFixtures.sheet("<row r=\"1\">\(cells)</row>", in: scratch)
        let expected = stored.map { text -> String in
            guard case let .value(value) = StrictDecimal.parse(text) else { return "?" }
            return XLSXNumberText.plainDecimal(value)
        }
        #expect(try XLSXFixtures.rows(path)[0].1 == expected)
        #expect(expected[0] == "7" && expected[1] == "0" && expected[8] == "2500" && expected[9] == "0.0000001")
    }

    @Test func readsDatesInBothSystems() throws {
        let scratch = try ScratchDirectory()
        // Styles: 1 = built-in 14, 2 = yyyy\-mm\-dd, 3 = #,##0.00 "USD" (not a date),
        // 4 = built-in 2 (0.00), 5 = [h]:mm (elapsed time), 6 = [Red]0.0.
        let data = """
            <row r="1"><c r="A1" s="1"><v>45000</v></c><c r="B1" s="2"><v>61</v></c><c r="C1" s="3"><v>45000</v></c>\
            <c r="D1" s="4"><v>45000</v></c><c r="E1" s="5"><v>0.75</v></c><c r="F1" s="6"><v>45000</v></c>\
            <c r="G1" s="2"><v>45000.5</v></c><c r="H1" t="d"><v>2024-02-29T00:00:00</v></c><c r="I1" t="d"><v>2024-02-29T10:30:00</v></c></row>
            """
        let path1900 = try XLSXFixtures.sheet(data, in: scratch, name: "1900.xlsx")
        let rows1900 = try XLSXFixtures.rows(path1900)
        #expect(rows1900[0].1 == ["2023-03-15", "1900-03-01", "45000", "45000", "18:00:00", "45000", "2023-03-15T12:00:00",
                                  "2024-02-29", "2024-02-29T10:30:00"])
        #expect(rows1900[0].2 == [.date, .date, .number, .number, .date, .number, .date, .date, .date])
        let path1904 = try XLSXFixtures.sheet(data, date1904: true, in: scratch, name: "1904.xlsx")
        let rows1904 = try XLSXFixtures.rows(path1904)
        #expect(try XLSXWorkbook(path: path1904).dateSystem == .from1904)
        #expect(rows1904[0].1[0] == "2027-03-16")
        #expect(rows1904[0].1[1] == "1904-03-02")
        #expect(rows1904[0].1[4] == "1904-01-01T18:00:00")

        let leap = try XLSXFixtures.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="B2" s="1"><v>60</v></c></row>"#,
                                          in: scratch, name: "leap.xlsx")
        #expect(XLSXFixtures.error { _ = try XLSXFixtures.rows(leap) }
            == "\(leap):Sheet1!B2: date serial 60 is the fictitious 1900-02-29 of the 1900 date system (60)")
    }

    @Test func fillsSparseCellsAndReportsRowNumbers() throws {
        let scratch = try ScratchDirectory()
        // Rows 3 and 4 are missing, row 6 has only an empty formatted cell, row 7's cells carry
        // no `r` (they follow on), row 5 has values in A, C and F only.
        let data = """
            <row r="2"><c r="A2" t="inlineStr"><is><t>a</t></is></c><c r="B2" t="inlineStr"><is><t>b</t></is></c></row>
            <row r="5" spans="1:6"><c r="A5"><v>1</v></c><c r="B5" s="3"/><c r="C5"><v>3</v></c><c r="F5" t="inlineStr"><is><t>f</t></is></c></row>
            <row r="6"><c r="A6" s="2"/></row>
            <row><c><v>7</v></c><c t="inlineStr"><is><t/></is></c><c><v>8</v></c></row>
            """
        let path = try XLSXFixtures.sheet(data, in: scratch)
        let rows = try XLSXFixtures.rows(path)
        #expect(rows.map(\.0) == [2, 5, 7])
        #expect(rows[1].1 == ["1", "", "3", "", "", "f"])
        #expect(rows[1].2 == [.number, .empty, .number, .empty, .empty, .text])
        #expect(rows[2].1 == ["7", "", "8"])
    }

    @Test func refusesFormulasWithoutValuesAndErrorCells() throws {
        let scratch = try ScratchDirectory()
        let formula = try XLSXFixtures.sheet(#"<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f></c></row>"#,
                                             in: scratch, name: "ledger.xlsx")
        #expect(XLSXFixtures.error { _ = try XLSXFixtures.rows(formula) }
            == "\(formula):Sheet1!B1: formula without a cached value (save the file in a spreadsheet program so formulas are computed)")
        // openpyxl's way of writing a formula it cannot compute: an empty `<v/>`.
        let openpyxl = try XLSXFixtures.sheet(#"<row r="2"><c r="A2"><v>1</v></c><c r="B2"><f>1+1</f><v /></c></row>"#,
                                              in: scratch, name: "openpyxl.xlsx")
        #expect(XLSXFixtures.error { _ = try XLSXFixtures.rows(openpyxl) }?.hasPrefix("\(openpyxl):Sheet1!B2: formula without a cached value") == true)
        let stringFormula = try XLSXFixtures.sheet(#"<row r="3"><c r="C3" t="str"><f>"a"&amp;"b"</f><v></v></c></row>"#,
                                                   in: scratch, name: "str.xlsx")
        // An empty cached string is a value: an empty field, so the row has no value at all.
        #expect(try XLSXFixtures.rows(stringFormula).isEmpty)
        let errors = try XLSXFixtures.sheet(#"<row r="14"><c r="A14"><v>1</v></c><c r="D14" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>"#,
                                            in: scratch, name: "errors.xlsx")
        #expect(XLSXFixtures.error { _ = try XLSXFixtures.rows(errors) }
            == "\(errors):Sheet1!D14: spreadsheet error value in the cell (#DIV/0!)")
        let notANumber = try XLSXFixtures.sheet(#"<row r="2"><c r="B2"><v>n/a</v></c></row>"#, in: scratch, name: "nan.xlsx")
        #expect(XLSXFixtures.error { _ = try XLSXFixtures.rows(notANumber) }
            == "\(notANumber):Sheet1!B2: not a plain decimal number in a numeric cell (n/a)")
        let badIndex = try XLSXFixtures.sheet(#"<row r="2"><c r="B2" t="s"><v>9</v></c></row>"#, in: scratch, name: "index.xlsx")
        #expect(XLSXFixtures.error { _ = try XLSXFixtures.rows(badIndex) }
            == "\(badIndex):Sheet1!B2: shared string index out of range (9)")
    }

    @Test func choosesSheetsByName() throws {
        let scratch = try ScratchDirectory()
        let parts = XLSXFixtures.workbook(sheets: [
            ("Summary", #"<row r="1"><c r="A1" t="inlineStr"><is><t>first</t></is></c></row>"#),
            ("Q1 & Q2", #"<row r="1"><c r="A1" t="inlineStr"><is><t>second</t></is></c></row>"#),
        ])
        let path = try XLSXFixtures.write(parts, as: "two.xlsx", in: scratch)
        let workbook = try XLSXWorkbook(path: path)
        #expect(workbook.sheetNames == ["Summary", "Q1 & Q2"])
        #expect(try XLSXFixtures.rows(path)[0].1 == ["first"])
        #expect(try XLSXFixtures.rows(path, sheet: "Q1 & Q2")[0].1 == ["second"])
        #expect(XLSXFixtures.error { _ = try XLSXFixtures.rows(path, sheet: "Sheet3") }
            == "\(path): no sheet of that name; the workbook's sheets are 'Summary', 'Q1 & Q2' (Sheet3)")
    }

    /// Elements with a namespace prefix (`<x:row>`), as some generators write them.
    @Test func readsPrefixedElements() throws {
        let scratch = try ScratchDirectory()
        var parts = XLSXFixtures.workbook(sheets: [("S", "")])
        parts[parts.count - 1].1 = """
            <?xml version="1.0"?><x:worksheet xmlns:x="\(XLSXFixtures.main)"><x:sheetData>\
            <x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>id</x:t></x:is></x:c><x:c r="B1"><x:v>2.5</x:v></x:c></x:row>\
            </x:sheetData></x:worksheet>
            """
        let path = try XLSXFixtures.write(parts, as: "prefixed.xlsx", in: scratch)
        #expect(try XLSXFixtures.rows(path)[0].1 == ["id", "2.5"])
    }

    @Test func reportsBrokenFiles() throws {
        let scratch = try ScratchDirectory()
        let notZip = try scratch.write("plain.xlsx", "account_id,amount\n1,2\n")
        #expect(XLSXFixtures.error { _ = try XLSXWorkbook(path: notZip) } == "\(notZip): not an .xlsx file (cannot read it as a ZIP archive)")
        let missing = scratch.path("missing.xlsx")
        #expect(XLSXFixtures.error { _ = try XLSXWorkbook(path: missing) } == "\(missing): cannot open: No such file or directory")
        let malformed = try XLSXFixtures.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v>"#,
                                               in: scratch, name: "cut.xlsx")
        let message = XLSXFixtures.error { _ = try XLSXFixtures.rows(malformed) }
        #expect(message?.hasPrefix("\(malformed): malformed spreadsheet part xl/worksheets/sheet1.xml:") == true, "\(message ?? "")")
        let outOfOrder = try XLSXFixtures.sheet(#"<row r="3"><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c></row>"#,
                                                in: scratch, name: "order.xlsx")
        #expect(XLSXFixtures.error { _ = try XLSXFixtures.rows(outOfOrder) } == "\(outOfOrder):Sheet1!2:2: row out of order (after row 3)")
        let doctype = try XLSXFixtures.write(XLSXFixtures.workbook(sheets: [("S", "")]).map {
            $0.0 == "xl/workbook.xml" ? ($0.0, "<!DOCTYPE x [<!ENTITY a \"aaaa\">]>" + $0.1) : $0
        }, as: "doctype.xlsx", in: scratch)
        #expect(XLSXFixtures.error { _ = try XLSXWorkbook(path: doctype) }?.contains("DOCTYPE") == true)
    }

    @Test func stopsEarlyAndStreamsLargeSheets() throws {
        let scratch = try ScratchDirectory()
        // About 5 MB of sheet XML: several 1 MiB chunks, with tokens cut at every boundary.
        var data = ""
        for row in 1...40_000 {
            data += "<row r=\"\(row)\"><c r=\"A\(row)\" t=\"inlineStr\"><is><t>id-\(row) &amp; more text</t></is></c>"
            data += "<c r=\"B\(row)\"><v>\(Double(row) / 8)</v></c><c r=\"C\(row)\" s=\"2\"><v>\(40_000 + row % 365)</v></c></row>"
        }
        let path = try XLSXFixtures.sheet(data, in: scratch)
        var count = 0
        try XLSXWorkbook(path: path).forEachRow { row in
            count += 1
            #expect(row.number == count)
            #expect(row.string(at: 0) == "id-\(count) & more text")
            #expect(row.string(at: 1) == XLSXNumberText.plainDecimal(Double(count) / 8))
            #expect(row.string(at: 2) == (try? XLSXNumberText.dateText(serial: Double(40_000 + count % 365), system: .from1900)))
            return true
        }
        #expect(count == 40_000)
        var seen = 0
        try XLSXWorkbook(path: path).forEachRow { _ in
            seen += 1
            return seen < 3
        }
        #expect(seen == 3)
    }
}
