import Tabular
import Segmentation
extension MarkdownRenderer {
    /// `validate.md`: per-segment stability with verdicts, agreement across seeds, migration.
    public static func render(_ report: ValidationReport) -> String {
        var doc = MarkdownDocument()
        doc.heading(1, report.title)
        doc.provenance(report.provenance)
        doc.heading(2, "Stability of each segment")
        doc.paragraph(ValidationText.guidance)
        doc.table([("Segment", false), ("Mean Jaccard", true), ("Dissolved", true), ("Verdict", false)],
                  report.segments.map { segment in
                      [segment.name, NumberText.fixed(segment.meanJaccard, decimals: 3),
                       segment.dissolvedCount.map { "\($0) of \(report.bootstrapReplicates)" } ?? NumberText.notAvailable,
                       ValidationText.verdict(segment.verdict)]
                  })
        doc.paragraph("\(NumberText.integer(report.accountCount)) accounts, \(NumberText.integer(report.bootstrapReplicates)) bootstrap resamples.")
        if let agreement = report.seedAgreement {
            doc.heading(2, "Agreement across seeds")
            doc.paragraph(ValidationText.ariGuidance)
            doc.table([("Seed", true), ("Adjusted Rand index", true)],
                      zip(agreement.seeds, agreement.adjustedRandIndices).map { [String($0), NumberText.fixed($1, decimals: 4)] })
            doc.labelled("Mean adjusted Rand index", NumberText.fixed(agreement.meanAdjustedRandIndex, decimals: 4))
        }
        if let migration = report.migration {
            doc.heading(2, "Migration between segments")
            doc.paragraph("Accounts by segment: rows \(migration.fromLabel), columns \(migration.toLabel).")
            doc.table([("From \\ to", false)] + migration.toSegments.map { ($0, true) } + [("Total", true)],
                      migration.fromSegments.enumerated().map { index, name in
                          let row = index < migration.counts.count ? migration.counts[index] : []
                          return [name] + migration.toSegments.indices.map { $0 < row.count ? NumberText.integer(row[$0]) : "" }
                              + [NumberText.integer(row.reduce(0, +))]
                      })
        }
        doc.notes(report.notes)
        return doc.text
    }
}
