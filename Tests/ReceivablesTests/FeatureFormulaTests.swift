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
        let paid = invoice.settlementDate(at: asOf)
        switch q {
        case .amount: return invoice.amount
        case .daysLate: return paid.map { Double(max(0, $0 - invoice.dueDate)) }
        case .daysPastDue: return Double(asOf - invoice.dueDate)
        case .daysSinceInvoice: return Double(asOf - invoice.invoiceDate)
        case .daysSincePayment: return paid.map { Double(asOf - $0) }
        case .openAmount: return invoice.openAmount(at: asOf)
        case .excessPayment: return invoice.excessPayment(at: asOf)
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

    /// `documents`: an account's invoices and credit memos dated on or before as-of, in file order.
    static func aggregate(_ a: InvoiceAggregate, _ documents: [Invoice]) -> Double {
        let invoices = documents.filter { $0.kind == .invoice }
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
        case .openCredit:
            var total = 0.0
            for memo in documents where memo.kind == .creditMemo && memo.isOpen(at: asOf) { total += memo.amount }
            return total
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

    /// An ERP-shaped ledger: invoices with 0-3 payments (short, exact, over, some after as-of),
    /// and credit memos, some cleared.
    static func randomERPLedger(_ rng: inout SplitMix64) -> [Invoice] {
        (0..<(1 + rng.nextInt(below: 60))).map { n in
            let issued = -rng.nextInt(below: 500) + 20
            let amount = (rng.nextUniform() * 1e5).rounded() / 100
            let account = "A\(rng.nextInt(below: 4))"
            if rng.nextUniform() < 0.15 {
                let cleared: Int? = rng.nextUniform() < 0.5 ? nil : issued + rng.nextInt(below: 100)
                return Invoice(accountId: account, invoiceId: "M\(n)", invoiceDate: asOf + issued, dueDate: asOf + issued,
                               amount: amount, paidDate: cleared.map { asOf + $0 }, disputed: false, kind: .creditMemo)
            }
            var payments: [Payment] = []
            var left = amount
            let share = [0.3, 0.5, 1.0, 1.1][rng.nextInt(below: 4)]
            for k in 0..<rng.nextInt(below: 4) {
                let paid = k == 2 ? left * share : (left * rng.nextUniform() * 100).rounded() / 100
                guard paid > 0 else { continue }
                payments.append(Payment(date: asOf + (issued + rng.nextInt(below: 120)), amount: paid))
                left -= paid
            }
            return Invoice(accountId: account, invoiceId: "\(n)", invoiceDate: asOf + issued,
                           dueDate: asOf + (issued + [0, 30, 60][rng.nextInt(below: 3)]), amount: amount, paidDate: nil,
                           disputed: rng.nextUniform() < 0.2, payments: payments)
        }
    }

    /// With payments and credit memos every included feature's formula (open amounts, excess
    /// payments, open credit) equals the feature: bit for bit, except the two credit columns,
    /// which `features` sums in one running total (memos and overpayments interleaved in file
    /// order) and the formula in two parts: within 1e-12.
    @Test func everyFormulaEqualsTheFeatureOnERPLedgers() {
        var rng = SplitMix64(seed: 12)
        var accountsSeen = 0, credited = 0
        for _ in 0..<200 {
            let ledger = Self.randomERPLedger(&rng)
            var accumulator = FeatureAccumulator(asOf: Self.asOf, hasDisputes: true, hasCredits: true)
            for document in ledger { accumulator.add(document) }
            let table = accumulator.table()
            #expect(accumulator.features == LedgerFeature.allCases, "every feature with disputes and credits")
            for (i, id) in table.ids.enumerated() {
                let documents = ledger.filter { $0.accountId == id && $0.invoiceDate <= Self.asOf }
                for (j, feature) in accumulator.features.enumerated() {
                    let formula = Self.evaluate(feature.definition.formula, documents)
                    let value = table.values[i, j]
                    if feature == .unappliedCredit || feature == .netOpenBalance {
                        #expect(abs(formula - value) <= 1e-12 * max(1, abs(value)), "\(feature.rawValue) of \(id): \(formula) vs \(value)")
                    } else {
                        #expect(formula == value, "\(feature.rawValue) of \(id): formula \(formula), features \(value)")
                    }
                }
                if table.values[i, accumulator.features.firstIndex(of: .unappliedCredit)!] > 0 { credited += 1 }
                accountsSeen += 1
            }
        }
        #expect(accountsSeen > 400)
        #expect(credited > 100, "credit memos and overpayments must occur")
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
