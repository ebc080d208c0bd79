import Testing
import Tabular
@testable import Receivables

/// Validity: on a generated ledger (as of 2025-06-30, so the quarter after T = 2025-03-31 is in
/// it) the planted personas show in the outcomes. The figures are printed for BENCHMARKS.md.
@Suite struct OutcomeValidityTests {
    static let generatedAsOf = CalendarDay(year: 2025, month: 6, day: 30)!
    static let asOf = CalendarDay(year: 2025, month: 3, day: 31)!

    static func outcomesByPersona(horizon: Int) -> [Persona: OutcomeSummary] {
        let synthetic = LedgerGenerator(customers: 2000, seed: 42, asOf: generatedAsOf).generate()
        let personas = Persona.allCases
        let groupOf = Dictionary(uniqueKeysWithValues: zip(synthetic.accountIds,
                                                           synthetic.personas.map { personas.firstIndex(of: $0)! }))
        var accumulator = OutcomeAccumulator(asOf: asOf, horizon: horizon, groupOf: groupOf, groupCount: personas.count)
        for invoice in synthetic.invoices { accumulator.add(invoice) }
        let tallies = accumulator.finish().tallies
        return Dictionary(uniqueKeysWithValues: personas.enumerated().map { ($1, OutcomeSummary(tallies[$0])) })
    }

    @Test(arguments: [30, 60])
    func plantedPersonasShowInTheOutcomes(horizon: Int) throws {
        let o = Self.outcomesByPersona(horizon: horizon)
        for persona in Persona.allCases {
            let s = o[persona]!
            print("validity H=\(horizon) \(persona.rawValue): overdue accounts \(s.overdueAccounts), collected share "
                  + "\(s.collectedShare.map { String($0) } ?? "n/a"), cure rate \(s.cureRate.map { String($0) } ?? "n/a"), "
                  + "median days to pay \(s.daysToPayMedian.map { String($0) } ?? "n/a"), "
                  + "DSO \(s.kpis.dso.map { String($0) } ?? "n/a"), ADD \(s.kpis.averageDaysDelinquent.map { String($0) } ?? "n/a")")
        }
        let share = { (p: Persona) in try #require(o[p]!.collectedShare) }
        let cure = { (p: Persona) in try #require(o[p]!.cureRate) }
        let add = { (p: Persona) in try #require(o[p]!.kpis.averageDaysDelinquent) }
        // Prompt payers pay what is overdue sooner than the late personas; high-value-at-risk
        // accounts (invoices stuck, lateness rising to 75 days) collect least.
        for late in [Persona.chronicLate, .highValueAtRisk] {
            #expect(try share(.promptPayer) > share(late), "collected share: prompt payers vs \(late.rawValue)")
            #expect(try cure(.promptPayer) > cure(late), "cure rate: prompt payers vs \(late.rawValue)")
        }
        #expect(try share(.highValueAtRisk) < share(.occasionalLate))
        #expect(try add(.chronicLate) > add(.promptPayer) && add(.highValueAtRisk) > add(.strategic))
        let days = { (p: Persona) in try #require(o[p]!.daysToPayMedian) }
        #expect(try days(.chronicLate) > days(.promptPayer) && days(.highValueAtRisk) > days(.promptPayer))
    }
}
