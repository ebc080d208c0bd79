import Segmentation
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
    ///
    /// Sized exactly first, then written through a pointer: appending byte by byte to an
    /// array checks its uniqueness and capacity per byte, which was most of this at 1M rows.
    public func bytes() throws -> [UInt8] {
        let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        for (index, member) in sorted.enumerated().dropFirst() {
            precondition(sorted[index - 1].key != member.key, "JSON key '\(member.key)' given twice")
        }
        // Keys and strings that need escaping, encoded by JSONEncoder: (member, element) -> bytes,
        // element -1 for the key.
        var escaped = [[Int: [UInt8]]](repeating: [:], count: sorted.count)
        var total = 2 + max(sorted.count - 1, 0)
        for (m, member) in sorted.enumerated() {
            total += 1 + (try size(of: member.key, escaped: &escaped[m], element: -1))
            switch member.value {
            case .encoded(let bytes): total += bytes.count
            case .integers(let values):
                total += 2 + max(values.count - 1, 0)
                for value in values { total += Self.digitCount(value) }
            case .strings(let values):
                total += 2 + max(values.count - 1, 0)
                var escapes: [Int: [UInt8]] = [:]
                for (k, value) in values.enumerated() { total += try size(of: value, escaped: &escapes, element: k) }
                escaped[m].merge(escapes) { first, _ in first }
            }
        }
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            let out = buffer.baseAddress!
            var at = 0
            @inline(__always) func put(_ byte: UInt8) { out[at] = byte; at += 1 }
            func putString(_ text: String, member: Int, element: Int) {
                if !escaped[member].isEmpty, let bytes = escaped[member][element] {
                    bytes.withUnsafeBufferPointer { (out + at).update(from: $0.baseAddress!, count: $0.count) }
                    at += bytes.count
                    return
                }
                put(UInt8(ascii: "\""))
                var text = text
                text.withUTF8 { (out + at).update(from: $0.baseAddress!, count: $0.count); at += $0.count }
                put(UInt8(ascii: "\""))
            }
            put(UInt8(ascii: "{"))
            for (m, member) in sorted.enumerated() {
                if m > 0 { put(UInt8(ascii: ",")) }
                putString(member.key, member: m, element: -1)
                put(UInt8(ascii: ":"))
                switch member.value {
                case .encoded(let bytes):
                    bytes.withUnsafeBufferPointer { (out + at).update(from: $0.baseAddress!, count: $0.count) }
                    at += bytes.count
                case .integers(let values):
                    put(UInt8(ascii: "["))
                    for (k, value) in values.enumerated() {
                        if k > 0 { put(UInt8(ascii: ",")) }
                        // Digits from the right, into their exact place.
                        if value < 0 { put(UInt8(ascii: "-")) }
                        var magnitude = value.magnitude
                        let digits = Self.digitCount(value) - (value < 0 ? 1 : 0)
                        for position in stride(from: at + digits - 1, through: at, by: -1) {
                            out[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                            magnitude /= 10
                        }
                        at += digits
                    }
                    put(UInt8(ascii: "]"))
                case .strings(let values):
                    put(UInt8(ascii: "["))
                    for (k, value) in values.enumerated() {
                        if k > 0 { put(UInt8(ascii: ",")) }
                        putString(value, member: m, element: k)
                    }
                    put(UInt8(ascii: "]"))
                }
            }
            put(UInt8(ascii: "}"))
            precondition(at == total, "JSON size \(at) != \(total)")
            count = at
        }
    }

    /// Characters of `value` in decimal, its sign included.
    private static func digitCount(_ value: Int) -> Int {
        var magnitude = value.magnitude, count = value < 0 ? 2 : 1
        while magnitude >= 10 { magnitude /= 10; count += 1 }
        return count
    }

    /// Bytes of `text` as a JSON string. Printable ASCII other than `"` and `\` is written as
    /// is (what `JSONEncoder` writes for it); anything else is encoded by `JSONEncoder` here,
    /// kept in `escaped[element]`, so its escaping is the encoder's.
    private func size(of text: String, escaped: inout [Int: [UInt8]], element: Int) throws -> Int {
        var text = text
        let plain = text.withUTF8 { utf8 in
            utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }
        }
        if plain { return text.utf8.count + 2 }
        let bytes = Array(try encoder.encode(text))
        escaped[element] = bytes
        return bytes.count
    }
}

/// Lets `add(_:_:)` recognise a nil optional behind a generic `Encodable`.
private protocol OptionalMarker { var isNil: Bool { get } }
extension Optional: OptionalMarker { var isNil: Bool { self == nil } }
