import Foundation
import Testing
import TestSupport

/// GUIDE section 4, degenerate data: each case either fails with one clear line and
/// writes nothing, or succeeds with a sound result; no output ever holds NaN or infinity.
@Suite("Bad input: degenerate data", .tags(.cli))
struct BadInputDegenerateTests {
    /// (name, numeric CSV with an `id` column, k for kmeans).
    static let cases: [(String, String, Int)] = [
        ("single row", "id,x1,x2\n001,1,2\n", 1),
        ("single feature", "id,x1\n001,1\n002,2\n003,10\n004,11\n", 2),
        ("all rows identical", "id,x1,x2\n001,3,4\n002,3,4\n003,3,4\n004,3,4\n", 2),
        ("fewer distinct rows than k", "id,x1,x2\n001,0,0\n002,0,0\n003,1,1\n004,1,1\n005,1,1\n", 3),
        ("zero-variance feature", "id,x1,x2,x3\n001,1,5,0\n002,2,5,1\n003,10,5,0\n004,11,5,1\n", 2),
        ("1e6 next to 1e-9", "id,x1,x2\n001,1000000,1e-9\n002,1000001,2e-9\n003,2000000,1e-9\n004,2000003,3e-9\n", 2),
        ("nearly collinear", "id,x1,x2\n001,1,1.000000000001\n002,2,2\n003,3,3.000000000002\n004,4,4\n005,5,5.000000000001\n", 2),
        ("tiny values only", "id,x1,x2\n001,1e-300,2e-300\n002,3e-300,1e-300\n003,1e-300,1e-300\n", 2),
        ("huge values", "id,x1,x2\n001,1e150,-1e150\n002,2e150,1e150\n003,-1e150,3e150\n", 2),
    ]

