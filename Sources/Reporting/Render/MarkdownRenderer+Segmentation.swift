import Tabular
import Segmentation
extension MarkdownRenderer {
    /// `report.md`: the headline, segment overview, profiles (z-scores and business units),
    /// strategies with treatment and reasons, silhouette and PCA summaries, worklist top, notes.
    public static func render(_ report: SegmentationReport) -> String {
        let headline = report.headline
        let currency = headline.currencyCode
        let style = SegmentStyle(report.segments)
        var doc = MarkdownDocument()
        doc.heading(1, report.title)
        doc.provenance(report.provenance)

        doc.heading(2, "Headline")
        doc.table([("Segments", true), ("Accounts", true), ("Open balance", true), ("Overdue balance", true),
                   ("Wasted-call share of overdue accounts", true), ("Wasted-call share of overdue \(currency)", true)],
                  [[NumberText.integer(headline.segmentCount), NumberText.integer(headline.accountCount),
                    NumberText.money(headline.openBalance, currency: currency), NumberText.money(headline.overdueBalance, currency: currency),
                    NumberText.percent(headline.wastedCallShareOfOverdueAccounts), NumberText.percent(headline.wastedCallShareOfOverdueBalance)]])
        doc.paragraph("The wasted-call share is the part of the overdue accounts (and of the overdue balance) in segments "
            + "whose strategy needs no call: calling every overdue account would spend those calls on customers who pay anyway.")

        doc.heading(2, "Segments")
        doc.table([("Segment", false), ("Strategy", false), ("Accounts", true), ("Share of accounts", true),
                   ("Share of open \(currency)", true), ("Share of overdue \(currency)", true), ("Contact", false)],
                  report.segments.map { segment in
                      [segment.name, segment.strategy, NumberText.integer(segment.accountCount), NumberText.percent(segment.shareOfAccounts),
                       NumberText.percent(segment.shareOfOpenBalance), NumberText.percent(segment.shareOfOverdueBalance),
                       segment.needsCall ? "Call" : "No call"]
                  })

        let featureColumns = report.features.map { ($0.name, true) }
        doc.heading(2, "Segment profiles (z-scores)")
        doc.paragraph("Segment mean of each feature in standard deviations from the average account.")
        doc.table([("Segment", false)] + featureColumns, report.segments.map { segment in
            [segment.name] + report.features.indices.map { index in
                index < segment.featureZScores.count ? NumberText.signed(segment.featureZScores[index]) : NumberText.notAvailable
            }
        })
        doc.heading(2, "Segment profiles (business units)")
        doc.paragraph("Mean, with the median in parentheses.")
        doc.table([("Feature", false)] + report.segments.map { ($0.name, true) },
                  report.features.enumerated().map { index, feature in
            [feature.name + (feature.unit.headerSuffix(currency: currency).map { " (\($0))" } ?? "")]
                + report.segments.map { segment in
                    guard index < segment.featureMeans.count else { return NumberText.notAvailable }
                    let mean = feature.unit.tableText(segment.featureMeans[index], currency: currency)
                    guard index < segment.featureMedians.count else { return mean }
                    return mean + " (" + feature.unit.tableText(segment.featureMedians[index], currency: currency) + ")"
                }
        })

        doc.heading(2, "Collection strategy by segment")
        for segment in report.segments {
            doc.heading(3, "\(segment.name): \(segment.strategy) (\(segment.needsCall ? "call" : "no call"))")
            doc.paragraph("\(NumberText.integer(segment.accountCount)) accounts (\(NumberText.percent(segment.shareOfAccounts))), "
                + "\(NumberText.percent(segment.shareOfOpenBalance)) of open \(currency), "
                + "\(NumberText.percent(segment.shareOfOverdueBalance)) of overdue \(currency).")
            doc.labelled("Treatment", segment.treatment)
            if !segment.reasons.isEmpty {
                doc.labelled("Why this strategy")
                doc.bullets(segment.reasons)
            }
        }

        if let silhouette = report.silhouette {
            doc.heading(2, "Silhouette")
            doc.paragraph("Mean silhouette \(NumberText.fixed(silhouette.mean, decimals: 3)) over "
                + "\(NumberText.integer(silhouette.sampleCount)) of \(NumberText.integer(silhouette.totalAccounts)) accounts.")
            doc.table([("Segment", false), ("Accounts sampled", true), ("Mean silhouette", true), ("Below 0", true)],
                      silhouette.segments.map { group in
                          [style.name(group.segment), NumberText.integer(group.finiteValues.count),
                           NumberText.fixed(group.mean, decimals: 3), NumberText.percent(group.negativeShare)]
                      })
        }
        if let map = report.pcaMap {
            doc.heading(2, "Segment map")
            doc.paragraph("The HTML report plots \(NumberText.integer(map.points.count)) of \(NumberText.integer(map.totalAccounts)) accounts "
                + "on the first two principal components: PC1 explains \(NumberText.percent(map.explainedVarianceRatio1)) "
                + "and PC2 \(NumberText.percent(map.explainedVarianceRatio2)) of the variance.")
        }

        if !report.worklist.isEmpty {
            let partNames = report.scorePartNames
            doc.heading(2, report.worklistTotal > report.worklist.count
                ? "Worklist: top \(NumberText.integer(report.worklist.count)) of \(NumberText.integer(report.worklistTotal))" : "Worklist")
            doc.table([("#", true), ("Account", false), ("Segment", false), ("Strategy", false), ("Priority", true)]
                        + partNames.map { ($0, true) }
                        + [("Overdue \(currency)", true), ("Max days past due", true), ("Contact", false)],
                      report.worklist.enumerated().map { rank, row in
                          [String(rank + 1), row.accountId, style.name(row.segment), row.strategy, NumberText.grouped(row.priority, decimals: 2)]
                              + partNames.map { row.scorePart($0).map { NumberText.grouped($0, decimals: 2) } ?? "" }
                              + [NumberText.grouped(row.overdueAmount, decimals: 0), NumberText.grouped(row.maxDaysPastDue, decimals: 0),
                                 row.needsCall ? "Call" : "No call"]
                      })
        }
        if let view = report.invoices {
            let strategyName = Dictionary(report.segments.map { ($0.id, $0.strategy) }, uniquingKeysWith: { first, _ in first })
            doc.heading(2, HTMLRenderer.invoiceViewTitle(view))
            doc.paragraph(HTMLRenderer.invoiceViewRule(view))
            doc.table([("#", true), ("Invoice", false), ("Account", false), ("Segment", false), ("Strategy", false), ("Due", false)]
                        + invoicePriorityColumns + [("Next action", false), ("On", false)],
                      view.rows.enumerated().map { rank, row in
                          let item = row.invoice
                          return [String(rank + 1), item.invoiceId, item.accountId, style.name(row.segment),
                                  strategyName[row.segment] ?? item.strategy, item.dueDate]
                              + invoicePriorityCells(item)
                              + [item.nextChannel.map { "\($0) · \(item.nextLevel ?? "")" } ?? "none in \(view.days) days", item.nextDate ?? ""]
                      })
        }
        doc.notes(report.notes)
        return doc.text
    }
}
