import Dispatch
import Foundation

/// A JSON document written straight to bytes: the bytes `JSONEncoder` writes with
/// `outputFormatting = [.sortedKeys, .withoutEscapingSlashes]` for the same values (no
/// whitespace, object members sorted by key, `/` not escaped), without `Encodable`.
///
/// Why hand-written: `ar-segment kmeans` at 1M rows spent about 40% of its CPU time in
/// `JSONEncoder` (an intermediate value per label and id, retain/release, dynamic casts;
/// `perf`, issue 16). Row-sized arrays have their own cases (`integers`, `doubles`,
/// `strings`) so that no `JSONValue` is made per element; the whole document is measured
/// first and written once into an array of exactly that size.
///
/// Formatting rules, each the encoder's own (`JSONValueTests` compares every case with
/// `JSONEncoder` on varied and random data):
/// - integers in decimal, `-` for negatives;
/// - a `Double` as its shortest round-trip `description` with a trailing `.0` removed
///   (`1e+16`, `1e-05`, `0.1`, `100`, `-0`); a NaN or an infinity throws, as the encoder's
///   default `nonConformingFloatEncodingStrategy` does;
/// - strings as their UTF-8 bytes between quotes, escaping `"` and `\` with a backslash,
///   U+0008, U+000C, LF, CR and tab as `\b \f \n \r \t`, the other control characters below
///   U+0020 as `\u00xx` (lowercase hex); everything else, DEL and non-ASCII included, as is;
/// - object members in the byte order of their keys' UTF-8, which is the encoder's order for
///   the keys tested (ASCII letters, digits and `_`, and non-ASCII after them).
public indirect enum JSONValue: Sendable {
    case bool(Bool)
    case int(Int)
    case unsigned(UInt64)
    case double(Double)
    case string(String)
    /// An array of integers (one case for the whole array: row-sized arrays stay cheap).
    case integers([Int])
    /// An array of numbers.
    case doubles([Double])
    /// An array of arrays of numbers (a matrix's rows).
    case doubleRows([[Double]])
    /// An array of strings.
    case strings([String])
    case array([JSONValue])
    /// An object; written with its members sorted by key (`object(_:)` builds one).
    case members([(key: String, value: JSONValue)])

    /// An object of the non-nil `members` (a nil value leaves its key out, as synthesized
    /// `Encodable` conformances do with `encodeIfPresent`). A key given twice is a
    /// programming error.
    public static func object(_ members: KeyValuePairs<String, JSONValue?>) -> JSONValue {
        .members(members.compactMap { key, value in value.map { (key: key, value: $0) } })
    }

    /// The document's bytes, followed by a line feed when `newline`.
    /// - Throws: `JSONValue.NonFiniteNumber` for a NaN or infinite `Double`.
    public func bytes(newline: Bool = false) throws -> [UInt8] {
        let total = try size() + (newline ? 1 : 0)
        return [UInt8](unsafeUninitializedCapacity: total) { buffer, count in
            var out = JSONOutput(base: buffer.baseAddress!)
            write(into: &out)
            if newline { out.put(UInt8(ascii: "\n")) }
            precondition(out.count == total, "JSON size \(out.count) != \(total)")
            count = total
        }
    }

    /// A `Double` JSON cannot represent.
    public struct NonFiniteNumber: Error, CustomStringConvertible, Sendable {
        public var value: Double
        public var description: String { "Unable to encode Double.\(value) directly in JSON." }
    }

    // MARK: Measuring

    /// Bytes of the value as written; checks every number is finite.
    private func size() throws -> Int {
        switch self {
        case .bool(let value): return value ? 4 : 5
        case .int(let value): return JSONOutput.digitCount(value)
        case .unsigned(let value): return JSONOutput.digitCount(value)
        case .double(let value): return try JSONOutput.numberText(value).utf8.count
        case .string(let value): return JSONOutput.size(of: value)
        case .integers(let values):
            return Self.bracketsAndCommas(values.count) + JSONOutput.total(values, JSONOutput.digitCount)
        case .doubles(let values): return try Self.size(of: values)
        case .doubleRows(let rows):
            return try rows.reduce(Self.bracketsAndCommas(rows.count)) { $0 + (try Self.size(of: $1)) }
        case .strings(let values):
            return Self.bracketsAndCommas(values.count) + JSONOutput.total(values, JSONOutput.size(of:))
        case .array(let values):
            return try values.reduce(Self.bracketsAndCommas(values.count)) { $0 + (try $1.size()) }
        case .members(let members):
            // `{`, `}`, commas, and per member the quoted key and a colon.
            return try members.reduce(Self.bracketsAndCommas(members.count)) {
                $0 + JSONOutput.size(of: $1.key) + 1 + (try $1.value.size())
            }
        }
    }

    private static func size(of values: [Double]) throws -> Int {
        try values.reduce(bracketsAndCommas(values.count)) { $0 + (try JSONOutput.numberText($1)).utf8.count }
    }

    /// `[`, `]` (or `{`, `}`) and the commas between `count` elements.
    private static func bracketsAndCommas(_ count: Int) -> Int { 2 + max(count - 1, 0) }

    // MARK: Writing

    /// Writes the value; `size()` has checked the numbers and sized `out`.
    private func write(into out: inout JSONOutput) {
        switch self {
        case .bool(let value): out.put(value ? "true" : "false")
        case .int(let value): out.put(value)
        case .unsigned(let value): out.put(value)
        case .double(let value): out.put(number: value)
        case .string(let value): out.put(string: value)
        case .integers(let values): out.putRowArray(values, measure: JSONOutput.digitCount) { $0.put($1) }
        case .doubles(let values): out.putArray(values) { $0.put(number: $1) }
        case .doubleRows(let rows): out.putArray(rows) { out, row in out.putArray(row) { $0.put(number: $1) } }
        case .strings(let values): out.putRowArray(values, measure: JSONOutput.size(of:)) { $0.put(string: $1) }
        case .array(let values): out.putArray(values) { $1.write(into: &$0) }
        case .members(let members):
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            for (index, member) in sorted.enumerated().dropFirst() {
                precondition(sorted[index - 1].key != member.key, "JSON key '\(member.key)' given twice")
            }
            out.put(UInt8(ascii: "{"))
            for (index, member) in sorted.enumerated() {
                if index > 0 { out.put(UInt8(ascii: ",")) }
                out.put(string: member.key)
                out.put(UInt8(ascii: ":"))
                member.value.write(into: &out)
            }
            out.put(UInt8(ascii: "}"))
        }
    }
}

