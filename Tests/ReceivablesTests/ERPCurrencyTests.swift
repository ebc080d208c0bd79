import Foundation
@testable import Receivables
import Tabular
import TestSupport
import Testing

/// Golden tests of the reporting currency and of settlement across currencies (issue 12,
/// item 3) on hand-built ledgers, payments and rates: every number worked out by hand below.
@Suite struct ERPCurrencyTests {
    let reader = ERPLedgerTests()

    func thrown(_ body: () throws -> Void) -> String? { errorDescription(body) }

    // MARK: the reporting currency from the rates file

    /// Features of `ERPLedgerTests.currencyLedger` (CAD, USD, EUR) with `rates` and no
    /// reporting currency named.
    func inferred(_ rates: String, ledger: String = ERPLedgerTests.currencyLedger, named: String? = nil) throws
        -> (rows: [String: [String: Double]], notes: [String], read: LedgerReadReport) {
        let (rows, _, notes, read) = try reader.features(ledger, files: ["rates.csv": rates]) { source, dir in
            source.ratesPath = dir.path + "/rates.csv"
            source.reportingCurrency = named
        }
        return (rows, notes, read)
    }

    @Test func theLedgerCurrencyWithoutARateIsTheReportingCurrency() throws {
        // USD has no row while CAD and EUR have: USD. Invoice 1: 100 CAD at 0.75 (before the
        // 0.70 row) = 75; invoice 2: 100 CAD at 0.70 = 70; invoice 3: 100 USD. B: 40 USD + 40 EUR at 1.1.
        let (rows, notes, read) = try inferred("currency,rate,valid_from\nCAD,0.75,\nCAD,0.70,2025-03-01\nEUR,1.1,2025-01-01\n")
        #expect(read.reportingCurrency == "USD")
        #expect(abs(rows["A"]!["billed_12m"]! - 245) < 1e-9 && abs(rows["A"]!["open_balance"]! - 245) < 1e-9)
        #expect(abs(rows["B"]!["billed_12m"]! - 84) < 1e-9)
        #expect(notes.contains { $0.contains("money is in USD") && $0.contains("USD inferred") }, "\(notes)")
        // The same numbers as naming it.
        let named = try inferred("currency,rate,valid_from\nCAD,0.75,\nCAD,0.70,2025-03-01\nEUR,1.1,2025-01-01\n", named: "USD")
        #expect(named.rows == rows && named.read.reportingCurrency == "USD")
        #expect(!named.notes.contains { $0.contains("inferred") })
    }

    @Test func theLedgerCurrencyWhoseRatesAllSayOneIsTheReportingCurrency() throws {
        // USD rows of 1 (one of them from a date after invoice 3: the reporting currency is 1
        // whatever the date), EUR from 2025-01-01 at 1.1 and then at 1 (not all 1).
        let rates = "currency,rate,valid_from\nUSD,1,2025-03-20\nUSD,1.0,2025-01-01\nCAD,0.75,\nCAD,0.70,2025-03-01\n"
            + "EUR,1.1,2025-01-01\nEUR,1,2025-03-01\n"
        let (rows, _, read) = try inferred(rates)
        #expect(read.reportingCurrency == "USD")
        // B: 40 USD + 40 EUR at 1 (the 2025-03-01 row is in force on 2025-03-10).
        #expect(rows["B"]!["billed_12m"] == 80)
        #expect(abs(rows["A"]!["billed_12m"]! - 245) < 1e-9)
    }

    @Test func severalCandidatesOrNoneStopTheRunNamingThem() throws {
        let ambiguous = thrown { _ = try inferred("currency,rate\nCAD,0.75\n") }
        #expect(ambiguous?.contains("ledger.csv: exchange rates are given and the reporting currency is ambiguous: "
                                    + "candidates EUR 1 rows, USD 2 rows (each has no rate, or only rates of 1, in ") == true,
                "\(ambiguous ?? "")")
        #expect(ambiguous?.hasSuffix("rates.csv); give reportingCurrency") == true, "\(ambiguous ?? "")")
        let allOnes = thrown { _ = try inferred("currency,rate\nCAD,1\nUSD,1\nEUR,1.1\n") }
        #expect(allOnes?.contains("candidates CAD 2 rows, USD 2 rows") == true, "\(allOnes ?? "")")
        let none = thrown { _ = try inferred("currency,rate\nCAD,0.75\nEUR,1.1\nUSD,0.9\n") }
        #expect(none?.contains("ledger.csv: exchange rates are given and no ledger currency can be the reporting currency "
                               + "(CAD 2 rows, EUR 1 rows, USD 2 rows: each has a rate other than 1 in ") == true, "\(none ?? "")")
    }

    @Test func theReportingCurrencyConvertsAtOneWhetherNamedOrInferred() throws {
        let single = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,currency\nA,1,2025-01-10,2025-02-10,100,,no,CAD\n"
        // The only currency is the reporting currency: a rate row for it other than 1 is an error at that row.
        let only = thrown { _ = try inferred("currency,rate,valid_from\nCAD,1,\nCAD,0.75,2025-01-01\n", ledger: single) }
        #expect(only?.hasSuffix("rates.csv:3:rate: the reporting currency CAD converts at 1 (the ledger's only currency is the "
                                + "reporting currency; give reportingCurrency to report in another) (0.75)") == true, "\(only ?? "")")
        let (rows, _, read) = try inferred("currency,rate\nCAD,1\n", ledger: single)
        #expect(read.reportingCurrency == "CAD" && rows["A"]?["open_balance"] == 100)
        // Named: checked before the ledger is read.
        let named = thrown { _ = try inferred("currency,rate\nCAD,0.75\nUSD,1.1\n", named: "USD") }
        #expect(named?.hasSuffix("rates.csv:3:rate: the reporting currency USD converts at 1 (1.1)") == true, "\(named ?? "")")
        // Rates with a ledger that names no currency.
        let plain = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed\nA,1,2025-01-10,2025-02-10,100,,no\n"
        #expect(thrown { _ = try inferred("currency,rate\nCAD,0.75\n", ledger: plain) }?.contains(
            "exchange rates are given but the ledger names no currency") == true)
    }
}
