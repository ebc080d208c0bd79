import Foundation
import Tabular
import TestSupport
import Testing

private func read(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }

private let ledgerHeader = ["account_id", "invoice_id", "invoice_date", "due_date", "amount", "paid_date", "disputed", "payment_method"]

/// One invoice as spreadsheet cells (ids as text, dates as date cells) and as its CSV line.
private struct Invoice {
    var account: String, invoice: String, issued: String, due: String, amount: Double, paid: String?, disputed: String

    var cells: [XLSXCell] {
        [.text(account), .text(invoice), .date(CalendarDay(iso: issued[...])!), .date(CalendarDay(iso: due[...])!),
         .number(amount), paid.map { .date(CalendarDay(iso: $0[...])!) } ?? .empty, .text(disputed), .text("card")]
    }

    var csv: String { "\(account),\(invoice),\(issued),\(due),\(amount),\(paid ?? ""),\(disputed),card" }
}

/// Fifteen invoices of four accounts with leading-zero ids, paid late, on time and open.
private let invoices: [Invoice] = (0..<15).map { i in
    let month = 1 + i % 5
    return Invoice(account: "00\(i % 4 + 1)", invoice: "0\(100 + i)", issued: "2024-0\(month)-0\(1 + i % 9)",
                   due: "2024-0\(month + 1)-0\(1 + i % 9)", amount: 100.25 * Double(i + 1),
                   paid: i % 3 == 0 ? nil : "2024-0\(month + 1)-1\(i % 9)", disputed: i % 5 == 0 ? "yes" : "no")
}

@Suite(.tags(.cli)) struct XLSXInputTests {
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory(prefix: "xlsx-input") }

    private func writeLedger(_ rows: [[XLSXCell]], name: String = "ledger.xlsx") throws -> String {
        let path = scratch.path(name)
        try XLSXWriter.write([XLSXSheet(name: "Sheet1", header: ledgerHeader, rows: rows)], to: path)
        return path
    }

    private func features(_ ledger: String, _ output: String, _ extra: [String] = []) throws -> BinaryRunner.Result {
        try BinaryRunner.run(["features", ledger, "--as-of", "2024-06-30", "-o", output] + extra)
    }

    @Test func aLedgerWorkbookGivesTheSameFeaturesAsItsCSV() throws {
        let csv = try scratch.write("ledger.csv", ([ledgerHeader.joined(separator: ",")] + invoices.map(\.csv)).joined(separator: "\n") + "\n")
        let xlsx = try writeLedger(invoices.map(\.cells))
        let fromCSV = try features(csv, scratch.path("csv-features.csv"))
        let fromXLSX = try features(xlsx, scratch.path("xlsx-features.csv"))
        #expect(fromCSV.status == 0, "\(fromCSV)")
        #expect(fromXLSX.status == 0, "\(fromXLSX)")
        let expected = read(scratch.path("csv-features.csv"))
        #expect(expected?.contains("\n001,") == true)
        #expect(read(scratch.path("xlsx-features.csv")) == expected)
        // The sheet by name too.
        let named = try features(xlsx, scratch.path("named.csv"), ["--sheet", "Sheet1"])
        #expect(named.status == 0 && read(scratch.path("named.csv")) == expected, "\(named)")
    }

    @Test func aBadCellIsNamedBySheetAndCellAndNothingIsWritten() throws {
        var rows = invoices.map(\.cells)
        rows[12][3] = .text("n/a")  // sheet row 14 (the header is row 1), column D: due_date
        let xlsx = try writeLedger(rows)
        let result = try features(xlsx, scratch.path("f.csv"))
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.hasPrefix("\(xlsx):Sheet1!D14: "), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: scratch.path("f.csv")))
    }

    @Test func aNumberWithAFractionInTheIdColumnIsRefused() throws {
        var rows = invoices.map(\.cells)
        rows[4][0] = .number(7.5)
        let xlsx = try writeLedger(rows)
        let result = try features(xlsx, scratch.path("f.csv"))
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("\(xlsx):Sheet1!A6"), "\(result.stderr)")
        #expect(result.stderr.contains("number with a fraction in a text column"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("f.csv")))
    }

    @Test func anUnknownSheetListsTheSheets() throws {
        let xlsx = try writeLedger(invoices.map(\.cells))
        let result = try features(xlsx, scratch.path("f.csv"), ["--sheet", "Invoices"])
        #expect(result.status == 65, "\(result)")
        #expect(result.stderr.contains("the workbook's sheets are 'Sheet1'"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: scratch.path("f.csv")))
    }

    @Test func aWorkbookIsAnInputNeverOverwritten() throws {
        let xlsx = try writeLedger(invoices.map(\.cells))
        let before = FileManager.default.contents(atPath: xlsx)
        let result = try features(xlsx, xlsx)
        #expect(result.status == 73, "\(result)")
        #expect(FileManager.default.contents(atPath: xlsx) == before)
    }

    @Test func sheetGoesWithAWorkbook() throws {
        let csv = try scratch.write("ledger.csv", ledgerHeader.joined(separator: ",") + "\n" + invoices[0].csv + "\n")
        let result = try features(csv, scratch.path("f.csv"), ["--sheet", "Sheet1"])
        #expect(result.status == 64 && result.stderr.contains("--sheet goes with an .xlsx input"), "\(result)")
    }
}
