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
        try write([(path: path, bytes: bytes)], inputs: inputs)
    }

    /// Writes several files as one unit: either every destination gets its new bytes or
    /// every destination keeps what it had (a command's outputs never mix two runs).
    ///
    /// All data is written and flushed to temporary files first; only then are they
    /// renamed into place. Each existing destination is kept under a hidden hard link
    /// until every rename has succeeded, and a failed rename puts the earlier ones back.
    /// (On a file system without hard links, a destination replaced before a later
    /// rename fails cannot be restored; the staging step still catches full disks,
    /// missing directories and permissions before anything is replaced.)
    /// - Parameter inputs: files this run reads; none of the destinations may be one of them.
    /// - Throws: `OutputError` naming the destination at fault and the reason.
    public static func write(_ files: [(path: String, bytes: [UInt8])], inputs: [String] = []) throws {
        // The streaming writer stages, checks and renames exactly this way; whole buffers are
        // one piece each.
        try write(streaming: files.map(\.path), inputs: inputs) { sinks in
            for (sink, file) in zip(sinks, files) { try sink.write(file.bytes) }
        }
    }

    /// Renames each flushed temporary file `staged[i]` over `paths[i]`, all or nothing: each
    /// existing destination is kept under a hidden hard link until every rename has
    /// succeeded, and a failed rename puts the earlier ones back and removes the
    /// remaining temporary files.
    static func commit(_ staged: [String], to paths: [String]) throws {
        var replaced: [(path: String, backup: String?)] = []
        for (index, path) in paths.enumerated() {
            let backup = keepPrevious(path)
            guard rename(staged[index], path) == 0 else {
                let failure = OutputError(path: path, message: "cannot rename into place: \(String(cString: strerror(errno)))")
                if let backup { unlink(backup) }
                staged[index...].forEach { _ = unlink($0) }
                for earlier in replaced.reversed() {
                    if let previous = earlier.backup { rename(previous, earlier.path) } else { unlink(earlier.path) }
                }
                throw failure
            }
            replaced.append((path, backup))
        }
        for file in replaced { if let backup = file.backup { unlink(backup) } }
        // Make the renames themselves durable; a failure here leaves correct files, so ignore it.
        for directory in Set(paths.map { directoryName($0) }) {
            let directoryFD = open(directory, O_RDONLY | O_CLOEXEC)
            if directoryFD >= 0 { _ = fsync(directoryFD); close(directoryFD) }
        }
    }

    /// Writes all of `raw` to `fd`, retrying short and interrupted writes; false on an error
    /// (`errno` tells which).
    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) -> Bool {
        var written = 0
        while written < raw.count {
            let n = systemWrite(fd, raw.baseAddress! + written, raw.count - written)
            if n < 0 { if errno == EINTR { continue }; return false }
            written += n
        }
        return true
    }

    /// Closes and removes a temporary file after a failure; the error names `path` and the
    /// system's reason for the failure (read from `errno` before anything else touches it).
    static func abandon(_ temporary: (fd: Int32, path: String), for path: String, _ message: String) -> OutputError {
        let reason = String(cString: strerror(errno))
        if temporary.fd >= 0 { close(temporary.fd) }
        unlink(temporary.path)
        return OutputError(path: path, message: "\(message): \(reason)")
    }

    /// Gives the temporary file the permission bits of the file it will replace, flushes it
    /// to disk and closes it; on failure removes it and throws naming `path`.
    static func finish(_ temporary: (fd: Int32, path: String), for path: String) throws {
        var existing = stat()
        if stat(path, &existing) == 0 { _ = fchmod(temporary.fd, existing.st_mode & 0o7777) }
        guard fsync(temporary.fd) == 0 else { throw abandon(temporary, for: path, "cannot flush to disk") }
        guard close(temporary.fd) == 0 else { throw abandon((-1, temporary.path), for: path, "cannot close") }
    }

    /// A hidden hard link to the current `path` (nil when there is no file or no link can be made).
    private static func keepPrevious(_ path: String) -> String? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        let name = path.split(separator: "/").last.map(String.init) ?? "output"
        for attempt in 0..<100 {
            let candidate = "\(directoryName(path))/.\(name).old-\(getpid())-\(attempt)"
            if link(path, candidate) == 0 { return candidate }
            if errno != EEXIST { return nil }
        }
        return nil
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
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

    static func createTemporary(in directory: String, for path: String) throws -> (fd: Int32, path: String) {
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
