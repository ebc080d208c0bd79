import Tabular

/// An account as the planner sees it: its segment's strategy and risk.
public struct PlanAccount: Equatable, Sendable {
    public var id: String
    public var segment: Int
    /// Must have a policy (the pipeline refuses strategies without one).
    public var strategy: Strategy
    /// Segment risk points: the z-score of the segment's mean `avg_days_late`, clamped to 0-3
    /// (the worklist's `segment_risk_points`).
    public var risk: Double
    /// The account's `region` attribute, for collectors that handle some regions only.
    public var region: String?

    public init(id: String, segment: Int, strategy: Strategy, risk: Double, region: String? = nil) {
        self.id = id
        self.segment = segment
        self.strategy = strategy
        self.risk = risk
        self.region = region
    }

    /// The strategy's policy (none: no levels).
    public var policy: DunningPolicy { strategy.policy ?? DunningPolicy(levels: []) }
}

/// A level already issued (a row of a previous `actions.csv` given as `--history`).
public struct IssuedAction: Equatable, Sendable {
    public var date: CalendarDay
    public var accountId: String
    public var level: String
    public var invoiceIds: [String]
    /// `nil` when the history file has no channel column: taken from the level.
    public var channel: DunningChannel?

    public init(date: CalendarDay, accountId: String, level: String, invoiceIds: [String], channel: DunningChannel?) {
        self.date = date
        self.accountId = accountId
        self.level = level
        self.invoiceIds = invoiceIds
        self.channel = channel
    }
}

/// A pause of dunning (`--holds`): one invoice, or every invoice of an account, until a date.
public struct DunningHold: Equatable, Sendable {
    public var accountId: String
    /// `nil` = the whole account.
    public var invoiceId: String?
    /// Last day of the pause; dunning may resume the day after.
    public var until: CalendarDay
    public var reason: String

    public init(accountId: String, invoiceId: String?, until: CalendarDay, reason: String) {
        self.accountId = accountId
        self.invoiceId = invoiceId
        self.until = until
        self.reason = reason
    }
}

/// A collector (`--collectors`) and what they handle; an empty filter handles everything.
public struct Collector: Equatable, Sendable {
    public var name: String
    public var callsPerDay: Int
    public var strategies: Set<String>
    public var segments: Set<Int>
    public var regions: Set<String>

    public init(name: String, callsPerDay: Int, strategies: Set<String> = [], segments: Set<Int> = [],
                regions: Set<String> = []) {
        self.name = name
        self.callsPerDay = callsPerDay
        self.strategies = strategies
        self.segments = segments
        self.regions = regions
    }

    /// Whether the collector may take calls of `account` (ignoring capacity).
    public func handles(_ account: PlanAccount) -> Bool {
        (strategies.isEmpty || strategies.contains(account.strategy.id))
            && (segments.isEmpty || segments.contains(account.segment))
            && (regions.isEmpty || account.region.map(regions.contains) == true)
    }
}

/// Working days: Monday to Friday, minus `holidays`.
public struct WorkCalendar: Equatable, Sendable {
    public var holidays: Set<CalendarDay>

    public init(holidays: Set<CalendarDay> = []) { self.holidays = holidays }

    /// 1970-01-01 was a Thursday; day 0 of the week is Monday.
    public static func weekday(_ day: CalendarDay) -> Int {
        ((day.daysSinceEpoch + 3) % 7 + 7) % 7
    }

    public func isWorkingDay(_ day: CalendarDay) -> Bool {
        Self.weekday(day) < 5 && !holidays.contains(day)
    }

    /// `day` itself when it is a working day, else the next one.
    public func workingDay(onOrAfter day: CalendarDay) -> CalendarDay {
        var d = day
        while !isWorkingDay(d) { d = d + 1 }
        return d
    }
}

/// Everything `DunningPlanner.plan` reads.
public struct PlanInput: Sendable {
    public var asOf: CalendarDay
    /// The plan covers `asOf ... asOf + days`.
    public var days: Int
    /// Every ledger invoice dated on or before `asOf` that is open then, or that a promise
    /// covers (the judgement needs its payment).
    public var invoices: [Invoice]
    /// By account id; every invoice's account must be here.
    public var accounts: [String: PlanAccount]
    public var history: [IssuedAction]
    public var holds: [DunningHold]
    public var promises: [PaymentPromise]
    /// `nil` = no collectors file: calls stay unassigned.
    public var collectors: [Collector]?
    public var calendar: WorkCalendar

    public init(asOf: CalendarDay, days: Int, invoices: [Invoice], accounts: [String: PlanAccount],
                history: [IssuedAction] = [], holds: [DunningHold] = [], promises: [PaymentPromise] = [],
                collectors: [Collector]? = nil, calendar: WorkCalendar = WorkCalendar()) {
        self.asOf = asOf
        self.days = days
        self.invoices = invoices
        self.accounts = accounts
        self.history = history
        self.holds = holds
        self.promises = promises
        self.collectors = collectors
        self.calendar = calendar
    }
}
