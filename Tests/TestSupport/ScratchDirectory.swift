import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fresh, empty directory for one test's files, removed with everything in it when the
/// value goes away. The one temporary-directory helper of the test targets.
///
/// Swift Testing makes a new suite instance for every test (and every argument of a
/// parameterized test) and runs them in parallel: a `ScratchDirectory` held by the suite
/// (`let scratch = try ScratchDirectory()` in `init`) or by the test body is that test's own,
/// under a unique name, and goes away when the test ends, however it ends (a thrown error,
/// a failed `#require`). Nothing has to be remembered in a `defer`.
///
/// Every scratch directory of a test process lives under one process directory,
/// `$TMPDIR/ar-segment-tests-PID-UUID`, which is removed when the process exits. That
/// catches what is never deinitialized: a directory held by a `static let` (data made
/// once per process, such as the CLI suites' generated ledger), or files a test writes
/// beside its own directory (`scratch.path("../x")`). `scripts/test` fails when anything is
/// left in the temporary directory after `swift test`.
///
/// Lifetime: the directory lives as long as the object. Debug builds (what `swift test`
/// builds) keep a local until the end of its scope; an optimized build may end it after its
/// last use, so a test that only hands `scratch.path(...)` strings to a later step should
/// keep it with `withExtendedLifetime(scratch) { ... }` when built with `-c release`.
public final class ScratchDirectory: Sendable {
    /// The directory.
    public let url: URL

    /// Creates `PREFIX-UUID` under this process's scratch root.
    /// - Throws: when the directory cannot be created.
    public init(prefix: String = "test") throws {
        url = try ScratchRoot.url.get().appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// The directory's path.
    public var path: String { url.path }

    /// Path of `name` inside the directory (`name` may hold `/`).
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    /// Creates the subdirectory `name` (and any missing parents) and returns its path.
    @discardableResult
    public func directory(_ name: String) throws -> String {
        let path = self.path(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `text` as UTF-8 to `name` and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) throws -> String {
        try write(name, Array(text.utf8))
    }

    /// Writes `bytes` to `name` and returns its path.
    @discardableResult
    public func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = self.path(name)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// The process's scratch root: made on first use, removed (with whatever is left in it) by
/// an `atexit` handler when the test process exits.
private enum ScratchRoot {
    static let url: Result<URL, any Error> = Result {
        let root = FileManager.default.temporaryDirectory
            .appendingPathComponent("ar-segment-tests-\(getpid())-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { ScratchRoot.remove() }
        return root
    }

    static func remove() {
        if case .success(let root) = url { try? FileManager.default.removeItem(at: root) }
    }
}
