import Segmentation
import Tabular

/// Every command's rendered reports (HTML, Markdown, JSON) beside the data files its run produced
/// in Segmentation: the one place that names a report's files.
public enum ReportFiles {
    /// `BASE.html`, `BASE.md` and `BASE.json` (`jsonName` overrides the JSON file's name).
    static func rendered(_ base: String, html: String, markdown: String, json: [UInt8],
                         jsonName: String? = nil) -> [OutputFile] {
        [OutputFile(name: base + ".html", text: html),
         OutputFile(name: base + ".md", text: markdown),
         OutputFile(name: jsonName ?? base + ".json", bytes: json)]
    }

    /// `discover.html`, `discover.md`, `discover.json`.
    public static func discovery(_ report: DiscoveryReport) throws -> [OutputFile] {
        rendered("discover", html: HTMLRenderer.render(report), markdown: MarkdownRenderer.render(report),
                 json: Array(try DeterministicJSON.data(report)))
    }

    /// `plan.html`, `plan.md`, `plan.json`.
    public static func plan(_ report: PlanReport) throws -> [OutputFile] {
        rendered("plan", html: HTMLRenderer.render(report), markdown: MarkdownRenderer.render(report),
                 json: Array(try DeterministicJSON.data(report)))
    }
}

extension SegmentationRun {
    /// The files `segment` writes: the data files, then `report.html`, `report.md`, `summary.json`,
    /// and with `xlsx` `report.xlsx` (`XLSXRenderer`, with the data files' full tables).
    public func outputFiles(xlsx: Bool = false) throws -> [OutputFile] {
        let report = model.report
        var files = try dataFiles()
            + ReportFiles.rendered("report", html: HTMLRenderer.render(report),
                                   markdown: MarkdownRenderer.render(report),
                                   json: Array(try DeterministicJSON.data(report)), jsonName: "summary.json")
        if xlsx {
            let tables = dataTables()
            files.append(OutputFile(name: "report.xlsx", bytes: try XLSXRenderer.render(
                report, profiles: tables.profiles, worklist: tables.worklist, assignments: tables.assignments)))
        }
        return files
    }
}

extension ValidationRun {
    /// `validation.html`, `validation.md`, `validation.json`, and `migration.csv` with a migration.
    public func outputFiles() throws -> [OutputFile] {
        ReportFiles.rendered("validation", html: HTMLRenderer.render(report),
                             markdown: MarkdownRenderer.render(report),
                             json: Array(try DeterministicJSON.data(report)))
            + dataFiles()
    }
}

extension BacktestRun {
    /// `backtest.html`, `backtest.md`, `backtest.json`, the outcome files, and `assignments.csv`.
    public func outputFiles() throws -> [OutputFile] {
        ReportFiles.rendered("backtest", html: HTMLRenderer.render(report),
                             markdown: MarkdownRenderer.render(report),
                             json: Array(try DeterministicJSON.data(report)))
            + dataFiles()
    }
}
