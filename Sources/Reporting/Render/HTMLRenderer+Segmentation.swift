import Receivables
import Segmentation
import Tabular
/// Renders reports as one self-contained HTML file: inline CSS and SVG charts, no script, no
/// network. Every text from the data is escaped; numbers are formatted for people; the same report
/// always gives the same bytes.
public enum HTMLRenderer {}

extension HTMLRenderer {
    /// `report.html` of `ar-segment segment`: headline cards, segment overview, sizes and balance
    /// shares, silhouette plot, PCA map, profile heatmap, one card per segment, the worklist top.
    public static func render(_ report: SegmentationReport) -> String {
        let style = SegmentStyle(report.segments)
        var sections: [Markup] = [headlineCards(report)]
        sections.append(overviewSection(report, style: style))
        if let map = report.pcaMap {
            sections.append(HTMLPage.section("Segment map", id: "map",
                intro: "Each dot is an account, placed by the two directions in which the accounts differ most. "
                    + "Segments that overlap here can still be apart in the other dimensions.",
                [HTMLPage.figure(Charts.pcaMap(map, style: style, segments: report.segments))]))
        }
        sections.append(profileSection(report, style: style))
        sections.append(strategySection(report, style: style))
        if !report.worklist.isEmpty { sections.append(worklistSection(report, style: style)) }
        if let invoices = report.invoices { sections.append(invoiceSection(report, invoices, style: style)) }
        sections += HTMLPage.notesSection(report.notes)
        return HTMLPage.document(title: report.title, provenance: report.provenance, sections: sections)
    }

    private static func headlineCards(_ report: SegmentationReport) -> Markup {
        let headline = report.headline
        let currency = headline.currencyCode
        let overdueShare = headline.openBalance > 0 ? headline.overdueBalance / headline.openBalance : Double.nan
        var cards = [
            HTMLPage.Card(label: "Segments", value: NumberText.integer(headline.segmentCount),
                          detail: "\(NumberText.integer(report.features.count)) features"),
            HTMLPage.Card(label: "Accounts", value: NumberText.integer(headline.accountCount), detail: nil),
            HTMLPage.Card(label: "Open balance", value: NumberText.compactMoney(headline.openBalance, currency: currency),
                          detail: NumberText.money(headline.openBalance, currency: currency)),
            HTMLPage.Card(label: "Overdue balance", value: NumberText.compactMoney(headline.overdueBalance, currency: currency),
                          detail: overdueShare.isFinite ? "\(NumberText.percent(overdueShare)) of the open balance"
                                                        : NumberText.money(headline.overdueBalance, currency: currency)),
        ]
        if let accounts = headline.wastedCallShareOfOverdueAccounts {
            let balance = headline.wastedCallShareOfOverdueBalance.map { " (\(NumberText.percent($0)) of overdue \(currency))" } ?? ""
            cards.append(HTMLPage.Card(label: "Wasted-call share", value: NumberText.percent(accounts),
                                       detail: "of overdue accounts pay without a call\(balance)", emphasis: true))
        }
        return HTMLPage.cards(cards)
    }

    private static func segmentLabel(_ segment: SegmentSummary, style: SegmentStyle) -> [Markup] {
        [.el("span", ["class": "nowrap"], [HTMLPage.swatch(style.colour(segment.id)), .el("strong", text: segment.name)])]
    }

