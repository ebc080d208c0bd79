import Receivables
import Tabular

/// What `plan.json`, `plan.md` and `plan.html` show: a `DunningPlan` in plain values.
public struct PlanReport: Codable, Sendable, Equatable {
    public struct Day: Codable, Sendable, Equatable {
        public var date: String
        /// Actions by channel (`email`, `call`, ...), channels with none left out.
        public var channels: [String: Int]
        /// Calls per collector (with collectors).
        public var calls: [String: Int]
        /// Calls that waited for capacity on this day.
        public var deferred: Int
        public var unassignedCalls: Int
    }

    public struct Action: Codable, Sendable, Equatable {
        public var date: String
        public var accountId: String
        public var channel: String
        public var level: String
        public var strategy: String
        public var invoiceIds: [String]
        public var invoiceLevels: [String]
        public var amount: Double
        public var priority: InvoicePriority
        public var collector: String?
        public var reason: String
    }

    public struct TopInvoice: Codable, Sendable, Equatable {
        public var invoiceId: String
        public var accountId: String
        public var strategy: String
        public var dueDate: String
        public var openAmount: Double
        public var daysPastDue: Int
        public var priority: InvoicePriority
        public var nextDate: String?
        public var nextChannel: String?
        public var nextLevel: String?
    }

    /// A call still waiting for a collector after the last day.
    public struct Waiting: Codable, Sendable, Equatable {
        public var accountId: String
        public var since: String
        public var priority: Double
    }

    public struct CollectorLoad: Codable, Sendable, Equatable {
        public var name: String
        public var callsPerDay: Int
        public var calls: Int
        public var summedPriority: Double
    }

    public var provenance: ReportProvenance
    public var asOf: String
    public var lastDay: String
    public var workingDays: [String]
    public var openInvoices: Int
    public var openAmount: Double
    public var days: [Day]
    public var actions: [Action]
    /// Highest priority first (all open invoices with their next action).
    public var invoices: [TopInvoice]
    public var collectors: [CollectorLoad]?
    public var backlog: [Waiting]
    public var skipped: [String]
    public var notes: [String]
}

extension PlanReport {
    public init(_ plan: DunningPlan, provenance: ReportProvenance, notes: [String]) {
        self.provenance = provenance
        asOf = plan.asOf.description
        lastDay = plan.lastDay.description
        workingDays = plan.workingDays.map(\.description)
        openInvoices = plan.invoices.count
        openAmount = plan.invoices.reduce(0) { $0 + $1.openAmount }
        let byDay = Dictionary(grouping: plan.actions, by: \.date)
        let deferredByDay = Dictionary(grouping: plan.deferrals, by: \.date)
        days = plan.workingDays.map { day in
            let actions = byDay[day] ?? []
            var channels: [String: Int] = [:]
            var calls: [String: Int] = [:]
            for action in actions {
                channels[action.channel.rawValue, default: 0] += 1
                if action.channel == .call, let collector = action.collector { calls[collector, default: 0] += 1 }
            }
            return Day(date: day.description, channels: channels, calls: calls,
                       deferred: deferredByDay[day]?.count ?? 0,
                       unassignedCalls: actions.filter { $0.channel == .call && $0.collector == nil }.count)
        }
        actions = plan.actions.map(Action.init)
        invoices = plan.invoices.map(TopInvoice.init)
        collectors = plan.collectors.map { collectors in
            collectors.map { collector in
                let mine = plan.actions.filter { $0.collector == collector.name }
                return CollectorLoad(name: collector.name, callsPerDay: collector.callsPerDay, calls: mine.count,
                                     summedPriority: (mine.reduce(0) { $0 + $1.priority.priority } * 1000).rounded() / 1000)
            }
        }
        backlog = plan.backlog.map { Waiting(accountId: $0.accountId, since: $0.since.description, priority: $0.priority) }
        skipped = plan.skipped.map {
            "\($0.date) \($0.accountId): \($0.level) skipped for \($0.invoiceIds.joined(separator: " ")) "
                + "(open \(CSVWriter.format($0.amount)) below min_amount \(CSVWriter.format($0.minAmount)))"
        }
        self.notes = notes
    }
}

extension PlanReport.TopInvoice {
    /// An open invoice as the reports show it: its priority on the as-of date and its next
    /// action (the first the plan has for it; `nil` fields when none falls in the plan's days).
    init(_ item: PlannedInvoice) {
        self.init(invoiceId: item.invoice.invoiceId, accountId: item.invoice.accountId, strategy: item.strategyId,
                  dueDate: item.invoice.dueDate.description, openAmount: item.openAmount,
                  daysPastDue: item.daysPastDue, priority: item.priority,
                  nextDate: item.nextAction?.date.description, nextChannel: item.nextAction?.channel.rawValue,
                  nextLevel: item.nextAction?.level)
    }
}

extension PlanReport.Action {
    init(_ action: PlannedAction) {
        self.init(date: action.date.description, accountId: action.accountId, channel: action.channel.rawValue,
                  level: action.level, strategy: action.strategyId, invoiceIds: action.invoiceIds,
                  invoiceLevels: action.invoiceLevels, amount: ActionTable.cents(action.amount),
                  priority: action.priority, collector: action.collector, reason: action.reason)
    }
}

/// `actions.csv`: one row per planned action, in plan order.
public enum ActionTable {
    /// The columns, exactly.
    public static let columns = ["date", "account_id", "channel", "level", "strategy", "invoice_ids", "amount",
                                 "priority", "collector", "reason"]

    /// `invoice_ids` space-separated; `amount` the open amount at the as-of date; `collector`
    /// empty when unassigned.
    public static func csv(_ plan: DunningPlan) -> String {
        var writer = CSVWriter(header: columns)
        for a in plan.actions {
            writer.append([.text(a.date.description), .text(a.accountId), .text(a.channel.rawValue), .text(a.level),
                           .text(a.strategyId), .text(a.invoiceIds.joined(separator: " ")), .number(cents(a.amount)),
                           .number(a.priority.priority), a.collector.map(CSVCell.text) ?? .empty, .text(a.reason)])
        }
        return writer.text
    }

    /// Money to the cent: sums of decimal amounts carry binary noise (0.1 + 0.2).
    static func cents(_ x: Double) -> Double { (x * 100).rounded() / 100 }
}
