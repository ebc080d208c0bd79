import Foundation
import TestSupport
import Testing

/// `ar-segment backtest` run as a user runs it, on the seeded 240-customer ledger (as of 2025-06-30),
/// backtested at 2025-03-31 so the windows' future is in the ledger.
@Suite(.tags(.cli)) struct BacktestCommandTests {
    /// This test's files (every test gets its own; removed when it ends).
    let scratch: ScratchDirectory

    init() throws { scratch = try ScratchDirectory() }

    static let asOf = "2025-03-31"
    static let fit = ["--k", "4", "--n-init", "2"]

    func backtest(_ ledger: String, _ out: String, _ extra: [String] = []) throws -> SegmentCLI.Result {
        try BinaryRunner.run(["backtest", "--ledger", ledger, "--as-of", Self.asOf, "--horizon", "30,60", "-o", out]
                             + (extra.isEmpty ? Self.fit : extra))
    }

    /// The ledger as it stood at T: invoices dated after T deleted, settlements after T blanked.
    static func truncated(_ ledger: String, to path: String) throws {
        let lines = try String(contentsOfFile: ledger, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let invoiceDate = header.firstIndex(of: "invoice_date")!, paidDate = header.firstIndex(of: "paid_date")!
        var out = [String(lines[0])]
        for line in lines.dropFirst() where !line.isEmpty {
            var cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            precondition(cells.count == header.count, "the generated ledger has no quoted commas")
            guard cells[invoiceDate] <= asOf else { continue }  // ISO dates compare as text
            if cells[paidDate] > asOf { cells[paidDate] = "" }
            out.append(cells.joined(separator: ","))
        }
        try (out.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test func segmentsAndFeaturesAtTIgnoreEverythingAfterIt() throws {
        let data = try SegmentCLI.data()
        let dir = try scratch.directory("backtest-lookahead")
        let past = dir + "/past.csv"
        try Self.truncated(data.ledger, to: past)
        #expect(SegmentCLI.read(past) != SegmentCLI.read(data.ledger), "the test must remove something")
        SegmentCLI.expectSuccess(try backtest(data.ledger, dir + "/full"))
        SegmentCLI.expectSuccess(try backtest(past, dir + "/past"))
        let full = SegmentCLI.read(dir + "/full/assignments.csv")
        #expect(full != nil && full == SegmentCLI.read(dir + "/past/assignments.csv"))
        for (ledger, name) in [(data.ledger, "full"), (past, "past")] {
            SegmentCLI.expectSuccess(try BinaryRunner.run(["features", ledger, "--as-of", Self.asOf, "-o", "\(dir)/\(name)-features.csv"]))
        }
        #expect(SegmentCLI.read(dir + "/full-features.csv") == SegmentCLI.read(dir + "/past-features.csv"))
        // Exactly the segments `segment --ledger LEDGER --as-of T` forms.
        SegmentCLI.expectSuccess(try BinaryRunner.run(["segment", "--ledger", data.ledger, "--as-of", Self.asOf, "-o", dir + "/segment"] + Self.fit))
        #expect(full == SegmentCLI.read(dir + "/segment/assignments.csv"))
        // The outcomes do see the future: the truncated ledger collects nothing.
        let pastOutcomes = try String(contentsOfFile: dir + "/past/outcomes.csv", encoding: .utf8)
        #expect(!pastOutcomes.contains(",yes,"))
        let fullOutcomes = try String(contentsOfFile: dir + "/full/outcomes.csv", encoding: .utf8)
        #expect(fullOutcomes.contains(",yes,"))
    }

    @Test func writesEveryFileWithTheIssuesColumnsAndTheSameBytesTwice() throws {
        let data = try SegmentCLI.data()
        let dir = try scratch.directory("backtest-files")
        let result = try backtest(data.ledger, dir + "/a")
        SegmentCLI.expectSuccess(result)
        #expect(result.stdout.hasSuffix("backtest.html\n"))
        #expect(SegmentCLI.files(in: dir + "/a") == ["assignments.csv", "backtest.html", "backtest.json", "backtest.md",
                                                     "outcomes-60.csv", "outcomes.csv"])
        let outcomes = try String(contentsOfFile: dir + "/a/outcomes.csv", encoding: .utf8)
        #expect(outcomes.hasPrefix("account_id,segment,strategy,overdue_at_as_of,collected,cured,days_to_pay,bucket_at_as_of,state_at_horizon\n"))
        let json = try SegmentCLI.json(dir + "/a/backtest.json")
        #expect((json["windows"] as? [Any])?.count == 2 && json["asOf"] as? String == Self.asOf)
        #expect(json["currencyCode"] as? String == "USD", "a ledger without currencies reports in USD, as segment does")
        let html = try String(contentsOfFile: dir + "/a/backtest.html", encoding: .utf8)
        #expect(html.contains("Cure curves") && html.contains("observational, not causal") && !html.contains("<script"))
        SegmentCLI.expectSuccess(try backtest(data.ledger, dir + "/b"))
        for file in SegmentCLI.files(in: dir + "/a") {
            #expect(SegmentCLI.read("\(dir)/a/\(file)") == SegmentCLI.read("\(dir)/b/\(file)"), "\(file) differs between runs")
        }
    }

    @Test func amountsAreNamedInTheReportingCurrency() throws {
        // A generated SAP FBL5N-style ledger billed in EUR and USD, EUR the reporting currency
        // (the first listed, rate 1), read with the preset, its payments and its rates.
        let dir = try scratch.directory("backtest-erp")
        SegmentCLI.expectSuccess(try BinaryRunner.run(["generate", "--customers", "80", "--seed", "5", "--as-of", "2025-06-30",
                                                       "--layout", "sap-fbl5n", "--partial-payments", "--currencies", "EUR,USD",
                                                       "-o", dir + "/ledger.csv", "--truth", dir + "/truth.csv"]))
        let result = try BinaryRunner.run(["backtest", "--ledger", dir + "/ledger.csv", "--as-of", Self.asOf, "--horizon", "30",
                                           "--source", "sap-fbl5n", "--payments", dir + "/payments.csv",
                                           "--rates", dir + "/rates.csv", "-o", dir + "/run"] + Self.fit)
        SegmentCLI.expectSuccess(result)
        #expect(try SegmentCLI.json(dir + "/run/backtest.json")["currencyCode"] as? String == "EUR")
        let html = try String(contentsOfFile: dir + "/run/backtest.html", encoding: .utf8)
        #expect(html.contains("Amounts on this page are in EUR."))
        #expect(html.contains("How they were formed: fitted at each origin from the features at that date"))
        #expect(try String(contentsOfFile: dir + "/run/backtest.md", encoding: .utf8).contains("Amounts are in EUR."))
    }

    @Test func aSavedModelAppliedAtTGivesTheFittedSegments() throws {
        let data = try SegmentCLI.data()
        let dir = try scratch.directory("backtest-model")
        SegmentCLI.expectSuccess(try BinaryRunner.run(["segment", "--ledger", data.ledger, "--as-of", Self.asOf, "-o", dir + "/seg"] + Self.fit))
        SegmentCLI.expectSuccess(try backtest(data.ledger, dir + "/bt", ["--model", dir + "/seg/model.json"]))
        #expect(SegmentCLI.read(dir + "/bt/assignments.csv") == SegmentCLI.read(dir + "/seg/assignments.csv"))
        SegmentCLI.expectSuccess(try backtest(data.ledger, dir + "/origins",
                                              ["--model", dir + "/seg/model.json", "--origins", "3", "--step", "1m"]))
        let origins = try SegmentCLI.json(dir + "/origins/backtest.json")["origins"] as? [[String: Any]]
        #expect(origins?.map { $0["asOf"] as? String } == ["2025-03-31", "2025-02-28", "2025-01-31"])
        #expect(origins?[0]["psi"] is Double && origins?[0]["mixBy"] as? String == "segment" && origins?[2]["psi"] == nil)
    }

    @Test func holdoutGroupsFlowFromSegmentIntoBacktest() throws {
        let data = try SegmentCLI.data()
        let dir = try scratch.directory("backtest-holdout")
        let args = ["segment", "--ledger", data.ledger, "--as-of", Self.asOf, "--holdout-share", "0.25", "--holdout-salt", "q2"] + Self.fit
        SegmentCLI.expectSuccess(try BinaryRunner.run(args + ["-o", dir + "/a"]))
        SegmentCLI.expectSuccess(try BinaryRunner.run(args + ["-o", dir + "/b"]))
        for file in ["assignments.csv", "worklist.csv"] {
            let text = try String(contentsOfFile: "\(dir)/a/\(file)", encoding: .utf8)
            #expect(text.split(separator: "\n")[0].hasSuffix(",test_group"), "\(file)")
            #expect(text.contains(",control\n") && text.contains(",treatment\n"), "\(file)")
            #expect(SegmentCLI.read("\(dir)/a/\(file)") == SegmentCLI.read("\(dir)/b/\(file)"))
        }
        SegmentCLI.expectSuccess(try backtest(data.ledger, dir + "/bt", ["--assignments", dir + "/a/assignments.csv"]))
        let json = try SegmentCLI.json(dir + "/bt/backtest.json")
        #expect(json["hasTestGroups"] as? Bool == true)
        let groups = ((json["windows"] as? [[String: Any]])?.first?["testGroups"] as? [[String: Any]]) ?? []
        #expect(Set(groups.compactMap { $0["testGroup"] as? String }) == ["control", "treatment"])
        #expect(!SegmentCLI.files(in: dir + "/bt").contains("assignments.csv"))
    }

    @Test func badOptionsAndFilesAreRefused() throws {
        let data = try SegmentCLI.data()
        let dir = try scratch.directory("backtest-bad")
        SegmentCLI.expectUsageError(try backtest(data.ledger, dir + "/x", ["--horizon", "0"]), "horizon")
        SegmentCLI.expectUsageError(try BinaryRunner.run(["backtest", "--ledger", data.ledger, "--as-of", Self.asOf,
                                                          "--horizon", "30,30", "-o", dir + "/x"]), "horizon")
        SegmentCLI.expectUsageError(try BinaryRunner.run(["backtest", data.accounts, "--horizon", "30", "-o", dir + "/x"]), "--ledger")
        SegmentCLI.expectUsageError(try backtest(data.ledger, dir + "/x", ["--assignments", "a.csv", "--origins", "2"]), "--origins")
        SegmentCLI.expectUsageError(try BinaryRunner.run(["segment", data.accounts, "--holdout-share", "1.5", "--holdout-salt", "s",
                                                          "-o", dir + "/x"]), "--holdout-share")
        let bad = dir + "/assignments.csv"
        try "account_id,segment,strategy,test_group\nC1,0,self_cure,control\nC2,0,self_cure,maybe\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        SegmentCLI.expectOneLineError(try backtest(data.ledger, dir + "/x", ["--assignments", bad]),
                                      ["assignments.csv:3:test_group", "control or treatment", "(maybe)"])
        #expect(!FileManager.default.fileExists(atPath: dir + "/x"))
    }
}
