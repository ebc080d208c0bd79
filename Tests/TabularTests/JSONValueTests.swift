import Foundation
import Tabular
import Testing

/// `JSONValue` must write exactly the bytes `JSONEncoder` writes with
/// `[.sortedKeys, .withoutEscapingSlashes]`, which `ar-segment kmeans` wrote before it:
/// every test encodes the same data both ways and compares the bytes.
@Suite struct JSONValueTests {
    private static func encoded(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    /// A small seeded generator (SplitMix64), so failures reproduce.
    private struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    /// The shape of `ar-segment kmeans`'s output (snake-case keys, optional members, nested
    /// objects), as the command encoded it with `Encodable` before.
    private struct KMeansShape: Codable, Equatable {
        struct Scaler: Codable, Equatable {
            var mean: [Double]
            var scale: [Double]
            var ddof: Int
        }

        var labels: [Int]
        var ids: [String]?
        var clusterCenters: [[Double]]
        var inertia: Double
        var nIter: Int
        var converged: Bool
        var inertiaHistory: [Double]
        var warnings: [String]
        var featureNames: [String]
        var scaler: Scaler?
        var k: Int
        var nInit: Int
        var seed: UInt64

        enum CodingKeys: String, CodingKey {
            case labels, ids, inertia, converged, warnings, scaler, k, seed
            case clusterCenters = "cluster_centers", nIter = "n_iter", inertiaHistory = "inertia_history"
            case featureNames = "feature_names", nInit = "n_init"
        }

        var json: JSONValue {
            .object([
                "seed": .unsigned(seed), "warnings": .strings(warnings), "labels": .integers(labels),
                "scaler": scaler.map { .object(["mean": .doubles($0.mean), "scale": .doubles($0.scale), "ddof": .int($0.ddof)]) },
                "ids": ids.map(JSONValue.strings), "inertia": .double(inertia), "n_iter": .int(nIter),
                "cluster_centers": .doubleRows(clusterCenters), "converged": .bool(converged),
                "inertia_history": .doubles(inertiaHistory), "feature_names": .strings(featureNames),
                "k": .int(k), "n_init": .int(nInit),
            ])
        }
    }

    @Test("the kmeans shape: JSONEncoder's bytes, and they decode back")
    func kmeansShape() throws {
        let value = KMeansShape(
            labels: [0, 7, 12, -3, Int.max, Int.min, 1_000_000, 0],
            ids: ["007", "a/b", "say \"hi\"", "back\\slash", "tab\there", "line\nend\r\n", "é ünï", "\u{1}\u{1F}\u{7F}",
                  "", "😀 emoji", "\u{2028}\u{2029}", "\u{8}\u{C}", "日本語", "'single' <tag> & amp"],
            clusterCenters: [[0.1, -2.5e-300, 1e21], [3, 0, -0.0], []], inertia: 1234.5678, nIter: 17, converged: true,
            inertiaHistory: [1e16, 123456789.25, 0.30000000000000004], warnings: ["feature 'x' has zero variance"],
            featureNames: ["balance_0", "count_1", "Ünïcode", "with,comma"],
            scaler: .init(mean: [1, 2.25], scale: [5e-324, 1.7976931348623157e308], ddof: 0), k: 8, nInit: 10,
            seed: UInt64.max)
        let written = try value.json.bytes()
        #expect(written == (try Self.encoded(value)), "\(String(decoding: written, as: UTF8.self))")
        #expect(try JSONDecoder().decode(KMeansShape.self, from: Data(written)) == value)
        // Optional members left out, empty arrays.
        var sparse = value
        sparse.ids = nil
        sparse.scaler = nil
        sparse.labels = []
        sparse.warnings = []
        #expect(try sparse.json.bytes() == (try Self.encoded(sparse)))
        #expect(try value.json.bytes(newline: true) == (try Self.encoded(value)) + [UInt8(ascii: "\n")])
    }

    @Test("doubles of every magnitude: random bit patterns, powers of ten, integers near 2^53, subnormals")
    func doubles() throws {
        var generator = Generator(state: 16)
        var values: [Double] = [0, -0.0, 1, -1, 0.1, 0.5, 100, 1e15, 1e16, 1e17, 9007199254740992, 9007199254740993,
                                .leastNonzeroMagnitude, .leastNormalMagnitude, .greatestFiniteMagnitude,
                                -.greatestFiniteMagnitude, .ulpOfOne, 1 / 3, 2.0 / 3]
        for exponent in -324...308 {
            values.append(Double("1e\(exponent)")!)
            values.append(Double("-1.7976931348623157e\(exponent)")!)
            if let other = Double("-4.35e\(exponent)"), other.isFinite { values.append(other) }
        }
        for power in 0...1074 { values.append(Double(sign: .plus, exponent: 1023 - power, significand: 1)) }
        for _ in 0..<20_000 {
            let random = Double(bitPattern: generator.next())
            if random.isFinite { values.append(random) }
            values.append(Double(generator.below(2_000_000)) / 1000 - 1000)
            values.append(Double(Int64(bitPattern: generator.next()) >> generator.below(64)))
        }
        #expect(try JSONValue.doubles(values).bytes() == (try Self.encoded(values)))
        for value in values.prefix(3000) {
            #expect(try JSONValue.double(value).bytes() == (try Self.encoded(value)), "\(value)")
        }
        let rows = stride(from: 0, to: 3000, by: 7).map { Array(values[$0..<min($0 + 7, values.count)]) }
        #expect(try JSONValue.doubleRows(rows).bytes() == (try Self.encoded(rows)))
    }

    @Test("non-finite numbers throw, as JSONEncoder does")
    func nonFinite() {
        for bad in [Double.nan, .infinity, -.infinity] {
            #expect(throws: JSONValue.NonFiniteNumber.self) { try JSONValue.doubles([1, bad]).bytes() }
            #expect(throws: (any Error).self) { try Self.encoded([1, bad]) }
        }
    }

    @Test("strings: every control character, quotes, backslashes, slashes, DEL, multi-byte and random text")
    func strings() throws {
        var strings = (0..<0x80).map { String(UnicodeScalar(UInt8($0))) }
        strings += ["", "plain", "\"quoted\"", "a\\b", "/path/to", "é", "ß\u{301}", "😀", "\u{FEFF}bom", "\u{2028}"]
        var generator = Generator(state: 7)
        let alphabet: [Unicode.Scalar] = (0..<0x80).map { Unicode.Scalar(UInt8($0)) }
            + ["é", "ñ", "\u{301}", "日", "😀", "\u{2028}", "\u{FFFD}", "\u{10FFFF}"]
        for _ in 0..<5000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<generator.below(24) { text.append(alphabet[generator.below(alphabet.count)]) }
            strings.append(String(text))
        }
        #expect(try JSONValue.strings(strings).bytes() == (try Self.encoded(strings)))
        for text in strings.prefix(200) {
            #expect(try JSONValue.string(text).bytes() == (try Self.encoded(text)), "\(text.debugDescription)")
        }
        // Keys are strings too, and sort by their bytes (as the encoder sorts them).
        let keys = ["b", "a_b", "aB", "A", "_", "a", "n_init", "n_iter", "ñ", "Z", "quote\"key", "tab\tkey", "1"]
        let dictionary = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        #expect(try JSONValue.members(keys.enumerated().map { (key: $1, value: .int($0)) }).bytes()
            == (try Self.encoded(dictionary)))
    }

    /// Labels and ids of `kmeans` at 64k+ rows are measured and written in two halves on two
    /// threads (`putRowArray`): the same bytes as the encoder, for odd and even counts, escapes
    /// and multi-byte text on both sides of the split, and the array inside an object.
    @Test("long row-sized arrays written in two halves: JSONEncoder's bytes")
    func longArraysInHalves() throws {
        var generator = Generator(state: 29)
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", "\"", "\\", "\n", "\u{1}", "/", "é", "日", "😀", " "]
        for count in [65_536, 65_537, 100_003] {
            let labels = (0..<count).map { _ in generator.below(3) == 0 ? -generator.below(1000) : generator.below(1 << 40) }
            var ids = [String]()
            for i in 0..<count {
                if i % 7 == 0 {
                    var text = String.UnicodeScalarView()
                    for _ in 0..<generator.below(12) { text.append(alphabet[generator.below(alphabet.count)]) }
                    ids.append(String(text))
                } else {
                    ids.append("C\(i)")
                }
            }
            // Something to escape right at the split and at both ends.
            ids[count / 2 - 1] = "end of \"first\""
            ids[count / 2] = "start\tof second"
            ids[0] = "\\first"
            ids[count - 1] = "last\n"
            #expect(try JSONValue.integers(labels).bytes() == (try Self.encoded(labels)), "\(count) labels")
            #expect(try JSONValue.strings(ids).bytes() == (try Self.encoded(ids)), "\(count) ids")
            let object = JSONValue.object(["labels": .integers(labels), "ids": .strings(ids), "k": .int(3)])
            struct Shape: Encodable { var labels: [Int]; var ids: [String]; var k: Int }
            #expect(try object.bytes(newline: true)
                == (try Self.encoded(Shape(labels: labels, ids: ids, k: 3))) + [UInt8(ascii: "\n")])
        }
    }

    @Test("integers, booleans and nesting")
    func integersAndNesting() throws {
        var generator = Generator(state: 3)
        var integers = [0, 1, -1, 9, 10, -10, 99, 100, Int.max, Int.min, Int.max - 1, Int.min + 1]
        for _ in 0..<10_000 { integers.append(Int(bitPattern: UInt(generator.next())) >> generator.below(64)) }
        #expect(try JSONValue.integers(integers).bytes() == (try Self.encoded(integers)))
        for value: UInt64 in [0, 1, 10, UInt64(Int.max) + 1, .max] {
            #expect(try JSONValue.unsigned(value).bytes() == (try Self.encoded(value)))
        }
        #expect(try JSONValue.bool(true).bytes() == (try Self.encoded(true)))
        #expect(try JSONValue.bool(false).bytes() == (try Self.encoded(false)))
        struct Nested: Encodable {
            var a: [[Int]]
            var b: [String: [Bool]]
        }
        let nested: JSONValue = .object(["b": .object(["y": .array([.bool(true)]), "x": .array([])]),
                                         "a": .array([.integers([1, 2]), .integers([])])])
        #expect(try nested.bytes() == (try Self.encoded(Nested(a: [[1, 2], []], b: ["y": [true], "x": []]))))
    }
}
