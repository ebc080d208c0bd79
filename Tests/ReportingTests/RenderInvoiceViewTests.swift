import Foundation
import Testing
@testable import Reporting
@testable import Segmentation
import Receivables

/// The invoice view of the segmentation report (`segment --ledger`).
@Suite("Segmentation report: invoice view")
struct RenderInvoiceViewTests {
    static func report(hostile: Bool = false) -> SegmentationReport {
        var report = RenderSamples.segmentation(hostile: hostile)
        let rows = (0..<20).map { i -> InvoiceViewRow in
            let open = 150_000 / Double(i + 1)
            let invoice = PlanReport.TopInvoice(
                invoiceId: hostile && i == 0 ? RenderSamples.scriptTag : "INV\(90_000 + i)",
                accountId: hostile && i == 1 ? RenderSamples.formulaText : String(format: "C%05d", 17 * i),
                strategy: hostile ? RenderSamples.scriptTag : "high_value_at_risk", dueDate: "2026-03-\(10 + i % 9)",
                openAmount: open, daysPastDue: 110 - 3 * i,
                priority: InvoicePriority(openAmount: open, daysPastDue: 110 - 3 * i, risk: 0.85),
                nextDate: i == 7 ? nil : "2026-07-0\(1 + i % 3)", nextChannel: i == 7 ? nil : ["call", "email", "credit_hold"][i % 3],
                nextLevel: i == 7 ? nil : (hostile ? RenderSamples.formulaText : ["call", "reminder", "credit_hold_review"][i % 3]))
            return InvoiceViewRow(segment: [3, 2, 4][i % 3], invoice: invoice)
        }
        report.invoices = InvoiceView(asOf: "2026-06-30", days: 30, lastDay: "2026-07-30", openInvoices: 41_207,
                                      openAmount: 1_184_220_512.37, rows: rows)
        return report
    }

    @Test("a section after the worklist: rank, segment, priority parts, next action and date")
    func html() {
        let html = HTMLRenderer.render(Self.report())
        #expect(html.contains("<section id=\"invoices\">"))
        #expect(html.range(of: "id=\"worklist\"")!.lowerBound < html.range(of: "id=\"invoices\"")!.lowerBound)
        #expect(html.contains("Invoices to act on first: top 20 of 41,207 open"))
        #expect(html.contains("<code>INV90000</code>"))
        #expect(html.contains("<span class=\"nowrap\">2026-07-03</span><br>\n<small>credit_hold · credit_hold_review</small>"))
        #expect(html.contains("none in 30 days"))
        #expect(html.contains("a 30-day plan (2026-06-30 to 2026-07-30, working days only)"))
        #expect(RenderChecks.tagBalanceProblems(html) == [])
        // Without a view the page is the one it always was.
        var plain = Self.report()
        plain.invoices = nil
        #expect(HTMLRenderer.render(plain) == HTMLRenderer.render(RenderSamples.segmentation()))
        #expect(MarkdownRenderer.render(plain) == MarkdownRenderer.render(RenderSamples.segmentation()))
    }

    @Test("Markdown: the same table, one row per invoice")
    func markdown() {
        let md = MarkdownRenderer.render(Self.report())
        #expect(md.contains("## Invoices to act on first: top 20 of 41,207 open"))
        let lines = md.split(separator: "\n").filter { $0.hasPrefix("| ") && $0.contains("INV9") }
        #expect(lines.count == 20)
        #expect(lines[0].hasPrefix("| 1 | INV90000 | C00000 | Segment 4 | "))
        #expect(lines[0].hasSuffix(" | 2026-03-10 | 150,000.00 | 110 | 5.18 | 3.67 | 0.85 | 9.69 | call · call | 2026-07-01 |"))
        #expect(md.contains("none in 30 days"))
    }

    @Test("hostile invoice, account and level text stays inert; JSON round-trips")
    func hostile() throws {
        let report = Self.report(hostile: true)
        let html = HTMLRenderer.render(report)
        #expect(!html.lowercased().contains("<script") && html.contains("<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"))
        let md = MarkdownRenderer.render(report)
        #expect(!md.contains("<script") && !md.contains("| =cmd"))
        #expect(try DeterministicJSON.decode(SegmentationReport.self, from: DeterministicJSON.data(report)) == report)
    }
}
