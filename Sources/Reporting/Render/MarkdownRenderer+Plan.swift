import Tabular
import Segmentation
extension MarkdownRenderer {
    /// `plan.md`: the same content as `plan.html` as tables (per-day counts by channel, collector
    /// load, backlog, the top invoices of day one), no charts.
    public static func render(_ report: PlanReport) -> String {
        var doc = MarkdownDocument()
        doc.heading(1, "Dunning plan \(report.asOf) to \(report.lastDay)")
        doc.provenance(report.provenance)
        let calls = report.actions.filter { $0.channel == "call" }.count
        doc.paragraph("\(report.openInvoices) open invoices (\(NumberText.grouped(report.openAmount, decimals: 2)) open); "
            + "\(report.actions.count) actions in \(report.workingDays.count) working days, \(calls) of them calls; "
            + "backlog \(report.backlog.count) calls.")
        let channels = HTMLRenderer.planChannels.filter { c in report.days.contains { $0.channels[c] != nil } }
        doc.heading(2, "Calendar")
        doc.table([("Day", false)] + channels.map { ($0, true) } + [("Waited", true)],
                  report.days.map { day in
                      [day.date] + channels.map { String(day.channels[$0] ?? 0) } + [String(day.deferred)]
                  })
        if let collectors = report.collectors {
            doc.heading(2, "Calls per collector")
            doc.table([("Collector", false), ("Per day", true), ("Calls", true), ("Summed priority", true), ("Busiest day", true)],
                      collectors.map { c in
                          let busiest = report.days.map { $0.calls[c.name] ?? 0 }.max() ?? 0
                          return [c.name, String(c.callsPerDay), String(c.calls), NumberText.grouped(c.summedPriority, decimals: 1),
                                  "\(busiest) of \(c.callsPerDay)"]
                      })
        }
        if !report.backlog.isEmpty {
            doc.heading(2, "Backlog")
            doc.table([("Account", false), ("Waiting since", false), ("Priority", true)],
                      report.backlog.map { [$0.accountId, $0.since, NumberText.grouped($0.priority, decimals: 2)] })
        }
        let first = report.workingDays.first ?? report.asOf
        doc.heading(2, "Top invoices of day one (\(first))")
        doc.paragraph("priority = amount points + age points + risk points")
        doc.table([("Invoice", false), ("Account", false)] + invoicePriorityColumns + [("Action", false)],
                  report.invoices.filter { $0.nextDate == first }.prefix(25).map { item in
                      [item.invoiceId, item.accountId] + invoicePriorityCells(item) + ["\(item.nextChannel ?? "") \(item.nextLevel ?? "")"]
                  })
        if !report.skipped.isEmpty {
            doc.heading(2, "Skipped levels")
            doc.bullets(Array(report.skipped.prefix(50)))
        }
        doc.notes(report.notes)
        return doc.text
    }
}

extension MarkdownRenderer {
    /// The priority columns of an invoice table (`plan.md`, the invoice view of `report.md`).
    static let invoicePriorityColumns: [(title: String, numeric: Bool)] = [
        ("Open", true), ("Days past due", true), ("Amount pts", true), ("Age pts", true), ("Risk pts", true), ("Priority", true),
    ]

    /// The cells of `invoicePriorityColumns` for one invoice.
    static func invoicePriorityCells(_ item: PlanReport.TopInvoice) -> [String] {
        [NumberText.grouped(item.openAmount, decimals: 2), String(item.daysPastDue),
         NumberText.grouped(item.priority.amountPoints, decimals: 2), NumberText.grouped(item.priority.agePoints, decimals: 2),
         NumberText.grouped(item.priority.riskPoints, decimals: 2), NumberText.grouped(item.priority.priority, decimals: 2)]
    }
}
