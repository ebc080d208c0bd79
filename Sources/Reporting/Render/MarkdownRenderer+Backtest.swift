import Tabular
import Segmentation
import Receivables

extension MarkdownRenderer {
    /// `backtest.md`: the same tables as `backtest.html`, without charts.
    public static func render(_ report: BacktestReport) -> String {
        var doc = MarkdownDocument()
        doc.heading(1, report.title)
        doc.provenance(report.provenance)
        doc.paragraph("Segments at \(report.asOf): \(report.segmentSource); \(NumberText.integer(report.accountCount)) accounts. "
                      + "Amounts are in \(report.currencyCode).")
        doc.table([("Segment", true), ("Strategy", false), ("Needs a call", false), ("Accounts", true), ("Risk (z)", true)],
                  report.segments.map {
                      [String($0.segment), $0.strategyName, $0.needsCall.map { $0 ? "yes" : "no" } ?? "unknown",
                       NumberText.integer($0.accounts), NumberText.fixed($0.risk, decimals: 2)]
                  })
        for window in report.windows {
            doc.heading(2, "\(window.horizon) days: \(report.asOf) to \(window.end)")
            doc.bullets(BacktestText.wastedCalls(window))
            doc.heading(3, "Outcomes by strategy")
            doc.paragraph(BacktestText.outcomeDefinitions)
            doc.table(BacktestText.outcomeColumns, window.strategies.map { BacktestText.outcomeCells($0.label, accounts: $0.accounts, $0.outcome) }
                      + [BacktestText.outcomeCells("Portfolio", accounts: nil, window.portfolio)])
            if !window.testGroups.isEmpty {
                doc.heading(3, "Outcomes by strategy and test group")
                doc.table(BacktestText.outcomeColumns, window.testGroups.map { BacktestText.outcomeCells($0.label, accounts: $0.accounts, $0.outcome) })
            }
            doc.heading(3, "Outcomes by segment")
            doc.table(BacktestText.outcomeColumns, window.segments.map { BacktestText.outcomeCells($0.label, accounts: $0.accounts, $0.outcome) })
            doc.heading(3, "KPIs")
            doc.paragraph(BacktestText.kpiDefinitions)
            doc.table(BacktestText.kpiColumns, window.strategies.map { BacktestText.kpiCells($0.label, $0.outcome.kpis) }
                      + [BacktestText.kpiCells("Portfolio", window.portfolio.kpis)])
            doc.heading(3, "Roll rates, portfolio")
            doc.paragraph(BacktestText.rollDefinition)
            doc.table([("At T \\ at T+H", false)] + OutcomeTally.stateLabels.map { ($0, true) } + [("Open at T", true)],
                      window.portfolio.roll.map { row in
                          [row.bucket] + (row.shares?.map { NumberText.percent($0) }
                                          ?? OutcomeTally.stateLabels.map { _ in NumberText.notAvailable })
                              + [BacktestText.money(row.openAmount)]
                      })
        }
        if !report.origins.isEmpty {
            doc.heading(2, "Out of time")
            doc.paragraph(BacktestText.originGuidance)
            doc.table(BacktestText.originColumns, report.origins.map(BacktestText.originCells))
        }
        doc.notes(report.notes)
        return doc.text
    }
}
