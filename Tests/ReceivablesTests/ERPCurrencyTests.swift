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

    // MARK: settlement in the invoice's currency

    /// One invoice per account, each a case of settlement across currencies; USD is the
    /// reporting currency (no rate row), CAD 0.75 then 0.70 from 2025-03-01, EUR 1.1 then 1.2.
    static let settlementLedger = """
    account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,currency
    A,1,2025-01-10,2025-02-10,100,,no,CAD
    B,2,2025-01-10,2025-02-10,100,,no,EUR
    C,3,2025-02-01,2025-03-03,100,,no,CAD
    D,4,2025-01-10,2025-02-10,100,,no,EUR
    E,5,2025-01-10,2025-02-10,100,,no,USD
    F,6,2025-01-10,2025-02-10,100,,no,USD
    G,7,2025-01-10,2025-02-10,100,,no,USD
    H,8,2025-01-10,2025-02-10,100,,no,USD
    I,9,2025-01-10,2025-02-10,100,,no,CAD
    J,10,2025-01-10,2025-02-10,100,,no,CAD

    """
    static let settlementRates = "currency,rate,valid_from\nCAD,0.75,\nCAD,0.70,2025-03-01\nEUR,1.1,\nEUR,1.2,2025-03-01\n"
    static let settlementPayments = """
    invoice_id,payment_date,amount
    1,2025-02-15,40
    1,2025-03-15,60
    2,2025-03-15,100
    3,2025-03-05,50
    4,2025-03-15,95
    5,2025-02-01,33.33
    5,2025-02-15,33.33
    5,2025-03-01,33.34
    6,2025-02-01,15.21
    6,2025-02-15,48.84
    6,2025-03-01,35.95
    7,2025-02-20,100.004
    8,2025-02-20,105
    9,2025-02-15,60
    9,2025-03-15,45
    10,2025-02-15,33.33
    10,2025-03-15,33.33
    10,2025-03-20,33.34

    """

    @Test func settlementIsJudgedInTheInvoicesCurrency() throws {
        let (rows, _, notes, read) = try reader.features(Self.settlementLedger, files: [
            "rates.csv": Self.settlementRates, "payments.csv": Self.settlementPayments,
        ]) { source, dir in
            source.ratesPath = dir.path + "/rates.csv"
            source.payments = PaymentsFile(path: dir.path + "/payments.csv")
        }
        #expect(read.reportingCurrency == "USD")
        func row(_ id: String) throws -> [String: Double] { try #require(rows[id]) }
        func close(_ a: Double?, _ b: Double) -> Bool { a.map { abs($0 - b) < 1e-9 } ?? false }
        // A: 100 CAD paid exactly (40 at 0.75, 60 at 0.70): settled on 2025-03-15, 33 days after
        // its due date, nothing open, no credit. In USD sums 75 - 30 - 42 = 3 would stay open.
        var r = try row("A")
        #expect(r["open_balance"] == 0 && r["unapplied_credit"] == 0 && r["avg_days_late"] == 33 && r["pct_paid_late"] == 100)
        #expect(close(r["billed_12m"], 75))
        // B: 100 EUR paid exactly after the rate rose (110 billed, 120 paid in USD): settled, no credit.
        r = try row("B")
        #expect(r["open_balance"] == 0 && r["unapplied_credit"] == 0 && r["avg_days_late"] == 33)
        // C: 50 of 100 CAD paid: open; 75 - 50 x 0.70 = 40 USD, 28 days past due.
        r = try row("C")
        #expect(close(r["open_balance"], 40) && close(r["aging_1_30"], 40) && r["max_days_past_due"] == 28 && r["avg_days_late"] == 0)
        // D: 95 of 100 EUR paid: 5 EUR still owed, so open (49 days past due), but 110 - 95 x 1.2
        // = -4 USD: its open amount is floored at 0.
        r = try row("D")
        #expect(r["open_balance"] == 0 && r["max_days_past_due"] == 49 && r["avg_days_late"] == 0 && r["unapplied_credit"] == 0)
        // E, F: 100 USD in three instalments (33.33 + 33.33 + 33.34, and 15.21 + 48.84 + 35.95,
        // whose float sum exceeds 100 by 1.4e-14): settled on 2025-03-01, 19 days late, no credit.
        for id in ["E", "F"] {
            r = try row(id)
            #expect(r["open_balance"] == 0 && r["unapplied_credit"] == 0 && r["net_open_balance"] == 0 && r["avg_days_late"] == 19, "\(id)")
        }
        // G: overpaid by 0.004: settled (10 days late), no credit. H: overpaid by 5: 5 of credit.
        r = try row("G")
        #expect(r["open_balance"] == 0 && r["unapplied_credit"] == 0 && r["avg_days_late"] == 10)
        r = try row("H")
        #expect(r["unapplied_credit"] == 5 && r["net_open_balance"] == -5)
        // I: 60 + 45 CAD for 100: 5 CAD of credit at the rate of the latest payment (0.70) = 3.5 USD.
        r = try row("I")
        #expect(close(r["unapplied_credit"], 3.5) && r["open_balance"] == 0 && r["avg_days_late"] == 33)
        // J: 100 CAD = 33.33 + 33.33 + 33.34 at two rates: settled by the third payment (2025-03-20, 38 days late).
        r = try row("J")
        #expect(r["open_balance"] == 0 && r["unapplied_credit"] == 0 && r["avg_days_late"] == 38)
        #expect(notes.contains { $0.hasPrefix("2 invoices are overpaid by 2025-03-31") }, "H and I only: \(notes)")
    }

    @Test func theSettlementMembersKeepLocalAndReportingAmountsApart() {
        let day = { (text: String) in CalendarDay(iso: text[...])! }
        // 100 CAD billed at 0.75: 40 CAD at 0.75, then 65 CAD at 0.70.
        let invoice = Invoice(accountId: "A", invoiceId: "1", invoiceDate: day("2025-01-10"), dueDate: day("2025-02-10"),
                              amount: 75, localAmount: 100, paidDate: nil, disputed: false, currency: "CAD",
                              payments: [Payment(date: day("2025-03-15"), amount: 65, rate: 0.70),
                                         Payment(date: day("2025-02-15"), amount: 40, rate: 0.75)])
        #expect(invoice.paidAmount(at: day("2025-02-28")) == 40, "in the invoice's currency")
        #expect(invoice.openAmount(at: day("2025-02-28")) == 45, "75 - 40 x 0.75")
        #expect(invoice.excessPayment(at: day("2025-02-28")) == 0)
        #expect(invoice.settlementDate == day("2025-03-15"))
        #expect(invoice.openAmount(at: day("2025-03-15")) == 0)
        #expect(abs(invoice.excessPayment(at: day("2025-03-15")) - 3.5) < 1e-12, "5 CAD at 0.70")
    }
}
