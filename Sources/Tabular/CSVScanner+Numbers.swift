import Dispatch
import Foundation

/// The fused scan-and-parse pass: records cut and their numeric fields parsed in one pass over
/// the bytes, for `CSVStream.readNumericColumns` on a quote-free run of records.
///
/// Why it exists (issue 16, measured with callgrind on the 1M x 16 numeric file): the general
/// path scans every record into field offsets (about 91 instructions per field) and then
/// parses each field from its offsets (about 215 per number: the grammar is validated in one
/// pass and the digits accumulated in a second). Here the parse itself finds the end of a
/// number, so the scan of a numeric field costs nothing beyond the parse, and the digits are
/// read once, eight at a time: about 210 instructions per number in all, against about 390
/// for the two passes (callgrind, 100k x 16 numeric file). The result is the same in every
/// respect: the same records, field offsets and line numbers (a chunk from this pass is
/// indistinguishable from a scanned one), and the same bits for every number, because only plain decimals of at most 19 digits
/// with a mantissa of at most 2^53 and at most 22 fraction digits are converted here, by
/// Clinger's exact path exactly as `StrictDecimal.parse` converts them (one IEEE division of
/// two exactly representable values); every other field is handed to `StrictDecimal.parse`.
/// Anything unusual (a field that is not a number, a wrong field count, a blank line, a record
/// longer than 4 GiB) makes the pass give up on the whole run; the caller then scans and
/// parses it the general way, which reports the error exactly as before.
extension CSVScanner {
    /// What to parse while scanning: field `f` of each record goes to element `position[f]` of
    /// the row (-1: not parsed, only skipped).
    struct NumberPlan {
        /// The parsed columns, in output order (as passed to `readNumericColumns`).
        let columns: [Int]
        /// Per field of a record: its element in the output row, or -1.
        let position: [Int]

        /// nil when a column repeats or is out of range (the general path handles those).
        init?(columns: [Int], fields: Int) {
            var position = [Int](repeating: -1, count: fields)
            for (k, column) in columns.enumerated() {
                guard column >= 0, column < fields, position[column] < 0 else { return nil }
                position[column] = k
            }
            self.columns = columns
            self.position = position
        }
    }

    /// Scans and parses the complete records of `b[from...]` (as `scanInPieces`: they end at
    /// its last line end, or at `b.count` when `final`) in up to `parts.count` pieces on all
    /// cores. `parts[k]` gets piece `k`'s records and, in `values`, their numbers
    /// (`parsedColumns` set to the plan's columns). Returns where the records end, their count
    /// and the number of pieces used; nil (nothing is assumed) for fewer than `minimumBytes`
    /// bytes, any quote, or any record the pass does not handle.
    static func scanAndParseInPieces(_ b: UnsafeBufferPointer<UInt8>, from: Int, final: Bool, columns: Int,
                                     line: Int, minimumBytes: Int, delimiter: UInt8, plan: NumberPlan,
                                     into parts: inout [Rows]) -> (stop: Int, rows: Int, segments: Int)? {
        // A delimiter the number grammar could swallow (a digit, point or sign) would let a
        // number run into the next field: such files take the general path.
        let swallowed = Array("0123456789.+-eE\r\n".utf8)
        guard b.count - from >= max(minimumBytes, 2), plan.position.count == columns, !swallowed.contains(delimiter),
              memchr(b.baseAddress! + from, Int32(quote), b.count - from) == nil else { return nil }
        var end = b.count
        if !final {
            while end > from, b[end - 1] != newline { end -= 1 }
        }
        guard end > from, end - from < Int(UInt32.max) else { return nil }
        // Pieces of at least 64 KiB, so small runs are not split into slivers.
        let count = min(parts.count, max(1, (end - from) >> 16))
        var cuts = [from]
        for piece in 1..<max(count, 1) {
            var cut = max(from + (end - from) * piece / count, cuts[piece - 1] + 1)
            while cut < end, b[cut - 1] != newline { cut += 1 }
            cuts.append(cut)
        }
        cuts.append(end)
        let bounds = cuts
        guard zip(bounds, bounds.dropFirst()).allSatisfy({ $0 < $1 }) else { return nil }
        var ok = [Bool](repeating: false, count: count)
        let last = count - 1
        parts.withUnsafeMutableBufferPointer { results in
            ok.withUnsafeMutableBufferPointer { flags in
                // Shared without Sendable checking, safely: every piece only reads `bytes` (which
                // the caller keeps alive and unchanged for the call) and writes only its own
                // `output[piece]` and `done[piece]`; concurrentPerform returns after all pieces.
                nonisolated(unsafe) let bytes = b, output = results, done = flags
                let body: @Sendable (Int) -> Void = { piece in
                    done[piece] = output[piece].scanAndParse(bytes, from: bounds[piece], to: bounds[piece + 1],
                                                             final: final && piece == last, columns: columns,
                                                             delimiter: delimiter, plan: plan)
                }
                if count == 1 { body(0) } else { DispatchQueue.concurrentPerform(iterations: count, execute: body) }
            }
        }
        guard ok.allSatisfy({ $0 }) else {
            for piece in 0..<count { parts[piece].parsedColumns = nil }
            return nil
        }
        var rows = 0
        for piece in 0..<count {
            parts[piece].firstLine = line + rows
            rows += parts[piece].count
        }
        return (end, rows, count)
    }
}

