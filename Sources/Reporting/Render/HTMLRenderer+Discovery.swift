import Tabular
import Segmentation
extension HTMLRenderer {
    /// `discover.html`: the recommendation and its reasons, the elbow chart with the knee marked,
    /// one small chart per index with the recommended k shaded, the vote table and all indices.
    public static func render(_ report: DiscoveryReport) -> String {
        let ks = report.candidates.map(\.k)
        let range = ks.isEmpty ? NumberText.notAvailable : "\(ks.min()!) to \(ks.max()!)"
        var cards = [
            HTMLPage.Card(label: "Recommended k", value: String(report.recommendedK),
                          detail: voteSummary(report), emphasis: true),
            HTMLPage.Card(label: "Elbow of inertia", value: report.elbowK.map(String.init) ?? "none",
                          detail: "knee of the inertia curve"),
            HTMLPage.Card(label: "k tried", value: range, detail: "\(NumberText.integer(report.candidates.count)) fits"),
            HTMLPage.Card(label: "Accounts", value: NumberText.integer(report.accountCount),
                          detail: "\(NumberText.integer(report.features.count)) features"),
        ]
        if let best = report.candidates.first(where: { $0.k == report.recommendedK }), let silhouette = best.silhouette {
            cards.append(HTMLPage.Card(label: "Silhouette at k = \(report.recommendedK)", value: NumberText.fixed(silhouette, decimals: 2),
                                       detail: best.stability.map { "stability \(NumberText.fixed($0, decimals: 2)) (mean Jaccard)" }))
        }
        if let outcomes = report.outcomes {
            let eta = report.candidates.first { $0.k == report.recommendedK }?.collectedShareEtaSquared
            // The label is upper-cased by the page's CSS, which would turn η into a capital eta (H).
            cards.append(HTMLPage.Card(label: "Outcome between segments", value: NumberText.percent(eta),
                                       detail: "η² of the \(outcomes.horizon)-day collected share at k = \(report.recommendedK); "
                                           + "does not vote"))
        }

        let elbow = Charts.lineByK(
            title: "Elbow: inertia by k", subtitle: "Within-segment sum of squares; the knee is where adding segments stops paying off",
            yTitle: "Inertia", values: report.candidates.map { .init(k: $0.k, value: $0.inertia, error: nil) },
            recommendedK: report.recommendedK, marks: report.elbowK.map { [.init(k: $0, label: "elbow k = \($0)")] } ?? [],
            width: 560, height: 430)
        let why = Markup.el("div", ["class": "panel"], [
            .el("h3", text: "Why k = \(report.recommendedK)"),
            HTMLPage.bulletList(report.reasons, className: "reasons"),
            voteTable(report),
        ])
        var sections: [Markup] = [HTMLPage.cards(cards)]
        sections.append(HTMLPage.section("Recommendation", id: "recommendation", [.el("div", ["class": "grid-2"], [HTMLPage.figure(elbow), why])]))
        sections.append(HTMLPage.section("Indices by k", id: "indices",
            intro: "Each index judges the segmentation differently; the shaded column is the recommended k and a ringed point is the k the index votes for."
                + (report.outcomes.map { " " + outcomeText($0, shownAs: "chart") } ?? ""),
            [.el("div", ["class": "grid-3"], indexCharts(report).map { HTMLPage.figure($0) })]))
        sections.append(HTMLPage.section("All values", id: "values", [metricsTable(report)]))
        sections += HTMLPage.notesSection(report.notes)
        return HTMLPage.document(title: report.title, provenance: report.provenance, sections: sections)
    }

    /// What the outcome chart shows, in words (HTML intro and Markdown paragraph).
    static func outcomeText(_ outcomes: DiscoveryOutcomes, shownAs: String) -> String {
        "The last \(shownAs) is outcome evidence, not an index: of the \(NumberText.integer(outcomes.overdueAccounts)) accounts overdue at "
            + "\(outcomes.asOf), \(NumberText.percent(outcomes.collectedShare)) of the overdue amount was collected by \(outcomes.windowEnd); "
            + "η² is the share of the variance of each account's collected share (weighted by its overdue amount) that lies between "
            + "the segments of each k (0: the segments collect alike, 1: they explain it all). It uses what happened after "
            + "\(outcomes.asOf), so it does not vote; it tends to grow with k, so look for where it stops growing."
    }

    /// "5 of 6 indices" style summary of the votes for the recommended k.
    static func voteSummary(_ report: DiscoveryReport) -> String {
        let voting = report.votes.filter { $0.k != nil }
        let agree = voting.filter { $0.k == report.recommendedK }.count
        return "\(agree) of \(voting.count) indices vote for it"
    }

    private static func voteTable(_ report: DiscoveryReport) -> Markup {
        HTMLPage.table([.init(title: "Index"), .init(title: "Votes for k", numeric: true), .init(title: "Rule")],
                       report.votes.map { vote in
                           let k: Markup = vote.k == report.recommendedK ? .el("strong", text: String(vote.k!)) : .text(vote.k.map(String.init) ?? "abstains")
                           return [[.text(vote.index)], [k], [.text(vote.rule)]]
                       })
    }

