import NumericCore
import Tabular

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// A synthetic invoice ledger in which every customer follows one planted `Persona`.
///
/// Realism: customer sizes spread over four orders of magnitude (log-normal around each
/// persona's median billing); invoice amounts log-normal (sigma 0.6) around the customer's
/// average; net 30/45/60 terms; invoices arrive day by day with a seasonal rate (plus or
/// minus 25%, peaking in December); customers start 9-18 months before as-of. Payments:
/// on time means 0-8 days before the due date; late means a log-normal number of days
/// after it; disputed invoices are paid 20-60 days late; high-value-at-risk customers grow
/// later over time and leave recent invoices unpaid. Payments after as-of are not yet
/// known, so their `paid_date` is empty.
///
/// Determinism: customer `i` draws from its own `SplitMix64` stream derived from `seed`,
/// so the same seed, count and as-of give the same ledger, byte for byte.
public struct LedgerGenerator: Sendable {
    /// Number of customers, at least 1; ids are `C00001`, `C00002`, ...
    public var customers: Int
    public var seed: UInt64
    /// The day the ledger is seen from: no invoice after it, payments after it left open.
    public var asOf: CalendarDay
    /// The oldest possible customer starts this many days before as-of.
    public var historyDays = 540

    public init(customers: Int, seed: UInt64, asOf: CalendarDay) {
        precondition(customers >= 1, "the generator needs at least one customer")
        self.customers = customers
        self.seed = seed
        self.asOf = asOf
    }

    /// Draws the customers, their personas, invoices and attributes (see the type's notes),
    /// all in memory: for small ledgers and tests. `write(ledger:truth:accounts:)` streams
    /// the same bytes for a ledger of any size.
    public func generate() -> SyntheticLedger {
        var drafts: [(invoice: Invoice, order: Int)] = []
        var truth: [Persona] = []
        var attributes: [[Double]] = []
        var accountTypes: [String] = [], regions: [String] = []
        let ids = (0..<customers).map(accountId)
        let seasons = seasonalRates()
        for (i, id) in ids.enumerated() {
            var customer = CustomerDraws(customer: i, of: self)
            let behaviour = customer.behaviour, habits = customer.habits
            let method = behaviour.paymentMethods[Int(customer.method)].0
            truth.append(customer.persona)
            var billing = 0.0
            for day in Int(customer.start)...asOf.daysSinceEpoch {
                guard let draft = customer.invoice(on: day, asOf: asOf.daysSinceEpoch, season: seasons[day - firstDay],
                                                   habits: habits) else { continue }
                let issued = CalendarDay(daysSinceEpoch: day)
                if asOf - issued < FeatureBuilder.billingWindowDays { billing += draft.amount }
                let invoice = Invoice(accountId: id, invoiceId: "", invoiceDate: issued,
                                      dueDate: issued + Int(customer.terms), amount: draft.amount,
                                      paidDate: draft.isPaid ? CalendarDay(daysSinceEpoch: Int(draft.paidDay)) : nil,
                                      disputed: draft.disputed, paymentMethod: method)
                drafts.append((invoice, drafts.count))
            }
            let drawn = customer.attributes(billing: billing)
            attributes.append([drawn.creditScore, drawn.creditLimit])
            accountTypes.append(behaviour.accountType)
            regions.append(drawn.region)
        }
        // Ledger order is issue order; invoice numbers follow it.
        drafts.sort { ($0.invoice.invoiceDate, $0.order) < ($1.invoice.invoiceDate, $1.order) }
        let width = invoiceIdWidth(count: drafts.count)
        let invoices = drafts.enumerated().map { n, draft -> Invoice in
            var invoice = draft.invoice
            invoice.invoiceId = Self.paddedId(prefix: "INV", n + 1, width: width)
            return invoice
        }
        let accounts = AccountTable(
            ids: ids, numericNames: Self.accountNumericNames, values: Matrix(attributes),
            categoricalColumns: [AccountTable.CategoricalColumn(name: AccountAttribute.accountType, values: accountTypes),
                                 AccountTable.CategoricalColumn(name: "region", values: regions)])
        return SyntheticLedger(invoices: invoices, accountIds: ids, personas: truth, accounts: accounts)
    }

    static let regions = ["north", "south", "east", "west"]
    static let accountNumericNames = [AccountAttribute.creditScore, AccountAttribute.creditLimit]

    /// The id of customer `index` (0-based): `C` and the 1-based number, zero-padded to at
    /// least five digits (more when the count has more).
    func accountId(_ index: Int) -> String {
        Self.paddedId(prefix: "C", index + 1, width: max(5, String(customers).count))
    }

    /// Digits of an invoice number when the ledger has `count` invoices (at least seven).
    func invoiceIdWidth(count: Int) -> Int { max(7, String(count).count) }

    /// `prefix` and `number` zero-padded to `width` digits.
    static func paddedId(prefix: String, _ number: Int, width: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The earliest day a customer can start (`historyDays` before as-of).
    var firstDay: Int { asOf.daysSinceEpoch - historyDays }

    /// `seasonalRate` of every day from `firstDay` to as-of (index `day - firstDay`).
    func seasonalRates() -> [Double] {
        (firstDay...asOf.daysSinceEpoch).map(Self.seasonalRate)
    }

    /// Invoice-rate multiplier of `day`: +25% in early December (day 334 of 1970 is December
    /// 1st), -25% in early June.
    static func seasonalRate(_ day: Int) -> Double {
        1 + 0.25 * cos(2 * Double.pi * Double(day - 334) / 365.2425)
    }

    static func drawPersona(_ rng: inout SplitMix64) -> Persona {
        var u = rng.nextUniform()
        for persona in Persona.allCases {
            u -= PersonaBehaviour.of(persona).weight
            if u < 0 { return persona }
        }
        return Persona.allCases.last!
    }

    /// Index of the choice drawn with the given probabilities (the last one if rounding
    /// leaves the draw past the end).
    static func pick(_ probabilities: [Double], _ rng: inout SplitMix64) -> Int {
        var u = rng.nextUniform()
        for (index, p) in probabilities.enumerated() {
            u -= p
            if u < 0 { return index }
        }
        return probabilities.count - 1
    }
}

/// The generator's output: the ledger, the planted persona of each customer, and static
/// account attributes (`credit_score`, `credit_limit`, `account_type`, `region`).
public struct SyntheticLedger: Sendable {
    /// In issue order.
    public let invoices: [Invoice]
    public let accountIds: [String]
    /// `personas[i]` is the persona of `accountIds[i]`.
    public let personas: [Persona]
    public let accounts: AccountTable

    /// `account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,payment_method`,
    /// ISO dates, `disputed` as yes/no, empty `paid_date` for invoices open at as-of.
    public var ledgerCSV: String {
        var writer = CSVWriter(header: LedgerField.canonicalLayout.map(\.rawValue))
        for invoice in invoices {
            writer.append([.text(invoice.accountId), .text(invoice.invoiceId), .text(invoice.invoiceDate.description),
                           .text(invoice.dueDate.description), .number(invoice.amount),
                           invoice.paidDate.map { .text($0.description) } ?? .empty,
                           .text(invoice.disputed ? "yes" : "no"), .text(invoice.paymentMethod ?? "")])
        }
        return writer.text
    }

    /// `account_id,persona`.
    public var truthCSV: String {
        var writer = CSVWriter(header: ["account_id", "persona"])
        for (id, persona) in zip(accountIds, personas) { writer.append([.text(id), .text(persona.rawValue)]) }
        return writer.text
    }
}
