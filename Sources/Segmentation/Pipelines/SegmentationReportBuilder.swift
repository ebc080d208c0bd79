import Clustering
import NumericCore
import Receivables

/// Fills the report model (`SegmentationReport`) from a finished segmentation.
struct SegmentationReportBuilder {
    let table: AccountTable
    let space: FeatureSpace
    let labels: [Int]
    let segments: [ModelSegment]
    let worklist: Worklist
    let options: SegmentationOptions
    let notes: [String]
    let invoices: InvoiceView?

    func build() throws -> SegmentationReport {
        let sample = ReportSample(rows: table.rowCount, size: options.reportSampleSize,
                                  seed: SplitMix64.derivedSeed(options.seed, stream: 0x5EED_0F_5A17_1E))
        var notes = self.notes
        if sample.isSampled {
            notes.append("the PCA map and the silhouette plot show a seeded sample of \(sample.rows.count) "
                         + "of \(table.rowCount) accounts")
        }
        return SegmentationReport(
            title: "Collections segmentation" + (options.inputName.map { " of \($0)" } ?? ""),
            provenance: ReportProvenance(toolVersion: options.toolVersion, seed: options.seed, asOf: options.asOf,
                                         inputName: options.inputName),
            headline: headline(),
            features: space.features.map { ReportFeature($0.name, unit: FeatureCatalog.unit(of: $0.name)) },
            segments: segments.map(summary),
            pcaMap: try pcaMap(sample),
            silhouette: silhouette(sample),
            worklist: worklist.entries.prefix(options.reportWorklistRows).map(Self.row),
            worklistTotal: worklist.entries.count,
            notes: notes, invoices: invoices)
    }

    func headline() -> ReportHeadline {
        func total(_ feature: LedgerFeature) -> Double {
            table.numericColumn(feature.rawValue)?.reduce(0, +) ?? 0
        }
        return ReportHeadline(segmentCount: segments.count, accountCount: table.rowCount,
                              openBalance: total(.openBalance), overdueBalance: total(.overdueBalance),
                              wastedCallShareOfOverdueAccounts: worklist.summary.noCallAccountShare,
                              wastedCallShareOfOverdueBalance: worklist.summary.noCallBalanceShare)
    }

    func summary(_ segment: ModelSegment) -> SegmentSummary {
        let members = labels.indices.filter { labels[$0] == segment.id }
        let zScores = space.features.indices.map { j in
            members.reduce(0) { $0 + space.standardized[$1, j] } / Double(max(members.count, 1))
        }
        let profile = segment.profile
        let strategy = segment.strategy.strategy
        return SegmentSummary(
            id: segment.id, name: "Segment \(segment.id)", strategy: strategy.name,
            treatment: strategy.treatmentText, reasons: segment.strategy.reasons,
            needsCall: strategy.treatment.needsCall, accountCount: profile.size,
            shareOfAccounts: profile.shareOfAccounts, shareOfOpenBalance: profile.shareOfOpenBalance ?? 0,
            shareOfOverdueBalance: profile.shareOfOverdueBalance ?? 0,
            featureMeans: space.features.map { profile.feature($0.name)?.mean ?? 0 },
            featureMedians: space.features.map { profile.feature($0.name)?.median ?? 0 },
            featureZScores: zScores)
    }

    /// PC1 x PC2 of the standardized features: the model's PCA when it kept two components or
    /// more, otherwise a two-component PCA fitted for the picture only. `nil` with one feature
    /// or one account (no picture to draw, and PCA needs two rows).
    func pcaMap(_ sample: ReportSample) throws -> PCAMap? {
        let pca: FittedPrincipalComponents
        if let model = space.pca, model.components.rows >= 2 {
            pca = model
        } else if space.standardized.columns >= 2, space.standardized.rows >= 2 {
            pca = try PrincipalComponents(count: .count(2)).fit(space.standardized)
        } else {
            return nil
        }
        let scores = pca.transform(space.standardized.selectingRows(sample.rows))
        let points = sample.rows.enumerated().map { r, i in
            PCAPoint(x: scores[r, 0], y: scores[r, 1], segment: labels[i])
        }
        return PCAMap(explainedVarianceRatio1: pca.explainedVarianceRatio[0],
                      explainedVarianceRatio2: pca.explainedVarianceRatio[1],
                      points: points, totalAccounts: table.rowCount)
    }

    /// Silhouette values of the sampled accounts in the clustering space; `nil` for one segment.
    func silhouette(_ sample: ReportSample) -> SilhouetteSummary? {
        let sampleLabels = sample.rows.map { labels[$0] }
        guard Set(sampleLabels).count >= 2, sample.rows.count > Set(sampleLabels).count else { return nil }
        let values = ClusterQuality.silhouetteSamples(space.embedded.selectingRows(sample.rows), labels: sampleLabels)
        let bySegment = segments.map { segment in
            SegmentSilhouette(segment: segment.id,
                              values: sampleLabels.indices.filter { sampleLabels[$0] == segment.id }.map { values[$0] })
        }
        return SilhouetteSummary(mean: values.reduce(0, +) / Double(values.count), segments: bySegment,
                                 totalAccounts: table.rowCount)
    }

    static func row(_ entry: WorklistEntry) -> WorklistRow {
        WorklistRow(accountId: entry.accountId, segment: entry.segment, strategy: entry.strategyName,
                    priority: entry.priority,
                    scoreParts: [ScorePart("overdue amount", entry.amountPoints),
                                 ScorePart("days past due", entry.agePoints),
                                 ScorePart("segment risk", entry.riskPoints),
                                 ScorePart("open disputes", entry.disputePoints)],
                    overdueAmount: entry.overdueBalance, maxDaysPastDue: entry.maxDaysPastDue,
                    needsCall: entry.needsCall)
    }
}

/// The accounts a report plots: all of them up to `size`, else a seeded sample without
/// replacement (partial Fisher-Yates), in increasing row order.
struct ReportSample {
    let rows: [Int]
    let isSampled: Bool

    init(rows count: Int, size: Int, seed: UInt64) {
        guard count > size else {
            rows = Array(0..<count)
            isSampled = false
            return
        }
        var rng = SplitMix64(seed: seed)
        var pool = Array(0..<count)
        for i in 0..<size { pool.swapAt(i, i + rng.nextInt(below: count - i)) }
        rows = pool.prefix(size).sorted()
        isSampled = true
    }
}
