/// The aging buckets of an open invoice, by days past due (as-of date minus due date):
/// `current` (not yet past due, <= 0 days), 1-30, 31-60, 61-90 and more than 90 days.
///
/// The one definition behind the `aging_*` features, the backtest's roll-rate matrix and the
/// state of an invoice at the end of a backtest window. The raw values (0-4) are the order
/// in which reports show the buckets.
public enum AgingBucket: Int, CaseIterable, Sendable, Codable, Comparable {
    case current = 0
    case days1to30
    case days31to60
    case days61to90
    case days90plus

    /// The bucket of an invoice `daysPastDue` days past its due date (negative: not yet due).
    @inlinable
    public init(daysPastDue d: Int) {
        switch d {
        case ...0: self = .current
        case 1...30: self = .days1to30
        case 31...60: self = .days31to60
        case 61...90: self = .days61to90
        default: self = .days90plus
        }
    }

    /// `current`, `1-30`, `31-60`, `61-90`, `90+`: the spelling of `outcomes.csv` and the reports.
    public var label: String {
        switch self {
        case .current: return "current"
        case .days1to30: return "1-30"
        case .days31to60: return "31-60"
        case .days61to90: return "61-90"
        case .days90plus: return "90+"
        }
    }

    public static func < (a: AgingBucket, b: AgingBucket) -> Bool { a.rawValue < b.rawValue }
}
