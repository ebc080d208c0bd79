import Tabular
import Segmentation
extension HTMLRenderer {
    /// Channels in the order the calendar stacks them.
    static let planChannels = ["email", "sms", "letter", "call", "task", "credit_hold", "agency_review"]

    /// `plan.html` of `ar-segment plan`: headline cards, the calendar (actions per day stacked by
    /// channel), calls per collector per day against capacity, the backlog, the top invoices and
    /// actions of day one, skipped levels and notes.
    public static func render(_ report: PlanReport) -> String {
        let channels = planChannels.filter { c in report.days.contains { $0.channels[c] != nil } }
        var sections: [Markup] = [planCards(report)]
        sections.append(HTMLPage.section("Calendar", id: "calendar",
            intro: "Every action of the plan on its working day (weekends and holidays carry none). One communication per "
                + "account, channel and day lists every invoice it covers.",
            [HTMLPage.figure(Charts.calendar(days: report.days, channels: channels.isEmpty ? ["email"] : channels))]))
        if let collectors = report.collectors { sections.append(collectorSection(report, collectors)) }
        else { sections.append(unassignedSection(report)) }
        if !report.backlog.isEmpty {
            sections.append(HTMLPage.section("Backlog", id: "backlog",
                intro: "Calls that found no collector with room by the last day of the plan; they are not in actions.csv.",
                [HTMLPage.table([.init(title: "Account"), .init(title: "Waiting since"), .init(title: "Priority", numeric: true)],
                                report.backlog.map { [[.el("code", text: $0.accountId)], [.text($0.since)],
                                                      [.text(NumberText.grouped($0.priority, decimals: 2))]] })]))
        }
        sections.append(dayOneSection(report))
        if !report.skipped.isEmpty {
            sections.append(HTMLPage.section("Skipped levels", id: "skipped",
                intro: "Levels not sent because the account's open amount at them was below the level's min_amount.",
                [HTMLPage.bulletList(Array(report.skipped.prefix(50)) + (report.skipped.count > 50
                    ? ["... and \(report.skipped.count - 50) more (plan.json lists all)"] : []))]))
        }
        sections += HTMLPage.notesSection(report.notes)
        return HTMLPage.document(title: "Dunning plan \(report.asOf) to \(report.lastDay)", provenance: report.provenance,
                                 sections: sections)
    }

    private static func planCards(_ report: PlanReport) -> Markup {
        let calls = report.actions.filter { $0.channel == "call" }.count
        let accounts = Set(report.actions.map(\.accountId)).count
        return HTMLPage.cards([
            .init(label: "Open invoices", value: NumberText.integer(report.openInvoices),
                  detail: NumberText.grouped(report.openAmount, decimals: 0) + " open"),
            .init(label: "Actions planned", value: NumberText.integer(report.actions.count),
                  detail: "for \(NumberText.integer(accounts)) accounts in \(report.workingDays.count) working days"),
            .init(label: "Calls", value: NumberText.integer(calls),
                  detail: report.collectors == nil ? "unassigned (no collectors file)" : "assigned to collectors"),
            .init(label: "Backlog", value: NumberText.integer(report.backlog.count),
                  detail: "calls still waiting after \(report.lastDay)", emphasis: !report.backlog.isEmpty),
        ])
    }

    /// Collectors as rows, days as columns: `calls / capacity`, shaded by how full the day is.
    private static func collectorSection(_ report: PlanReport, _ collectors: [PlanReport.CollectorLoad]) -> Markup {
        let days = report.days
        let columns = [HTMLPage.Column(title: "Collector"), .init(title: "Per day", numeric: true)]
            + days.map { HTMLPage.Column(title: String($0.date.suffix(2)), numeric: true) }
            + [.init(title: "Calls", numeric: true), .init(title: "Summed priority", numeric: true)]
        var rows = collectors.map { c -> [[Markup]] in
            [[.text(c.name)], [.text(NumberText.integer(c.callsPerDay))]]
                + days.map { day -> [Markup] in
                    let n = day.calls[c.name] ?? 0
                    let fill = c.callsPerDay > 0 ? Palette.sequential(Double(n) / Double(c.callsPerDay)) : "#ffffff"
                    return [.el("span", ["class": "load", "style": "background:\(fill);color:\(Palette.textColour(on: fill))",
                                         "title": "\(day.date): \(n) of \(c.callsPerDay) calls"], text: "\(n)")]
                }
                + [[.text(NumberText.integer(c.calls))], [.text(NumberText.grouped(c.summedPriority, decimals: 1))]]
        }
        rows.append([[.el("strong", text: "Waited")], [.text("")]]
            + days.map { [.text($0.deferred > 0 ? NumberText.integer($0.deferred) : "")] } + [[.text("")], [.text("")]])
        return HTMLPage.section("Calls per collector", id: "collectors",
            intro: "Calls per working day (columns: day of the month, \(report.days.first?.date ?? "") to \(report.days.last?.date ?? "")). "
                + "Calls are handed out in priority order to the eligible collector with the least summed priority that day, "
                + "within each collector's calls per day; a call that does not fit waits for the next working day (row 'Waited').",
            [HTMLPage.table(columns, rows)])
    }

