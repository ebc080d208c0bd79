/// The numeric account features computed from a ledger at an as-of date, in output order: the
/// one catalogue of ledger features. Each case is defined once, in `definition`: its display
/// name, unit, the definition the README prints, and its value from the account's running
/// totals (`AccountTotals`, filled invoice by invoice by `FeatureAccumulator`).
///
/// Adding a feature is one edit here: a case and its `definition` (words, unit, formula, value);
/// when it needs a total the accumulator does not keep yet, add that total to `AccountTotals`
/// and its update to `AccountTotals.add`; when its formula needs a per-invoice quantity or
/// condition not yet in `FeatureFormula.swift`, add it there and the SQL dialects' rendering of
/// it (`Segmentation/Export/FeatureSQL+Relations.swift`; the compiler lists every switch). The README's feature table, `FeatureCatalog.known`, the column order of
/// `features` and the order of the values all follow from `allCases`.
///
/// Shared vocabulary of the definitions: only invoices dated on or before as-of count (credit
/// memos are not invoices: they only make `unapplied_credit`); an invoice is *paid* (settled)
/// when its settlement date is on or before as-of and *open* otherwise, and its *open amount*
/// is what is still owed at as-of (`Invoice+Settlement.swift`: `paid_date`, or the payments
/// table); *days past due* of an open invoice = as-of - due date; *days late* of a paid
/// invoice = max(0, settlement date - due date). Balances and aging sum open amounts.
public enum LedgerFeature: String, CaseIterable, Sendable {
    case invoiceCount = "invoice_count"
    case billed12m = "billed_12m"
    case avgInvoiceAmount = "avg_invoice_amount"
    case openBalance = "open_balance"
    case overdueBalance = "overdue_balance"
    case agingCurrent = "aging_current"
    case aging1to30 = "aging_1_30"
    case aging31to60 = "aging_31_60"
    case aging61to90 = "aging_61_90"
    case aging90plus = "aging_90_plus"
    case shareOverdue30plus = "share_overdue_30_plus"
    case avgDaysLate = "avg_days_late"
    case pctPaidLate = "pct_paid_late"
    case maxDaysLate = "max_days_late"
    case disputeRate = "dispute_rate"
    case daysLateTrend = "days_late_trend"
    case maxDaysPastDue = "max_days_past_due"
    case disputedOpenBalance = "disputed_open_balance"
    case unappliedCredit = "unapplied_credit"
    case netOpenBalance = "net_open_balance"

