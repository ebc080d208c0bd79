import PropertyBased
import Testing
import Tabular
@testable import Receivables

/// Invariants of every plan, on random ledgers, policies, holds, promises and collectors.
@Suite struct PlanPropertyTests {
    typealias F = PlanFixture

    /// A random planning problem from `seed` (a small LCG: the property library draws the seed).
    struct Problem {
        var input: PlanInput

        init(seed: UInt64) {
            var state = seed | 1
            func next(_ n: Int) -> Int {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return Int((state >> 33) % UInt64(n))
            }
            let asOf = F.day("2025-06-02") + next(7)
            let channels = DunningChannel.allCases
            var accounts: [PlanAccount] = []
            var invoices: [Invoice] = []
            var holds: [DunningHold] = []
            var promises: [PaymentPromise] = []
            for a in 0..<(1 + next(6)) {
                let id = "A\(a)"
                var levels: [PolicyLevel] = []
                var delay = -10 + next(10)
                for k in 0..<(1 + next(4)) {
                    let previous = k > 0 && next(3) == 0
                    delay += previous ? 0 : next(12)
                    levels.append(F.level("L\(k)", previous ? next(8) : delay, channels[next(channels.count)],
                                          basis: previous ? .previousLevel : .dueDate,
                                          minAmount: next(4) == 0 ? Double(next(800)) : 0))
                }
                accounts.append(F.account(id, levels, interval: next(6), tolerance: next(5), risk: Double(next(30)) / 10,
                                          strategy: "s\(next(3))", segment: next(3), region: next(2) == 0 ? "north" : nil))
                for i in 0..<(1 + next(5)) {
                    let due = asOf + (next(100) - 60)
                    let paid: CalendarDay? = next(4) == 0 ? due + (next(40) - 20) : nil
                    invoices.append(Invoice(accountId: id, invoiceId: "\(id)-\(i)", invoiceDate: due + -30, dueDate: due,
                                            amount: Double(1 + next(2000)), paidDate: paid, disputed: next(8) == 0))
                }
                if next(4) == 0 {
                    holds.append(DunningHold(accountId: id, invoiceId: next(2) == 0 ? "\(id)-0" : nil,
                                             until: asOf + (next(20) - 5), reason: "r"))
                }
                if next(4) == 0 {
                    promises.append(PaymentPromise(accountId: id, invoiceId: next(2) == 0 ? "\(id)-0" : nil,
                                                   promiseDate: asOf + (next(30) - 15), amount: Double(1 + next(1500))))
                }
            }
            var collectors: [Collector]?
            if next(3) > 0 {
                collectors = (0..<(1 + next(3))).map { c in
                    Collector(name: "c\(c)", callsPerDay: c == 0 ? 1 + next(3) : next(4),
                              strategies: next(3) == 0 ? ["s\(next(3))"] : [], regions: next(4) == 0 ? ["north"] : [])
                }
            }
            let holidays: Set<CalendarDay> = next(2) == 0 ? [asOf + next(20)] : []
            input = PlanInput(asOf: asOf, days: next(40), invoices: invoices,
                              accounts: Dictionary(uniqueKeysWithValues: accounts.map { ($0.id, $0) }),
                              holds: holds, promises: promises, collectors: collectors,
                              calendar: WorkCalendar(holidays: holidays))
        }
    }

    static func contactsKeepTheirInterval(_ plan: DunningPlan, _ input: PlanInput) {
        let byAccount = Dictionary(grouping: plan.actions.filter(\.channel.contactsCustomer), by: \.accountId)
        for (id, actions) in byAccount {
            let days = Set(actions.map(\.date)).sorted()
            let gap = input.accounts[id]!.policy.minIntervalDays
            for (a, b) in zip(days, days.dropFirst()) {
                #expect(b - a >= gap, "account \(id) contacted on \(a) and \(b), interval \(gap)")
            }
        }
    }

    @Test func everyPlanKeepsItsRules() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let input = Problem(seed: seed).input
            let plan = DunningPlanner.plan(input)
            let open = Set(input.invoices.filter { $0.isOpen(at: input.asOf) }.map(\.invoiceId))
            Self.contactsKeepTheirInterval(plan, input)
            var levelsSeen = Set<String>()
            for action in plan.actions {
                #expect(action.invoiceIds.allSatisfy(open.contains), "planned an invoice not open at T: \(action)")
                #expect(action.date >= input.asOf && action.date <= input.asOf + input.days)
                #expect(input.calendar.isWorkingDay(action.date))
                for (id, level) in zip(action.invoiceIds, action.invoiceLevels) {
                    #expect(levelsSeen.insert("\(id) \(level)").inserted, "\(id) got \(level) twice")
                }
            }
            if let collectors = input.collectors {
                let capacity = Dictionary(uniqueKeysWithValues: collectors.map { ($0.name, $0.callsPerDay) })
                let load = Dictionary(grouping: plan.actions.compactMap { a in a.collector.map { "\($0) \(a.date)" } }, by: { $0 })
                for (key, calls) in load {
                    #expect(calls.count <= capacity[String(key.split(separator: " ")[0])]!, "\(key) over capacity")
                }
                #expect(plan.actions.allSatisfy { $0.collector == nil || $0.channel == .call })
            }
        }
    }

    @Test func sameInputsGiveTheSamePlanWhateverTheOrder() async {
        await propertyCheck(count: 150, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var input = Problem(seed: seed).input
            let plan = DunningPlanner.plan(input)
            #expect(DunningPlanner.plan(input) == plan)
            input.invoices.reverse()
            input.promises.reverse()
            #expect(DunningPlanner.plan(input) == plan)
        }
    }

    @Test func aRerunWithThePlanAsHistoryNeverRepeatsAnIssuedLevel() async {
        await propertyCheck(count: 150, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var input = Problem(seed: seed).input
            let first = DunningPlanner.plan(input)
            let issued = Set(first.actions.flatMap { a in a.invoiceIds.map { "\($0) \(a.level)" } })
            input.history = F.history(first)
            input.asOf = input.asOf + 1
            let second = DunningPlanner.plan(input)
            for action in second.actions {
                for id in action.invoiceIds {
                    #expect(!issued.contains("\(id) \(action.level)"), "\(id) got \(action.level) again")
                }
            }
            Self.contactsKeepTheirInterval(second, input)
        }
    }
}
