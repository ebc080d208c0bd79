import Foundation
import Tabular
import TestSupport
import Testing

@Suite struct AtomicFileTests {
    /// This test's directory (every test gets its own; removed when it ends).
    private let scratch: ScratchDirectory
    private var directory: String { scratch.path }

    init() throws { scratch = try ScratchDirectory(prefix: "atomic") }

    private func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    private func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
    }

    /// Small pieces are buffered, pieces of 1 MiB or more go straight to the file (after what
    /// is buffered): the file is the pieces in order either way.
    @Test func streamingSinkKeepsPieceOrderAcrossBufferedAndDirectWrites() throws {
        let path = directory + "/streamed.csv"
        let large = [UInt8]((0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        let pieces: [[UInt8]] = [Array("head,".utf8), large, Array("tail".utf8), Array(large.prefix((1 << 20) - 1)), [10]]
        try AtomicFile.write(streaming: [path]) { sinks in
            try sinks[0].write("head,")
            try sinks[0].write(large)
            try sinks[0].write("tail")
            try sinks[0].write(Array(large.prefix((1 << 20) - 1)))
            try sinks[0].write([10])
        }
        #expect(FileManager.default.contents(atPath: path).map { [UInt8]($0) } == pieces.flatMap { $0 })
        #expect(try leftovers().isEmpty)
    }

    @Test func writesAndReplaces() throws {
        let path = directory + "/out.json"
        try AtomicFile.write("first", to: path)
        #expect(contents(path) == "first")
        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: path)
        try AtomicFile.write(Array("second".utf8), to: path)
        #expect(contents(path) == "second")
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o640)
        #expect(try leftovers().isEmpty)
    }

    @Test func refusesToOverwriteAnInputHoweverItIsNamed() throws {
        let input = directory + "/data.csv"
        try AtomicFile.write("a\n1\n", to: input)
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.csv", withDestinationPath: input)
        try FileManager.default.linkItem(atPath: input, toPath: directory + "/hard.csv")
        for alias in [input, directory + "/./data.csv", directory + "/../" + (directory as NSString).lastPathComponent + "/data.csv",
                      directory + "/link.csv", directory + "/hard.csv"] {
            #expect(throws: OutputError(path: alias, message: "refusing to overwrite an input file (\(input))")) {
                try AtomicFile.write("oops", to: alias, inputs: [input])
            }
        }
        #expect(contents(input) == "a\n1\n")
        try AtomicFile.write("fine", to: directory + "/other.csv", inputs: [input])
        #expect(contents(directory + "/other.csv") == "fine")
    }

    @Test func failureLeavesThePreviousFileAndNoTemporary() throws {
        // A directory in the way makes the final rename fail after the data was written.
        let blocked = directory + "/blocked"
        try FileManager.default.createDirectory(atPath: blocked + "/child", withIntermediateDirectories: true)
        #expect(throws: OutputError.self) { try AtomicFile.write("data", to: blocked) }
        #expect(try leftovers().isEmpty)
        #expect(FileManager.default.fileExists(atPath: blocked + "/child"))

        let missing = directory + "/no/such/dir/out.csv"
        #expect(throws: OutputError.self) { try AtomicFile.write("data", to: missing) }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
