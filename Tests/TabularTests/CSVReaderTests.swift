import Foundation
import PropertyBased
import Tabular
import TestSupport
import Testing

@Suite struct CSVReaderTests {
    private func table(_ text: String) throws -> CSVTable {
        try CSVReader.parse(Array(text.utf8), path: "in.csv")
    }

    private func failure(_ text: String) -> String? {
        do { _ = try table(text); return nil } catch { return "\(error)" }
    }

    @Test func readsRFC4180Features() throws {
        let text = "\u{FEFF}id,name,amount\r\n007,\"Acme, Inc.\",12.5\r\n\"008\",\"say \"\"hi\"\"\",\"-3\"\n9,\"two\nlines\",4"
        let t = try table(text)
        #expect(t.header == ["id", "name", "amount"])
        #expect(t.rowCount == 3)
        #expect(t.string(row: 0, column: 0) == "007")
        #expect(t.string(row: 0, column: 1) == "Acme, Inc.")
        #expect(t.string(row: 1, column: 0) == "008")
        #expect(t.string(row: 1, column: 1) == "say \"hi\"")
        #expect(t.string(row: 2, column: 1) == "two\nlines")
        #expect(try t.numericColumns([2]) == [12.5, -3, 4])
        #expect(try t.double(row: 1, column: 2) == -3)
        #expect(t.lineNumber(ofRow: 0) == 2)
        #expect(t.lineNumber(ofRow: 2) == 4)
    }

