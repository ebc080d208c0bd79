import Foundation
import TestSupport
import Testing

/// `ar-segment discover` and `ar-segment validate`, run as a user runs them.
@Suite(.tags(.cli)) struct SegmentDiscoverValidateTests {
    typealias CLI = SegmentCLI

    /// This test's files (every test gets its own; removed when it ends).
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory() }

    @Test func discoverRecommendsAKWithReasons() throws {
        let data = try CLI.data()
        let out = try scratch.directory("discover") + "/discover"
        let result = try BinaryRunner.run(["discover", data.accounts, "--k-range", "2...5", "--references", "3",
                                           "--bootstrap", "3", "--n-init", "2", "-o", out])
        CLI.expectSuccess(result)
        #expect(CLI.files(in: out) == ["discover.html", "discover.json", "discover.md"])
        let report = try CLI.json(out + "/discover.json")
        let k = report["recommendedK"] as! Int
        #expect((2...5).contains(k))
        let candidates = report["candidates"] as! [[String: Any]]
        #expect(candidates.map { $0["k"] as! Int } == [2, 3, 4, 5])
        #expect(candidates.allSatisfy { $0["gap"] != nil && $0["stability"] != nil && $0["silhouette"] != nil })
        let votes = report["votes"] as! [[String: Any]]
        #expect(votes.count == 5)
        #expect(result.stdout.hasPrefix("recommended k = \(k): k=\(k):"))
        #expect(result.stdout.hasSuffix(out + "/discover.html\n"))
        // Seeded: the same run gives the same bytes.
        let again = out + "-again"
        CLI.expectSuccess(try BinaryRunner.run(["discover", data.accounts, "--k-range", "2...5", "--references", "3",
                                                "--bootstrap", "3", "--n-init", "2", "-o", again]))
        for name in ["discover.json", "discover.md", "discover.html"] {
            #expect(CLI.read(out + "/" + name) == CLI.read(again + "/" + name), "\(name) differs")
        }
    }

    @Test func discoverRejectsARangeStartingAtOne() throws {
        let data = try CLI.data()
        let result = try BinaryRunner.run(["discover", data.accounts, "--k-range", "1...4", "-o", try scratch.directory("d1")])
        CLI.expectUsageError(result, "--k-range must start at 2")
    }

    @Test func validateMeasuresStabilityAndMigration() throws {
        let data = try CLI.data()
        let dir = try scratch.directory("validate")
        CLI.expectSuccess(try BinaryRunner.run(["segment", data.accounts, "--k", "4", "--n-init", "3", "-o", dir + "/run"]))
        CLI.expectSuccess(try BinaryRunner.run(["segment", data.accounts, "--k", "3", "--n-init", "3", "-o", dir + "/older"]))
        let result = try BinaryRunner.run(["validate", data.accounts, "--model", dir + "/run/model.json", "--bootstrap", "5",
                                           "--seeds", "3", "--previous", dir + "/older/model.json", "-o", dir + "/validate"])
        CLI.expectSuccess(result)
        #expect(CLI.files(in: dir + "/validate") == ["migration.csv", "validation.html", "validation.json", "validation.md"])
        let report = try CLI.json(dir + "/validate/validation.json")
        let segments = report["segments"] as! [[String: Any]]
        #expect(segments.count == 4)
        #expect(segments.allSatisfy { (0...1).contains($0["meanJaccard"] as! Double) })
        let seeds = report["seedAgreement"] as! [String: Any]
        #expect((seeds["adjustedRandIndices"] as! [Double]).count == 3)
        let migration = report["migration"] as! [String: Any]
        let counts = migration["counts"] as! [[Int]]
        #expect(counts.count == 3 && counts.allSatisfy { $0.count == 4 })
        #expect(counts.flatMap { $0 }.reduce(0, +) == 240)
        let moves = String(decoding: CLI.read(dir + "/validate/migration.csv")!, as: UTF8.self).split(separator: "\n")
        #expect(moves.first == "account_id,from_segment,from_strategy,to_segment,to_strategy,strategy_changed")
        #expect(moves.count == 241)
        #expect(result.stdout.contains("adjusted Rand index across 3 seeds"))
    }

    @Test func validateAgainstItselfMigratesNobody() throws {
        let data = try CLI.data()
        let dir = try scratch.directory("validate-self")
        CLI.expectSuccess(try BinaryRunner.run(["segment", data.accounts, "--k", "3", "--n-init", "2", "-o", dir + "/run"]))
        let result = try BinaryRunner.run(["validate", data.accounts, "--model", dir + "/run/model.json", "--bootstrap", "3",
                                           "--seeds", "2", "--previous-accounts", data.accounts, "-o", dir + "/validate"])
        CLI.expectSuccess(result)
        let counts = (try CLI.json(dir + "/validate/validation.json")["migration"] as! [String: Any])["counts"] as! [[Int]]
        for i in counts.indices {
            for j in counts[i].indices where i != j { #expect(counts[i][j] == 0) }
        }
        let moves = String(decoding: CLI.read(dir + "/validate/migration.csv")!, as: UTF8.self)
        #expect(!moves.contains(",yes\n"))
    }
}
