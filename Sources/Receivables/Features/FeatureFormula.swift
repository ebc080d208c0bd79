/// How a ledger feature is computed from the invoices, as a formula an engine can run: the
/// form in which `LedgerFeature.definition` states each feature for the SQL export (rendered
/// per dialect by `Segmentation`'s `FeatureSQL`), beside the Swift `value` that
/// `FeatureAccumulator` runs. A test evaluates every formula on generated ledgers and holds it
/// equal to `value`, so the two forms cannot drift apart.
///
/// Three layers, as a GROUP BY query has them:
/// 1. per-invoice quantities and conditions at the as-of date (`InvoiceQuantity`,
///    `InvoiceCondition`): the columns of the SQL's `invoices` relation;
/// 2. per-account aggregates of them (`InvoiceAggregate`): the columns of its `totals`;
/// 3. arithmetic over the aggregates (`FeatureFormula`): the feature column. Every aggregate
///    is a Double there (counts and day sums exactly so), and the arithmetic runs in the order
///    written (`a + b + c` is `(a + b) + c`), as `AccountTotals` and `definition.value` do.
///
/// Only invoices dated on or before as-of enter any aggregate (the export filters them once).
public enum InvoiceQuantity: String, CaseIterable, Sendable, Hashable {
    /// The invoice amount (currency units).
    case amount
    /// max(0, paid date - due date): days late of a paid invoice; use it with `.paid`.
    case daysLate = "days_late"
    /// as-of - due date (positive: past due); the aging of an open invoice; use it with `.open`.
    case daysPastDue = "days_past_due"
    /// as-of - invoice date (0 for an invoice dated at as-of).
    case daysSinceInvoice = "days_since_invoice"
    /// as-of - paid date; use it with `.paid`.
    case daysSincePayment = "days_since_payment"
    /// What is still owed at as-of, 0 once settled (`Invoice.openAmount(at:)`: the amount
    /// without a payments table; with one, the amount minus the payments dated <= as-of).
    case openAmount = "open_amount"
    /// What the payments dated <= as-of exceed the amount by, an overpayment that is the
    /// account's unapplied credit (`Invoice.excessPayment(at:)`); 0 without a payments table.
    case excessPayment = "excess_payment"

    /// Whether the quantity is a whole number of days (sums of it are exact).
    public var isDays: Bool {
        switch self {
        case .amount, .openAmount, .excessPayment: return false
        case .daysLate, .daysPastDue, .daysSinceInvoice, .daysSincePayment: return true
        }
    }
}

/// A per-invoice condition at the as-of date.
public indirect enum InvoiceCondition: Sendable, Hashable {
    /// Settled on or before as-of (`paid_date <= as-of`).
    case paid
    /// Not settled at as-of (no paid date, or one after as-of): `Invoice.isOpen(at:)`.
    case open
    /// Marked disputed.
    case disputed
    /// `quantity < bound`.
    case below(InvoiceQuantity, Int)
    /// `quantity >= bound`.
    case atLeast(InvoiceQuantity, Int)
    /// An open invoice whose days past due fall in the bucket (`AgingBucket.daysPastDueBounds`).
    case aging(AgingBucket)
    /// Every condition holds.
    case all([InvoiceCondition])
}

/// A per-account aggregate over the invoices (dated on or before as-of) that meet a condition.
public enum InvoiceAggregate: Sendable, Hashable {
    /// Number of invoices meeting the condition (`nil`: all).
    case count(InvoiceCondition?)
    /// Sum of the quantity over the invoices meeting the condition; 0 when none does.
    case sum(InvoiceQuantity, InvoiceCondition?)
    /// max(0, largest quantity over the invoices meeting the condition); 0 when none does.
    case maxOrZero(InvoiceQuantity, InvoiceCondition?)
    /// The credit of the account's credit memos dated on or before as-of and not cleared by it
    /// (`paid_date` empty or later): credit memos are not invoices and enter no other aggregate.
    case openCredit
}

