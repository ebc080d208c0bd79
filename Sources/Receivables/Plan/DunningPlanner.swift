import Tabular

/// Turns open invoices, each account's strategy policy, and what was already issued into dated
/// actions (a dunning proposal in SAP's terms). Pure and deterministic: the same input gives the
/// same plan.
///
/// Rules, in the order they apply (README "ar-segment plan"):
/// - every invoice open on the as-of date T is planned; a disputed one gets only a `task` at the
///   dispute desk (once per invoice), never dunning;
/// - an invoice's levels go in order, each once (`--history` marks levels issued); a level falls
///   on `due_date + delay` or `previous level's date + delay`; levels missed before the first
///   allowed day are caught up once, on that day, the highest missed one only;
/// - a hold pauses dunning of its invoice or account until its date; a pending promise until its
///   date plus the policy's `promise_tolerance_days`, then a `broken_promise` call follows (at T
///   for one already broken with invoices still open);
/// - contacts of one account keep `min_interval_days` between contact days; a level whose
///   invoices' open amount is below its `min_amount` is skipped (noted);
/// - one communication per account, channel and day lists every invoice it covers;
/// - actions go on working days only (Monday-Friday minus holidays), within T ... T + days;
/// - with collectors, calls are handed out by priority to the eligible collector with the least
///   summed priority that day and room left; an account whose call does not fit moves, with its
///   other contacts of the day, to the next working day.
public enum DunningPlanner {
    public static let disputeDeskLevel = "dispute_desk"
    public static let brokenPromiseLevel = "broken_promise"

    public static func plan(_ input: PlanInput) -> DunningPlan {
        var notes: [String] = []
        var schedules = Self.schedules(input, notes: &notes)
        let lastDay = input.asOf + input.days
        var workingDays: [CalendarDay] = []
        var day = input.asOf
        while day <= lastDay {
            if input.calendar.isWorkingDay(day) { workingDays.append(day) }
            day = day + 1
        }
        var actions: [PlannedAction] = []
        var deferrals: [DeferredCall] = []
        var waitingSince: [String: CalendarDay] = [:]
        let ids = schedules.keys.sorted()
        for day in workingDays {
            var proposed: [(id: String, schedule: AccountSchedule, actions: [PlannedAction])] = []
            for id in ids {
                var next = schedules[id]!
                let items = next.step(day, contacts: true)
                guard !items.isEmpty else {
                    schedules[id] = next  // skipped levels only
                    continue
                }
                proposed.append((id, next, items.map { action($0, of: next, on: day, movedFrom: waitingSince[id]) }))
            }
            let refused = assignCalls(&proposed, collectors: input.collectors)
            for entry in proposed {
                if refused.contains(entry.id) {
                    // The whole contact day moves, so the interval still holds; internal work stays.
                    var stay = schedules[entry.id]!
                    let items = stay.step(day, contacts: false)
                    actions += items.map { action($0, of: stay, on: day, movedFrom: nil) }
                    schedules[entry.id] = stay
                    let since = waitingSince[entry.id] ?? day
                    waitingSince[entry.id] = since
                    let call = entry.actions.first { $0.channel == .call }!
                    deferrals.append(DeferredCall(date: day, accountId: entry.id, priority: call.priority.priority, since: since))
                } else {
                    actions += entry.actions
                    schedules[entry.id] = entry.schedule
                    waitingSince[entry.id] = nil
                }
            }
        }
        let backlog = deferrals.filter { waitingSince[$0.accountId] != nil && $0.date == workingDays.last }
        actions.sort(by: Self.order)
        return DunningPlan(asOf: input.asOf, lastDay: lastDay, actions: actions,
                           skipped: ids.flatMap { schedules[$0]!.skipped }, deferrals: deferrals, backlog: backlog,
                           invoices: plannedInvoices(input, actions: actions), collectors: input.collectors,
                           workingDays: workingDays, notes: notes)
    }

    /// Date, then priority (highest first), account and channel.
    static func order(_ a: PlannedAction, _ b: PlannedAction) -> Bool {
        if a.date != b.date { return a.date < b.date }
        if a.priority.priority != b.priority.priority { return a.priority.priority > b.priority.priority }
        if a.accountId != b.accountId { return a.accountId < b.accountId }
        if a.channel != b.channel { return a.channel < b.channel }
        return a.level < b.level
    }

    /// The row for `item` of `schedule`'s account on `day`.
    static func action(_ item: DayItem, of schedule: AccountSchedule, on day: CalendarDay,
                       movedFrom: CalendarDay?) -> PlannedAction {
        let invoices = item.invoices.map { schedule.invoices[$0] }
        let amount = item.invoices.reduce(0) { $0 + schedule.openAmounts[$1] }
        let priorities = item.invoices.map {
            InvoicePriority(openAmount: schedule.openAmounts[$0], daysPastDue: day - schedule.invoices[$0].dueDate,
                            risk: schedule.account.risk)
        }
        let top = priorities.max { $0.priority < $1.priority }!
        var reason = item.reason
        if let movedFrom, item.channel.contactsCustomer { reason += "; waited since \(movedFrom): collectors at capacity" }
        return PlannedAction(date: day, accountId: schedule.account.id, channel: item.channel, level: item.level,
                             strategyId: schedule.account.strategy.id, invoiceIds: invoices.map(\.invoiceId),
                             amount: amount, priority: top, collector: nil, reason: reason,
                             template: item.levelIndex.flatMap { schedule.levels[$0].template },
                             invoiceLevels: item.invoiceLevels)
    }