extension CSVScanner.Rows {
    /// One piece of `scanAndParseInPieces`: the records of `b[from..<to]` (each ends at a line
    /// end, the last one at `to == b.count` when `final`) into these rows, reusing their
    /// storage. Returns false when the pass does not handle a record (the rows are then
    /// unspecified).
    mutating func scanAndParse(_ b: UnsafeBufferPointer<UInt8>, from: Int, to: Int, final: Bool, columns: Int,
                               delimiter: UInt8, plan: CSVScanner.NumberPlan) -> Bool {
        startLines = nil
        misfits.removeAll()
        parsedColumns = plan.columns
        let width = plan.columns.count
        var rows = 0, p = from
        // Room for 64 rows first, then for the rest of the piece at the bytes per row seen.
        var capacity = 64
        while p < to {
            if rows > 0 { capacity = max(capacity, rows + Int(Double(to - p) * Double(rows) / Double(p - from) * 1.1) + 16) }
            if starts.count < capacity { starts.append(contentsOf: repeatElement(0, count: capacity - starts.count)) }
            if fieldEnds.count < capacity * columns {
                fieldEnds.append(contentsOf: repeatElement(0, count: capacity * columns - fieldEnds.count))
            }
            if values.count < capacity * width { values.append(contentsOf: repeatElement(0, count: capacity * width - values.count)) }
            let room = capacity - rows
            let first = rows
            let done: (rows: Int, stop: Int)? = plan.position.withUnsafeBufferPointer { position in
                starts.withUnsafeMutableBufferPointer { starts in
                    fieldEnds.withUnsafeMutableBufferPointer { ends in
                        values.withUnsafeMutableBufferPointer { values in
                            CSVScanner.parseRecords(b.baseAddress!, from: p, to: to, limit: b.count, final: final,
                                                    columns: columns, width: width, delimiter: delimiter,
                                                    position: position.baseAddress!, maximumRows: room,
                                                    starts: starts.baseAddress! + first,
                                                    ends: ends.baseAddress! + first * columns,
                                                    values: values.baseAddress! + first * width)
                        }
                    }
                }
            }
            guard let done else { return false }
            rows += done.rows
            p = done.stop
        }
        starts.removeLast(starts.count - rows)
        return true
    }
}

