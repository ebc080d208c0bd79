/// One file of a command's output, held in memory until every file is ready: its bytes, its
/// text, or its rows (`CSVRows`, written row by row from the data they are made of, for the
/// files with one row per account).
///
/// Two files are equal when they have the same name and the same bytes.
public struct OutputFile: Sendable, Equatable {
    /// The file name inside the output directory.
    public var name: String
    private var content: Content

    /// Text is kept as the `String` it was rendered to and written from its UTF-8 storage: a
    /// byte copy of a large CSV (46 MB of assignments at 1M accounts) would be the peak of
    /// `segment`'s memory.
    private enum Content: Sendable {
        case bytes([UInt8])
        case text(String)
        case rows(CSVRows)
    }

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        content = .bytes(bytes)
    }

    public init(name: String, text: String) {
        self.name = name
        content = .text(text)
    }

    /// A CSV file rendered only as it is written (`CSVRows.writeCSV`).
    public init(name: String, rows: CSVRows) {
        self.name = name
        content = .rows(rows)
    }

    public static func == (a: OutputFile, b: OutputFile) -> Bool {
        a.name == b.name && a.bytes == b.bytes
    }

    /// The file's bytes (a copy for text).
    public var bytes: [UInt8] {
        switch content {
        case .bytes(let bytes): return bytes
        case .text(let text): return Array(text.utf8)
        case .rows(let rows): return Array(rows.csv.utf8)
        }
    }

    /// Appends the file's bytes to `sink` without copying them first.
    public func write(to sink: AtomicFile.Sink) throws {
        switch content {
        case .bytes(let bytes): try sink.write(bytes)
        case .text(let text): try sink.write(text)
        case .rows(let rows): try rows.writeCSV(to: sink)
        }
    }
}
