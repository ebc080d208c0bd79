import Clustering
import Receivables
import Tabular

/// A finished segmentation, ready to be written: the model and everything derived from it.
public struct SegmentationRun: Sendable {
    public var model: SegmentationModel
    /// Account ids in table order.
    public var ids: [String]
    /// Segment and distance of each training account (the model's own assignment path).
    public var assignment: SegmentAssignment
    public var worklist: Worklist
    /// The k search, when `--k auto` ran one.
    public var search: KSearchResult?
    /// Each account's holdout group (table order), when the options asked for one.
    public var testGroups: [HoldoutDesign.Group]?

    /// The data files `segment` writes (model, assignments, profiles, worklist), ready so nothing
    /// is written unless every file could be produced; Reporting adds the rendered reports. The
    /// per-account files are rows written as they are rendered (`CSVRows`): at 10M accounts their
    /// cells and text would be the largest allocation of the run.
    public func dataFiles() throws -> [OutputFile] {
        let rows = dataRows()
        return [
            OutputFile(name: "model.json", bytes: try model.encodedJSON()),
            OutputFile(name: "assignments.csv", rows: rows.assignments),
            OutputFile(name: "profiles.csv", text: rows.profiles.csv),
            OutputFile(name: "worklist.csv", rows: rows.worklist),
        ]
    }

    /// The tables of `assignments.csv`, `profiles.csv` and `worklist.csv`, as typed cells
    /// (Reporting's .xlsx workbook shows the same values).
    public func dataTables() -> (assignments: CellTable, profiles: CellTable, worklist: CellTable) {
        let rows = dataRows()
        return (rows.assignments.table, rows.profiles.table, rows.worklist.table)
    }

    /// The rows of `assignments.csv`, `profiles.csv` and `worklist.csv`, made one at a time.
    func dataRows() -> (assignments: CSVRows, profiles: CSVRows, worklist: CSVRows) {
        (AssignmentTable.rows(ids: ids, assignment: assignment, model: model, worklist: worklist, testGroups: testGroups),
         ProfileTable.rows(model),
         worklist.rows(testGroupOf: testGroups.map { Dictionary(uniqueKeysWithValues: zip(ids, $0.map(\.rawValue))) }))
    }
}

/// `assignments.csv`: one row per account, in input order.
public enum AssignmentTable {
    /// Columns, in order: the account id; the segment number; the strategy id; the Euclidean
    /// distance to the segment's centroid in the clustering space; the worklist priority
    /// (empty for accounts with nothing overdue, which are not on the worklist); with a holdout,
    /// `test_group` (`control` or `treatment`).
    public static let columns = ["account_id", "segment", "strategy", "distance", "priority"]

    public static func csv(ids: [String], assignment: SegmentAssignment, model: SegmentationModel,
                           worklist: Worklist, testGroups: [HoldoutDesign.Group]? = nil) -> String {
        rows(ids: ids, assignment: assignment, model: model, worklist: worklist, testGroups: testGroups).csv
    }

    /// The rows of `csv`, as typed cells.
    public static func table(ids: [String], assignment: SegmentAssignment, model: SegmentationModel,
                             worklist: Worklist, testGroups: [HoldoutDesign.Group]? = nil) -> CellTable {
        rows(ids: ids, assignment: assignment, model: model, worklist: worklist, testGroups: testGroups).table
    }

    /// The rows of `csv`, made one at a time from the run's arrays (no per-row storage).
    public static func rows(ids: [String], assignment: SegmentAssignment, model: SegmentationModel,
                            worklist: Worklist, testGroups: [HoldoutDesign.Group]? = nil) -> CSVRows {
        let priority = Dictionary(uniqueKeysWithValues: worklist.entries.map { ($0.accountId, $0.priority) })
        let strategies = model.segments.map(\.strategy.strategy.id)
        let segments = assignment.segments, distances = assignment.distances
        return CSVRows(header: columns + (testGroups == nil ? [] : [Worklist.testGroupColumn]), count: ids.count) { i in
            let id = ids[i], segment = segments[i]
            return [.text(id), .integer(segment), .text(strategies[segment]),
                    .number(distances[i]), priority[id].map(CSVCell.number) ?? .empty]
                + (testGroups.map { [.text($0[i].rawValue)] } ?? [])
        }
    }
}

/// `profiles.csv`: the training profile of every segment, one row per segment and feature
/// (long format, so it reads straight into a pivot table or pandas).
public enum ProfileTable {
    /// Columns: segment, strategy id, accounts, share of accounts, feature, the segment's mean
    /// and median in business units, the overall mean and median, and the z-score of the segment
    /// mean ((segment mean - overall mean) / overall standard deviation, in raw units).
    public static let columns = ["segment", "strategy", "accounts", "share_of_accounts", "feature", "mean",
                                 "median", "overall_mean", "overall_median", "z_score"]

    public static func csv(_ model: SegmentationModel) -> String { table(model).csv }

    /// The rows of `csv`, as typed cells.
    public static func table(_ model: SegmentationModel) -> CellTable { rows(model).table }

    /// The rows of `csv`: one per segment and feature, in segment order.
    static func rows(_ model: SegmentationModel) -> CSVRows {
        let cells = model.segments.flatMap { segment in
            segment.profile.features.map { feature -> [CSVCell] in
                let profile = segment.profile
                return [.integer(segment.id), .text(segment.strategy.strategy.id), .integer(profile.size),
                        .number(profile.shareOfAccounts), .text(feature.name), .number(feature.mean),
                        .number(feature.median), .number(feature.overallMean),
                        .number(feature.overallMedian), .number(feature.zScore)]
            }
        }
        return CSVRows(header: columns, count: cells.count) { cells[$0] }
    }
}
