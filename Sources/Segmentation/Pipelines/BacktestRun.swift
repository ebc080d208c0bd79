import Receivables
import Tabular

/// A finished backtest, ready to be written.
public struct BacktestRun: Sendable {
    public var report: BacktestReport
    /// Per horizon: the accounts overdue at T and what happened to them, and the segments at T.
    var outcomes: [(horizon: Int, accounts: [AccountOutcome], origin: BacktestPipeline.OriginSegments)]
    /// The segments at T as `segment` writes them (`nil` when they came from `--assignments`).
    public var assignmentsCSV: String?

    /// Columns of `outcomes.csv`, in order (one row per account overdue at T, sorted by id):
    /// the account, its segment and strategy at T, the amount overdue at T, the part of it
    /// collected by T+H, `cured` (yes/no: every invoice overdue at T settled by T+H),
    /// `days_to_pay` (days from T to the settlement of the last of them; empty when not cured),
    /// `bucket_at_as_of` (bucket of its oldest overdue invoice) and `state_at_horizon`
    /// (`settled`, or that invoice's bucket at T+H).
    public static let outcomeColumns = ["account_id", "segment", "strategy", "overdue_at_as_of", "collected", "cured",
                                        "days_to_pay", "bucket_at_as_of", "state_at_horizon"]

    /// `outcomes.csv` for the first horizon and `outcomes-H.csv` for each further one.
    public func outcomeFiles() -> [OutputFile] {
        outcomes.enumerated().map { index, entry in
            var writer = CSVWriter(header: Self.outcomeColumns)
            for a in entry.accounts {
                let segment = a.group.map { entry.origin.segments[$0 / entry.origin.testGroupCount] }
                writer.append([.text(a.accountId), segment.map { .integer($0.segment) } ?? .empty,
                               segment.map { .text($0.strategy) } ?? .empty, .number(a.overdueAtAsOf), .number(a.collected),
                               .text(a.cured ? "yes" : "no"), a.daysToPay.map(CSVCell.integer) ?? .empty,
                               .text(a.bucketAtAsOf.label), .text(a.stateAtHorizon)])
            }
            return OutputFile(name: index == 0 ? "outcomes.csv" : "outcomes-\(entry.horizon).csv", text: writer.text)
        }
    }

    /// The data files: the outcome files and `assignments.csv` (the rendered reports are Reporting's).
    public func dataFiles() -> [OutputFile] {
        outcomeFiles() + (assignmentsCSV.map { [OutputFile(name: "assignments.csv", text: $0)] } ?? [])
    }
}
