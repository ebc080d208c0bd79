import Segmentation
import Receivables

/// The README's strategy table, generated from the book's policies so prose and plan cannot
/// disagree (`README.md` between the `strategy table` markers; a test keeps them equal).
public enum StrategyTable {
    public static func markdown(_ book: StrategyBook) -> String {
        var lines = ["| id | strategy | treatment: policy levels (days from the due date, channel: action) | min interval | needs a call |",
                     "|---|---|---|---:|---|"]
        var strategies = book.strategies
        if !strategies.contains(where: { $0.id == Strategy.reviewManuallyId }) { strategies.append(.reviewManually) }
        for s in strategies {
            let interval = s.policy.map { "\($0.minIntervalDays) days" } ?? ""
            let cadence = s.cadenceText.replacingOccurrences(of: "|", with: "\\|")
            lines.append("| `\(s.id)` | \(s.name) | \(cadence) | \(interval) | \(s.treatment.needsCall ? "yes" : "no") |")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