/// A feature as arithmetic over per-account aggregates (see `InvoiceQuantity` for the layers).
public indirect enum FeatureFormula: Sendable, Hashable {
    case aggregate(InvoiceAggregate)
    case constant(Double)
    case plus(FeatureFormula, FeatureFormula)
    case minus(FeatureFormula, FeatureFormula)
    case times(FeatureFormula, FeatureFormula)
    case over(FeatureFormula, FeatureFormula)
    /// `then` when every test is > 0, `otherwise` else (how a ratio over an empty group is 0).
    case whenPositive([FeatureFormula], then: FeatureFormula, otherwise: FeatureFormula)

    public static func count(_ condition: InvoiceCondition? = nil) -> FeatureFormula { .aggregate(.count(condition)) }
    public static func sum(_ quantity: InvoiceQuantity, _ condition: InvoiceCondition? = nil) -> FeatureFormula {
        .aggregate(.sum(quantity, condition))
    }
    public static func maxOrZero(_ quantity: InvoiceQuantity, _ condition: InvoiceCondition? = nil) -> FeatureFormula {
        .aggregate(.maxOrZero(quantity, condition))
    }
    /// `then` when `test > 0`, else 0.
    public static func ifPositive(_ test: FeatureFormula, _ then: FeatureFormula) -> FeatureFormula {
        .whenPositive([test], then: then, otherwise: .constant(0))
    }

    public static func + (a: FeatureFormula, b: FeatureFormula) -> FeatureFormula { .plus(a, b) }
    public static func - (a: FeatureFormula, b: FeatureFormula) -> FeatureFormula { .minus(a, b) }
    public static func * (a: FeatureFormula, b: FeatureFormula) -> FeatureFormula { .times(a, b) }
    public static func / (a: FeatureFormula, b: FeatureFormula) -> FeatureFormula { .over(a, b) }

    /// Every aggregate the formula reads, in first-use order, each once.
    public var aggregates: [InvoiceAggregate] {
        var seen = Set<InvoiceAggregate>()
        var out: [InvoiceAggregate] = []
        func visit(_ f: FeatureFormula) {
            switch f {
            case .aggregate(let a): if seen.insert(a).inserted { out.append(a) }
            case .constant: break
            case .plus(let a, let b), .minus(let a, let b), .times(let a, let b), .over(let a, let b):
                visit(a); visit(b)
            case .whenPositive(let tests, let then, let otherwise):
                tests.forEach(visit); visit(then); visit(otherwise)
            }
        }
        visit(self)
        return out
    }
}

/// The open-amount totals shared by several features, nested as `AccountTotals` nests them
/// (over30 = (31-60 + 61-90) + 90+, overdue = 1-30 + over30, open = current + overdue) so that
/// over30 <= overdue <= open holds exactly in every engine.
extension FeatureFormula {
    static func openIn(_ bucket: AgingBucket) -> FeatureFormula { .sum(.openAmount, .aging(bucket)) }
    static let over30: FeatureFormula = openIn(.days31to60) + openIn(.days61to90) + openIn(.days90plus)
    static let overdue: FeatureFormula = openIn(.days1to30) + over30
    static let open: FeatureFormula = openIn(.current) + overdue
    /// Open credit: credit memos not cleared by as-of, then overpayments.
    static let unapplied: FeatureFormula = .aggregate(.openCredit) + .sum(.excessPayment)
    /// Mean days late of the paid invoices meeting `condition` (a paid invoice's own window).
    static func paidMean(_ window: InvoiceCondition) -> FeatureFormula {
        .sum(.daysLate, .all([.paid, window])) / .count(.all([.paid, window]))
    }
}

extension InvoiceCondition {
    /// Paid with days late > 0.
    static let late: InvoiceCondition = .all([.paid, .atLeast(.daysLate, 1)])
}

extension AgingBucket {
    /// The days past due of the bucket as an inclusive range; `nil` on an open end
    /// (`current`: up to 0; `90+`: from 91). The same bounds as `init(daysPastDue:)`.
    public var daysPastDueBounds: (lower: Int?, upper: Int?) {
        switch self {
        case .current: return (nil, 0)
        case .days1to30: return (1, 30)
        case .days31to60: return (31, 60)
        case .days61to90: return (61, 90)
        case .days90plus: return (91, nil)
        }
    }
}
