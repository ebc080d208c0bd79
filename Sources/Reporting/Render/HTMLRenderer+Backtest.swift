import Tabular
import Segmentation
import Receivables

extension HTMLRenderer {
    /// `backtest.html`: headline cards, the wasted-call figure in words, per window the cure
    /// curves by strategy, the outcome and KPI tables and the roll-rate heatmaps, then the
    /// origins table and the latest migration.
    public static func render(_ report: BacktestReport) -> String {
        var sections: [Markup] = []
        if let first = report.windows.first {
            var cards = [
                HTMLPage.Card(label: "As of", value: report.asOf, detail: "\(NumberText.integer(report.accountCount)) accounts"),
                HTMLPage.Card(label: "Overdue at T", value: NumberText.compactMoney(first.portfolio.overdueAmount, currency: report.currencyCode),
                              detail: "\(NumberText.integer(first.portfolio.overdueAccounts)) accounts, "
                                  + NumberText.money(first.portfolio.overdueAmount, currency: report.currencyCode)),
                HTMLPage.Card(label: "Collected in \(first.horizon) days", value: NumberText.percent(first.portfolio.collectedShare),
                              detail: "of the amount overdue at T"),
                HTMLPage.Card(label: "Cured in \(first.horizon) days", value: NumberText.percent(first.portfolio.cureRate),
                              detail: "of the overdue accounts paid all of it"),
            ]
            if let noCall = first.noCall {
                cards.append(HTMLPage.Card(label: "No-call strategies cured", value: NumberText.percent(noCall.outcome.cureRate),
                                           detail: "\(NumberText.integer(noCall.outcome.overdueAccounts)) overdue accounts",
                                           emphasis: true))
            }
            sections.append(HTMLPage.cards(cards))
            sections.append(HTMLPage.section("Did the accounts we would not call pay?", id: "wasted-calls",
                                             [HTMLPage.bulletList(BacktestText.wastedCalls(first))]))
        }
        let segmentTable = HTMLPage.table(
            [.init(title: "Segment", numeric: true), .init(title: "Strategy"), .init(title: "Treatment"),
             .init(title: "Accounts", numeric: true), .init(title: "Risk (z)", numeric: true)],
            report.segments.map { s in
                [[.text(String(s.segment))], [.el("strong", text: s.strategyName)],
                 s.needsCall.map { [HTMLPage.callBadge($0)] } ?? [.text("unknown")],
                 [.text(NumberText.integer(s.accounts))], [.text(NumberText.fixed(s.risk, decimals: 2))]]
            })
        sections.append(HTMLPage.section("Segments at \(report.asOf)", id: "segments",
                                         intro: "How they were formed: \(report.segmentSource). Nothing after \(report.asOf) reaches them. Amounts on this page are in \(report.currencyCode).",
                                         [segmentTable]))
        for (index, window) in report.windows.enumerated() {
            sections.append(windowSection(window, report: report, perSegmentRoll: index == 0))
        }
        if !report.origins.isEmpty { sections.append(originsSection(report.origins)) }
        sections += HTMLPage.notesSection(report.notes)
        return HTMLPage.document(title: report.title, provenance: report.provenance, sections: sections)
    }

    private static func outcomeTable(_ groups: [BacktestGroup], portfolio: OutcomeSummary?) -> Markup {
        let rows = groups.map { BacktestText.outcomeCells($0.label, accounts: $0.accounts, $0.outcome) }
            + (portfolio.map { [BacktestText.outcomeCells("Portfolio", accounts: nil, $0)] } ?? [])
        return textTable(BacktestText.outcomeColumns, rows)
    }

    private static func textTable(_ columns: [(title: String, numeric: Bool)], _ rows: [[String]]) -> Markup {
        HTMLPage.table(columns.map { HTMLPage.Column(title: $0.title, numeric: $0.numeric) },
                       rows.map { row in row.enumerated().map { $0 == 0 ? [.el("strong", text: $1)] : [.text($1)] } })
    }