    /// Either a clean failure with nothing written, or success without non-finite numbers.
    func expectSoundOutcome(_ result: BinaryRunner.Result, _ scratch: ScratchDirectory, input: String,
                            _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        if result.status == 0 {
            #expect(nonFiniteNumbers(under: scratch.url.path).isEmpty,
                    "\(label): non-finite output \(nonFiniteNumbers(under: scratch.url.path))",
                    sourceLocation: sourceLocation)
            #expect(!containsNonFinite(result.stderr), "\(label): \(result.stderr)",
                    sourceLocation: sourceLocation)
        } else {
            expectOneLineError(result, [], sourceLocation: sourceLocation)
            #expect(listing(scratch.url.path) == [input], "\(label): output left after a failure",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("kmeans and pca on degenerate data: a clear error or a finite result", arguments: cases)
    func numericCommands(name: String, text: String, k: Int) throws {
        let cli = try BinaryRunner()
        for standardize in [false, true] {
            let extra = standardize ? ["--standardize"] : []
            let scratch = try ScratchDirectory()
            let input = try scratch.write("data.csv", text)
            let kmeans = try cli.run(["kmeans", input, "--id", "id", "--k", "\(k)", "--seed", "1",
                                      "--json", scratch.path("kmeans.json")] + extra)
            expectSoundOutcome(kmeans, scratch, input: "data.csv", "kmeans \(name) \(extra)")
            let again = try ScratchDirectory()
            let input2 = try again.write("data.csv", text)
            let pca = try cli.run(["pca", input2, "--id", "id", "--json", again.path("pca.json")] + extra)
            expectSoundOutcome(pca, again, input: "data.csv", "pca \(name) \(extra)")
        }
    }

    @Test("zero-variance feature: kmeans and pca --standardize succeed and warn naming the column",
          arguments: ["kmeans", "pca"])
    func zeroVarianceWarns(command: String) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let input = try scratch.write("data.csv", "id,x1,x2\n001,1,5\n002,2,5\n003,10,5\n004,11,5\n")
        let output = scratch.path("out.json")
        let extra = command == "kmeans" ? ["--k", "2", "--seed", "1"] : []
        let result = try cli.run([command, input, "--id", "id", "--standardize", "--json", output] + extra)
        expectSuccess(result)
        // The documented place for warnings is the JSON's `warnings` array.
        let data = try #require(bytes(output))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(data)) as? [String: Any])
        let warnings = (json["warnings"] as? [String]) ?? []
        #expect(warnings.contains { $0.contains("x2") && $0.contains("zero variance") }, "warnings: \(warnings)")
        #expect(nonFiniteNumbers(under: scratch.url.path).isEmpty)
    }

    @Test("metrics on degenerate data: a clear error or finite scores",
          arguments: [
              ("all rows identical", "id,x1,x2\n001,3,4\n002,3,4\n003,3,4\n004,3,4\n", "label\n0\n0\n1\n1\n"),
              ("clusters of identical rows", "id,x1\n001,1\n002,1\n003,5\n004,5\n", "label\n0\n0\n1\n1\n"),
              ("single-row clusters", "id,x1\n001,1\n002,2\n003,5\n", "label\n0\n1\n1\n"),
              ("1e150 values", "id,x1\n001,1e150\n002,-1e150\n003,2e150\n004,3e150\n", "label\n0\n0\n1\n1\n"),
          ])
    func metricsCommand(name: String, data: String, labels: String) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let input = try scratch.write("data.csv", data)
        try scratch.write("labels.csv", labels)
        let result = try cli.run(["metrics", input, "--id", "id", "--labels", scratch.path("labels.csv"),
                                  "--json", scratch.path("out.json")])
        if result.status == 0 {
            #expect(nonFiniteNumbers(under: scratch.url.path).isEmpty, "\(name): \(nonFiniteNumbers(under: scratch.url.path))")
        } else {
            expectOneLineError(result, [])
            #expect(listing(scratch.url.path) == ["data.csv", "labels.csv"], "\(name): output left after a failure")
        }
    }

    @Test("k below 1 or above the number of rows is refused naming both numbers")
    func kOutOfRange() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let input = try scratch.write("data.csv", "id,x1\n001,1\n002,2\n003,3\n")
        let tooMany = try cli.run(["kmeans", input, "--id", "id", "--k", "4", "--json", scratch.path("out.json")])
        #expect(tooMany.status == 65, "the data is at fault: \(tooMany)")
        #expect(tooMany.stderr.contains("4") && tooMany.stderr.contains("3"), "\(tooMany.stderr)")
        let zero = try cli.run(["kmeans", input, "--id", "id", "--k", "0", "--json", scratch.path("out.json")])
        #expect(zero.status == 64, "a usage error: \(zero)")
        #expect(listing(scratch.url.path) == ["data.csv"])
    }

    /// Accounts files for segment: (name, text, extra arguments).
    static let accountCases: [(String, String, [String])] = [
        ("single account", "account_id,billed_12m,avg_days_late\nA1,100,3\n", ["--k", "1"]),
        ("single account, PCA", "account_id,billed_12m,avg_days_late\nA1,100,3\n", ["--k", "1", "--pca-components", "1"]),
        ("single account, k auto", "account_id,billed_12m,avg_days_late\nA1,100,3\n", ["--k", "auto"]),
        ("two accounts, k auto", "account_id,billed_12m,avg_days_late\nA1,100,3\nA2,900,40\n", ["--k", "auto"]),
        ("single feature",
         "account_id,avg_days_late\n" + (1...8).map { "A\($0),\($0 * 4)" }.joined(separator: "\n") + "\n", ["--k", "2"]),
        ("single feature with PCA",
         "account_id,avg_days_late\n" + (1...8).map { "A\($0),\($0 * 4)" }.joined(separator: "\n") + "\n",
         ["--k", "2", "--pca-components", "1"]),
        ("all accounts identical",
         "account_id,billed_12m,avg_days_late\n" + (1...6).map { "A\($0),100,3" }.joined(separator: "\n") + "\n",
         ["--k", "2"]),
        ("all accounts identical, PCA",
         "account_id,billed_12m,avg_days_late\n" + (1...6).map { "A\($0),100,3" }.joined(separator: "\n") + "\n",
         ["--k", "2", "--pca-components", "2"]),
        ("fewer distinct accounts than k",
         "account_id,billed_12m,avg_days_late\n" + (1...6).map { "A\($0),\($0 % 2 * 100),3" }.joined(separator: "\n") + "\n",
         ["--k", "4"]),
        ("zero-variance feature",
         "account_id,billed_12m,avg_days_late\n" + (1...8).map { "A\($0),\($0 * 100),3" }.joined(separator: "\n") + "\n",
         ["--k", "2"]),
        ("1e6 next to 1e-9",
         "account_id,billed_12m,dispute_rate\n" + (1...8).map { "A\($0),\(1_000_000 * $0),\($0)e-9" }.joined(separator: "\n") + "\n",
         ["--k", "2"]),
        ("nearly collinear features, PCA",
         "account_id,avg_days_late,max_days_late,pct_paid_late\n"
             + (1...10).map { "A\($0),\($0 * 3),\(Double($0 * 3) + 1e-10 * Double($0 % 3)),\($0 * 3)" }
                 .joined(separator: "\n") + "\n",
         ["--k", "3", "--features", "avg_days_late,max_days_late,pct_paid_late", "--pca-components", "3"]),
        ("negative money values",
         "account_id,billed_12m,avg_days_late\n" + (1...8).map { "A\($0),\(-100 * $0),\($0)" }.joined(separator: "\n") + "\n",
         ["--k", "2"]),
    ]

    @Test("segment on degenerate accounts: a clear error or finite outputs", arguments: accountCases)
    func segmentCommand(name: String, text: String, extra: [String]) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let input = try scratch.write("accounts.csv", text)
        let result = try cli.run(["segment", input, "--seed", "1", "-o", scratch.path("run")] + extra)
        expectSoundOutcome(result, scratch, input: "accounts.csv", "segment \(name)")
    }

    @Test("discover and validate on degenerate accounts: a clear error or finite outputs", arguments: accountCases)
    func discoverAndValidate(name: String, text: String, extra: [String]) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let input = try scratch.write("accounts.csv", text)
        let discover = try cli.run(["discover", input, "--seed", "1", "--k-range", "2...4", "--references", "3",
                                    "--bootstrap", "5", "-o", scratch.path("discover")])
        expectSoundOutcome(discover, scratch, input: "accounts.csv", "discover \(name)")
        // validate needs a model of the same accounts; segment may refuse them (checked above).
        let trained = try ScratchDirectory()
        let trainedInput = try trained.write("accounts.csv", text)
        let segment = try cli.run(["segment", trainedInput, "--seed", "1", "-o", trained.path("run")] + extra)
        guard segment.status == 0 else { return }
        let validate = try cli.run(["validate", trainedInput, "--model", trained.path("run/model.json"),
                                    "--bootstrap", "5", "--seed", "1", "-o", trained.path("validate")])
        if validate.status == 0 {
            #expect(nonFiniteNumbers(under: trained.path("validate")).isEmpty, "validate \(name)")
        } else {
            expectOneLineError(validate, [])
            #expect(!FileManager.default.fileExists(atPath: trained.path("validate")), "validate \(name): output left")
        }
    }

    @Test("segment names the zero-variance feature in its report")
    func zeroVarianceNoted() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let input = try scratch.write("accounts.csv", "account_id,billed_12m,avg_days_late\n"
                                      + (1...8).map { "A\($0),\($0 * 100),3" }.joined(separator: "\n") + "\n")
        let run = scratch.path("run")
        expectSuccess(try cli.run(["segment", input, "--k", "2", "--seed", "1", "-o", run]))
        let markdown = String(decoding: try #require(bytes(run + "/report.md")), as: UTF8.self)
        // Markdown escapes the underscores.
        let line = markdown.replacingOccurrences(of: "\\_", with: "_").split(separator: "\n")
            .first { $0.contains("zero variance") }
        #expect(line?.contains("avg_days_late") == true, "no note naming avg_days_late: \(line ?? "none")")
    }
}
