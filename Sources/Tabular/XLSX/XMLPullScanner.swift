#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A pull tokenizer for the XML of spreadsheet parts: the caller asks for the next token
/// and gets byte ranges into its own buffer, so nothing is allocated per element.
///
/// Why not Foundation's `XMLParser`: it is SAX-style (it calls a delegate for every element
/// and hands over a `String` per element name and a dictionary of attributes per element,
/// several allocations per cell), it cannot be paused at the end of a chunk, so a sheet would
/// have to be in memory whole or the parsing pushed onto another thread, and on Linux it goes
/// through libxml2 and NSString bridging, which makes it several times slower than scanning
/// the bytes. A worksheet of a million rows is a few hundred megabytes of very regular XML
/// (`<row><c r="A2" t="s"><v>12</v></c>...`): finding `<` with `memchr` and reading the few
/// attributes we need is all it takes.
///
/// Scope (what spreadsheet writers produce): elements, attributes in `"` or `'`, text,
/// CDATA sections, comments and processing instructions (skipped). A DOCTYPE is refused:
/// no part of an OOXML package has one, and refusing it rules out entity-expansion attacks.
/// Namespaces are not resolved; callers compare local names (after any `prefix:`).
///
/// Streaming: `next(_:final:)` returns nil when the buffer ends inside a token (text runs to
/// the next `<`, so an entity or UTF-8 sequence is never cut) and `final` is false; the caller
/// appends more bytes and calls again from `position`.
struct XMLPullScanner {
    /// One token; ranges index the buffer passed to `next`.
    enum Token: Equatable {
        /// `<name attributes>` or `<name attributes/>`; `attributes` is the raw text between.
        case start(name: Range<Int>, attributes: Range<Int>, selfClosing: Bool)
        /// `</name>`.
        case end(name: Range<Int>)
        /// Character data up to the next `<`, entities not yet decoded.
        case text(Range<Int>)
        /// The content of `<![CDATA[...]]>`, to be taken literally.
        case cdata(Range<Int>)
    }

    /// Malformed XML: what is wrong and the byte offset in the buffer (negative when unknown).
    struct SyntaxError: Error, Equatable {
        var message: String
        var offset: Int
    }

    /// Offset of the first byte not yet returned in a token.
    var position = 0

    private static let lt = UInt8(ascii: "<"), gt = UInt8(ascii: ">"), slash = UInt8(ascii: "/")

    /// The next token of `b` from `position`, or nil at the end of the bytes (when `final`) or
    /// when the rest of `b` holds only part of a token (when not `final`).
    /// - Throws: `SyntaxError` for markup that can never become well-formed.
    mutating func next(_ b: UnsafeBufferPointer<UInt8>, final: Bool) throws -> Token? {
        let n = b.count
        while position < n {
            let base = b.baseAddress!
            let start = position
            if base[start] != Self.lt {
                guard let lt = Self.find(Self.lt, b, from: start) else {
                    if !final { return nil }
                    position = n
                    return .text(start..<n)
                }
                position = lt
                return .text(start..<lt)
            }
            guard start + 1 < n else {
                if final { throw SyntaxError(message: "document ends inside a tag", offset: start) }
                return nil
            }
            switch base[start + 1] {
            case Self.slash:
                guard let gt = Self.find(Self.gt, b, from: start + 2) else { return try incomplete(final, start, "end tag") }
                var end = gt
                while end > start + 2, Self.isSpace(base[end - 1]) { end -= 1 }
                guard end > start + 2 else { throw SyntaxError(message: "end tag without a name", offset: start) }
                position = gt + 1
                return .end(name: (start + 2)..<end)
            case UInt8(ascii: "?"):
                guard let stop = Self.find("?>", b, from: start + 2) else { return try incomplete(final, start, "processing instruction") }
                position = stop + 2
            case UInt8(ascii: "!"):
                if Self.hasPrefix("<!--", b, at: start) {
                    guard let stop = Self.find("-->", b, from: start + 4) else { return try incomplete(final, start, "comment") }
                    position = stop + 3
                } else if Self.hasPrefix("<![CDATA[", b, at: start) {
                    guard let stop = Self.find("]]>", b, from: start + 9) else { return try incomplete(final, start, "CDATA section") }
                    position = stop + 3
                    return .cdata((start + 9)..<stop)
                } else if !final, n - start < 9 {
                    return nil
                } else {
                    throw SyntaxError(message: "DOCTYPE or unknown markup declaration (not allowed in a spreadsheet part)",
                                      offset: start)
                }
            default:
                return try startTag(b, final: final)
            }
        }
        return nil
    }