extension CSVScanner {
    /// Up to `maximumRows` records from `p` (a record start) before `to`, as `scanAndParse`
    /// describes: record starts into `starts`, field ends into `ends` (`columns` per record),
    /// numbers into `values` (`width` per record, element `position[f]` for field `f`).
    /// Returns the records found and where they stop, or nil for a record it does not handle.
    /// `limit` is the end of the readable bytes (words are read up to it, never past).
    ///
    /// Hand-written with raw pointers because this loop is the CSV ingest (see the extension's
    /// comment for what it measured against the general path).
    static func parseRecords(_ base: UnsafePointer<UInt8>, from: Int, to: Int, limit: Int, final: Bool,
                             columns: Int, width: Int, delimiter: UInt8, position: UnsafePointer<Int>,
                             maximumRows: Int, starts: UnsafeMutablePointer<Int>, ends: UnsafeMutablePointer<UInt32>,
                             values: UnsafeMutablePointer<Double>) -> (rows: Int, stop: Int)? {
        var p = from
        var rows = 0
        let lastField = columns &- 1
        while p < to, rows < maximumRows {
            // A blank line: the general scan decides (an error, or the ignored tail of the file).
            if base[p] == newline || base[p] == carriageReturn { return nil }
            let recordStart = p
            starts[rows] = recordStart
            let fieldBase = rows &* columns
            let valueBase = rows &* width
            var field = 0
            while true {
                let target = position[field]
                var e: Int
                if target >= 0 {
                    let (value, stop) = fastNumber(base, from: p, limit: limit)
                    e = stop
                    let c = e < limit ? base[e] : newline
                    if let value, c == delimiter || c == newline || c == carriageReturn {
                        values[valueBase &+ target] = value
                    } else {
                        e = fieldEnd(base, from: p, limit: limit, delimiter: delimiter)
                        guard case .value(let parsed) = StrictDecimal.parse(UnsafeBufferPointer(start: base + p, count: e &- p))
                        else { return nil }
                        values[valueBase &+ target] = parsed
                    }
                } else {
                    e = fieldEnd(base, from: p, limit: limit, delimiter: delimiter)
                }
                ends[fieldBase &+ field] = UInt32(truncatingIfNeeded: e &- recordStart)
                if field == lastField {
                    if e == limit {
                        guard final else { return nil }
                        p = e
                    } else if base[e] == newline {
                        p = e &+ 1
                    } else if base[e] == carriageReturn, e &+ 1 < limit, base[e &+ 1] == newline {
                        p = e &+ 2
                    } else {
                        return nil
                    }
                    break
                }
                guard e < limit, base[e] == delimiter else { return nil }
                p = e &+ 1
                field &+= 1
            }
            guard p <= to else { return nil }
            rows &+= 1
        }
        return (rows, p)
    }

    /// The end of the unquoted field at `p`: the first delimiter, LF, or CR followed by LF
    /// (a lone CR belongs to the field, as in `record`), or `limit`.
    @inline(__always)
    static func fieldEnd(_ base: UnsafePointer<UInt8>, from p: Int, limit: Int, delimiter: UInt8) -> Int {
        var e = p
        let wordSkip = delimiter <= comma
        while e < limit {
            if wordSkip, limit &- e >= 8 {
                // Eight bytes at a time, as in `record`: flag bytes below 0x2D.
                let v = UInt64(littleEndian: UnsafeRawPointer(base + e).loadUnaligned(as: UInt64.self))
                let below = (v &- 0x2D2D_2D2D_2D2D_2D2D) & ~v & 0x8080_8080_8080_8080
                if below == 0 { e &+= 8; continue }
                e &+= below.trailingZeroBitCount / 8
            }
            let c = base[e]
            if c == delimiter || c == newline { return e }
            if c == carriageReturn, e &+ 1 < limit, base[e &+ 1] == newline { return e }
            e &+= 1
        }
        return e
    }

