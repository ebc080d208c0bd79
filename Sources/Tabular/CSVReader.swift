#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        p = try record(b, from: p, line: &line, into: &ends)
        try readHeader(b, start: headerStart, ends: ends)

        let columns = header.count
        // Estimate the row count from the header's length to avoid regrowing.
        let estimate = (n - p) / max(p - headerStart, 1) + 1
        rowStarts.reserveCapacity(estimate)
        fieldEnds.reserveCapacity(estimate * columns)
        while p < n {
            if isBlankTail(b, from: p) { break }
            let start = p
            let startLine = line
            if startLine != rowStarts.count + 2, startLines == nil {
                startLines = (0..<rowStarts.count).map { $0 + 2 }
            }
            let before = fieldEnds.count
            p = try record(b, from: p, line: &line, into: &fieldEnds)
            let found = fieldEnds.count - before
            if found != columns {
                let blank = found == 1 && fieldEnds[before] == 0
                throw InputError(file: path, line: startLine,
                                 message: "expected \(columns) fields, found \(blank ? "a blank line" : String(found))")
            }
            rowStarts.append(start)
            startLines?.append(startLine)
        }
        if rowStarts.isEmpty { throw InputError(file: path, line: 2, message: "no data rows after the header") }
    }

    /// `true` when only line ends remain from `p` on (trailing blank lines are ignored).
    private func isBlankTail(_ b: UnsafeBufferPointer<UInt8>, from p: Int) -> Bool {
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
    private func record(_ b: UnsafeBufferPointer<UInt8>, from start: Int, line: inout Int,
                        into ends: inout [UInt32]) throws -> Int {
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
                    let c = b[p]
                    // One comparison rejects every byte above '"' (all printable text but a few
                    // symbols) before the exact checks.
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
    private func snippet(_ b: UnsafeBufferPointer<UInt8>, at p: Int) -> String {
        let end = min(b.count, p + 20)
        var stop = p
        while stop < end, b[stop] != Self.newline { stop += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: b[p..<stop]), as: UTF8.self)
    }
}
