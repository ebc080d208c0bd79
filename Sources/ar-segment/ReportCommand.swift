import ArgumentParser
import Foundation
import Reporting
import Tabular

/// `ar-segment report`: re-renders a saved segmentation.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Re-render the report of a saved run from its model.json.",
        discussion: """
        model.json holds what the reports show, so a run can be re-rendered (for example as Markdown for a wiki) without the input data. JSON output equals the run's summary.json.

        Examples:
          ar-segment report --model out/run/model.json -o report.html
          ar-segment report --model out/run/model.json --format md -o report.md
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case html, md, json
    }

    @Option(help: "A model.json written by 'ar-segment segment'.")
    var model: String

    @Option(help: "Output format: html, md or json.")
    var format: Format = .html

    @Option(name: .shortAndLong, help: "Output file.")
    var output: String

    func run() throws {
        let report = try SegmentationModel.load(path: model).report
        let bytes: [UInt8]
        switch format {
        case .html: bytes = Array(HTMLRenderer.render(report).utf8)
        case .md: bytes = Array(MarkdownRenderer.render(report).utf8)
        case .json: bytes = Array(try JSONRenderer.data(report))
        }
        try AtomicFile.write(bytes, to: output, inputs: [model])
    }
}
