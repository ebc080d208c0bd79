import Foundation
import Testing
@testable import Reporting
@testable import Segmentation

@Suite("HTML renderer")
struct RenderHTMLTests {
    @Test("segmentation report has every section and one SVG per chart")
    func segmentationSections() {
        let report = RenderSamples.segmentation()
        let html = HTMLRenderer.render(report)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        for id in ["segments", "map", "profiles", "strategies", "worklist", "notes"] {
            #expect(html.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        let cards = html.components(separatedBy: "<div class=\"card\">").count + html.components(separatedBy: "<div class=\"card emphasis\">").count - 2
        #expect(cards == 5, "five headline cards")
        let svgs = RenderChecks.svgFragments(html)
        // Size and balance bars, silhouette, PCA map, profile heatmap.
        #expect(svgs.count == 4)
        #expect(svgs.map(firstTitle) == ["Segment size and balance share", "Silhouette by segment", "Segment map (PCA)", "Segment profiles"])
        #expect(html.components(separatedBy: "<article class=\"segment-card\"").count - 1 == report.segments.count)
        // Every worklist row, every plotted account.
        #expect(report.worklist.allSatisfy { html.contains("<code>\($0.accountId)</code>") })
        #expect(svgs[2].components(separatedBy: "<circle").count - 1 >= report.pcaMap!.points.count)
        #expect(html.contains("PC1 (41.2% of variance)") && html.contains("PC2 (19.9% of variance)"))
        #expect(html.contains("Worklist: top 15 of 17,884"))
    }

    @Test("without PCA, silhouette or worklist, those charts and sections are left out")
    func optionalParts() {
        var report = RenderSamples.segmentation()
        report.pcaMap = nil
        report.silhouette = nil
        report.worklist = []
        report.notes = []
        let html = HTMLRenderer.render(report)
        #expect(RenderChecks.svgFragments(html).count == 2)
        #expect(!html.contains("<section id=\"map\">") && !html.contains("<section id=\"worklist\">") && !html.contains("<section id=\"notes\">"))
        #expect(RenderChecks.tagBalanceProblems(html).isEmpty)
    }

    @Test("discovery report: elbow plus one chart per computed index, recommended k highlighted")
    func discoverySections() {
        let report = RenderSamples.discovery()
        let html = HTMLRenderer.render(report)
        let svgs = RenderChecks.svgFragments(html)
        #expect(svgs.count == 1 + 5)
        #expect(svgs[0].contains("elbow k = 5"))
        #expect(html.contains("5 of 6 indices vote for it"))
        #expect(html.contains("<strong>5 ★</strong>"))
        // The stability index votes for 2: its chart rings k = 2.
        #expect(svgs[5].contains(">votes k = 2</text>"))

        var sparse = report
        sparse.candidates = sparse.candidates.map { KCandidate(k: $0.k, inertia: $0.inertia, silhouette: $0.silhouette) }
        #expect(RenderChecks.svgFragments(HTMLRenderer.render(sparse)).count == 2, "only inertia and silhouette were computed")
    }

    @Test("validation report: verdicts, seed agreement, migration heatmap")
    func validationSections() {
        let report = RenderSamples.validation()
        let html = HTMLRenderer.render(report)
        #expect(RenderChecks.svgFragments(html).count == 2)
        #expect(html.contains("badge verdict-stable") && html.contains("badge verdict-dissolved") && html.contains("badge verdict-measurable"))
        #expect(html.contains("3 of 5"), "three segments at or above 0.75")
        #expect(html.contains("0.975"), "mean ARI")
        #expect(html.contains(">18,901</text>"))
    }

    @Test("every SVG chart is well-formed XML and every page balances its tags")
    func wellFormed() {
        let pages = [HTMLRenderer.render(RenderSamples.segmentation()), HTMLRenderer.render(RenderSamples.segmentation(hostile: true)),
                     HTMLRenderer.render(RenderSamples.crowded()),
                     HTMLRenderer.render(RenderSamples.discovery()), HTMLRenderer.render(RenderSamples.discovery(hostile: true)),
                     HTMLRenderer.render(RenderSamples.validation()), HTMLRenderer.render(RenderSamples.validation(hostile: true))]
        for page in pages {
            let svgs = RenderChecks.svgFragments(page)
            #expect(!svgs.isEmpty)
            for svg in svgs {
                let error = RenderChecks.xmlError(svg)
                #expect(error == nil, "\(error ?? "")")
            }
            #expect(RenderChecks.tagBalanceProblems(page) == [])
        }
    }

    @Test("the balance checker catches an unclosed tag (so the check above can fail)")
    func checkerCanFail() {
        #expect(RenderChecks.tagBalanceProblems("<div><p>x</div>") != [])
        #expect(RenderChecks.xmlError("<svg><g></svg>") != nil)
        #expect(RenderChecks.xmlError("<svg><text>a</tex></svg>") != nil)
        #expect(RenderChecks.xmlError("<svg><text>a < b</text></svg>") != nil)
        #expect(RenderChecks.xmlError("<svg><g></g></svg>") == nil)
    }

    @Test("hostile strings from the data render inert")
    func escapesHostileText() {
        let pages = [HTMLRenderer.render(RenderSamples.segmentation(hostile: true)),
                     HTMLRenderer.render(RenderSamples.discovery(hostile: true)),
                     HTMLRenderer.render(RenderSamples.validation(hostile: true))]
        for html in pages {
            #expect(!html.lowercased().contains("<script"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(html.contains("=cmd|&#39; /C calc&#39;!A0"))
        }
        // The currency code is data too.
        #expect(!pages[0].contains("<b> "))
        #expect(pages[0].contains("&lt;b&gt; 1.2B"))
    }

    @Test("same model, same bytes")
    func deterministic() {
        #expect(HTMLRenderer.render(RenderSamples.segmentation()) == HTMLRenderer.render(RenderSamples.segmentation()))
        #expect(HTMLRenderer.render(RenderSamples.discovery()) == HTMLRenderer.render(RenderSamples.discovery()))
        #expect(HTMLRenderer.render(RenderSamples.validation()) == HTMLRenderer.render(RenderSamples.validation()))
    }

    @Test("no network, no script: the page references nothing outside itself")
    func selfContained() {
        let html = HTMLRenderer.render(RenderSamples.segmentation())
        #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src=") && !html.contains("url("))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count - 1 == RenderChecks.svgFragments(html).count,
                "the only URL is the SVG namespace")
    }

    private func firstTitle(_ svg: String) -> String {
        guard let start = svg.range(of: "<title>"), let end = svg.range(of: "</title>") else { return "" }
        return String(svg[start.upperBound..<end.lowerBound])
    }
}
