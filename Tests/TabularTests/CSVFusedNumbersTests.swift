import Foundation
import NumericCore
import PropertyBased
@testable import Tabular
import Testing
import TestSupport

/// The fused scan-and-parse pass (`CSVScanner.scanAndParseInPieces`) must give the bits that
/// Swift's `Double(String)` and `StrictDecimal.parse` give, and exactly the chunks the general
/// scan gives.
@Suite struct CSVFusedNumbersTests {
    /// The fast number path on one field followed by `terminator`: the value when it takes it.
    private func fast(_ text: String, terminator: String = ",") -> (Double?, Int) {
        let bytes = Array((text + terminator).utf8)
        return bytes.withUnsafeBufferPointer { CSVScanner.fastNumber($0.baseAddress!, from: 0, limit: $0.count) }
    }

    /// Random plain decimals of up to 19 digits (leading zeros, signs, a fraction or not),
    /// the common case: every one the fast path takes has Swift's bits and StrictDecimal's.
    @Test func fastPathMatchesSwiftParserBitForBit() async {
        let digits = Gen.number.string(of: 0...19)
        await propertyCheck(count: 20000, input: digits, digits, Gen.int(in: 0...7), Gen.int(in: 0...3)) {
            integer, fraction, shape, zeros in
            var text = shape & 1 == 1 ? "-" : (shape & 4 == 4 ? "+" : "")
            text += String(repeating: "0", count: zeros) + (integer.isEmpty && fraction.isEmpty ? "0" : integer)
            if shape & 2 == 2 || integer.isEmpty { text += "." + String(repeating: "0", count: zeros) + fraction }
            let reference = Double(text)!
            for terminator in [",", "\n", "\r\n", ""] {
                let (value, stop) = fast(text, terminator: terminator)
                #expect(stop == text.utf8.count, "\(text)")
                if let value {
                    #expect(value.bitPattern == reference.bitPattern, "\(text)")
                    #expect(StrictDecimal.parse(text) == .value(value), "\(text)")
                }
            }
        }
    }