    /// Powers of ten for appending a run of `n` digits to a mantissa.
    private static let tens: [UInt64] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000]

    /// The number at `p` if it is a plain decimal the fast path converts (`[+-]? digits* [.
    /// digits*]`, at least one digit, at most 19 digits counting leading zeros, a mantissa of
    /// at most 2^53 and at most 22 fraction digits), and where its characters stop; otherwise a
    /// nil value (the caller then parses the whole field with `StrictDecimal.parse`). The value
    /// is computed exactly as `StrictDecimal.parse` computes it for such text: the same
    /// mantissa (leading zeros add nothing), divided by the same exact power of ten.
    ///
    /// A number whose point falls within its first eight bytes (most of them) is read from one
    /// word with the point squeezed out, so "5.26978620276" takes two eight-byte steps, not
    /// three (callgrind, 100k x 16 blobs file: 224 -> 204 instructions per number for the pass).
    @inline(__always)
    static func fastNumber(_ base: UnsafePointer<UInt8>, from p: Int, limit: Int) -> (Double?, Int) {
        var i = p
        var negative = false
        if i < limit, base[i] == UInt8(ascii: "-") || base[i] == UInt8(ascii: "+") {
            negative = base[i] == UInt8(ascii: "-")
            i &+= 1
        }
        var mantissa: UInt64 = 0
        var digits = 0, fractionDigits = 0
        var word: UInt64 = 0, leading = 8
        if limit &- i >= 9 {
            word = load(base + i)
            leading = leadingDigits(word)
        }
        if leading < 8 {
            if base[i &+ leading] == UInt8(ascii: ".") {
                // The word with its point removed: the integer digits, then the bytes after the
                // point (the ninth byte comes in at the top).
                let keep: UInt64 = leading == 0 ? 0 : .max &>> UInt64(truncatingIfNeeded: (8 &- leading) &<< 3)
                let joined = (word & keep) | (load(base + (i &+ 1)) & ~keep)
                let count = leadingDigits(joined)
                mantissa = digitsValue(joined, count)
                fractionDigits = count &- leading
                i &+= count &+ 1
                if count == 8 {
                    let start = i
                    i = appendDigits(base, from: i, limit: limit, to: &mantissa)
                    fractionDigits &+= i &- start
                }
                digits = leading &+ fractionDigits
            } else {
                mantissa = digitsValue(word, leading)
                digits = leading
                i &+= leading
            }
        } else {
            let integerStart = i
            i = appendDigits(base, from: i, limit: limit, to: &mantissa)
            digits = i &- integerStart
            if i < limit, base[i] == UInt8(ascii: ".") {
                i &+= 1
                let fractionStart = i
                i = appendDigits(base, from: i, limit: limit, to: &mantissa)
                fractionDigits = i &- fractionStart
                digits &+= fractionDigits
            }
        }
        guard digits > 0, digits <= 19, fractionDigits <= 22, mantissa <= 1 << 53 else { return (nil, i) }
        // Clinger: both operands exact, so the one division is correctly rounded.
        let value = Double(mantissa) / StrictDecimal.exactPowersOfTen[fractionDigits]
        return (negative ? -value : value, i)
    }

    /// Eight bytes at `address`, little-endian.
    @inline(__always)
    static func load(_ address: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(address).loadUnaligned(as: UInt64.self))
    }

    /// How many of the word's bytes, from the lowest, are ASCII digits (8 for all): the digit
    /// test of `StrictDecimal.skipDigits`.
    @inline(__always)
    static func leadingDigits(_ v: UInt64) -> Int {
        let low = v & 0x7F7F_7F7F_7F7F_7F7F
        let nonDigit = (v | ~(low &+ 0x5050_5050_5050_5050) | (low &+ 0x4646_4646_4646_4646)) & 0x8080_8080_8080_8080
        return nonDigit.trailingZeroBitCount &>> 3
    }

    /// The value of the word's lowest `n` bytes, ASCII digits, first byte most significant:
    /// the digits minus '0' (no borrow reaches them: they are the lowest bytes) moved to the top
    /// of the word behind zero digits, then fast_float's eight-digit SWAR conversion.
    @inline(__always)
    static func digitsValue(_ v: UInt64, _ n: Int) -> UInt64 {
        guard n > 0 else { return 0 }
        var d = (v &- 0x3030_3030_3030_3030) &<< UInt64(truncatingIfNeeded: (8 &- n) &<< 3)
        d = (d &* 10) &+ (d &>> 8)
        d = ((d & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064
             &+ ((d &>> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001) &>> 32
        return d & 0xFFFF_FFFF
    }

    /// Appends the digits at `i` to `mantissa` (wrapping: the caller discards a mantissa of
    /// more than 19 digits) and returns the offset of the first non-digit, eight bytes at a
    /// time (`leadingDigits`, `digitsValue`).
    @inline(__always)
    static func appendDigits(_ base: UnsafePointer<UInt8>, from start: Int, limit: Int,
                             to mantissa: inout UInt64) -> Int {
        var i = start
        while limit &- i >= 8 {
            let n = leadingDigits(load(base + i))
            if n == 0 { return i }
            mantissa = mantissa &* tens[n] &+ digitsValue(load(base + i), n)
            i &+= n
            if n < 8 { return i }
        }
        while i < limit, base[i] &- UInt8(ascii: "0") < 10 {
            mantissa = mantissa &* 10 &+ UInt64(base[i] &- UInt8(ascii: "0"))
            i &+= 1
        }
        return i
    }
}
