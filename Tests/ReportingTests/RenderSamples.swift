import Foundation
import Reporting
import Segmentation

/// Report models for the renderer tests: realistic numbers in the shape the pipeline produces, and
/// a hostile variant whose every data string tries to inject markup or a formula.
enum RenderSamples {
    static let scriptTag = "<script>alert(1)</script>"
    static let formulaText = "=cmd|' /C calc'!A0"

    /// A small deterministic generator (SplitMix64 steps) so the samples need nothing else.
    struct Generator {
        var state: UInt64
        mutating func uniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
        }
        mutating func gaussian() -> Double {
            let u = max(uniform(), 1e-300), v = uniform()
            return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
        }
    }

    static let features = [
        ReportFeature("avg_days_beyond_terms", unit: .days),
        ReportFeature("late_invoice_share", unit: .fraction),
        ReportFeature("max_days_late", unit: .days),
        ReportFeature("share_over_30_dpd", unit: .fraction),
        ReportFeature("open_balance", unit: .currency),
        ReportFeature("overdue_balance", unit: .currency),
        ReportFeature("annual_billing", unit: .currency),
        ReportFeature("dispute_rate", unit: .fraction),
        ReportFeature("broken_promises", unit: .count),
    ]

    struct Archetype {
        var strategy: String
        var treatment: String
        var reasons: [String]
        var needsCall: Bool
        var share: Double
        var openShare: Double
        var overdueShare: Double
        var means: [Double]
        var z: [Double]
        var centre: (Double, Double)
    }

    static let archetypes: [Archetype] = [
        .init(strategy: "Self-cure / prompt payers", treatment: "Automated pre-due and due-date e-mail; no calls.",
              reasons: ["Average days beyond terms 2.1, lowest of all segments.", "Only 6% of invoices paid late.", "Disputes are rare (0.4%)."],
              needsCall: false, share: 0.412, openShare: 0.286, overdueShare: 0.041,
              means: [2.1, 0.06, 9, 0.01, 18_450, 410, 210_000, 0.004, 0], z: [-1.1, -1.2, -0.9, -0.8, -0.1, -0.9, 0.2, -0.6, -0.5],
              centre: (-2.2, 0.4)),
        .init(strategy: "Occasional late", treatment: "Reminders at the due date and after 7 days; call above USD 25,000 overdue.",
              reasons: ["Average days beyond terms 11.4: late, but not by much.", "Dispute rate 1.2%, below average."],
              needsCall: true, share: 0.268, openShare: 0.214, overdueShare: 0.162,
              means: [11.4, 0.31, 34, 0.08, 21_300, 3_900, 190_000, 0.012, 0.2], z: [-0.1, 0.1, -0.1, -0.1, 0.0, 0.1, 0.0, -0.2, -0.1],
              centre: (0.1, -1.2)),
        .init(strategy: "Chronic late", treatment: "Earlier and more frequent contact; call from the first overdue step; review payment terms.",
              reasons: ["Average days beyond terms 38.6, the highest steady lateness.", "72% of invoices paid late.", "1.9 broken promises to pay per account."],
              needsCall: true, share: 0.171, openShare: 0.157, overdueShare: 0.318,
              means: [38.6, 0.72, 96, 0.41, 24_900, 12_800, 150_000, 0.018, 1.9], z: [1.6, 1.5, 1.4, 1.3, 0.1, 0.9, -0.2, 0.1, 1.7],
              centre: (2.6, -0.3)),
        .init(strategy: "High-value at risk", treatment: "Named collector, call first, escalate; credit-hold review.",
              reasons: ["Overdue balance USD 186,000 on average, 14 times the overall mean.", "48% of the open balance more than 30 days past due."],
              needsCall: true, share: 0.037, openShare: 0.271, overdueShare: 0.402,
              means: [24.2, 0.44, 71, 0.48, 402_000, 186_000, 2_400_000, 0.021, 0.8], z: [0.8, 0.5, 0.9, 1.6, 2.4, 2.7, 2.3, 0.3, 0.6],
              centre: (1.9, 3.1)),
        .init(strategy: "Dispute-heavy", treatment: "Route to the dispute desk; pause dunning while a dispute is open.",
              reasons: ["Dispute rate 14.8%, ten times the average.", "Short-paid deductions on 1 invoice in 5."],
              needsCall: true, share: 0.112, openShare: 0.072, overdueShare: 0.077,
              means: [16.9, 0.38, 52, 0.19, 13_200, 5_100, 120_000, 0.148, 0.3], z: [0.3, 0.3, 0.3, 0.2, -0.3, 0.2, -0.4, 2.9, 0.1],
              centre: (-0.6, -3.0)),
    ]

    /// A segmentation report of 48,213 accounts in five segments.
    static func segmentation(hostile: Bool = false) -> SegmentationReport {
        var rng = Generator(state: 20260630)
        let accounts = 48_213
        let name: (Int) -> String = { hostile ? (($0 % 2 == 0) ? scriptTag : formulaText) : "Segment \($0 + 1)" }
        let segments = archetypes.enumerated().map { index, a in
            SegmentSummary(
                id: index, name: name(index), strategy: hostile ? formulaText : a.strategy,
                treatment: hostile ? scriptTag : a.treatment, reasons: hostile ? [scriptTag, formulaText] : a.reasons,
                needsCall: a.needsCall, accountCount: Int((Double(accounts) * a.share).rounded()), shareOfAccounts: a.share,
                shareOfOpenBalance: a.openShare, shareOfOverdueBalance: a.overdueShare,
                featureMeans: a.means, featureMedians: a.means.map { $0 * 0.83 }, featureZScores: a.z)
        }
        var points: [PCAPoint] = []
        var silhouettes = archetypes.indices.map { SegmentSilhouette(segment: $0, values: []) }
        for i in 0..<2_000 {
            var pick = rng.uniform(), segment = 0
            while segment < archetypes.count - 1 && pick > archetypes[segment].share { pick -= archetypes[segment].share; segment += 1 }
            let centre = archetypes[segment].centre
            let spread = segment == 3 ? 1.1 : 0.75
            points.append(PCAPoint(x: centre.0 + spread * rng.gaussian(), y: centre.1 + spread * rng.gaussian(), segment: segment))
            if i % 2 == 0 {
                let base = [0.62, 0.38, 0.45, 0.29, 0.51][segment]
                silhouettes[segment].values.append(max(-0.35, min(0.92, base + 0.16 * rng.gaussian())))
            }
        }
        let allSilhouettes = silhouettes.flatMap(\.values)
        let parts = ["Overdue amount", "Days past due", "Broken promises", "Segment risk"]
        let worklist = (0..<15).map { rank -> WorklistRow in
            let values = [3.1 - 0.12 * Double(rank), 1.4 + 0.04 * Double(rank % 4), Double(rank % 3) * 0.5, 0.8]
            let segment = [3, 2, 3, 2, 4][rank % 5]
            return WorklistRow(
                accountId: hostile ? (rank == 0 ? scriptTag : formulaText) : String(format: "%07d", 4_412 + rank * 37),
                segment: segment, strategy: segments[segment].strategy, priority: values.reduce(0, +),
                scoreParts: zip(hostile ? [scriptTag, formulaText, "a|b", "#x"] : parts, values).map { ScorePart($0, $1) },
                overdueAmount: 412_000 / Double(rank + 1) + 1_234.25, maxDaysPastDue: Double(120 - rank * 5),
                needsCall: true)
        }.sorted { $0.priority > $1.priority }
        let reportFeatures = hostile ? features.enumerated().map { ReportFeature($0.offset == 0 ? scriptTag : $0.element.name, unit: $0.element.unit) } : features
        return SegmentationReport(
            title: hostile ? "Report for \(scriptTag)" : "Customer segments for collections — June 2026",
            provenance: ReportProvenance(toolVersion: "0.1.0", seed: 42, asOf: "2026-06-30",
                                         inputName: hostile ? scriptTag : "accounts-2026-06.csv"),
            headline: ReportHeadline(segmentCount: segments.count, accountCount: accounts, openBalance: 1_184_220_512.37,
                                     overdueBalance: 403_118_904.12, currencyCode: hostile ? "<b>" : "USD",
                                     wastedCallShareOfOverdueAccounts: 0.3724, wastedCallShareOfOverdueBalance: 0.0412),
            features: reportFeatures, segments: segments,
            pcaMap: PCAMap(explainedVarianceRatio1: 0.4123, explainedVarianceRatio2: 0.1987, points: points, totalAccounts: accounts),
            silhouette: SilhouetteSummary(mean: allSilhouettes.reduce(0, +) / Double(allSilhouettes.count), segments: silhouettes,
                                          totalAccounts: accounts),
            worklist: worklist, worklistTotal: 17_884,
            notes: hostile ? [scriptTag, formulaText]
                : ["The feature dispute_rate has a heavy tail; it was log-transformed before standardizing.",
                   "The PCA map and the silhouette plot use a seeded sample of 2,000 and 1,000 accounts."])
    }

    /// Twelve segments (more than the palette has colours) and sixteen long feature names: the
    /// layout must still not overlap.
    static func crowded() -> SegmentationReport {
        var report = segmentation()
        let longNames = (0..<16).map { "feature_with_a_rather_long_name_\($0)" }
        report.features = longNames.map { ReportFeature($0, unit: .number) }
        let base = report.segments
        report.segments = (0..<12).map { index in
            var segment = base[index % base.count]
            segment.id = index
            segment.name = "Segment \(index + 1) with a long descriptive name"
            segment.strategy = segment.strategy + " (variant \(index / base.count + 1))"
            segment.featureMeans = (0..<16).map { Double($0 * (index + 1)) * 1.5 }
            segment.featureMedians = segment.featureMeans.map { $0 * 0.9 }
            segment.featureZScores = (0..<16).map { Double(($0 * 7 + index * 3) % 13) / 3 - 2 }
            return segment
        }
        report.headline.segmentCount = 12
        report.pcaMap!.points = report.pcaMap!.points.enumerated().map { offset, point in
            PCAPoint(x: point.x + Double(offset % 3), y: point.y, segment: (point.segment + 5 * (offset % 3)) % 12)
        }
        report.silhouette = SilhouetteSummary(mean: 0.2, segments: (0..<12).map { index in
            SegmentSilhouette(segment: index, values: (0..<(index == 7 ? 1 : 40 + index * 9)).map { Double(($0 * 37) % 100) / 80 - 0.3 })
        }, totalAccounts: 48_213)
        return report
    }

    static func discovery(hostile: Bool = false) -> DiscoveryReport {
        let inertia = [96_420.0, 61_210, 44_870, 31_950, 28_140, 25_870, 24_010, 22_630, 21_480]
        let silhouette = [0.31, 0.36, 0.39, 0.44, 0.41, 0.37, 0.35, 0.33, 0.32]
        let ch = [14_210.0, 15_980, 16_420, 17_850, 16_300, 15_120, 14_200, 13_450, 12_900]
        let db = [1.21, 1.08, 0.97, 0.84, 0.91, 0.99, 1.03, 1.07, 1.12]
        let gap = [0.412, 0.538, 0.631, 0.742, 0.751, 0.758, 0.762, 0.766, 0.769]
        let stability = [0.91, 0.88, 0.84, 0.86, 0.74, 0.69, 0.66, 0.62, 0.6]
        let candidates = (0..<9).map { i in
            KCandidate(k: i + 2, inertia: inertia[i], silhouette: silhouette[i], calinskiHarabasz: ch[i], daviesBouldin: db[i],
                       gap: gap[i], gapStandardError: 0.011 + 0.001 * Double(i), stability: stability[i])
        }
        return DiscoveryReport(
            title: hostile ? scriptTag : "How many segments? accounts-2026-06.csv",
            provenance: ReportProvenance(toolVersion: "0.1.0", seed: 42, inputName: hostile ? formulaText : "accounts-2026-06.csv"),
            features: hostile ? [ReportFeature(scriptTag), ReportFeature(formulaText)] : features, accountCount: 48_213,
            candidates: candidates, elbowK: 5, recommendedK: 5,
            votes: [IndexVote(index: IndexVote.silhouette, k: 5, rule: "maximum"),
                    IndexVote(index: IndexVote.calinskiHarabasz, k: 5, rule: "maximum"),
                    IndexVote(index: IndexVote.daviesBouldin, k: 5, rule: "minimum"),
                    IndexVote(index: IndexVote.gap, k: 5, rule: "smallest k with gap(k) >= gap(k+1) - s(k+1)"),
                    IndexVote(index: IndexVote.stability, k: 2, rule: "maximum"),
                    IndexVote(index: hostile ? scriptTag : "Elbow (knee)", k: 5, rule: hostile ? formulaText : "knee of inertia")],
            reasons: hostile ? [scriptTag, formulaText]
                : ["5 of 6 indices vote for k = 5 (silhouette, Calinski-Harabasz, Davies-Bouldin, gap, elbow).",
                   "Stability prefers k = 2, but at k = 5 the mean bootstrap Jaccard is still 0.86 (stable).",
                   "Beyond k = 5 inertia falls by less than 9% per added segment."],
            notes: hostile ? [scriptTag] : ["Silhouette computed on a seeded sample of 5,000 accounts."])
    }

    static func validation(hostile: Bool = false) -> ValidationReport {
        let names = hostile ? [scriptTag, formulaText, "a|b", "#1", "`x`"] : (1...5).map { "Segment \($0)" }
        let jaccard = [0.93, 0.81, 0.77, 0.64, 0.46]
        let counts = [[18_901, 702, 210, 15, 40], [655, 11_820, 402, 22, 31], [120, 560, 7_402, 101, 61],
                      [4, 18, 96, 1_631, 12], [70, 95, 55, 9, 5_200]]
        return ValidationReport(
            title: hostile ? scriptTag : "Validation of model.json",
            provenance: ReportProvenance(toolVersion: "0.1.0", seed: 7, asOf: "2026-06-30"),
            accountCount: 48_213, bootstrapReplicates: 100,
            segments: names.indices.map { SegmentStability(segment: $0, name: names[$0], meanJaccard: jaccard[$0], dissolvedCount: [0, 1, 3, 14, 58][$0]) },
            seedAgreement: SeedAgreement(seeds: [1, 2, 3, 4, 5], adjustedRandIndices: [0.981, 0.964, 1.0, 0.972, 0.958]),
            migration: MigrationMatrix(fromLabel: hostile ? scriptTag : "2026-03-31", toLabel: "2026-06-30",
                                       fromSegments: names, toSegments: names, counts: counts),
            notes: hostile ? [formulaText] : [])
    }
}
