import PropertyBased
import Testing
import Tabular
@testable import Receivables

/// `DunningPlanner.topInvoices` (the segment report's invoice view) gives the top of the whole
/// plan's invoices while planning only their accounts.
@Suite struct PlanTopInvoicesTests {
    @Test func theTopOfTheWholePlan() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var input = PlanPropertyTests.Problem(seed: seed).input
            for collectors in [input.collectors, nil] {
                input.collectors = collectors
                let whole = DunningPlanner.plan(input).invoices
                for count in [1, 3, 20] {
                    let (open, amount, top) = DunningPlanner.topInvoices(input, count: count)
                    #expect(top == Array(whole.prefix(count)), "count \(count), collectors \(collectors != nil)")
                    #expect(open == whole.count && amount == whole.reduce(0) { $0 + $1.openAmount })
                }
            }
        }
    }
}
