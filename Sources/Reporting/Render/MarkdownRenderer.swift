import Segmentation
/// Renders reports as GitHub-flavoured Markdown for wikis: the same tables as the HTML report,
/// no charts. Every cell and line goes through `MarkdownText.escape`, so data cannot inject
/// markup, HTML or a table column.
public enum MarkdownRenderer {}

/// A Markdown document under construction: blocks separated by blank lines.
struct MarkdownDocument {
    private(set) var blocks: [String] = []

    mutating func heading(_ level: Int, _ text: String) {
        blocks.append(String(repeating: "#", count: level) + " " + MarkdownText.escape(text))
    }

    mutating func paragraph(_ text: String) {
        blocks.append(MarkdownText.escape(text))
    }

    /// A paragraph starting with a bold label (`**Treatment:** text`); the label alone when `text` is empty.
    mutating func labelled(_ label: String, _ text: String = "") {
        let head = "**" + MarkdownText.escape(label) + ":**"
        blocks.append(text.isEmpty ? head : head + " " + MarkdownText.escape(text))
    }

    mutating func bullets(_ items: [String]) {
        guard !items.isEmpty else { return }
        blocks.append(items.map { "- " + MarkdownText.escape($0) }.joined(separator: "\n"))
    }

    /// A table; `numeric` columns are right-aligned. Every cell is escaped.
    mutating func table(_ columns: [(title: String, numeric: Bool)], _ rows: [[String]]) {
        var lines = ["| " + columns.map { MarkdownText.escape($0.title) }.joined(separator: " | ") + " |"]
        lines.append("|" + columns.map { $0.numeric ? "---:" : "---" }.joined(separator: "|") + "|")
        for row in rows {
            let cells = columns.indices.map { $0 < row.count ? MarkdownText.escape(row[$0]) : "" }
            lines.append("| " + cells.joined(separator: " | ") + " |")
        }
        blocks.append(lines.joined(separator: "\n"))
    }

    mutating func provenance(_ provenance: ReportProvenance) {
        blocks.append("_" + MarkdownText.escape(HTMLPage.provenanceLine(provenance)) + "_")
    }

    mutating func notes(_ notes: [String]) {
        guard !notes.isEmpty else { return }
        heading(2, "Notes")
        bullets(notes)
    }

    var text: String { blocks.joined(separator: "\n\n") + "\n" }
}