    private static func unassignedSection(_ report: PlanReport) -> Markup {
        let rows = report.days.filter { $0.unassignedCalls > 0 }.map { day -> [[Markup]] in
            [[.text(day.date)], [.text(NumberText.integer(day.unassignedCalls))]]
        }
        return HTMLPage.section("Calls per day", id: "collectors",
            intro: "No collectors file was given: calls stay unassigned. Daily totals:",
            [HTMLPage.table([.init(title: "Day"), .init(title: "Calls", numeric: true)], rows)])
    }

    private static func dayOneSection(_ report: PlanReport) -> Markup {
        let first = report.workingDays.first ?? report.asOf
        let top = report.invoices.filter { $0.nextDate == first }.prefix(25)
        let invoiceRows = top.map { item -> [[Markup]] in
            [[.el("code", text: item.invoiceId)], [.el("code", text: item.accountId)], [.text(item.strategy)]]
                + invoicePriorityCells(item) + [[.text("\(item.nextChannel ?? "") · \(item.nextLevel ?? "")")]]
        }
        let columns: [HTMLPage.Column] = [.init(title: "Invoice"), .init(title: "Account"), .init(title: "Strategy")]
            + invoicePriorityColumns + [.init(title: "Action")]
        let actions = report.actions.filter { $0.date == first }.prefix(25).map { a -> [[Markup]] in
            [[.text(a.channel)], [.el("code", text: a.accountId)], [.text(a.level)], [.text(NumberText.integer(a.invoiceIds.count))],
             [.text(NumberText.grouped(a.amount, decimals: 2))], [.text(NumberText.grouped(a.priority.priority, decimals: 2))],
             [.text(a.collector ?? "")], [.el("small", text: a.reason)]]
        }
        return HTMLPage.section("Day one: \(first)", id: "day-one",
            intro: "The invoices acted on first, by \(invoicePriorityRule); then the day's actions.",
            [HTMLPage.table(columns, invoiceRows, caption: "Top invoices"),
             HTMLPage.table([.init(title: "Channel"), .init(title: "Account"), .init(title: "Level"),
                             .init(title: "Invoices", numeric: true), .init(title: "Amount", numeric: true),
                             .init(title: "Priority", numeric: true), .init(title: "Collector"), .init(title: "Reason")],
                            Array(actions), caption: "Actions")])
    }

    /// The priority columns of an invoice table (`plan`'s top invoices, the segment report's
    /// invoice view): open amount, days past due, the three parts and their sum.
    static let invoicePriorityColumns: [HTMLPage.Column] = [
        .init(title: "Open", numeric: true), .init(title: "Days past due", numeric: true),
        .init(title: "Amount pts", numeric: true), .init(title: "Age pts", numeric: true),
        .init(title: "Risk pts", numeric: true), .init(title: "Priority", numeric: true),
    ]

    /// The cells of `invoicePriorityColumns` for one invoice.
    static func invoicePriorityCells(_ item: PlanReport.TopInvoice) -> [[Markup]] {
        [[.text(NumberText.grouped(item.openAmount, decimals: 2))], [.text(NumberText.integer(item.daysPastDue))],
         [.text(NumberText.grouped(item.priority.amountPoints, decimals: 2))],
         [.text(NumberText.grouped(item.priority.agePoints, decimals: 2))],
         [.text(NumberText.grouped(item.priority.riskPoints, decimals: 2))],
         [.el("strong", text: NumberText.grouped(item.priority.priority, decimals: 2))]]
    }

    /// The sentence that defines an invoice's priority (`plan.html`, `report.html`).
    static let invoicePriorityRule = "priority = amount points (log10 of 1 + open amount) + age points "
        + "(days past due / 30, at most 4) + the segment's risk points (0-3)"
}
