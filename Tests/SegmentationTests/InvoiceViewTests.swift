import Foundation
import Receivables
import Tabular
import Testing
import TestSupport
@testable import Segmentation

/// The invoice view of `segment --ledger` as a library call, on the hand-built ledger of
/// `DiscoveryOutcomeTests` at 2025-03-31: eight invoices open at T.
@Suite struct InvoiceViewTests {
    static func segment(book: StrategyBook = .default) throws -> (run: SegmentationRun, plan: DunningPlan) {
        let dir = try ScratchDirectory(prefix: "invoice-view")
        let path = dir.url.appendingPathComponent("ledger.csv").path
        try DiscoveryOutcomeTests.ledger.write(toFile: path, atomically: true, encoding: .utf8)
        let features = FeatureOptions(asOf: CalendarDay(year: 2025, month: 3, day: 31)!)
        let (table, _) = try features.features(ledgerPath: path)
        var options = SegmentationOptions(segmentCount: .fixed(3), seed: 7, toolVersion: "test")
        options.features = ["avg_days_late"]
        options.restarts = 4
        options.strategyBook = book
        options.ledger = LedgerSource(path: path, features: features)
        let run = try SegmentationPipeline.run(table, accountsPath: path, options: options)
        // The plan `ar-segment plan` would make for this model (30 days, no side files).
        let plan = try PlanPipeline.plan(segments: run.model.segments, table: table, labels: run.assignment.segments,
                                         ledgerPath: path, options: PlanOptions(features: features),
                                         sides: PlanSideFiles(PlanOptions(features: features), strategyIds: [], segmentCount: 3)).plan
        _ = dir
        return (run, plan)
    }

    @Test func everyOpenInvoiceByPriorityWithItsFirstPlannedAction() throws {
        let (run, plan) = try Self.segment()
        let view = try #require(run.model.report.invoices)
        #expect(view.asOf == "2025-03-31" && view.days == 30 && view.lastDay == "2025-04-30")
        // a1o a2o b1o b2o c1o c2o c2p overdue, d1c current: eight, fewer than the top 20.
        #expect(view.openInvoices == 8 && view.rows.count == 8 && view.openAmount == 100 + 300 + 200 + 200 + 100 + 50 + 50 + 50)
        #expect(view.rows.map(\.invoice) == plan.invoices.map(PlanReport.TopInvoice.init))
        let label = Dictionary(uniqueKeysWithValues: zip(run.ids, run.assignment.segments))
        #expect(view.rows.allSatisfy { $0.segment == label[$0.invoice.accountId] })
        // The next action is the invoice's first action in the plan.
        for row in view.rows {
            let first = plan.actions.first { $0.invoiceIds.contains(row.invoice.invoiceId) }
            #expect(row.invoice.nextDate == first?.date.description && row.invoice.nextChannel == first?.channel.rawValue
                    && row.invoice.nextLevel == first?.level)
        }
        #expect(view.rows.contains { $0.invoice.nextChannel != nil })
        // Priority on T: a2o is 300 open, 30 days past due: log10(301) + 30/30 + risk.
        let a2o = try #require(view.rows.first { $0.invoice.invoiceId == "a2o" }?.invoice.priority)
        #expect(a2o.amountPoints == 2.479 && a2o.agePoints == 1)
    }

    @Test func aStrategyWithoutAPolicyPlansNothingAndSaysSo() throws {
        let book = try StrategyBook.parse(yaml: """
            strategies:
              - id: everyone
                name: Everyone
                treatment:
                  channels: [email]
                  needs_call: no
            rules:
              - strategy: everyone
                when: ["share_of_accounts >= 0"]

            """, path: "book.yaml")
        let (run, _) = try Self.segment(book: book)
        let view = try #require(run.model.report.invoices)
        #expect(view.rows.count == 8 && view.rows.allSatisfy { $0.invoice.nextChannel == nil && $0.invoice.nextDate == nil })
        #expect(run.model.report.notes.contains("invoice view: everyone has no dunning policy, so its invoices have no next action"))
    }

    @Test func accountsWithoutALedgerHaveNoView() throws {
        var options = SegmentationOptions(segmentCount: .fixed(3), seed: 1, toolVersion: "test")
        options.restarts = 2
        let run = try SegmentationPipeline.run(PipelineFixtures.accounts(), accountsPath: "accounts.csv", options: options)
        #expect(run.model.report.invoices == nil)
    }
}
