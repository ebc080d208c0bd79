import Tabular
@testable import Receivables

/// Hand-built ledgers for the planner's golden tests. 2025-06-02 is a Monday.
enum PlanFixture {
    static func day(_ text: String) -> CalendarDay { CalendarDay(iso: text[...])! }

    static func invoice(_ id: String, account: String = "A", due: String, amount: Double = 100,
                        issued: String? = nil, paid: String? = nil, disputed: Bool = false) -> Invoice {
        let dueDay = day(due)
        return Invoice(accountId: account, invoiceId: id, invoiceDate: issued.map(day) ?? dueDay + -30, dueDate: dueDay,
                       amount: amount, paidDate: paid.map(day), disputed: disputed)
    }

    static func level(_ name: String, _ delay: Int, _ channel: DunningChannel, basis: LevelBasis = .dueDate,
                      minAmount: Double = 0) -> PolicyLevel {
        PolicyLevel(name: name, delay: delay, basis: basis, channel: channel, minAmount: minAmount, action: name)
    }

    static func account(_ levels: [PolicyLevel], interval: Int = 0) -> PlanAccount {
        account("A", levels, interval: interval)
    }

    static func account(_ id: String, _ levels: [PolicyLevel], interval: Int = 0, tolerance: Int = 3,
                        risk: Double = 0, strategy: String = "s", segment: Int = 0, region: String? = nil) -> PlanAccount {
        PlanAccount(id: id, segment: segment,
                    strategy: Strategy(id: strategy, name: strategy, summary: "",
                                       treatment: Treatment(channels: [], escalation: "", needsCall: true),
                                       policy: DunningPolicy(levels: levels, minIntervalDays: interval,
                                                             promiseToleranceDays: tolerance)),
                    risk: risk, region: region)
    }

    static func plan(_ invoices: [Invoice], _ accounts: [PlanAccount], asOf: String = "2025-06-02", days: Int = 30,
                     history: [IssuedAction] = [], holds: [DunningHold] = [], promises: [PaymentPromise] = [],
                     collectors: [Collector]? = nil, holidays: [String] = []) -> DunningPlan {
        DunningPlanner.plan(PlanInput(
            asOf: day(asOf), days: days, invoices: invoices,
            accounts: Dictionary(uniqueKeysWithValues: accounts.map { ($0.id, $0) }), history: history, holds: holds,
            promises: promises, collectors: collectors, calendar: WorkCalendar(holidays: Set(holidays.map(day)))))
    }

    /// `DATE ACCOUNT CHANNEL LEVEL INVOICES [COLLECTOR]`, one per action, in plan order.
    static func rows(_ plan: DunningPlan) -> [String] {
        plan.actions.map { a in
            ([a.date.description, a.accountId, a.channel.rawValue, a.level, a.invoiceIds.joined(separator: "+")]
             + (a.collector.map { [$0] } ?? [])).joined(separator: " ")
        }
    }

    /// The plan's actions as history rows (what `--history actions.csv` reads back).
    static func history(_ plan: DunningPlan) -> [IssuedAction] {
        plan.actions.map { IssuedAction(date: $0.date, accountId: $0.accountId, level: $0.level,
                                        invoiceIds: $0.invoiceIds, channel: $0.channel) }
    }
}