    private static func overviewSection(_ report: SegmentationReport, style: SegmentStyle) -> Markup {
        let currency = report.headline.currencyCode
        let table = HTMLPage.table(
            [.init(title: "Segment"), .init(title: "Strategy"), .init(title: "Accounts", numeric: true),
             .init(title: "Share of accounts", numeric: true), .init(title: "Share of open \(currency)", numeric: true),
             .init(title: "Share of overdue \(currency)", numeric: true), .init(title: "Contact")],
            report.segments.map { segment in
                [segmentLabel(segment, style: style), [.text(segment.strategy)],
                 [.text(NumberText.integer(segment.accountCount))], [.text(NumberText.percent(segment.shareOfAccounts))],
                 [.text(NumberText.percent(segment.shareOfOpenBalance))], [.text(NumberText.percent(segment.shareOfOverdueBalance))],
                 [HTMLPage.callBadge(segment.needsCall)]]
            })
        let rows = report.segments.map { segment in
            Charts.BarRow(label: segment.name, sublabel: segment.strategy, swatch: style.colour(segment.id), bars: [
                shareBar(segment.shareOfAccounts, SeriesColour.accounts, "of accounts"),
                shareBar(segment.shareOfOpenBalance, SeriesColour.open, "of open balance"),
                shareBar(segment.shareOfOverdueBalance, SeriesColour.overdue, "of overdue balance"),
            ])
        }
        let bars = Charts.horizontalBars(
            title: "Segment size and balance share", subtitle: "Where the accounts and the money are",
            rows: rows, series: [("Accounts", SeriesColour.accounts), ("Open balance", SeriesColour.open),
                                 ("Overdue balance", SeriesColour.overdue)],
            tickLabel: { NumberText.percent($0, decimals: 0) }, axisTitle: "Share of the total")
        var charts = [HTMLPage.figure(bars)]
        if let silhouette = report.silhouette {
            charts.append(HTMLPage.figure(Charts.silhouette(silhouette, style: style),
                caption: "Mean silhouette \(NumberText.fixed(silhouette.mean, decimals: 2)): above 0.5 the segments are well apart, "
                    + "0.25 to 0.5 they overlap somewhat, below 0.25 they blur into each other."))
        }
        return HTMLPage.section("Segments at a glance", id: "segments", [table, .el("div", ["class": "grid-2"], charts)])
    }

    private enum SeriesColour {
        static let accounts = "#9aa5b1"
        static let open = "#0072B2"
        static let overdue = "#D55E00"
    }

    private static func shareBar(_ share: Double, _ colour: String, _ what: String) -> Charts.Bar {
        Charts.Bar(value: share, fill: colour, text: NumberText.percent(share), tooltip: "\(NumberText.percent(share)) \(what)")
    }

    private static func profileSection(_ report: SegmentationReport, style: SegmentStyle) -> Markup {
        let currency = report.headline.currencyCode
        let names = report.features.map(\.name)
        let cells = report.segments.map { segment in
            report.features.indices.map { index -> Charts.HeatmapCell in
                let z = index < segment.featureZScores.count ? segment.featureZScores[index] : .nan
                var tooltip = "\(segment.name) · \(names[index]): z \(NumberText.signed(z))"
                if index < segment.featureMeans.count {
                    tooltip += ", mean \(report.features[index].unit.tableText(segment.featureMeans[index], currency: currency))"
                }
                return Charts.HeatmapCell(fill: Palette.diverging(z), text: NumberText.signed(z, decimals: 1), tooltip: tooltip)
            }
        }
        let key = Charts.ColourKey(
            swatches: stride(from: -2.0, through: 2.0, by: 0.5).map { z in
                (Palette.diverging(z), z == z.rounded() ? NumberText.signed(z, decimals: 0) : nil)
            },
            caption: "z-score: blue below the average account, red above (colour saturates at ±2)")
        let heatmap = Charts.heatmap(
            title: "Segment profiles", subtitle: "Segment mean of each feature in standard deviations from the average account",
            rows: report.segments.map { .init(label: $0.name, sublabel: $0.strategy, swatch: style.colour($0.id)) },
            columns: names, cells: cells, key: key)
        // Features down, segments across: feature names are long, values short.
        let columns = [HTMLPage.Column(title: "Feature")] + report.segments.map { HTMLPage.Column(title: $0.name, numeric: true) }
        let rows = report.features.enumerated().map { index, feature -> [[Markup]] in
            let unit = feature.unit.headerSuffix(currency: currency).map { " (\($0))" } ?? ""
            return [[.el("code", text: feature.name), .text(unit)]] + report.segments.map { segment -> [Markup] in
                guard index < segment.featureMeans.count else { return [.text(NumberText.notAvailable)] }
                var cell: [Markup] = [.text(feature.unit.tableText(segment.featureMeans[index], currency: currency))]
                if index < segment.featureMedians.count {
                    cell += [.el("br"), .el("small", text: "median " + feature.unit.tableText(segment.featureMedians[index], currency: currency))]
                }
                return cell
            }
        }
        return HTMLPage.section("Segment profiles", id: "profiles",
            intro: "What sets each segment apart. The heatmap compares segments on a common scale; "
                + "the table gives the same features in business units.",
            [HTMLPage.figure(heatmap), .el("div", ["class": "spacer"]),
             HTMLPage.table(columns, rows, caption: "Mean and median per segment, in business units")])
    }

