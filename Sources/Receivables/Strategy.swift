/// One contact in a treatment, timed relative to the invoice due date.
public struct CadenceStep: Equatable, Sendable, Codable {
    /// Days relative to the due date: `-5` is five days before, `7` a week after.
    public var day: Int
    public var action: String

    public init(day: Int, action: String) {
        self.day = day
        self.action = action
    }
}

/// How a strategy works an account: channels, the contact cadence, escalation, and
/// whether a collector needs to call at all.
public struct Treatment: Equatable, Sendable, Codable {
    public var channels: [String]
    /// Sorted by `day`.
    public var cadence: [CadenceStep]
    public var escalation: String
    /// `false` for strategies that run on automation alone (the "wasted calls" figure counts
    /// the overdue accounts and dollars in these).
    public var needsCall: Bool

    public init(channels: [String], cadence: [CadenceStep], escalation: String, needsCall: Bool) {
        self.channels = channels
        self.cadence = cadence
        self.escalation = escalation
        self.needsCall = needsCall
    }

    enum CodingKeys: String, CodingKey {
        case channels, cadence, escalation
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

    public init(id: String, name: String, summary: String, treatment: Treatment) {
        self.id = id
        self.name = name
        self.summary = summary
        self.treatment = treatment
    }

    /// The id a segment gets when no rule matches; a book may define its own strategy with
    /// this id to change the treatment.
    public static let reviewManuallyId = "review_manually"

    /// The fallback used when the book does not define `review_manually`. It needs a call:
    /// a segment nobody has looked at is not assumed to pay by itself.
    public static let reviewManually = Strategy(
        id: reviewManuallyId, name: "Review manually",
        summary: "No rule matched this segment's profile; a collections lead should look at it.",
        treatment: Treatment(channels: ["email", "phone"],
                             cadence: [CadenceStep(day: 0, action: "due-date reminder e-mail"),
                                       CadenceStep(day: 15, action: "collector review")],
                             escalation: "collections lead decides", needsCall: true))
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
