import Foundation
import Testing
import TestSupport

/// Issue 7, "nothing lost": an output path equal to an input is refused and the input stays
/// intact; a failing command writes nothing and leaves earlier outputs exactly as they were;
/// no temporary file is ever left behind.
@Suite("Bad input: outputs and inputs", .tags(.cli))
struct BadInputOutputTests {
    /// Every file under `directory` with its bytes (recursively, hidden files included).
    func snapshot(_ directory: String) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        let enumerator = FileManager.default.enumerator(atPath: directory)
        while let name = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let path = directory + "/" + name
            if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[name] = bytes(path)
            }
        }
        return files
    }

    @Test("features: -o naming the ledger (directly, via a symlink, or a hard link) is refused; ledger intact")
    func featuresOutputIsInput() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let ledger = try scratch.write("ledger.csv", BadInputCSVTests.ledger)
        try FileManager.default.createSymbolicLink(atPath: scratch.path("link.csv"), withDestinationPath: ledger)
        try FileManager.default.linkItem(atPath: ledger, toPath: scratch.path("hard.csv"))
        let before = snapshot(scratch.url.path)
        for output in [ledger, scratch.path("link.csv"), scratch.path("hard.csv"), scratch.url.path + "/./ledger.csv"] {
            let result = try cli.run(["features", ledger, "--as-of", "2025-06-30", "-o", output])
            expectOneLineError(result, ["input"])
            #expect(snapshot(scratch.url.path) == before, "\(output): files changed")
        }
    }

    @Test("kmeans and pca: --json naming the data file is refused; data intact", arguments: ["kmeans", "pca"])
    func numericOutputIsInput(command: String) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let data = try scratch.write("data.csv", numericCSV(rows: 10))
        let before = snapshot(scratch.url.path)
        var arguments = [command, data, "--id", "id", "--json", data]
        if command == "kmeans" { arguments += ["--k", "2"] }
        expectOneLineError(try cli.run(arguments), ["input"])
        #expect(snapshot(scratch.url.path) == before)
    }

    @Test("segment: an output directory holding the accounts file as one of its outputs is refused; nothing written")
    func segmentOutputIsInput() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let accounts = try generatedAccounts(cli, in: scratch, customers: 40)
        let run = scratch.path("run")
        try FileManager.default.createDirectory(atPath: run, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: accounts, toPath: run + "/assignments.csv")
        let before = snapshot(scratch.url.path)
        let result = try cli.run(["segment", run + "/assignments.csv", "--k", "2", "--seed", "1", "-o", run])
        expectOneLineError(result, ["input"])
        #expect(snapshot(scratch.url.path) == before, "files changed: \(listing(run))")
    }

    @Test("assign: -o naming the accounts or the model is refused; both intact")
    func assignOutputIsInput() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let (accounts, directory) = try trainedModel(cli, in: scratch)
        let model = directory + "/model.json"
        let before = snapshot(scratch.url.path)
        for output in [accounts, model] {
            expectOneLineError(try cli.run(["assign", "--model", model, accounts, "-o", output]), ["input"])
            #expect(snapshot(scratch.url.path) == before)
        }
    }

    @Test("a failing segment run leaves the previous run's files byte for byte, and no temporary files")
    func failureKeepsPreviousOutputs() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let (accounts, run) = try trainedModel(cli, in: scratch)
        let before = snapshot(run)
        #expect(before.keys.contains("model.json") && before.keys.contains("worklist.csv"))
        // Same accounts with one bad cell: fails while reading.
        let bad = try scratch.write("bad-accounts.csv", try replacingCell(in: accounts, row: 1, column: "billed_12m", with: "nan"))
        let result = try cli.run(["segment", bad, "--k", "4", "--seed", "3", "-o", run])
        expectOneLineError(result, ["bad-accounts.csv:2:billed_12m:", "(nan)"])
        #expect(snapshot(run) == before, "previous outputs changed")
    }

    @Test("a segment run that cannot write one of its files changes none of the previous ones")
    func writeFailureKeepsPreviousOutputs() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let (accounts, run) = try trainedModel(cli, in: scratch)
        // A directory where the last output file goes: renaming a file over it fails.
        let names = listing(run).filter { !$0.hasPrefix(".") }
        let victim = try #require(names.contains("worklist.csv") ? "worklist.csv" : names.last)
        try FileManager.default.removeItem(atPath: run + "/" + victim)
        try FileManager.default.createDirectory(atPath: run + "/" + victim, withIntermediateDirectories: false)
        let before = snapshot(run)
        // Another seed and k, so every file would change if written.
        let result = try cli.run(["segment", accounts, "--k", "3", "--seed", "9", "-o", run])
        #expect(result.status == 73, "an output cannot be written: \(result)")
        #expect(result.stderrLines.count == 1, "\(result.stderr)")
        #expect(snapshot(run) == before, "files changed: \(listing(run))")
        #expect(listing(run).filter { $0.contains(".tmp") }.isEmpty, "temporary files left: \(listing(run))")
    }

    @Test("generate: a truth file that cannot be written leaves the previous ledger as it was")
    func generateWritesAllOrNothing() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let ledger = try scratch.write("ledger.csv", "previous\n")
        try FileManager.default.createDirectory(atPath: scratch.path("truth.csv"), withIntermediateDirectories: false)
        let result = try cli.run(["generate", "--customers", "5", "--seed", "1", "--as-of", "2025-06-30",
                                  "-o", ledger, "--truth", scratch.path("truth.csv")])
        expectOneLineError(result, ["truth.csv"])
        #expect(bytes(ledger) == Array("previous\n".utf8))
        #expect(listing(scratch.url.path) == ["ledger.csv", "truth.csv"])
    }

    @Test("an output in a missing or read-only directory is one error line; no temporary file left")
    func unwritableDestination() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let ledger = try scratch.write("ledger.csv", BadInputCSVTests.ledger)
        let missing = try cli.run(["features", ledger, "--as-of", "2025-06-30", "-o", scratch.path("no/such/dir/f.csv")])
        expectOneLineError(missing, ["f.csv"])
        let locked = scratch.path("locked")
        try FileManager.default.createDirectory(atPath: locked, withIntermediateDirectories: false)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: locked)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: locked) }
        // Root ignores permissions; only check the refusal when the directory is really read-only.
        if access(locked, W_OK) != 0 {
            let readOnly = try cli.run(["features", ledger, "--as-of", "2025-06-30", "-o", locked + "/f.csv"])
            expectOneLineError(readOnly, ["f.csv"])
        }
        #expect(listing(locked).isEmpty)
    }
}
