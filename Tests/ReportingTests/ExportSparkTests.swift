import Foundation
import NumericCore
import Reporting
import Segmentation
import Testing

/// The PySpark job's constants are the model's, exactly; that Spark scores like `assign` is
/// scripts/checks/spark's job.
@Suite struct ExportSparkTests {
    static let scoring = ScoringDescription(
        modelName: "test \"run\"", toolVersion: "0.1.0",
        features: [.init(name: "billed_12m", transform: .log1p, mean: 11.435135411691052, scale: 2.2097100825825),
                   .init(name: "avg_days_late", transform: .none, mean: 1e-05, scale: 3)],
        projection: nil,
        clusters: [.init(id: "0", name: "Segment 0", strategy: "self_cure", centroid: [0.1, -2.5e-17]),
                   .init(id: "1", name: "Segment 1", strategy: "chronic_late", centroid: [1, 2])])

    @Test func constantsRoundTripAndTheModelIsEmbedded() throws {
        let model = Array("{\"format\": \"ar-segment-model\"}\n".utf8)
        let job = try SparkJobExporter.render(Self.scoring, modelJSON: model, weighted: false, command: "cmd")
        #expect(job.contains("(\"billed_12m\", \"log1p\", 11.435135411691052, 2.2097100825825),"))
        #expect(job.contains("(\"avg_days_late\", \"none\", 1e-05, 3.0),"))
        #expect(job.contains("    [0.1, -2.5e-17],\n    [1.0, 2.0],\n]"))
        #expect(job.contains("STRATEGIES = [\"self_cure\", \"chronic_late\"]"))
        #expect(job.contains("PROJECTION_MEAN = None\nCOMPONENTS = None"))
        #expect(job.contains("WEIGHTED = False"))
        #expect(job.contains(Data(model).base64EncodedString()))
        #expect(!job.contains("{{"), "every mark filled in")
    }

    @Test func weightedModelsRefuseRefit() throws {
        let job = try SparkJobExporter.render(Self.scoring, modelJSON: [], weighted: true, command: "cmd")
        #expect(job.contains("WEIGHTED = True"))
    }

    @Test func anInvalidDescriptionIsRefused() {
        var bad = Self.scoring
        bad.clusters[1].centroid = [1]
        #expect(throws: ExportError.self) { try SparkJobExporter.render(bad, modelJSON: [], weighted: false, command: "") }
    }
}
