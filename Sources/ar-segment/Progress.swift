import Foundation

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

/// Prints notes for the user on standard error, one per line.
func printNotes(_ notes: [String]) {
    for note in notes { FileHandle.standardError.write(Data("note: \(note)\n".utf8)) }
}
