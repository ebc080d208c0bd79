import PropertyBased
import Tabular
import Testing

@Suite struct CSVWriterTests {
    @Test func quotesAndNeutralises() {
        var writer = CSVWriter(header: ["id", "name", "balance", "count"])
        writer.append([.text("007"), .text("Acme, \"The\" Co\nLtd"), .number(-1250.5), .integer(-3)])
        writer.append([.text("=HYPERLINK(\"x\")"), .text("+1"), .number(3), .empty])
        writer.append([.text("-2"), .text("@SUM(A1)"), .number(1e-5), .integer(0)])
        writer.append([.text("\tTab"), .text("\rCR"), .number(0.1), .text("a=b")])
        #expect(writer.text == """
        id,name,balance,count
        007,"Acme, ""The"" Co
        Ltd",-1250.5,-3
        "'=HYPERLINK(""x"")",'+1,3,
        '-2,'@SUM(A1),1e-05,0
        '\tTab,"'\rCR",0.1,a=b

        """)
    }

    @Test func formatsNumbersShortestWithoutTrailingZero() {
        #expect(CSVWriter.format(3) == "3")
        #expect(CSVWriter.format(-0.0) == "0")
        #expect(CSVWriter.format(1e20) == "1e+20")
        #expect(CSVWriter.format(9007199254740991) == "9007199254740991")
        #expect(CSVWriter.format(0.30000000000000004) == "0.30000000000000004")
        #expect(CSVWriter.format(.nan) == "nan")
    }

    /// `appendFormatted` writes `format`'s bytes: integral values (digits written directly)
    /// up to 2^53 and beyond, signs, zeros, fractions, non-finite values.
    @Test func appendFormattedWritesFormatsBytes() async {
        var edges: [Double] = [0, -0.0, 1, -1, 9, 10, -10, 99, 100, 1e15, 0x1p53 - 1, -(0x1p53 - 1), 0x1p53, 1e20, -1e20,
                               0.5, -0.5, 1e-5, 0.1, 1234567.125, .nan, .infinity, -.infinity, .leastNonzeroMagnitude,
                               .greatestFiniteMagnitude]
        edges += (0..<64).map { Double(UInt64(1) << $0) }
        for value in edges {
            var out: [UInt8] = [7]
            CSVWriter.appendFormatted(value, to: &out)
            #expect(out == [7] + Array(CSVWriter.format(value).utf8), "\(value)")
        }
        let values = Gen.double(in: -1e17...1e17)
        await propertyCheck(count: 500, input: values) { value in
            for v in [value, value.rounded(), value / 1e9] {
                var out: [UInt8] = []
                CSVWriter.appendFormatted(v, to: &out)
                #expect(out == Array(CSVWriter.format(v).utf8))
            }
        }
    }

    /// `appendText` writes `render(.text(...))`'s bytes: plain, quoted, neutralised, empty and
    /// non-ASCII text.
    @Test func appendTextWritesRendersBytes() {
        for text in ["", "a", "007", "a,b", "say \"hi\"", "line\nbreak", "cr\r", "=1+2", "+1", "-2", "@x", "\tTab", "\rCR",
                     "Caf\u{E9}", "Cafe\u{301}", "a=b", "ACCOUNT-WITH-A-LONG-ID-0001", "-,\""] {
            var out: [UInt8] = [7]
            CSVWriter.appendText(text, to: &out)
            #expect(out == [7] + Array(CSVWriter.render(.text(text)).utf8), "\(text)")
        }
    }

    /// Whatever text and numbers go out, `CSVReader` reads the same values back
    /// (text with a formula trigger comes back with its `'` prefix).
    @Test func roundTripsThroughTheReader() async throws {
        let texts = Gen.element(of: ["a", ",", "\"", "\n", "\r\n", " ", "é", "=", "-", "0", "x"]).array(of: 0...6)
        let numbers = Gen.double(in: -1e12...1e12).array(of: 1...5)
        await propertyCheck(count: 300, input: texts, numbers) { pieces, values in
            let text = pieces.compactMap { $0 }.joined()
            var writer = CSVWriter(header: ["t"] + values.indices.map { "v\($0)" })
            writer.append([.text(text)] + values.map { .number($0) })
            do {
                let table = try CSVReader.parse(Array(writer.text.utf8), path: "round.csv")
                #expect(table.rowCount == 1)
                #expect(table.string(row: 0, column: 0) == CSVWriter.neutralised(text))
                #expect(try table.numericColumns(Array(1...values.count)) == values)
            } catch {
                Issue.record("\(error) reading \(writer.text.debugDescription)")
            }
        }
    }
}
