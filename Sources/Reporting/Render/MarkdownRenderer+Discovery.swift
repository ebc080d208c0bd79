import Tabular
import Segmentation
extension MarkdownRenderer {
    /// `discover.md`: the recommendation and its reasons, the vote table and every index by k.
    public static func render(_ report: DiscoveryReport) -> String {
        var doc = MarkdownDocument()
        doc.heading(1, report.title)
        doc.provenance(report.provenance)
        doc.heading(2, "Recommendation")
        doc.table([("Recommended k", true), ("Votes", false), ("Elbow of inertia", true), ("Accounts", true), ("Features", true)],
                  [[String(report.recommendedK), HTMLRenderer.voteSummary(report), report.elbowK.map(String.init) ?? "none",
                    NumberText.integer(report.accountCount), NumberText.integer(report.features.count)]])
        doc.bullets(report.reasons)
        doc.heading(2, "Votes")
        doc.table([("Index", false), ("Votes for k", true), ("Rule", false)],
                  report.votes.map { [$0.index, $0.k.map(String.init) ?? "abstains", $0.rule] })
        doc.heading(2, "Indices by k")
        let indices = DiscoveryIndex.columns(report)
        doc.table([("k", true)] + indices.map { ($0.name, true) }, report.candidates.map { candidate in
            [candidate.k == report.recommendedK ? "\(candidate.k) (recommended)" : String(candidate.k)]
                + indices.map { index in
                    let value = index.format(index.value(candidate))
                    return index.error?(candidate).map { value + " ± " + index.format($0) } ?? value
                }
        })
        if let outcomes = report.outcomes {
            doc.paragraph(HTMLRenderer.outcomeText(outcomes, shownAs: "column"))
        }
        doc.paragraph("Features: " + report.features.map(\.name).joined(separator: ", ") + ".")
        doc.notes(report.notes)
        return doc.text
    }
}