/// The write position in a buffer that `JSONValue.size()` has sized: bytes are stored through
/// a pointer (appending to an array byte by byte checks its uniqueness and capacity per byte,
/// which was most of the cost at 1M rows).
private struct JSONOutput {
    let base: UnsafeMutablePointer<UInt8>
    var count = 0

    init(base: UnsafeMutablePointer<UInt8>) { self.base = base }

    @inline(__always)
    mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func put(_ text: StaticString) {
        put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    mutating func putArray<C: Collection>(_ elements: C, _ body: (inout JSONOutput, C.Element) -> Void) {
        put(UInt8(ascii: "["))
        var first = true
        for element in elements {
            if !first { put(UInt8(ascii: ",")) }
            first = false
            body(&self, element)
        }
        put(UInt8(ascii: "]"))
    }

    // MARK: Row-sized arrays on two threads

    /// Row-sized arrays (labels, ids) of at least this many elements are measured and written in
    /// two halves on two threads when the process has two cores. At 1M rows the labels and ids
    /// were ~15% of `kmeans --n-init 1 --max-iter 1`'s instructions beyond `pca`'s, all on one
    /// core after the fit (issue 16's fixed cost).
    static let halvesMinimum = 1 << 16

    static var splitsInHalves: Bool { ProcessInfo.processInfo.activeProcessorCount > 1 }

    /// `sum measure(v)` over `values`, each half on its own thread when long (integer sums: the
    /// order does not matter).
    static func total<E: Sendable>(_ values: [E], _ measure: @Sendable (E) -> Int) -> Int {
        guard values.count >= halvesMinimum, splitsInHalves else { return values.reduce(0) { $0 + measure($1) } }
        let half = values.count / 2
        let sums = UnsafeMutablePointer<Int>.allocate(capacity: 2)
        defer { sums.deallocate() }
        // Shared without Sendable checking, safely: each half writes only its own slot, and
        // concurrentPerform returns after both.
        nonisolated(unsafe) let slots = sums
        let body: @Sendable (Int) -> Void = { part in
            var sum = 0
            for i in (part == 0 ? 0..<half : half..<values.count) { sum += measure(values[i]) }
            slots[part] = sum
        }
        DispatchQueue.concurrentPerform(iterations: 2, execute: body)
        return sums[0] + sums[1]
    }

    /// `putArray(values, write)`, the same bytes; a long array in two halves on two threads: the
    /// first half written from the array's start while the second thread measures the first half
    /// (`measure(v)` bytes per element plus its commas) and then writes the second half from
    /// there, each of its elements after a comma.
    mutating func putRowArray<E: Sendable>(_ values: [E], measure: @Sendable (E) -> Int,
                                           write: @Sendable (inout JSONOutput, E) -> Void) {
        guard values.count >= Self.halvesMinimum, Self.splitsInHalves else {
            putArray(values, write)
            return
        }
        put(UInt8(ascii: "["))
        let half = values.count / 2, start = count
        let end = UnsafeMutablePointer<Int>.allocate(capacity: 1)
        defer { end.deallocate() }
        // Shared without Sendable checking, safely: the halves write disjoint byte ranges of the
        // buffer `size()` sized (the second starts where the first ends, measured exactly), the
        // second thread alone writes `end`, and concurrentPerform returns after both.
        nonisolated(unsafe) let bytes = base, secondEnd = end
        let body: @Sendable (Int) -> Void = { part in
            if part == 0 {
                var first = JSONOutput(base: bytes)
                first.count = start
                for i in 0..<half {
                    if i > 0 { first.put(UInt8(ascii: ",")) }
                    write(&first, values[i])
                }
            } else {
                var offset = start + half - 1   // the first half's commas
                for i in 0..<half { offset += measure(values[i]) }
                var second = JSONOutput(base: bytes)
                second.count = offset
                for i in half..<values.count {
                    second.put(UInt8(ascii: ","))
                    write(&second, values[i])
                }
                secondEnd[0] = second.count
            }
        }
        DispatchQueue.concurrentPerform(iterations: 2, execute: body)
        count = end[0]
        put(UInt8(ascii: "]"))
    }

    // MARK: Integers

    /// Characters of `value` in decimal, its sign included.
    static func digitCount(_ value: Int) -> Int {
        digitCount(UInt64(value.magnitude)) + (value < 0 ? 1 : 0)
    }

    static func digitCount(_ value: UInt64) -> Int {
        var magnitude = value, count = 1
        while magnitude >= 10 { magnitude /= 10; count += 1 }
        return count
    }

    mutating func put(_ value: Int) {
        if value < 0 { put(UInt8(ascii: "-")) }
        put(UInt64(value.magnitude))
    }

    /// Digits from the right, straight into their place.
    mutating func put(_ value: UInt64) {
        let digits = Self.digitCount(value)
        var magnitude = value
        var position = count + digits - 1
        while position >= count {
            base[position] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
            position -= 1
        }
        count += digits
    }

    // MARK: Numbers

    /// `JSONEncoder`'s text for a finite `Double`: `description` without a trailing `.0`.
    static func numberText(_ value: Double) throws -> String {
        guard value.isFinite else { throw JSONValue.NonFiniteNumber(value: value) }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return text
    }

    mutating func put(number value: Double) {
        // Finite: checked by `size()` before anything was written.
        var text = (try? Self.numberText(value)) ?? ""
        text.withUTF8 { put($0) }
    }

    // MARK: Strings

    /// `true` for the bytes written escaped: below 0x20, `"` and `\`.
    @inline(__always)
    private static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    /// Length of the escape sequence for a byte that `needsEscape`.
    @inline(__always)
    private static func escapeLength(_ byte: UInt8) -> Int {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), 0x08, 0x0C, 0x0A, 0x0D, 0x09: return 2
        default: return 6
        }
    }

    /// The offset of the first byte of `utf8[from...]` that `needsEscape`, or `utf8.count`:
    /// eight bytes at a time (1M ids at 1M rows; a byte loop was most of the writing). Per
    /// byte of a word, the high bit of `(v - 0x20) & ~v` flags a byte below 0x20 and that of
    /// `(v ^ c) - 0x01) & ~(v ^ c)` a byte equal to `c`; a borrow only reaches bytes above
    /// the first flagged one, so the lowest flag is exact.
    @inline(__always)
    static func firstEscape(_ utf8: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        if let base = utf8.baseAddress {
            while utf8.count - i >= 8 {
                let v = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                let quote = v ^ 0x2222_2222_2222_2222, backslash = v ^ 0x5C5C_5C5C_5C5C_5C5C
                let flags = ((v &- 0x2020_2020_2020_2020) & ~v
                             | (quote &- 0x0101_0101_0101_0101) & ~quote
                             | (backslash &- 0x0101_0101_0101_0101) & ~backslash) & 0x8080_8080_8080_8080
                if flags != 0 { return i + (flags.trailingZeroBitCount >> 3) }
                i += 8
            }
        }
        while i < utf8.count, !needsEscape(utf8[i]) { i += 1 }
        return i
    }

    /// Bytes of `text` as a quoted JSON string.
    static func size(of text: String) -> Int {
        var text = text
        return text.withUTF8 { utf8 in
            var total = utf8.count + 2
            var index = firstEscape(utf8, from: 0)
            while index < utf8.count {
                total += escapeLength(utf8[index]) - 1
                index = firstEscape(utf8, from: index + 1)
            }
            return total
        }
    }

    mutating func put(string text: String) {
        var text = text
        text.withUTF8 { utf8 in
            put(UInt8(ascii: "\""))
            var plainStart = 0
            var index = Self.firstEscape(utf8, from: 0)
            while index < utf8.count {
                let byte = utf8[index]
                put(UnsafeBufferPointer(rebasing: utf8[plainStart..<index]))
                plainStart = index + 1
                index = Self.firstEscape(utf8, from: index + 1)
                put(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): put(byte)
                case 0x08: put(UInt8(ascii: "b"))
                case 0x0C: put(UInt8(ascii: "f"))
                case 0x0A: put(UInt8(ascii: "n"))
                case 0x0D: put(UInt8(ascii: "r"))
                case 0x09: put(UInt8(ascii: "t"))
                default:
                    let hex = Array("0123456789abcdef".utf8)
                    put("u00")
                    put(hex[Int(byte >> 4)])
                    put(hex[Int(byte & 0x0F)])
                }
            }
            put(UnsafeBufferPointer(rebasing: utf8[plainStart...]))
            put(UInt8(ascii: "\""))
        }
    }
}
