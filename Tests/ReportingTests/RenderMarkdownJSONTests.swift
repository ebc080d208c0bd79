import Foundation
import Testing
@testable import Reporting
@testable import Segmentation

@Suite("Markdown renderer")
struct RenderMarkdownTests {
    /// The pipes of a table line that separate cells (not escaped as `\|`).
    private func cellSeparators(_ line: String) -> Int {
        var count = 0, previous: Character = " "
        for character in line {
            if character == "|" && previous != "\\" { count += 1 }
            previous = previous == "\\" && character == "\\" ? " " : character
        }
        return count
    }

    /// Checks every table: each row has as many cells as its header.
    private func tablesAreRectangular(_ markdown: String) -> Bool {
        var expected: Int?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            guard line.hasPrefix("|") else { expected = nil; continue }
            let separators = cellSeparators(line)
            if let expected, expected != separators { return false }
            expected = expected ?? separators
        }
        return true
    }

    @Test("segmentation Markdown has the same tables as the HTML")
    func segmentationTables() {
        let report = RenderSamples.segmentation()
        let md = MarkdownRenderer.render(report)
        for heading in ["## Headline", "## Segments", "## Segment profiles (z-scores)", "## Segment profiles (business units)",
                        "## Collection strategy by segment", "## Silhouette", "## Segment map", "## Worklist: top 15 of 17,884", "## Notes"] {
            #expect(md.contains("\n\(heading)\n"), "\(heading)")
        }
        #expect(md.contains("| Segment 4 | High-value at risk | 1,784 | 3.7% | 27.1% | 40.2% | Call |"))
        #expect(md.contains("| 1 | 0004486 | Segment 4 | High-value at risk | 6.14 | 2.86 | 1.48 | 1.00 | 0.80 | 138,568 | 110 | Call |"))
        #expect(md.contains("USD 1,184,220,512"))
        #expect(tablesAreRectangular(md))
        #expect(tablesAreRectangular(MarkdownRenderer.render(RenderSamples.discovery())))
        #expect(tablesAreRectangular(MarkdownRenderer.render(RenderSamples.validation())))
    }

    @Test("the table check can fail")
    func tableCheckCanFail() {
        #expect(!tablesAreRectangular("| a | b |\n|---|---|\n| 1 | 2 | 3 |\n"))
        #expect(tablesAreRectangular("| a | b |\n|---|---|\n| 1 \\| 2 | 3 |\n"))
    }

    @Test("hostile strings stay text: no HTML, no extra cells, no headings or formulas")
    func escapesHostileText() {
        let pages = [MarkdownRenderer.render(RenderSamples.segmentation(hostile: true)),
                     MarkdownRenderer.render(RenderSamples.discovery(hostile: true)),
                     MarkdownRenderer.render(RenderSamples.validation(hostile: true))]
        for md in pages {
            #expect(!md.lowercased().contains("<script"))
            #expect(md.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(md.contains("\\=cmd\\|' /C calc'!A0"))
            #expect(!md.contains("| =cmd"))
            #expect(tablesAreRectangular(md))
        }
        #expect(pages[2].contains("| \\#1 |"))
        #expect(pages[2].contains("| \\`x\\` |"))
    }

    @Test("discovery and validation Markdown")
    func otherReports() {
        let discovery = MarkdownRenderer.render(RenderSamples.discovery())
        #expect(discovery.contains("| 5 | 5 of 6 indices vote for it | 5 | 48,213 | 9 |"))
        #expect(discovery.contains("| 5 (recommended) | 31,950 | 0.440 | 17,850 | 0.840 | 0.742 ± 0.014 | 0.860 |"))
        let validation = MarkdownRenderer.render(RenderSamples.validation())
        #expect(validation.contains("| Segment 5 | 0.460 | 58 of 100 | Dissolved |"))
        #expect(validation.contains("| Segment 1 | 18,901 | 702 | 210 | 15 | 40 | 19,868 |"))
        #expect(validation.contains("**Mean adjusted Rand index:** 0.9750"))
    }

    @Test("same model, same bytes")
    func deterministic() {
        #expect(MarkdownRenderer.render(RenderSamples.segmentation()) == MarkdownRenderer.render(RenderSamples.segmentation()))
    }
}

@Suite("JSON renderer")
struct RenderJSONTests {
    @Test("every report round-trips to an equal model")
    func roundTrip() throws {
        let segmentation = RenderSamples.segmentation()
        #expect(try DeterministicJSON.decode(SegmentationReport.self, from: DeterministicJSON.data(segmentation)) == segmentation)
        let discovery = RenderSamples.discovery()
        #expect(try DeterministicJSON.decode(DiscoveryReport.self, from: DeterministicJSON.data(discovery)) == discovery)
        let validation = RenderSamples.validation()
        #expect(try DeterministicJSON.decode(ValidationReport.self, from: DeterministicJSON.data(validation)) == validation)
        let hostile = RenderSamples.segmentation(hostile: true)
        #expect(try DeterministicJSON.decode(SegmentationReport.self, from: DeterministicJSON.data(hostile)) == hostile)
    }

    @Test("numbers keep full precision, keys are sorted, output is byte-stable")
    func precisionAndOrder() throws {
        var report = RenderSamples.segmentation()
        report.headline.openBalance = 0.1 + 0.2
        report.headline.overdueBalance = 1.0 / 3.0
        let json = try DeterministicJSON.render(report)
        #expect(json.contains("\"openBalance\" : 0.30000000000000004"))
        #expect(json.contains("\"overdueBalance\" : 0.3333333333333333"))
        let decoded = try DeterministicJSON.decode(SegmentationReport.self, from: Data(json.utf8))
        #expect(decoded.headline.overdueBalance == 1.0 / 3.0)
        #expect(json.range(of: "\"features\"")!.lowerBound < json.range(of: "\"headline\"")!.lowerBound)
        #expect(json == (try DeterministicJSON.render(report)))
        #expect(json.hasSuffix("}\n"))
    }

    @Test("hostile strings are escaped but decode to the same text")
    func escapesHostileText() throws {
        let report = RenderSamples.segmentation(hostile: true)
        let json = try DeterministicJSON.render(report)
        #expect(!json.contains("<"))
        #expect(!json.contains(">"))
        #expect(json.contains("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e"))
        #expect(try DeterministicJSON.decode(SegmentationReport.self, from: Data(json.utf8)).title == report.title)
    }

    @Test("non-finite numbers are written as strings and read back")
    func nonFinite() throws {
        var report = RenderSamples.discovery()
        report.candidates[0].silhouette = .infinity
        let json = try DeterministicJSON.render(report)
        #expect(json.contains("\"Infinity\""))
        #expect(try DeterministicJSON.decode(DiscoveryReport.self, from: Data(json.utf8)).candidates[0].silhouette == .infinity)
    }
}
