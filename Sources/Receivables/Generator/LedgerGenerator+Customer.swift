import NumericCore
import Tabular

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// One invoice drawn for a customer: the parts that vary from invoice to invoice (the
/// customer's terms and payment method are in `CustomerDraws`).
struct InvoiceDraft: Sendable {
    var day: Int32
    /// `day` plus the payment delay; `Int32.max` when not paid by as-of.
    var paidDay: Int32
    var amount: Double
    var disputed: Bool

    var isPaid: Bool { paidDay != Int32.max }
}

/// What `CustomerDraws.invoice(on:asOf:season:habits:)` needs of a `PersonaBehaviour`.
struct PaymentHabits: Sendable {
    let lateProbability: (start: Double, end: Double)
    let daysLate: (start: Double, end: Double)
    let disputeProbability: Double
    let stuckProbability: Double

    init(_ b: PersonaBehaviour) {
        lateProbability = b.lateProbability
        daysLate = b.daysLate
        disputeProbability = b.disputeProbability
        stuckProbability = b.stuckProbability
    }
}

/// One customer's random draws in the generator's fixed order: persona and invoicing habits
/// first (`init`), then one step per day from `start` to as-of (`invoice(on:asOf:season:habits:)`), then the
/// account attributes (`attributes(billing:)`). Everything comes from the customer's own
/// `SplitMix64` stream, so a customer can be drawn alone, paused after any day and resumed
/// (the streaming writer keeps one of these per customer: 48 bytes).
struct CustomerDraws: Sendable {
    var rng: SplitMix64
    let perMonth: Double
    let meanAmount: Double
    /// First day (days since 1970-01-01) on which the customer can be invoiced.
    let start: Int32
    let lifetime: Int32
    let terms: Int16
    /// Index into the persona's `paymentMethods`.
    let method: UInt8
    /// Index of the persona in `Persona.allCases`.
    let personaIndex: UInt8

    static let personas = Persona.allCases
    /// The behaviour of each persona, in `Persona.allCases` order (built once).
    static let behaviours = personas.map(PersonaBehaviour.of)

    /// The payment side of each persona's behaviour, plain numbers (no reference counting in
    /// the day loop).
    static let habits = behaviours.map(PaymentHabits.init)

    var persona: Persona { Self.personas[Int(personaIndex)] }
    var behaviour: PersonaBehaviour { Self.behaviours[Int(personaIndex)] }
    var habits: PaymentHabits { Self.habits[Int(personaIndex)] }

    /// Draws customer `index` (0-based) of `generator`: persona, billing size, invoice rate,
    /// terms, payment method and start date.
    init(customer index: Int, of generator: LedgerGenerator) {
        var rng = SplitMix64(seed: SplitMix64.derivedSeed(generator.seed, stream: UInt64(index)))
        let persona = LedgerGenerator.drawPersona(&rng)
        personaIndex = UInt8(Self.personas.firstIndex(of: persona)!)
        let b = Self.behaviours[Int(personaIndex)]
        let annual = b.medianAnnualBilling * exp(0.5 * rng.nextGaussian())
        perMonth = b.invoicesPerMonth * exp(0.25 * rng.nextGaussian())
        meanAmount = annual / (12 * perMonth)
        let u = rng.nextUniform()
        terms = u < b.terms.net30 ? 30 : (u < b.terms.net30 + b.terms.net45 ? 45 : 60)
        method = UInt8(LedgerGenerator.pick(b.paymentMethods.map(\.1), &rng))
        let lifetime = generator.historyDays / 2 + rng.nextInt(below: generator.historyDays / 2 + 1)
        self.lifetime = Int32(lifetime)
        start = Int32(generator.asOf.daysSinceEpoch - lifetime)
        self.rng = rng
    }

    /// The draws of day `day` (call for every day from `start` to `asOf`, in order): an
    /// invoice issued that day, or nil. `season` is `LedgerGenerator.seasonalRate(day)`.
    @inline(__always)
    mutating func invoice(on day: Int, asOf: Int, season: Double, habits b: PaymentHabits) -> InvoiceDraft? {
        guard rng.nextUniform() < perMonth * season / 30.44 else { return nil }
        let start = Int(self.start), terms = Int(self.terms)
        let progress = Double(day - start) / Double(max(1, Int(lifetime)))
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
        if asOf - day < 120 && rng.nextUniform() < b.stuckProbability {
            delay = asOf - day + 1  // still unpaid at as-of
        }
        let paid = day + terms + delay
        return InvoiceDraft(day: Int32(day), paidDay: paid <= asOf ? Int32(paid) : Int32.max,
                            amount: amount, disputed: disputed)
    }

    /// The account attributes, drawn after the last day; `billing` is the customer's
    /// billing of the last `FeatureBuilder.billingWindowDays` days, summed in issue order.
    mutating func attributes(billing: Double) -> (creditScore: Double, creditLimit: Double, region: String) {
        let score = min(850, max(300, (behaviour.creditScore + 40 * rng.nextGaussian()).rounded()))
        // Limits cover two to four months of billing, rounded to thousands.
        let limit = max(1000, ((billing / 12) * (2 + 2 * rng.nextUniform()) / 1000).rounded() * 1000)
        return (score, limit, LedgerGenerator.regions[rng.nextInt(below: LedgerGenerator.regions.count)])
    }
}
