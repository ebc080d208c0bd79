#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// The record and field state machine shared by the whole-file reader (`CSVReader`) and the
/// streaming reader (`CSVStream`): splits records and fields, checks the structure and
/// records field end offsets.
///
/// Every function takes `final`: true when `b` ends where the file ends. When it is false,
/// a function that would need a byte past `b.count` to decide (the rest of a record, whether
/// a quote is doubled, whether a CR is followed by LF, the 20 bytes quoted in an error, or
/// whether blank lines run to the end of the file) returns nil instead, and the caller
/// retries with more bytes. So a stream gives the same records and the same first error as
/// one pass over the whole file, whatever its chunk boundaries.
enum CSVScanner {
    static let quote = UInt8(ascii: "\"")
    static let comma = UInt8(ascii: ",")
    static let newline = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")

    /// Records found by one scan.
    struct Rows {
        /// Offset of the first byte of each record.
        var starts: [Int] = []
        /// Exclusive end of each field relative to its record's start, row-major.
        var fieldEnds: [UInt32] = []
        /// Physical start line of each record, or nil when record `r` starts on `firstLine + r`.
        var startLines: [Int]?
        /// The physical line of the first record when `startLines` is nil.
        var firstLine = 2
        /// The columns whose numbers the fused pass (`scanAndParseInPieces`) parsed into
        /// `values` while scanning these rows, or nil.
        var parsedColumns: [Int]?
        /// With `parsedColumns`: the numbers, row-major, `parsedColumns.count` per row (the
        /// storage may hold more elements than `count` rows need).
        var values: [Double] = []
        /// Records set aside by a scan that sets misfits aside (`scanRows(settingAsideMisfits:)`).
        var misfits: [CSVMisfit] = []

        /// Empties the rows for a scan starting on `line`, keeping the storage.
        mutating func reset(firstLine line: Int) {
            starts.removeAll(keepingCapacity: true)
            fieldEnds.removeAll(keepingCapacity: true)
            startLines = nil
            firstLine = line
            parsedColumns = nil
            misfits.removeAll()
        }

        var count: Int { starts.count }

        /// 1-based physical line of record `row`.
        func line(ofRow row: Int) -> Int { startLines?[row] ?? firstLine + row }
    }

    /// Scans the records in `b[from..<end]` (`from` is a record start, `end` a record end or
    /// `b.count`); `line` is the physical line at `from`. Appends to `rows`. Returns where the
    /// scan stopped (`end`, `b.count` after blank tail lines, or the start of a record that
    /// needs bytes past `b.count` when not `final`) and the line there.
    ///
    /// With `settingAsideMisfits`, a record with the wrong number of fields (or a blank line)
    /// that lies on one physical line goes to `rows.misfits` instead of being an error: its
    /// neighbours' boundaries do not depend on it. One that spans lines (a quote opened by
    /// mistake that closes lines later) is still an error, as is an unterminated quote: then
    /// the records around it cannot be told apart.
    static func scanRows(_ b: UnsafeBufferPointer<UInt8>, from: Int, to end: Int, final: Bool, columns: Int,
                         line: Int, path: String, delimiter: UInt8 = comma, settingAsideMisfits: Bool = false,
                         into rows: inout Rows) throws -> (stop: Int, line: Int) {
        var p = from
        var line = line
        while p < end {
            guard let blank = isBlankTail(b, from: p, final: final) else { break }
            if blank { return (b.count, line) }
            let start = p
            let startLine = line
            let before = rows.fieldEnds.count
            guard let next = try record(b, from: p, final: final, line: &line, into: &rows.fieldEnds, path: path,
                                        delimiter: delimiter) else {
                rows.fieldEnds.removeSubrange(before...)
                return (start, startLine)
            }
            p = next
            let found = rows.fieldEnds.count - before
            if found != columns {
                let blank = found == 1 && rows.fieldEnds[before] == 0
                let terminated = b[next - 1] == newline
                if settingAsideMisfits, line - startLine == (terminated ? 1 : 0) {
                    var stop = next
                    if terminated { stop -= stop - 1 > start && b[stop - 2] == carriageReturn ? 2 : 1 }
                    rows.misfits.append(CSVMisfit(path: path, line: startLine, expected: columns, found: blank ? 0 : found,
                                                  text: String(decoding: UnsafeBufferPointer(rebasing: b[start..<stop]), as: UTF8.self)))
                    rows.fieldEnds.removeSubrange(before...)
                    continue
                }
                throw InputError(file: path, line: startLine,
                                 message: "expected \(columns) fields, found \(blank ? "a blank line" : String(found))")
            }
            if startLine != rows.firstLine + rows.starts.count, rows.startLines == nil {
                rows.startLines = (0..<rows.starts.count).map { $0 + rows.firstLine }
            }
            if rows.starts.isEmpty {
                // Reserve from the first record's length (plus 10%) to avoid regrowing.
                let estimate = (end - from) / max(p - start, 1) + (end - from) / max(p - start, 1) / 10 + 16
                rows.starts.reserveCapacity(estimate)
                rows.fieldEnds.reserveCapacity(estimate * columns)
            }
            rows.starts.append(start)
            rows.startLines?.append(startLine)
        }
        return (p, line)
    }

