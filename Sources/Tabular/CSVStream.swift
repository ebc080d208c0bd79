#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Foundation

/// A CSV file read record by record in fixed-size chunks, never whole: the streaming
/// counterpart of `CSVReader.read(path:)`, with exactly its rules and error messages (the
/// two share the record state machine). Memory is one chunk (8 MiB by default, grown only
/// for a record longer than it) plus 4 bytes per field of the chunk.
///
/// Opening reads the header (`header`; errors: empty file, empty or duplicate column name).
/// Each `next()` returns the next run of complete records as a `CSVChunk`; a structural
/// error (`expected N fields, found M`, an unterminated quote at its start line, ...) is
/// thrown when the stream reaches it, and `no data rows after the header` at the end.
///
/// The whole-file reader finds every structural problem before any cell is looked at. To
/// report the same first error, a consumer that finds a problem in a cell (or a missing
/// column in the header) calls `skipRest()`, which checks the remaining records' structure
/// only, and throws its own error afterwards.
public final class CSVStream: CSVHeaderLookup {
    /// The chunk size used unless another is asked for: large enough that per-chunk work is
    /// negligible, small enough to stay out of the way of the data being built.
    public static let defaultChunkSize = 8 << 20

    /// The file name used in error messages.
    public let path: String
    /// Column names from the first record, unescaped, unique and non-empty.
    public private(set) var header: [String] = []
    /// The file's size in bytes for a regular file, else nil (a pipe); for capacity estimates.
    public let fileSize: Int?
    /// Bytes of the file consumed by the records returned so far (header and BOM included).
    public private(set) var bytesConsumed = 0
    /// Data records returned so far.
    public private(set) var rowsRead = 0
    /// With `settingAsideMisfits`: records set aside so far (not in `rowsRead`).
    public private(set) var misfitsRead = 0
    /// Whether a record on one physical line with the wrong number of fields (or a blank line)
    /// is set aside (`takeMisfits()`) instead of being an error, for a caller that rejects bad
    /// rows and goes on. A record spanning lines with the wrong count, an unterminated quote or
    /// a quote inside a field stays an error: the records around it cannot be told apart.
    public var settingAsideMisfits = false
    private var misfits: [CSVMisfit] = []

    private let fd: Int32
    private var buffer: UnsafeMutableBufferPointer<UInt8>
    /// `buffer[start..<filled]` holds bytes not yet returned in a chunk.
    private var start = 0
    private var filled = 0
    /// File offset of `buffer[0]`.
    private var bufferOffset = 0
    private var atEnd = false
    /// Physical line at `buffer[start]`.
    private var line = 1
    /// Scan results, reused from chunk to chunk so their storage is allocated once.
    private var parts = CSVScanner.pieces()
    /// The columns `readNumericColumns` is reading, parsed while scanning where the fused pass
    /// can (`CSVScanner.scanAndParseInPieces`); nil otherwise.
    var numberPlan: CSVScanner.NumberPlan?

    /// The field separator (`,` unless the stream was opened with another).
    public let delimiter: UInt8
    /// Names the header has more than once (empty unless opened `allowingDuplicateNames`):
    /// such a column cannot be looked up by name (`columnIndex` refuses it).
    public private(set) var repeatedNames: [String] = []

