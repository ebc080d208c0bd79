import Foundation

/// A JSON object written as bytes, the same bytes `JSONEncoder` gives with
/// `[.sortedKeys, .withoutEscapingSlashes]` (no whitespace), but with row-sized arrays of
/// integers and strings written directly instead of through `Encodable`.
///
/// Why hand-written: `ar-segment kmeans` on 1M rows spent about 40% of its CPU time in
/// `JSONEncoder` on the `labels` and `ids` arrays (an intermediate value per element,
/// retain/release and dynamic casts; `perf`, issue 16); written here they take a few
/// milliseconds. Everything small (centroids, scaler, warnings) still goes through
/// `JSONEncoder`, one member at a time, so its number and string formatting stay the
/// encoder's own. Members are sorted by key (byte order, which is `JSONEncoder`'s order
/// for the ASCII keys used here) when `bytes()` is called; a key given twice is a
/// programming error.
public struct JSONObjectWriter {
    private enum Member {
        case encoded([UInt8])
        case integers([Int])
        case strings([String])
    }

    private var members: [(key: String, value: Member)] = []
    private let encoder: JSONEncoder

    public init() {
        encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    }

    /// Adds `key` with `value` encoded by `JSONEncoder`; a nil optional is left out, as
    /// synthesized `Encodable` conformances do.
    public mutating func add(_ key: String, _ value: some Encodable) throws {
        if let optional = value as? OptionalMarker, optional.isNil { return }
        members.append((key, .encoded(Array(try encoder.encode(value)))))
    }

    /// Adds `key` with an array of integers (written without `JSONEncoder`).
    public mutating func add(_ key: String, integers: [Int]) {
        members.append((key, .integers(integers)))
    }

    /// Adds `key` with an array of strings (written without `JSONEncoder` unless a string
    /// needs escaping); nil leaves the member out.
    public mutating func add(_ key: String, strings: [String]?) {
        guard let strings else { return }
        members.append((key, .strings(strings)))
    }

    /// The object, members in key order, followed by nothing (no newline).
    public func bytes() throws -> [UInt8] {
        let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        var out: [UInt8] = []
        out.reserveCapacity(sorted.reduce(2) { $0 + $1.key.utf8.count + 4 + Self.estimatedSize($1.value) })
        out.append(UInt8(ascii: "{"))
        for (index, member) in sorted.enumerated() {
            precondition(index == 0 || sorted[index - 1].key != member.key, "JSON key '\(member.key)' given twice")
            if index > 0 { out.append(UInt8(ascii: ",")) }
            try appendString(member.key, to: &out)
            out.append(UInt8(ascii: ":"))
            switch member.value {
            case .encoded(let bytes): out.append(contentsOf: bytes)
            case .integers(let values): Self.append(values, to: &out)
            case .strings(let values):
                out.append(UInt8(ascii: "["))
                for (k, value) in values.enumerated() {
                    if k > 0 { out.append(UInt8(ascii: ",")) }
                    try appendString(value, to: &out)
                }
                out.append(UInt8(ascii: "]"))
            }
        }
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func estimatedSize(_ member: Member) -> Int {
        switch member {
        case .encoded(let bytes): return bytes.count
        case .integers(let values): return 2 + values.count * 3
        case .strings(let values): return 2 + values.reduce(0) { $0 + $1.utf8.count + 3 }
        }
    }

    /// `[1,0,7]`: decimal digits, as `JSONEncoder` writes `Int`.
    private static func append(_ values: [Int], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        var digits = [UInt8](repeating: 0, count: 20)
        for (k, value) in values.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            if value < 0 { out.append(UInt8(ascii: "-")) }
            var magnitude = value.magnitude, count = 0
            repeat {
                digits[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            while count > 0 {
                count -= 1
                out.append(digits[count])
            }
        }
        out.append(UInt8(ascii: "]"))
    }

    /// A string in quotes: printable ASCII other than `"` and `\` as is (what `JSONEncoder`
    /// writes for it), anything else through `JSONEncoder` so its escaping is the encoder's.
    private func appendString(_ text: String, to out: inout [UInt8]) throws {
        var text = text
        let plain = text.withUTF8 { utf8 in
            utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        }
        guard plain else {
            out.append(contentsOf: try encoder.encode(text))
            return
        }
        out.append(UInt8(ascii: "\""))
        text.withUTF8 { out.append(contentsOf: $0) }
        out.append(UInt8(ascii: "\""))
    }
}

/// Lets `add(_:_:)` recognise a nil optional behind a generic `Encodable`.
private protocol OptionalMarker { var isNil: Bool { get } }
extension Optional: OptionalMarker { var isNil: Bool { self == nil } }