    /// Hands out the day's calls; returns the accounts whose call found no room.
    static func assignCalls(_ proposed: inout [(id: String, schedule: AccountSchedule, actions: [PlannedAction])],
                            collectors: [Collector]?) -> Set<String> {
        guard let collectors else { return [] }
        var calls: [(entry: Int, action: Int)] = []
        for (e, entry) in proposed.enumerated() {
            for (a, action) in entry.actions.enumerated() where action.channel == .call { calls.append((e, a)) }
        }
        calls.sort { x, y in
            let a = proposed[x.entry].actions[x.action], b = proposed[y.entry].actions[y.action]
            if a.priority.priority != b.priority.priority { return a.priority.priority > b.priority.priority }
            if a.amount != b.amount { return a.amount > b.amount }
            return a.accountId < b.accountId
        }
        var load = [Double](repeating: 0, count: collectors.count)
        var count = [Int](repeating: 0, count: collectors.count)
        var refused = Set<String>()
        for call in calls {
            let account = proposed[call.entry].schedule.account
            let eligible = collectors.indices.filter { collectors[$0].handles(account) }
            if eligible.isEmpty {
                proposed[call.entry].actions[call.action].reason += "; no collector handles this account"
                continue
            }
            let open = eligible.filter { count[$0] < collectors[$0].callsPerDay }
            guard let pick = open.min(by: { (load[$0], count[$0], collectors[$0].name) < (load[$1], count[$1], collectors[$1].name) }) else {
                refused.insert(account.id)
                continue
            }
            load[pick] += proposed[call.entry].actions[call.action].priority.priority
            count[pick] += 1
            proposed[call.entry].actions[call.action].collector = collectors[pick].name
        }
        return refused
    }

    /// The open invoices of `plan(input).invoices` (their number and open amount) and the first
    /// `count` of them with their next actions, exactly as `plan(input).invoices.prefix(count)`
    /// gives them, for less: without collectors each account's actions depend on that account
    /// alone (its invoices, policy, history, holds, promises and contact days; only collector
    /// capacity links accounts), so only the accounts of those invoices are planned. The ranking
    /// is a total order (priority, amount, id), so the top of that smaller plan is the top of the
    /// whole. With collectors everything is planned.
    public static func topInvoices(_ input: PlanInput, count: Int) -> (openInvoices: Int, openAmount: Double, top: [PlannedInvoice]) {
        let ranked = ranking(input)
        let openAmount = ranked.reduce(0) { $0 + $1.open }
        guard input.collectors == nil else { return (ranked.count, openAmount, Array(plan(input).invoices.prefix(count))) }
        let accounts = Set(ranked.prefix(count).map { input.invoices[$0.index].accountId })
        var subset = input
        subset.invoices = input.invoices.filter { accounts.contains($0.accountId) }
        return (ranked.count, openAmount, Array(plan(subset).invoices.prefix(count)))
    }

    /// Open invoices ranked by priority on the as-of date, each with its first planned action.
    static func plannedInvoices(_ input: PlanInput, actions: [PlannedAction]) -> [PlannedInvoice] {
        var first: [String: PlannedAction] = [:]
        for action in actions { for id in action.invoiceIds where first[id] == nil { first[id] = action } }
        return ranking(input).map { r in
            let invoice = input.invoices[r.index]
            return PlannedInvoice(invoice: invoice, openAmount: r.open, daysPastDue: r.daysPastDue,
                                  strategyId: input.accounts[invoice.accountId]!.strategy.id, priority: r.priority,
                                  nextAction: first[invoice.invoiceId])
        }
    }

    /// An open invoice's place in the ranking: its index in `PlanInput.invoices`.
    struct Ranked {
        var index: Int
        var open: Double
        var daysPastDue: Int
        var priority: InvoicePriority
    }

    /// The invoices open on the as-of date (of accounts the input knows) by priority on that day,
    /// highest first, then open amount (largest first), then invoice id: the one ranking of
    /// `plan.json`'s invoices and the segment report's invoice view.
    static func ranking(_ input: PlanInput) -> [Ranked] {
        var ranked: [Ranked] = []
        for (i, invoice) in input.invoices.enumerated() {
            let open = invoice.openAmount(at: input.asOf)
            guard open > 0, let account = input.accounts[invoice.accountId] else { continue }
            let pastDue = input.asOf - invoice.dueDate
            ranked.append(Ranked(index: i, open: open, daysPastDue: pastDue,
                                 priority: InvoicePriority(openAmount: open, daysPastDue: pastDue, risk: account.risk)))
        }
        return ranked.sorted {
            if $0.priority.priority != $1.priority.priority { return $0.priority.priority > $1.priority.priority }
            if $0.open != $1.open { return $0.open > $1.open }
            return input.invoices[$0.index].invoiceId < input.invoices[$1.index].invoiceId
        }
    }
}