    @Test func countsPhysicalLinesAfterQuotedLineBreaks() throws {
        let t = try table("a,b\n1,\"x\ny\nz\"\n2,w\n3,\n")
        #expect(t.rowCount == 3)
        #expect((0..<3).map(t.lineNumber(ofRow:)) == [2, 5, 6])
        #expect(t.isEmpty(row: 2, column: 1))
        #expect(throws: InputError(file: "in.csv", line: 5, column: "b", value: "w", message: "not a plain decimal number")) {
            try t.double(row: 1, column: 1)
        }
        #expect(try t.numericColumns([0]) == [1, 2, 3])
    }

    @Test func ignoresTrailingBlankLinesOnly() throws {
        #expect(try table("a,b\n1,2\n\n\r\n").rowCount == 1)
        #expect(failure("a,b\n1,2\n\n3,4\n") == "in.csv:3: expected 2 fields, found a blank line")
        // In a one-column file a blank line inside the data is an empty field, not skipped.
        let single = try table("label\n1\n\n2\n")
        #expect(single.rowCount == 3)
        #expect(single.isEmpty(row: 1, column: 0))
    }

    @Test func rejectsStructuralProblemsWithLineNumbers() {
        #expect(failure("") == "in.csv: file is empty")
        #expect(failure("\u{FEFF}\n\n") == "in.csv: file is empty")
        #expect(failure("a,b\n") == "in.csv:2: no data rows after the header")
        #expect(failure("a,b,a\n1,2,3\n") == "in.csv:1:a: duplicate column name")
        #expect(failure("a,,c\n1,2,3\n") == "in.csv:1: column 2 has an empty name")
        #expect(failure("a,b\n1,2\n3,4,5\n") == "in.csv:3: expected 2 fields, found 3")
        #expect(failure("a,b\n1,2\n3\n") == "in.csv:3: expected 2 fields, found 1")
        #expect(failure("a,b\n1,2\n3,\"open\n4,5\n6,7\n") == "in.csv:3: unterminated quoted field")
        #expect(failure("a,b\n1,x\"y\n") == "in.csv:2: quote inside an unquoted field (quote the whole field and double the quote) (\"y)")
        #expect(failure("a,b\n1,\"x\"y\n") == "in.csv:2: unexpected text after a closing quote (y)")
        #expect(failure("a,b\n1,\"x\ny\"\n2,3,4\n") == "in.csv:4: expected 2 fields, found 3")
    }

    @Test func namesTheBadCell() throws {
        let t = try table("id,x,y\n007,1.5,2\n008,(12.50),3\n009,nan,\n")
        #expect(throws: InputError(file: "in.csv", line: 3, column: "x", value: "(12.50)", message: "not a plain decimal number")) {
            try t.numericColumns([1, 2])
        }
        #expect(throws: InputError(file: "in.csv", line: 4, column: "y", value: "", message: "empty cell where a number is required")) {
            try t.double(row: 2, column: 2)
        }
        #expect(throws: InputError(file: "in.csv", line: 1, value: "z", message: "missing required column")) {
            try t.columnIndex("z")
        }
        #expect(t.optionalColumnIndex("y") == 2)
        let error = InputError(file: "in.csv", line: 4, column: "x", value: "1e400", message: "number out of Double range")
        #expect(error.description == "in.csv:4:x: number out of Double range (1e400)")
        #expect(InputError(file: "f", value: "a\nb", message: "m").description == "f: m (a\\nb)")
    }

    /// Large tables are parsed in parallel chunks; the reported cell must still be the first bad one.
    @Test func parallelParsingIsExactAndReportsTheFirstBadCell() throws {
        var text = "a,b\n"
        var expected: [Double] = []
        for i in 0..<20_000 {
            let a = Double(i) * 0.37 - 9000, b = 1.0 / Double(i + 1)
            text += "\(a),\(b)\n"
            expected += [a, b]
        }
        let good = try table(text)
        #expect(try good.numericColumns([0, 1]) == expected)
        #expect(try good.numericColumns([1]) == stride(from: 1, to: expected.count, by: 2).map { expected[$0] })

        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[18_001] = "x,1"
        lines[15_001] = "1,NA"
        let broken = try table(lines.joined(separator: "\n"))
        #expect(throws: InputError(file: "in.csv", line: 15_002, column: "b", value: "NA", message: "not a plain decimal number")) {
            try broken.numericColumns([0, 1])
        }
    }

    /// Files of 4 MiB or more without quotes are split at line ends and scanned on all
    /// cores; a quote anywhere forces the sequential scan. Both must give the same table,
    /// and errors found in parallel are reported with the sequential scan's exact line.
    @Test func parallelScanAgreesWithSequentialScan() throws {
        var lines = ["id,a,b"]
        for i in 0..<200_000 { lines.append("\(i),\(Double(i) / 7),\(i % 13 == 0 ? "" : "x\(i)")") }
        let plain = lines.joined(separator: "\n") + "\r\n\n"
        #expect(plain.utf8.count > 1 << 22)
        let parallel = try table(plain)
        lines[5] = "4,\"0.5714285714285714\",x4"
        let sequential = try table(lines.joined(separator: "\n") + "\r\n\n")
        #expect(parallel.rowCount == 200_000)
        #expect(parallel.rowCount == sequential.rowCount)
        #expect(try parallel.numericColumns([0, 1]) == sequential.numericColumns([0, 1]))
        for row in stride(from: 0, to: 200_000, by: 997) {
            #expect(parallel.string(row: row, column: 2) == sequential.string(row: row, column: 2))
            #expect(parallel.lineNumber(ofRow: row) == row + 2)
        }
        lines[5] = "4,0.5,x4"
        lines[150_000] = "149999,1"
        #expect(failure(lines.joined(separator: "\n")) == "in.csv:150001: expected 3 fields, found 2")
        lines[150_000] = "149999,1,2"
        lines[120_000] = ""
        #expect(failure(lines.joined(separator: "\n")) == "in.csv:120001: expected 3 fields, found a blank line")
    }

    /// Arbitrary text over the characters that matter to CSV never crashes the reader: it
    /// either gives a rectangular table whose every field decodes, or one `InputError` line.
    @Test func arbitraryInputGivesATableOrOneErrorLine() async {
        let alphabet = Gen.element(of: [",", "\"", "\n", "\r", "\r\n", "a", "1", "-", ".", "e", " ", "\u{FEFF}", "é", ""])
        await propertyCheck(count: 3000, input: alphabet.array(of: 0...40)) { pieces in
            let text = pieces.compactMap { $0 }.joined()
            do {
                let t = try table(text)
                #expect(t.rowCount >= 1)
                for row in 0..<t.rowCount {
                    #expect(t.lineNumber(ofRow: row) >= 2)
                    for column in 0..<t.columnCount {
                        _ = t.string(row: row, column: column)
                        _ = try? t.double(row: row, column: column)
                    }
                }
            } catch let error as InputError {
                #expect(error.file == "in.csv")
                #expect(!error.description.contains("\n"))
            } catch {
                Issue.record("unexpected error \(error)")
            }
        }
    }

    /// Files of 8 MiB or more are read with one `pread` stream per core.
    @Test func readsLargeFilesByteForByte() throws {
        let scratch = try ScratchDirectory()
        var bytes = [UInt8]()
        for i in 0..<((9 << 20) / 7) { bytes += Array("\(i % 997),\(i % 13)\n".utf8) }
        let path = try scratch.write("large.csv", bytes)
        #expect(try CSVReader.readBytes(path: path) == bytes)
    }

    @Test func readsFilesFromDisk() throws {
        #expect(throws: InputError(file: "/nonexistent/x.csv", message: "cannot open: No such file or directory")) {
            try CSVReader.read(path: "/nonexistent/x.csv")
        }
        #expect(throws: InputError(file: "/tmp", message: "is a directory, not a CSV file")) {
            try CSVReader.read(path: "/tmp")
        }
    }
}
