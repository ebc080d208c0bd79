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

    /// Draws the customers, their personas, invoices and attributes (see the type's notes).
    public func generate() -> SyntheticLedger {
        let width = max(5, String(customers).count)
        var drafts: [(invoice: Invoice, order: Int)] = []
        var truth: [Persona] = []
        var attributes: [[Double]] = []
        var accountTypes: [String] = [], regions: [String] = []
        let ids = (1...customers).map { "C" + String(repeating: "0", count: width - String($0).count) + String($0) }
        for (i, id) in ids.enumerated() {
            var rng = SplitMix64(seed: SplitMix64.derivedSeed(seed, stream: UInt64(i)))
            let persona = Self.drawPersona(&rng)
            let behaviour = PersonaBehaviour.of(persona)
            truth.append(persona)
            let invoices = customerInvoices(id: id, behaviour: behaviour, rng: &rng)
            for invoice in invoices { drafts.append((invoice, drafts.count)) }
            let billing = invoices.filter { asOf - $0.invoiceDate < FeatureBuilder.billingWindowDays }
                .reduce(0) { $0 + $1.amount }
            let score = min(850, max(300, (behaviour.creditScore + 40 * rng.nextGaussian()).rounded()))
            // Limits cover two to four months of billing, rounded to thousands.
            let limit = max(1000, ((billing / 12) * (2 + 2 * rng.nextUniform()) / 1000).rounded() * 1000)
            attributes.append([score, limit])
            accountTypes.append(behaviour.accountType)
            regions.append(Self.regions[rng.nextInt(below: Self.regions.count)])
        }
        // Ledger order is issue order; invoice numbers follow it.
        drafts.sort { ($0.invoice.invoiceDate, $0.order) < ($1.invoice.invoiceDate, $1.order) }
        let invoiceWidth = max(7, String(drafts.count).count)
        let invoices = drafts.enumerated().map { n, draft -> Invoice in
            var invoice = draft.invoice
            let number = String(n + 1)
            invoice.invoiceId = "INV" + String(repeating: "0", count: invoiceWidth - number.count) + number
            return invoice
        }
        let accounts = AccountTable(
            ids: ids, numericNames: [AccountAttribute.creditScore, AccountAttribute.creditLimit],
            values: Matrix(attributes),
            categoricalColumns: [AccountTable.CategoricalColumn(name: AccountAttribute.accountType, values: accountTypes),
                                 AccountTable.CategoricalColumn(name: "region", values: regions)])
        return SyntheticLedger(invoices: invoices, accountIds: ids, personas: truth, accounts: accounts)
    }

    static let regions = ["north", "south", "east", "west"]

    static func drawPersona(_ rng: inout SplitMix64) -> Persona {
        var u = rng.nextUniform()
        for persona in Persona.allCases {
            u -= PersonaBehaviour.of(persona).weight
            if u < 0 { return persona }
        }
        return Persona.allCases.last!
    }

    /// One customer's invoices (ids filled in later), in issue order.
    func customerInvoices(id: String, behaviour b: PersonaBehaviour, rng: inout SplitMix64) -> [Invoice] {
        let annual = b.medianAnnualBilling * exp(0.5 * rng.nextGaussian())
        let perMonth = b.invoicesPerMonth * exp(0.25 * rng.nextGaussian())
        let meanAmount = annual / (12 * perMonth)
        let u = rng.nextUniform()
        let terms = u < b.terms.net30 ? 30 : (u < b.terms.net30 + b.terms.net45 ? 45 : 60)
        let method = Self.pick(b.paymentMethods, &rng)
        let lifetime = historyDays / 2 + rng.nextInt(below: historyDays / 2 + 1)
        let start = asOf.daysSinceEpoch - lifetime
        var invoices: [Invoice] = []
        for day in start...asOf.daysSinceEpoch {
            // Seasonal rate: +25% in early December (day 334 of 1970 is December 1st).
            let season = 1 + 0.25 * cos(2 * Double.pi * Double(day - 334) / 365.2425)
            guard rng.nextUniform() < perMonth * season / 30.44 else { continue }
            let progress = Double(day - start) / Double(max(1, lifetime))
            let issued = CalendarDay(daysSinceEpoch: day)
            let due = CalendarDay(daysSinceEpoch: day + terms)
            let amount = max(1, (meanAmount * exp(0.6 * rng.nextGaussian() - 0.18) * 100).rounded() / 100)
            let disputed = rng.nextUniform() < b.disputeProbability
            let lateProbability = b.lateProbability.start + (b.lateProbability.end - b.lateProbability.start) * progress
            let medianLate = b.daysLate.start + (b.daysLate.end - b.daysLate.start) * progress
            var delay: Int
            if disputed {
                delay = 20 + rng.nextInt(below: 41)
            } else if rng.nextUniform() < lateProbability {
                delay = max(1, Int((medianLate * exp(0.4 * rng.nextGaussian())).rounded()))
            } else {
                delay = -rng.nextInt(below: min(9, terms))
            }
            if asOf.daysSinceEpoch - day < 120 && rng.nextUniform() < b.stuckProbability {
                delay = asOf.daysSinceEpoch - day + 1  // still unpaid at as-of
            }
            let paid = day + terms + delay
            invoices.append(Invoice(accountId: id, invoiceId: "", invoiceDate: issued, dueDate: due, amount: amount,
                                    paidDate: paid <= asOf.daysSinceEpoch ? CalendarDay(daysSinceEpoch: paid) : nil,
                                    disputed: disputed, paymentMethod: method))
        }
        return invoices
    }

    static func pick(_ choices: [(String, Double)], _ rng: inout SplitMix64) -> String {
        var u = rng.nextUniform()
        for (value, p) in choices {
            u -= p
            if u < 0 { return value }
        }
        return choices.last!.0
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
        var writer = CSVWriter(header: LedgerField.allCases.map(\.rawValue))
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
