import Receivables
import Tabular

extension PlanPipeline {
    /// The invoice view of `segment --ledger` (`InvoiceView`): `plan` for the segmentation just
    /// made, over `InvoiceView.planDays` from the ledger's as-of date with the plan's defaults
    /// (no history, holds, collectors or holidays; the promises `segment` read, if any), and the
    /// top `InvoiceView.topCount` of the plan's open invoices by priority with their first
    /// planned action. A strategy without a dunning policy plans nothing (noted in `notes`).
    static func invoiceView(segments: [ModelSegment], table: AccountTable, labels: [Int], ledger: LedgerSource,
                            notes: inout [String]) throws -> InvoiceView {
        let options = PlanOptions(features: ledger.features, days: InvoiceView.planDays)
        let sides = try PlanSideFiles(options, strategyIds: [], segmentCount: segments.count)
        let (plan, accounts) = try plan(segments: segments, table: table, labels: labels, ledgerPath: ledger.path,
                                        options: options, sides: sides)
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
            asOf: plan.asOf.description, days: InvoiceView.planDays, lastDay: plan.lastDay.description,
            openInvoices: plan.invoices.count, openAmount: plan.invoices.reduce(0) { $0 + $1.openAmount },
            rows: plan.invoices.prefix(InvoiceView.topCount).map { item in
                InvoiceViewRow(segment: accounts[item.invoice.accountId]!.segment, invoice: PlanReport.TopInvoice(item))
            })
    }
}
