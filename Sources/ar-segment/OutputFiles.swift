import Foundation
import Reporting
import Tabular

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

/// Writes `value` as JSON with sorted keys and shortest round-trip numbers, atomically,
/// refusing to overwrite any of `inputs`.
func writeJSON(_ value: some Encodable, to path: String, inputs: [String]) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var bytes = [UInt8](try encoder.encode(value))
    bytes.append(UInt8(ascii: "\n"))
    try AtomicFile.write(bytes, to: path, inputs: inputs)
}

/// Writes `object` and a newline atomically, refusing to overwrite any of `inputs`.
func writeJSON(_ object: JSONObjectWriter, to path: String, inputs: [String]) throws {
    var bytes = try object.bytes()
    bytes.append(UInt8(ascii: "\n"))
    try AtomicFile.write(bytes, to: path, inputs: inputs)
}
