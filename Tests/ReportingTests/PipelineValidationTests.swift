import Foundation
import NumericCore
import Receivables
import Tabular
import Testing
import TestSupport
@testable import Reporting
@testable import Segmentation

/// `validate` and `discover` as library calls.
@Suite struct PipelineValidationTests {
    static func model(k: Int, table: AccountTable = PipelineFixtures.accounts()) throws -> SegmentationModel {
        var options = SegmentationOptions(segmentCount: .fixed(k), seed: 42, toolVersion: "test")
        options.restarts = 4
        return try SegmentationPipeline.run(table, accountsPath: "accounts.csv", options: options).model
    }

    static func options() -> ValidationOptions {
        var options = ValidationOptions(seed: 7, toolVersion: "test")
        options.bootstrapReplicates = 10
        options.seedRuns = 3
        return options
    }

    @Test func plantedGroupsAreStableAcrossResamplesAndSeeds() throws {
        let model = try Self.model(k: 3)
        let run = try ValidationPipeline.run(model: model, modelPath: "model.json", table: PipelineFixtures.accounts(),
                                             accountsPath: "accounts.csv", options: Self.options())
        #expect(run.report.segments.count == 3)
        #expect(run.report.segments.allSatisfy { $0.meanJaccard > 0.9 && $0.verdict == .stable && $0.dissolvedCount == 0 })
        #expect(run.report.seedAgreement?.adjustedRandIndices.allSatisfy { $0 > 0.95 } == true)
        #expect(run.report.migration == nil && run.moves == nil)
        #expect(try run.outputFiles().map(\.name) == ["validation.html", "validation.md", "validation.json"])
        let again = try ValidationPipeline.run(model: model, modelPath: "model.json", table: PipelineFixtures.accounts(),
                                               accountsPath: "accounts.csv", options: Self.options())
        #expect(again.report == run.report)
    }

    @Test func migrationBetweenModelsCountsEveryAccountOnce() throws {
        let table = PipelineFixtures.accounts()
        var options = Self.options()
        options.previousModel = (try Self.model(k: 2), "older.json")
        let run = try ValidationPipeline.run(model: try Self.model(k: 3), modelPath: "model.json", table: table,
                                             accountsPath: "accounts.csv", options: options)
        let migration = try #require(run.report.migration)
        #expect(migration.counts.count == 2 && migration.counts.allSatisfy { $0.count == 3 })
        #expect(migration.counts.flatMap { $0 }.reduce(0, +) == table.rowCount)
        #expect(migration.fromLabel == "previous model older.json")
        #expect(run.moves?.count == table.rowCount)
        let csv = String(decoding: try run.outputFiles().last!.bytes, as: UTF8.self)
        #expect(csv.hasPrefix("account_id,from_segment,from_strategy,to_segment,to_strategy,strategy_changed\n"))
    }

    @Test func migrationBetweenPeriodsMatchesAccountsById() throws {
        let now = PipelineFixtures.accounts(perGroup: 10, seed: 1)
        // An earlier period: the same first 24 customers (other values), and 6 who have gone since.
        let earlierSame = PipelineFixtures.accounts(perGroup: 8, seed: 2)
        let gone = PipelineFixtures.accounts(perGroup: 2, seed: 3, idPrefix: "Z")
        let earlier = AccountTable(ids: earlierSame.ids + gone.ids, numericNames: now.numericNames,
                                   values: Matrix((earlierSame.values.rowArrays + gone.values.rowArrays)))
        var options = Self.options()
        options.previousAccounts = (earlier, "march.csv")
        let model = try Self.model(k: 3, table: now)
        let run = try ValidationPipeline.run(model: model, modelPath: "model.json", table: now,
                                             accountsPath: "june.csv", options: options)
        let migration = try #require(run.report.migration)
        #expect(migration.counts.flatMap { $0 }.reduce(0, +) == 24)
        #expect(run.report.notes.contains("migration covers the 24 accounts present in both: 6 are new, 6 are gone"))
        // The planted group of each customer does not change, so neither does the segment.
        for i in 0..<3 { for j in 0..<3 where i != j { #expect(migration.counts[i][j] == 0) } }
    }

    @Test func previousModelNeedingOtherFeaturesIsRefused() throws {
        let table = PipelineFixtures.accounts()
        var older = try Self.model(k: 2)
        older.features[0].name = "credit_score"
        var options = Self.options()
        options.previousModel = (older, "older.json")
        #expect(throws: ModelError.missingFeatures(modelPath: "older.json", accountsPath: "accounts.csv",
                                                   missing: ["credit_score"])) {
            try ValidationPipeline.run(model: try Self.model(k: 3), modelPath: "model.json", table: table,
                                       accountsPath: "accounts.csv", options: options)
        }
    }

    @Test func discoveryReportMirrorsTheSearch() throws {
        var options = DiscoveryOptions(clusterCounts: [2, 3, 4, 5], seed: 42, toolVersion: "test")
        options.restarts = 3
        options.gapReferenceSets = 4
        options.bootstrapReplicates = 4
        let (search, report) = try DiscoveryPipeline.run(PipelineFixtures.accounts(), accountsPath: "accounts.csv",
                                                         options: options)
        #expect(report.recommendedK == search.recommendedK)
        #expect(report.recommendedK == 3)
        #expect(report.candidates.map(\.k) == [2, 3, 4, 5])
        #expect(zip(report.candidates, search.candidates).allSatisfy {
            $0.inertia == $1.inertia && $0.silhouette == $1.silhouette && $0.gap == $1.gap && $0.stability == $1.stability
        })
        #expect(report.votes.map(\.k) == search.vote.ballots.map(\.k))
        #expect(report.reasons == [search.vote.reason])
        #expect(try ReportFiles.discovery(report).map(\.name) == ["discover.html", "discover.md", "discover.json"])
    }

    @Test func discoveryRejectsARangeBeyondTheAccounts() {
        let options = DiscoveryOptions(clusterCounts: [2, 3, 400], seed: 1, toolVersion: "test")
        #expect(throws: InputError(file: "accounts.csv",
                                   message: "the largest k (400) must be smaller than the number of accounts (90)")) {
            try DiscoveryPipeline.run(PipelineFixtures.accounts(), accountsPath: "accounts.csv", options: options)
        }
    }
}