    /// A start tag at `position`: its end is the first `>` outside attribute quotes.
    private mutating func startTag(_ b: UnsafeBufferPointer<UInt8>, final: Bool) throws -> Token? {
        let start = position
        var p = start + 1
        var quote: UInt8 = 0
        while p < b.count {
            let c = b[p]
            if quote != 0 {
                if c == quote { quote = 0 }
            } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                quote = c
            } else if c == Self.gt {
                break
            }
            p += 1
        }
        guard p < b.count else { return try incomplete(final, start, "start tag") }
        let selfClosing = b[p - 1] == Self.slash && p - 1 > start + 1
        var nameEnd = start + 1
        while nameEnd < p, !Self.isSpace(b[nameEnd]), b[nameEnd] != Self.slash, b[nameEnd] != Self.gt { nameEnd += 1 }
        guard nameEnd > start + 1 else { throw SyntaxError(message: "start tag without a name", offset: start) }
        position = p + 1
        return .start(name: (start + 1)..<nameEnd, attributes: nameEnd..<(selfClosing ? p - 1 : p), selfClosing: selfClosing)
    }

    /// nil (wait for more bytes) or, at the end of the document, a syntax error.
    private func incomplete(_ final: Bool, _ start: Int, _ what: String) throws -> Token? {
        if final { throw SyntaxError(message: "unterminated \(what)", offset: start) }
        return nil
    }

    static func isSpace(_ c: UInt8) -> Bool {
        c == UInt8(ascii: " ") || c == UInt8(ascii: "\n") || c == UInt8(ascii: "\t") || c == UInt8(ascii: "\r")
    }

    /// Offset of the first `byte` at or after `from`, or nil.
    static func find(_ byte: UInt8, _ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard from < b.count, let hit = memchr(b.baseAddress! + from, Int32(byte), b.count - from) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(b.baseAddress!)
    }

    /// Offset of the first occurrence of the ASCII `pattern` at or after `from`, or nil.
    static func find(_ pattern: StaticString, _ b: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        let first = pattern.utf8Start[0]
        var p = from
        while let hit = find(first, b, from: p) {
            if hasPrefix(pattern, b, at: hit) { return hit }
            p = hit + 1
        }
        return nil
    }

    /// `true` when `b` holds the ASCII `pattern` at `offset`.
    static func hasPrefix(_ pattern: StaticString, _ b: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        let count = pattern.utf8CodeUnitCount
        guard offset + count <= b.count else { return false }
        return memcmp(b.baseAddress! + offset, pattern.utf8Start, count) == 0
    }

    /// `true` when the local part (after any `prefix:`) of the name at `range` is `name`.
    static func isNamed(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ name: StaticString) -> Bool {
        let count = name.utf8CodeUnitCount
        guard range.count >= count else { return false }
        let start = range.upperBound - count
        guard memcmp(b.baseAddress! + start, name.utf8Start, count) == 0 else { return false }
        return start == range.lowerBound || b[start - 1] == UInt8(ascii: ":")
    }

    /// Calls `body` with the name and the raw value (between the quotes, entities not decoded)
    /// of each attribute in `range` (the `attributes` of a start tag).
    /// - Throws: `SyntaxError` for text that is not `name="value"` pairs.
    static func forEachAttribute(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                                 _ body: (_ name: Range<Int>, _ value: Range<Int>) throws -> Void) throws {
        var p = range.lowerBound
        let end = range.upperBound
        while true {
            while p < end, isSpace(b[p]) { p += 1 }
            guard p < end else { return }
            let nameStart = p
            while p < end, !isSpace(b[p]), b[p] != UInt8(ascii: "=") { p += 1 }
            let nameEnd = p
            while p < end, isSpace(b[p]) { p += 1 }
            guard nameEnd > nameStart, p < end, b[p] == UInt8(ascii: "=") else {
                throw SyntaxError(message: "malformed attribute", offset: nameStart)
            }
            p += 1
            while p < end, isSpace(b[p]) { p += 1 }
            guard p < end, b[p] == UInt8(ascii: "\"") || b[p] == UInt8(ascii: "'") else {
                throw SyntaxError(message: "attribute value without quotes", offset: nameStart)
            }
            let quote = b[p]
            let valueStart = p + 1
            p = valueStart
            while p < end, b[p] != quote { p += 1 }
            guard p < end else { throw SyntaxError(message: "unterminated attribute value", offset: nameStart) }
            try body(nameStart..<nameEnd, valueStart..<p)
            p += 1
        }
    }

    /// The raw value of the attribute whose local name is `name`, or nil.
    static func attribute(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ name: StaticString) throws -> Range<Int>? {
        var found: Range<Int>?
        try forEachAttribute(b, range) { attributeName, value in
            if found == nil, isNamed(b, attributeName, name) { found = value }
        }
        return found
    }
}