    /// Everything about the feature, in one place: words, unit, the SQL-ready `FeatureFormula`
    /// and the Swift value.
    public var definition: LedgerFeatureDefinition {
        typealias D = LedgerFeatureDefinition
        // The two sides of `days_late_trend`, by days since payment.
        let recent = InvoiceCondition.below(.daysSincePayment, FeatureBuilder.trendWindowDays)
        let earlier = InvoiceCondition.atLeast(.daysSincePayment, FeatureBuilder.trendWindowDays)
        switch self {
        case .invoiceCount:
            return D(self, "invoices", .count, "invoices dated on or before as-of",
                     .count()) { Double($0.count) }
        case .billed12m:
            return D(self, "billing in the last 12 months", .currency,
                     "amount of invoices dated in the 365 days ending at as-of (as-of - 364 ... as-of)",
                     .sum(.amount, .below(.daysSinceInvoice, FeatureBuilder.billingWindowDays))) { $0.billed12m }
        case .avgInvoiceAmount:
            return D(self, "average invoice amount", .currency, "mean invoice amount",
                     .sum(.amount) / .count()) { $0.total / Double($0.count) }
        case .openBalance:
            return D(self, "open balance", .currency,
                     "open amount of open invoices (with payments: amount minus payments dated <= as-of, each at its own date's rate, not below 0)", .open) { $0.open }
        case .overdueBalance:
            return D(self, "overdue balance", .currency, "open amount with days past due >= 1", .overdue) { $0.overdue }
        case .agingCurrent:
            return D(self, "open amount not yet due", .currency, "open amount with days past due <= 0",
                     .openIn(.current)) { $0.aging.0 }
        case .aging1to30:
            return D(self, "open amount 1-30 days past due", .currency, "open amount 1-30 days past due",
                     .openIn(.days1to30)) { $0.aging.1 }
        case .aging31to60:
            return D(self, "open amount 31-60 days past due", .currency, "open amount 31-60 days past due",
                     .openIn(.days31to60)) { $0.aging.2 }
        case .aging61to90:
            return D(self, "open amount 61-90 days past due", .currency, "open amount 61-90 days past due",
                     .openIn(.days61to90)) { $0.aging.3 }
        case .aging90plus:
            return D(self, "open amount over 90 days past due", .currency,
                     "open amount more than 90 days past due", .openIn(.days90plus)) { $0.aging.4 }
        case .shareOverdue30plus:
            return D(self, "share of open balance over 30 days past due", .fraction,
                     "open amount more than 30 days past due / `open_balance`; 0 when nothing is open",
                     .ifPositive(.open, .over30 / .open)) {
                $0.open > 0 ? $0.over30 / $0.open : 0
            }
        case .avgDaysLate:
            return D(self, "average days late", .days, "mean days late over paid invoices; 0 when none is paid",
                     .ifPositive(.count(.paid), .sum(.daysLate, .paid) / .count(.paid))) {
                $0.paid > 0 ? Double($0.lateSum) / Double($0.paid) : 0
            }
        case .pctPaidLate:
            return D(self, "invoices paid late", .percent,
                     "share of paid invoices with days late > 0; 0 when none is paid",
                     .ifPositive(.count(.paid), .constant(100) * .count(.late) / .count(.paid))) {
                $0.paid > 0 ? 100 * Double($0.late) / Double($0.paid) : 0
            }
        case .maxDaysLate:
            return D(self, "maximum days late", .days, "largest days late over paid invoices; 0 when none is paid",
                     .maxOrZero(.daysLate, .paid)) {
                Double($0.maxLate)
            }
        case .disputeRate:
            return D(self, "dispute rate", .fraction,
                     "share of invoices marked disputed; only when the ledger has `disputed`",
                     .count(.disputed) / .count()) {
                Double($0.disputed) / Double($0.count)
            }
        case .daysLateTrend:
            return D(self, "trend in days late (recent minus earlier)", .days,
                     "mean days late of invoices paid in the 90 days ending at as-of minus the mean of those paid "
                        + "earlier; 0 when either group is empty; positive = paying later",
                     .whenPositive([.count(.all([.paid, recent])), .count(.all([.paid, earlier]))],
                                   then: .paidMean(recent) - .paidMean(earlier), otherwise: .constant(0))) { a in
                a.recentCount > 0 && a.earlierCount > 0
                    ? Double(a.recentSum) / Double(a.recentCount) - Double(a.earlierSum) / Double(a.earlierCount) : 0
            }
        case .maxDaysPastDue:
            return D(self, "oldest overdue item", .days, "days past due of the oldest overdue open invoice; 0 when none",
                     .maxOrZero(.daysPastDue, .open)) {
                Double($0.maxPastDue)
            }
        case .disputedOpenBalance:
            return D(self, "open amount in dispute", .currency,
                     "open amount on disputed invoices; only when the ledger has `disputed`",
                     .sum(.openAmount, .all([.open, .disputed]))) { $0.disputedOpen }
        // Credit memos and overpayments are summed in one running total in file order; the
        // formula adds the two parts, so the SQL agrees to the last bits, not bit for bit.
        case .unappliedCredit:
            return D(self, "unapplied credit", .currency,
                     "open credit, positive: credit memos not cleared by as-of (`paid_date` empty or later), plus the "
                        + "excess of payments dated <= as-of over their invoice's amount (in the invoice's currency, when "
                        + "above 0.005, at the latest payment's rate); only when a document type maps "
                        + "to `credit_memo` or payments are given", .unapplied) { $0.unappliedCredit }
        case .netOpenBalance:
            return D(self, "net open balance", .currency,
                     "`open_balance` - `unapplied_credit` (negative when the credit is larger); only with "
                        + "`unapplied_credit`", .open - .unapplied) { $0.open - $0.unappliedCredit }
        }
    }

    /// The features of a canonical ledger read without document types or payments (with a
    /// `disputed` column): every case but the credit ones, in order.
    public static let canonical: [LedgerFeature] = allCases.filter { $0.isIncluded(hasDisputes: true, hasCredits: false) }

    /// `canonical`'s column names.
    public static let canonicalColumns: [String] = canonical.map(\.rawValue)

    /// Whether the feature is computed for a ledger with (or without) a `disputed` column
    /// and with (or without) credits (`LedgerReadOptions.hasCredits`). Without these, the columns
    /// are left out rather than filled with zeros.
    public func isIncluded(hasDisputes: Bool, hasCredits: Bool) -> Bool {
        switch self {
        case .disputeRate, .disputedOpenBalance: return hasDisputes
        case .unappliedCredit, .netOpenBalance: return hasCredits
        default: return true
        }
    }
}

/// A ledger feature's definition: what it means, how it prints, and how it is computed.
public struct LedgerFeatureDefinition: Sendable {
    public let feature: LedgerFeature
    /// Name, display name and unit, as every other known feature has them.
    public let info: FeatureInfo
    /// The definition in words, as the README's feature table prints it (Markdown).
    public let text: String
    /// The same definition as a formula over per-invoice quantities, for the SQL export
    /// (`FeatureFormula`); a test holds it equal to `value`.
    public let formula: FeatureFormula
    /// The value from an account's running totals; never NaN (every account has an invoice).
    let value: @Sendable (AccountTotals) -> Double

    init(_ feature: LedgerFeature, _ displayName: String, _ unit: FeatureUnit, _ text: String,
         _ formula: FeatureFormula, value: @escaping @Sendable (AccountTotals) -> Double) {
        self.feature = feature
        info = FeatureInfo(name: feature.rawValue, displayName: displayName, unit: unit)
        self.text = text
        self.formula = formula
        self.value = value
    }
}

/// Names of the columns an `--accounts` file may bring that the domain knows about.
public enum AccountAttribute {
    public static let creditScore = "credit_score"
    public static let creditLimit = "credit_limit"
    /// open_balance / credit_limit; added when the accounts file has `credit_limit`.
    public static let creditUtilisation = "credit_utilisation"
    public static let accountType = "account_type"
    public static let paymentMethod = "payment_method"
}
