import Foundation
import NumericCore
import Testing
import TestSupport
@testable import Reporting
@testable import Segmentation

/// The exporters fed from a real segmentation run (the pipeline's model), as `segment`,
/// `export-pmml` and `report --format ipynb` use them.
@Suite("Exports of a segmentation model")
struct ExportModelTests {
    static func run(pca: Int?) throws -> SegmentationRun {
        var options = SegmentationOptions(segmentCount: .fixed(3), seed: 5, toolVersion: "test")
        options.restarts = 3
        options.pcaComponents = pca
        return try SegmentationPipeline.run(PipelineFixtures.accounts(), accountsPath: "accounts.csv", options: options)
    }

    @Test("the PMML of a model puts every training account in its segment, at its distance",
          arguments: [Int?.none, 2])
    func pmmlScoresLikeAssign(pca: Int?) throws {
        let run = try Self.run(pca: pca)
        let model = run.model
        let description = ScoringDescription(model: model)
        #expect(description.features.map(\.name) == model.featureNames)
        #expect(description.clusters.map(\.strategy) == model.segments.map(\.strategy.strategy.id))
        #expect(description.clusters.map(\.size) == model.segments.map(\.profile.size))
        #expect(description.projection?.components.count == pca)

        let (root, _) = try #require(XMLNode.parse(try PMMLExporter.render(description)))
        let scorer = try MiniScorer(root)
        let raw = try SegmentationModel.rawFeatures(model.featureNames, of: PipelineFixtures.accounts(),
                                                    modelPath: "model.json", accountsPath: "accounts.csv")
        for i in 0..<raw.rows {
            let scored = try scorer.score(Array(raw.row(i)))
            #expect(String(scored.cluster) == description.clusters[run.assignment.segments[i]].id)
            #expect(approxEqual(Array(run.assignment.embedded.row(i)), scored.coordinates, relative: 1e-12, absolute: 1e-12))
        }
    }

    @Test("the notebook of a model tells each segment's story from the model file")
    func notebookFromModel() throws {
        let run = try Self.run(pca: 2)
        let model = run.model
        let input = NotebookInput(model: model, files: .init(accounts: "../accounts.csv"))
        #expect(input.segments.map(\.id) == model.segments.map { String($0.id) })
        #expect(input.segments.map(\.strategy) == model.segments.map(\.strategy.strategy.name))
        #expect(input.segments.map(\.size).reduce(0, +) == model.report.headline.accountCount)
        #expect(input.segments.map(\.reasons) == model.segments.map(\.strategy.reasons))
        // Profile rows cover the clustering features only.
        #expect(input.segments[0].profile.rows.map { $0[0] } == model.featureNames)
        #expect(input.kChoice.first == "k = 3 was given with --k.")
        #expect(input.notes == model.report.notes)
        let text = try NotebookExporter.render(input)
        #expect(text.contains(#"ACCOUNTS = \"../accounts.csv\""#))
        // The same model gives the same notebook (report --format ipynb re-renders it).
        let decoded = try SegmentationModel.decode(Data(try model.encodedJSON()), path: "model.json")
        #expect(try NotebookExporter.render(NotebookInput(model: decoded, files: .init(accounts: "../accounts.csv"))) == text)
    }

    @Test("a run's export files, and a notebook written away from the run, find their inputs")
    func exportFiles() throws {
        let model = try Self.run(pca: nil).model
        let both = try model.exportFiles(notebook: true, pmml: true, accountsPath: "/data/accounts.csv",
                                         outputDirectory: "/data/out")
        #expect(both.map(\.name) == ["report.ipynb", "model.pmml"])
        let notebook = String(decoding: both[0].bytes, as: UTF8.self)
        #expect(notebook.contains(#"ACCOUNTS = \"../accounts.csv\""#))
        #expect(notebook.contains(#"ASSIGNMENTS = \"assignments.csv\""#))
        #expect(String(decoding: both[1].bytes, as: UTF8.self) == (try PMMLExporter.render(ScoringDescription(model: model))))
        #expect(try model.exportFiles(notebook: false, pmml: true, accountsPath: "a.csv", outputDirectory: "out")
                    .map(\.name) == ["model.pmml"])
        #expect(try model.exportFiles(notebook: false, pmml: false, accountsPath: "a.csv", outputDirectory: "out").isEmpty)

        let away = try model.notebook(runDirectory: "/r/run", accountsPath: "/r/data/a.csv", notebookDirectory: "/r/nb",
                                      idColumn: "customer")
        for line in [#"ACCOUNTS = \"../data/a.csv\""#, #"ASSIGNMENTS = \"../run/assignments.csv\""#,
                     #"PROFILES = \"../run/profiles.csv\""#, #"WORKLIST = \"../run/worklist.csv\""#,
                     #"MODEL = \"../run/model.json\""#, #"ID = \"customer\""#] {
            #expect(away.contains(line), "\(line)")
        }
    }
}
