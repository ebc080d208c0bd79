import Receivables
import Tabular

/// Where `backtest` gets the segments at each origin.
public enum BacktestSegmentSource: Sendable {
    /// Fit them at the origin exactly as `segment --ledger LEDGER --as-of T` does.
    case fit(SegmentationOptions)
    /// Apply a saved model to the features at the origin.
    case model(SegmentationModel, path: String)
    /// Take them as given (`--assignments FILE`, one origin only).
    case assignments(BacktestAssignments)
}

/// The distance between backtest origins: `Nd`, `Nw` or `Nm` (`--step`).
public enum OriginStep: Sendable, Equatable, CustomStringConvertible {
    case days(Int)
    case months(Int)

    /// Parses `30d`, `2w`, `1m` (the count at least 1).
    public init?(_ text: String) {
        guard let unit = text.last, let count = Int(text.dropLast()), count >= 1 else { return nil }
        switch unit {
        case "d": self = .days(count)
        case "w": self = .days(7 * count)
        case "m": self = .months(count)
        default: return nil
        }
    }

    /// `n` steps before `day`. Months go back on the calendar and keep the day of the month,
    /// clamped to the month's length; a month end stays a month end (2025-03-31 -> 2025-02-28).
    public func origin(_ n: Int, before day: CalendarDay) -> CalendarDay {
        switch self {
        case .days(let d): return day + (-n * d)
        case .months(let m):
            let (year, month, dayOfMonth) = day.components
            let monthIndex = year * 12 + (month - 1) - n * m
            let y = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
            let mo = monthIndex - y * 12 + 1
            let wasMonthEnd = dayOfMonth == CalendarDay.daysIn(month: month, year: year)
            let last = CalendarDay.daysIn(month: mo, year: y)
            return CalendarDay(year: y, month: mo, day: wasMonthEnd ? last : min(dayOfMonth, last))!
        }
    }

    public var description: String {
        switch self {
        case .days(let d): return d % 7 == 0 ? "\(d / 7)w" : "\(d)d"
        case .months(let m): return "\(m)m"
        }
    }
}

/// Everything `backtest` can be told.
public struct BacktestOptions: Sendable {
    public var ledgerPath: String
    /// How the ledger is read and which accounts file is joined; its `asOf` is T.
    public var features: FeatureOptions
    /// Window lengths in days, the first one first (it names `outcomes.csv`).
    public var horizons: [Int]
    /// Origins T, T - step, ... (1: T only).
    public var origins: Int = 1
    public var step: OriginStep = .months(1)
    public var segments: BacktestSegmentSource
    public var toolVersion: String
    public var seed: UInt64

    public init(ledgerPath: String, features: FeatureOptions, horizons: [Int], segments: BacktestSegmentSource,
                toolVersion: String, seed: UInt64) {
        self.ledgerPath = ledgerPath
        self.features = features
        self.horizons = horizons
        self.segments = segments
        self.toolVersion = toolVersion
        self.seed = seed
    }
}

/// Segments given as a file (`assignments.csv` of `segment`, or any file with the columns
/// `account_id`, `segment` (a whole number >= 0), `strategy`, and optionally `test_group`
/// (`control` or `treatment`)).
public struct BacktestAssignments: Sendable {
    public var path: String
    public var ids: [String]
    public var segments: [Int]
    public var strategies: [String]
    public var testGroups: [HoldoutDesign.Group]?

    /// Reads and checks the file: every cell, distinct account ids, one strategy per segment.
    public static func read(path: String) throws -> BacktestAssignments {
        let table = try CSVReader.read(path: path)
        let idColumn = try table.columnIndex("account_id")
        let segmentColumn = try table.columnIndex("segment")
        let strategyColumn = try table.columnIndex("strategy")
        let groupColumn = table.optionalColumnIndex("test_group")
        var result = BacktestAssignments(path: path, ids: [], segments: [], strategies: [],
                                         testGroups: groupColumn == nil ? nil : [])
        var seen = Set<String>()
        var strategyOf: [Int: String] = [:]
        for row in 0..<table.rowCount {
            let id = table.string(row: row, column: idColumn)
            guard !id.isEmpty else { throw table.error(row: row, column: idColumn, "empty account id") }
            guard seen.insert(id).inserted else { throw table.error(row: row, column: idColumn, "duplicate account id") }
            guard let segment = Int(table.string(row: row, column: segmentColumn)), segment >= 0 else {
                throw table.error(row: row, column: segmentColumn, "segment must be a whole number 0 or more")
            }
            let strategy = table.string(row: row, column: strategyColumn)
            guard !strategy.isEmpty else { throw table.error(row: row, column: strategyColumn, "empty strategy") }
            if let known = strategyOf[segment], known != strategy {
                throw table.error(row: row, column: strategyColumn, "segment \(segment) has strategy '\(known)' on an earlier row")
            }
            strategyOf[segment] = strategy
            if let groupColumn {
                guard let group = HoldoutDesign.Group(rawValue: table.string(row: row, column: groupColumn)) else {
                    throw table.error(row: row, column: groupColumn, "test_group must be control or treatment")
                }
                result.testGroups?.append(group)
            }
            result.ids.append(id)
            result.segments.append(segment)
            result.strategies.append(strategy)
        }
        guard !result.ids.isEmpty else { throw InputError(file: path, line: 1, message: "no account in the assignments file") }
        return result
    }
}
