import NumericCore
import Tabular
import Testing
@testable import Receivables

/// Each feature's `FeatureFormula` (what the SQL export runs) evaluated here invoice by invoice,
/// with SQL's rules (a quantity undefined at as-of is NULL, and a comparison with NULL is false),
/// must equal the feature `ar-segment features` computes, bit for bit: sums run in file order in
/// both, so the two definitions of every feature cannot drift apart.
@Suite struct FeatureFormulaTests {
    static let asOf = CalendarDay(year: 2024, month: 6, day: 30)!

    static func quantity(_ q: InvoiceQuantity, _ invoice: Invoice) -> Double? {
        let paid = invoice.paidDate.flatMap { $0 <= asOf ? $0 : nil }
        switch q {
        case .amount: return invoice.amount
        case .daysLate: return paid.map { Double(max(0, $0 - invoice.dueDate)) }
        case .daysPastDue: return Double(asOf - invoice.dueDate)
        case .daysSinceInvoice: return Double(asOf - invoice.invoiceDate)
        case .daysSincePayment: return paid.map { Double(asOf - $0) }
        }
    }

    static func holds(_ condition: InvoiceCondition, _ invoice: Invoice) -> Bool {
        switch condition {
        case .paid: return !invoice.isOpen(at: asOf)
        case .open: return invoice.isOpen(at: asOf)
        case .disputed: return invoice.disputed
        case .below(let q, let bound): return quantity(q, invoice).map { $0 < Double(bound) } ?? false
        case .atLeast(let q, let bound): return quantity(q, invoice).map { $0 >= Double(bound) } ?? false
        case .aging(let bucket):
            let (lower, upper) = bucket.daysPastDueBounds
            let dpd = asOf - invoice.dueDate
            return invoice.isOpen(at: asOf) && lower.map { dpd >= $0 } ?? true && upper.map { dpd <= $0 } ?? true
        case .all(let conditions): return conditions.allSatisfy { holds($0, invoice) }
        }
    }

    static func aggregate(_ a: InvoiceAggregate, _ invoices: [Invoice]) -> Double {
        switch a {
        case .count(let c): return Double(invoices.filter { invoice in c.map { holds($0, invoice) } ?? true }.count)
        case .sum(let q, let c):
            var total = 0.0
            for invoice in invoices where c.map({ holds($0, invoice) }) ?? true { total += quantity(q, invoice) ?? 0 }
            return total
        case .maxOrZero(let q, let c):
            var best = 0.0
            for invoice in invoices where c.map({ holds($0, invoice) }) ?? true { best = max(best, quantity(q, invoice) ?? 0) }
            return best
        }
    }

    static func evaluate(_ f: FeatureFormula, _ invoices: [Invoice]) -> Double {
        switch f {
        case .aggregate(let a): return aggregate(a, invoices)
        case .constant(let x): return x
        case .plus(let a, let b): return evaluate(a, invoices) + evaluate(b, invoices)
        case .minus(let a, let b): return evaluate(a, invoices) - evaluate(b, invoices)
        case .times(let a, let b): return evaluate(a, invoices) * evaluate(b, invoices)
        case .over(let a, let b): return evaluate(a, invoices) / evaluate(b, invoices)
        case .whenPositive(let tests, let then, let otherwise):
            return tests.allSatisfy { evaluate($0, invoices) > 0 } ? evaluate(then, invoices) : evaluate(otherwise, invoices)
        }
    }

    static func randomLedger(_ rng: inout SplitMix64) -> [Invoice] {
        (0..<(1 + rng.nextInt(below: 80))).map { n in
            let issued = -rng.nextInt(below: 800) + 20
            let paid: Int? = rng.nextUniform() < 0.3 ? nil : issued + rng.nextInt(below: 200)
            let terms = [0, 30, 45, 60][rng.nextInt(below: 4)]
            return Invoice(accountId: "A\(rng.nextInt(below: 5))", invoiceId: "\(n)", invoiceDate: asOf + issued,
                           dueDate: asOf + (issued + terms), amount: (rng.nextUniform() * 1e6).rounded() / 100,
                           paidDate: paid.map { asOf + $0 }, disputed: rng.nextUniform() < 0.2)
        }
    }

    @Test func everyFormulaEqualsTheFeatureBitForBit() {
        var rng = SplitMix64(seed: 15)
        var accountsSeen = 0
        for _ in 0..<200 {
            let ledger = Self.randomLedger(&rng)
            let table = FeatureBuilder(asOf: Self.asOf).build(ledger)
            for (i, id) in table.ids.enumerated() {
                let invoices = ledger.filter { $0.accountId == id && $0.invoiceDate <= Self.asOf }
                for (j, feature) in LedgerFeature.canonical.enumerated() {
                    let formula = Self.evaluate(feature.definition.formula, invoices)
                    #expect(formula == table.values[i, j], "\(feature.rawValue) of \(id): formula \(formula), features \(table.values[i, j])")
                }
                accountsSeen += 1
            }
        }
        #expect(accountsSeen > 500)
    }

    @Test func agingBoundsAreTheBucketsOfInitDaysPastDue() {
        for days in -5...130 {
            let bucket = AgingBucket(daysPastDue: days)
            let (lower, upper) = bucket.daysPastDueBounds
            #expect(lower.map { days >= $0 } ?? true && upper.map { days <= $0 } ?? true)
            for other in AgingBucket.allCases where other != bucket {
                let (l, u) = other.daysPastDueBounds
                #expect(!(l.map { days >= $0 } ?? true && u.map { days <= $0 } ?? true), "\(days) in \(other) too")
            }
        }
    }

    @Test func aggregatesAreListedOnceInFirstUseOrder() {
        let open = LedgerFeature.shareOverdue30plus.definition.formula.aggregates
        #expect(open.count == 5, "the five aging sums, each once")
        #expect(Set(open).count == open.count)
    }
}
