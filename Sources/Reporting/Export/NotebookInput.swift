import Segmentation
import Foundation

/// What a segmentation notebook says and which files its code reads.
///
/// Texts are plain (not Markdown): `NotebookExporter` escapes them, so data such as
/// account or strategy names can hold any character. Numbers in tables are pre-formatted
/// by the caller, as the other reports show them.
public struct NotebookInput: Equatable, Sendable {
    /// Notebook heading, for example `"Segmentation of accounts.csv"`.
    public var title: String
    /// Version of ar-segment that made the run.
    public var toolVersion: String
    /// What was clustered: accounts, features, scaling (one paragraph per element).
    public var clustered: [String]
    /// Remarks of the run (warnings, transforms applied, sampling), shown as a list.
    public var notes: [String]
    /// How k was chosen, with the reasons (one paragraph per element).
    public var kChoice: [String]
    /// One entry per segment, in segment order.
    public var segments: [Segment]
    /// The worklist in a few sentences (overdue accounts, calls needed, the no-call share).
    public var worklistSummary: [String]
    /// The files the code cells read, relative to the notebook's folder.
    public var files: Files

    public init(title: String, toolVersion: String, clustered: [String], notes: [String] = [], kChoice: [String],
                segments: [Segment], worklistSummary: [String], files: Files) {
        self.title = title
        self.toolVersion = toolVersion
        self.clustered = clustered
        self.notes = notes
        self.kChoice = kChoice
        self.segments = segments
        self.worklistSummary = worklistSummary
        self.files = files
    }

    /// One segment's story: who is in it and what to do about them.
    public struct Segment: Equatable, Sendable {
        /// Segment id as written in `assignments.csv`'s `segment` column.
        public var id: String
        public var name: String
        public var strategy: String
        /// The strategy's treatment (channels, cadence, escalation), if any.
        public var treatment: String?
        /// Why the strategy was chosen, one reason per element.
        public var reasons: [String]
        /// Accounts in the segment, and their share of all accounts (0...1).
        public var size: Int
        public var share: Double
        /// The segment's profile (for example feature, segment mean, overall mean, z-score).
        public var profile: NotebookTable

        public init(id: String, name: String, strategy: String, treatment: String?, reasons: [String],
                    size: Int, share: Double, profile: NotebookTable) {
            self.id = id
            self.name = name
            self.strategy = strategy
            self.treatment = treatment
            self.reasons = reasons
            self.size = size
            self.share = share
            self.profile = profile
        }
    }

    /// Relative paths, from the notebook's folder, of the files the notebook loads.
    public struct Files: Equatable, Sendable {
        /// The accounts file that was segmented (features by name, one row per account).
        public var accounts: String
        public var assignments: String
        public var profiles: String
        public var worklist: String
        public var model: String
        /// The account id column of `accounts` and `assignments`.
        public var idColumn: String

        /// Defaults are the file names `segment` writes next to the notebook.
        public init(accounts: String, assignments: String = "assignments.csv", profiles: String = "profiles.csv",
                    worklist: String = "worklist.csv", model: String = "model.json", idColumn: String = "account_id") {
            self.accounts = accounts
            self.assignments = assignments
            self.profiles = profiles
            self.worklist = worklist
            self.model = model
            self.idColumn = idColumn
        }

        /// The path of `file` relative to `directory` (both relative to the current directory
        /// or absolute), for example `../../datasets/accounts.csv`: what `accounts` must hold
        /// when the notebook is written somewhere other than beside the accounts file.
        public static func relativePath(of file: String, from directory: String) -> String {
            let target = absoluteComponents(file)
            let base = absoluteComponents(directory)
            var common = 0
            while common < min(target.count, base.count), target[common] == base[common] { common += 1 }
            let up = Array(repeating: "..", count: base.count - common)
            let path = (up + target[common...]).joined(separator: "/")
            return path.isEmpty ? "." : path
        }

        private static func absoluteComponents(_ path: String) -> [String] {
            let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            return URL(fileURLWithPath: absolute).standardized.pathComponents.filter { $0 != "/" }
        }
    }
}

/// A small table shown in a Markdown cell: header and rows of already formatted text.
public struct NotebookTable: Equatable, Sendable {
    public var columns: [String]
    public var rows: [[String]]

    public init(columns: [String], rows: [[String]]) {
        self.columns = columns
        self.rows = rows
    }
}