    /// Opens `path` and reads its header.
    /// - Parameter chunkSize: bytes read at a time (at least 1; tests use tiny sizes to
    ///   put chunk boundaries everywhere).
    /// - Parameter delimiter: the field separator (`,` by default; `;` for some ERP exports).
    /// - Parameter allowingDuplicateNames: keep a header whose names repeat (`repeatedNames`)
    ///   instead of refusing it; looking a repeated name up is then the error.
    /// - Throws: `InputError` when the file cannot be read, is empty, or has a bad header.
    public init(path: String, chunkSize: Int = CSVStream.defaultChunkSize, delimiter: UInt8 = UInt8(ascii: ","),
                allowingDuplicateNames: Bool = false) throws {
        self.path = path
        self.delimiter = delimiter
        let (fd, info) = try CSVReader.openForReading(path: path)
        self.fd = fd
        fileSize = (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        buffer = .allocate(capacity: max(chunkSize, 1))
        try readHeader(allowingDuplicateNames: allowingDuplicateNames)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// The next run of complete records, or nil after the last one. The chunk's storage is
    /// reused by the next call: drop it before calling again.
    /// - Throws: `InputError` for the first structural problem, or `no data rows after the
    ///   header` at the end of a file without records.
    public func next() throws -> CSVChunk? {
        while true {
            try refill()
            let scanned = try scan()
            if scanned.rows > 0 {
                let chunk = CSVChunk(path: path, header: header,
                                     bytes: UnsafeBufferPointer(rebasing: buffer[0..<filled]),
                                     segments: Array(parts[0..<scanned.segments]), rowCount: scanned.rows,
                                     byteCount: scanned.stop - start)
                rowsRead += scanned.rows
                keepMisfits()
                bytesConsumed = bufferOffset + scanned.stop
                start = scanned.stop
                line = scanned.line
                return chunk
            }
            start = scanned.stop
            keepMisfits()
            bytesConsumed = bufferOffset + start
            if atEnd {
                guard rowsRead > 0 else { throw InputError(file: path, line: 2, message: "no data rows after the header") }
                return nil
            }
        }
    }

    /// The records set aside since the last call, in line order (with `settingAsideMisfits`):
    /// those before and among the last chunk's records, and after `next()` returned nil, the
    /// last ones.
    public func takeMisfits() -> [CSVMisfit] {
        defer { misfits.removeAll() }
        return misfits
    }

    /// Moves the last sequential scan's misfits to `misfits` (a scan in pieces has none: any
    /// piece that finds one makes the run scan sequentially).
    private func keepMisfits() {
        guard settingAsideMisfits, !parts[0].misfits.isEmpty else { return }
        misfits += parts[0].misfits
        misfitsRead += parts[0].misfits.count
        parts[0].misfits.removeAll()
    }

    /// Checks the structure of the remaining records without looking at their cells.
    /// - Throws: as `next()`.
    public func skipRest() throws {
        while try next() != nil {}
    }

    /// Moves the unconsumed bytes to the front, grows a buffer that one partial record
    /// fills, and reads until the buffer is full or the file ends.
    private func refill() throws {
        if start > 0 {
            let base = buffer.baseAddress!
            memmove(base, base + start, filled - start)
            filled -= start
            bufferOffset += start
            start = 0
        }
        guard !atEnd else { return }
        if filled == buffer.count {
            let larger = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: buffer.count * 2)
            _ = larger.initialize(from: buffer)
            buffer.deallocate()
            buffer = larger
        }
        let space = buffer.count - filled
        var count = 0
        // The bytes the file still holds in parallel, then to the end of the buffer (or a
        // short read at the end of the file) sequentially.
        if let fileSize {
            let want = min(space, fileSize - (bufferOffset + filled))
            if want > 0, CSVReader.readInParallel(fd, into: UnsafeMutableBufferPointer(rebasing: buffer[filled..<(filled + want)]),
                                                  at: bufferOffset + filled) {
                count = want
            }
        }
        count += try CSVReader.readFully(fd, into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: buffer[(filled + count)...])),
                                         path: path)
        filled += count
        atEnd = count < space
    }

    /// Skips a byte-order mark, rejects an all-blank file and reads the header record.
    private func readHeader(allowingDuplicateNames: Bool) throws {
        while filled < 3, !atEnd { try refill() }
        if filled >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        // A file of line ends only is empty; find one other byte before reading the header.
        while buffer[start..<filled].allSatisfy({ $0 == CSVScanner.newline || $0 == CSVScanner.carriageReturn }) {
            if atEnd { throw InputError(file: path, message: "file is empty") }
            try refill()
        }
        while true {
            var headerLine = 1
            var ends: [UInt32] = []
            let bytes = UnsafeBufferPointer(rebasing: buffer[0..<filled])
            if let end = try CSVScanner.record(bytes, from: start, final: atEnd, line: &headerLine, into: &ends, path: path,
                                               delimiter: delimiter) {
                header = try CSVScanner.headerNames(bytes, start: start, ends: ends, path: path,
                                                    allowingDuplicates: allowingDuplicateNames)
                var counts: [String: Int] = [:]
                for name in header { counts[name, default: 0] += 1 }
                repeatedNames = header.filter { counts[$0]! > 1 }.reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                start = end
                line = headerLine
                bytesConsumed = bufferOffset + end
                return
            }
            try refill()
        }
    }

    /// Scans the buffer's complete records into `parts`: a large quote-free run in pieces on
    /// all cores (its numbers parsed in the same pass when `numberPlan` is set), anything else
    /// (or a run where any piece finds a problem, so that errors always come from one
    /// sequential scan with their exact line) in one pass.
    private func scan() throws -> (segments: Int, rows: Int, stop: Int, line: Int) {
        let bytes = UnsafeBufferPointer(rebasing: buffer[0..<filled])
        let final = atEnd
        if let numberPlan,
           let (stop, rows, segments) = CSVScanner.scanAndParseInPieces(bytes, from: start, final: final, columns: header.count,
                                                                        line: line, minimumBytes: min(1 << 20, buffer.count / 2),
                                                                        delimiter: delimiter, plan: numberPlan, into: &parts) {
            return (segments, rows, stop, line + rows)
        }
        if let (stop, rows) = CSVScanner.scanInPieces(bytes, from: start, final: final, columns: header.count, line: line,
                                                      path: path, minimumBytes: min(1 << 20, buffer.count / 2),
                                                      delimiter: delimiter, into: &parts) {
            return (parts.count, rows, stop, line + rows)
        }
        parts[0].reset(firstLine: line)
        let (stop, end) = try CSVScanner.scanRows(bytes, from: start, to: filled, final: final, columns: header.count,
                                                   line: line, path: path, delimiter: delimiter,
                                                   settingAsideMisfits: settingAsideMisfits, into: &parts[0])
        return (1, parts[0].count, stop, end)
    }
}
