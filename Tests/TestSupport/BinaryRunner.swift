import Foundation

/// Runs the built `ar-segment` executable the way a user does, as
/// swift-argument-parser's example tests do: a real process with arguments,
/// environment and working directory, with standard output, standard error and
/// the exit status captured.
///
/// The binary is found next to the test bundle (`swift build` puts products and
/// `ar-segmentPackageTests.xctest` in the same directory), or at the path in the
/// environment variable `AR_SEGMENT_BINARY` when set.
public struct BinaryRunner: Sendable {
    /// What one run produced.
    public struct Result: Sendable, CustomStringConvertible {
        /// Process exit status (or 128 + signal number when killed by a signal, as shells report).
        public var status: Int32
        /// Everything written to standard output, decoded as UTF-8.
        public var stdout: String
        /// Everything written to standard error, decoded as UTF-8.
        public var stderr: String

        /// Standard error split into lines, trailing empty line dropped.
        public var stderrLines: [String] {
            stderr.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                .filter { !$0.isEmpty }
        }

        public var description: String { "exit \(status)\nstdout: \(stdout)\nstderr: \(stderr)" }
    }

    /// Absolute path of the executable.
    public let executable: String

    /// The `ar-segment` built with the tests.
    /// - Throws: `RunnerError.binaryMissing` when it is not there (build with `swift build` first).
    public init() throws {
        if let explicit = ProcessInfo.processInfo.environment["AR_SEGMENT_BINARY"] {
            executable = explicit
        } else {
            executable = Self.productsDirectory().appendingPathComponent("ar-segment").path
        }
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw RunnerError.binaryMissing(executable)
        }
    }

    /// The directory holding the test bundle, which is where SwiftPM puts the products too.
    /// `/proc/self/exe` is the `.xctest` executable on Linux; on macOS the bundle is one of
    /// `Bundle.allBundles`.
    static func productsDirectory() -> URL {
        #if os(macOS)
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        #endif
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        return exe.deletingLastPathComponent()
    }

    /// Runs the built `ar-segment` once: `try BinaryRunner.run(["segment", ...])` (see the
    /// instance method for the parameters).
    public static func run(_ arguments: [String], environment: [String: String?] = [:],
                           in directory: URL? = nil, stdin: [UInt8]? = nil) throws -> Result {
        try BinaryRunner().run(arguments, environment: environment, in: directory, stdin: stdin)
    }

    /// Runs `ar-segment arguments...`.
    /// - Parameters:
    ///   - environment: variables set on top of this process's environment (a nil value removes one).
    ///   - directory: the working directory (this process's when nil).
    ///   - stdin: bytes fed to standard input (empty input when nil).
    public func run(_ arguments: [String], environment: [String: String?] = [:],
                    in directory: URL? = nil, stdin: [UInt8]? = nil) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }

        // Files rather than pipes: nothing to drain concurrently, no deadlock on large output.
        let scratch = try ScratchDirectory(prefix: "runner")
        let outURL = scratch.url.appendingPathComponent("stdout")
        let errURL = scratch.url.appendingPathComponent("stderr")
        let inURL = scratch.url.appendingPathComponent("stdin")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: inURL.path, contents: Data(stdin ?? []))
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let input = try FileHandle(forReadingFrom: inURL)
        defer { try? out.close(); try? err.close(); try? input.close() }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input

        // The scratch directory must outlive the process, which only its paths reach.
        return try withExtendedLifetime(scratch) {
            try process.run()
            process.waitUntilExit()
            let status = process.terminationReason == .uncaughtSignal
                ? 128 + process.terminationStatus : process.terminationStatus
            return Result(status: status,
                          stdout: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                          stderr: String(decoding: try Data(contentsOf: errURL), as: UTF8.self))
        }
    }
}

/// Why a run could not start.
public enum RunnerError: Error, CustomStringConvertible {
    case binaryMissing(String)

    public var description: String {
        switch self {
        case .binaryMissing(let path): "ar-segment is not built at \(path) (run swift build, or set AR_SEGMENT_BINARY)"
        }
    }
}
