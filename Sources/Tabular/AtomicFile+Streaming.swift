#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension AtomicFile {
    /// One output of `AtomicFile.write(streaming:inputs:_:)`: bytes appended here go, through
    /// a 1 MiB buffer, to the hidden temporary file that replaces `path` at the end.
    public final class Sink {
        /// The destination as the caller named it.
        public let path: String
        fileprivate var temporary: (fd: Int32, path: String)
        private var buffer: [UInt8] = []
        private static let flushSize = 1 << 20

        fileprivate init(path: String) throws {
            self.path = path
            temporary = try createTemporary(in: directoryName(path), for: path)
            buffer.reserveCapacity(Self.flushSize + (Self.flushSize >> 2))
        }

        /// Appends `bytes`.
        /// - Throws: `OutputError` naming `path` when the file system refuses them.
        public func write(_ bytes: UnsafeBufferPointer<UInt8>) throws {
            guard bytes.count < Self.flushSize else {
                // Large pieces go straight to the file: buffering them would copy them first.
                try flush()
                try writeToFile(UnsafeRawBufferPointer(bytes))
                return
            }
            buffer.append(contentsOf: bytes)
            if buffer.count >= Self.flushSize { try flush() }
        }

        /// Appends `bytes`.
        public func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBufferPointer { try write($0) }
        }

        /// Appends `text` as UTF-8.
        public func write(_ text: String) throws {
            var text = text
            try text.withUTF8 { try write($0) }
        }

        /// Writes the buffered bytes to the temporary file.
        fileprivate func flush() throws {
            try buffer.withUnsafeBytes { try writeToFile($0) }
            buffer.removeAll(keepingCapacity: true)
        }

        /// Writes `raw` to the temporary file, which is abandoned (closed and removed) on failure.
        private func writeToFile(_ raw: UnsafeRawBufferPointer) throws {
            guard writeAll(temporary.fd, raw) else {
                let error = abandon(temporary, for: path, "cannot write")
                temporary.fd = -1
                throw error
            }
        }

        /// Flushes, syncs and closes the temporary file (removed on failure).
        fileprivate func finishWriting() throws {
            try flush()
            let file = temporary
            temporary.fd = -1
            try finish(file, for: path)
        }

        /// Closes and removes the temporary file if it is still there (after a failure).
        fileprivate func discard() {
            if temporary.fd >= 0 { close(temporary.fd) }
            temporary.fd = -1
            unlink(temporary.path)
        }
    }

    /// Writes several files as one unit, streamed: `body` gets one `Sink` per path (in the
    /// order of `paths`) and appends to them as it goes, so no file needs to be in memory.
    ///
    /// Only when `body` returns are the temporary files flushed to disk and renamed into
    /// place together, exactly as `write(_:inputs:)` does for whole buffers (same
    /// all-or-nothing rename, same refusal to overwrite an input or a directory). If `body`
    /// throws, or any write fails, every temporary file is removed, no destination is
    /// touched, and the error is rethrown.
    /// - Parameter inputs: files this run reads; none of the destinations may be one of them.
    /// - Throws: `OutputError` naming the destination at fault, or what `body` throws.
    public static func write(streaming paths: [String], inputs: [String] = [],
                             _ body: ([Sink]) throws -> Void) throws {
        for path in paths {
            try refuseOverwritingInputs(path, inputs)
            if isDirectory(path) { throw OutputError(path: path, message: "is a directory") }
        }
        var sinks: [Sink] = []
        do {
            for path in paths { sinks.append(try Sink(path: path)) }
            try body(sinks)
            for sink in sinks { try sink.finishWriting() }
        } catch {
            sinks.forEach { $0.discard() }
            throw error
        }
        try commit(sinks.map(\.temporary.path), to: paths)
    }
}