    /// Empty scan results for `scanInPieces`: four pieces per core, so that a core the
    /// scheduler holds up leaves less work waiting.
    static func pieces() -> [Rows] {
        [Rows](repeating: Rows(), count: 4 * max(ProcessInfo.processInfo.activeProcessorCount, 1))
    }

    /// Scans the complete records of `b[from...]` (they end at its last line end, or at
    /// `b.count` when `final`) in `parts.count` pieces cut at line ends, on all cores.
    /// Without quotes every line is one record, so each piece's lines are regular and the
    /// pieces follow each other: `parts[k]` gets piece `k`'s records, numbered on from `line`.
    /// Returns where the records end and their count, or nil (the caller scans sequentially)
    /// for fewer than `minimumBytes` bytes, a single core, any quote, or when any piece finds
    /// a problem, so that errors always come from the sequential scan with their exact line.
    static func scanInPieces(_ b: UnsafeBufferPointer<UInt8>, from: Int, final: Bool, columns: Int, line: Int,
                             path: String, minimumBytes: Int, delimiter: UInt8 = comma,
                             into parts: inout [Rows]) -> (stop: Int, rows: Int)? {
        guard ProcessInfo.processInfo.activeProcessorCount > 1, b.count - from >= max(minimumBytes, 2),
              memchr(b.baseAddress! + from, Int32(quote), b.count - from) == nil else { return nil }
        var end = b.count
        if !final {
            while end > from, b[end - 1] != newline { end -= 1 }
        }
        var cuts = [from]
        for piece in 1..<parts.count {
            var cut = max(from + (end - from) * piece / parts.count, cuts[piece - 1] + 1)
            while cut < end, b[cut - 1] != newline { cut += 1 }
            cuts.append(cut)
        }
        cuts.append(end)
        let bounds = cuts
        guard zip(bounds, bounds.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        var ok = [Bool](repeating: false, count: parts.count)
        let last = parts.count - 1
        parts.withUnsafeMutableBufferPointer { results in
            ok.withUnsafeMutableBufferPointer { flags in
                // Shared without Sendable checking, safely: every piece only reads `bytes` (which
                // the caller keeps alive and unchanged for the call) and writes only its own
                // `output[piece]` and `done[piece]`; concurrentPerform returns after all pieces.
                nonisolated(unsafe) let bytes = b
                nonisolated(unsafe) let output = results
                nonisolated(unsafe) let done = flags
                DispatchQueue.concurrentPerform(iterations: output.count) { piece in
                    output[piece].reset(firstLine: 0)
                    // Only the last piece can reach the end of the file. Line numbers start
                    // at 0 here: without quotes or blank lines `startLines` stays nil, and the
                    // real first lines are set below.
                    if let (stop, _) = try? scanRows(bytes, from: bounds[piece], to: bounds[piece + 1],
                                                     final: final && piece == last, columns: columns,
                                                     line: 0, path: path, delimiter: delimiter, into: &output[piece]),
                       stop == bounds[piece + 1] || (piece == last && stop == bytes.count),
                       output[piece].startLines == nil {
                        done[piece] = true
                    }
                }
            }
        }
        guard ok.allSatisfy({ $0 }) else { return nil }
        var rows = 0
        for piece in parts.indices {
            parts[piece].firstLine = line + rows
            rows += parts[piece].count
        }
        return (end, rows)
    }

    /// `true` when only line ends remain from `p` on (trailing blank lines are ignored);
    /// nil when they run to `b.count` but the file may go on.
    static func isBlankTail(_ b: UnsafeBufferPointer<UInt8>, from p: Int, final: Bool) -> Bool? {
        guard b[p] == newline || b[p] == carriageReturn else { return false }
        guard b[p...].allSatisfy({ $0 == newline || $0 == carriageReturn }) else { return false }
        return final ? true : nil
    }

    /// The header's unescaped names, checked non-empty and unique; `ends` are the header
    /// record's field ends relative to `start`.
    /// With `allowingDuplicates` a repeated name is kept (the caller refuses to use it).
    static func headerNames(_ b: UnsafeBufferPointer<UInt8>, start: Int, ends: [UInt32], path: String,
                            allowingDuplicates: Bool = false) throws -> [String] {
        var seen = Set<String>()
        var names: [String] = []
        var begin = start
        for (index, end) in ends.enumerated() {
            let stop = start + Int(end)
            let name = unescape(UnsafeBufferPointer(rebasing: b[begin..<stop]))
            if name.isEmpty {
                throw InputError(file: path, line: 1, message: "column \(index + 1) has an empty name")
            }
            if !seen.insert(name).inserted, !allowingDuplicates {
                throw InputError(file: path, line: 1, column: name, message: "duplicate column name")
            }
            names.append(name)
            begin = stop + 1
        }
        return names
    }

    /// Scans one record starting at `start`; appends each field's end (relative to
    /// `start`) to `ends`; advances `line` past every line break it consumes and
    /// returns the offset after the record's line end (nil: see the type's documentation;
    /// `ends` and `line` are then partly advanced and the caller restores them).
    /// Static so that passing `&fieldEnds` does not also retain a copy of the
    /// array, which would force a copy of it on every append.
    /// `delimiter` separates fields (a comma unless a source says otherwise, e.g. `;`).
    static func record(_ b: UnsafeBufferPointer<UInt8>, from start: Int, final: Bool, line: inout Int,
                       into ends: inout [UInt32], path: String, delimiter: UInt8 = comma) throws -> Int? {
        let n = b.count
        // The eight-bytes-at-a-time skip relies on every special byte being at most ','.
        let wordSkip = delimiter <= comma
        let recordLine = line
        var p = start
        while true {
            if p < n, b[p] == quote {
                let quoteLine = line
                p += 1
                while true {
                    guard p < n else {
                        if !final { return nil }
                        throw InputError(file: path, line: quoteLine, message: "unterminated quoted field")
                    }
                    let c = b[p]
                    if c == quote {
                        if p + 1 < n {
                            if b[p + 1] == quote { p += 2; continue }
                        } else if !final {
                            return nil
                        }
                        p += 1
                        break
                    }
                    if c == newline { line += 1 }
                    p += 1
                }
                if p < n, b[p] != delimiter, b[p] != newline,
                   !(b[p] == carriageReturn && p + 1 < n && b[p + 1] == newline) {
                    guard final || (b[p] != carriageReturn || p + 1 < n) && snippetIsComplete(b, at: p) else { return nil }
                    throw InputError(file: path, line: line, value: snippet(b, at: p),
                                     message: "unexpected text after a closing quote")
                }
                if p == n, !final { return nil }
            } else {
                while p < n {
                    if wordSkip, n - p >= 8 {
                        // Eight bytes at a time: flag bytes below 0x2D (',' and everything
                        // special is at most ','); the lowest flag is exact, so jump to it.
                        let v = UInt64(littleEndian: UnsafeRawPointer(b.baseAddress! + p).loadUnaligned(as: UInt64.self))
                        let below = (v &- 0x2D2D_2D2D_2D2D_2D2D) & ~v & 0x8080_8080_8080_8080
                        if below == 0 { p += 8; continue }
                        p += below.trailingZeroBitCount / 8
                    }
                    let c = b[p]
                    // One comparison rejects every byte above ',' before the exact checks.
                    if c <= comma || c == delimiter {
                        if c == delimiter || c == newline { break }
                        if c == carriageReturn {
                            if p + 1 < n {
                                if b[p + 1] == newline { break }
                            } else if !final {
                                return nil
                            }
                        }
                        if c == quote {
                            guard final || snippetIsComplete(b, at: p) else { return nil }
                            throw InputError(file: path, line: line, value: snippet(b, at: p),
                                             message: "quote inside an unquoted field (quote the whole field and double the quote)")
                        }
                    }
                    p += 1
                }
                if p == n, !final { return nil }
            }
            let length = p - start
            guard length < Int(UInt32.max) else {
                throw InputError(file: path, line: recordLine, message: "record longer than 4 GiB")
            }
            ends.append(UInt32(truncatingIfNeeded: length))
            if p < n, b[p] == delimiter { p += 1; continue }
            if p < n {
                p += b[p] == carriageReturn ? 2 : 1
                line += 1
            }
            return p
        }
    }

    /// The length of the text `snippet(b, at: p)` quotes.
    private static let snippetLength = 20

    /// `true` when `b` holds all of the snippet at `p` (its 20 bytes or a line end before them).
    private static func snippetIsComplete(_ b: UnsafeBufferPointer<UInt8>, at p: Int) -> Bool {
        p + snippetLength <= b.count || b[p...].contains(newline)
    }

    /// A short piece of text at `p` for an error message.
    private static func snippet(_ b: UnsafeBufferPointer<UInt8>, at p: Int) -> String {
        let end = min(b.count, p + snippetLength)
        var stop = p
        while stop < end, b[stop] != newline { stop += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: b[p..<stop]), as: UTF8.self)
    }

