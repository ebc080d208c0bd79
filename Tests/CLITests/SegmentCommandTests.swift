import Foundation
import TestSupport
import Testing

/// `ar-segment segment`, `assign` and `report`, run as a user runs them.
@Suite(.tags(.cli)) struct SegmentCommandTests {
    typealias CLI = SegmentCLI

    /// This test's files (every test gets its own; removed when it ends).
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory() }
    static let outputs = ["assignments.csv", "model.json", "profiles.csv", "report.html", "report.md",
                          "summary.json", "worklist.csv"]
    /// The files that must be byte-identical for the same inputs and seed.
    static let reproducible = ["model.json", "assignments.csv", "profiles.csv", "worklist.csv"]

    func segment(_ extra: [String], into name: String) throws -> (String, SegmentCLI.Result) {
        let data = try CLI.data()
        let dir = try scratch.directory(name)
        let out = dir + "/run"
        return (out, try BinaryRunner.run(["segment", data.accounts, "--n-init", "3", "-o", out] + extra))
    }

    @Test func writesEveryFileAndAssignReproducesAssignments() throws {
        let (out, result) = try segment(["--k", "4"], into: "segment")
        CLI.expectSuccess(result)
        #expect(CLI.files(in: out) == Self.outputs)
        #expect(result.stdout.hasSuffix(out + "/report.html\n"))
        #expect(result.stdout.hasPrefix("4 segments (k fixed) for 240 accounts"))
        // Standard error is not a terminal here: no progress line, no diagnostics.
        #expect(result.stderr.isEmpty)

        let model = try CLI.json(out + "/model.json")
        #expect(model["modelVersion"] as? Int == 1)
        #expect((model["segments"] as? [Any])?.count == 4)
        let assignments = String(decoding: CLI.read(out + "/assignments.csv")!, as: UTF8.self)
        let lines = assignments.split(separator: "\n")
        #expect(lines.first == "account_id,segment,strategy,distance,priority")
        #expect(lines.count == 241)

        let again = out + "/../assign-again.csv"
        CLI.expectSuccess(try BinaryRunner.run(["assign", "--model", out + "/model.json", try CLI.data().accounts, "-o", again]))
        #expect(CLI.read(again) == CLI.read(out + "/assignments.csv"))
    }

    @Test func reportReRendersTheSavedRun() throws {
        let (out, result) = try segment(["--k", "3"], into: "report")
        CLI.expectSuccess(result)
        for (format, file) in [("md", "report.md"), ("json", "summary.json"), ("html", "report.html")] {
            let target = out + "/../again." + format
            CLI.expectSuccess(try BinaryRunner.run(["report", "--model", out + "/model.json", "--format", format, "-o", target]))
            #expect(CLI.read(target) == CLI.read(out + "/" + file), "format \(format)")
        }
        #expect(String(decoding: CLI.read(out + "/report.html")!, as: UTF8.self).contains("<svg"))
    }

    @Test func sameInputsAndSeedGiveIdenticalFiles() throws {
        let (first, a) = try segment(["--k", "4", "--seed", "9"], into: "same-a")
        let (second, b) = try segment(["--k", "4", "--seed", "9"], into: "same-b")
        let (other, c) = try segment(["--k", "4", "--seed", "10"], into: "same-c")
        CLI.expectSuccess(a)
        CLI.expectSuccess(b)
        CLI.expectSuccess(c)
        for name in Self.reproducible {
            #expect(CLI.read(first + "/" + name) == CLI.read(second + "/" + name), "\(name) differs between runs")
        }
        #expect(CLI.read(first + "/model.json") != CLI.read(other + "/model.json"))
    }

    @Test func autoKTakesTheDiscoveryVote() throws {
        let (out, result) = try segment(["--k", "auto", "--n-init", "2"], into: "auto")
        CLI.expectSuccess(result)
        let model = try CLI.json(out + "/model.json")
        let kmeans = model["kmeans"] as! [String: Any]
        #expect(kmeans["kChoice"] as? String == "auto")
        let k = kmeans["k"] as! Int
        #expect((2...10).contains(k))
        let notes = (model["report"] as! [String: Any])["notes"] as! [String]
        #expect(notes.contains { $0.hasPrefix("k chosen automatically: k=\(k):") })
    }

    @Test func ledgerPCAWeightsAndVerboseDiagnostics() throws {
        let data = try CLI.data()
        let out = try scratch.directory("ledger") + "/run"
        let result = try BinaryRunner.run(["segment", "--ledger", data.ledger, "--as-of", data.asOf, "--k", "3",
                                           "--n-init", "2", "--pca-components", "3", "--weight-by", "billed_12m",
                                           "--verbose", "-o", out])
        CLI.expectSuccess(result)
        #expect(result.stderr.contains("features:"), "no swift-log diagnostics with --verbose: \(result.stderr)")
        let model = try CLI.json(out + "/model.json")
        let pca = model["pca"] as! [String: Any]
        #expect((pca["components"] as! [[Double]]).count == 3)
        #expect((model["centroids"] as! [[Double]]).allSatisfy { $0.count == 3 })
        #expect((model["kmeans"] as! [String: Any])["weightColumn"] as? String == "billed_12m")
        let provenance = (model["report"] as! [String: Any])["provenance"] as! [String: Any]
        #expect(provenance["asOf"] as? String == data.asOf)
        // The ledger's features are the accounts file's: assign on that file reproduces the run.
        let again = out + "/../again.csv"
        CLI.expectSuccess(try BinaryRunner.run(["assign", "--model", out + "/model.json", data.accounts, "-o", again]))
        #expect(CLI.read(again) == CLI.read(out + "/assignments.csv"))
    }

    @Test func miniBatchFitIsRecordedSeededAndReproducedByAssign() throws {
        let (out, result) = try segment(["--k", "4", "--algorithm", "minibatch", "--batch-size", "64"], into: "minibatch")
        CLI.expectSuccess(result)
        let kmeans = try CLI.json(out + "/model.json")["kmeans"] as! [String: Any]
        #expect(kmeans["algorithm"] as? String == "minibatch")
        let again = out + "/../assign-again.csv"
        CLI.expectSuccess(try BinaryRunner.run(["assign", "--model", out + "/model.json", try CLI.data().accounts, "-o", again]))
        #expect(CLI.read(again) == CLI.read(out + "/assignments.csv"))
        let (second, repeated) = try segment(["--k", "4", "--algorithm", "minibatch", "--batch-size", "64"], into: "minibatch-again")
        CLI.expectSuccess(repeated)
        for name in Self.reproducible {
            #expect(CLI.read(out + "/" + name) == CLI.read(second + "/" + name), "\(name) differs between runs")
        }
        // Lloyd runs do not record an algorithm: their model files are unchanged by the option.
        let (lloyd, plain) = try segment(["--k", "4"], into: "lloyd")
        CLI.expectSuccess(plain)
        #expect((try CLI.json(lloyd + "/model.json")["kmeans"] as! [String: Any])["algorithm"] == nil)
    }

    @Test func badFeatureWritesNothing() throws {
        let (out, result) = try segment(["--k", "3", "--features", "avg_days_late,no_such_column"], into: "bad-feature")
        CLI.expectOneLineError(result, ["accounts.csv", "no_such_column", "no such column"])
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func kLargerThanTheAccountsIsAnError() throws {
        let (out, result) = try segment(["--k", "5000"], into: "big-k")
        CLI.expectOneLineError(result, ["--k must be between 1 and the number of accounts (240)", "5000"])
        #expect(!FileManager.default.fileExists(atPath: out))
        CLI.expectUsageError(try segment(["--k", "0"], into: "zero-k").1, "--k must be at least 1")
    }

    @Test func outputOverAnInputIsRefusedBeforeAnythingIsWritten() throws {
        let data = try CLI.data()
        let dir = try scratch.directory("over-input")
        let input = dir + "/worklist.csv"
        try FileManager.default.copyItem(atPath: data.accounts, toPath: input)
        let result = try BinaryRunner.run(["segment", input, "--k", "3", "--n-init", "2", "-o", dir])
        CLI.expectOneLineError(result, ["worklist.csv", "input"], status: 73)
        #expect(CLI.files(in: dir) == ["worklist.csv"])
        #expect(CLI.read(input) == CLI.read(data.accounts))
    }

    @Test func assignRefusesBrokenModelsSayingWhatDiffers() throws {
        let (out, result) = try segment(["--k", "3"], into: "broken-model")
        CLI.expectSuccess(result)
        let model = String(decoding: CLI.read(out + "/model.json")!, as: UTF8.self)
        let accounts = try CLI.data().accounts
        let target = out + "/../assigned.csv"
        func assign(_ text: String) throws -> SegmentCLI.Result {
            let path = out + "/../edited-model.json"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return try BinaryRunner.run(["assign", "--model", path, accounts, "-o", target])
        }
        CLI.expectOneLineError(try assign(String(model.prefix(model.count / 2))), ["edited-model.json", "truncated"])
        CLI.expectOneLineError(try assign(model.replacingOccurrences(of: "\"modelVersion\" : 1", with: "\"modelVersion\" : 2")),
                               ["model version 2 is not supported", "reads model version 1"])
        CLI.expectOneLineError(try assign(model.replacingOccurrences(of: "\"avg_days_late\"", with: "\"avg_days_late_v2\"")),
                               ["accounts.csv", "missing feature column", "avg_days_late_v2"])
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func strategiesFileDecidesTheStrategies() throws {
        let dir = try scratch.directory("strategies")
        let book = dir + "/book.yaml"
        try Data("""
        strategies:
          - id: everyone_gets_a_letter
            name: Letter to everyone
            summary: One treatment for all.
            treatment:
              channels: [letter]
              escalation: none
              needs_call: false
            policy:
              levels:
                - {name: letter, delay: 10, channel: letter}
        rules:
          - strategy: everyone_gets_a_letter
            when: ["mean(avg_days_late) >= -1000"]
        """.utf8).write(to: URL(fileURLWithPath: book))
        let (out, result) = try segment(["--k", "3", "--strategies", book], into: "strategies")
        CLI.expectSuccess(result)
        let rows = String(decoding: CLI.read(out + "/assignments.csv")!, as: UTF8.self).split(separator: "\n").dropFirst()
        #expect(rows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[2] == "everyone_gets_a_letter" })
        let model = try CLI.json(out + "/model.json")
        let strategies = (model["strategyBook"] as! [String: Any])["strategies"] as! [[String: Any]]
        #expect(strategies.map { $0["id"] as! String } == ["everyone_gets_a_letter"])

        try Data("rules:\n  - strategy: nobody\n    when: [\"mean(avg_days_late) > 1\"]\n".utf8)
            .write(to: URL(fileURLWithPath: book))
        let (badOut, bad) = try segment(["--k", "3", "--strategies", book], into: "bad-strategies")
        CLI.expectOneLineError(bad, ["book.yaml", "nobody"])
        #expect(!FileManager.default.fileExists(atPath: badOut))
    }
}
