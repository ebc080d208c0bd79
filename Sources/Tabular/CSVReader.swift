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
///
/// This reader holds the whole file; `CSVStream` reads the same format with the same
/// errors chunk by chunk, for files read once into numbers or text.
public enum CSVReader {
    /// Reads and parses the file at `path` (see the type's documentation for the rules).
    public static func read(path: String) throws -> CSVTable {
        try parse(readBytes(path: path), path: path)
    }

    /// The whole file at `path` as bytes, read with one system buffer for a regular file.
    /// - Throws: `InputError` with the system's reason when the file cannot be opened or read.
    public static func readBytes(path: String) throws -> [UInt8] {
        let (fd, info) = try openForReading(path: path)
        defer { close(fd) }
        // One byte more than the size, so a short read proves the end of a regular
        // file; pipes and /proc files (size 0) grow chunk by chunk.
        var chunkSize = max(Int(info.st_size) + 1, 1 << 16)
        var result = [UInt8]()
        while true {
            let chunk = try [UInt8](unsafeUninitializedCapacity: chunkSize) { buffer, count in
                count = 0
                adviseHugePages(UnsafeMutableRawPointer(buffer.baseAddress!), byteCount: buffer.count)
                if result.isEmpty, (info.st_mode & S_IFMT) == S_IFREG,
                   readInParallel(fd, into: UnsafeMutableBufferPointer(rebasing: buffer[0..<(chunkSize - 1)]), at: 0) {
                    count = chunkSize - 1
                }
                count += try readFully(fd, into: UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[count...]),
                                       path: path)
            }
            if result.isEmpty { result = chunk } else { result.append(contentsOf: chunk) }
            if chunk.count < chunkSize { return result }
            chunkSize = result.count
        }
    }

    /// Opens `path` for reading: the descriptor (the caller closes it) and its status.
    /// - Throws: `InputError` with the system's reason, or for a directory.
    static func openForReading(path: String) throws -> (Int32, stat) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw InputError(file: path, message: "cannot open: \(String(cString: strerror(errno)))") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw InputError(file: path, message: "cannot read: \(reason)")
        }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw InputError(file: path, message: "is a directory, not a CSV file")
        }
        return (fd, info)
    }

    /// Reads into `buffer` until it is full or the file ends; returns the byte count.
    /// - Throws: `InputError` with the system's reason.
    static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, path: String) throws -> Int {
        var count = 0
        while count < buffer.count {
            let n = systemRead(fd, buffer.baseAddress! + count, buffer.count - count)
            if n == 0 { break }
            if n < 0 {
                if errno == EINTR { continue }
                throw InputError(file: path, message: "cannot read: \(String(cString: strerror(errno)))")
            }
            count += n
        }
        return count
    }

    /// Fills `buffer` from `fileOffset` of a regular file with one `pread` stream per core
    /// (copying from the page cache and any page faults of a fresh buffer are then taken in
    /// parallel) and moves the file offset past it. Returns false (nothing is assumed read,
    /// the offset is unchanged) for a buffer under 1 MiB or on any short read or error; the
    /// caller then reads sequentially, which reports errors.
    static func readInParallel(_ fd: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>, at fileOffset: Int) -> Bool {
        let workers = ProcessInfo.processInfo.activeProcessorCount
        guard workers > 1, buffer.count >= 1 << 20 else { return false }
        var complete = [Bool](repeating: false, count: workers)
        complete.withUnsafeMutableBufferPointer { flags in
            // Shared without Sendable checking, safely: worker `part` writes only its own byte
            // range `start..<end` of `target` and only `done[part]`, the ranges are disjoint, and
            // concurrentPerform returns (and both buffers are read) after every worker has ended.
            nonisolated(unsafe) let target = buffer
            nonisolated(unsafe) let done = flags
            DispatchQueue.concurrentPerform(iterations: workers) { part in
                let start = target.count * part / workers, end = target.count * (part + 1) / workers
                var offset = start
                while offset < end {
                    let n = pread(fd, target.baseAddress! + offset, end - offset, off_t(fileOffset + offset))
                    if n < 0, errno == EINTR { continue }
                    if n <= 0 { return }
                    offset += n
                }
                done[part] = true
            }
        }
        guard complete.allSatisfy({ $0 }) else { return false }
        _ = lseek(fd, off_t(fileOffset + buffer.count), SEEK_SET)
        return true
    }

    /// Parses `bytes` as a CSV file named `path` in messages (see the type's documentation).
    public static func parse(_ bytes: [UInt8], path: String) throws -> CSVTable {
        var scanner = Scanner(path: path)
        try bytes.withUnsafeBufferPointer { try scanner.scan($0) }
        return CSVTable(path: path, header: scanner.header, bytes: bytes, rows: scanner.rows)
    }
}

/// `read(2)`, named apart from `CSVReader.read(path:)`.
private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// The whole-file pass: the shared state machine (`CSVScanner`) over all the bytes, in
/// pieces on all cores for a large quote-free file.
private struct Scanner {
    let path: String
    var header: [String] = []
    var rows = CSVScanner.Rows()

    init(path: String) { self.path = path }

    mutating func scan(_ b: UnsafeBufferPointer<UInt8>) throws {
        let n = b.count
        var p = 0
        if n >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { p = 3 }
        if b[p...].allSatisfy({ $0 == CSVScanner.newline || $0 == CSVScanner.carriageReturn }) {
            throw InputError(file: path, message: "file is empty")
        }

        var line = 1
        var ends: [UInt32] = []
        let headerStart = p
        // Never nil: the scan is final.
        p = try CSVScanner.record(b, from: p, final: true, line: &line, into: &ends, path: path)!
        header = try CSVScanner.headerNames(b, start: headerStart, ends: ends, path: path)

        rows.firstLine = line
        var pieces = CSVScanner.pieces()
        if CSVScanner.scanInPieces(b, from: p, final: true, columns: header.count, line: line, path: path,
                                   minimumBytes: 1 << 22, into: &pieces) != nil {
            let total = pieces.reduce(0) { $0 + $1.count }
            rows.starts.reserveCapacity(total)
            rows.fieldEnds.reserveCapacity(total * header.count)
            for piece in pieces {
                rows.starts.append(contentsOf: piece.starts)
                rows.fieldEnds.append(contentsOf: piece.fieldEnds)
            }
        } else {
            _ = try CSVScanner.scanRows(b, from: p, to: n, final: true, columns: header.count, line: line,
                                        path: path, into: &rows)
        }
        if rows.starts.isEmpty { throw InputError(file: path, line: 2, message: "no data rows after the header") }
    }
}
