/// The numeric account features computed from a ledger at an as-of date, in output order.
///
/// Definitions (only invoices dated on or before as-of count; an invoice is paid when
/// `paid_date <= as-of`, open otherwise; days past due = as-of - due date; days
/// late of a paid invoice = max(0, paid - due)):
/// - `invoice_count`: invoices.
/// - `billed_12m`: amount of invoices dated in the 365 days ending at as-of (as-of - 364 ... as-of).
/// - `avg_invoice_amount`: mean amount.
/// - `open_balance`: open amount.
/// - `overdue_balance`: open amount with days past due >= 1.
/// - `aging_current`, `aging_1_30`, `aging_31_60`, `aging_61_90`, `aging_90_plus`: open amount
///   by days past due: <= 0, 1-30, 31-60, 61-90, > 90.
/// - `share_overdue_30_plus`: open amount more than 30 days past due / open balance (0 when nothing is open).
/// - `avg_days_late`, `max_days_late`: mean and maximum days late over paid invoices (0 when none paid).
/// - `pct_paid_late`: percentage (0-100) of paid invoices with days late > 0 (0 when none paid).
/// - `dispute_rate`: fraction (0-1) of invoices marked disputed.
/// - `days_late_trend`: mean days late of invoices paid in the 90 days ending at as-of minus the
///   mean of those paid earlier (0 when either group is empty); positive = getting later.
/// - `max_days_past_due`: days past due of the oldest overdue open invoice (0 when none).
/// - `disputed_open_balance`: open amount on disputed invoices.
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
