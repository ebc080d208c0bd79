import Tabular
import Receivables
// The plain-data report model: what the pipeline computes and the renderers (HTML, Markdown, JSON)
// print. Everything is a value type, Codable and Sendable, with arrays (never dictionaries) wherever
// order matters, so every rendering is byte-reproducible. No wall-clock time is recorded.
//
// Conventions used throughout:
// - shares and ratios are fractions in [0, 1] (the renderers print them as percentages);
// - money is in the report's currency (`ReportHeadline.currencyCode`), in major units (dollars, euros, ...);
// - per-feature arrays are aligned with the report's `features` (same order, same count);
// - segments are referred to by `id`, the segment number the model assigns.
//
// This file holds the conventions and the parts the reports share; each report has its own file
// (SegmentationReport, DiscoveryReport, ValidationReport, PlanReport, BacktestReport).

/// How a run was produced: enough to reproduce it, and nothing that changes between identical runs.
public struct ReportProvenance: Codable, Sendable, Equatable {
    /// The tool version, e.g. `"0.1.0"`.
    public var toolVersion: String
    /// The seed every random choice of the run derived from.
    public var seed: UInt64
    /// The as-of date of the ledger snapshot (ISO 8601 `yyyy-MM-dd`), when features came from a ledger.
    public var asOf: String?
    /// The input's file name (not a full path, so reports do not leak directory layouts), if any.
    public var inputName: String?

    public init(toolVersion: String, seed: UInt64, asOf: String? = nil, inputName: String? = nil) {
        self.toolVersion = toolVersion
        self.seed = seed
        self.asOf = asOf
        self.inputName = inputName
    }
}

/// A clustering feature as the report shows it.
public struct ReportFeature: Codable, Sendable, Equatable {
    /// The column name, as in the accounts file (e.g. `avg_days_late`).
    public var name: String
    /// How values in business units are printed.
    public var unit: FeatureUnit

    public init(_ name: String, unit: FeatureUnit = .number) {
        self.name = name
        self.unit = unit
    }
}
