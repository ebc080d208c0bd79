import Foundation
import Tabular
import Testing
import TestSupport

/// A sheet through the CSV readers: the same fields as the row reader, exact numbers, the
/// table rules, and every downstream error located at its sheet cell.
@Suite struct XLSXSheetCSVTests {
    private func cell(_ reference: String, _ text: String) -> String {
        "<c r=\"\(reference)\" t=\"inlineStr\"><is><t xml:space=\"preserve\">\(XLSXFixtures.escape(text))</t></is></c>"
    }

    private func number(_ reference: String, _ value: String) -> String { "<c r=\"\(reference)\"><v>\(value)</v></c>" }

    /// The ledger of the issue: a header, rows with a multi-line note (so CSV lines and sheet
    /// rows drift apart), and `n/a` typed as text in the amount column on row 14.
    private func ledger(in scratch: ScratchDirectory, badAmount: Bool = true) throws -> String {
        var data = "<row r=\"1\">" + cell("A1", "account_id") + cell("B1", "invoice_id") + cell("C1", "note") + cell("D1", "amount") + "</row>"
        for row in 2...15 {
            let amount = row == 14 && badAmount ? cell("D\(row)", "n/a") : number("D\(row)", "\(Double(row) * 10.25)")
            let note = row % 3 == 0 ? "line one\nline two,\n\"three\"" : "plain"
            data += "<row r=\"\(row)\">" + cell("A\(row)", String(format: "%03d", row)) + number("B\(row)", "\(1000 + row)")
                + cell("C\(row)", note) + amount + "</row>"
        }
        return try XLSXFixtures.sheet(data, in: scratch, name: "ledger.xlsx")
    }

    @Test func feedsTheCSVReadersTheSameFields() throws {
        let scratch = try ScratchDirectory()
        let path = try ledger(in: scratch, badAmount: false)
        let sheet = try XLSXSheetCSV(xlsx: path, textColumns: ["account_id"])
        #expect(sheet.header == ["account_id", "invoice_id", "note", "amount"])
        #expect(sheet.headerRow == 1)
        #expect(sheet.rowCount == 14)
        let rows = try XLSXFixtures.rows(path)
        let table = try CSVReader.read(path: sheet.path)
        #expect(table.header == rows[0].1)
        for row in 0..<table.rowCount {
            #expect((0..<4).map { table.string(row: row, column: $0) } == rows[row + 1].1)
            #expect(sheet.sheetRow(ofLine: table.lineNumber(ofRow: row)) == rows[row + 1].0)
        }
        // Amounts come back bit for bit; ids keep their leading zeros.
        #expect(try table.numericColumns([3]) == (2...15).map { Double($0) * 10.25 })
        #expect(table.string(row: 5, column: 0) == "007")
        // The streaming reader sees the same records at every chunk size.
        for chunkSize in [7, 64, 1 << 20] {
            let stream = try CSVStream(path: sheet.path, chunkSize: chunkSize)
            var ids: [String] = []
            while let chunk = try stream.next() {
                for row in 0..<chunk.rowCount { ids.append(chunk.string(row: row, column: 0)) }
            }
            #expect(ids == (2...15).map { String(format: "%03d", $0) })
        }
    }

    @Test func locatesDownstreamErrorsAtSheetCells() throws {
        let scratch = try ScratchDirectory()
        let path = try ledger(in: scratch)
        let sheet = try XLSXSheetCSV(xlsx: path)
        let numberError = XLSXFixtures.error {
            try sheet.reading { csv in _ = try CSVReader.read(path: csv).numericColumns([3]) }
        }
        #expect(numberError == "\(path):Sheet1!D14: not a plain decimal number (n/a)")
        let streamError = XLSXFixtures.error {
            try sheet.reading { csv in _ = try CSVStream(path: csv).readNumericColumns([3]) }
        }
        #expect(streamError == numberError)
        let missing = XLSXFixtures.error { try sheet.reading { csv in _ = try CSVStream(path: csv).columnIndex("due_date") } }
        #expect(missing == "\(path):Sheet1!1:1: missing required column (due_date)")
        // A message that cites another line gets its sheet row.
        let table = try CSVReader.read(path: sheet.path)
        let cited = InputError(file: sheet.path, line: table.lineNumber(ofRow: 9), column: "account_id", value: "011",
                               message: "duplicate account id, first seen on line \(table.lineNumber(ofRow: 3))")
        #expect("\(sheet.locate(cited))" == "\(path):Sheet1!A11: duplicate account id, first seen on row 5 (011)")
        // Errors about other files pass through.
        let other = InputError(file: "other.csv", line: 2, message: "x")
        #expect(sheet.locate(other) as? InputError == other)
    }

