import Foundation
import Tabular
import Testing

@Suite struct AtomicFileTests {
    private let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "atomic-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    private func contents(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    private func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
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