    /// The index charts, in a fixed order, skipping indices never computed; then, with
    /// `--horizon`, the outcome's eta squared (no votes to ring).
    private static func indexCharts(_ report: DiscoveryReport) -> [Markup] {
        (DiscoveryIndex.judges + (DiscoveryIndex.outcome(report).map { [$0] } ?? [])).compactMap { index in
            let values = report.candidates.map { Charts.KValue(k: $0.k, value: index.value($0), error: index.error?($0)) }
            guard values.contains(where: { $0.value != nil }) else { return nil }
            // The ring marks the vote; words only where it disagrees with the shaded recommendation.
            let marks = report.votes.filter { $0.index == index.vote }.compactMap { vote in
                vote.k.map { Charts.KMark(k: $0, label: $0 == report.recommendedK ? "" : "votes k = \($0)") }
            }
            return Charts.lineByK(title: index.name, subtitle: index.better, yTitle: index.axis, values: values,
                                  recommendedK: report.recommendedK, marks: marks, colour: index.colour, width: 360, height: 280)
        }
    }

    private static func metricsTable(_ report: DiscoveryReport) -> Markup {
        let indices = DiscoveryIndex.columns(report)
        let columns = [HTMLPage.Column(title: "k", numeric: true)] + indices.map { HTMLPage.Column(title: $0.name, numeric: true) }
        let rows = report.candidates.map { candidate -> [[Markup]] in
            let cells = indices.map { index -> [Markup] in
                var text = index.format(index.value(candidate))
                if let error = index.error?(candidate) { text += " ± " + index.format(error) }
                return [.text(text)]
            }
            let k: Markup = candidate.k == report.recommendedK ? .el("strong", text: "\(candidate.k) ★") : .text(String(candidate.k))
            return [[k]] + cells
        }
        return HTMLPage.table(columns, rows, caption: "★ recommended k")
    }
}

/// The indices of a discovery run, how to read them and how to print them. `vote` is the
/// `IndexVote.index` of the index's vote, so the vote can be ringed on its chart.
struct DiscoveryIndex: Sendable {
    /// Chart title and table column.
    var name: String
    var vote: String? = nil
    var better: String
    var axis: String
    var colour: String
    var value: @Sendable (KCandidate) -> Double?
    var error: (@Sendable (KCandidate) -> Double?)?
    var format: @Sendable (Double?) -> String

    static let inertia = DiscoveryIndex(
        name: "Inertia", better: "lower is tighter; always falls as k grows", axis: "Inertia", colour: Palette.segment(0),
        value: { $0.inertia }, error: nil, format: { NumberText.plain($0) })

    /// The indices that judge k (inertia alone cannot: it always falls), charted one each.
    static let judges: [DiscoveryIndex] = [
        .init(name: "Silhouette", vote: IndexVote.silhouette, better: "higher is better (at most 1)", axis: "Mean silhouette", colour: Palette.segment(0),
              value: { $0.silhouette }, error: nil, format: { NumberText.fixed($0, decimals: 3) }),
        .init(name: "Calinski-Harabasz", vote: IndexVote.calinskiHarabasz, better: "higher is better", axis: "Calinski-Harabasz", colour: Palette.segment(2),
              value: { $0.calinskiHarabasz }, error: nil, format: { NumberText.plain($0) }),
        .init(name: "Davies-Bouldin", vote: IndexVote.daviesBouldin, better: "lower is better (0 is best)", axis: "Davies-Bouldin", colour: Palette.segment(3),
              value: { $0.daviesBouldin }, error: nil, format: { NumberText.fixed($0, decimals: 3) }),
        .init(name: "Gap statistic", vote: IndexVote.gap, better: "smallest k whose gap is within one s.e. of the next", axis: "Gap ± s.e.", colour: Palette.segment(5),
              value: { $0.gap }, error: { $0.gapStandardError }, format: { NumberText.fixed($0, decimals: 3) }),
        .init(name: "Stability", vote: IndexVote.stability, better: "higher is better (mean bootstrap Jaccard)", axis: "Mean Jaccard", colour: Palette.segment(1),
              value: { $0.stability }, error: nil, format: { NumberText.fixed($0, decimals: 3) }),
    ]

    static let all = [inertia] + judges

    /// With `discover --horizon`: eta squared of the H-day collected share, charted and tabled
    /// beside the indices but never voting.
    static func outcome(_ report: DiscoveryReport) -> DiscoveryIndex? {
        report.outcomes.map { outcomes in
            DiscoveryIndex(name: "Outcome η² (\(outcomes.horizon) days)",
                           better: "higher: segments collect more apart; no vote",
                           axis: "Between-segment η²", colour: Palette.segment(6),
                           value: { $0.collectedShareEtaSquared }, error: nil, format: { NumberText.fixed($0, decimals: 3) })
        }
    }

    /// The table columns: every index, then the outcome's eta squared when there is one.
    static func columns(_ report: DiscoveryReport) -> [DiscoveryIndex] {
        all + (outcome(report).map { [$0] } ?? [])
    }
}
