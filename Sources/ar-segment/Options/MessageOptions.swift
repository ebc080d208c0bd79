import ArgumentParser
import Logging

#if canImport(Glibc)
import Glibc
#endif

/// Flags of the reporting commands: how chatty they are.
struct MessageOptions: ParsableArguments {
    @Flag(name: .shortAndLong, help: "Show no progress.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Print diagnostics (swift-log, level debug) on standard error.")
    var verbose = false

    /// Routes swift-log to standard error: everything from debug up with `--verbose`, warnings otherwise.
    /// Standard output stays for results.
    func startLogging() {
        let level: Logger.Level = verbose ? .debug : .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }

    /// A progress line on standard error, drawn only when standard error is a terminal and
    /// `--quiet` is not given, so pipes and logs never see it.
    func progress() -> ProgressLine {
        ProgressLine(enabled: !quiet && isatty(STDERR_FILENO) == 1)
    }
}
