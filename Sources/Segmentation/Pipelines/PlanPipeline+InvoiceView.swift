import Receivables
import Tabular

extension PlanPipeline {
    /// The invoice view of `segment --ledger` (`InvoiceView`): `plan` for the segmentation just
    /// made, over `InvoiceView.planDays` from the ledger's as-of date with the plan's defaults
    /// (no history, holds, collectors or holidays; the promises `segment` read, if any), and the
    /// top `InvoiceView.topCount` of the plan's open invoices by priority with their first
    /// planned action (`DunningPlanner.topInvoices`: the same rows as the whole plan, planning
    /// only their accounts). A strategy without a dunning policy plans nothing (noted in `notes`).
    static func invoiceView(segments: [ModelSegment], table: AccountTable, labels: [Int], ledger: LedgerSource,
                            notes: inout [String]) throws -> InvoiceView {
        let options = PlanOptions(features: ledger.features, days: InvoiceView.planDays)
        let sides = try PlanSideFiles(options, strategyIds: [], segmentCount: segments.count)
        let input = try planInput(segments: segments, table: table, labels: labels, ledgerPath: ledger.path,
                                  options: options, sides: sides)
        let (openInvoices, openAmount, top) = DunningPlanner.topInvoices(input, count: InvoiceView.topCount)
        var unplanned: [String] = []
        for segment in segments where segment.strategy.strategy.policy == nil {
            let id = segment.strategy.strategy.id
            if !unplanned.contains(id) { unplanned.append(id) }
        }
        if !unplanned.isEmpty {
            notes.append("invoice view: \(unplanned.joined(separator: ", ")) \(unplanned.count == 1 ? "has" : "have") "
                         + "no dunning policy, so \(unplanned.count == 1 ? "its" : "their") invoices have no next action")
        }
        return InvoiceView(
            asOf: input.asOf.description, days: InvoiceView.planDays, lastDay: (input.asOf + input.days).description,
            openInvoices: openInvoices, openAmount: openAmount,
            rows: top.map { item in
                InvoiceViewRow(segment: input.accounts[item.invoice.accountId]!.segment, invoice: PlanReport.TopInvoice(item))
            })
    }
}
