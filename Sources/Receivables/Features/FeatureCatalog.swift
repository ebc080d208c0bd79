/// How a feature's values are measured; decides how reasons and profiles print them.
public enum FeatureUnit: String, Codable, Sendable {
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
    /// Every known feature: the ledger features in output order, then account attributes.
    public static let known: [FeatureInfo] = [
        FeatureInfo(name: "invoice_count", displayName: "invoices", unit: .count),
        FeatureInfo(name: "billed_12m", displayName: "billing in the last 12 months", unit: .currency),
        FeatureInfo(name: "avg_invoice_amount", displayName: "average invoice amount", unit: .currency),
        FeatureInfo(name: "open_balance", displayName: "open balance", unit: .currency),
        FeatureInfo(name: "overdue_balance", displayName: "overdue balance", unit: .currency),
        FeatureInfo(name: "aging_current", displayName: "open amount not yet due", unit: .currency),
        FeatureInfo(name: "aging_1_30", displayName: "open amount 1-30 days past due", unit: .currency),
        FeatureInfo(name: "aging_31_60", displayName: "open amount 31-60 days past due", unit: .currency),
        FeatureInfo(name: "aging_61_90", displayName: "open amount 61-90 days past due", unit: .currency),
        FeatureInfo(name: "aging_90_plus", displayName: "open amount over 90 days past due", unit: .currency),
        FeatureInfo(name: "share_overdue_30_plus", displayName: "share of open balance over 30 days past due",
                    unit: .fraction),
        FeatureInfo(name: "avg_days_late", displayName: "average days late", unit: .days),
        FeatureInfo(name: "pct_paid_late", displayName: "invoices paid late", unit: .percent),
        FeatureInfo(name: "max_days_late", displayName: "maximum days late", unit: .days),
        FeatureInfo(name: "dispute_rate", displayName: "dispute rate", unit: .fraction),
        FeatureInfo(name: "days_late_trend", displayName: "trend in days late (recent minus earlier)", unit: .days),
        FeatureInfo(name: "max_days_past_due", displayName: "oldest overdue item", unit: .days),
        FeatureInfo(name: "disputed_open_balance", displayName: "open amount in dispute", unit: .currency),
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

    /// `value` in the feature's business unit: `41.2 days`, `68%`, `1.25M`, `12,400`.
    /// Unknown features print as plain numbers.
    public static func format(_ value: Double, feature name: String) -> String {
        switch byName[name]?.unit ?? .number {
        case .currency: return formatMoney(value)
        case .days: return "\(formatNumber(value, digits: 1)) days"
        case .percent: return "\(formatNumber(value, digits: 0))%"
        case .fraction: return formatShare(value)
        case .count, .number: return formatNumber(value, digits: abs(value) >= 100 ? 0 : 1)
        }
    }

    /// A fraction (0-1) as a whole percentage: `0.684` -> `68%`.
    public static func formatShare(_ fraction: Double) -> String {
        "\(formatNumber(100 * fraction, digits: 0))%"
    }

    /// `1.25M`, `12.4k`, `950`; negative values keep their sign.
    public static func formatMoney(_ value: Double) -> String {
        let magnitude = abs(value)
        let sign = value < 0 ? "-" : ""
        if magnitude >= 1e9 { return sign + formatNumber(magnitude / 1e9, digits: 2) + "B" }
        if magnitude >= 1e6 { return sign + formatNumber(magnitude / 1e6, digits: 2) + "M" }
        if magnitude >= 1e4 { return sign + formatNumber(magnitude / 1e3, digits: 1) + "k" }
        return sign + formatNumber(magnitude, digits: 0)
    }

    /// Fixed-point with `digits` decimals, trailing zeros after the point dropped; no locale.
    public static func formatNumber(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return String(value) }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        let negative = value < 0 && scaled > 0
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        var text = String(whole)
        if digits > 0 && fraction > 0 {
            var decimals = String(fraction)
            decimals = String(repeating: "0", count: digits - decimals.count) + decimals
            while decimals.hasSuffix("0") { decimals.removeLast() }
            text += "." + decimals
        }
        return negative ? "-" + text : text
    }
}

extension String {
    var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
