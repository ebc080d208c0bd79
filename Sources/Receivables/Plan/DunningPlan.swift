import Foundation
import Tabular

/// An invoice's priority on a day, with its parts (the worklist's score, per invoice):
/// `amount_points = log10(1 + open amount)`, `age_points = min(max(days past due, 0), 120) / 30`,
/// `risk_points` = the segment's risk (z of its mean `avg_days_late`, clamped to 0-3);
/// `priority` is their sum; each is rounded to 0.001.
public struct InvoicePriority: Equatable, Sendable, Codable {
    public let amountPoints: Double
    public let agePoints: Double
    public let riskPoints: Double
    public let priority: Double

    public init(openAmount: Double, daysPastDue: Int, risk: Double) {
        amountPoints = Self.rounded(log10(1 + max(0, openAmount)))
        agePoints = Self.rounded(Double(min(max(daysPastDue, 0), 120)) / 30)
        riskPoints = Self.rounded(min(3, max(0, risk)))
        priority = Self.rounded(amountPoints + agePoints + riskPoints)
    }

    /// To 0.001; `+ 0` turns `-0.0` into `0.0`.
    static func rounded(_ x: Double) -> Double { (x * 1000).rounded() / 1000 + 0 }
}

/// One communication or task: a row of `actions.csv`.
public struct PlannedAction: Equatable, Sendable {
    public var date: CalendarDay
    public var accountId: String
    public var channel: DunningChannel
    /// The policy level (the highest of the invoices it covers), `dispute_desk` or `broken_promise`.
    public var level: String
    public var strategyId: String
    /// Ordered by due date, then id.
    public var invoiceIds: [String]
    /// Open amount of those invoices at the as-of date.
    public var amount: Double
    /// The highest invoice priority among them on `date`, with its parts.
    public var priority: InvoicePriority
    /// `nil` when unassigned (no collectors file, not a call, or nobody handles it).
    public var collector: String?
    public var reason: String
    /// The level's template (`--letters`); `nil` = the built-in one.
    public var template: String?
    /// Per invoice of `invoiceIds`, its level before consolidation.
    public var invoiceLevels: [String]
}

/// A level skipped because the account's open amount at it is below `min_amount`.
public struct SkippedLevel: Equatable, Sendable {
    public var date: CalendarDay
    public var accountId: String
    public var level: String
    public var invoiceIds: [String]
    public var amount: Double
    public var minAmount: Double
}

/// A call that found no collector with capacity on `date` and moved to the next working day
/// (with the account's other contacts of that day, so the contact interval still holds).
public struct DeferredCall: Equatable, Sendable {
    public var date: CalendarDay
    public var accountId: String
    public var priority: Double
    /// The first day it was due.
    public var since: CalendarDay
}

/// An open invoice and the first thing the plan does about it.
public struct PlannedInvoice: Equatable, Sendable {
    public var invoice: Invoice
    public var openAmount: Double
    public var daysPastDue: Int
    public var strategyId: String
    /// On the as-of date.
    public var priority: InvoicePriority
    /// `nil` when nothing is planned for it in the window.
    public var nextAction: PlannedAction?
}

/// The result of `DunningPlanner.plan`.
public struct DunningPlan: Equatable, Sendable {
    public var asOf: CalendarDay
    public var lastDay: CalendarDay
    /// By date, then priority (highest first), account id and channel.
    public var actions: [PlannedAction]
    public var skipped: [SkippedLevel]
    /// Every day a call did not fit (one entry per call and day).
    public var deferrals: [DeferredCall]
    /// Calls still waiting for a collector after the last day (`date` = the last working day).
    public var backlog: [DeferredCall]
    /// Open invoices by priority on the as-of date (highest first, then amount, then id).
    public var invoices: [PlannedInvoice]
    /// `nil` without a collectors file.
    public var collectors: [Collector]?
    public var workingDays: [CalendarDay]
    /// Things the user should know (history rows for unknown levels, holds that ended before T...).
    public var notes: [String]
}
