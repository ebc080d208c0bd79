import Tabular
import Segmentation
extension HTMLRenderer {
    /// `validate.html`: per-segment bootstrap Jaccard with fpc::clusterboot's verdicts, the
    /// adjusted Rand index across seeds, and the migration matrix when there is one.
    public static func render(_ report: ValidationReport) -> String {
        let stable = report.segments.filter { $0.verdict == .stable }.count
        var cards = [
            HTMLPage.Card(label: "Stable segments", value: "\(stable) of \(report.segments.count)",
                          detail: "mean bootstrap Jaccard at least 0.75", emphasis: stable < report.segments.count),
            HTMLPage.Card(label: "Accounts", value: NumberText.integer(report.accountCount), detail: nil),
            HTMLPage.Card(label: "Bootstrap resamples", value: NumberText.integer(report.bootstrapReplicates), detail: nil),
        ]
        if let agreement = report.seedAgreement {
            cards.append(HTMLPage.Card(label: "Agreement across seeds", value: NumberText.fixed(agreement.meanAdjustedRandIndex, decimals: 3),
                                       detail: "mean adjusted Rand index over \(agreement.adjustedRandIndices.count) seeds"))
        }
        var sections: [Markup] = [HTMLPage.cards(cards)]

        let rows = report.segments.map { segment in
            Charts.BarRow(label: segment.name, sublabel: ValidationText.verdict(segment.verdict), swatch: nil, bars: [
                Charts.Bar(value: segment.meanJaccard, fill: ValidationText.colour(segment.verdict),
                           text: NumberText.fixed(segment.meanJaccard, decimals: 2),
                           tooltip: "\(segment.name): mean Jaccard \(NumberText.fixed(segment.meanJaccard, decimals: 3))"),
            ])
        }
        let chart = Charts.horizontalBars(
            title: "Bootstrap stability by segment", subtitle: "Mean Jaccard similarity over \(NumberText.integer(report.bootstrapReplicates)) resamples",
            rows: rows, series: [], upperBound: 1, tickLabel: { NumberText.grouped($0, decimals: 1) },
            axisTitle: "Mean Jaccard (1 = reappears exactly)",
            references: [.init(value: 0.5, label: "0.5"), .init(value: 0.6, label: "0.6"), .init(value: 0.75, label: "0.75")])
        let table = HTMLPage.table(
            [.init(title: "Segment"), .init(title: "Mean Jaccard", numeric: true), .init(title: "Dissolved", numeric: true), .init(title: "Verdict")],
            report.segments.map { segment in
                [[.el("strong", text: segment.name)], [.text(NumberText.fixed(segment.meanJaccard, decimals: 3))],
                 [.text(segment.dissolvedCount.map { "\($0) of \(report.bootstrapReplicates)" } ?? NumberText.notAvailable)],
                 [.el("span", ["class": "badge verdict-\(segment.verdict.rawValue)"], text: ValidationText.verdict(segment.verdict))]]
            })
        sections.append(HTMLPage.section("Stability of each segment", id: "stability",
            intro: ValidationText.guidance, [.el("div", ["class": "grid-2"], [HTMLPage.figure(chart), table])]))

        if let agreement = report.seedAgreement {
            let rows: [[[Markup]]] = zip(agreement.seeds, agreement.adjustedRandIndices).map { seed, ari in
                [[.text(String(seed))], [.text(NumberText.fixed(ari, decimals: 4))]]
            }
            sections.append(HTMLPage.section("Agreement across seeds", id: "seeds", intro: ValidationText.ariGuidance,
                [.el("div", ["class": "narrow"], [
                    HTMLPage.table([.init(title: "Seed"), .init(title: "Adjusted Rand index", numeric: true)], rows,
                                   caption: "Mean \(NumberText.fixed(agreement.meanAdjustedRandIndex, decimals: 4))"),
                ])]))
        }
        if let migration = report.migration {
            sections.append(migrationSection(migration))
        }
        sections += HTMLPage.notesSection(report.notes)
        return HTMLPage.document(title: report.title, provenance: report.provenance, sections: sections)
    }

    private static func migrationSection(_ migration: MigrationMatrix) -> Markup {
        let cells = migration.counts.map { row -> [Charts.HeatmapCell] in
            let total = row.reduce(0, +)
            return row.map { count in
                let share = total > 0 ? Double(count) / Double(total) : 0
                return Charts.HeatmapCell(fill: Palette.sequential(share), text: NumberText.integer(count),
                                          tooltip: "\(NumberText.integer(count)) accounts (\(NumberText.percent(share)) of the row)")
            }
        }
        let key = Charts.ColourKey(swatches: stride(from: 0.0, through: 1.0, by: 0.125).map { share in
            (Palette.sequential(share), share == 0 || share == 0.5 || share == 1 ? NumberText.percent(share, decimals: 0) : nil)
        }, caption: "share of the row's accounts")
        let chart = Charts.heatmap(
            title: "Segment migration", subtitle: "Rows: \(migration.fromLabel) · columns: \(migration.toLabel) · accounts in each cell",
            rows: migration.fromSegments.map { .init(label: $0, sublabel: nil, swatch: nil) },
            columns: migration.toSegments, cells: cells, key: key)
        return HTMLPage.section("Migration between segments", id: "migration",
            intro: "How many accounts moved from each segment (rows) to each segment (columns). The diagonal stayed put when both sides use the same segments.",
            [HTMLPage.figure(chart)])
    }
}

/// Words shared by the HTML and Markdown validation reports.
enum ValidationText {
    static let guidance = "Each segment is refitted on bootstrap resamples and matched to its best counterpart "
        + "(fpc::clusterboot). Mean Jaccard of 0.75 or more: stable; 0.6 to 0.75: a real pattern, but membership "
        + "is uncertain; 0.5 to 0.6: weak; below 0.5: the segment dissolves and should not drive a strategy."
    static let ariGuidance = "Adjusted Rand index between this model's segments and refits with other seeds: "
        + "1 means identical up to renaming, 0 means no more agreement than chance."

    static func verdict(_ verdict: StabilityVerdict) -> String {
        switch verdict {
        case .stable: return "Stable"
        case .measurable: return "Measurable pattern"
        case .weak: return "Weak"
        case .dissolved: return "Dissolved"
        }
    }

    static func colour(_ verdict: StabilityVerdict) -> String {
        switch verdict {
        case .stable: return "#009E73"
        case .measurable: return "#56B4E9"
        case .weak: return "#E69F00"
        case .dissolved: return "#D55E00"
        }
    }
}
