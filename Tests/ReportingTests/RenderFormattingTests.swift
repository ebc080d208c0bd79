import Foundation
import Testing
import Receivables
import Tabular
@testable import Reporting
@testable import Segmentation

@Suite("Render text and number formatting")
struct RenderFormattingTests {
    @Test("thousands separators, currency, percentages, signs, non-finite values")
    func numbers() {
        #expect(NumberText.grouped(1_234_567.891, decimals: 2) == "1,234,567.89")
        #expect(NumberText.grouped(-1_234.5, decimals: 1) == "-1,234.5")
        #expect(NumberText.grouped(999.6, decimals: 0) == "1,000")
        #expect(NumberText.grouped(123, decimals: 0) == "123")
        #expect(NumberText.grouped(-0.0001, decimals: 2) == "0.00", "no negative zero")
        #expect(NumberText.grouped(.nan, decimals: 2) == "n/a")
        #expect(NumberText.integer(48_213) == "48,213")
        #expect(NumberText.percent(0.1234) == "12.3%")
        #expect(NumberText.percent(1) == "100.0%")
        #expect(NumberText.percent(nil) == "n/a")
        #expect(NumberText.money(1_184_220_512.37, currency: "USD") == "USD 1,184,220,512")
        #expect(NumberText.compactMoney(403_118_904, currency: "EUR") == "EUR 403.1M")
        #expect(NumberText.compactMoney(512, currency: "USD") == "USD 512")
        #expect(NumberText.signed(1.234) == "+1.23")
        #expect(NumberText.signed(-0.456) == "-0.46")
        #expect(NumberText.signed(0.0001) == "0.00")
        #expect(FeatureUnit.fraction.tableText(0.25, currency: "USD") == "25.0%")
        #expect(FeatureUnit.days.tableText(12.25, currency: "USD") == "12.2" || FeatureUnit.days.tableText(12.25, currency: "USD") == "12.3")
        #expect(FeatureUnit.count.tableText(3, currency: "USD") == "3")
    }

    @Test("HTML escaping covers & < > \" ' and drops control characters")
    func htmlEscape() {
        #expect(MarkupEscaper.html("<a href=\"x\">Tom & Jerry's</a>") == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
        #expect(MarkupEscaper.html("a\u{0}b\u{1B}c\td") == "a\u{FFFD}b\u{FFFD}c\td")
        #expect(MarkupEscaper.html("Zürich 東京") == "Zürich 東京")
    }

