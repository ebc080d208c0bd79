import NumericCore

#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif

/// The seeds of the ERP shapes' draws (`ERPShape`), one per concern, derived from the
/// generator's seed on streams far above any customer's (`SplitMix64.derivedSeed(seed, stream:
/// i)` for customer `i`), so they never touch the customers' draws nor each other.
struct ERPSeeds: Sendable {
    let customer: UInt64, payments: UInt64, memos: UInt64, layout: UInt64, duplicates: UInt64, rates: UInt64

    init(seed: UInt64) {
        func concern(_ k: UInt64) -> UInt64 { SplitMix64.derivedSeed(seed, stream: 0x4552_5000_0000_0000 + k) }
        customer = concern(1); payments = concern(2); memos = concern(3); layout = concern(4)
        duplicates = concern(5); rates = concern(6)
    }

    /// The stream of item `index` (a customer, an invoice number, a row) of `concern`.
    static func stream(_ concern: UInt64, _ index: Int) -> SplitMix64 {
        SplitMix64(seed: SplitMix64.derivedSeed(concern, stream: UInt64(index)))
    }
}

/// What the ERP shapes draw once per customer: its currency, the kind of its HighRadius
/// number, its name and business-code variant. Eight bytes, kept for every customer.
struct ERPCustomer: Sendable {
    /// Index into `ERPShape.currencies` (0, the reporting currency, for about 70%).
    let currency: UInt8
    /// HighRadius: an alphanumeric customer number (`CCU013`) instead of digits (3%).
    let alphanumeric: Bool
    /// HighRadius business code among the reporting currency's (`U001` for about 85%).
    let business: UInt8
    /// HighRadius `name_customer`: indices into `stems` and `suffixes`.
    let stem: UInt8, suffix: UInt8

    static let businessCodes = ["U001", "U002", "U005", "U013"]
    static let stems = ["NORTHW", "BLUE RIV", "ACME SUP", "GRAND M", "SUNRIS", "PIONE", "MAPLE T", "HARBO",
                        "SILVER L", "KEYST", "PRAIRI", "ORCHAR", "SUMMI", "LAKESI", "REDWO", "CEDAR P", "HIGHLA",
                        "BAYVIE", "GOLDEN G", "RIVERB", "O'NEIL", "ST. CLA", "TRI/ST", "ELM & OA"]
    static let suffixes = ["corp", "llc", "co", "us", "in", "trust", "associates", "foundation", "systems", "group"]

    /// Customer `index`'s draws; always the same five draws, whatever the currency count.
    init(index: Int, seeds: ERPSeeds, currencyCount: Int) {
        var rng = ERPSeeds.stream(seeds.customer, index)
        let home = rng.nextUniform() < 0.7
        let other = rng.nextInt(below: max(1, currencyCount - 1))
        currency = currencyCount > 1 && !home ? UInt8(1 + other) : 0
        alphanumeric = rng.nextUniform() < 0.03
        let u = rng.nextUniform()
        business = u < 0.85 ? 0 : UInt8(1 + Int((u - 0.85) / 0.05))
        stem = UInt8(rng.nextInt(below: Self.stems.count))
        suffix = UInt8(rng.nextInt(below: Self.suffixes.count))
    }
}

/// The payments of one invoice (currency units of the invoice, in cents), all dated on or
/// before as-of, and the day they settle it (`nil` while they fall short).
///
/// Drawn from the invoice's own stream given the base ledger's settlement day `paid` (the
/// `paid_date` the canonical ledger has):
/// - paid by as-of: one payment on `paid` (72%); 2-3 instalments, the earlier ones on days
///   between the invoice date and `paid`, the last on `paid` (20%); one payment on `paid` that
///   exceeds the amount by 0.5-5%, an overpayment (4%); one payment on `paid` short by 2-10%, a
///   deduction that leaves the invoice open (4%);
/// - open at as-of and at least 5 days old: one payment of 20-80% on a day after the invoice
///   date (30%), else none.
struct PaymentPlan: Sendable {
    var payments: [(day: Int, cents: Int)] = []
    var settledDay: Int?

