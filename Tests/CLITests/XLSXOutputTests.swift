import Foundation
import Tabular
import TestSupport
import Testing

/// `segment --xlsx` and `report --format xlsx`, read back with Tabular's own .xlsx reader.
@Suite(.tags(.cli)) struct XLSXOutputTests {
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory(prefix: "xlsx-output") }

    /// The sheet as CSV records of fields (the data holds no quoted fields).
    private func sheet(_ xlsx: String, _ name: String) throws -> [[String]] {
        let csv = try XLSXSheetCSV(xlsx: xlsx, sheet: name, textColumns: ["account_id"],
                                   temporaryDirectory: scratch.path)
        return records(try String(contentsOfFile: csv.path, encoding: .utf8))
    }

    private func records(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    /// Same text, or the same number (the CSV may print `1e-05` where the sheet gives `0.00001`).
    private func sameValues(_ a: [[String]], _ b: [[String]]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { ra, rb in
            ra.count == rb.count && zip(ra, rb).allSatisfy { $0 == $1 || (Double($0) != nil && Double($0) == Double($1)) }
        }
    }

    @Test func segmentWritesAWorkbookWithTheCSVFilesValues() throws {
        let data = try SegmentCLI.data()
        let runs = [scratch.path("a"), scratch.path("b")]
        for dir in runs {
            SegmentCLI.expectSuccess(try BinaryRunner.run(["segment", data.accounts, "--k", "4", "--n-init", "2",
                                                           "--xlsx", "-o", dir]))
        }
        let xlsx = runs[0] + "/report.xlsx"
        #expect(SegmentCLI.read(xlsx) != nil)
        #expect(SegmentCLI.read(xlsx) == SegmentCLI.read(runs[1] + "/report.xlsx"), "same run, same bytes")
        #expect(try XLSXWorkbook(path: xlsx).sheetNames == ["Summary", "Segments", "Profiles", "Worklist", "Assignments"])
        for (name, file) in [("Worklist", "worklist.csv"), ("Assignments", "assignments.csv"), ("Profiles", "profiles.csv")] {
            let expected = records(try String(contentsOfFile: "\(runs[0])/\(file)", encoding: .utf8))
            let actual = try sheet(xlsx, name)
            #expect(expected.count > 1)
            #expect(sameValues(actual, expected), "\(name) differs from \(file)")
        }
        let segments = try sheet(xlsx, "Segments")
        #expect(segments.count == 5 && segments[0].prefix(3) == ["segment", "name", "strategy"])
    }

    @Test func aLedgerRunAddsTheInvoiceViewAsASheet() throws {
        let data = try SegmentCLI.data()
        let dir = scratch.path("ledger-run")
        SegmentCLI.expectSuccess(try BinaryRunner.run(["segment", "--ledger", data.ledger, "--as-of", "2025-06-30",
                                                       "--k", "3", "--n-init", "2", "--xlsx", "-o", dir]))
        let xlsx = dir + "/report.xlsx"
        #expect(try XLSXWorkbook(path: xlsx).sheetNames == ["Summary", "Segments", "Profiles", "Worklist", "Invoices", "Assignments"])
        let rows = try sheet(xlsx, "Invoices")
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir + "/summary.json"))) as? [String: Any]
        let view = try #require((summary?["invoices"] as? [String: Any])?["rows"] as? [[String: Any]])
        #expect(rows.count == view.count + 1 && view.count > 0)
        #expect(rows.first?.prefix(3) == ["rank", "invoice_id", "account_id"])
        for (row, expected) in zip(rows.dropFirst(), view) {
            let invoice = try #require(expected["invoice"] as? [String: Any])
            #expect(row[1] == invoice["invoiceId"] as? String && row[2] == invoice["accountId"] as? String)
            let amount = try #require(invoice["openAmount"] as? Double)
            #expect(abs((Double(row[6]) ?? .nan) - amount) <= 1e-9 * max(1, amount))
        }
    }

    @Test func reportRendersASavedRunAsAWorkbook() throws {
        let data = try SegmentCLI.data()
        let dir = scratch.path("run")
        SegmentCLI.expectSuccess(try BinaryRunner.run(["segment", data.accounts, "--k", "3", "--n-init", "2", "-o", dir]))
        let out = scratch.path("saved.xlsx")
        SegmentCLI.expectSuccess(try BinaryRunner.run(["report", "--model", dir + "/model.json", "--format", "xlsx", "-o", out]))
        #expect(try XLSXWorkbook(path: out).sheetNames == ["Summary", "Segments", "Profiles", "Worklist"])
        let profiles = records(try String(contentsOfFile: dir + "/profiles.csv", encoding: .utf8))
        #expect(sameValues(try sheet(out, "Profiles"), profiles))
    }
}
