import Foundation
import NumericCore
import PropertyBased
import Tabular
import Testing
import TestSupport

/// The streaming reader must give exactly what the whole-file reader gives (records, text,
/// line numbers, bit-identical numbers, and the same first error), whatever the chunk size.
@Suite struct CSVStreamTests {
    /// What a reader makes of a file: every cell's text and line per row, or the error line.
    private struct Outcome: Equatable, CustomStringConvertible {
        var header: [String] = []
        var cells: [[String]] = []
        var lines: [Int] = []
        var empties: [[Bool]] = []
        var error: String?

        var description: String { error ?? "\(header) \(cells) lines \(lines)" }
    }

    private func wholeFile(_ bytes: [UInt8], path: String) -> Outcome {
        do {
            let table = try CSVReader.parse(bytes, path: path)
            var outcome = Outcome(header: table.header)
            for row in 0..<table.rowCount {
                outcome.cells.append((0..<table.columnCount).map { table.string(row: row, column: $0) })
                outcome.empties.append((0..<table.columnCount).map { table.isEmpty(row: row, column: $0) })
                outcome.lines.append(table.lineNumber(ofRow: row))
            }
            return outcome
        } catch {
            return Outcome(error: "\(error)")
        }
    }

    private func streamed(_ path: String, chunkSize: Int) -> Outcome {
        var outcome = Outcome()
        do {
            let stream = try CSVStream(path: path, chunkSize: chunkSize)
            outcome.header = stream.header
            while let chunk = try stream.next() {
                for row in 0..<chunk.rowCount {
                    outcome.cells.append(stream.header.indices.map { chunk.string(row: row, column: $0) })
                    outcome.empties.append(stream.header.indices.map { chunk.isEmpty(row: row, column: $0) })
                    outcome.lines.append(chunk.lineNumber(ofRow: row))
                    // Dates read from the bytes are the dates read from the text.
                    for column in stream.header.indices {
                        #expect(chunk.date(row: row, column: column, format: .iso)
                            == DateFormat.iso.parse(chunk.string(row: row, column: column)[...]))
                    }
                }
            }
            return outcome
        } catch {
            return Outcome(error: "\(error)")
        }
    }

    /// Numbers of `columns` both ways: bit patterns, or the error line.
    private func numbers(whole bytes: [UInt8], path: String, columns: [Int]) -> Result<[UInt64], InputError> {
        Result {
            try CSVReader.parse(bytes, path: path).numericColumns(columns).map(\.bitPattern)
        }.mapError { $0 as! InputError }
    }

    private func numbers(streamed path: String, chunkSize: Int, columns: [Int]) -> Result<[UInt64], InputError> {
        Result {
            let stream = try CSVStream(path: path, chunkSize: chunkSize)
            let (values, rows) = try stream.readNumericColumns(columns)
            #expect(values.count == rows * columns.count)
            return values.map(\.bitPattern)
        }.mapError { $0 as! InputError }
    }

    /// A random number as a CSV cell: integers, decimals, exponents, signs, leading zeros,
    /// long mantissas, sometimes quoted.
    private func numberCell(_ random: inout SplitMix64) -> String {
        let mantissa = String(random.next() >> (random.next() % 64))
        var text: String
        switch random.nextInt(below: 6) {
        case 0: text = mantissa
        case 1: text = "\(mantissa.prefix(3)).\(mantissa.dropFirst(3))"
        case 2: text = "0.\(String(repeating: "0", count: random.nextInt(below: 4)))\(mantissa)"
        case 3: text = "\(mantissa)e\(random.nextInt(below: 600) - 330)"
        case 4: text = ".\(mantissa)E+\(random.nextInt(below: 30))"
        default: text = "\(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF))"
        }
        if random.nextInt(below: 3) == 0 { text = "-" + text }
        if random.nextInt(below: 10) == 0 { text = "+" + text }
        return random.nextInt(below: 8) == 0 ? "\"\(text)\"" : text
    }

    /// Random text with the characters that matter to CSV, quoted when it needs to be.
    private func textCell(_ random: inout SplitMix64) -> String {
        let pieces = ["a", "b", ",", "\"", "\n", "\r\n", " ", "é", "x y", "1.5"]
        let value = (0..<random.nextInt(below: 6)).map { _ in pieces[random.nextInt(below: pieces.count)] }.joined()
        let needsQuotes = value.contains(where: { ",\"\n\r".contains($0) }) || random.nextInt(below: 4) == 0
        return needsQuotes ? "\"\(value.replacingOccurrences(of: "\"", with: "\"\""))\"" : value
    }

    /// A random file: numeric columns, one text column somewhere, mixed line ends, an
    /// optional BOM and blank tail, and sometimes one defect (a bad number, a missing or extra
    /// field, a blank line, an unterminated quote, a stray quote, text after a closing quote).
    private func randomFile(_ seed: UInt64) -> (bytes: [UInt8], numeric: [Int]) {
        var random = SplitMix64(seed: seed)
        let columns = 1 + random.nextInt(below: 5)
        let textColumn = random.nextInt(below: columns + 2)
        var rows: [[String]] = [(0..<columns).map { $0 == textColumn ? "t\"x\"" : "c\($0)" }]
        rows[0] = rows[0].map { $0.contains("\"") ? "\"t\"\"x\"\"\"" : $0 }
        for _ in 0..<(1 + random.nextInt(below: 30)) {
            rows.append((0..<columns).map { $0 == textColumn ? textCell(&random) : numberCell(&random) })
        }
        let defects = ["NA", "", "1e400", "(12.50)", "1,2", "\"open", "x\"y", "\"a\"b", "\"\"", "\r"]
        if random.nextInt(below: 3) == 0 {
            let row = 1 + random.nextInt(below: rows.count - 1)
            let column = random.nextInt(below: columns)
            switch random.nextInt(below: 3) {
            case 0: rows[row][column] = defects[random.nextInt(below: defects.count)]
            case 1: rows[row].removeLast()
            default: rows[row] = []
            }
        }
        var text = random.nextInt(below: 4) == 0 ? "\u{FEFF}" : ""
        for (index, row) in rows.enumerated() {
            text += row.joined(separator: ",")
            if index < rows.count - 1 || random.nextInt(below: 2) == 0 { text += random.nextInt(below: 3) == 0 ? "\r\n" : "\n" }
        }
        if random.nextInt(below: 4) == 0 { text += "\n\r\n\n" }
        return (Array(text.utf8), (0..<columns).filter { $0 != textColumn })
    }

    @Test func randomFilesGiveTheWholeFileResultAtEveryChunkSize() async throws {
        let scratch = try ScratchDirectory()
        await propertyCheck(count: 400, input: Gen.uint64(), Gen.int(in: 1...64)) { seed, chunkSize in
            let (bytes, numeric) = randomFile(seed)
            let path = try scratch.write("random.csv", bytes)
            let (cells, expectedCells) = (streamed(path, chunkSize: chunkSize), wholeFile(bytes, path: path))
            #expect(cells == expectedCells, "seed \(seed) chunk \(chunkSize)")
            let (values, expectedValues) = (numbers(streamed: path, chunkSize: chunkSize, columns: numeric),
                                            numbers(whole: bytes, path: path, columns: numeric))
            #expect(values == expectedValues, "seed \(seed) chunk \(chunkSize)")
        }
    }

    /// Arbitrary text over the characters that matter to CSV (as in the whole-file reader's
    /// own property test), at every small chunk size.
    @Test func arbitraryTextGivesTheWholeFileResult() async throws {
        let scratch = try ScratchDirectory()
        let alphabet = Gen.element(of: [",", "\"", "\n", "\r", "\r\n", "a", "1", "-", ".", "e", " ", "\u{FEFF}", "é", "",
                                        "2024-02-29", "2023-02-29", "\"2025-12-31\""])
        await propertyCheck(count: 1500, input: alphabet.array(of: 0...40), Gen.int(in: 1...16)) { pieces, chunkSize in
            let bytes = Array(pieces.compactMap { $0 }.joined().utf8)
            let path = try scratch.write("arbitrary.csv", bytes)
            let (cells, expected) = (streamed(path, chunkSize: chunkSize), wholeFile(bytes, path: path))
            #expect(cells == expected, "\(pieces) chunk \(chunkSize)")
        }
    }

    /// Every chunk size over files whose records straddle boundaries in the awkward places.
    @Test(arguments: [
        // a quoted field holding a comma, a doubled quote and a line break
        "id,name,x\n1,\"Acme, \"\"Inc\"\"\nsecond line\",2.5\n2,b,-3\n",
        // CRLF line ends throughout, a CR inside a quoted field
        "a,b\r\n1,\"x\ry\"\r\n12345.678e-3,\"\"\r\n",
        // a BOM, long numbers split anywhere
        "\u{FEFF}a,b\n123456789012345678901234567890,0.000000000000000000000000001\n-1e-300,17\n",
        // blank tail lines after a last record without a line end, after CRLF
        "a\n1\n\n2\r\n\r\n\n",
        // errors near the end: an unterminated quote, a stray quote, text after a closing quote
        "a,b\n1,2\n3,\"open\n4,5\n",
        "a,b\n1,2\n3,4x\"yz and more text past twenty bytes\n",
        "a,b\n1,2\n3,\"4\"x\r",
        "a,b\n1,2\n3,\"4\"\r",
        "a,b\n1,2\n\n3,4\n",
        "\u{FEFF}\n\r\n",
        "\u{FEFF}",
        "a,b\n",
        "\"a\nb\",c\n1,2\n3,4\n",
    ])
    func chunkBoundaries(_ text: String) throws {
        let scratch = try ScratchDirectory()
        let bytes = Array(text.utf8)
        let path = try scratch.write("edge.csv", bytes)
        let expected = wholeFile(bytes, path: path)
        for chunkSize in 1...(bytes.count + 2) {
            #expect(streamed(path, chunkSize: chunkSize) == expected, "chunk \(chunkSize)")
        }
        if let numeric = expected.header.indices.last, expected.error == nil {
            let expectedValues = numbers(whole: bytes, path: path, columns: [numeric])
            for chunkSize in 1...(bytes.count + 2) {
                let values = numbers(streamed: path, chunkSize: chunkSize, columns: [numeric])
                #expect(values == expectedValues, "chunk \(chunkSize)")
            }
        }
    }

    /// Large chunks take the parallel paths (two halves scanned on two cores, numbers parsed
    /// on two cores); their records, lines and first errors must be the sequential ones.
    @Test func largeChunksAgreeWithTheWholeFileReader() throws {
        let scratch = try ScratchDirectory()
        var lines = ["id,a,b"]
        for i in 0..<60_000 { lines.append("\(i),\(Double(i) / 7),\(-Double(i) * 1e-5)") }
        for (chunkSize, change) in [(1 << 20, -1), (1 << 19, 40_001), (1 << 18, 50_000), (1 << 20, 7)] {
            var edited = lines
            if change == 40_001 { edited[change] = "40000,1,NA" }
            if change == 50_000 { edited[change] = "49999,1" }
            if change == 7 { edited[change] = "6,\"0.5\",1" }
            let bytes = Array((edited.joined(separator: "\n") + "\n").utf8)
            let path = try scratch.write("large.csv", bytes)
            let (values, expectedValues) = (numbers(streamed: path, chunkSize: chunkSize, columns: [0, 1, 2]),
                                            numbers(whole: bytes, path: path, columns: [0, 1, 2]))
            #expect(values == expectedValues, "change \(change)")
            let (cells, expectedCells) = (streamed(path, chunkSize: chunkSize), wholeFile(bytes, path: path))
            #expect(cells == expectedCells, "change \(change)")
        }
    }

    /// A consumer's own error waits for the structure check of the whole file.
    @Test func cellErrorsComeAfterStructuralErrors() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("late.csv", "a,b\n1,NA\n2,3\n4\n")
        #expect(throws: InputError(file: path, line: 4, message: "expected 2 fields, found 1")) {
            _ = try CSVStream(path: path, chunkSize: 4).readNumericColumns([0, 1])
        }
        let good = try scratch.write("good.csv", "a,b\n1,NA\n2,3\n")
        #expect(throws: InputError(file: good, line: 2, column: "b", value: "NA", message: "not a plain decimal number")) {
            _ = try CSVStream(path: good, chunkSize: 4).readNumericColumns([0, 1])
        }
    }

    @Test func collectRowsGrowsPastAWrongEstimate() throws {
        let scratch = try ScratchDirectory()
        // Short first rows make the first chunk's estimate far too small for the long rest.
        var text = "a\n"
        for i in 0..<2000 { text += i < 100 ? "1\n" : "\(Double(i) * 1.234567891)\n" }
        let path = try scratch.write("grow.csv", text)
        let (values, rows) = try CSVStream(path: path, chunkSize: 256).readNumericColumns([0])
        #expect(rows == 2000)
        let expected: [Double] = (0..<2000).map { $0 < 100 ? 1 : Double($0) * 1.234567891 }
        #expect(values == expected)
    }

    @Test func collectRowsTakesTheWidthChosenOnTheFirstChunk() throws {
        let scratch = try ScratchDirectory()
        var text = "a,b\n"
        for i in 0..<500 { text += "\(i),\(i * 2)\n" }
        let path = try scratch.write("width.csv", text)
        var calls = 0, firstRows = 0
        let stream = try CSVStream(path: path, chunkSize: 64)
        let (values, rows) = try stream.collectRows(width: { first in
            calls += 1
            firstRows = first.rowCount
            return 1
        }) { chunk, out in
            for row in 0..<chunk.rowCount { out[row] = Double(chunk.string(row: row, column: 1))! }
            return true
        }
        #expect(calls == 1 && firstRows > 0 && firstRows < 500)
        #expect(rows == 500 && values == (0..<500).map { Double($0 * 2) })
    }

    @Test func reportsUnreadableFiles() {
        #expect(throws: InputError(file: "/nonexistent/x.csv", message: "cannot open: No such file or directory")) {
            try CSVStream(path: "/nonexistent/x.csv")
        }
        #expect(throws: InputError(file: "/tmp", message: "is a directory, not a CSV file")) {
            try CSVStream(path: "/tmp")
        }
    }
}
