#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// Strict RFC 4180 reading.
///
/// Accepted: a UTF-8 byte-order mark; LF or CRLF line ends (mixed is fine); a
/// last record without a line end; quoted fields holding commas, doubled quotes
/// and line breaks; blank lines at the very end of the file (ignored).
///
/// Rejected with an `InputError` (`FILE:LINE: ...`): an empty file; a header
/// without data rows; an empty or duplicated column name; a record with more
/// or fewer fields than the header (`expected N fields, found M`, never padded),
/// a blank line before the end included; an unterminated quote (reported at the
/// line where the quoted field starts); a quote inside an unquoted field; text
/// after a closing quote; a file that cannot be read.
public enum CSVReader {
    /// Reads and parses the file at `path` (see the type's documentation for the rules).
    public static func read(path: String) throws -> CSVTable {
        try parse(readBytes(path: path), path: path)
    }

    /// The whole file at `path` as bytes, read with one system buffer for a regular file.
    /// - Throws: `InputError` with the system's reason when the file cannot be opened or read.
    public static func readBytes(path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw InputError(file: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            throw InputError(file: path, message: "cannot read: \(String(cString: strerror(errno)))")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw InputError(file: path, message: "is a directory, not a CSV file") }
        // One byte more than the size, so a short read proves the end of a regular
        // file; pipes and /proc files (size 0) grow chunk by chunk.
        var chunkSize = max(Int(info.st_size) + 1, 1 << 16)
        var result = [UInt8]()
        while true {
            let chunk = try [UInt8](unsafeUninitializedCapacity: chunkSize) { buffer, count in
                count = 0
                if result.isEmpty, (info.st_mode & S_IFMT) == S_IFREG,
                   readInParallel(fd, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<(chunkSize - 1)])) {
                    count = chunkSize - 1
                    _ = lseek(fd, off_t(count), SEEK_SET)
                }
                while count < buffer.count {
                    let n = systemRead(fd, buffer.baseAddress! + count, buffer.count - count)
                    if n == 0 { break }
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw InputError(file: path, message: "cannot read: \(String(cString: strerror(errno)))")
                    }
                    count += n
                }
            }
            if result.isEmpty { result = chunk } else { result.append(contentsOf: chunk) }
            if chunk.count < chunkSize { return result }
            chunkSize = result.count
        }
    }

    /// Fills `buffer` from the start of a large regular file with one `pread` stream per
    /// core, so the page faults of the fresh buffer are taken in parallel. Returns false
    /// (nothing is assumed read) for small files or on any short read or error; the caller
    /// then reads sequentially, which reports errors.
    private static func readInParallel(_ fd: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        guard workers > 1, buffer.count >= 1 << 23 else { return false }
        var complete = [Bool](repeating: false, count: workers)
        complete.withUnsafeMutableBufferPointer { flags in
            let done = flags
            DispatchQueue.concurrentPerform(iterations: workers) { part in
                let start = buffer.count * part / workers, end = buffer.count * (part + 1) / workers
                var offset = start
                while offset < end {
                    let n = pread(fd, buffer.baseAddress! + offset, end - offset, off_t(offset))
                    if n < 0, errno == EINTR { continue }
                    if n <= 0 { return }
                    offset += n
                }
                done[part] = true
            }
        }
        return complete.allSatisfy { $0 }
    }

    /// Parses `bytes` as a CSV file named `path` in messages (see the type's documentation).
    public static func parse(_ bytes: [UInt8], path: String) throws -> CSVTable {
        var scanner = Scanner(path: path)
        try bytes.withUnsafeBufferPointer { try scanner.scan($0) }
        return CSVTable(path: path, header: scanner.header, bytes: bytes, rowStarts: scanner.rowStarts,
                        fieldEnds: scanner.fieldEnds, startLines: scanner.startLines)
    }
}

/// `read(2)`, named apart from `CSVReader.read(path:)`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// The single pass over the bytes: splits records and fields, checks the structure,
/// and records field end offsets. Kept apart from `CSVTable` so the table stays immutable.
private struct Scanner {
    let path: String
    var header: [String] = []
    var rowStarts: [Int] = []
    var fieldEnds: [UInt32] = []
    var startLines: [Int]?

    init(path: String) { self.path = path }

