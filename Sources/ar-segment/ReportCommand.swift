import ArgumentParser
import Foundation
import Reporting
import Segmentation
import Tabular

/// `ar-segment report`: re-renders a saved segmentation.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render the report of a saved run from its model.json.",
        discussion: """
        model.json holds what the reports show, so a run can be re-rendered (for example as Markdown for a wiki) without the input data. JSON output equals the run's summary.json. The xlsx format is segment --xlsx's workbook without the Assignments sheet, its Worklist sheet holding the top rows the report keeps. The ipynb format is the Jupyter notebook of segment --notebook: it reloads the run's CSV files beside model.json and the accounts file given with --accounts.

        Examples:
          ar-segment report --model out/run/model.json -o report.html
          ar-segment report --model out/run/model.json --format md -o report.md
          ar-segment report --model out/run/model.json --format ipynb --accounts datasets/features.csv -o out/run/report.ipynb
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, md, json, ipynb, xlsx
    }

    @Option(help: "A model.json written by 'ar-segment segment'.")
    var model: String

    @Option(help: "Output format: html, md, json, ipynb or xlsx.")
    var format: Format = .html

    @Option(help: "With --format ipynb: the accounts CSV the run segmented (the notebook reloads it).")
    var accounts: String?

    @Option(name: .customLong("id"), help: "With --format ipynb: name of the accounts' id column.")
    var idColumn: String = "account_id"

    @Option(name: .shortAndLong, help: "Output file.")
    var output: String

    func validate() throws {
        if format == .ipynb, accounts == nil {
            throw ValidationError("--format ipynb needs --accounts ACCOUNTS.csv (the file the run segmented)")
        }
    }

    func run() throws {
        let saved = try SegmentationModel.load(path: model)
        let report = saved.report
        let bytes: [UInt8]
        switch format {
        case .html: bytes = Array(HTMLRenderer.render(report).utf8)
        case .md: bytes = Array(MarkdownRenderer.render(report).utf8)
        case .json: bytes = Array(try DeterministicJSON.data(report))
        case .xlsx: bytes = try XLSXRenderer.render(report, profiles: ProfileTable.table(saved))
        case .ipynb:
            func directory(_ path: String) -> String {
                let parent = (path as NSString).deletingLastPathComponent
                return parent.isEmpty ? "." : parent
            }
            bytes = Array(try saved.notebook(runDirectory: directory(model), accountsPath: accounts ?? "",
                                             notebookDirectory: directory(output), idColumn: idColumn).utf8)
        }
        try AtomicFile.write(bytes, to: output, inputs: [model] + (accounts.map { [$0] } ?? []))
    }
}
