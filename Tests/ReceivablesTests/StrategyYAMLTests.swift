import Testing
@testable import Receivables

private let valid = """
    features: [risk_grade]
    strategies:
      - id: calm
        name: Calm
        treatment:
          channels: [email]
          needs_call: no
        policy:
          min_interval_days: 5
          levels:
            - {name: reminder, delay: 7, channel: email, action: reminder}
            - {name: nudge, delay: 3, basis: previous_level, channel: sms, min_amount: 50, template: soft}
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
        let policy = try #require(book.strategies[0].policy)
        #expect(policy.levels == [
            PolicyLevel(name: "reminder", delay: 7, channel: .email, action: "reminder"),
            PolicyLevel(name: "nudge", delay: 3, basis: .previousLevel, channel: .sms, minAmount: 50, template: "soft",
                        action: "nudge"),
        ])
        #expect(policy.minIntervalDays == 5 && policy.promiseToleranceDays == 3)
        #expect(book.strategies[0].treatment.needsCall == false)
        #expect(book.rules.count == 2 && book.rules[0].requires == ["risk_grade"])
        try book.validate()
    }

    @Test func rulesOnlyFileUsesTheDefaultCatalogue() throws {
        let book = try StrategyBook.parse(yaml: "rules:\n  - strategy: strategic\n    when: [\"z(billed_12m) >= 2\"]\n", path: "s.yaml")
        #expect(book.strategies == StrategyBook.default.strategies)
        #expect(book.rules.count == 1)
    }

    static let structureCases: [(String, String)] = [
        (valid.replacingOccurrences(of: "    channels: [email]", with: "    chanels: [email]"),
         "s.yaml:6: unknown key 'chanels' in treatment of strategy 'calm' (allowed: channels, escalation, needs_call)"),
        (valid.replacingOccurrences(of: "mean(risk_grade) <= 2", with: "mean(risk_grde) <= 2"),
         "s.yaml:15: unknown feature 'risk_grde' in key 'when' (declare it under 'features')"),
        (valid.replacingOccurrences(of: "requires: [risk_grade]", with: "requires: [grade]"),
         "s.yaml:16: unknown feature 'grade' in key 'requires' (declare it under 'features')"),
        (valid.replacingOccurrences(of: "  - strategy: calm", with: "  - strategy: clam"),
         "s.yaml:14: unknown strategy 'clam' in key 'strategy' (defined: calm)"),
        (valid.replacingOccurrences(of: "needs_call: no", with: "needs_call: sometimes"),
         "s.yaml:7: 'needs_call' must be true or false (sometimes)"),
        (valid.replacingOccurrences(of: "delay: 7,", with: "delay: soon,"),
         "s.yaml:11: 'delay' must be a whole number of days (soon)"),
        (valid.replacingOccurrences(of: "channel: sms", with: "channel: pigeon"),
         "s.yaml:12: unknown channel 'pigeon' (allowed: email, sms, letter, call, task, credit_hold, agency_review)"),
        (valid.replacingOccurrences(of: "basis: previous_level", with: "basis: invoice_date"),
         "s.yaml:12: unknown basis 'invoice_date' (allowed: due_date, previous_level)"),
        (valid.replacingOccurrences(of: "min_amount: 50", with: "min_amount: -5"),
         "s.yaml:12: 'min_amount' must be a plain number >= 0 (-5)"),
        (valid.replacingOccurrences(of: "name: nudge", with: "name: reminder"),
         "s.yaml:12: level 'reminder' is defined twice in strategy 'calm' (key 'levels')"),
    ]

    static let policyAndRuleCases: [(String, String)] = [
        (valid.replacingOccurrences(of: "{name: reminder, delay: 7, channel: email,", with: "{name: reminder, delay: 7, basis: previous_level, channel: email,"),
         "s.yaml:11: the first level cannot count from previous_level in strategy 'calm' (key 'levels')"),
        (valid.replacingOccurrences(of: "min_interval_days: 5", with: "min_interval_days: -1"),
         "s.yaml:9: min_interval_days cannot be negative (-1) in strategy 'calm' (key 'min_interval_days')"),
        (valid.replacingOccurrences(of: "    channels: [email]", with: "    channels: [email]\n      cadence: []"),
         "s.yaml:7: 'cadence' was replaced by 'policy' with 'levels'"),
        (valid.replacingOccurrences(of: "delay: 3, basis", with: "basis"),
         "s.yaml:12: missing key 'delay' in level of strategy 'calm'"),
        (valid.replacingOccurrences(of: "mean(risk_grade) <= 2", with: "mean(risk_grade) <= two"),
         "s.yaml:15: bad condition in key 'when': expected a plain number after '<=', found 'two'"),
        (valid.replacingOccurrences(of: "rules:", with: "rulez:"),
         "s.yaml:13: unknown key 'rulez' in the strategy file (allowed: features, strategies, rules)"),
        ("strategies: []\n", "s.yaml:1: missing key 'rules' in the strategy file"),
        (valid.replacingOccurrences(of: "    name: Calm\n", with: ""),
         "s.yaml:3: missing key 'name' in strategy"),
        (valid.replacingOccurrences(of: "channels: [email]", with: "channels: [email"),
         "s.yaml:7: invalid YAML:"),
        ("", "s.yaml:1: empty strategy file"),
        ("- just\n- a list\n", "s.yaml:1: the strategy file must be a mapping"),
    ]

    @Test(arguments: structureCases + policyAndRuleCases)
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
        #expect(error == "s.yaml:13: strategy 'calm' is defined twice (key 'id')")
    }

    @Test func missingFileIsAnError() {
        let error = errorDescription { _ = try StrategyBook.load(yamlPath: "/nonexistent/s.yaml") }
        #expect(error == "/nonexistent/s.yaml: cannot read strategy file")
    }
}
