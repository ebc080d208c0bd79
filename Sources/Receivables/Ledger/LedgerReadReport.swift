import Tabular

/// A row that was not used, and why: one line of the rejects file.
public struct BadRow: Sendable, Equatable {
    /// The problem, located (`FILE:LINE:COLUMN: what (VALUE)`).
    public var error: InputError
    /// The short reason the run's conservation line counts it under (`invalid date`).
    public var reason: String

    public init(_ error: InputError, reason: String) {
        self.error = error
        self.reason = reason
    }

    /// A record set aside for its field count (`CSVStream.settingAsideMisfits`).
    public init(misfit: CSVMisfit) {
        self.init(misfit.error, reason: "wrong number of fields")
    }
}

/// What reading a ledger (and its payments) did with every row: rows read = rows used + rows
/// rejected + duplicates dropped, per file, with the rejected rows and their reasons.
public struct LedgerReadReport: Sendable {
    /// Counts for one file.
    public struct FileCounts: Sendable, Equatable {
        public var path: String
        public var read = 0, used = 0, rejected = 0, duplicatesDropped = 0
        /// Rows used but skipped by document type (`ignore`), part of `used`.
        public var ignored = 0

        public init(path: String) { self.path = path }

        /// `ledger.csv: 1000 rows read = 970 used + 10 rejected + 20 duplicates dropped`.
        public var line: String {
            var text = "\(path): \(read) rows read = \(used) used + \(rejected) rejected + \(duplicatesDropped) duplicates dropped"
            if ignored > 0 { text += " (used includes \(ignored) rows of ignored document types)" }
            return text
        }
    }

    public var ledger: FileCounts
    public var payments: FileCounts?
    /// Every rejected row, ledger rows first, each file in line order.
    public var rejects: [BadRow] = []
    /// Rows by source currency code (empty without a `currency` column).
    public var currencyCounts: [String: Int] = [:]
    /// The currency the amounts are in (`LedgerReadOptions.reportingCurrency`, the only one
    /// present, or `nil` when the ledger names none).
    public var reportingCurrency: String?
    /// Columns whose name the header repeats (allowed since no mapping uses them).
    public var repeatedColumns: [String] = []

    /// Notes on how the ledger was read (set by `FeatureOptions.features`), for reports.
    public var notes: [String] = []

    public init(ledgerPath: String) { ledger = FileCounts(path: ledgerPath) }

    /// Rejected rows by reason, most frequent first (ties by reason).
    public var rejectedByReason: [(reason: String, count: Int)] {
        var counts: [String: Int] = [:]
        for row in rejects { counts[row.reason, default: 0] += 1 }
        return counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// The conservation lines a run prints and its report shows (one per file, then the
    /// rejected rows by reason).
    public var conservationLines: [String] {
        var lines = [ledger.line]
        if let payments { lines.append(payments.line) }
        let reasons = rejectedByReason
        if !reasons.isEmpty {
            lines.append("rejected by reason: " + reasons.map { "\($0.count) \($0.reason)" }.joined(separator: ", "))
        }
        return lines
    }

    /// The rejects file: `file,line,column,value,reason`, one row per rejected row. `reason`
    /// is the error's message in the words the user reads on standard error: each parameter
    /// it names spelled by `spelling` (ar-segment: the flag, `--date-format`), never by the
    /// library's internal name.
    public func rejectsCSV(spelling: (Parameter) -> String) -> String {
        var writer = CSVWriter(header: ["file", "line", "column", "value", "reason"])
        for row in rejects {
            writer.append([.text(row.error.file), row.error.line.map { .integer($0) } ?? .empty,
                           .text(row.error.column ?? ""), .text(row.error.value ?? ""),
                           .text(row.error.message.spelled(spelling))])
        }
        return writer.takeText()
    }
}
