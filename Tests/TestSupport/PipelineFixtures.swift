import NumericCore
import Receivables

/// Seeded account tables with planted groups, for the pipeline tests.
public enum PipelineFixtures {
    /// Three kinds of customer, `perGroup` of each, interleaved: prompt payers (small overdue,
    /// few days late), chronic late payers (many days late), disputers (high dispute rate).
    /// Columns are ledger features, so the default features, strategies and worklist apply.
    public static func accounts(perGroup: Int = 30, seed: UInt64 = 1, idPrefix: String = "A") -> AccountTable {
        var rng = SplitMix64(seed: seed)
        func jitter(_ x: Double, _ relative: Double) -> Double { max(0, x * (1 + relative * rng.nextGaussian())) }
        let names = ["billed_12m", "avg_invoice_amount", "open_balance", "overdue_balance", "share_overdue_30_plus",
                     "avg_days_late", "pct_paid_late", "dispute_rate", "days_late_trend", "max_days_past_due",
                     "disputed_open_balance"]
        var ids = [String]()
        var rows = [[Double]]()
        for i in 0..<perGroup {
            for group in 0..<3 {
                ids.append(idPrefix + String(format3(i * 3 + group)))
                let billed = jitter([120_000, 60_000, 80_000][group], 0.3)
                let open = jitter(billed * [0.08, 0.3, 0.2][group], 0.2)
                let overdue = jitter(open * [0.1, 0.8, 0.5][group], 0.2)
                rows.append([billed, jitter(billed / 12, 0.1), open, overdue,
                             min(1, jitter([0.02, 0.6, 0.3][group], 0.3)),
                             jitter([2, 45, 12][group], 0.2), min(1, jitter([0.05, 0.85, 0.4][group], 0.2)),
                             min(1, jitter([0.01, 0.03, 0.35][group], 0.3)), [0, 6, 1][group] + rng.nextGaussian(),
                             jitter([5, 75, 40][group], 0.2), group == 2 ? overdue * 0.5 : 0])
            }
        }
        return AccountTable(ids: ids, numericNames: names, values: Matrix(rows))
    }

    private static func format3(_ n: Int) -> String {
        let s = String(n)
        return String(repeating: "0", count: max(0, 3 - s.count)) + s
    }
}
