import Foundation
import Testing
import TestSupport

/// Typed options: a bad value is a usage error caught while parsing, before any work (exit 64,
/// argument-parser's message naming the option, then the usage), and nothing is written.
@Suite("Argument parsing", .tags(.cli))
struct ArgumentParsingTests {
    /// The repository root, where `datasets/` is.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// Exit 64, `fragment` on the first line of standard error (after argument-parser's `Error: `),
    /// the usage after it, nothing on standard output.
    func expectUsageError(_ result: BinaryRunner.Result, _ fragment: String,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 64, "expected exit 64: \(result)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.first?.hasPrefix("Error: ") == true, "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderrLines.first?.contains(fragment) == true, "'\(fragment)' not first in: \(result.stderr)",
                sourceLocation: sourceLocation)
        #expect(result.stderr.contains("Usage: ar-segment "), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, "\(result.stdout)", sourceLocation: sourceLocation)
    }

    @Test("features --columns foo exits 64 and writes nothing")
    func badColumnMappingIsAUsageError() throws {
        let scratch = try ScratchDirectory()
        let output = scratch.path("x.csv")
        let result = try BinaryRunner.run(["features", "datasets/ledger.csv", "--as-of", "2025-06-30",
                                           "--columns", "foo", "-o", output], in: Self.root)
        expectUsageError(result, "The value 'foo' is invalid for '--columns <columns>': expected canonical=source, found 'foo'")
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("every ledger command parses --as-of, --date-format and --columns the same way",
          arguments: [
              ["features", "l.csv", "-o", "f.csv"],
              ["segment", "--ledger", "l.csv", "-o", "run"],
              ["backtest", "--ledger", "l.csv", "--horizon", "30", "-o", "run"],
              ["plan", "--model", "m.json", "--ledger", "l.csv", "-o", "run"],
          ])
    func ledgerOptions(command: [String]) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let bad: [([String], String)] = [
            (["--as-of", "30/06/2025"], "'--as-of <as-of>': must be a date YYYY-MM-DD"),
            (["--as-of", "2025-02-30"], "'--as-of <as-of>': must be a date YYYY-MM-DD"),
            (["--as-of", "2025-06-30", "--date-format", "M/d/yy"], "'--date-format <date-format>': not a date pattern"),
            (["--as-of", "2025-06-30", "--columns", "acount_id=x"], "'--columns <columns>': unknown ledger column 'acount_id'"),
            (["--as-of", "2025-06-30", "--columns", "amount=A,amount=B"], "'--columns <columns>': 'amount' is mapped twice"),
        ]
        for (arguments, fragment) in bad {
            expectUsageError(try cli.run(command + arguments, in: scratch.url), fragment)
        }
        #expect(listing(scratch.url.path).isEmpty)
    }

    @Test("generate --as-of is a date")
    func generateAsOf() throws {
        let scratch = try ScratchDirectory()
        let result = try BinaryRunner.run(["generate", "--customers", "5", "--seed", "1", "--as-of", "2025-6-30",
                                           "-o", "l.csv", "--truth", "t.csv"], in: scratch.url)
        expectUsageError(result, "The value '2025-6-30' is invalid for '--as-of <as-of>': must be a date YYYY-MM-DD")
        #expect(listing(scratch.url.path).isEmpty)
    }

    @Test("segment --ledger needs --as-of; the ledger options need --ledger")
    func ledgerCombinations() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        expectUsageError(try cli.run(["segment", "--ledger", "l.csv", "-o", "run"], in: scratch.url),
                         "--ledger needs --as-of YYYY-MM-DD")
        expectUsageError(try cli.run(["segment", "a.csv", "--date-format", "M/d/yyyy", "-o", "run"], in: scratch.url),
                         "--as-of, --columns, --date-format, --accounts and --promises go with --ledger")
    }

    @Test("--algorithm is the same enum in kmeans and segment", arguments: [
        ["kmeans", "x.csv", "--k", "2", "--json", "out.json"],
        ["segment", "a.csv", "-o", "run"],
    ])
    func algorithmIsTyped(command: [String]) throws {
        let scratch = try ScratchDirectory()
        let result = try BinaryRunner.run(command + ["--algorithm", "elkan"], in: scratch.url)
        expectUsageError(result, "The value 'elkan' is invalid for '--algorithm <")
        #expect(result.stderrLines.first?.contains("'lloyd' and 'minibatch'") == true, "\(result.stderr)")
    }

    @Test("kmeans --n-init defaults to scikit-learn's auto: 1 for k-means++ and centroids, 10 for random")
    func restartsAuto() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let data = try scratch.write("x.csv", numericCSV(rows: 40, columns: 2))
        try scratch.write("init.csv", "x1,x2\n0,0\n10,10\n")
        let cases: [([String], Int)] = [([], 1), (["--init", "random"], 10), (["--init", scratch.path("init.csv")], 1),
                                        (["--n-init", "3"], 3), (["--algorithm", "minibatch"], 1)]
        for (extra, expected) in cases {
            let output = scratch.path("km.json")
            let result = try cli.run(["kmeans", data, "--id", "id", "--k", "2", "--json", output] + extra)
            #expect(result.status == 0, "\(extra): \(result)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output)))
                                    as? [String: Any])
            #expect(json["n_init"] as? Int == expected, "\(extra): \(json["n_init"] ?? "none")")
            #expect(json["seed"] as? Int == 0, "kmeans keeps the estimator's seed 0")
        }
    }

    @Test("help groups the subcommands as the README does")
    func groupedHelp() throws {
        let help = try BinaryRunner.run(["--help"])
        #expect(help.status == 0)
        let groups = ["NUMERIC SUBCOMMANDS:", "COLLECTIONS SUBCOMMANDS:", "REPORTING SUBCOMMANDS:"]
        let positions = groups.map { help.stdout.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil } && positions == positions.sorted { $0! < $1! }, "\(help.stdout)")
        for command in ["kmeans", "pca", "metrics", "doctor", "generate", "features", "discover", "segment",
                        "backtest", "assign", "validate", "report", "plan", "export-pmml"] {
            #expect(help.stdout.contains("\n  \(command) "), "\(command) missing from: \(help.stdout)")
        }
    }
}
