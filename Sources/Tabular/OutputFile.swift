/// One file of a command's output, held in memory until every file is ready.
public struct OutputFile: Sendable, Equatable {
    /// The file name inside the output directory.
    public var name: String
    private var content: Content

    /// Text is kept as the `String` it was rendered to and written from its UTF-8 storage: a
    /// byte copy of a large CSV (46 MB of assignments at 1M accounts) would be the peak of
    /// `segment`'s memory.
    private enum Content: Sendable, Equatable {
        case bytes([UInt8])
        case text(String)
    }

    public init(name: String, bytes: [UInt8]) {
        self.name = name
        content = .bytes(bytes)
    }

    public init(name: String, text: String) {
        self.name = name
        content = .text(text)
    }

    /// The file's bytes (a copy for text).
    public var bytes: [UInt8] {
        switch content {
        case .bytes(let bytes): return bytes
        case .text(let text): return Array(text.utf8)
        }
    }

    /// Appends the file's bytes to `sink` without copying them first.
    public func write(to sink: AtomicFile.Sink) throws {
        switch content {
        case .bytes(let bytes): try sink.write(bytes)
        case .text(let text): try sink.write(text)
        }
    }
}
