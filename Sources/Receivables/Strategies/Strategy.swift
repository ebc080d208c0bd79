/// How a strategy works an account, in words: channels, escalation, and whether a collector
/// needs to call at all. The dated steps are the strategy's `DunningPolicy`.
public struct Treatment: Equatable, Sendable, Codable {
    public var channels: [String]
    public var escalation: String
    /// `false` for strategies that run on automation alone (the "wasted calls" figure counts
    /// the overdue accounts and balance in these).
    public var needsCall: Bool

    public init(channels: [String], escalation: String, needsCall: Bool) {
        self.channels = channels
        self.escalation = escalation
        self.needsCall = needsCall
    }

    enum CodingKeys: String, CodingKey {
        case channels, escalation
        case needsCall = "needs_call"
    }
}

/// A named collection strategy.
public struct Strategy: Equatable, Sendable, Codable {
    /// Stable identifier used by rules (`chronic_late`).
    public var id: String
    /// Display name (`Chronic late`).
    public var name: String
    /// Who it is for, in one sentence.
    public var summary: String
    public var treatment: Treatment
    /// The dated dunning levels `ar-segment plan` schedules; `nil` in model files written
    /// before policies existed (plan refuses those strategies).
    public var policy: DunningPolicy?

    public init(id: String, name: String, summary: String, treatment: Treatment, policy: DunningPolicy?) {
        self.id = id
        self.name = name
        self.summary = summary
        self.treatment = treatment
        self.policy = policy
    }

    /// The policy's levels in one line, or a note that there is none.
    public var cadenceText: String { policy?.cadenceText ?? "no dunning policy" }

    /// The id a segment gets when no rule matches; a book may define its own strategy with
    /// this id to change the treatment.
    public static let reviewManuallyId = "review_manually"

    /// The fallback used when the book does not define `review_manually`. It needs a call:
    /// a segment nobody has looked at is not assumed to pay by itself.
    public static let reviewManually = Strategy(
        id: reviewManuallyId, name: "Review manually",
        summary: "No rule matched this segment's profile; a collections lead should look at it.",
        treatment: Treatment(channels: ["email", "phone"], escalation: "collections lead decides", needsCall: true),
        policy: DunningPolicy(levels: [
            PolicyLevel(name: "due_email", delay: 0, channel: .email, action: "due-date reminder e-mail"),
            PolicyLevel(name: "review_call", delay: 15, channel: .call, action: "collector review"),
        ]))
}

/// An ordered rule: the segment gets `strategy` when every applicable condition holds.
///
/// Applicability: every feature in `requires` must be present in the data; conditions on
/// features the data lacks are skipped; a rule none of whose feature conditions can be
/// evaluated does not apply (so an accounts file without lateness columns never matches
/// "chronic late" by default).
public struct StrategyRule: Equatable, Sendable, Codable {
    /// Id of a strategy in the book.
    public var strategy: String
    /// All must hold.
    public var when: [StrategyCondition]
    /// Features that must be present for the rule to apply at all.
    public var requires: [String]

    public init(strategy: String, when: [StrategyCondition], requires: [String] = []) {
        self.strategy = strategy
        self.when = when
        self.requires = requires
    }

    enum CodingKeys: String, CodingKey { case strategy, when, requires }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        strategy = try container.decode(String.self, forKey: .strategy)
        when = try container.decode([StrategyCondition].self, forKey: .when)
        requires = try container.decodeIfPresent([String].self, forKey: .requires) ?? []
    }

    /// Features the rule reads (conditions and `requires`), in order of first mention.
    public var features: [String] {
        var seen: [String] = []
        for name in requires + when.compactMap(\.feature) where !seen.contains(name) { seen.append(name) }
        return seen
    }
}
