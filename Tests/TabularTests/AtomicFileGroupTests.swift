import Foundation
import Tabular
import TestSupport
import Testing

/// `AtomicFile.write(_ files:)`: a command's several outputs are replaced together or not at all.
@Suite struct AtomicFileGroupTests {
    /// This test's directory (every test gets its own; removed when it ends).
    private let scratch: ScratchDirectory
    private var directory: String { scratch.path }

    init() throws { scratch = try ScratchDirectory(prefix: "atomic-group") }

    private func contents(_ name: String) -> String? {
        FileManager.default.contents(atPath: directory + "/" + name).map { String(decoding: $0, as: UTF8.self) }
    }

    private func leftovers() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix(".") }
    }

    private func files(_ text: String, _ names: [String]) -> [(path: String, bytes: [UInt8])] {
        names.map { (path: directory + "/" + $0, bytes: Array("\(text) \($0)".utf8)) }
    }

    @Test func replacesEveryFile() throws {
        let names = ["a.csv", "b.json", "c.md"]
        try AtomicFile.write(files("old", names))
        try AtomicFile.write(files("new", names))
        for name in names { #expect(contents(name) == "new \(name)") }
        #expect(try leftovers().isEmpty)
    }

    @Test func oneBlockedDestinationChangesNothing() throws {
        let names = ["a.csv", "b.json", "c.md"]
        try AtomicFile.write(files("old", ["a.csv", "b.json"]))
        try FileManager.default.createDirectory(atPath: directory + "/c.md", withIntermediateDirectories: false)
        #expect(throws: OutputError(path: directory + "/c.md", message: "is a directory")) {
            try AtomicFile.write(files("new", names))
        }
        #expect(contents("a.csv") == "old a.csv")
        #expect(contents("b.json") == "old b.json")
        #expect(try leftovers().isEmpty)
    }

    @Test func anInputAmongTheDestinationsChangesNothing() throws {
        try AtomicFile.write(files("old", ["a.csv", "b.json"]))
        #expect(throws: OutputError.self) {
            try AtomicFile.write(files("new", ["a.csv", "b.json"]), inputs: [directory + "/b.json"])
        }
        #expect(contents("a.csv") == "old a.csv")
        #expect(contents("b.json") == "old b.json")
        #expect(try leftovers().isEmpty)
    }
}
