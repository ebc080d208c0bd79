import Foundation
import Testing
import TestSupport

/// GUIDE section 4, number rows: cells Swift's `Double(String)` or a spreadsheet would
/// read loosely are refused with `FILE:LINE:COLUMN: ... (VALUE)`, missing values are an
/// error (never a silent 0), and account ids stay text.
@Suite("Bad input: numbers, missing values, ids", .tags(.cli))
struct BadInputNumberTests {
    /// (cell as written in the CSV, the value the error shows). Cells with a comma are quoted.
    static let badNumbers: [(String, String)] = [
        (#""1,234.56""#, "1,234.56"),
        ("$12", "$12"),
        ("(12.50)", "(12.50)"),
        (#""1.234,56""#, "1.234,56"),
        ("nan", "nan"),
        ("NaN", "NaN"),
        ("inf", "inf"),
        ("-Infinity", "-Infinity"),
        ("1e400", "1e400"),
        ("0x1p3", "0x1p3"),
        (" 12", " 12"),
        ("12 EUR", "12 EUR"),
    ]
    /// Missing-value spellings: the policy is an error, never 0.
    static let missing: [(String, String)] = [("NA", "NA"), ("NULL", "NULL"), ("", "")]

    @Test("a bad amount in the ledger names file:line:column and the value", arguments: badNumbers + missing)
    func ledgerAmount(cell: String, shown: String) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        var lines = BadInputCSVTests.ledgerLines
        lines[3] = "A2,INV3,2025-02-01,2025-03-03,\(cell),2025-03-01,no"
        let input = try scratch.write("ledger.csv", lines.joined(separator: "\n") + "\n")
        let output = scratch.path("features.csv")
        let result = try cli.run(["features", input, "--as-of", "2025-06-30", "-o", output])
        expectOneLineError(result, ["ledger.csv:4:amount:", "(\(shown))"])
        #expect(bytes(output) == nil)
    }

    @Test("a bad feature cell stops kmeans and pca with file:line:column and the value",
          arguments: badNumbers + missing)
    func numericFeature(cell: String, shown: String) throws {
        let cli = try BinaryRunner()
        for command in ["kmeans", "pca"] {
            let scratch = try ScratchDirectory()
            let input = try scratch.write("data.csv", "id,x1,x2\n001,1,2\n002,\(cell),4\n003,5,6\n")
            var arguments = [command, input, "--id", "id", "--json", scratch.path("out.json")]
            if command == "kmeans" { arguments += ["--k", "2"] }
            let result = try cli.run(arguments)
            expectOneLineError(result, ["data.csv:3:x1:", "(\(shown))"])
            #expect(listing(scratch.url.path) == ["data.csv"], "\(command): an output was written")
        }
    }

    @Test("a bad feature cell stops segment with file:line:column and the value; no run directory",
          arguments: badNumbers + missing)
    func accountsFeature(cell: String, shown: String) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        var rows = ["account_id,billed_12m,avg_days_late"]
        for i in 0..<6 { rows.append("A\(i),\(100 * (i + 1)),\(i * 7)") }
        rows[4] = "A3,\(cell),21"
        let input = try scratch.write("accounts.csv", rows.joined(separator: "\n") + "\n")
        let result = try cli.run(["segment", input, "--k", "2", "--seed", "1", "-o", scratch.path("run")])
        expectOneLineError(result, ["accounts.csv:5:billed_12m:", "(\(shown))"])
        #expect(listing(scratch.url.path) == ["accounts.csv"])
    }

    @Test("metrics: a bad labels file is one line naming it; nothing is written",
          arguments: [
              ("label\n0\n0\n1\n", ["labels.csv", "3 labels for 4 data rows"]),
              ("label\n0\n0.5\n1\n1\n", ["labels.csv:3:label:", "(0.5)"]),
              ("label\n0\nNA\n1\n1\n", ["labels.csv:3:label:", "(NA)"]),
              ("label\n0\n0\n0\n0\n", ["labels.csv", "distinct labels"]),
              ("label\n", ["labels.csv:2:", "no data rows"]),
          ])
    func metricsLabels(text: String, fragments: [String]) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let data = try scratch.write("data.csv", "id,x1\n001,1\n002,2\n003,9\n004,10\n")
        let labels = try scratch.write("labels.csv", text)
        let result = try cli.run(["metrics", data, "--id", "id", "--labels", labels, "--json", scratch.path("out.json")])
        expectOneLineError(result, fragments)
        #expect(listing(scratch.url.path) == ["data.csv", "labels.csv"])
    }

    @Test("plain decimals in every accepted spelling are read (the parser is strict, not narrow)")
    func acceptedSpellings() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        // Same values twice: as plain text, and in the other accepted spellings.
        let plain = try scratch.write("plain.csv", "id,x1,x2\n001,1,0.5\n002,-2,1200\n003,0.001,0\n004,3,-0.25\n")
        let spelled = try scratch.write("spelled.csv",
                                        "id,x1,x2\n001,+1.0,.5\n002,-2e0,1.2E3\n003,1e-3,\"0\"\n004,3.,-25e-2\n")
        let a = try cli.run(["pca", plain, "--id", "id", "--json", scratch.path("a.json")])
        let b = try cli.run(["pca", spelled, "--id", "id", "--json", scratch.path("b.json")])
        expectSuccess(a)
        expectSuccess(b)
        #expect(bytes(scratch.path("a.json")) == bytes(scratch.path("b.json")))
    }

    @Test("account ids stay text: 007 and 0042 come out as written")
    func idsStayText() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        var lines = BadInputCSVTests.ledgerLines
        lines[3] = lines[3].replacingOccurrences(of: "A2,", with: "0042,")
        lines[4] = lines[4].replacingOccurrences(of: "A2,", with: "0042,")
        let input = try scratch.write("ledger.csv", lines.joined(separator: "\n") + "\n")
        let output = scratch.path("features.csv")
        expectSuccess(try cli.run(["features", input, "--as-of", "2025-06-30", "-o", output]))
        let ids = String(decoding: try #require(bytes(output)), as: UTF8.self)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",").first.map(String.init) ?? "" }
        #expect(ids.sorted() == ["0042", "007"])
    }

    @Test("account ids stay text through segment: 007 in assignments and worklist")
    func idsStayTextThroughSegment() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let accounts = try generatedAccounts(cli, in: scratch)
        // Prefix every id with zeros so a numeric reading would change it.
        let text = String(decoding: try #require(bytes(accounts)), as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in 1..<lines.count where !lines[i].isEmpty { lines[i] = "00" + lines[i] }
        let padded = try scratch.write("padded.csv", lines.joined(separator: "\n"))
        let run = scratch.path("run")
        expectSuccess(try cli.run(["segment", padded, "--k", "3", "--seed", "5", "-o", run]))
        let assignments = String(decoding: try #require(bytes(run + "/assignments.csv")), as: UTF8.self)
        let ids = assignments.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        #expect(!ids.isEmpty && ids.allSatisfy { $0.hasPrefix("00") }, "ids lost their zeros: \(ids.prefix(5))")
    }
}
