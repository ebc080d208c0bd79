import NumericCore
import Testing
import Tabular
@testable import Receivables

private let asOf = CalendarDay(year: 2024, month: 6, day: 30)!

/// An invoice issued `issued` days from as-of, due `terms` days later, paid `paid` days from as-of.
private func invoice(_ account: String, _ id: String, issued: Int, terms: Int = 30, amount: Double, paid: Int?,
                     disputed: Bool = false, method: String? = nil) -> Invoice {
    Invoice(accountId: account, invoiceId: id, invoiceDate: asOf + issued, dueDate: asOf + (issued + terms),
            amount: amount, paidDate: paid.map { asOf + $0 }, disputed: disputed, paymentMethod: method)
}

private func feature(_ table: AccountTable, _ id: String, _ name: LedgerFeature) -> Double {
    table.values[table.ids.firstIndex(of: id)!, table.numericIndex(name.rawValue)!]
}

@Suite struct FeatureBuilderTests {
    /// Hand-computed: see the comments for each expected number.
    let ledger: [Invoice] = [
        invoice("X", "1", issued: -400, amount: 100, paid: -365, method: "ACH"),          // late 5, outside 12m
        invoice("X", "2", issued: -364, amount: 200, paid: -300, disputed: true, method: "ACH"), // late 34, inside 12m
        invoice("X", "3", issued: -365, amount: 50, paid: -340, method: "ACH"),           // on time, outside 12m
        invoice("X", "4", issued: -100, amount: 300, paid: -60, method: "ACH"),           // late 10, recent
        invoice("X", "5", issued: -95, amount: 400, paid: 5, disputed: true, method: "ACH"), // paid after as-of: open, 65 dpd
        invoice("X", "6", issued: -50, amount: 500, paid: nil, method: "wire"),           // open, 20 dpd, latest invoice
        invoice("X", "9", issued: -89, amount: 600, paid: -1, method: "ACH"),             // late 58, recent
        invoice("X", "10", issued: -150, amount: 700, paid: -90, method: "ACH"),          // late 30, 90 days ago = earlier
        invoice("X", "11", issued: 1, amount: 1000, paid: nil, method: "card"),           // after as-of: ignored
        invoice("X", "12", issued: -50, amount: 0, paid: -49, method: ""),                // no method: not the latest named
        // Y: open invoices at the aging boundaries; days past due = -(issued + 30).
        invoice("Y", "y0", issued: -30, amount: 1, paid: nil, method: "check"),    // 0 dpd: current
        invoice("Y", "y1", issued: -31, amount: 2, paid: nil, method: "check"),    // 1
        invoice("Y", "y30", issued: -60, amount: 4, paid: nil, method: "check"),   // 30
        invoice("Y", "y31", issued: -61, amount: 8, paid: nil, method: "check"),   // 31
        invoice("Y", "y60", issued: -90, amount: 16, paid: nil, method: "check"),  // 60
        invoice("Y", "y61", issued: -91, amount: 32, paid: nil, method: "check"),  // 61
        invoice("Y", "y90", issued: -120, amount: 64, paid: nil, method: "check"), // 90
        invoice("Y", "y91", issued: -121, amount: 128, paid: nil, method: "check"),// 91
        invoice("Y", "ym5", issued: -25, amount: 256, paid: nil, method: "check"), // -5: current
        invoice("Z", "z1", issued: 3, amount: 9, paid: nil),                       // only after as-of: no row
    ]

