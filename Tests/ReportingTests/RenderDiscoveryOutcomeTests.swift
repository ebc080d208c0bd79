import Foundation
import Testing
@testable import Reporting
@testable import Segmentation

/// `discover --horizon`: the outcome's eta squared beside the index charts, in the tables and JSON.
@Suite("Discovery outcome evidence")
struct RenderDiscoveryOutcomeTests {
    static func report(hostile: Bool = false) -> DiscoveryReport {
        var report = RenderSamples.discovery(hostile: hostile)
        let eta = [0.114, 0.076, 0.016, 0.020, 0.121, 0.114, 0.131, 0.138, 0.196]
        for i in report.candidates.indices { report.candidates[i].collectedShareEtaSquared = eta[i] }
        report.candidates[1].collectedShareEtaSquared = nil
        report.outcomes = DiscoveryOutcomes(asOf: hostile ? RenderSamples.scriptTag : "2026-03-31", horizon: 30,
                                            windowEnd: "2026-04-30", overdueAccounts: 722, overdueAmount: 1_234_567.5,
                                            collectedShare: 0.639)
        return report
    }

    @Test("HTML: a chart after the index charts, a card, a column; no vote")
    func html() {
        let html = HTMLRenderer.render(Self.report())
        let svgs = RenderChecks.svgFragments(html)
        #expect(svgs.count == 1 + 5 + 1)
        #expect(svgs[6].contains("Outcome η² (30 days)") && svgs[6].contains("; no vote"))
        #expect(!svgs[6].contains("votes k ="), "nothing ringed: it does not vote")
        #expect(html.contains("Outcome between segments") && html.contains("2.0%")
                && html.contains("η² of the 30-day collected share at k = 5; does not vote"))
        #expect(html.contains("of the 722 accounts overdue at 2026-03-31, 63.9% of the overdue amount was collected by 2026-04-30"))
        #expect(html.contains("5 of 6 indices vote for it"))
        #expect(RenderChecks.tagBalanceProblems(html) == [])
        for svg in svgs { #expect(RenderChecks.xmlError(svg) == nil) }
        // Without outcomes, the page is the one it always was.
        var plain = Self.report()
        plain.outcomes = nil
        for i in plain.candidates.indices { plain.candidates[i].collectedShareEtaSquared = nil }
        #expect(HTMLRenderer.render(plain) == HTMLRenderer.render(RenderSamples.discovery()))
        #expect(MarkdownRenderer.render(plain) == MarkdownRenderer.render(RenderSamples.discovery()))
    }

    @Test("Markdown: the column and the explanation")
    func markdown() {
        let md = MarkdownRenderer.render(Self.report())
        #expect(md.contains("| 0.742 ± 0.014 | 0.860 | 0.020 |"))
        #expect(md.contains("| 3 | 61,210 | 0.360 | 15,980 | 1.080 | 0.538 ± 0.012 | 0.880 | n/a |"))
        #expect(md.contains("The last column is outcome evidence"))
    }

    @Test("JSON round-trips; hostile text stays inert")
    func jsonAndEscaping() throws {
        let report = Self.report()
        #expect(try DeterministicJSON.decode(DiscoveryReport.self, from: DeterministicJSON.data(report)) == report)
        let hostile = Self.report(hostile: true)
        let html = HTMLRenderer.render(hostile)
        #expect(!html.lowercased().contains("<script") && html.contains("&lt;script&gt;"))
        #expect(!MarkdownRenderer.render(hostile).contains("<script"))
    }
}