    /// Shapes at the edges of the fast path: it takes the plain ones, with the right bits,
    /// and declines the rest (which `StrictDecimal.parse` then reads).
    @Test func fastPathEdges() {
        let taken: [String] = ["0", "-0", "+0", "5.", ".5", "007", "0.00839297838536", "9007199254740992",
                               "-12.5", "0.1",
                               "0.0000000000000000001", "1.000000000000000000"]
        for text in taken {
            let (value, stop) = fast(text)
            #expect(stop == text.utf8.count, "\(text)")
            if let value { #expect(value.bitPattern == Double(text)!.bitPattern, "\(text)") }
        }
        #expect(fast("-0").0?.sign == .minus)
        #expect(fast("9007199254740992").0 == 9007199254740992)
        for declined in ["9007199254740993", "1234567890123456789", "12345678901234567890", "0.00000000000000000001",
                         "", "-", ".", "-.", "+"] {
            #expect(fast(declined).0 == nil, "\(declined)")
        }
        // Stops at the first byte that is not part of a plain decimal.
        #expect(fast("1.5e3").1 == 3)
        #expect(fast("12a").1 == 2)
        #expect(fast("1.2.3").1 == 3)
    }

    /// A file of numbers in every shape, text columns and CRLF, read with the fused pass at
    /// several chunk sizes, against the whole-file reader (which never fuses).
    @Test func streamedNumbersMatchTheWholeFileReader() async throws {
        let scratch = try ScratchDirectory()
        await propertyCheck(count: 40, input: Gen.uint64(), Gen.int(in: 0...3)) { seed, shape in
            var random = SplitMix64(seed: seed)
            let columns = 1 + random.nextInt(below: 6)
            let idColumn = shape == 0 ? -1 : random.nextInt(below: columns)
            var text = (0..<columns).map { "c\($0)" }.joined(separator: ",") + "\n"
            for row in 0..<(2000 + random.nextInt(below: 3000)) {
                let cells = (0..<columns).map { column -> String in
                    if column == idColumn { return "C\(row)x" }
                    let mantissa = String(random.next() >> (random.next() % 64))
                    switch random.nextInt(below: 8) {
                    case 0: return mantissa
                    case 1: return "-\(mantissa.prefix(3)).\(mantissa.dropFirst(3))"
                    case 2: return "0.00\(mantissa)"
                    case 3: return "\(mantissa)e\(random.nextInt(below: 40) - 20)"
                    case 4: return "\(Double(bitPattern: random.next() & 0x7FEF_FFFF_FFFF_FFFF))"
                    default: return String(format: "%.11g", Double(random.next() % 100_000_000) / 997)
                    }
                }
                text += cells.joined(separator: ",") + (shape == 3 && row % 3 == 0 ? "\r\n" : "\n")
            }
            let bytes = Array(text.utf8)
            let path = try scratch.write("fused.csv", bytes)
            let numeric = (0..<columns).filter { $0 != idColumn }
            let table = try CSVReader.parse(bytes, path: path)
            let expected = try table.numericColumns(numeric).map(\.bitPattern)
            for chunkSize in [1 << 12, 1 << 15, 1 << 20] {
                let stream = try CSVStream(path: path, chunkSize: chunkSize)
                var ids: [String] = []
                var lines: [Int] = []
                let (values, rows) = try stream.readNumericColumns(numeric) { chunk in
                    for row in 0..<chunk.rowCount {
                        lines.append(chunk.lineNumber(ofRow: row))
                        if idColumn >= 0 { ids.append(chunk.string(row: row, column: idColumn)) }
                    }
                }
                #expect(rows == table.rowCount)
                #expect(values.map(\.bitPattern) == expected, "seed \(seed) chunk \(chunkSize)")
                #expect(lines == (0..<table.rowCount).map { table.lineNumber(ofRow: $0) })
                if idColumn >= 0 { #expect(ids == (0..<table.rowCount).map { table.string(row: $0, column: idColumn) }) }
            }
        }
    }

    /// A delimiter the number grammar could read as part of a number ('.' here) must not let
    /// `1.5.2` pass as two fields: it has three, as the general scan says.
    @Test func delimitersInsideTheNumberGrammarTakeTheGeneralPath() throws {
        let scratch = try ScratchDirectory()
        let text = "a.b\n" + (0..<2000).map { "\($0).7" }.joined(separator: "\n") + "\n1.5.2\n"
        let path = try scratch.write("dots.csv", Array(text.utf8))
        #expect(throws: InputError(file: path, line: 2002, message: "expected 2 fields, found 3")) {
            _ = try CSVStream(path: path, chunkSize: 1 << 12, delimiter: UInt8(ascii: ".")).readNumericColumns([0, 1])
        }
        let semicolons = try scratch.write("semi.csv", Array(("a;b\n" + (0..<2000).map { "\($0);-\($0).25" }
            .joined(separator: "\n") + "\n").utf8))
        let (values, rows) = try CSVStream(path: semicolons, chunkSize: 1 << 12, delimiter: UInt8(ascii: ";"))
            .readNumericColumns([1, 0])
        #expect(rows == 2000)
        var expected: [Double] = []
        for i in 0..<2000 {
            let value = Double(i)
            expected.append(-(value + 0.25))
            expected.append(value)
        }
        #expect(values == expected)
    }

    /// A bad cell, a short record or a blank line in a run the fused pass reads: the same
    /// first error as the whole-file reader.
    @Test(arguments: ["NA", "1,234", "", "1e400", "1 ", "SHORT", "BLANK", "0x10"])
    func errorsAreTheGeneralPathsErrors(defect: String) throws {
        let scratch = try ScratchDirectory()
        var lines = ["id,a,b"]
        for i in 0..<30_000 { lines.append("C\(i),\(Double(i) / 7),\(-Double(i) * 1e-5)") }
        switch defect {
        case "SHORT": lines[20_000] = "C19999,1"
        case "BLANK": lines[20_000] = ""
        default: lines[20_000] = "C19999,\(defect),2"
        }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        let path = try scratch.write("bad.csv", bytes)
        var expected: InputError?
        do { _ = try CSVReader.parse(bytes, path: path).numericColumns([1, 2]) } catch { expected = error as? InputError }
        #expect(expected != nil)
        for chunkSize in [1 << 14, 1 << 20] {
            #expect(throws: expected!) { _ = try CSVStream(path: path, chunkSize: chunkSize).readNumericColumns([1, 2]) }
        }
    }
}