    @Test func computesEveryColumnAsOfTheKeyDate() {
        let table = FeatureBuilder(asOf: asOf).build(ledger)
        #expect(table.ids == ["X", "Y"])
        #expect(table.numericNames == LedgerFeature.canonicalColumns)
        let expectedX: [LedgerFeature: Double] = [
            .invoiceCount: 9, .billed12m: 200 + 300 + 400 + 500 + 600 + 700, .avgInvoiceAmount: 2850.0 / 9,
            .openBalance: 900, .overdueBalance: 900, .agingCurrent: 0, .aging1to30: 500, .aging31to60: 0,
            .aging61to90: 400, .aging90plus: 0, .shareOverdue30plus: 400.0 / 900,
            .avgDaysLate: (5 + 34 + 0 + 10 + 58 + 30 + 0) / 7.0, .pctPaidLate: 100 * 5 / 7.0, .maxDaysLate: 58,
            .disputeRate: 2.0 / 9, .daysLateTrend: (10 + 58 + 0) / 3.0 - (5 + 34 + 0 + 30) / 4.0,
            .maxDaysPastDue: 65, .disputedOpenBalance: 400,
        ]
        for (name, value) in expectedX {
            #expect(abs(feature(table, "X", name) - value) < 1e-12, "X \(name.rawValue)")
        }
        let expectedY: [LedgerFeature: Double] = [
            .invoiceCount: 9, .billed12m: 511, .avgInvoiceAmount: 511.0 / 9, .openBalance: 511,
            .overdueBalance: 254, .agingCurrent: 257, .aging1to30: 6, .aging31to60: 24, .aging61to90: 96,
            .aging90plus: 128, .shareOverdue30plus: 248.0 / 511, .avgDaysLate: 0, .pctPaidLate: 0, .maxDaysLate: 0,
            .disputeRate: 0, .daysLateTrend: 0, .maxDaysPastDue: 91, .disputedOpenBalance: 0,
        ]
        for (name, value) in expectedY {
            #expect(abs(feature(table, "Y", name) - value) < 1e-12, "Y \(name.rawValue)")
        }
        #expect(table.categorical["payment_method"] == ["wire", "check"])
        #expect(FeatureBuilder(asOf: asOf).futureInvoiceCount(ledger) == 2)
    }

    @Test func ledgerWithoutPaymentMethodHasNoCategoricalColumn() {
        let plain = ledger.map { var i = $0; i.paymentMethod = nil; return i }
        #expect(FeatureBuilder(asOf: asOf).build(plain).categoricalColumns.isEmpty)
    }

    /// Seeded random ledgers: invariants of the definitions, and the two as-of rules as
    /// metamorphic relations (later invoices and later payments change nothing).
    @Test func invariantsHoldOnRandomLedgers() {
        var rng = SplitMix64(seed: 2024)
        for _ in 0..<50 {
            var invoices: [Invoice] = []
            for n in 0..<(1 + rng.nextInt(below: 60)) {
                let issued = -rng.nextInt(below: 700) + 20
                let paid: Int? = rng.nextUniform() < 0.3 ? nil : issued + rng.nextInt(below: 150)
                invoices.append(invoice("A\(rng.nextInt(below: 6))", "\(n)", issued: issued,
                                        terms: [30, 45, 60][rng.nextInt(below: 3)],
                                        amount: (rng.nextUniform() * 1e5).rounded() / 100, paid: paid,
                                        disputed: rng.nextUniform() < 0.2))
            }
            let builder = FeatureBuilder(asOf: asOf)
            let table = builder.build(invoices)
            for i in 0..<table.rowCount {
                func f(_ name: LedgerFeature) -> Double { table.values[i, table.numericIndex(name.rawValue)!] }
                let buckets = f(.agingCurrent) + f(.aging1to30) + f(.aging31to60) + f(.aging61to90) + f(.aging90plus)
                #expect(abs(buckets - f(.openBalance)) <= 1e-9 * max(1, f(.openBalance)))
                #expect(abs(f(.overdueBalance) - (buckets - f(.agingCurrent))) <= 1e-9 * max(1, buckets))
                #expect((0...1).contains(f(.shareOverdue30plus)) && (0...1).contains(f(.disputeRate)))
                #expect((0...100).contains(f(.pctPaidLate)))
                #expect(f(.avgDaysLate) <= f(.maxDaysLate))
                #expect(f(.billed12m) <= f(.invoiceCount) * f(.avgInvoiceAmount) + 1e-6)
                #expect(f(.disputedOpenBalance) <= f(.openBalance) + 1e-9)
                #expect(f(.invoiceCount) >= 1)
            }
            let withFuture = invoices + [invoice("A0", "future", issued: 10, amount: 5, paid: 12),
                                         invoice("NEW", "future2", issued: 1, amount: 5, paid: nil)]
            #expect(builder.build(withFuture) == table)
            let paymentsUnknown = invoices.map { i -> Invoice in
                var copy = i
                if let paid = i.paidDate, paid > asOf { copy.paidDate = nil }
                return copy
            }
            #expect(builder.build(paymentsUnknown) == table)
        }
    }

    @Test(arguments: [(-3, 0), (0, 0), (1, 1), (30, 1), (31, 2), (60, 2), (61, 3), (90, 3), (91, 4), (4000, 4)])
    func agingBucketBoundaries(daysPastDue: Int, bucket: Int) {
        #expect(FeatureBuilder.agingBucket(daysPastDue: daysPastDue) == bucket)
    }
}
