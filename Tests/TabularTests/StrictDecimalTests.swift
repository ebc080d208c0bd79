import PropertyBased
import Tabular
import Testing

@Suite struct StrictDecimalTests {
    private func parsed(_ text: String) -> StrictDecimal.Outcome { StrictDecimal.parse(text) }

    @Test func acceptsPlainDecimals() {
        let cases: [(String, Double)] = [
            ("0", 0), ("-0", -0.0), ("12", 12), ("-12.5", -12.5), ("+3", 3), ("007", 7),
            (".5", 0.5), ("5.", 5), ("1e3", 1000), ("1E-3", 0.001), ("2.5e+2", 250),
            ("0.1", 0.1), ("123456789012345678901234567890", 1.2345678901234568e29),
            ("1e-400", 0),
            // Exact halfway cases between two doubles round to even (Eisel-Lemire path).
            ("9007199254740993", 9007199254740992), ("9007199254740995", 9007199254740996),
            ("18014398509481986", 18014398509481984), ("2.2250738585072011e-308", 2.225073858507201e-308), ("4.9406564584124654e-324", .leastNonzeroMagnitude), ("1.7976931348623157e308", .greatestFiniteMagnitude),
        ]
        for (text, expected) in cases {
            #expect(parsed(text) == .value(expected), "\(text)")
        }
        if case .value(let negativeZero) = parsed("-0") { #expect(negativeZero.sign == .minus) }
    }

    @Test(arguments: ["nan", "NaN", "inf", "-inf", "Infinity", "0x1p3", "0x10", "1,234.56", "$12", "(12.50)",
                      "1.234,56", "NA", "NULL", "null", " 1", "1 ", "1e", "1e+", "--1", "+-1", ".", "-", "e5",
                      "1.2.3", "12abc", "١٢", "1_000", "1e5.5"])
    func rejectsEverythingElse(text: String) {
        #expect(parsed(text) == .failure(.notANumber), "\(text)")
    }

    @Test func classifiesEmptyAndOverflow() {
        #expect(parsed("") == .failure(.empty))
        #expect(parsed("1e400") == .failure(.outOfRange))
        #expect(parsed("-1e309") == .failure(.outOfRange))
        #expect(parsed("1.8e308") == .failure(.outOfRange))
        #expect(parsed("1e99999999999999999999") == .failure(.outOfRange))
        #expect(parsed("0e99999999999999999999") == .value(0))
    }

    /// Any text in the grammar parses to exactly the bits Swift's own parser gives.
    @Test func matchesSwiftParserBitForBit() async {
        let digits = Gen.number.string(of: 0...24)
        await propertyCheck(count: 3000, input: digits, digits, Gen.int(in: -340...340), Gen.int(in: 0...7)) {
            integer, fraction, exponent, shape in
            var text = shape & 1 == 1 ? "-" : ""
            text += integer.isEmpty && fraction.isEmpty ? "0" : integer
            if shape & 2 == 2 || integer.isEmpty { text += "." + fraction }
            if shape & 4 == 4 { text += "e\(exponent)" }
            let reference = Double(text)!
            if reference.isFinite {
                guard case .value(let value) = parsed(text) else { Issue.record("rejected \(text)"); return }
                #expect(value.bitPattern == reference.bitPattern, "\(text)")
            } else {
                #expect(parsed(text) == .failure(.outOfRange), "\(text)")
            }
        }
    }

    /// Mantissas of 16 to 19 digits over the whole exponent range, subnormals and
    /// overflow included: the Eisel-Lemire path, checked against Swift's parser.
    @Test func longMantissasMatchSwiftParser() async {
        await propertyCheck(count: 20000, input: Gen.uint64(in: 1_000_000_000_000_000...9_999_999_999_999_999_999),
                            Gen.int(in: -345...310), Gen.int(in: 0...3)) { mantissa, exponent, drop in
            let text = String(String(mantissa).dropLast(drop)) + "e\(exponent)"
            let reference = Double(text)!
            if reference.isFinite {
                #expect(parsed(text) == .value(reference), "\(text)")
            } else {
                #expect(parsed(text) == .failure(.outOfRange), "\(text)")
            }
        }
    }

    /// Every finite Double's shortest description reads back to the same bits.
    @Test func roundTripsDescriptions() async {
        await propertyCheck(count: 3000, input: Gen.uint64()) { bits in
            let value = Double(bitPattern: bits)
            guard value.isFinite else { return }
            #expect(parsed("\(value)") == .value(value), "\(value)")
        }
    }
}
