import Testing
import Tabular
@testable import Receivables

/// One golden plan per rule, on hand-built ledgers whose expected actions were worked out by
/// hand (2025-06-02 is a Monday; the plan starts there unless a test says otherwise).
@Suite struct PlanGoldenTests {
    typealias F = PlanFixture
    static let threeLevels = [F.level("first", 0, .email), F.level("second", 5, .email, basis: .previousLevel),
                              F.level("third", 14, .call)]

    @Test func delayAndBasis() {
        let plan = F.plan([F.invoice("X", due: "2025-06-04")], [F.account(Self.threeLevels)])
        // first: due + 0; second: first's date + 5 (a Monday); third: due + 14.
        #expect(F.rows(plan) == ["2025-06-04 A email first X", "2025-06-09 A email second X", "2025-06-18 A call third X"])
        #expect(plan.actions[0].reason == "first at +0 from the due date")
        #expect(plan.actions[1].reason == "second at +5 from the previous level")
    }

    @Test func weekendsAndHolidaysMoveToTheNextWorkingDay() {
        let invoices = [F.invoice("X", due: "2025-06-07")]  // a Saturday
        let accounts = [F.account([F.level("first", 0, .email)])]
        #expect(F.rows(F.plan(invoices, accounts)) == ["2025-06-09 A email first X"])
        #expect(F.rows(F.plan(invoices, accounts, holidays: ["2025-06-09"])) == ["2025-06-10 A email first X"])
    }

    @Test func oneCommunicationPerAccountChannelAndDay() {
        let invoices = [F.invoice("X", due: "2025-06-04"), F.invoice("Y", due: "2025-06-04"), F.invoice("Z", due: "2025-06-11"),
                        F.invoice("W", account: "B", due: "2025-06-04")]
        let levels = [F.level("first", 0, .email)]
        let plan = F.plan(invoices, [F.account(levels), F.account("B", levels)])
        #expect(F.rows(plan) == ["2025-06-04 A email first X+Y", "2025-06-04 B email first W", "2025-06-11 A email first Z"])
        #expect(plan.actions[0].amount == 200)
    }

    @Test func aConsolidatedNoticeCarriesTheHighestLevelAndMovesEveryInvoiceToIt() {
        // X: `first` missed (caught up at T), `second` on 06-04; Y: `first` on 06-04. One e-mail at
        // `second` lists both, and Y's own `second` (06-11) is then not sent again.
        let invoices = [F.invoice("X", due: "2025-05-28"), F.invoice("Y", due: "2025-06-04")]
        let plan = F.plan(invoices, [F.account([F.level("first", 0, .email), F.level("second", 7, .email)])])
        #expect(F.rows(plan) == ["2025-06-02 A email first X", "2025-06-04 A email second X+Y"])
        #expect(plan.actions[1].invoiceLevels == ["second", "first"])
    }

    @Test func escalationFollowsTheHistoryAndNeverRepeatsALevel() {
        let invoices = [F.invoice("X", due: "2025-06-04")]
        let accounts = [F.account(Self.threeLevels)]
        let firstRun = F.plan(invoices, accounts, days: 2)
        #expect(F.rows(firstRun) == ["2025-06-04 A email first X"])
        let rerun = F.plan(invoices, accounts, asOf: "2025-06-05", history: F.history(firstRun))
        #expect(F.rows(rerun) == ["2025-06-09 A email second X", "2025-06-18 A call third X"])
        let full = F.plan(invoices, accounts)
        #expect(F.plan(invoices, accounts, history: F.history(full)).actions.isEmpty)
    }

    @Test func missedLevelsAreCaughtUpOnceTheHighestOnly() {
        let levels = [F.level("a", 0, .email), F.level("b", 7, .email), F.level("c", 14, .call), F.level("d", 60, .task)]
        let plan = F.plan([F.invoice("X", due: "2025-05-01")], [F.account(levels)])
        #expect(F.rows(plan) == ["2025-06-02 A call c X", "2025-06-30 A task d X"])
        #expect(plan.actions[0].reason == "catch-up of c, due 2025-05-15")
    }

    @Test func aDisputedInvoiceGetsOnlyTheDisputeDesk() {
        let invoices = [F.invoice("X", due: "2025-05-01", disputed: true), F.invoice("Y", due: "2025-06-04")]
        let accounts = [F.account([F.level("a", 0, .email), F.level("b", 30, .call)])]
        let plan = F.plan(invoices, accounts)
        #expect(F.rows(plan) == ["2025-06-02 A task dispute_desk X", "2025-06-04 A email a Y"])
        let rerun = F.plan(invoices, accounts, asOf: "2025-06-03", history: F.history(plan))
        #expect(!F.rows(rerun).contains { $0.contains("dispute_desk") })
    }

