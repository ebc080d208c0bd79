import Tabular

/// How a feature's values are measured; decides how reasons, profiles and reports print them.
/// The one unit vocabulary of the project (the report model stores it as its raw value).
public enum FeatureUnit: String, Codable, Sendable, CaseIterable {
    /// A number of things (invoices).
    case count
    /// Currency units; heavy-tailed, so log-transformed (`log1p`) before z-scoring.
    case currency
    case days
    /// 0-100.
    case percent
    /// 0-1, printed as a percentage.
    case fraction
    /// A plain number without unit (credit score, ratios).
    case number

    /// The unit as the README's feature table names it.
    public var label: String {
        switch self {
        case .count: return "count"
        case .currency: return "currency"
        case .days: return "days"
        case .percent: return "percent 0-100"
        case .fraction: return "fraction 0-1"
        case .number: return "number"
        }
    }

    /// A value for a table cell: `USD 12,345`, `41.2` (days), `68.4%`, `3`, `1.23`.
    public func tableText(_ value: Double, currency: String) -> String {
        switch self {
        case .currency: return NumberText.money(value, currency: currency)
        case .days: return NumberText.grouped(value, decimals: 1)
        case .percent: return value.isFinite ? NumberText.grouped(value, decimals: 1) + "%" : NumberText.notAvailable
        case .fraction: return NumberText.percent(value)
        case .count: return NumberText.grouped(value, decimals: value == value.rounded() ? 0 : 1)
        case .number: return NumberText.plain(value)
        }
    }

    /// The unit's name for a column header (`nil` where the values speak for themselves).
    public func headerSuffix(currency: String) -> String? {
        switch self {
        case .currency: return currency
        case .days: return "days"
        case .percent, .fraction, .count, .number: return nil
        }
    }

    /// A value inside a sentence (reasons, notes): `USD 1.2M`, `41.2 days`, `68.4%`, `50 days`,
    /// `12,400`. The table text with trailing zeros after the point dropped (tables keep fixed
    /// decimals so columns align; prose reads better without them), money in compact form and
    /// without a currency code when `currency` is `nil`.
    public func sentenceText(_ value: Double, currency: String? = nil) -> String {
        switch self {
        case .currency:
            let amount = NumberText.trimmingZeros(NumberText.compact(value, decimals: 1))
            return currency.map { $0 + " " + amount } ?? amount
        case .days: return NumberText.trimmingZeros(NumberText.grouped(value, decimals: 1)) + " days"
        case .percent, .fraction, .count, .number: return NumberText.trimmingZeros(tableText(value, currency: ""))
        }
    }
}

/// What the domain knows about a feature: display name, unit, and whether it is money.
public struct FeatureInfo: Equatable, Sendable {
    public let name: String
    /// Lower-case words for sentences ("average days late").
    public let displayName: String
    public let unit: FeatureUnit

    /// Money columns are `log1p`-transformed before standardization.
    public var isMoney: Bool { unit == .currency }
}

/// The features ar-segment knows by name, the default clustering features, and
/// business-unit formatting.
public enum FeatureCatalog {
    /// Every known feature: the ledger features in output order (`LedgerFeature`), then account
    /// attributes and the promise features.
    public static let known: [FeatureInfo] = LedgerFeature.allCases.map(\.definition.info) + [
        FeatureInfo(name: AccountAttribute.creditScore, displayName: "credit score", unit: .number),
        FeatureInfo(name: AccountAttribute.creditLimit, displayName: "credit limit", unit: .currency),
        FeatureInfo(name: AccountAttribute.creditUtilisation, displayName: "credit utilisation", unit: .fraction),
        FeatureInfo(name: "broken_promises", displayName: "broken promises to pay", unit: .count),
        FeatureInfo(name: "broken_promise_rate", displayName: "share of promises to pay broken", unit: .fraction),
    ]

    private static let byName = Dictionary(uniqueKeysWithValues: known.map { ($0.name, $0) })
    /// The features clustered when the caller names none: value (billing, invoice size) and
    /// behaviour (lateness, its trend, disputes). Left out on purpose:
    /// - `open_balance`, `overdue_balance`, aging buckets and `share_overdue_30_plus` are
    ///   snapshots: zero for most accounts on most days and large on the few days an invoice
    ///   happens to be open or late, so clustering on them splits segments by the calendar.
    ///   They are profiled and drive the strategy rules and the worklist instead;
    /// - counts and maxima restate the averages; static attributes describe rather than segment;
    /// - categorical columns are never clustered by default (they appear in profiles).
    public static let defaultClusteringFeatures = [
        "billed_12m", "avg_invoice_amount", "avg_days_late", "pct_paid_late", "dispute_rate", "days_late_trend",
    ]

    /// The known feature called `name`, or `nil`.
    public static func info(_ name: String) -> FeatureInfo? { byName[name] }

    /// `true` for known currency features (`log1p` before z-scoring).
    public static func isMoney(_ name: String) -> Bool { byName[name]?.isMoney ?? false }

    /// Display name; an unknown feature's name with underscores as spaces.
    public static func displayName(_ name: String) -> String {
        byName[name]?.displayName ?? name.replacingUnderscores
    }

    /// `value` in the feature's business unit, for a sentence (`FeatureUnit.sentenceText`).
    /// Unknown features print as plain numbers.
    public static func format(_ value: Double, feature name: String) -> String {
        (byName[name]?.unit ?? .number).sentenceText(value)
    }

    /// The unit of a feature; unknown features are plain numbers.
    public static func unit(of name: String) -> FeatureUnit { byName[name]?.unit ?? .number }

    /// The README's table of ledger feature columns (between `account_id` and `payment_method`),
    /// generated from `LedgerFeature.definition`; a test holds the README equal to it.
    public static func ledgerFeatureTable() -> String {
        var lines = ["| column | definition | unit |", "|---|---|---|", "| `account_id` | the account | text |"]
        for feature in LedgerFeature.allCases {
            let definition = feature.definition
            lines.append("| `\(feature.rawValue)` | \(definition.text) | \(definition.info.unit.label) |")
        }
        lines.append("| `payment_method` | method of the latest invoice that names one (by invoice date, then file order; "
                     + "empty when none does); only when the ledger has the column | text |")
        lines.append("| `currency` | source currency of most of the account's invoices (a tie goes to the code first in "
                     + "code-point order); only when the ledger has `currency` | text |")
        lines.append("| a source's categorical columns | most frequent value over the account's invoices (ties as for "
                     + "`currency`), under the file's column name; only with a preset's `categorical` | text |")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
