import Foundation
import Reporting
import Tabular

#if canImport(Glibc)
import Glibc
#endif

/// Writes a command's files into `directory` (created when missing). Every file was rendered in
/// memory before this is called, so a failed computation writes nothing; the files are then
/// replaced together (`AtomicFile.write(streaming:inputs:_:)`, straight from each file's
/// storage), and a destination equal to an input is refused before anything is written.
func writeOutputs(_ files: [OutputFile], to directory: String, inputs: [String]) throws {
    let paths = files.map { (directory as NSString).appendingPathComponent($0.name) }
    // AtomicFile refuses an input as destination file by file; checking all first keeps the
    // earlier files from being written when a later one would be refused.
    for path in paths where inputs.contains(where: { sameFile(path, $0) }) {
        throw OutputError(path: path, message: "refusing to overwrite an input file")
    }
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

/// `true` when both paths exist and are the same file (same device and inode, links followed).
private func sameFile(_ a: String, _ b: String) -> Bool {
    var sa = stat()
    var sb = stat()
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
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