    /// Byte range of field `column` of the record at `recordStart` whose field ends start at
    /// `fieldEnds[firstField]`, quotes included for a quoted field.
    @inline(__always)
    static func fieldRange(recordStart: Int, fieldEnds: [UInt32], firstField: Int, column: Int) -> Range<Int> {
        let end = recordStart &+ Int(fieldEnds[firstField &+ column])
        let begin = column == 0 ? recordStart : recordStart &+ Int(fieldEnds[firstField &+ column &- 1]) &+ 1
        return begin..<end
    }

    /// `true` for an empty raw field (`` or `""`).
    static func isEmpty(_ raw: UnsafeBufferPointer<UInt8>) -> Bool {
        raw.isEmpty || (raw.count == 2 && raw[0] == quote)
    }

    /// Calls `body` with the decoded bytes of a raw field (as `unescape`, without making a
    /// `String` or repairing invalid UTF-8): the bytes in place unless the field holds `""`.
    static func withUnescaped<R>(_ raw: UnsafeBufferPointer<UInt8>,
                                 _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        guard raw.count >= 2, raw[0] == quote else { return try body(raw) }
        let inner = UnsafeBufferPointer(rebasing: raw[1..<(raw.count - 1)])
        guard inner.contains(quote) else { return try body(inner) }
        var out = [UInt8]()
        out.reserveCapacity(inner.count)
        var k = 0
        while k < inner.count {
            out.append(inner[k])
            k += inner[k] == quote ? 2 : 1
        }
        return try out.withUnsafeBufferPointer(body)
    }

