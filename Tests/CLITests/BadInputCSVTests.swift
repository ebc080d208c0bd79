import Foundation
import Testing
import TestSupport

/// GUIDE section 4, CSV rows, through the built binary: what RFC 4180 allows is read
/// exactly as the plain file, and every structural fault is one error line naming the file
/// (and line or column) with a non-zero exit and no output written.
@Suite("Bad input: CSV structure", .tags(.cli))
struct BadInputCSVTests {
    /// A small valid ledger, LF line ends, every field unquoted.
    static let ledgerLines = [
        "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed",
        "007,INV1,2025-01-10,2025-02-09,1200.50,2025-02-20,no",
        "007,INV2,2025-03-01,2025-03-31,800,,yes",
        "A2,INV3,2025-02-01,2025-03-03,99.99,2025-03-01,no",
        "A2,INV4,2025-04-15,2025-05-15,4500,,no",
    ]
    static var ledger: String { ledgerLines.joined(separator: "\n") + "\n" }

    /// Runs `features` on `text` written as `ledger.csv`; returns the result and the output path.
    func features(_ text: String, _ scratch: ScratchDirectory) throws -> (BinaryRunner.Result, String) {
        let cli = try BinaryRunner()
        let input = try scratch.write("ledger.csv", text)
        let output = scratch.path("features.csv")
        return (try cli.run(["features", input, "--as-of", "2025-06-30", "-o", output]), output)
    }

    @Test("BOM, CRLF, no final newline and needless quotes read exactly as the plain file",
          arguments: [
              ("BOM", "\u{FEFF}" + ledger),
              ("CRLF", ledgerLines.joined(separator: "\r\n") + "\r\n"),
              ("no final newline", ledgerLines.joined(separator: "\n")),
              ("BOM + CRLF + no final newline", "\u{FEFF}" + ledgerLines.joined(separator: "\r\n")),
              ("every field quoted", ledgerLines.map { $0.split(separator: ",", omittingEmptySubsequences: false)
                  .map { "\"\($0)\"" }.joined(separator: ",") }.joined(separator: "\n") + "\n"),
          ])
    func acceptedVariants(name: String, text: String) throws {
        let scratch = try ScratchDirectory()
        let (plain, plainOutput) = try features(Self.ledger, scratch)
        expectSuccess(plain)
        let expected = try #require(bytes(plainOutput))
        let variant = try ScratchDirectory()
        let (result, output) = try features(text, variant)
        expectSuccess(result)
        #expect(bytes(output) == expected, "\(name): features differ from the plain file's")
    }

