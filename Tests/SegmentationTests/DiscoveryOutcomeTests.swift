import Foundation
import Receivables
import Tabular
import Testing
import TestSupport
@testable import Segmentation

/// `discover --horizon` as a library call on a hand-built ledger whose segments and eta squared
/// can be worked out by hand.
@Suite struct DiscoveryOutcomeTests {
    /// T = 2025-03-31, H = 30 (window (T, 2025-04-30]). Clustered on `avg_days_late` alone, which
    /// the paid history sets to 0 (A1 A2 D1), 30 (B1 B2) or 90 days (C1 C2): k = 3 finds those
    /// three groups and k = 2 puts the 0s and 30s together (within-SS 1080 against 3600 for the
    /// other split). Overdue at T, with what was collected by T+30:
    ///
    ///     account  overdue  collected  share  group(k=3)  group(k=2)
    ///     A1         100       100      1       X           XY
    ///     A2         300       300      1       X           XY
    ///     B1         200         0      0       Y           XY
    ///     B2         200       200      1       Y           XY     (paid on T+30: inside)
    ///     C1         100         0      0       Z           Z      (paid on T+31: outside)
    ///     C2         100        50      0.5     Z           Z      (two invoices of 50, one paid)
    ///     D1: nothing overdue (a current invoice only): not counted.
    ///
    /// Weighted by the overdue amount: W = 1000, mean = 650 / 1000 = 0.65, SS_total = sum w y^2 -
    /// W mean^2 = 625 - 422.5 = 202.5.
    /// k = 3: means X 1, Y 0.5, Z 0.25: SS_between = 400(.35)^2 + 400(.15)^2 + 200(.4)^2 = 49 + 9 + 32 = 90,
    ///        eta^2 = 90 / 202.5 = 4/9.
    /// k = 2: means XY 600/800 = 0.75, Z 0.25: SS_between = 800(.1)^2 + 200(.4)^2 = 8 + 32 = 40,
    ///        eta^2 = 40 / 202.5 = 16/81.
    static let ledger = """
        account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed
        A1,a1h,2024-11-01,2024-12-01,80,2024-12-01,no
        A1,a1o,2025-02-01,2025-03-01,100,2025-04-10,no
        A2,a2h,2024-11-01,2024-12-01,80,2024-12-01,no
        A2,a2o,2025-02-01,2025-03-01,300,2025-04-20,no
        D1,d1h,2024-11-01,2024-12-01,80,2024-12-01,no
        D1,d1c,2025-03-20,2025-04-19,50,2025-04-25,no
        B1,b1h,2024-11-01,2024-12-01,80,2024-12-31,no
        B1,b1o,2025-02-01,2025-03-01,200,,no
        B2,b2h,2024-11-01,2024-12-01,80,2024-12-31,no
        B2,b2o,2025-02-01,2025-03-01,200,2025-04-30,no
        C1,c1h,2024-09-01,2024-10-01,80,2024-12-30,no
        C1,c1o,2025-02-01,2025-03-01,100,2025-05-01,no
        C2,c2h,2024-09-01,2024-10-01,80,2024-12-30,no
        C2,c2o,2025-02-01,2025-03-01,50,2025-04-05,no
        C2,c2p,2025-02-10,2025-03-10,50,,no

        """

    static func discover(horizon: Int?) throws -> DiscoveryReport {
        let dir = try ScratchDirectory(prefix: "discover-outcomes")
        let path = dir.url.appendingPathComponent("ledger.csv").path
        try ledger.write(toFile: path, atomically: true, encoding: .utf8)
        let features = FeatureOptions(asOf: CalendarDay(year: 2025, month: 3, day: 31)!)
        let (table, _) = try features.features(ledgerPath: path)
        var options = DiscoveryOptions(clusterCounts: [2, 3], seed: 7, toolVersion: "test")
        options.features = ["avg_days_late"]
        options.restarts = 4
        options.gapReferenceSets = 0
        options.bootstrapReplicates = 0
        options.horizon = horizon
        options.ledger = LedgerSource(path: path, features: features)
        let report = try DiscoveryPipeline.run(table, accountsPath: path, options: options).report
        _ = dir
        return report
    }

    @Test func etaSquaredOfTheCollectedShareByHand() throws {
        let report = try Self.discover(horizon: 30)
        #expect(report.accountCount == 7)
        let outcomes = try #require(report.outcomes)
        #expect(outcomes == DiscoveryOutcomes(asOf: "2025-03-31", horizon: 30, windowEnd: "2025-04-30", overdueAccounts: 6,
                                              overdueAmount: 1000, collectedShare: 0.65))
        let eta = report.candidates.map { $0.collectedShareEtaSquared }
        #expect(eta.count == 2)
        #expect(abs(eta[0]! - 16.0 / 81) < 1e-12, "k = 2")
        #expect(abs(eta[1]! - 4.0 / 9) < 1e-12, "k = 3")
        // It does not vote: the ballots are the five indices' only.
        #expect(report.votes.allSatisfy { !$0.index.contains("η") } && report.votes.count == 5)
        // The window ends before the ledger's last date (2025-05-01): nothing is unknown.
        #expect(!report.notes.contains { $0.contains("nothing is known") })
    }

    @Test func withoutAHorizonTheReportHasNoOutcomes() throws {
        let report = try Self.discover(horizon: nil)
        #expect(report.outcomes == nil && report.candidates.allSatisfy { $0.collectedShareEtaSquared == nil })
        let json = String(decoding: try DeterministicJSON.data(report), as: UTF8.self)
        #expect(!json.contains("outcomes") && !json.contains("EtaSquared"))
        // Outcomes add to the report, never change the indices or the vote.
        var with = try Self.discover(horizon: 30)
        with.outcomes = nil
        for i in with.candidates.indices { with.candidates[i].collectedShareEtaSquared = nil }
        #expect(with == report)
    }

    @Test func aWindowPastTheLedgerSaysSo() throws {
        let report = try Self.discover(horizon: 60)
        #expect(report.notes.contains { $0.contains("the ledger's last date is 2025-05-01") })
    }
}