    /// Decodes a raw field: a field starting with a quote is quoted (the reader
    /// rejects quotes inside unquoted fields), so strip the outer quotes and halve `""`.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.count >= 2, raw[0] == quote else {
            return String(decoding: raw, as: UTF8.self)
        }
        let inner = UnsafeBufferPointer(rebasing: raw[1..<(raw.count - 1)])
        guard inner.contains(quote) else { return String(decoding: inner, as: UTF8.self) }
        var out = [UInt8]()
        out.reserveCapacity(inner.count)
        var k = 0
        while k < inner.count {
            out.append(inner[k])
            // The reader guarantees quotes inside a quoted field come in pairs.
            k += inner[k] == quote ? 2 : 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// A record set aside by a stream that sets misfits aside (`CSVStream.settingAsideMisfits`):
/// on one physical line, with another number of fields than the header (or a blank line).
public struct CSVMisfit: Sendable, Equatable {
    public var path: String
    /// Its physical line (1-based).
    public var line: Int
    /// The header's field count, and the record's (0 for a blank line).
    public var expected: Int, found: Int
    /// The line as written, without its line end.
    public var text: String

    /// `FILE:LINE: expected N fields, found M (TEXT)`, as the error the record would have been.
    public var error: InputError {
        InputError(file: path, line: line, value: text,
                   message: "expected \(expected) fields, found \(found == 0 ? "a blank line" : String(found))")
    }
}
