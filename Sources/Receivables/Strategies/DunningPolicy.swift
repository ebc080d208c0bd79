import Tabular
/// How one dunning level reaches the account. `email`, `sms`, `letter` and `call` contact the
/// customer and count for `DunningPolicy.minIntervalDays`; `task`, `credit_hold` and
/// `agency_review` are internal work and do not.
public enum DunningChannel: String, CaseIterable, Sendable, Codable, Comparable {
    case email, sms, letter, call, task
    case creditHold = "credit_hold"
    case agencyReview = "agency_review"

    /// Whether the customer hears from us (the contact interval applies).
    public var contactsCustomer: Bool {
        switch self {
        case .email, .sms, .letter, .call: return true
        case .task, .creditHold, .agencyReview: return false
        }
    }

    /// Whether a collector works it (calls go to collectors; the rest is automation or a desk).
    public var isCall: Bool { self == .call }

    public static func < (a: DunningChannel, b: DunningChannel) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// What a level's `delay` counts from.
public enum LevelBasis: String, CaseIterable, Sendable, Codable {
    /// `due_date + delay` (negative delay = before due), as OCA's `net_days` and Odoo's follow-up delay.
    case dueDate = "due_date"
    /// `date of the previous level of the invoice + delay` (OCA `previous_date`, SAP Business One
    /// "effective after"); not allowed on the first level.
    case previousLevel = "previous_level"
}

/// One step of a dunning policy, planned at most once per invoice.
public struct PolicyLevel: Equatable, Sendable, Codable {
    /// Identifier shown in `actions.csv` (`level`) and read back from `--history`.
    public var name: String
    /// Days from `basis`; negative = before the due date (only with `due_date`).
    public var delay: Int
    public var basis: LevelBasis
    public var channel: DunningChannel
    /// Minimum open amount (reporting currency) of the account's invoices at this level on the
    /// day; below it the level is skipped with a note. 0 = always.
    public var minAmount: Double
    /// Correspondence template name (`--letters`); `nil` = the built-in one for the channel.
    public var template: String?
    /// What happens, in words ("pre-due e-mail"): the treatment text is generated from it.
    public var action: String

    public init(name: String, delay: Int, basis: LevelBasis = .dueDate, channel: DunningChannel,
                minAmount: Double = 0, template: String? = nil, action: String) {
        self.name = name
        self.delay = delay
        self.basis = basis
        self.channel = channel
        self.minAmount = minAmount
        self.template = template
        self.action = action
    }

    enum CodingKeys: String, CodingKey {
        case name, delay, basis, channel, template, action
        case minAmount = "min_amount"
    }
}

/// A strategy's dunning policy: ordered levels and the account-wide pacing rules.
public struct DunningPolicy: Equatable, Sendable, Codable {
    /// In escalation order: level k is planned only after level k-1 of the same invoice.
    public var levels: [PolicyLevel]
    /// Days between two contact days of one account, across channels (default 3). Contacts on
    /// the same day (a letter and a call) are one contact day.
    public var minIntervalDays: Int
    /// Days after a promise's date before it is judged broken (default 3).
    public var promiseToleranceDays: Int

    public static let defaultMinIntervalDays = 3
    public static let defaultPromiseToleranceDays = 3

    public init(levels: [PolicyLevel], minIntervalDays: Int = defaultMinIntervalDays,
                promiseToleranceDays: Int = defaultPromiseToleranceDays) {
        self.levels = levels
        self.minIntervalDays = minIntervalDays
        self.promiseToleranceDays = promiseToleranceDays
    }

    enum CodingKeys: String, CodingKey {
        case levels
        case minIntervalDays = "min_interval_days"
        case promiseToleranceDays = "promise_tolerance_days"
    }

    /// The first problem of the policy, or `nil`: level names unique and non-empty, the first
    /// level counted from the due date, `previous_level` delays not negative, intervals and
    /// tolerance not negative, minimum amounts finite and not negative.
    public func problem() -> String? {
        var names = Set<String>()
        for (i, level) in levels.enumerated() {
            if level.name.isEmpty { return "level \(i + 1) has an empty name" }
            if !names.insert(level.name).inserted { return "level '\(level.name)' is defined twice" }
            if level.basis == .previousLevel && i == 0 { return "the first level cannot count from previous_level" }
            if level.basis == .previousLevel && level.delay < 0 {
                return "level '\(level.name)': a previous_level delay cannot be negative (\(level.delay))"
            }
            if !(level.minAmount >= 0) || !level.minAmount.isFinite {
                return "level '\(level.name)': min_amount must be a number >= 0"
            }
        }
        if minIntervalDays < 0 { return "min_interval_days cannot be negative (\(minIntervalDays))" }
        if promiseToleranceDays < 0 { return "promise_tolerance_days cannot be negative (\(promiseToleranceDays))" }
        return nil
    }

    /// The levels in one line, the README's treatment column and the reports' cadence:
    /// `-5 email: pre-due e-mail; 0 email: due-date e-mail; +7 email: automated reminder`.
    /// A `previous_level` delay reads `+7 after previous`; a minimum reads `(from 1,000)`.
    public var cadenceText: String {
        guard !levels.isEmpty else { return "no dunning" }
        return levels.map { level in
            let day = level.delay > 0 ? "+\(level.delay)" : "\(level.delay)"
            let when = level.basis == .previousLevel ? "\(day) after previous" : day
            let channel = level.channel.rawValue.replacingOccurrences(of: "_", with: " ")
            let minimum = level.minAmount > 0 ? " (from \(NumberText.trimmed(level.minAmount, maxDecimals: 0)))" : ""
            return "\(when) \(channel): \(level.action)\(minimum)"
        }.joined(separator: "; ")
    }
}