    private static func strategySection(_ report: SegmentationReport, style: SegmentStyle) -> Markup {
        let currency = report.headline.currencyCode
        let cards = report.segments.map { segment -> Markup in
            let stats: [Markup] = [
                .el("span", [:], [.el("b", text: NumberText.integer(segment.accountCount)), .text(" accounts (\(NumberText.percent(segment.shareOfAccounts)))")]),
                .el("span", [:], [.el("b", text: NumberText.percent(segment.shareOfOpenBalance)), .text(" of open \(currency)")]),
                .el("span", [:], [.el("b", text: NumberText.percent(segment.shareOfOverdueBalance)), .text(" of overdue \(currency)")]),
            ]
            var content: [Markup] = [
                .el("div", ["class": "title"], [.el("h3", text: segment.name), HTMLPage.callBadge(segment.needsCall)]),
                .el("div", ["class": "strategy"], text: segment.strategy),
                .el("div", ["class": "stats"], stats),
                .el("div", ["class": "label-small"], text: "Treatment"),
                .el("p", text: segment.treatment),
            ]
            if !segment.reasons.isEmpty {
                content.append(.el("div", ["class": "label-small"], text: "Why this strategy"))
                content.append(HTMLPage.bulletList(segment.reasons, className: "reasons"))
            }
            let standouts = distinctiveFeatures(segment, features: report.features)
            if !standouts.isEmpty {
                content.append(.el("div", ["class": "label-small"], text: "Stands out on"))
                content.append(.el("div", ["class": "chips"], standouts.map { name, z in
                    let fill = Palette.diverging(z)
                    return .el("span", ["class": "chip", "style": "background:\(fill);color:\(Palette.textColour(on: fill))"],
                               text: "\(name) \(NumberText.signed(z, decimals: 1))σ")
                }))
            }
            return .el("article", ["class": "segment-card", "style": "border-top-color:\(style.colour(segment.id))"], content)
        }
        return HTMLPage.section("Collection strategy by segment", id: "strategies", [.el("div", ["class": "segment-cards"], cards)])
    }

    /// The segment's distinguishing features by the profiler's rule
    /// (`SegmentProfiler.distinguishingFeatures`), with their z-scores, strongest first.
    private static func distinctiveFeatures(_ segment: SegmentSummary, features: [ReportFeature]) -> [(String, Double)] {
        let zScores = Array(segment.featureZScores.prefix(features.count))
        return SegmentProfiler.distinguishingFeatures(zScores: zScores).map { (features[$0].name, zScores[$0]) }
    }

    /// A table cell: the segment's swatch and name, its strategy below.
    private static func segmentAndStrategy(_ segment: Int, _ strategy: String, style: SegmentStyle) -> [Markup] {
        [.el("span", ["class": "nowrap"], [HTMLPage.swatch(style.colour(segment)), .text(style.name(segment))]),
         .el("br"), .el("small", text: strategy)]
    }

    /// The invoice view: the top open invoices by the plan's priority, with their next action.
    private static func invoiceSection(_ report: SegmentationReport, _ view: InvoiceView, style: SegmentStyle) -> Markup {
        let strategyName = Dictionary(report.segments.map { ($0.id, $0.strategy) }, uniquingKeysWith: { first, _ in first })
        let columns = [HTMLPage.Column(title: "#", numeric: true), .init(title: "Invoice"), .init(title: "Account"),
                       .init(title: "Segment and strategy"), .init(title: "Due")]
            + invoicePriorityColumns + [.init(title: "Next action")]
        let rows = view.rows.enumerated().map { rank, row -> [[Markup]] in
            let item = row.invoice
            // The date, then channel and level below it.
            let next: [Markup] = item.nextChannel.map {
                [.el("span", ["class": "nowrap"], text: item.nextDate ?? ""), .el("br"), .el("small", text: "\($0) · \(item.nextLevel ?? "")")]
            } ?? [.el("small", text: "none in \(view.days) days")]
            return [[.text(String(rank + 1))], [.el("code", text: item.invoiceId)], [.el("code", text: item.accountId)],
                    segmentAndStrategy(row.segment, strategyName[row.segment] ?? item.strategy, style: style),
                    [.el("span", ["class": "nowrap"], text: item.dueDate)]]
                + invoicePriorityCells(item) + [next]
        }
        return HTMLPage.section(invoiceViewTitle(view), id: "invoices",
            intro: invoiceViewRule(view) + " Open amounts in \(report.headline.currencyCode).",
            [HTMLPage.table(columns, rows)])
    }