    @Test func aHoldPausesItsInvoiceUntilTheDayAfter() {
        let invoices = [F.invoice("X", due: "2025-06-04"), F.invoice("Y", due: "2025-06-04")]
        let hold = DunningHold(accountId: "A", invoiceId: "X", until: F.day("2025-06-10"), reason: "legal")
        let plan = F.plan(invoices, [F.account([F.level("a", 0, .email), F.level("b", 10, .email)])], holds: [hold])
        // b falls on Saturday 06-14 and moves to Monday, where X and Y share one e-mail.
        #expect(F.rows(plan) == ["2025-06-04 A email a Y", "2025-06-11 A email a X", "2025-06-16 A email b X+Y"])
        #expect(plan.actions[1].reason == "catch-up of a, due 2025-06-04 after hold until 2025-06-10 (legal)")
        let accountHold = DunningHold(accountId: "A", invoiceId: nil, until: F.day("2025-06-10"), reason: "")
        let paused = F.plan(invoices, [F.account([F.level("a", 0, .email)])], holds: [accountHold])
        #expect(F.rows(paused) == ["2025-06-11 A email a X+Y"])
    }

    @Test func aPromisePausesDunningThenABrokenOneIsFollowedUp() {
        let levels = [F.level("a", 0, .email), F.level("b", 20, .email)]
        // Pending: promised for 06-05, tolerance 3: paused through 06-08 (a Sunday); on Monday the
        // missed `a` is caught up, the follow-up call goes out, and `b` follows the next day.
        let pending = PaymentPromise(accountId: "A", invoiceId: "X", promiseDate: F.day("2025-06-05"), amount: 100)
        // Broken: promised for 05-20, nothing paid by 05-23: the call goes out at T.
        let broken = PaymentPromise(accountId: "B", invoiceId: nil, promiseDate: F.day("2025-05-20"), amount: 50)
        let invoices = [F.invoice("X", due: "2025-05-20"), F.invoice("Y", account: "B", due: "2025-05-01")]
        let plan = F.plan(invoices, [F.account(levels), F.account("B", levels)], promises: [pending, broken])
        #expect(F.rows(plan) == ["2025-06-02 B email b Y", "2025-06-02 B call broken_promise Y",
                                 "2025-06-09 A email a X", "2025-06-09 A call broken_promise X", "2025-06-10 A email b X"])
        #expect(plan.actions[3].reason == "promise of 100 for 2025-06-05: follow up unless kept by 2025-06-08")
        // The follow-up is issued once: with the plan as history it is not planned again.
        let rerun = F.plan(invoices, [F.account(levels), F.account("B", levels)], asOf: "2025-06-03",
                           history: F.history(plan), promises: [pending, broken])
        #expect(!F.rows(rerun).contains { $0.contains("broken_promise") })
    }

    @Test func promisesAreJudgedAfterTheirToleranceAndMakeTheBrokenPromiseRate() {
        let paid = F.invoice("P", account: "C", due: "2025-05-01", paid: "2025-05-22")
        let open = F.invoice("Q", account: "C", due: "2025-05-01")
        let kept = PaymentPromise(accountId: "C", invoiceId: "P", promiseDate: F.day("2025-05-20"), amount: 100)
        let brokenOne = PaymentPromise(accountId: "C", invoiceId: "Q", promiseDate: F.day("2025-05-10"), amount: 100)
        let late = PaymentPromise(accountId: "C", invoiceId: "P", promiseDate: F.day("2025-05-15"), amount: 100)
        let asOf = F.day("2025-06-02")
        #expect(kept.status(asOf: asOf, tolerance: 3, invoices: [paid, open]) == .kept)   // paid 05-22 <= 05-23
        #expect(late.status(asOf: asOf, tolerance: 3, invoices: [paid, open]) == .broken)  // paid after 05-18
        #expect(late.status(asOf: asOf, tolerance: 7, invoices: [paid, open]) == .kept)
        #expect(brokenOne.status(asOf: F.day("2025-05-12"), tolerance: 3, invoices: [open]) == .pending)
        let records = PromiseRecord.byAccount([kept, brokenOne, late], asOf: asOf, invoices: [paid, open])
        #expect(records["C"] == PromiseRecord(judged: 3, broken: 2))
        #expect(abs(records["C"]!.rate - 2.0 / 3) < 1e-15)
    }

    @Test func contactsKeepTheMinimumIntervalAcrossInvoices() {
        let invoices = [F.invoice("X", due: "2025-06-04"), F.invoice("Y", due: "2025-06-05")]
        let plan = F.plan(invoices, [F.account([F.level("a", 0, .email), F.level("t", 1, .task)], interval: 3)])
        // Y's e-mail waits past 06-05 and 06-06 (within 3 days) and the weekend; a task is not a
        // contact and does not wait (X's on 06-05), but follows its own e-mail (Y's on 06-10).
        #expect(F.rows(plan) == ["2025-06-04 A email a X", "2025-06-05 A task t X", "2025-06-09 A email a Y",
                                 "2025-06-10 A task t Y"])
    }

    @Test func levelsBelowTheirMinimumAmountAreSkippedWithANote() {
        let levels = [F.level("a", 0, .call, minAmount: 500), F.level("b", 7, .email)]
        let invoices = [F.invoice("X", due: "2025-06-04", amount: 300), F.invoice("W", account: "B", due: "2025-06-04", amount: 600),
                        F.invoice("X1", account: "C", due: "2025-06-04", amount: 300),
                        F.invoice("X2", account: "C", due: "2025-06-04", amount: 300)]
        let plan = F.plan(invoices, [F.account(levels), F.account("B", levels), F.account("C", levels)])
        #expect(F.rows(plan) == ["2025-06-04 B call a W", "2025-06-04 C call a X1+X2", "2025-06-11 B email b W",
                                 "2025-06-11 A email b X", "2025-06-11 C email b X1+X2"])
        #expect(plan.skipped == [SkippedLevel(date: F.day("2025-06-04"), accountId: "A", level: "a", invoiceIds: ["X"],
                                              amount: 300, minAmount: 500)])
    }

    @Test func callsPastCapacityMoveToTheNextWorkingDay() {
        let levels = [F.level("a", 0, .call)]
        let invoices = [F.invoice("XA", due: "2025-06-04", amount: 1000), F.invoice("XB", account: "B", due: "2025-06-04", amount: 100),
                        F.invoice("XC", account: "C", due: "2025-06-04", amount: 10)]
        let accounts = [F.account(levels), F.account("B", levels), F.account("C", levels)]
        let ann = [Collector(name: "ann", callsPerDay: 1)]
        let plan = F.plan(invoices, accounts, collectors: ann)
        #expect(F.rows(plan) == ["2025-06-04 A call a XA ann", "2025-06-05 B call a XB ann", "2025-06-06 C call a XC ann"])
        #expect(plan.deferrals.map { "\($0.date) \($0.accountId)" } == ["2025-06-04 B", "2025-06-04 C", "2025-06-05 C"])
        #expect(plan.actions[2].reason.hasSuffix("waited since 2025-06-04: collectors at capacity"))
        #expect(plan.backlog.isEmpty)
        let short = F.plan(invoices, accounts, days: 3, collectors: ann)
        #expect(short.backlog.map { "\($0.accountId) \($0.since)" } == ["C 2025-06-04"])
        #expect(F.rows(short).count == 2)
        // Without collectors every call stays on its day, unassigned.
        #expect(F.rows(F.plan(invoices, accounts)) == ["2025-06-04 A call a XA", "2025-06-04 B call a XB", "2025-06-04 C call a XC"])
    }

    @Test func callsAreDistributedEquallyBySummedPriority() {
        let levels = [F.level("a", 0, .call)]
        let amounts = [("A", 9999.0), ("B", 999.0), ("C", 99.0), ("D", 9.0)]
        let invoices = amounts.map { F.invoice("X" + $0.0, account: $0.0, due: "2025-06-04", amount: $0.1) }
        let collectors = [Collector(name: "ann", callsPerDay: 2), Collector(name: "bob", callsPerDay: 2),
                          Collector(name: "cat", callsPerDay: 9, strategies: ["other"])]
        let plan = F.plan(invoices, amounts.map { F.account($0.0, levels) }, collectors: collectors)
        // Priorities 4, 3, 2, 1: ann takes 4; bob (0) takes 3 and then 2 (3 < 4); ann (4 < 5) takes 1.
        #expect(F.rows(plan) == ["2025-06-04 A call a XA ann", "2025-06-04 B call a XB bob", "2025-06-04 C call a XC bob",
                                 "2025-06-04 D call a XD ann"])
    }

    @Test func invoicePriorityShowsItsParts() {
        let p = InvoicePriority(openAmount: 999, daysPastDue: 45, risk: 1.25)
        #expect(p.amountPoints == 3 && p.agePoints == 1.5 && p.riskPoints == 1.25 && p.priority == 5.75)
        #expect(InvoicePriority(openAmount: 0, daysPastDue: 400, risk: 9).priority == 7)
        #expect(InvoicePriority(openAmount: 0, daysPastDue: -5, risk: -1).priority == 0)
    }
}