    @Test("XML and HTML escaping differ only where MarkupEscaper.Dialect says")
    func xmlAndHTMLDialects() throws {
        let common = "<a href=\"x\">Tom & Jerry</a> Zürich"
        #expect(try MarkupEscaper.xml(common, what: "name") == MarkupEscaper.html(common))
        #expect(try MarkupEscaper.xml("Jerry's", what: "name") == "Jerry&apos;s")
        #expect(MarkupEscaper.html("Jerry's") == "Jerry&#39;s")
        #expect(try MarkupEscaper.xml("a\tb\nc\rd", what: "name") == "a&#9;b&#10;c&#13;d")
        #expect(MarkupEscaper.html("a\tb\nc\rd") == "a\tb\nc\rd")
        #expect(try MarkupEscaper.xml("x\u{85}y", what: "name") == "x\u{85}y", "XML 1.0 allows C1 controls")
        #expect(MarkupEscaper.html("x\u{85}y") == "x\u{FFFD}y")
        #expect(MarkupEscaper.html("\u{FFFF}\u{1}") == "\u{FFFD}\u{FFFD}")
        #expect(throws: ExportError.invalidModel("name contains a character XML cannot hold (U+FFFF)")) {
            try MarkupEscaper.xml("\u{FFFF}", what: "name")
        }
        #expect(throws: ExportError.invalidModel("name contains a character XML cannot hold (U+1)")) {
            try MarkupEscaper.xml("\u{1}", what: "name")
        }
    }

    @Test("Markdown escaping: inline markup, table pipes, HTML, leading block and formula characters")
    func markdownEscape() {
        #expect(MarkdownText.escape("=cmd|' /C calc'!A0") == "\\=cmd\\|' /C calc'!A0")
        #expect(MarkdownText.escape("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;")
        #expect(MarkdownText.escape("# Heading") == "\\# Heading")
        #expect(MarkdownText.escape("  @SUM(A1)") == "  \\@SUM(A1)")
        #expect(MarkdownText.escape("+1+2") == "\\+1+2")
        #expect(MarkdownText.escape("-1,234.5") == "-1,234.5", "a negative number stays a number")
        #expect(MarkdownText.escape("a_b*c `d` [e](f) ~g~ \\") == "a\\_b\\*c \\`d\\` \\[e\\](f) \\~g\\~ \\\\")
        #expect(MarkdownText.escape("two\nlines") == "two lines")
        #expect(MarkdownText.escape("a # b = c") == "a # b = c", "only a leading # or = starts a block")
        #expect(MarkdownText.escape("Pay $5, not $6") == "Pay \\$5, not \\$6", "no LaTeX between dollars")
        #expect(MarkdownText.escape("1. first") == "1\\. first", "an ordered-list marker")
        #expect(MarkdownText.escape("12.5") == "12.5", "a number is no list marker")
        #expect(MarkdownText.escape("# x", atLineStart: false) == "# x", "inside a line nothing starts a block")
        #expect(MarkdownText.escape("bell\u{7}") == "bell\u{FFFD}")
    }

    @Test("nice ticks: 1-2-5 steps that cover the data, on random ranges")
    func niceTicks() {
        var generator = RenderSamples.Generator(state: 99)
        for _ in 0..<2_000 {
            let scale = pow(10, generator.uniform() * 16 - 8)
            let a = (generator.uniform() - 0.5) * scale, b = a + generator.uniform() * scale
            let ticks = NiceTicks(low: a, high: b, target: 5)
            let mantissa = ticks.step / pow(10, floor(log10(ticks.step)))
            #expect([1, 2, 5, 10].contains { abs(mantissa - Double($0)) < 1e-9 }, "step \(ticks.step)")
            #expect(ticks.domain.lowerBound <= a && ticks.domain.upperBound >= b)
            #expect((2...12).contains(ticks.values.count), "\(ticks.values.count) ticks for \(a)...\(b)")
            #expect(ticks.domain.lowerBound > a - ticks.step * (1 + 1e-9) && ticks.domain.upperBound < b + ticks.step * (1 + 1e-9))
        }
        let percent = NiceTicks(low: 0, high: 0.43)
        #expect(percent.values.map { percent.label($0) } == ["0.0", "0.1", "0.2", "0.3", "0.4", "0.5"])
        let inertia = NiceTicks(low: 21_480, high: 96_420)
        #expect(inertia.values.map { inertia.label($0) } == ["20k", "40k", "60k", "80k", "100k"])
        #expect(NiceTicks(low: 3, high: 3).values.count >= 2, "a flat range is widened")
        #expect(integerTicks(2, 10) == Array(2...10))
        #expect(integerTicks(2, 40) == [5, 10, 15, 20, 25, 30, 35, 40])
    }

    @Test("SVG coordinates: at most two decimals, no negative zero")
    func coordinates() {
        #expect(12.0.markupText == "12")
        #expect(12.345.markupText == "12.35" || 12.345.markupText == "12.34")
        #expect((-0.001).markupText == "0")
        #expect(0.5.markupText == "0.5")
    }

    @Test("stability verdicts follow fpc::clusterboot's thresholds")
    func verdicts() {
        #expect(StabilityVerdict(meanJaccard: 0.75) == .stable)
        #expect(StabilityVerdict(meanJaccard: 0.7499) == .measurable)
        #expect(StabilityVerdict(meanJaccard: 0.6) == .measurable)
        #expect(StabilityVerdict(meanJaccard: 0.55) == .weak)
        #expect(StabilityVerdict(meanJaccard: 0.49) == .dissolved)
        #expect(StabilityVerdict(meanJaccard: .nan) == .dissolved)
        #expect(SeedAgreement(seeds: [], adjustedRandIndices: []).meanAdjustedRandIndex == nil)
    }

    @Test("colours: diverging scale is white at 0 and saturates; text contrasts with its fill")
    func colours() {
        #expect(Palette.diverging(0) == "#f7f7f7")
        #expect(Palette.diverging(2) == "#b2182b" && Palette.diverging(5) == "#b2182b")
        #expect(Palette.diverging(-2) == "#2166ac")
        #expect(Palette.textColour(on: "#b2182b") == "#ffffff")
        #expect(Palette.textColour(on: "#f7f7f7") == Palette.ink)
    }
}
