import Tabular
/// The strategy catalogue and the ordered rules that map segment profiles to it.
///
/// Data, not code: `StrategyBook.default` ships with the package, `load(yamlPath:)` reads a
/// user's edited copy, and the book is `Codable` so a model file can embed the one it used.
public struct StrategyBook: Equatable, Sendable, Codable {
    public var strategies: [Strategy]
    /// Tried in order; the first that applies and matches wins.
    public var rules: [StrategyRule]
    /// Feature names rules may use beyond `FeatureCatalog.known` (columns of the user's own
    /// accounts files).
    public var features: [String]

    public init(strategies: [Strategy], rules: [StrategyRule], features: [String] = []) {
        self.strategies = strategies
        self.rules = rules
        self.features = features
    }

    enum CodingKeys: String, CodingKey { case strategies, rules, features }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        strategies = try container.decode([Strategy].self, forKey: .strategies)
        rules = try container.decode([StrategyRule].self, forKey: .rules)
        features = try container.decodeIfPresent([String].self, forKey: .features) ?? []
    }

    /// Every feature a rule may name: the catalogue's plus `features`.
    public var knownFeatures: Set<String> {
        Set(FeatureCatalog.known.map(\.name)).union(features)
    }

    /// The strategy with `id`; `review_manually` falls back to `Strategy.reviewManually`.
    public func strategy(id: String) -> Strategy? {
        strategies.first { $0.id == id } ?? (id == Strategy.reviewManuallyId ? .reviewManually : nil)
    }

    /// Checks what the YAML loader checks, for books built in code or decoded from JSON:
    /// distinct strategy ids, valid policies, rules naming defined strategies and known features.
    public func validate() throws {
        var seen = Set<String>()
        for strategy in strategies where !seen.insert(strategy.id).inserted {
            throw ReceivablesError("strategy '\(strategy.id)' is defined twice")
        }
        for strategy in strategies {
            if let problem = strategy.policy?.problem() {
                throw ReceivablesError("strategy '\(strategy.id)': \(problem)")
            }
        }
        let known = knownFeatures
        for (i, rule) in rules.enumerated() {
            guard strategy(id: rule.strategy) != nil else {
                throw ReceivablesError("rule \(i + 1): unknown strategy '\(rule.strategy)'")
            }
            if let unknown = rule.features.first(where: { !known.contains($0) }) {
                throw ReceivablesError("rule \(i + 1): unknown feature '\(unknown)' (declare it under 'features')")
            }
        }
    }
}

/// The strategy a segment was given, and why.
public struct StrategyAssignment: Equatable, Sendable, Codable {
    public let segment: Int
    public let strategy: Strategy
    /// Index into `StrategyBook.rules` of the rule that matched; `nil` for "review manually".
    public let rule: Int?
    /// Evidence in business terms, one sentence each: the matched conditions, then the
    /// segment's weight ("12% of accounts, 68% of the overdue balance").
    public let reasons: [String]
}

extension StrategyBook {
    /// Assigns each profile the strategy of the first rule that applies and matches; a profile
    /// no rule matches gets `review_manually` with its distinguishing features as reasons.
    /// Several segments may share a strategy.
    public func assign(_ profiles: [SegmentProfile]) -> [StrategyAssignment] {
        profiles.map { profile in
            let weight = Self.weight(of: profile)
            for (i, rule) in rules.enumerated() {
                guard let conditions = applicableConditions(rule, profile),
                      conditions.allSatisfy({ $0.holds(in: profile) }),
                      let strategy = strategy(id: rule.strategy) else { continue }
                return StrategyAssignment(segment: profile.segment, strategy: strategy, rule: i,
                                          reasons: Self.reasons(conditions, profile) + [weight])
            }
            let fallback = strategy(id: Strategy.reviewManuallyId)!
            return StrategyAssignment(segment: profile.segment, strategy: fallback, rule: nil,
                                      reasons: ["no rule matched"] + profile.distinguishing + [weight])
        }
    }

    /// The conditions to test, or `nil` when the rule does not apply to this data: a required
    /// feature is missing, or no feature condition can be evaluated.
    func applicableConditions(_ rule: StrategyRule, _ profile: SegmentProfile) -> [StrategyCondition]? {
        guard rule.requires.allSatisfy({ profile.feature($0) != nil }) else { return nil }
        let usable = rule.when.filter { $0.feature.map { profile.feature($0) != nil } ?? true }
        let hasFeatureCondition = usable.contains { $0.feature != nil }
        let needsFeature = rule.when.contains { $0.feature != nil }
        if needsFeature && !hasFeatureCondition { return nil }
        return usable.isEmpty ? nil : usable
    }

    /// One sentence per condition, in rule order; a `mean(f)` condition is left out when the
    /// rule also tests `z(f)`, whose sentence already gives the mean.
    static func reasons(_ conditions: [StrategyCondition], _ profile: SegmentProfile) -> [String] {
        let zFeatures = Set(conditions.compactMap { c -> String? in
            if case .feature(.z, let name) = c.subject { return name }
            return nil
        })
        return conditions.filter { c in
            if case .feature(.mean, let name) = c.subject { return !zFeatures.contains(name) }
            return true
        }.map { $0.reason(in: profile) }
    }

    /// "120 accounts (12% of accounts), 68% of the overdue balance" (no currency assumed: a share).
    static func weight(of profile: SegmentProfile) -> String {
        var text = "\(profile.size) accounts (\(FeatureUnit.fraction.sentenceText(profile.shareOfAccounts)) of accounts)"
        if let overdue = profile.shareOfOverdueBalance {
            text += ", \(FeatureUnit.fraction.sentenceText(overdue)) of the overdue balance"
        } else if let open = profile.shareOfOpenBalance {
            text += ", \(FeatureUnit.fraction.sentenceText(open)) of the open balance"
        }
        return text
    }
}