    /// "Invoices to act on first: top 20 of 1,234 open" (HTML and Markdown).
    static func invoiceViewTitle(_ view: InvoiceView) -> String {
        "Invoices to act on first: " + (view.openInvoices > view.rows.count
            ? "top \(NumberText.integer(view.rows.count)) of \(NumberText.integer(view.openInvoices)) open"
            : "\(NumberText.integer(view.openInvoices)) open")
    }

    /// How the invoice view is ranked and where its next actions come from, in words.
    static func invoiceViewRule(_ view: InvoiceView) -> String {
        "Invoices open on \(view.asOf) ranked as ar-segment plan ranks them, by \(invoicePriorityRule). "
            + "The next action is the first one a \(view.days)-day plan (\(view.asOf) to \(view.lastDay), working days only) "
            + "gives the invoice from its segment's dunning policy (levels by delay and basis, catch-up, consolidation, contact "
            + "interval, dispute desk). ar-segment plan gives the full plan, with collectors, holds and history."
    }

    private static func worklistSection(_ report: SegmentationReport, style: SegmentStyle) -> Markup {
        let currency = report.headline.currencyCode
        let partNames = report.scorePartNames
        let partColours = partNames.indices.map(Palette.segment)
        let largest = report.worklist.map(\.priority).filter(\.isFinite).max() ?? 0
        let columns = [HTMLPage.Column(title: "#", numeric: true), .init(title: "Account"), .init(title: "Segment and strategy"),
                       .init(title: "Priority", numeric: true)]
            + partNames.map { HTMLPage.Column(title: $0, numeric: true) }
            + [.init(title: "Overdue \(currency)", numeric: true), .init(title: "Max days past due", numeric: true), .init(title: "Contact")]
        let rows = report.worklist.enumerated().map { rank, row -> [[Markup]] in
            var stack: [Markup] = []
            for part in row.scoreParts where largest > 0 && part.value.isFinite && part.value > 0 {
                let colour = partColours[partNames.firstIndex(of: part.name) ?? 0]
                stack.append(.el("span", ["style": "width:\((100 * part.value / largest).markupText)%;background:\(colour)"]))
            }
            let segmentCell = segmentAndStrategy(row.segment, row.strategy, style: style)
            let parts = partNames.map { name -> [Markup] in
                [.text(row.scorePart(name).map { NumberText.grouped($0, decimals: 2) } ?? "")]
            }
            return [[.text(String(rank + 1))], [.el("code", text: row.accountId)], segmentCell,
                    [.text(NumberText.grouped(row.priority, decimals: 2)), .el("span", ["class": "stack"], stack)]]
                + parts
                + [[.text(NumberText.grouped(row.overdueAmount, decimals: 0))], [.text(NumberText.grouped(row.maxDaysPastDue, decimals: 0))],
                   [HTMLPage.callBadge(row.needsCall)]]
        }
        let key = Markup.el("div", ["class": "key"], [.text("Priority = sum of its parts:")] + zip(partNames, partColours).map { name, colour in
            .el("span", [:], [HTMLPage.swatch(colour), .text(name)])
        })
        let title = report.worklistTotal > report.worklist.count
            ? "Worklist: top \(NumberText.integer(report.worklist.count)) of \(NumberText.integer(report.worklistTotal))"
            : "Worklist"
        return HTMLPage.section(title, id: "worklist",
            intro: "Accounts in priority order. The score is transparent: each part is shown, and the bar splits the score into them.",
            [key, HTMLPage.table(columns, rows)])
    }
}