    init(invoice number: Int, seeds: ERPSeeds, day: Int, paid: Int?, cents amount: Int, asOf: Int) {
        var rng = ERPSeeds.stream(seeds.payments, number)
        let u = rng.nextUniform()
        let share = rng.nextUniform()
        guard let paid else {
            if asOf - day >= 5 && u < 0.3 {
                let on = day + 1 + rng.nextInt(below: asOf - day)
                payments = [(on, Self.part(amount, 0.2 + 0.6 * share))]
            }
            return
        }
        switch u {
        case ..<0.72:
            payments = [(paid, amount)]
            settledDay = paid
        case ..<0.92:
            let count = 2 + rng.nextInt(below: 2)
            var days = (1..<count).map { _ in day + rng.nextInt(below: max(1, paid - day)) }
            days.sort()
            var left = amount
            for on in days {
                let part = min(left - 1, Self.part(left, 0.2 + 0.3 * rng.nextUniform()))
                guard part >= 1 else { break }
                payments.append((on, part))
                left -= part
            }
            payments.append((paid, left))
            settledDay = paid
        case ..<0.96:
            payments = [(paid, amount + max(1, Int((Double(amount) * (0.005 + 0.045 * share)).rounded())))]
            settledDay = paid
        default:
            payments = [(paid, amount - Self.part(amount, 0.02 + 0.08 * share))]
        }
    }

    /// `fraction` of `cents`, rounded, between 1 and `cents - 1` (`cents` >= 2).
    static func part(_ cents: Int, _ fraction: Double) -> Int {
        min(cents - 1, max(1, Int((Double(cents) * fraction).rounded())))
    }
}

/// A credit memo that follows an invoice (a return or a price adjustment): issued 3-45 days
/// after it for 5-40% of its amount, in its currency; cleared (`paid_date`) 5-90 days later in
/// 60% of cases, if that is on or before as-of. Drawn for 25% of disputed invoices and 3% of
/// the others; memos that would be issued after as-of are not known yet.
struct CreditMemoDraw: Sendable {
    let day: Int
    let cents: Int
    let clearedDay: Int?
    /// SAP: `G2` instead of `DG`.
    let otherType: Bool

    init?(invoice number: Int, seeds: ERPSeeds, day invoiceDay: Int, cents amount: Int, disputed: Bool, asOf: Int) {
        var rng = ERPSeeds.stream(seeds.memos, number)
        let u = rng.nextUniform()
        let offset = 3 + rng.nextInt(below: 43)
        let fraction = 0.05 + 0.35 * rng.nextUniform()
        let cleared = rng.nextUniform() < 0.6
        let clearing = 5 + rng.nextInt(below: 86)
        otherType = rng.nextUniform() < 0.5
        guard u < (disputed ? 0.25 : 0.03), invoiceDay + offset <= asOf else { return nil }
        day = invoiceDay + offset
        cents = min(amount, max(100, Int((Double(amount) * fraction).rounded())))
        clearedDay = cleared && day + clearing <= asOf ? day + clearing : nil
    }
}

/// Per-invoice draws of the layouts: the other invoice type code (`X2`, `DR`), how many days
/// before posting the HighRadius document was created (0-2), and an occasional other payment
/// terms code (10% of invoices).
struct LayoutDraw: Sendable {
    let otherType: Bool
    let createdBefore: Int
    /// nil: the customer's usual terms code; else an index into the other codes.
    let otherTerms: Int?

    init(invoice number: Int, seeds: ERPSeeds, otherTypeShare: Double) {
        var rng = ERPSeeds.stream(seeds.layout, number)
        otherType = rng.nextUniform() < otherTypeShare
        createdBefore = rng.nextInt(below: 3)
        let u = rng.nextUniform()
        otherTerms = u < 0.1 ? rng.nextInt(below: 2) : nil
    }

    /// The usual terms code of net 30, 45 and 60, then the two occasional ones, per layout.
    static func termsCodes(_ layout: ERPLayout) -> (usual: [Int: String], other: [String]) {
        layout == .sapFBL5N
            ? ([30: "NT30", 45: "NT45", 60: "NT60"], ["NT10", "NT14"])
            : ([30: "NAA8", 45: "NAH4", 60: "NAC6"], ["NAM4", "NAD1"])
    }
}
