import Clustering
import Foundation
import NumericCore
import Receivables
import Tabular
import Testing
import TestSupport
@testable import Segmentation

/// The segmentation pipeline as a library: feature choice, transforms, labels, strategies, report.
@Suite struct PipelineSegmentationTests {
    static func options(k: SegmentCount = .fixed(3), seed: UInt64 = 42) -> SegmentationOptions {
        var options = SegmentationOptions(segmentCount: k, seed: seed, toolVersion: "test")
        options.restarts = 4
        return options
    }

    static func run(_ table: AccountTable = PipelineFixtures.accounts(), _ options: SegmentationOptions = options())
        throws -> SegmentationRun {
        try SegmentationPipeline.run(table, accountsPath: "accounts.csv", options: options)
    }

    @Test func defaultFeaturesAreTheDomainsWithMoneyLogged() throws {
        let model = try Self.run().model
        let present = FeatureCatalog.defaultClusteringFeatures.filter { PipelineFixtures.accounts().numericIndex($0) != nil }
        #expect(model.featureNames == present)
        for feature in model.features {
            #expect(feature.transform == (FeatureCatalog.isMoney(feature.name) ? .log1p : .none), "\(feature.name)")
        }
        #expect(model.features.contains { $0.transform == .log1p })
        #expect(model.scaler.ddof == 0)
    }

    @Test func recoversThePlantedGroups() throws {
        let table = PipelineFixtures.accounts()
        let run = try Self.run(table)
        // Rows are interleaved group 0, 1, 2, 0, 1, 2, ...
        let truth = table.ids.indices.map { $0 % 3 }
        #expect(ClusterQuality.adjustedRandIndex(truth, run.assignment.segments) > 0.95)
        #expect(Set(run.model.segments.map(\.strategy.strategy.id)).count >= 2)
    }

    @Test func labelsAreTheModelsOwnAssignment() throws {
        let table = PipelineFixtures.accounts()
        let run = try Self.run(table, Self.options(k: .fixed(4)))
        let decoded = try SegmentationModel.decode(Data(try run.model.encodedJSON()), path: "model.json")
        let again = try decoded.assign(table, modelPath: "model.json", accountsPath: "accounts.csv")
        #expect(again.segments == run.assignment.segments)
        #expect(again.distances == run.assignment.distances)
        // Every account is nearest to its own centroid.
        let (nearest, _) = NearestCentroid.assign(run.assignment.embedded, to: run.model.centroids)
        #expect(nearest == run.assignment.segments)
    }

    @Test func reportAgreesWithTheTables() throws {
        let table = PipelineFixtures.accounts()
        let run = try Self.run(table)
        let report = run.model.report
        #expect(report.headline.accountCount == table.rowCount)
        #expect(report.headline.segmentCount == 3)
        let overdue = table.numericColumn("overdue_balance")!.reduce(0, +)
        #expect(abs(report.headline.overdueBalance - overdue) <= 1e-9 * overdue)
        #expect(report.segments.map(\.accountCount).reduce(0, +) == table.rowCount)
        #expect(abs(report.segments.map(\.shareOfAccounts).reduce(0, +) - 1) < 1e-12)
        // z-scores are means of standardized columns: weighted by size they sum to 0.
        for j in report.features.indices {
            let weighted = report.segments.reduce(0.0) { $0 + Double($1.accountCount) * $1.featureZScores[j] }
            #expect(abs(weighted) < 1e-9)
        }
        #expect(report.pcaMap?.points.count == table.rowCount)
        #expect(report.silhouette.map { $0.mean > 0.3 && $0.mean <= 1 } == true)
        #expect(report.worklistTotal == run.worklist.entries.count)
        #expect(report.worklist.count == min(25, run.worklist.entries.count))
        #expect(report.worklist.allSatisfy { row in
            abs(row.scoreParts.map(\.value).reduce(0, +) - row.priority) < 1e-9
        })
    }

    @Test func identicalRowsBeyondKDropEmptyClusters() throws {
        // Two distinct accounts repeated: k = 4 cannot give four non-empty segments.
        let rows = (0..<12).map { i -> [Double] in i % 2 == 0 ? [1000, 5, 0.1] : [50, 60, 0.4] }
        let table = AccountTable(ids: (0..<12).map { "id\($0)" },
                                 numericNames: ["overdue_balance", "avg_days_late", "dispute_rate"],
                                 values: Matrix(rows))
        let run = try Self.run(table, Self.options(k: .fixed(4)))
        #expect(run.model.segmentCount == 2)
        #expect(Set(run.assignment.segments) == [0, 1])
        #expect(run.model.report.notes.contains { $0.contains("received no account and were dropped") })
        #expect(run.model.centroids.isFinite)
    }

    @Test func explicitFeaturesAreCheckedByName() throws {
        var options = Self.options()
        options.features = ["avg_days_late", "nope"]
        #expect(throws: InputError(file: "accounts.csv", column: "nope",
                                   message: "no such column (numeric columns: \(PipelineFixtures.accounts().numericNames.joined(separator: ", ")))")) {
            try Self.run(PipelineFixtures.accounts(), options)
        }
        options.features = ["avg_days_late", "avg_days_late"]
        #expect(throws: InputError(file: "accounts.csv", column: "avg_days_late", message: "feature listed twice in \(Parameter.features)")) {
            try Self.run(PipelineFixtures.accounts(), options)
        }
    }

    @Test func weightsMustBeANonNegativeNumericColumn() throws {
        var table = PipelineFixtures.accounts(perGroup: 5)
        var options = Self.options()
        options.weightColumn = "billed_12m"
        let weighted = try Self.run(table, options)
        #expect(weighted.model.kmeans.weightColumn == "billed_12m")
        table.values[3, table.numericIndex("billed_12m")!] = -1
        #expect(throws: InputError(file: "accounts.csv", column: "billed_12m", value: "-1.0",
                                   message: "negative weight for account \(table.ids[3])")) {
            try Self.run(table, options)
        }
        options.weightColumn = "missing"
        #expect(throws: InputError(file: "accounts.csv", column: "missing", message: "\(Parameter.weightColumn) names no numeric column")) {
            try Self.run(PipelineFixtures.accounts(perGroup: 5), options)
        }
    }

    @Test func pcaComponentsAreBounded() throws {
        var options = Self.options()
        options.pcaComponents = 2
        let run = try Self.run(PipelineFixtures.accounts(), options)
        #expect(run.model.pca?.components.rows == 2)
        #expect(run.model.centroids.columns == 2)
        options.pcaComponents = 99
        #expect(throws: InputError.self) { try Self.run(PipelineFixtures.accounts(), options) }
    }

    @Test func autoKSearchesAndRecordsTheVote() throws {
        var options = Self.options(k: .auto([2, 3, 4, 5]))
        options.restarts = 3
        let run = try Self.run(PipelineFixtures.accounts(), options)
        #expect(run.search?.recommendedK == 3)
        #expect(run.model.kmeans.kChoice == "auto")
        #expect(run.model.segmentCount == 3)
    }

    @Test func reportSampleIsSeededSortedAndWithoutRepeats() {
        let a = ReportSample(rows: 10_000, size: 500, seed: 3)
        #expect(a.isSampled && a.rows.count == 500)
        #expect(a.rows == a.rows.sorted() && Set(a.rows).count == 500)
        #expect(a.rows == ReportSample(rows: 10_000, size: 500, seed: 3).rows)
        #expect(a.rows != ReportSample(rows: 10_000, size: 500, seed: 4).rows)
        #expect(ReportSample(rows: 40, size: 500, seed: 3).rows == Array(0..<40))
    }
}