    @Test func appliesTheTextRuleToIdColumns() throws {
        let scratch = try ScratchDirectory()
        func book(_ id: String, _ name: String) throws -> String {
            let data = "<row r=\"1\">" + cell("A1", "account_id") + cell("B1", "amount") + "</row>"
                + "<row r=\"2\">" + cell("A2", "A-1") + number("B2", "1") + "</row>"
                + "<row r=\"3\">" + id + number("B3", "2") + "</row>"
            return try XLSXFixtures.sheet(data, in: scratch, name: name)
        }
        let whole = try book(number("A3", "12.0"), "whole.xlsx")
        let sheet = try XLSXSheetCSV(xlsx: whole, textColumns: ["account_id"])
        #expect(try CSVReader.read(path: sheet.path).string(row: 1, column: 0) == "12")
        let fraction = try book(number("A3", "12.5"), "fraction.xlsx")
        #expect(XLSXFixtures.error { _ = try XLSXSheetCSV(xlsx: fraction, textColumns: ["account_id"]) }
            == "\(fraction):Sheet1!A3: number with a fraction in a text column (ids are text: format the column as Text in the spreadsheet) (12.5)")
        // Without the rule the number is just text for the caller to judge.
        let lenient = try XLSXSheetCSV(xlsx: fraction)
        #expect(try lenient.reading { try CSVReader.read(path: $0) }.string(row: 1, column: 0) == "12.5")
        let date = try book("<c r=\"A3\" s=\"1\"><v>45000</v></c>", "date.xlsx")
        #expect(XLSXFixtures.error { _ = try XLSXSheetCSV(xlsx: date, textColumns: ["account_id"]) }
            == "\(date):Sheet1!A3: date cell in a text column (format the column as Text in the spreadsheet) (2023-03-15)")
        let huge = try book(number("A3", "1E+17"), "huge.xlsx")
        #expect(XLSXFixtures.error { _ = try XLSXSheetCSV(xlsx: huge, textColumns: ["account_id"]) }?
            .hasPrefix("\(huge):Sheet1!A3: number above 2^53 in a text column") == true)
    }

    @Test func checksTheTableShape() throws {
        let scratch = try ScratchDirectory()
        func convert(_ data: String, _ name: String) throws -> String? {
            let path = try XLSXFixtures.sheet(data, in: scratch, name: name)
            return XLSXFixtures.error { _ = try XLSXSheetCSV(xlsx: path) }.map { $0.replacingOccurrences(of: path, with: "FILE") }
        }
        let header = "<row r=\"3\">" + cell("A3", "id") + cell("B3", "x") + cell("C3", "y") + "</row>"
        // The header may start lower; a gap in the data is a blank row; blank rows at the end are fine.
        #expect(try convert(header + "<row r=\"4\">" + cell("A4", "a") + "</row><row r=\"5\"><c r=\"A5\" s=\"2\"/></row>", "tail.xlsx") == nil)
        #expect(try convert(header + "<row r=\"4\">" + cell("A4", "a") + "</row><row r=\"6\">" + cell("A6", "b") + "</row>", "gap.xlsx")
            == "FILE:Sheet1!5:5: expected 3 fields, found a blank row")
        #expect(try convert(header + "<row r=\"4\">" + cell("A4", "a") + cell("E4", "wide") + "</row>", "wide.xlsx")
            == "FILE:Sheet1!E4: expected 3 fields, found 5 (wide)")
        #expect(try convert("<row r=\"1\">" + cell("A1", "id") + cell("C1", "y") + "</row>", "hole.xlsx")
            == "FILE:Sheet1!B1: column 2 has an empty name")
        #expect(try convert("<row r=\"1\">" + cell("A1", "id") + cell("B1", "id") + "</row>", "twice.xlsx")
            == "FILE:Sheet1!B1: duplicate column name (id)")
        #expect(try convert(header, "headeronly.xlsx") == "FILE:Sheet1!4:4: no data rows after the header")
        #expect(try convert("<row r=\"1\"><c r=\"A1\" s=\"1\"/></row>", "empty.xlsx") == "FILE:Sheet1: sheet is empty")

        // Row numbers in locations follow the sheet, not the records.
        let low = try XLSXFixtures.sheet(header + "<row r=\"4\">" + cell("A4", "a") + number("B4", "1") + cell("C4", "oops") + "</row>",
                                         in: scratch, name: "low.xlsx")
        let sheet = try XLSXSheetCSV(xlsx: low)
        #expect(sheet.headerRow == 3)
        #expect(XLSXFixtures.error { try sheet.reading { _ = try CSVReader.read(path: $0).numericColumns([1, 2]) } }
            == "\(low):Sheet1!C4: not a plain decimal number (oops)")
    }

    @Test func keepsHostileTextAndRemovesItsTemporaryFile() throws {
        let scratch = try ScratchDirectory()
        let texts = ["=cmd|' /C calc'!A0", "<script>alert(1)</script>", "+1", "-2", "@SUM(A1)", "\u{FEFF}bom", "a,b", "q\"q", "x\ny"]
        var data = "<row r=\"1\">" + cell("A1", "text") + "</row>"
        for (k, text) in texts.enumerated() { data += "<row r=\"\(k + 2)\">" + cell("A\(k + 2)", text) + "</row>" }
        let path = try XLSXFixtures.sheet(data, in: scratch)
        var temporary = ""
        do {
            let sheet = try XLSXSheetCSV(xlsx: path, temporaryDirectory: scratch.url.path)
            temporary = sheet.path
            let table = try CSVReader.read(path: sheet.path)
            #expect((0..<table.rowCount).map { table.string(row: $0, column: 0) } == texts)
        }
        #expect(!temporary.isEmpty && !FileManager.default.fileExists(atPath: temporary))
        // A failed conversion leaves nothing behind either.
        let bad = try XLSXFixtures.sheet("<row r=\"1\">" + cell("A1", "id") + "</row><row r=\"2\"><c r=\"A2\" t=\"e\"><v>#N/A</v></c></row>",
                                         in: scratch, name: "bad.xlsx")
        let before = try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).count
        #expect(XLSXFixtures.error { _ = try XLSXSheetCSV(xlsx: bad, temporaryDirectory: scratch.url.path) }
            == "\(bad):Sheet1!A2: spreadsheet error value in the cell (#N/A)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.url.path).count == before)
    }
}