    private static func windowSection(_ window: BacktestWindow, report: BacktestReport, perSegmentRoll: Bool) -> Markup {
        let curves = Charts.curves(
            title: "Cure curves: share of the overdue amount collected", subtitle: "By day after \(report.asOf), one line per strategy",
            xTitle: "Days after the as-of date", yTitle: "Collected",
            curves: window.strategies.enumerated().map { index, group in
                Charts.Curve(label: group.label, colour: Palette.segment(index), values: group.outcome.cureCurve)
            } + [Charts.Curve(label: "Portfolio", colour: Palette.ink, values: window.portfolio.cureCurve)])
        var children: [Markup] = [HTMLPage.figure(curves), outcomeTable(window.strategies, portfolio: window.portfolio)]
        if !window.testGroups.isEmpty {
            children.append(.el("h3", text: "By strategy and test group"))
            children.append(outcomeTable(window.testGroups, portfolio: nil))
        }
        children.append(.el("h3", text: "By segment"))
        children.append(outcomeTable(window.segments, portfolio: nil))
        children.append(.el("h3", text: "KPIs"))
        children.append(.el("p", text: BacktestText.kpiDefinitions))
        children.append(textTable(BacktestText.kpiColumns,
                                  window.strategies.map { BacktestText.kpiCells($0.label, $0.outcome.kpis) }
                                      + [BacktestText.kpiCells("Portfolio", window.portfolio.kpis)]))
        children.append(.el("h3", text: "Roll rates"))
        children.append(.el("p", text: BacktestText.rollDefinition))
        var heatmaps = [rollHeatmap("Portfolio", window.portfolio)]
        if perSegmentRoll { heatmaps += window.segments.map { rollHeatmap($0.label, $0.outcome) } }
        children.append(.el("div", ["class": "grid-2"], heatmaps.map { HTMLPage.figure($0) }))
        return HTMLPage.section("\(window.horizon) days: \(report.asOf) to \(window.end)", id: "window-\(window.horizon)",
                                intro: BacktestText.outcomeDefinitions, children)
    }

    private static func rollHeatmap(_ title: String, _ outcome: OutcomeSummary) -> Markup {
        let cells = outcome.roll.map { row in
            OutcomeTally.stateLabels.indices.map { j -> Charts.HeatmapCell in
                let share = row.shares?[j]
                return Charts.HeatmapCell(fill: share.map { Palette.sequential($0) } ?? Palette.unknown,
                                          text: share.map { NumberText.percent($0, decimals: 0) } ?? "",
                                          tooltip: "\(row.bucket) -> \(OutcomeTally.stateLabels[j]): "
                                              + "\(BacktestText.money(row.amounts[j])) of \(BacktestText.money(row.openAmount))")
            }
        }
        let key = Charts.ColourKey(swatches: stride(from: 0.0, through: 1.0, by: 0.25).map {
            (Palette.sequential($0), NumberText.percent($0, decimals: 0))
        }, caption: "share of the row's open amount")
        return Charts.heatmap(title: title, subtitle: "Rows: bucket at T · columns: state at T+H",
                              rows: outcome.roll.map { .init(label: $0.bucket, sublabel: BacktestText.money($0.openAmount), swatch: nil) },
                              columns: OutcomeTally.stateLabels, cells: cells, key: key, maxWidth: 640)
    }

    private static func originsSection(_ origins: [BacktestOrigin]) -> Markup {
        var children: [Markup] = [textTable(BacktestText.originColumns, origins.map(BacktestText.originCells))]
        var strategies: [String] = []
        for o in origins { for s in o.strategies where !strategies.contains(s) { strategies.append(s) } }
        children.append(.el("h3", text: "Collected share of the first window, by strategy and origin"))
        children.append(textTable([("Origin", false)] + strategies.map { ($0, true) }, origins.map { o in
            [o.asOf] + strategies.map { s in o.strategies.firstIndex(of: s).map { NumberText.percent(o.collectedShares[$0]) } ?? "" }
        }))
        if let latest = origins.first(where: { $0.migration != nil }), let migration = latest.migration {
            let cells = migration.counts.map { row -> [Charts.HeatmapCell] in
                let total = row.reduce(0, +)
                return row.map { count in
                    let share = total > 0 ? Double(count) / Double(total) : 0
                    return Charts.HeatmapCell(fill: Palette.sequential(share), text: NumberText.integer(count),
                                              tooltip: "\(NumberText.integer(count)) accounts")
                }
            }
            let key = Charts.ColourKey(swatches: stride(from: 0.0, through: 1.0, by: 0.25).map {
                (Palette.sequential($0), NumberText.percent($0, decimals: 0))
            }, caption: "share of the row's accounts")
            children.append(HTMLPage.figure(Charts.heatmap(
                title: "Migration \(migration.fromLabel) -> \(migration.toLabel)", subtitle: "Accounts present at both origins",
                rows: migration.fromSegments.map { .init(label: $0, sublabel: nil, swatch: nil) },
                columns: migration.toSegments, cells: cells, key: key)))
        }
        return HTMLPage.section("Out of time", id: "origins", intro: BacktestText.originGuidance, children)
    }
}
