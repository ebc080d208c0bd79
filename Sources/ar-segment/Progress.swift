import ArgumentParser
import Foundation
import Logging
import Reporting
import Segmentation
import Tabular

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

/// One self-overwriting line, `stage: done/total (percent)`, redrawn when the percentage moves.
final class ProgressLine {
    private let enabled: Bool
    private var lastStage = ""
    private var lastPercent = -1
    private var drawn = false

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ stage: String, _ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let percent = done * 100 / total
        guard percent != lastPercent || stage != lastStage else { return }
        lastPercent = percent
        lastStage = stage
        drawn = true
        FileHandle.standardError.write(Data("\r\u{1B}[2K\(stage): \(done)/\(total) (\(percent)%)".utf8))
    }

    /// Clears the line so later messages start on a clean row.
    func finish() {
        guard enabled, drawn else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
        drawn = false
    }
}

/// Writes a command's files into `directory` (created when missing). Every file was rendered in
/// memory before this is called, so a failed computation writes nothing; the files are then
/// replaced together (`AtomicFile.write(streaming:inputs:_:)`, straight from each file's
/// storage), and a destination equal to an input is refused before anything is written.
func writeOutputs(_ files: [OutputFile], to directory: String, inputs: [String]) throws {
    let paths = files.map { (directory as NSString).appendingPathComponent($0.name) }
    // Refused before the directories are created (AtomicFile checks every path again before it writes).
    for path in paths { try AtomicFile.refuseOverwritingInputs(path, inputs) }
    // Files may sit in subdirectories (plan's correspondence/).
    for folder in Set(paths.map { ($0 as NSString).deletingLastPathComponent }).sorted() {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw OutputError(path: folder, message: "cannot create the output directory")
        }
    }
    // Replaced together: a file that cannot be written leaves every previous file as it was.
    try AtomicFile.write(streaming: paths, inputs: inputs) { sinks in
        for (sink, file) in zip(sinks, files) { try file.write(to: sink) }
    }
}

/// Prints notes for the user on standard error, one per line.
func printNotes(_ notes: [String]) {
    for note in notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
}
