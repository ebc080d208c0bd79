import Foundation
import Testing
import TestSupport

/// GUIDE section 4 / issue 3: a strategy file with bad YAML, an unknown key or a rule on an
/// unknown feature is refused with the file, the line and the key; `segment` writes nothing.
@Suite("Bad input: strategy files", .tags(.cli))
struct BadInputStrategyTests {
    /// A valid file the cases below break one way each (line numbers matter).
    static let valid = """
        strategies:
          - id: gentle
            name: Gentle reminders
            treatment:
              channels: [email]
              needs_call: false
          - id: call_first
            name: Call first
            treatment:
              channels: [phone, email]
              needs_call: true
        rules:
          - strategy: call_first
            when: ["mean(avg_days_late) >= 30"]
          - strategy: gentle
            when: ["mean(avg_days_late) < 30"]

        """

    static let cases: [(String, String, [String])] = [
        ("bad YAML: unclosed flow sequence",
         valid.replacingOccurrences(of: "channels: [email]", with: "channels: [email"),
         ["strategies.yaml:", "YAML"]),
        ("bad YAML: tab indentation",
         valid.replacingOccurrences(of: "  - strategy: gentle", with: "\t- strategy: gentle"),
         ["strategies.yaml:", "YAML"]),
        // Found by scripts/fuzz: the YAML reader's own message spans three lines.
        ("control character",
         valid.replacingOccurrences(of: "    name: Call first", with: "\u{17}   name: Call first"),
         ["strategies.yaml:8:", "YAML", "control characters"]),
        // Found by scripts/fuzz: line breaks folded into a quoted feature name broke the line.
        ("feature name with line breaks",
         valid.replacingOccurrences(of: "mean(avg_days_late) < 30", with: "mean(avg_d\r\r\rays) < 30"),
         ["strategies.yaml:16:", "unknown feature", "avg_d\\n"]),
        ("unknown top-level key", valid.replacingOccurrences(of: "rules:", with: "rulez:"),
         ["strategies.yaml:12:", "rulez"]),
        ("unknown key in a strategy", valid.replacingOccurrences(of: "    name: Call first", with: "    nmae: Call first"),
         ["strategies.yaml:8:", "nmae"]),
        ("unknown key in a treatment", valid.replacingOccurrences(of: "needs_call: true", with: "needs_calls: true"),
         ["strategies.yaml:11:", "needs_calls"]),
        ("rule on an unknown feature",
         valid.replacingOccurrences(of: "mean(avg_days_late) < 30", with: "mean(avg_days_latte) < 30"),
         ["strategies.yaml:16:", "avg_days_latte", "when"]),
        ("rule naming an unknown strategy", valid.replacingOccurrences(of: "strategy: gentle", with: "strategy: gentel"),
         ["strategies.yaml:15:", "gentel", "strategy"]),
        ("wrong type for needs_call", valid.replacingOccurrences(of: "needs_call: false", with: "needs_call: maybe"),
         ["strategies.yaml:6:", "needs_call"]),
        ("empty file", "", ["strategies.yaml"]),
    ]

    @Test("a bad strategy file stops segment with file, line and key; nothing is written", arguments: cases)
    func badStrategyFile(name: String, yaml: String, fragments: [String]) throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let accounts = try generatedAccounts(cli, in: scratch, customers: 40)
        let strategies = try scratch.write("strategies.yaml", yaml)
        let before = listing(scratch.url.path)
        let result = try cli.run(["segment", accounts, "--k", "2", "--seed", "1", "--strategies", strategies,
                                  "-o", scratch.path("run")])
        expectOneLineError(result, fragments)
        #expect(listing(scratch.url.path) == before, "\(name): output written")
    }

    @Test("the valid file the cases start from is accepted (so the cases test what they claim)")
    func validFileAccepted() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let accounts = try generatedAccounts(cli, in: scratch, customers: 40)
        let strategies = try scratch.write("strategies.yaml", Self.valid)
        let result = try cli.run(["segment", accounts, "--k", "2", "--seed", "1", "--strategies", strategies,
                                  "-o", scratch.path("run")])
        expectSuccess(result)
        let assignments = String(decoding: try #require(bytes(scratch.path("run/assignments.csv"))), as: UTF8.self)
        #expect(assignments.contains("gentle") || assignments.contains("call_first")
                || assignments.contains("Gentle") || assignments.contains("Call first"))
    }
}
