import Segmentation
import Foundation

/// Writes a segmentation run as a Jupyter notebook (nbformat 4.5) that an analyst runs top to
/// bottom with a stock Python 3 kernel (pandas, matplotlib, scikit-learn).
///
/// Markdown cells tell the story (what was clustered, how k was chosen, each segment's profile
/// and strategy with its reasons, the worklist); code cells load the files the run wrote
/// (`NotebookInput.Files`), redraw the main charts (segment sizes, a PCA map, the profile
/// heatmap) and re-fit scikit-learn's `KMeans` from the model's centroids, asserting that it
/// puts every account in the segment `assignments.csv` gives.
///
/// Safety (Jupyter's trust model): no outputs are stored, every data text in Markdown is
/// escaped (`MarkdownText.escape`), and code cells hold no data text except file
/// names, written as Python string literals.
public enum NotebookExporter {
    /// The notebook's file name in a run's output directory.
    public static let fileName = "report.ipynb"

    /// Renders `input` as notebook JSON (deterministic, ending in a newline).
    /// Throws `ExportError.invalidNotebook` when the input is inconsistent.
    public static func render(_ input: NotebookInput) throws -> String {
        try validate(input)
        var cells: [NotebookCell] = [
            introduction(input),
            .markdown("clustered", ["## What was clustered", ""] + paragraphs(input.clustered)
                      + (input.notes.isEmpty ? [] : ["", "Notes from the run:", ""]
                         + input.notes.map { "- \(MarkdownText.escape($0, atLineStart: false))" })),
            .markdown("k-choice", ["## How k was chosen", ""] + paragraphs(input.kChoice)),
            .code("setup", NotebookCode.setup(input.files)),
            .code("load", NotebookCode.load),
            .markdown("segments", ["## Segments", "",
                                   "One section per segment: its size, the collection strategy it was mapped to, "
                                   + "why, and its profile."]),
        ]
        for (index, segment) in input.segments.enumerated() {
            cells.append(segmentCell(segment, index: index))
        }
        cells += [
            .code("sizes", NotebookCode.sizes),
            .markdown("space", ["## The clustering space", "",
                                "The next cell applies the model's own transforms to the accounts, as "
                                + "`ar-segment assign` does: the sign-preserving log of money columns, "
                                + "standardization with the saved means and scales, then the saved PCA "
                                + "projection when the run used one."]),
            .code("transform", NotebookCode.transform),
            .code("pca-map", NotebookCode.pcaMap),
            .code("heatmap", NotebookCode.heatmap),
            .markdown("cross-check", ["## Cross-check with scikit-learn", "",
                                      "scikit-learn's `KMeans`, started from the model's centroids, must put "
                                      + "every account in the segment that `assignments.csv` gives."]),
            .code("kmeans-check", NotebookCode.crossCheck),
            .markdown("worklist", ["## Worklist", ""] + paragraphs(input.worklistSummary)),
            .code("worklist-table", NotebookCode.worklist),
        ]
        return try NotebookDocument(cells: cells).json()
    }

    private static func introduction(_ input: NotebookInput) -> NotebookCell {
        let files = input.files
        let rows = [("accounts", files.accounts), ("segment of each account", files.assignments),
                    ("segment profiles", files.profiles), ("worklist", files.worklist), ("model", files.model)]
        return .markdown("title", [
            "# \(MarkdownText.escape(input.title, atLineStart: false))",
            "",
            "Exported by ar-segment \(MarkdownText.escape(input.toolVersion, atLineStart: false)). Run the cells top to bottom "
            + "with Python 3, pandas, matplotlib and scikit-learn; they read these files, relative to this notebook:",
            "",
        ] + markdownTable(NotebookTable(columns: ["content", "file"], rows: rows.map { [$0.0, $0.1] })))
    }

    private static func segmentCell(_ segment: NotebookInput.Segment, index: Int) -> NotebookCell {
        let e = { MarkdownText.escape($0, atLineStart: false) }
        let share = String(format: "%.1f", segment.share * 100)
        var lines = [
            "### \(e(segment.name)): \(e(segment.strategy))",
            "",
            "\(segment.size) accounts (\(share)% of all), strategy **\(e(segment.strategy))**.",
        ]
        if let treatment = segment.treatment { lines += ["", "**Treatment.** \(e(treatment))"] }
        if !segment.reasons.isEmpty {
            lines += ["", "**Why this strategy:**", ""] + segment.reasons.map { "- \(e($0))" }
        }
        if !segment.profile.columns.isEmpty {
            lines += [""] + markdownTable(segment.profile)
        }
        return .markdown("segment-\(index + 1)", lines)
    }

    private static func paragraphs(_ texts: [String]) -> [String] {
        texts.map { MarkdownText.escape($0) }.joined(separator: "\n\n").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    private static func markdownTable(_ table: NotebookTable) -> [String] {
        let e = { MarkdownText.escape($0, atLineStart: false) }
        let row = { (cells: [String]) in "| " + cells.map(e).joined(separator: " | ") + " |" }
        return [row(table.columns), "|" + String(repeating: " --- |", count: table.columns.count)]
            + table.rows.map(row)
    }

    private static func validate(_ input: NotebookInput) throws {
        guard !input.segments.isEmpty else { throw ExportError.invalidNotebook("no segments") }
        let files = input.files
        for (what, path) in [("accounts", files.accounts), ("assignments", files.assignments),
                             ("profiles", files.profiles), ("worklist", files.worklist),
                             ("model", files.model), ("id column", files.idColumn)] where path.isEmpty {
            throw ExportError.invalidNotebook("empty \(what) file name")
        }
        for segment in input.segments {
            guard segment.share.isFinite, (0...1).contains(segment.share), segment.size >= 0 else {
                throw ExportError.invalidNotebook(
                    "segment \(segment.id) has size \(segment.size) and share \(segment.share)")
            }
            let width = segment.profile.columns.count
            if let bad = segment.profile.rows.first(where: { $0.count != width }) {
                throw ExportError.invalidNotebook(
                    "profile of segment \(segment.id) has a row of \(bad.count) cells, expected \(width)")
            }
        }
    }
}
