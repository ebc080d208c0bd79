#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A failure to write an output file. `description` is one line: `PATH: message`.
public struct OutputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// The destination as the caller named it.
    public var path: String
    /// What went wrong, with the system's reason when there is one.
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}

/// `write(2)`, named apart from `AtomicFile.write`.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}

/// Whole-file writes that never leave a partial or destroyed file behind.
///
/// The data goes to a hidden temporary file in the destination's directory
/// (`.NAME.tmp-PID-N`), is flushed to disk with `fsync`, then renamed over the
/// destination, which POSIX makes atomic: readers see the old file or the new
/// one, never a mix. On any failure the temporary file is removed and the
/// previous destination is untouched. A destination that already exists keeps
/// its permission bits; a new one gets `0666` minus the umask.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically.
    /// - Parameter inputs: files this run reads; writing over one of them is refused.
    ///   Paths are compared after resolving symbolic links, `.` and `..`, and by
    ///   device and inode, so a hard link to an input is refused too.
    /// - Throws: `OutputError` naming the destination and the reason.
    public static func write(_ bytes: [UInt8], to path: String, inputs: [String] = []) throws {
        try refuseOverwritingInputs(path, inputs)
        let directory = directoryName(path)
        let temporary = try createTemporary(in: directory, for: path)
        var fd = temporary.fd
        func fail(_ message: String) -> OutputError {
            let reason = String(cString: strerror(errno))
            if fd >= 0 { close(fd); fd = -1 }
            unlink(temporary.path)
            return OutputError(path: path, message: "\(message): \(reason)")
        }
        var written = 0
        let ok = bytes.withUnsafeBytes { raw -> Bool in
            while written < raw.count {
                let n = systemWrite(fd, raw.baseAddress! + written, raw.count - written)
                if n < 0 { if errno == EINTR { continue }; return false }
                written += n
            }
            return true
        }
        guard ok else { throw fail("cannot write") }
        var existing = stat()
        if stat(path, &existing) == 0 { _ = fchmod(fd, existing.st_mode & 0o7777) }
        guard fsync(fd) == 0 else { throw fail("cannot flush to disk") }
        guard close(fd) == 0 else { fd = -1; throw fail("cannot close") }
        fd = -1
        guard rename(temporary.path, path) == 0 else { throw fail("cannot rename into place") }
        // Make the rename itself durable; a failure here leaves a correct file, so ignore it.
        let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
        if directoryFD >= 0 { _ = fsync(directoryFD); close(directoryFD) }
    }

    /// Writes `text` as UTF-8 to `path` atomically (see `write(_:to:inputs:)` for bytes).
    public static func write(_ text: String, to path: String, inputs: [String] = []) throws {
        try write(Array(text.utf8), to: path, inputs: inputs)
    }

    /// Throws `OutputError` when `path` names the same file as one of `inputs` (see
    /// `write(_:to:inputs:)`). Commands call it before any work so a doomed run fails fast;
    /// `write` checks again.
    public static func refuseOverwritingInputs(_ path: String, _ inputs: [String]) throws {
        let destination = resolvedPath(path)
        var destinationInfo = stat()
        let destinationExists = stat(path, &destinationInfo) == 0
        for input in inputs {
            var inputInfo = stat()
            let sameInode = destinationExists && stat(input, &inputInfo) == 0
                && inputInfo.st_dev == destinationInfo.st_dev && inputInfo.st_ino == destinationInfo.st_ino
            if sameInode || resolvedPath(input) == destination {
                throw OutputError(path: path, message: "refusing to overwrite an input file (\(input))")
            }
        }
    }

    /// `path` with links, `.` and `..` resolved; for a file that does not exist yet,
    /// its directory resolved and the name appended.
    static func resolvedPath(_ path: String) -> String {
        if let real = realPath(path) { return real }
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        return (realPath(directoryName(path)) ?? directoryName(path)) + "/" + name
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// The directory part of `path` (`.` when there is none).
    static func directoryName(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let directory = String(path[..<slash])
        return directory.isEmpty ? "/" : directory
    }

    private static func createTemporary(in directory: String, for path: String) throws -> (fd: Int32, path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? "output"
        for attempt in 0..<100 {
            let candidate = "\(directory)/.\(name).tmp-\(getpid())-\(attempt)"
            let fd = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            if fd >= 0 { return (fd, candidate) }
            if errno != EEXIST {
                throw OutputError(path: path, message: "cannot create a temporary file in \(directory): \(String(cString: strerror(errno)))")
            }
        }
        throw OutputError(path: path, message: "cannot create a temporary file in \(directory): too many leftovers")
    }
}
