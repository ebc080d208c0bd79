import Foundation
import Testing
import NumericCore
@testable import Reporting
@testable import Segmentation

private func sampleInput(segmentName: String = "Prompt payers", strategy: String = "Self-cure",
                         accounts: String = "../data/accounts.csv") -> NotebookInput {
    let profile = NotebookTable(columns: ["feature", "segment mean", "overall mean", "z"],
                                rows: [["avg_days_late", "3.1", "12.4", "-0.8"], ["open_balance", "1200", "5400", "-0.4"]])
    return NotebookInput(
        title: "Segmentation of accounts.csv", toolVersion: "0.1.0",
        clustered: ["2,000 accounts on 6 features.", "Money columns were log-transformed, then standardized."],
        kChoice: ["k = 2 was given with --k."],
        segments: [
            .init(id: "0", name: segmentName, strategy: strategy, treatment: "E-mail before the due date.",
                  reasons: ["average days late 3 vs 12 overall"], size: 1500, share: 0.75, profile: profile),
            .init(id: "1", name: "Chronic late", strategy: "Chronic late", treatment: nil,
                  reasons: [], size: 500, share: 0.25, profile: NotebookTable(columns: [], rows: [])),
        ],
        worklistSummary: ["310 accounts are overdue.", "42% of them need no call."],
        files: .init(accounts: accounts))
}

/// The notebook as JSON objects, and its cells.
private func parse(_ text: String) throws -> (notebook: [String: Any], cells: [[String: Any]]) {
    let notebook = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    let cells = try #require(notebook["cells"] as? [[String: Any]])
    return (notebook, cells)
}

private func source(_ cell: [String: Any]) -> String {
    (cell["source"] as? [String] ?? []).joined()
}

