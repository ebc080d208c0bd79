import Segmentation
import Foundation

/// An nbformat 4.5 notebook as written by `NotebookExporter`: cells with ids, a Python 3
/// kernelspec, and no stored outputs.
struct NotebookDocument: Encodable {
    var cells: [NotebookCell]

    /// Pretty-printed JSON with sorted keys and a final newline: the same input gives the same bytes.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    private enum CodingKeys: String, CodingKey {
        case cells, metadata, nbformat
        case nbformatMinor = "nbformat_minor"
    }

    private struct Metadata: Encodable {
        struct KernelSpec: Encodable {
            let name = "python3"
            let display_name = "Python 3"
            let language = "python"
        }
        struct LanguageInfo: Encodable {
            let name = "python"
        }
        let kernelspec = KernelSpec()
        let language_info = LanguageInfo()
    }

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cells, forKey: .cells)
        try container.encode(Metadata(), forKey: .metadata)
        try container.encode(4, forKey: .nbformat)
        try container.encode(5, forKey: .nbformatMinor)
    }
}

/// One notebook cell. Code cells are stored unexecuted (`execution_count` null, no outputs),
/// so opening the notebook runs nothing and shows no HTML or JavaScript from a previous run.
struct NotebookCell: Encodable {
    enum Kind: String { case markdown, code }

    var kind: Kind
    /// Unique within the notebook; nbformat 4.5 allows `[A-Za-z0-9_-]{1,64}`.
    var id: String
    var text: String

    static func markdown(_ id: String, _ lines: [String]) -> NotebookCell {
        NotebookCell(kind: .markdown, id: id, text: lines.joined(separator: "\n"))
    }

    static func code(_ id: String, _ text: String) -> NotebookCell {
        NotebookCell(kind: .code, id: id, text: text)
    }

    private enum CodingKeys: String, CodingKey {
        case cellType = "cell_type", id, metadata, source, outputs
        case executionCount = "execution_count"
    }

    private struct Empty: Encodable {}

    func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind.rawValue, forKey: .cellType)
        try container.encode(id, forKey: .id)
        try container.encode(Empty(), forKey: .metadata)
        try container.encode(sourceLines, forKey: .source)
        if kind == .code {
            try container.encodeNil(forKey: .executionCount)
            try container.encode([Empty](), forKey: .outputs)
        }
    }

    /// Jupyter's own layout: one string per line, each ending in a newline except the last.
    private var sourceLines: [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) + "\n" }
        if let last = lines.popLast() { lines.append(String(last.dropLast())) }
        return lines.filter { !$0.isEmpty }
    }
}
