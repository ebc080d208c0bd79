import Foundation
import Testing
import TestSupport

/// Issue 7 / GUIDE section 4: hostile account names go through every export and come out
/// inert: CSV text cells that a spreadsheet would evaluate get a leading `'` (negative numbers
/// stay numbers), HTML and Markdown escape them, the notebook holds no live markup.
@Suite("Injection through exports", .tags(.cli))
struct InjectionTests {
    static let hostile = [
        #"=HYPERLINK("http://evil.example","click")"#,
        "+1",
        "-2+3",
        "@SUM(A1:A9)",
        "\tX",
        "<script>alert(1)</script>",
    ]
    static let script = "<script>alert(1)</script>"

    /// Accounts from a generated ledger whose most overdue accounts (the top of the worklist)
    /// are renamed to the hostile names. Returns the path of the rewritten accounts file.
    func hostileAccounts(_ cli: BinaryRunner, _ scratch: ScratchDirectory) throws -> String {
        let accounts = try generatedAccounts(cli, in: scratch, customers: 150)
        let text = String(decoding: try #require(bytes(accounts)), as: UTF8.self)
        var rows = parseCSV(text)
        let overdue = try #require(rows[0].firstIndex(of: "overdue_balance"))
        let order = rows.indices.dropFirst().sorted {
            (Double(rows[$0][overdue]) ?? 0) > (Double(rows[$1][overdue]) ?? 0)
        }
        for (name, row) in zip(Self.hostile, order) { rows[row][0] = name }
        return try scratch.write("hostile.csv", rows.map { $0.map(quoteCSV).joined(separator: ",") }
            .joined(separator: "\n") + "\n")
    }

    /// Every text cell of the CSV `text` that starts with a formula trigger must be a number;
    /// each hostile name present appears only neutralised.
    func expectNeutralised(_ text: String, file: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let rows = parseCSV(text)
        var seen = Set<String>()
        for row in rows {
            for cell in row {
                if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
                    #expect(Double(cell) != nil, "\(file): live formula cell \(cell.debugDescription)",
                            sourceLocation: sourceLocation)
                }
                if cell.hasPrefix("'"), Self.hostile.contains(String(cell.dropFirst())) { seen.insert(cell) }
            }
        }
        #expect(!seen.isEmpty, "\(file): no neutralised hostile name found", sourceLocation: sourceLocation)
    }

    @Test("segment: CSV outputs neutralise hostile names, keep negative numbers, HTML/Markdown/JSON escape")
    func segmentExports() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let accounts = try hostileAccounts(cli, scratch)
        let run = scratch.path("run")
        expectSuccess(try cli.run(["segment", accounts, "--k", "4", "--seed", "2", "-o", run]))

        for file in ["assignments.csv", "worklist.csv"] {
            let text = String(decoding: try #require(bytes(run + "/" + file)), as: UTF8.self)
            expectNeutralised(text, file: file)
        }
        let profiles = String(decoding: try #require(bytes(run + "/profiles.csv")), as: UTF8.self)
        for row in parseCSV(profiles) {
            for cell in row where cell.unicodeScalars.first.map({ "=+@\t\r".unicodeScalars.contains($0) }) ?? false {
                Issue.record("profiles.csv: live formula cell \(cell.debugDescription)")
            }
        }
        // Negative numbers stay numbers: some segment is below average on some feature (z-score < 0).
        #expect(parseCSV(profiles).joined().contains { $0.hasPrefix("-") && Double($0) != nil },
                "profiles.csv has no plain negative number")
        #expect(!parseCSV(profiles).joined().contains { $0.hasPrefix("'-") && Double($0.dropFirst()) != nil },
                "profiles.csv neutralised a negative number")

        let html = String(decoding: try #require(bytes(run + "/report.html")), as: UTF8.self)
        #expect(!html.contains(Self.script), "report.html carries the script tag")
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "report.html lost the hostile name")
        let markdown = String(decoding: try #require(bytes(run + "/report.md")), as: UTF8.self)
        #expect(!markdown.contains(Self.script), "report.md carries the script tag")
        #expect(markdown.contains("alert(1)"), "report.md lost the hostile name")
        for file in ["summary.json", "model.json"] {
            let json = String(decoding: try #require(bytes(run + "/" + file)), as: UTF8.self)
            #expect(!json.contains(Self.script), "\(file) carries the script tag")
        }
    }

    @Test("assign: hostile names are neutralised in its CSV")
    func assignExport() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let accounts = try hostileAccounts(cli, scratch)
        let run = scratch.path("run")
        expectSuccess(try cli.run(["segment", accounts, "--k", "3", "--seed", "2", "-o", run]))
        let output = scratch.path("assigned.csv")
        expectSuccess(try cli.run(["assign", "--model", run + "/model.json", accounts, "-o", output]))
        expectNeutralised(String(decoding: try #require(bytes(output)), as: UTF8.self), file: "assigned.csv")
    }

    @Test("features: hostile ledger account ids are neutralised in features.csv")
    func featuresExport() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        var lines = [BadInputCSVTests.ledgerLines[0]]
        for (index, name) in Self.hostile.enumerated() {
            lines.append("\(quoteCSV(name)),INV\(index),2025-01-10,2025-02-09,100,,no")
        }
        let ledger = try scratch.write("ledger.csv", lines.joined(separator: "\n") + "\n")
        let output = scratch.path("features.csv")
        expectSuccess(try cli.run(["features", ledger, "--as-of", "2025-06-30", "-o", output]))
        let rows = parseCSV(String(decoding: try #require(bytes(output)), as: UTF8.self))
        // Formula triggers get the `'`; `<script>` is harmless in a spreadsheet and stays as written.
        let expected = Self.hostile.map { name in
            name.unicodeScalars.first.map { "=+-@\t\r".unicodeScalars.contains($0) } == true ? "'" + name : name
        }
        #expect(Set(rows.dropFirst().map { $0[0] }) == Set(expected))
    }

    static let strategyName = #"=HYPERLINK("http://evil.example","<script>alert(1)</script>")"#
    static let featureName = "@<img src=x onerror=alert(1)>"

    /// `segment` (plus `extra`) on accounts whose ids, one clustering feature's name and the only
    /// strategy's name are hostile. Returns the run directory.
    func hostileNamesRun(_ cli: BinaryRunner, _ scratch: ScratchDirectory, extra: [String] = []) throws -> String {
        let yaml = """
            features: ["\(Self.featureName)"]
            strategies:
              - id: all
                name: '\(Self.strategyName)'
                treatment:
                  channels: [email]
                  needs_call: false
            rules:
              - strategy: all
                when: ["mean(avg_days_late) >= 0"]

            """
        let strategies = try scratch.write("strategies.yaml", yaml)
        var lines = ["account_id,avg_days_late,\(quoteCSV(Self.featureName))"]
        for i in 0..<12 {
            let id = i < Self.hostile.count ? Self.hostile[i] : "A\(i)"
            lines.append("\(quoteCSV(id)),\(i * 5),\(i % 3)")
        }
        let accounts = try scratch.write("accounts.csv", lines.joined(separator: "\n") + "\n")
        let run = scratch.path("run")
        let result = try cli.run(["segment", accounts, "--k", "2", "--seed", "1", "--strategies", strategies,
                                  "--features", "avg_days_late,\(Self.featureName)", "-o", run] + extra)
        expectSuccess(result)
        return run
    }

    @Test("hostile strategy and feature names (from the user's files) are neutralised and escaped too")
    func hostileStrategyAndFeatureNames() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let run = try hostileNamesRun(cli, scratch)
        for file in listing(run) where file.hasSuffix(".csv") {
            let rows = parseCSV(String(decoding: try #require(bytes(run + "/" + file)), as: UTF8.self))
            for cell in rows.joined() {
                if let first = cell.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) {
                    #expect(Double(cell) != nil, "\(file): live formula cell \(cell.debugDescription)")
                }
            }
        }
        let html = String(decoding: try #require(bytes(run + "/report.html")), as: UTF8.self)
        #expect(!html.contains(Self.script) && !html.contains("<img src=x"), "report.html carries live markup")
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "report.html lost the feature name")
        let markdown = String(decoding: try #require(bytes(run + "/report.md")), as: UTF8.self)
        #expect(!markdown.contains(Self.script) && !markdown.contains("<img src=x"), "report.md carries live markup")
    }

    @Test("notebook export: hostile names are escaped in Markdown cells and absent from code; no outputs")
    func notebookExport() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let run = try hostileNamesRun(cli, scratch, extra: ["--notebook"])
        let data = try #require(bytes(run + "/report.ipynb"), "no report.ipynb in \(listing(run))")
        let notebook = try #require(try JSONSerialization.jsonObject(with: Data(data)) as? [String: Any])
        let cells = try #require(notebook["cells"] as? [[String: Any]])
        var markdown = ""
        for cell in cells {
            let source = (cell["source"] as? [String])?.joined() ?? (cell["source"] as? String) ?? ""
            #expect(!source.contains(Self.script) && !source.contains("<img src=x"),
                    "\(cell["cell_type"] ?? "?") cell carries live markup")
            #expect((cell["outputs"] as? [Any])?.isEmpty ?? true, "notebook stores outputs")
            if cell["cell_type"] as? String == "code" {
                for name in Self.hostile + [Self.strategyName, Self.featureName] where name.count > 3 {
                    #expect(!source.contains(name), "code cell holds data text \(name.debugDescription)")
                }
            } else {
                markdown += source
            }
        }
        #expect(markdown.contains("alert(1)"), "the notebook's Markdown lost the hostile strategy and feature names")
    }

    @Test("PMML export: hostile strategy names are escaped and the file stays well-formed XML")
    func pmmlExport() throws {
        let cli = try BinaryRunner()
        let scratch = try ScratchDirectory()
        let accounts = try hostileAccounts(cli, scratch)
        let strategies = try scratch.write("strategies.yaml", """
            strategies:
              - id: hostile
                name: '<script>alert(1)</script> & "quotes" ]]>'
                treatment:
                  channels: [email]
                  needs_call: false
            rules:
              - strategy: hostile
                when: ["mean(avg_days_late) >= 0"]

            """)
        let run = scratch.path("run")
        expectSuccess(try cli.run(["segment", accounts, "--k", "3", "--seed", "2", "--strategies", strategies,
                                   "--pmml", "-o", run]))
        let pmml = String(decoding: try #require(bytes(run + "/model.pmml"), "no model.pmml in \(listing(run))"),
                          as: UTF8.self)
        #expect(!pmml.contains(Self.script), "model.pmml carries a raw script tag")
        #expect(pmml.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "model.pmml lost the strategy name")
        // Markup balance: every '<' opens a tag, comment, declaration or CDATA.
        let stray = pmml.components(separatedBy: "<").dropFirst().filter { part in
            guard let first = part.first else { return true }
            return !(first.isLetter || first == "/" || first == "?" || first == "!")
        }
        #expect(stray.isEmpty, "unescaped '<' in model.pmml: \(stray.prefix(3))")
    }
}

/// RFC 4180 parsing for test oracles, independent of the code under test.
func parseCSV(_ text: String) -> [[String]] {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var inQuotes = false
    var scalars = text.unicodeScalars.makeIterator()
    var pending: Unicode.Scalar? = nil
    while let c = pending ?? scalars.next() {
        pending = nil
        if inQuotes {
            if c == "\"" {
                if let next = scalars.next() {
                    if next == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = next }
                } else { inQuotes = false }
            } else { field.unicodeScalars.append(c) }
        } else if c == "\"" {
            inQuotes = true
        } else if c == "," {
            row.append(field); field = ""
        } else if c == "\n" {
            row.append(field); rows.append(row); row = []; field = ""
        } else if c == "\r" {
            if let next = scalars.next(), next != "\n" { field.unicodeScalars.append(c); pending = next }
            else { row.append(field); rows.append(row); row = []; field = "" }
        } else {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
    return rows
}

/// `text` as one CSV field, quoted when it holds a comma, quote or line break.
func quoteCSV(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
