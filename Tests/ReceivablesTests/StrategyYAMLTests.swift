import Testing
@testable import Receivables

private let valid = """
    features: [risk_grade]
    strategies:
      - id: calm
        name: Calm
        treatment:
          channels: [email]
          cadence:
            - {day: 7, action: reminder}
            - {day: -3, action: pre-due e-mail}
          needs_call: no
    rules:
      - strategy: calm
        when: ["mean(risk_grade) <= 2"]
        requires: [risk_grade]
      - strategy: review_manually
        when: ["share_of_accounts >= 0"]

    """

@Suite struct StrategyYAMLTests {
    @Test func readsAUserBook() throws {
        let book = try StrategyBook.parse(yaml: valid, path: "s.yaml")
        #expect(book.features == ["risk_grade"])
        #expect(book.strategies.map(\.id) == ["calm"])
        #expect(book.strategies[0].treatment.cadence.map(\.day) == [-3, 7])
        #expect(book.strategies[0].treatment.needsCall == false)
        #expect(book.rules.count == 2 && book.rules[0].requires == ["risk_grade"])
        try book.validate()
    }

    @Test func rulesOnlyFileUsesTheDefaultCatalogue() throws {
        let book = try StrategyBook.parse(yaml: "rules:\n  - strategy: strategic\n    when: [\"z(billed_12m) >= 2\"]\n", path: "s.yaml")
        #expect(book.strategies == StrategyBook.default.strategies)
        #expect(book.rules.count == 1)
    }

    @Test(arguments: [
        (valid.replacingOccurrences(of: "    channels: [email]", with: "    chanels: [email]"),
         "s.yaml:6: unknown key 'chanels' in treatment of strategy 'calm' (allowed: channels, cadence, escalation, needs_call)"),
        (valid.replacingOccurrences(of: "mean(risk_grade) <= 2", with: "mean(risk_grde) <= 2"),
         "s.yaml:13: unknown feature 'risk_grde' in key 'when' (declare it under 'features')"),
        (valid.replacingOccurrences(of: "requires: [risk_grade]", with: "requires: [grade]"),
         "s.yaml:14: unknown feature 'grade' in key 'requires' (declare it under 'features')"),
        (valid.replacingOccurrences(of: "  - strategy: calm", with: "  - strategy: clam"),
         "s.yaml:12: unknown strategy 'clam' in key 'strategy' (defined: calm)"),
        (valid.replacingOccurrences(of: "needs_call: no", with: "needs_call: sometimes"),
         "s.yaml:10: 'needs_call' must be true or false (sometimes)"),
        (valid.replacingOccurrences(of: "{day: 7,", with: "{day: soon,"),
         "s.yaml:8: 'day' must be a whole number of days (soon)"),
        (valid.replacingOccurrences(of: "mean(risk_grade) <= 2", with: "mean(risk_grade) <= two"),
         "s.yaml:13: bad condition in key 'when': expected a plain number after '<=', found 'two'"),
        (valid.replacingOccurrences(of: "rules:", with: "rulez:"),
         "s.yaml:11: unknown key 'rulez' in the strategy file (allowed: features, strategies, rules)"),
        ("strategies: []\n", "s.yaml:1: missing key 'rules' in the strategy file"),
        (valid.replacingOccurrences(of: "    name: Calm\n", with: ""),
         "s.yaml:3: missing key 'name' in strategy"),
        (valid.replacingOccurrences(of: "channels: [email]", with: "channels: [email"),
         "s.yaml:7: invalid YAML:"),
        ("", "s.yaml:1: empty strategy file"),
        ("- just\n- a list\n", "s.yaml:1: the strategy file must be a mapping"),
    ])
    func namesLineAndKey(yaml: String, expected: String) {
        let error = errorDescription { _ = try StrategyBook.parse(yaml: yaml, path: "s.yaml") }
        #expect(error?.hasPrefix(expected) == true, "\(error ?? "no error")")
    }

    @Test func duplicateStrategyIdsAreRefused() {
        let doubled = valid.replacingOccurrences(of: "rules:", with: """
              - id: calm
                name: Again
                treatment: {channels: [email], needs_call: yes}
            rules:
            """)
        let error = errorDescription { _ = try StrategyBook.parse(yaml: doubled, path: "s.yaml") }
        #expect(error == "s.yaml:11: strategy 'calm' is defined twice (key 'id')")
    }

    @Test func missingFileIsAnError() {
        let error = errorDescription { _ = try StrategyBook.load(yamlPath: "/nonexistent/s.yaml") }
        #expect(error == "/nonexistent/s.yaml: cannot read strategy file")
    }
}