    private static let quote = UInt8(ascii: "\"")
    private static let comma = UInt8(ascii: ",")
    private static let newline = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    mutating func scan(_ b: UnsafeBufferPointer<UInt8>) throws {
        let n = b.count
        var p = 0
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { p = 3 }
        if b[p...].allSatisfy({ $0 == Self.newline || $0 == Self.carriageReturn }) {
            throw InputError(file: path, message: "file is empty")
        }

        var line = 1
        var ends: [UInt32] = []
        let headerStart = p
        p = try Self.record(b, from: p, line: &line, into: &ends, path: path)
        try readHeader(b, start: headerStart, ends: ends)

        if !(try scanInParallel(b, from: p)) {
            var rows = Rows()
            try Self.scanRows(b, from: p, to: n, columns: header.count, line: line, path: path, into: &rows)
            (rowStarts, fieldEnds, startLines) = (rows.starts, rows.fieldEnds, rows.startLines)
        }
        if rowStarts.isEmpty { throw InputError(file: path, line: 2, message: "no data rows after the header") }
    }

    /// Records found by one scan.
    struct Rows {
        var starts: [Int] = []
        var fieldEnds: [UInt32] = []
        var startLines: [Int]?
    }

    /// Scans the records in `b[from..<to]` (`from` is a record start, `to` a record end or
    /// the end of the file); `line` is the physical line at `from`, and the first record
    /// gets row index `rows.starts.count`.
    private static func scanRows(_ b: UnsafeBufferPointer<UInt8>, from: Int, to end: Int, columns: Int, line: Int,
                                 path: String, into rows: inout Rows) throws {
        var p = from
        var line = line
        while p < end {
            if isBlankTail(b, from: p) { break }
            let start = p
            let startLine = line
            if startLine != rows.starts.count + 2, rows.startLines == nil {
                rows.startLines = (0..<rows.starts.count).map { $0 + 2 }
            }
            let before = rows.fieldEnds.count
            p = try record(b, from: p, line: &line, into: &rows.fieldEnds, path: path)
            let found = rows.fieldEnds.count - before
            if found != columns {
                let blank = found == 1 && rows.fieldEnds[before] == 0
                throw InputError(file: path, line: startLine,
                                 message: "expected \(columns) fields, found \(blank ? "a blank line" : String(found))")
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
    }

    /// Splits a large file without any quote at line ends and scans the parts on all cores.
    /// Without quotes every line is one record, so each part's lines are regular and the
    /// parts concatenate. Returns false (the caller scans sequentially) for small files,
    /// files with quotes, or when any part finds a problem, so that errors are always
    /// reported by the sequential scan with their exact line.
    private mutating func scanInParallel(_ b: UnsafeBufferPointer<UInt8>, from: Int) throws -> Bool {
        let n = b.count
        let workers = ProcessInfo.processInfo.activeProcessorCount
        guard workers > 1, n - from >= 1 << 22,
              memchr(b.baseAddress! + from, Int32(Self.quote), n - from) == nil else { return false }
        var bounds = [from]
        for part in 1..<workers {
            var cut = from + (n - from) * part / workers
            while cut < n, b[cut - 1] != Self.newline { cut += 1 }
            bounds.append(max(cut, bounds[bounds.count - 1]))
        }
        bounds.append(n)
        var parts = [Rows?](repeating: nil, count: workers)
        let columns = header.count, path = self.path
        parts.withUnsafeMutableBufferPointer { results in
            let output = results
            DispatchQueue.concurrentPerform(iterations: workers) { part in
                var rows = Rows()
                // Lines do not matter here (any problem makes the caller rescan); starting the
                // part's row numbering at line 2 keeps `startLines` nil for regular records.
                if (try? Self.scanRows(b, from: bounds[part], to: bounds[part + 1], columns: columns,
                                       line: 2, path: path, into: &rows)) != nil, rows.startLines == nil {
                    output[part] = rows
                }
            }
        }
        guard parts.allSatisfy({ $0 != nil }) else { return false }
        let total = parts.reduce(0) { $0 + $1!.starts.count }
        rowStarts.reserveCapacity(total)
        fieldEnds.reserveCapacity(total * columns)
        for part in parts {
            rowStarts.append(contentsOf: part!.starts)
            fieldEnds.append(contentsOf: part!.fieldEnds)
        }
        return true
    }

    /// `true` when only line ends remain from `p` on (trailing blank lines are ignored).
    private static func isBlankTail(_ b: UnsafeBufferPointer<UInt8>, from p: Int) -> Bool {
        guard b[p] == Self.newline || b[p] == Self.carriageReturn else { return false }
        return b[p...].allSatisfy { $0 == Self.newline || $0 == Self.carriageReturn }
    }

    private mutating func readHeader(_ b: UnsafeBufferPointer<UInt8>, start: Int, ends: [UInt32]) throws {
        var seen = Set<String>()
        var begin = start
        for (index, end) in ends.enumerated() {
            let stop = start + Int(end)
            let name = CSVTable.unescape(UnsafeBufferPointer(rebasing: b[begin..<stop]))
            if name.isEmpty {
                throw InputError(file: path, line: 1, message: "column \(index + 1) has an empty name")
            }
            if !seen.insert(name).inserted {
                throw InputError(file: path, line: 1, column: name, message: "duplicate column name")
            }
            header.append(name)
            begin = stop + 1
        }
    }

    /// Scans one record starting at `start`; appends each field's end (relative to
    /// `start`) to `ends`; advances `line` past every line break it consumes and
    /// returns the offset after the record's line end.
    /// Static so that passing `&fieldEnds` does not also retain `self`'s copy of the
    /// array, which would force a copy of it on every append.
    private static func record(_ b: UnsafeBufferPointer<UInt8>, from start: Int, line: inout Int,
                               into ends: inout [UInt32], path: String) throws -> Int {
        let n = b.count
        let recordLine = line
        var p = start
        while true {
            if p < n, b[p] == Self.quote {
                let quoteLine = line
                p += 1
                while true {
                    guard p < n else {
                        throw InputError(file: path, line: quoteLine, message: "unterminated quoted field")
                    }
                    let c = b[p]
                    if c == Self.quote {
                        if p + 1 < n, b[p + 1] == Self.quote { p += 2; continue }
                        p += 1
                        break
                    }
                    if c == Self.newline { line += 1 }
                    p += 1
                }
                if p < n, b[p] != Self.comma, b[p] != Self.newline,
                   !(b[p] == Self.carriageReturn && p + 1 < n && b[p + 1] == Self.newline) {
                    throw InputError(file: path, line: line, value: snippet(b, at: p),
                                     message: "unexpected text after a closing quote")
                }
            } else {
                while p < n {
                    if n - p >= 8 {
                        // Eight bytes at a time: flag bytes below 0x2D (',' and everything
                        // special is at most ','); the lowest flag is exact, so jump to it.
                        let v = UInt64(littleEndian: UnsafeRawPointer(b.baseAddress! + p).loadUnaligned(as: UInt64.self))
                        let below = (v &- 0x2D2D_2D2D_2D2D_2D2D) & ~v & 0x8080_8080_8080_8080
                        if below == 0 { p += 8; continue }
                        p += below.trailingZeroBitCount / 8
                    }
                    let c = b[p]
                    // One comparison rejects every byte above ',' before the exact checks.
                    if c <= Self.comma {
                        if c == Self.comma || c == Self.newline { break }
                        if c == Self.carriageReturn, p + 1 < n, b[p + 1] == Self.newline { break }
                        if c == Self.quote {
                            throw InputError(file: path, line: line, value: snippet(b, at: p),
                                             message: "quote inside an unquoted field (quote the whole field and double the quote)")
                        }
                    }
                    p += 1
                }
            }
            let length = p - start
            guard length < Int(UInt32.max) else {
                throw InputError(file: path, line: recordLine, message: "record longer than 4 GiB")
            }
            ends.append(UInt32(truncatingIfNeeded: length))
            if p < n, b[p] == Self.comma { p += 1; continue }
            if p < n {
                p += b[p] == Self.carriageReturn ? 2 : 1
                line += 1
            }
            return p
        }
    }

    /// A short piece of text at `p` for an error message.
    private static func snippet(_ b: UnsafeBufferPointer<UInt8>, at p: Int) -> String {
        let end = min(b.count, p + 20)
        var stop = p
        while stop < end, b[stop] != Self.newline { stop += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: b[p..<stop]), as: UTF8.self)
    }
}
