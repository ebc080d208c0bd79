import Tabular
import Segmentation
extension NotebookInput {
    /// The notebook's story for a saved segmentation: everything comes from `model.json`
    /// (the model and the report it carries), so `segment --notebook` and
    /// `report --format ipynb` write the same notebook for the same run.
    ///
    /// `files` names the files the code cells read, relative to the notebook's folder.
    public init(model: SegmentationModel, files: Files) {
        let report = model.report
        let currency = report.headline.currencyCode
        let units = Dictionary(report.features.map { ($0.name, $0.unit) }, uniquingKeysWith: { first, _ in first })
        let segments = model.segments.map { segment -> Segment in
            let strategy = segment.strategy.strategy
            let profile = NotebookTable(
                columns: ["feature", "segment mean", "segment median", "overall mean", "z-score"],
                rows: segment.profile.features.filter { units[$0.name] != nil }.map { feature in
                    let unit = units[feature.name] ?? .number
                    return [feature.name,
                            unit.tableText(feature.mean, currency: currency),
                            unit.tableText(feature.median, currency: currency),
                            unit.tableText(feature.overallMean, currency: currency),
                            NumberText.signed(feature.zScore)]
                })
            return Segment(id: String(segment.id), name: "Segment \(segment.id)", strategy: strategy.name,
                           treatment: strategy.treatmentText,
                           reasons: segment.strategy.reasons, size: segment.profile.size,
                           share: segment.profile.shareOfAccounts, profile: profile)
        }
        self.init(title: report.title, toolVersion: model.toolVersion,
                  clustered: Self.clusteredText(model),
                  notes: report.notes.filter { !$0.hasPrefix(Self.autoNotePrefix) }, kChoice: Self.kChoiceText(model),
                  segments: segments, worklistSummary: Self.worklistText(report), files: files)
    }

    /// The accounts and features; the transforms, PCA and weights are in the run's notes.
    private static func clusteredText(_ model: SegmentationModel) -> [String] {
        let report = model.report
        let input = report.provenance.inputName.map { " from \($0)" } ?? ""
        let asOf = report.provenance.asOf.map { " as of \($0)" } ?? ""
        return [
            "\(NumberText.integer(report.headline.accountCount)) accounts\(input)\(asOf), clustered on "
                + "\(model.features.count) features: \(model.featureNames.joined(separator: ", ")).",
            "Every feature was standardized to mean 0 and standard deviation 1 (ddof \(model.scaler.ddof)) "
                + (model.pca.map { "and projected on \($0.components.rows) principal components " } ?? "")
                + "before k-means; the next code cells redo these steps from model.json.",
        ]
    }

    /// The pipeline's note that explains an automatic k starts with this.
    private static let autoNotePrefix = "k chosen automatically"

    private static func kChoiceText(_ model: SegmentationModel) -> [String] {
        let k = model.kmeans
        var texts = model.kmeans.kChoice == "auto"
            ? ["k = \(k.k) was chosen automatically by a vote across cluster-quality indices."]
                + model.report.notes.filter { $0.hasPrefix(autoNotePrefix) }
            : ["k = \(k.k) was given with --k."]
        texts.append("k-means: best of \(k.restarts) restarts with seed "
                     + "\(model.seed); the best fit took \(k.iterations) iterations"
                     + (k.converged ? " and converged" : " and stopped at the iteration cap")
                     + " (inertia \(NumberText.plain(k.inertia))).")
        return texts
    }

    private static func worklistText(_ report: SegmentationReport) -> [String] {
        let headline = report.headline
        var texts = ["\(NumberText.integer(report.worklistTotal)) accounts have overdue items and are on the "
                     + "worklist, ranked by a priority score whose parts are columns of the worklist file."]
        if let accounts = headline.wastedCallShareOfOverdueAccounts {
            let balance = headline.wastedCallShareOfOverdueBalance.map { ", and \(NumberText.percent($0)) of the overdue \(headline.currencyCode)" } ?? ""
            texts.append("Wasted calls: \(NumberText.percent(accounts)) of the overdue accounts\(balance), "
                         + "sit in segments whose strategy needs no call.")
        }
        return texts
    }
}
