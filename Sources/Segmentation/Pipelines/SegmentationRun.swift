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

    /// The data files `segment` writes (model, assignments, profiles, worklist), in memory so
    /// nothing is written unless every file could be produced; Reporting adds the rendered reports.
    public func dataFiles() throws -> [OutputFile] {
        let tables = dataTables()
        return [
            OutputFile(name: "model.json", bytes: try model.encodedJSON()),
            OutputFile(name: "assignments.csv", text: tables.assignments.csv),
            OutputFile(name: "profiles.csv", text: tables.profiles.csv),
            OutputFile(name: "worklist.csv", text: tables.worklist.csv),
        ]
    }

    /// The tables of `assignments.csv`, `profiles.csv` and `worklist.csv`, as typed cells
    /// (Reporting's .xlsx workbook shows the same values).
    public func dataTables() -> (assignments: CellTable, profiles: CellTable, worklist: CellTable) {
        (AssignmentTable.table(ids: ids, assignment: assignment, model: model, worklist: worklist, testGroups: testGroups),
         ProfileTable.table(model),
         worklist.table(testGroupOf: testGroups.map { Dictionary(uniqueKeysWithValues: zip(ids, $0.map(\.rawValue))) }))
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
        table(ids: ids, assignment: assignment, model: model, worklist: worklist, testGroups: testGroups).csv
    }

    /// The rows of `csv`, as typed cells.
    public static func table(ids: [String], assignment: SegmentAssignment, model: SegmentationModel,
                             worklist: Worklist, testGroups: [HoldoutDesign.Group]? = nil) -> CellTable {
        let priority = Dictionary(uniqueKeysWithValues: worklist.entries.map { ($0.accountId, $0.priority) })
        var table = CellTable(header: columns + (testGroups == nil ? [] : [Worklist.testGroupColumn]))
        for (i, id) in ids.enumerated() {
            let segment = assignment.segments[i]
            table.rows.append([.text(id), .integer(segment), .text(model.segments[segment].strategy.strategy.id),
                           .number(assignment.distances[i]), priority[id].map(CSVCell.number) ?? .empty]
                          + (testGroups.map { [.text($0[i].rawValue)] } ?? []))
        }
        return table
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
    public static func table(_ model: SegmentationModel) -> CellTable {
        var table = CellTable(header: columns)
        for segment in model.segments {
            let profile = segment.profile
            for feature in profile.features {
                table.rows.append([.integer(segment.id), .text(segment.strategy.strategy.id), .integer(profile.size),
                               .number(profile.shareOfAccounts), .text(feature.name), .number(feature.mean),
                               .number(feature.median), .number(feature.overallMean),
                               .number(feature.overallMedian), .number(feature.zScore)])
            }
        }
        return table
    }
}