@Suite("Notebook export")
struct ExportNotebookTests {
    @Test("notebook is nbformat 4.5 with a Python 3 kernel, cell ids and no stored outputs")
    func documentShape() throws {
        let text = try NotebookExporter.render(sampleInput())
        #expect(text.hasSuffix("}\n"))
        let (notebook, cells) = try parse(text)
        #expect(notebook["nbformat"] as? Int == 4)
        #expect(notebook["nbformat_minor"] as? Int == 5)
        let kernel = (notebook["metadata"] as? [String: Any])?["kernelspec"] as? [String: Any]
        #expect(kernel?["name"] as? String == "python3")
        #expect(kernel?["language"] as? String == "python")

        let ids = cells.compactMap { $0["id"] as? String }
        #expect(ids.count == cells.count)
        #expect(Set(ids).count == ids.count)
        #expect(ids.allSatisfy { id in
            (1...64).contains(id.count) && id.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_"
            }
        })
        for cell in cells {
            let lines = try #require(cell["source"] as? [String])
            #expect(lines.dropLast().allSatisfy { $0.hasSuffix("\n") })
            #expect(lines.last?.hasSuffix("\n") == false)
            #expect((cell["metadata"] as? [String: Any])?.isEmpty == true)
            switch cell["cell_type"] as? String {
            case "code":
                #expect(cell["execution_count"] is NSNull)
                #expect((cell["outputs"] as? [Any])?.isEmpty == true)
            case "markdown":
                #expect(cell["outputs"] == nil && cell["execution_count"] == nil)
            default:
                Issue.record("unexpected cell type \(cell["cell_type"] ?? "nil")")
            }
        }
        let kinds = cells.compactMap { $0["cell_type"] as? String }
        #expect(kinds.filter { $0 == "code" }.count == 8)
        // One Markdown cell per segment, with its strategy, size, reasons and profile table.
        let segmentCells = cells.filter { ($0["id"] as? String)?.hasPrefix("segment-") == true }.map(source)
        #expect(segmentCells.count == 2)
        #expect(segmentCells[0].hasPrefix("### Prompt payers: Self-cure\n"))
        #expect(segmentCells[0].contains("1500 accounts (75.0% of all), strategy **Self-cure**."))
        #expect(segmentCells[0].contains("- average days late 3 vs 12 overall"))
        #expect(segmentCells[0].contains("| avg\\_days\\_late | 3.1 | 12.4 | -0.8 |"))
        #expect(!segmentCells[1].contains("Why this strategy"))
        #expect(try NotebookExporter.render(sampleInput()) == text)
    }

    @Test("code cells read the run's files by their relative names and re-fit KMeans from the centroids")
    func codeCells() throws {
        let (_, cells) = try parse(try NotebookExporter.render(sampleInput(accounts: #"../odd "name"\x.csv"#)))
        let code = cells.filter { $0["cell_type"] as? String == "code" }.map(source)
        let setup = try #require(code.first)
        #expect(setup.contains(#"ACCOUNTS = "../odd \"name\"\\x.csv""#))
        #expect(setup.contains(#"ASSIGNMENTS = "assignments.csv""#))
        #expect(setup.contains(#"MODEL = "model.json""#))
        #expect(setup.contains(#"ID = "account_id""#))
        let all = code.joined(separator: "\n")
        #expect(all.contains("KMeans(n_clusters=len(centroids), init=centroids, n_init=1, max_iter=1)"))
        #expect(all.contains("assert disagreements == 0"))
        // Tables are printed as text: no HTML display of data frames.
        #expect(!all.contains("display(") && !all.contains("to_html"))
    }

    @Test("hostile data text is escaped in Markdown and never reaches code cells")
    func hostileText() throws {
        let name = "<script>alert('x')</script> [click](javascript:alert(1))"
        let strategy = "# Pay $5 now | *urgent* `code`"
        let text = try NotebookExporter.render(sampleInput(segmentName: name, strategy: strategy))
        let (_, cells) = try parse(text)
        let markdown = cells.filter { $0["cell_type"] as? String == "markdown" }.map(source).joined()
        #expect(!markdown.contains("<script"))
        #expect(!markdown.contains("[click]("))
        #expect(markdown.contains("&lt;script&gt;alert('x')&lt;/script&gt; \\[click\\](javascript:alert(1))"))
        #expect(markdown.contains("strategy **# Pay \\$5 now \\| \\*urgent\\* \\`code\\`**"))
        let code = cells.filter { $0["cell_type"] as? String == "code" }.map(source).joined()
        #expect(!code.contains("alert") && !code.contains("urgent"))
    }

    @Test("Markdown escaping", arguments: [
        ("plain text 12.5", false, "plain text 12.5"),
        ("a_b*c", false, "a\\_b\\*c"),
        ("<b>&</b>", false, "&lt;b&gt;&amp;&lt;/b&gt;"),
        ("-0.8", false, "-0.8"),
        ("- not a list", true, "\\- not a list"),
        ("# not a heading", true, "\\# not a heading"),
        ("2024. not a list", true, "2024\\. not a list"),
        ("3.5 days", true, "3.5 days"),
        ("3) not a list", true, "3\\) not a list"),
        ("12.", true, "12\\."),
        ("$12 and $13", false, "\\$12 and \\$13"),
        ("two\nlines", false, "two lines"),
        ("a|b", false, "a\\|b"),
    ])
    func markdownEscaping(input: String, lineStart: Bool, expected: String) {
        #expect(MarkdownText.escape(input, atLineStart: lineStart) == expected)
    }

    @Test("Markdown escaping keeps the text and lets no markup through, on random strings")
    func markdownEscapingProperty() {
        let alphabet = Array("ab 1.<>&\\`*_[]()|~$#-+=!\"'\n\té")
        var rng = SplitMix64(seed: 21)
        for _ in 0..<500 {
            let text = String((0..<rng.nextInt(below: 24)).map { _ in alphabet[rng.nextInt(below: alphabet.count)] })
            let lineStart = rng.nextUniform() < 0.5
            let escaped = MarkdownText.escape(text, atLineStart: lineStart)
            #expect(!escaped.contains("<") && !escaped.contains(">") && !escaped.contains("\n"))
            // Undo the escapes as a CommonMark reader does: the reader sees the original text.
            var decoded = ""
            var iterator = escaped.makeIterator()
            while let c = iterator.next() {
                decoded.append(c == "\\" ? iterator.next() ?? c : c)
            }
            decoded = decoded.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
                .replacingOccurrences(of: "&amp;", with: "&")
            let expected = text.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
            #expect(decoded == expected, "\(text.debugDescription) escaped as \(escaped.debugDescription)")
        }
    }

    @Test("Python string literals", arguments: [
        ("assignments.csv", #""assignments.csv""#),
        (#"a"b\c"#, #""a\"b\\c""#),
        ("tab\there\nnew", #""tab\there\nnew""#),
        ("bell\u{7}", #""bell\x07""#),
        ("café", #""café""#),
    ])
    func pythonLiterals(input: String, expected: String) {
        #expect(ExportText.pythonString(input) == expected)
    }

    @Test("relative paths from the notebook's folder", arguments: [
        ("/data/accounts.csv", "/data/out", "../accounts.csv"),
        ("/data/accounts.csv", "/data", "accounts.csv"),
        ("/a/b/c.csv", "/x/y", "../../a/b/c.csv"),
        ("/a/./b/../c.csv", "/a", "c.csv"),
        ("/a", "/a", "."),
    ])
    func relativePaths(file: String, directory: String, expected: String) {
        #expect(NotebookInput.Files.relativePath(of: file, from: directory) == expected)
    }

    @Test("relative inputs are taken from the current directory")
    func relativeToCurrentDirectory() {
        #expect(NotebookInput.Files.relativePath(of: "datasets/accounts.csv", from: "notebooks-export/sample")
                == "../../datasets/accounts.csv")
    }

    @Test("inconsistent inputs are refused with what is wrong")
    func invalidInputs() {
        var noSegments = sampleInput(); noSegments.segments = []
        var badShare = sampleInput(); badShare.segments[0].share = .nan
        var raggedProfile = sampleInput(); raggedProfile.segments[0].profile.rows.append(["x"])
        var noModel = sampleInput(); noModel.files.model = ""
        let cases: [(NotebookInput, String)] = [
            (noSegments, "no segments"),
            (badShare, "segment 0 has size 1500 and share nan"),
            (raggedProfile, "profile of segment 0 has a row of 1 cells, expected 4"),
            (noModel, "empty model file name"),
        ]
        for (input, message) in cases {
            #expect(throws: ExportError.invalidNotebook(message)) { try NotebookExporter.render(input) }
        }
    }
}
