import Clustering
import NumericCore
import TestSupport
import Testing
import Tabular
@testable import Receivables

private let asOf = CalendarDay(year: 2025, month: 6, day: 30)!

@Suite struct LedgerGeneratorTests {
    @Test func sameSeedSameBytesOtherSeedOtherBytes() {
        let a = LedgerGenerator(customers: 150, seed: 9, asOf: asOf).generate()
        let b = LedgerGenerator(customers: 150, seed: 9, asOf: asOf).generate()
        let c = LedgerGenerator(customers: 150, seed: 10, asOf: asOf).generate()
        #expect(a.ledgerCSV == b.ledgerCSV && a.truthCSV == b.truthCSV && a.accounts.csv == b.accounts.csv)
        #expect(a.ledgerCSV != c.ledgerCSV)
    }

    @Test func ledgerIsValidAndKnownOnlyUpToAsOf() throws {
        let synthetic = LedgerGenerator(customers: 300, seed: 3, asOf: asOf).generate()
        let dir = try ScratchDirectory()
        let invoices = try LedgerReader.read(path: dir.write("ledger.csv", synthetic.ledgerCSV))
        #expect(invoices == synthetic.invoices)
        #expect(invoices.allSatisfy { $0.invoiceDate <= asOf && ($0.paidDate.map { $0 <= asOf } ?? true) })
        #expect(invoices.contains { $0.paidDate == nil })
        #expect(Set(invoices.map { $0.dueDate - $0.invoiceDate }) == [30, 45, 60])
        #expect(zip(invoices, invoices.dropFirst()).allSatisfy { $0.invoiceDate <= $1.invoiceDate })
        let truth = try AccountTable.read(path: dir.write("truth.csv", synthetic.truthCSV))
        #expect(truth.ids == synthetic.accountIds)
        #expect(Set(truth.categorical["persona"]!) == Set(Persona.allCases.map(\.rawValue)))
        let accounts = try AccountTable.read(path: dir.write("accounts.csv", synthetic.accounts.csv))
        #expect(accounts.numericNames == ["credit_score", "credit_limit"])
        #expect(accounts.categoricalColumns.map(\.name) == ["account_type", "region"])
    }

    @Test func customersSpanOrdersOfMagnitude() {
        let synthetic = LedgerGenerator(customers: 500, seed: 5, asOf: asOf).generate()
        let table = FeatureBuilder(asOf: asOf).build(synthetic.invoices)
        let billed = table.numericColumn("billed_12m")!.sorted()
        #expect(billed[billed.count / 20] * 1000 < billed[billed.count * 19 / 20])
    }

    /// generate -> features -> log1p(money) -> z-scores -> k-means (k = 7) recovers the planted
    /// personas: adjusted Rand index at least 0.8 on the default clustering features.
    @Test func kMeansRecoversPlantedPersonas() throws {
        let synthetic = LedgerGenerator(customers: 2000, seed: 42, asOf: asOf).generate()
        let table = FeatureBuilder(asOf: asOf).build(synthetic.invoices)
        let names = FeatureCatalog.defaultClusteringFeatures
        let columns = names.map { table.numericIndex($0)! }
        var x = table.values.selectingColumns(columns)
        for (j, name) in names.enumerated() where FeatureCatalog.isMoney(name) {
            for i in 0..<x.rows { x[i, j] = x[i, j].log1p }
        }
        let z = StandardScaler(ddof: 0).fit(x).transform(x)
        let model = try KMeans(clusterCount: Persona.allCases.count, restarts: 10, seed: 1).fit(z)
        let personaOf = Dictionary(uniqueKeysWithValues: zip(synthetic.accountIds, synthetic.personas))
        let truth = table.ids.map { Persona.allCases.firstIndex(of: personaOf[$0]!)! }
        let ari = ClusterQuality.adjustedRandIndex(truth, model.labels)
        print("persona recovery: adjusted Rand index \(ari) over \(table.rowCount) accounts")
        #expect(ari >= 0.8)
    }
}

@Suite struct PlantedStrategyTests {
    /// Profiling the planted personas themselves, the default rules name each one's strategy.
    @Test func defaultRulesNameEveryPersona() {
        let synthetic = LedgerGenerator(customers: 2000, seed: 42, asOf: asOf).generate()
        let table = FeatureBuilder(asOf: asOf).build(synthetic.invoices)
        let personaOf = Dictionary(uniqueKeysWithValues: zip(synthetic.accountIds, synthetic.personas))
        let labels = table.ids.map { Persona.allCases.firstIndex(of: personaOf[$0]!)! }
        let profiles = SegmentProfiler.profile(table: table, labels: labels)
        let assignments = StrategyBook.default.assign(profiles)
        #expect(assignments.map(\.strategy.id) == ["self_cure", "occasional_late", "chronic_late", "high_value_at_risk",
                                                   "dispute_heavy", "small_balance", "strategic"])
        let worklist = Worklist.build(table: table, labels: labels, profiles: profiles, assignments: assignments)
        print("planted personas: \(worklist.summary.sentence)")
        #expect(assignments[4].reasons.first?.hasPrefix("dispute rate 45") == true, "\(assignments[4].reasons)")
        #expect(assignments[4].reasons.first?.contains(" overall (z +") == true)
        #expect(assignments[4].reasons.count == 2)
        #expect(assignments[5].reasons.first?.hasPrefix("median billing in the last 12 months 2.8% of the overall median") == true, "\(assignments[5].reasons)")
        #expect(assignments[5].reasons.first?.contains("% of the overall median") == true)
        #expect(worklist.entries.first?.strategyId == "high_value_at_risk")
    }
}

private extension Double {
    var log1p: Double { Foundation.log1p(self) }
}

import Foundation
