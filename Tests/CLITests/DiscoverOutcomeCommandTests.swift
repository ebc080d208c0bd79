import Foundation
import TestSupport
import Testing

/// `ar-segment discover --ledger ... --horizon H` run as a user runs it, on the seeded
/// 240-customer ledger (as of 2025-06-30) discovered at 2025-03-31, so the window's future is there.
@Suite(.tags(.cli)) struct DiscoverOutcomeCommandTests {
    typealias CLI = SegmentCLI

    /// This test's files (every test gets its own; removed when it ends).
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory() }
    static let asOf = "2025-03-31"
    static let search = ["--k-range", "2...4", "--references", "0", "--bootstrap", "0", "--n-init", "2"]

    func discover(_ out: String, _ extra: [String]) throws -> CLI.Result {
        let data = try CLI.data()
        return try BinaryRunner.run(["discover", "--ledger", data.ledger, "--as-of", Self.asOf, "-o", out] + Self.search + extra)
    }

    @Test func reportsEtaSquaredPerKBesideTheVote() throws {
        let dir = try scratch.directory("discover-horizon")
        let result = try discover(dir + "/a", ["--horizon", "30"])
        CLI.expectSuccess(result)
        #expect(CLI.files(in: dir + "/a") == ["discover.html", "discover.json", "discover.md"])
        let json = try CLI.json(dir + "/a/discover.json")
        let outcomes = try #require(json["outcomes"] as? [String: Any])
        #expect(outcomes["horizon"] as? Int == 30 && outcomes["asOf"] as? String == Self.asOf
                && outcomes["windowEnd"] as? String == "2025-04-30")
        #expect((outcomes["overdueAccounts"] as? Int ?? 0) > 0)
        let candidates = json["candidates"] as! [[String: Any]]
        let eta = candidates.map { $0["collectedShareEtaSquared"] as? Double }
        #expect(eta.count == 3 && eta.allSatisfy { $0.map { (0...1).contains($0) } == true })
        #expect((json["votes"] as! [[String: Any]]).count == 5, "eta squared does not vote")
        #expect(result.stdout.contains("eta squared of the 30-day collected share (does not vote): k=2 "))
        let html = try String(contentsOfFile: dir + "/a/discover.html", encoding: .utf8)
        #expect(html.contains("Outcome η² (30 days)") && html.contains("outcome evidence") && !html.contains("<script"))
        let md = try String(contentsOfFile: dir + "/a/discover.md", encoding: .utf8)
        #expect(md.contains("Outcome η² (30 days) |"))

        // The same bytes twice.
        CLI.expectSuccess(try discover(dir + "/b", ["--horizon", "30"]))
        for name in CLI.files(in: dir + "/a") {
            #expect(CLI.read(dir + "/a/" + name) == CLI.read(dir + "/b/" + name), "\(name) differs")
        }
    }

    /// One definition: the eta squared of k = 3 is the one recomputed from the backtest's
    /// outcomes.csv for the same fit (`backtest --k 3` segments exactly as discover's k = 3 fit).
    @Test func agreesWithTheBacktestsOutcomes() throws {
        let data = try CLI.data()
        let dir = try scratch.directory("discover-backtest")
        CLI.expectSuccess(try discover(dir + "/discover", ["--horizon", "30"]))
        CLI.expectSuccess(try BinaryRunner.run(["backtest", "--ledger", data.ledger, "--as-of", Self.asOf, "--horizon", "30",
                                       "--k", "3", "--n-init", "2", "-o", dir + "/backtest"]))
        let lines = try String(contentsOfFile: dir + "/backtest/outcomes.csv", encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        // account_id,segment,strategy,overdue_at_as_of,collected,...
        let rows = lines.map { (segment: Int($0[1])!, overdue: Double($0[3])!, collected: Double($0[4])!) }
        let weight = rows.reduce(0) { $0 + $1.overdue }, mean = rows.reduce(0) { $0 + $1.collected } / weight
        let total = rows.reduce(0) { $0 + $1.overdue * pow($1.collected / $1.overdue - mean, 2) }
        let between = Dictionary(grouping: rows, by: \.segment).values.reduce(0.0) { sum, group in
            let w = group.reduce(0) { $0 + $1.overdue }, c = group.reduce(0) { $0 + $1.collected }
            return sum + w * pow(c / w - mean, 2)
        }
        let candidates = try CLI.json(dir + "/discover/discover.json")["candidates"] as! [[String: Any]]
        let k3 = try #require(candidates.first { $0["k"] as? Int == 3 }?["collectedShareEtaSquared"] as? Double)
        #expect(abs(k3 - between / total) < 1e-9, "discover \(k3), from outcomes.csv \(between / total)")
        let outcomes = try CLI.json(dir + "/discover/discover.json")["outcomes"] as! [String: Any]
        #expect(outcomes["overdueAccounts"] as? Int == rows.count)
    }

    @Test func withoutAHorizonThereIsNoOutcome() throws {
        let dir = try scratch.directory("discover-ledger")
        CLI.expectSuccess(try discover(dir + "/a", []))
        let json = String(decoding: CLI.read(dir + "/a/discover.json") ?? [], as: UTF8.self)
        #expect(json.contains("\"asOf\" : \"2025-03-31\"") && !json.contains("outcomes") && !json.contains("EtaSquared"))
        #expect(!(try String(contentsOfFile: dir + "/a/discover.html", encoding: .utf8)).contains("η²"))
    }

    @Test func horizonNeedsALedgerAndADay() throws {
        let data = try CLI.data()
        let out = try scratch.directory("discover-bad-horizon")
        CLI.expectUsageError(try BinaryRunner.run(["discover", data.accounts, "--horizon", "30", "-o", out]), "--horizon needs --ledger")
        CLI.expectUsageError(try discover(out, ["--horizon", "0"]), "--horizon needs --ledger and a number of days of at least 1")
    }
}