    @Test("quoted commas, doubled quotes and line breaks inside quotes are kept in the account id")
    func quotedFields() throws {
        let scratch = try ScratchDirectory()
        var lines = Self.ledgerLines
        lines[1] = #""Smith, ""Jr"" & Co",INV1,2025-01-10,2025-02-09,1200.50,2025-02-20,no"#
        lines[2] = "\"two\nlines\",INV2,2025-03-01,2025-03-31,800,,yes"
        let (result, output) = try features(lines.joined(separator: "\n") + "\n", scratch)
        expectSuccess(result)
        let text = String(decoding: try #require(bytes(output)), as: UTF8.self)
        #expect(text.contains("\n\"Smith, \"\"Jr\"\" & Co\","), "quoted account id lost: \(text)")
        #expect(text.contains("\n\"two\nlines\","), "multi-line account id lost: \(text)")
    }

    /// Structural faults in the ledger: (name, file text, fragments of the expected error line).
    static let faults: [(String, String, [String])] = [
        ("unterminated quote",
         ledgerLines[0...1].joined(separator: "\n") + "\n\"007,INV2,2025-03-01,2025-03-31,800,,yes\n",
         ["ledger.csv:3:", "unterminated quoted field"]),
        ("too many fields",
         ledgerLines[0...1].joined(separator: "\n") + "\n007,INV2,2025-03-01,2025-03-31,800,,yes,extra\n",
         ["ledger.csv:3:", "expected 7 fields, found 8"]),
        ("too few fields",
         ledgerLines[0...2].joined(separator: "\n") + "\nA2,INV3,2025-02-01,2025-03-03,99.99,2025-03-01\n",
         ["ledger.csv:4:", "expected 7 fields, found 6"]),
        ("empty file", "", ["ledger.csv", "empty"]),
        ("only a BOM and a line end", "\u{FEFF}\n", ["ledger.csv", "empty"]),
        ("header only", ledgerLines[0] + "\n", ["ledger.csv:2:", "no data rows"]),
        ("duplicate column",
         ledgerLines[0] + ",amount\n" + ledgerLines[1] + ",1\n",
         ["ledger.csv:1:", "amount", "duplicate column"]),
        // `disputed` is optional (issue 12): a missing required column is the error.
        ("missing column",
         ledgerLines.map { $0.split(separator: ",", omittingEmptySubsequences: false).dropFirst()
             .joined(separator: ",") }.joined(separator: "\n") + "\n",
         ["ledger.csv:1", "account_id"]),
    ]

    @Test("a structural fault is one error line naming file and line; nothing is written",
          arguments: faults)
    func structuralFaults(name: String, text: String, fragments: [String]) throws {
        let scratch = try ScratchDirectory()
        let (result, output) = try features(text, scratch)
        expectOneLineError(result, fragments)
        #expect(bytes(output) == nil, "\(name): an output was written")
        #expect(listing(scratch.url.path) == ["ledger.csv"], "\(name): leftovers \(listing(scratch.url.path))")
    }

    @Test("the same structural faults in an accounts file stop segment with one line; no run directory",
          arguments: [
              ("too many fields", "account_id,billed_12m,avg_days_late\nA1,100,3\nA2,200,4,5\n",
               ["accounts.csv:3:", "expected 3 fields, found 4"]),
              ("unterminated quote", "account_id,billed_12m,avg_days_late\nA1,100,3\n\"A2,200,4\n",
               ["accounts.csv:3:", "unterminated quoted field"]),
              ("header only", "account_id,billed_12m,avg_days_late\n", ["accounts.csv:2:", "no data rows"]),
              ("empty file", "", ["accounts.csv", "empty"]),
              ("duplicate column", "account_id,billed_12m,billed_12m\nA1,1,2\n",
               ["accounts.csv:1:", "billed_12m", "duplicate column"]),
          ])
    func structuralFaultsInAccounts(name: String, text: String, fragments: [String]) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let input = try scratch.write("accounts.csv", text)
        let result = try cli.run(["segment", input, "--k", "2", "--seed", "1", "-o", scratch.path("run")])
        expectOneLineError(result, fragments)
        #expect(listing(scratch.url.path) == ["accounts.csv"], "\(name): leftovers \(listing(scratch.url.path))")
    }

    @Test("the same structural faults in a numeric file stop kmeans and pca with one line",
          arguments: ["kmeans", "pca"])
    func structuralFaultsInNumericFile(command: String) throws {
        let cli = try BinaryRunner()
        let cases: [(String, [String])] = [
            ("id,x1,x2\n001,1,2\n002,3\n", ["data.csv:3:", "expected 3 fields, found 2"]),
            ("id,x1,x2\n001,1,2\n\"002,3,4\n", ["data.csv:3:", "unterminated quoted field"]),
            ("id,x1,x2\n", ["data.csv:2:", "no data rows"]),
            ("", ["data.csv", "empty"]),
        ]
        for (text, fragments) in cases {
            let scratch = try ScratchDirectory()
            let input = try scratch.write("data.csv", text)
            var arguments = [command, input, "--id", "id", "--json", scratch.path("out.json")]
            if command == "kmeans" { arguments += ["--k", "1"] }
            let result = try cli.run(arguments)
            expectOneLineError(result, fragments)
            #expect(listing(scratch.url.path) == ["data.csv"], "\(command): leftovers for \(text.debugDescription)")
        }
    }
}
