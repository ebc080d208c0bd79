import Foundation
import NumericCore
import Testing
@testable import Reporting
@testable import Segmentation

/// The shape of `ar-segment kmeans`'s JSON, encoded by `JSONEncoder` as the command did
/// before `JSONObjectWriter`: the writer must give these bytes exactly.
private struct Reference: Codable, Equatable {
    struct Nested: Codable, Equatable {
        var mean: [Double]
        var ddof: Int
    }

    var labels: [Int]
    var ids: [String]?
    var clusterCenters: [[Double]]
    var inertia: Double
    var converged: Bool
    var warnings: [String]
    var scaler: Nested?
    var seed: UInt64

    enum CodingKeys: String, CodingKey {
        case labels, ids, inertia, converged, warnings, scaler, seed
        case clusterCenters = "cluster_centers"
    }

    func encoded() throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Array(try encoder.encode(self))
    }

    /// The same members through the writer, added in a different order than the keys sort.
    func written() throws -> [UInt8] {
        var writer = JSONObjectWriter()
        try writer.add("seed", seed)
        try writer.add("warnings", warnings)
        writer.add("labels", integers: labels)
        try writer.add("scaler", scaler)
        writer.add("ids", strings: ids)
        try writer.add("inertia", inertia)
        try writer.add("cluster_centers", clusterCenters)
        try writer.add("converged", converged)
        return try writer.bytes()
    }
}

@Suite("JSON object writer")
struct JSONObjectWriterTests {
    @Test("hand-built object: the bytes JSONEncoder writes, and they decode back")
    func handBuilt() throws {
        let value = Reference(
            labels: [0, 7, 12, -3, Int.max, Int.min, 1_000_000], ids: ["007", "a/b", "say \"hi\"", "back\\slash",
                                                                      "tab\there", "line\nend", "é ünï", "\u{1}", ""],
            clusterCenters: [[0.1, -2.5e-300, 1e21], [3, 0, -0.0]], inertia: 1234.5678, converged: true,
            warnings: ["feature 'x' has zero variance"], scaler: Reference.Nested(mean: [1, 2.25], ddof: 0), seed: 42)
        let written = try value.written()
        #expect(written == (try value.encoded()), "\(String(decoding: written, as: UTF8.self))")
        #expect(try JSONDecoder().decode(Reference.self, from: Data(written)) == value)
    }

    @Test("nil optionals are left out, as synthesized Encodable does")
    func nilMembers() throws {
        let value = Reference(labels: [], ids: nil, clusterCenters: [], inertia: 0, converged: false,
                              warnings: [], scaler: nil, seed: 0)
        let written = try value.written()
        #expect(written == (try value.encoded()))
        #expect(!String(decoding: written, as: UTF8.self).contains("ids"))
        #expect(!String(decoding: written, as: UTF8.self).contains("scaler"))
    }

    @Test("random labels and ids (every byte class in the ids): same bytes as JSONEncoder, round trip")
    func random() throws {
        var random = SplitMix64(seed: 16)
        let alphabet: [String] = ["a", "Z", "0", "-", "_", "/", " ", "\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{C}",
                                  "\u{0}", "\u{1F}", "\u{7F}", "é", "€", "😀", "\u{2028}", "<", "&"]
        for _ in 0..<300 {
            let rows = random.nextInt(below: 40)
            let labels = (0..<rows).map { _ in random.nextInt(below: 3) == 0 ? Int(bitPattern: UInt(random.next())) : random.nextInt(below: 12) }
            let ids = (0..<rows).map { _ in (0..<random.nextInt(below: 6)).map { _ in alphabet[random.nextInt(below: alphabet.count)] }.joined() }
            let value = Reference(labels: labels, ids: random.nextInt(below: 4) == 0 ? nil : ids,
                                  clusterCenters: [(0..<3).map { _ in random.nextGaussian() * 1e3 }],
                                  inertia: random.nextUniform(), converged: random.nextInt(below: 2) == 0,
                                  warnings: ids.prefix(2).map { $0 }, scaler: nil, seed: random.next())
            let written = try value.written()
            #expect(written == (try value.encoded()), "\(String(decoding: written, as: UTF8.self))")
            #expect(try JSONDecoder().decode(Reference.self, from: Data(written)) == value)
        }
    }
}
