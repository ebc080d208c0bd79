import Foundation
@testable import Receivables
import Tabular
import TestSupport
import Testing

/// Golden tests of issue 12 on hand-built ledgers: every rule with its exact numbers.
@Suite struct ERPLedgerTests {
    static let asOf = CalendarDay(iso: "2025-03-31")!
    static let header = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed"

    /// Features of `ledger` (and side files) read as `source`; the table's values by column name.
    func features(_ ledger: String, source: LedgerReadOptions = LedgerReadOptions(), files: [String: String] = [:],
                  configure: (inout LedgerReadOptions, ScratchDirectory) -> Void = { _, _ in })
        throws -> (rows: [String: [String: Double]], text: [String: [String: String]], notes: [String], read: LedgerReadReport) {
        let dir = try ScratchDirectory()
        let path = try dir.write("ledger.csv", ledger)
        for (name, text) in files { _ = try dir.write(name, text) }
        var source = source
        configure(&source, dir)
        let result = try FeatureOptions(asOf: Self.asOf, source: source).features(ledgerPath: path)
        var rows: [String: [String: Double]] = [:], text: [String: [String: String]] = [:]
        for (i, id) in result.table.ids.enumerated() {
            for (j, name) in result.table.numericNames.enumerated() { rows[id, default: [:]][name] = result.table.values[i, j] }
            for column in result.table.categoricalColumns { text[id, default: [:]][column.name] = column.values[i] }
        }
        return (rows, text, result.notes, result.read)
    }

    func thrown(_ body: () throws -> Void) -> String? { errorDescription(body) }

    // MARK: document types and credit memos

    @Test func creditMemosAreCreditOpenUntilClearedAndStayOutOfInvoiceFeatures() throws {
        let ledger = """
        account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,document_type
        A,1,2025-03-01,2025-03-31,100,,no,RV
        A,2,2025-02-01,2025-02-01,-30,,no,CM
        A,3,2025-02-01,2025-02-01,20,2025-03-15,no,CM
        A,4,2025-02-01,2025-02-01,40,2025-04-15,no,CM
        A,5,2025-02-01,2025-02-28,500,2025-03-01,no,DZ
        B,6,2025-03-01,2025-03-31,10,,no,RV

        """
        var source = LedgerReadOptions()
        source.documentTypes = try DocumentTypes(mapping: "RV=invoice,CM=credit_memo,DZ=ignore")
        let (rows, _, _, read) = try features(ledger, source: source)
        let a = try #require(rows["A"])
        #expect(a["invoice_count"] == 1, "credit memos and ignored rows are not invoices")
        #expect(a["avg_invoice_amount"] == 100)
        #expect(a["open_balance"] == 100)
        #expect(a["unapplied_credit"] == 70, "30 (negative written) + 40 (cleared after as-of); 20 cleared before")
        #expect(a["net_open_balance"] == 30)
        #expect(rows["B"]?["unapplied_credit"] == 0)
        #expect(read.ledger.ignored == 1)
        #expect(read.ledger.read == 6 && read.ledger.used == 6)
    }

    @Test func negativeInvoiceAndUnknownDocumentTypeAreBadRows() throws {
        var source = LedgerReadOptions()
        source.documentTypes = try DocumentTypes(mapping: "RV=invoice,CM=credit_memo")
        let negative = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,document_type\nA,1,2025-03-01,2025-03-31,-5,,no,RV\n"
        #expect(thrown { _ = try features(negative, source: source) }?.hasSuffix(
            "ledger.csv:2:amount: negative amount on an invoice (map credit memos with document types) (-5)") == true)
        let unknown = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,document_type\nA,1,2025-03-01,2025-03-31,5,,no,ZZ\n"
        #expect(thrown { _ = try features(unknown, source: source) }?.contains(
            "ledger.csv:2:document_type: unknown document type") == true)
        // Without document types a negative amount stays an error and the column is not read.
        #expect(thrown { _ = try features(negative) }?.contains("negative amount on an invoice") == true)
    }

    // MARK: partial payments

    static let paymentsLedger = """
    account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed
    A,1,2025-01-01,2025-01-31,100,2025-01-05,no
    A,2,2025-01-01,2025-02-28,100,,no
    A,3,2025-01-01,2025-01-31,50,,yes
    B,4,2025-02-01,2025-02-10,10,,no

    """

    @Test func partialPaymentsSettleOnThePaymentThatReachesHalfACent() throws {
        let payments = """
        invoice_id,payment_date,amount
        1,2025-02-10,60
        1,2025-03-05,39.996
        2,2025-03-01,30
        2,2025-04-10,70
        3,2025-03-20,20
        4,2025-03-01,25

        """
        let (rows, _, notes, read) = try features(Self.paymentsLedger, files: ["payments.csv": payments]) { source, dir in
            source.payments = PaymentsFile(path: dir.path + "/payments.csv")
        }
        let a = try #require(rows["A"])
        // Invoice 1: 100 - 60 - 39.996 = 0.004 <= 0.005: settled on 2025-03-05 (paid_date is not used),
        // 33 days late (due 2025-01-31). Invoice 2: 70 open (the later payment is after as-of),
        // 31 days past due. Invoice 3: 30 open, disputed, 59 days past due.
        #expect(a["invoice_count"] == 3 && a["billed_12m"] == 250, "invoice amounts, not open amounts")
        #expect(a["avg_days_late"] == 33 && a["max_days_late"] == 33 && a["pct_paid_late"] == 100)
        #expect(a["open_balance"] == 100)
        #expect(a["aging_31_60"] == 100 && a["aging_1_30"] == 0)
        #expect(a["max_days_past_due"] == 59)
        #expect(a["disputed_open_balance"] == 30)
        #expect(a["share_overdue_30_plus"] == 1)
        // Invoice 4: 10 owed, 25 paid: settled on 2025-03-01, 15 excess is unapplied credit.
        let b = try #require(rows["B"])
        #expect(b["open_balance"] == 0 && b["unapplied_credit"] == 15 && b["net_open_balance"] == -15)
        #expect(b["avg_days_late"] == 19)
        #expect(notes.contains { $0.hasPrefix("1 invoices are overpaid") })
        #expect(read.payments?.read == 6 && read.payments?.used == 6)
    }

    @Test func theSettlementRuleIsOneRuleForFeaturesBacktestAndPlan() {
        let day = { (text: String) in CalendarDay(iso: text[...])! }
        var invoice = Invoice(accountId: "A", invoiceId: "1", invoiceDate: day("2025-01-01"), dueDate: day("2025-01-31"),
                              amount: 100, paidDate: day("2025-01-02"), disputed: false)
        #expect(invoice.settlementDate == day("2025-01-02"))
        invoice.payments = [Payment(date: day("2025-03-05"), amount: 39.996), Payment(date: day("2025-02-10"), amount: 60)]
        #expect(invoice.openAmount(at: day("2025-02-09")) == 100)
        #expect(invoice.openAmount(at: day("2025-02-10")) == 40)
        #expect(invoice.isOpen(at: day("2025-03-04")))
        #expect(invoice.settlementDate == day("2025-03-05"), "paid_date is not used once payments are given")
        #expect(invoice.openAmount(at: day("2025-03-05")) == 0 && !invoice.isOpen(at: day("2025-03-05")))
        #expect(invoice.excessPayment(at: day("2025-12-31")) == 0)
        invoice.payments = [Payment(date: day("2025-02-10"), amount: 99.994)]
        #expect(invoice.settlementDate == nil, "0.006 still owed")
        invoice.payments = []
        #expect(invoice.settlementDate == nil && invoice.openAmount(at: day("2025-12-31")) == 100)
    }

    @Test func aPaymentForAnUnknownInvoiceIsABadRow() throws {
        let payments = "invoice_id,payment_date,amount\n1,2025-02-10,60\n99,2025-02-11,5\n"
        let message = thrown {
            _ = try features(Self.paymentsLedger, files: ["payments.csv": payments]) { source, dir in
                source.payments = PaymentsFile(path: dir.path + "/payments.csv")
            }
        }
        #expect(message?.hasSuffix("payments.csv:3:invoice_id: payment for an unknown invoice (99)") == true, "\(message ?? "")")
        let (_, _, _, read) = try features(Self.paymentsLedger, files: ["payments.csv": payments]) { source, dir in
            source.payments = PaymentsFile(path: dir.path + "/payments.csv")
            source.onBadRow = .reject
            source.maxRejectShare = 0.5
        }
        #expect(read.payments?.read == 2 && read.payments?.used == 1 && read.payments?.rejected == 1)
        #expect(read.rejects.map(\.reason) == ["payment for an unknown invoice"])
    }

    @Test func paymentColumnsAreMappedLikeLedgerColumns() throws {
        let payments = "Ref;Paid on;Sum\n"
        #expect(throws: Never.self) { _ = try PaymentsFile.columns(mapping: "invoice_id=Ref,payment_date=Paid on,amount=Sum") }
        #expect(thrown { _ = try PaymentsFile.columns(mapping: "invoice=Ref") }?.contains("unknown payment column 'invoice'") == true)
        _ = payments
        let file = "Ref,Paid on,Sum\n4,2025-03-01,10\n"
        let (rows, _, _, _) = try features(Self.paymentsLedger, files: ["p.csv": file]) { source, dir in
            source.payments = PaymentsFile(path: dir.path + "/p.csv",
                                           columns: try! PaymentsFile.columns(mapping: "invoice_id=Ref,payment_date=Paid on,amount=Sum"))
        }
        #expect(rows["B"]?["open_balance"] == 0 && rows["B"]?["avg_days_late"] == 19)
    }

    // MARK: currencies

    static let currencyLedger = """
    account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,currency
    A,1,2025-01-10,2025-02-10,100,,no,CAD
    A,2,2025-03-10,2025-04-10,100,,no,CAD
    A,3,2025-03-10,2025-04-10,100,,no,USD
    B,4,2025-03-10,2025-04-10,40,,no,USD
    B,5,2025-03-10,2025-04-10,40,,no,EUR

    """

    @Test func theRateInForceByValidFromConvertsInvoicesAndPayments() throws {
        let rates = "currency,rate,valid_from\nCAD,0.75,\nCAD,0.70,2025-03-01\nEUR,1.1,2025-01-01\n"
        let payments = "invoice_id,payment_date,amount\n1,2025-02-15,20\n1,2025-03-15,20\n"
        let (rows, text, _, read) = try features(Self.currencyLedger, files: ["rates.csv": rates, "payments.csv": payments]) { source, dir in
            source.ratesPath = dir.path + "/rates.csv"
            source.reportingCurrency = "USD"
            source.payments = PaymentsFile(path: dir.path + "/payments.csv")
        }
        // Invoice 1: 100 CAD at 0.75 (dated before the 0.70 rate) = 75, paid 20 CAD at 0.75 and
        // 20 CAD at 0.70: 75 - 15 - 14 = 46 open. Invoice 2: 100 CAD at 0.70 = 70. Invoice 3: 100 USD.
        let a = try #require(rows["A"])
        #expect(abs(a["billed_12m"]! - 245) < 1e-9)
        #expect(abs(a["open_balance"]! - 216) < 1e-9)
        #expect(text["A"]?["currency"] == "CAD", "most of its invoices")
        #expect(abs(rows["B"]!["billed_12m"]! - 84) < 1e-9)
        #expect(text["B"]?["currency"] == "EUR", "a tie goes to the code first in code-point order")
        #expect(read.reportingCurrency == "USD")
        // A rate missing for a date is a bad row naming the currency and the date.
        let late = "currency,rate,valid_from\nCAD,0.75,2025-02-01\nEUR,1.1,\n"
        let message = thrown {
            _ = try features(Self.currencyLedger, files: ["rates.csv": late]) { source, dir in
                source.ratesPath = dir.path + "/rates.csv"
                source.reportingCurrency = "USD"
            }
        }
        #expect(message?.contains("ledger.csv:2:currency: no exchange rate for CAD on 2025-01-10") == true, "\(message ?? "")")
    }

    @Test func severalCurrenciesWithoutRatesAreRefusedNamingEachWithItsRowCount() throws {
        let message = thrown { _ = try features(Self.currencyLedger) }
        #expect(message?.hasSuffix("ledger.csv: several currencies and no exchange rates: CAD 2 rows, EUR 1 rows, USD 2 rows "
                                   + "(give a rates file and the reporting currency)") == true, "\(message ?? "")")
        let single = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,currency\nA,1,2025-01-10,2025-02-10,100,,no,CAD\n"
        let (_, text, _, read) = try features(single)
        #expect(read.reportingCurrency == "CAD" && text["A"]?["currency"] == "CAD", "the only currency present")
    }

    @Test func categoricalTiesGoToTheValueFirstInCodePointOrder() throws {
        // Per account two values twice each: code-point order, not a locale's ("B" before "a",
        // "z" before "é"); a value seen more often wins whatever its order.
        let ledger = """
        account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,currency,region
        A,1,2025-01-10,2025-02-10,1,,no,usd,b
        A,2,2025-01-11,2025-02-10,1,,no,USD,B
        A,3,2025-01-12,2025-02-10,1,,no,usd,B
        A,4,2025-01-13,2025-02-10,1,,no,USD,b
        B,5,2025-01-10,2025-02-10,1,,no,USD,é
        B,6,2025-01-11,2025-02-10,1,,no,USD,z
        B,7,2025-01-12,2025-02-10,1,,no,USD,é
        B,8,2025-01-13,2025-02-10,1,,no,USD,z
        C,9,2025-01-10,2025-02-10,1,,no,usd,z
        C,10,2025-01-11,2025-02-10,1,,no,usd,a
        C,11,2025-01-12,2025-02-10,1,,no,USD,z

        """
        var source = LedgerReadOptions(categorical: ["region"])
        source.reportingCurrency = "USD"
        let rates = "currency,rate\nusd,1\n"
        let (_, text, _, _) = try features(ledger, source: source, files: ["rates.csv": rates]) { source, dir in
            source.ratesPath = dir.path + "/rates.csv"
        }
        #expect(text["A"]?["currency"] == "USD" && text["A"]?["region"] == "B")
        #expect(text["B"]?["region"] == "z")
        #expect(text["C"]?["currency"] == "usd" && text["C"]?["region"] == "z", "the most frequent, not the first in order")
    }

    // MARK: dates

    @Test func perColumnDatePatternsWithLiteralsAndTimeParts() throws {
        let ledger = """
        account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed
        A,1,2025-01-01,20250131.0,100,2025-02-10 13:45:00,no
        A,2,2025-03-01,20250331.0,50,,no

        """
        var source = LedgerReadOptions()
        source.dateFormats = try LedgerDateFormats(spec: "due_date=yyyyMMdd'.0',paid_date='yyyy-MM-dd HH:mm:ss'")
        let (rows, _, _, _) = try features(ledger, source: source)
        #expect(rows["A"]?["avg_days_late"] == 10 && rows["A"]?["open_balance"] == 50)
        // No guessing: a time part the pattern lacks is a bad date naming the pattern.
        source.dateFormats = try LedgerDateFormats(spec: "due_date=yyyyMMdd'.0'")
        #expect(thrown { _ = try features(ledger, source: source) }?.contains(
            "ledger.csv:2:paid_date: invalid or ambiguous date; expected an ISO date YYYY-MM-DD") == false)
        #expect(thrown { _ = try features(ledger, source: source) }?.contains(
            "ledger.csv:2:paid_date: invalid or ambiguous date; expected a date like yyyy-MM-dd (2025-02-10 13:45:00)") == true)
        // One pattern without '=' applies to every column, as before.
        #expect(try LedgerDateFormats(spec: "M/d/yyyy").format(for: "due_date").pattern == "M/d/yyyy")
        let mixed = try LedgerDateFormats(spec: "dd.MM.yyyy,paid_date=yyyy-MM-dd HH:mm:ss")
        #expect(mixed.format(for: "invoice_date").pattern == "dd.MM.yyyy" && mixed.format(for: "paid_date").pattern == "yyyy-MM-dd HH:mm:ss")
        #expect(thrown { _ = try LedgerDateFormats(spec: "due=yyyy") }?.contains("unknown date column 'due'") == true)
        #expect(thrown { _ = try LedgerDateFormats(spec: "due_date=yy-MM-dd") }?.contains("not a date pattern for due_date: 'yy-MM-dd'") == true)
    }

    // MARK: repeated header names, optional disputed

    @Test func aRepeatedHeaderNameIsAllowedUnlessAMappingUsesIt() throws {
        let ledger = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,note,note\nA,1,2025-01-01,2025-01-31,10,,x,y\n"
        let (rows, _, notes, _) = try features(ledger)
        #expect(rows["A"]?["dispute_rate"] == nil, "no disputed column: the dispute features are left out")
        #expect(rows["A"]?["open_balance"] == 10)
        #expect(notes.contains { $0.hasPrefix("column 'note' appears more than once") })
        #expect(notes.contains { $0.contains("no disputed column") })
        var source = LedgerReadOptions()
        source.columns = try LedgerColumns(mapping: "disputed=note")
        #expect(thrown { _ = try features(ledger, source: source) }?.hasSuffix(
            "ledger.csv:1:note: duplicate column name that a mapping uses (2 times)") == true)
    }

    // MARK: bad rows

    static let messyLedger = """
    account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed
    A,1,2025-01-01,2025-01-31,100,,no
    A,1,2025-01-01,2025-01-31,100,,no
    A,2,2025-01-01,2025-01-31,1;5,,no
    A,1,2025-01-02,2025-01-31,100,,no
    B,3,2025-13-01,2025-01-31,10,,no
    B,4,2025-01-01,2025-01-31,-3,,no
    B,5,2025-01-01,2025-01-31,7,,maybe
    "B",4,2025-01-01,2025-01-31,-3,,no
    B,6,2025-01-01,2025-01-31,7,,no

    """

    @Test func rejectModeConservesEveryRow() throws {
        var source = LedgerReadOptions(onBadRow: .reject, maxRejectShare: 1)
        source.onBadRow = .reject
        let (rows, _, notes, read) = try features(Self.messyLedger, source: source)
        #expect(read.ledger.read == 9)
        #expect(read.ledger.duplicatesDropped == 2, "line 3, and line 9 (same content, quoted differently)")
        #expect(read.ledger.rejected == 5)
        #expect(read.ledger.used == 2)
        #expect(read.ledger.read == read.ledger.used + read.ledger.rejected + read.ledger.duplicatesDropped)
        #expect(read.rejects.map { $0.error.line ?? 0 } == [4, 5, 6, 7, 8])
        #expect(read.rejectedByReason.map(\.reason) == ["duplicate invoice id with different content", "invalid amount",
                                                        "invalid date", "invalid disputed flag", "negative amount on an invoice"])
        #expect(rows["A"]?["invoice_count"] == 1 && rows["B"]?["invoice_count"] == 1)
        #expect(notes.first == "\(read.ledger.path): 9 rows read = 2 used + 5 rejected + 2 duplicates dropped")
        let csv = read.rejectsCSV(spelling: { "<\($0.rawValue)>" }).split(separator: "\n")
        #expect(csv[0] == "file,line,column,value,reason")
        #expect(csv[1].hasSuffix(",4,amount,1;5,not a plain decimal number"))
        #expect(csv[2].hasSuffix(",5,invoice_id,1,\"duplicate invoice id with different content, first seen on line 2\""))
        // A reason that names a parameter spells it as the caller says (the CLI: its flag).
        #expect(csv[3].hasSuffix(",6,invoice_date,2025-13-01,invalid or ambiguous date; expected an ISO date YYYY-MM-DD "
                                 + "(use <dateFormat> for other layouts)"), "\(csv[3])")
    }

    @Test func rejectModeSetsAsideOneLineRowsWithTheWrongFieldCount() throws {
        // Line 3: 9 fields; line 4: blank; line 6: 3 fields (CRLF); lines 7-8: one quoted record
        // over two lines (good); line 10: 6 fields, the last line, without a line end.
        let ledger = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,note\n"
            + "A,1,2025-01-01,2025-01-31,100,,no,x\n"
            + "A,2,2025-01-01,2025-01-31,100,,no,x,extra\n"
            + "\n"
            + "B,3,2025-01-01,2025-01-31,\"10\",,no,x\n"
            + "B,4,2025-01-01\r\n"
            + "\"B\",5,2025-01-01,2025-01-31,7,,no,\"two\nlines\"\n"
            + "B,6,2025-01-01,2025-01-31,7,,no,x\n"
            + "C,7,2025-01-01,2025-01-31,7,no"
        let dir = try ScratchDirectory()
        let fixed = try dir.write("ledger2.csv", ledger)
        var reports: [LedgerReadReport] = []
        for chunkSize in [16, 64, 1 << 20] {
            var ids: [String] = []
            reports.append(try LedgerReader.forEachInvoice(path: fixed, source: LedgerReadOptions(onBadRow: .reject, maxRejectShare: 1),
                                                           chunkSize: chunkSize) { ids.append($0.invoiceId) })
            #expect(ids == ["1", "3", "5", "6"], "chunk size \(chunkSize)")
        }
        for read in reports {
            #expect(read.ledger.read == 8 && read.ledger.used == 4 && read.ledger.rejected == 4)
            #expect(read.rejects.map { $0.error.line ?? 0 } == [3, 4, 6, 10])
            #expect(read.rejectedByReason.map(\.reason) == ["wrong number of fields"])
            #expect(read.rejects.map(\.error.message.description) == ["expected 8 fields, found 9", "expected 8 fields, found a blank line",
                                                                     "expected 8 fields, found 3", "expected 8 fields, found 6"])
            #expect(read.rejects.map { $0.error.value ?? "" } == ["A,2,2025-01-01,2025-01-31,100,,no,x,extra", "", "B,4,2025-01-01",
                                                                 "C,7,2025-01-01,2025-01-31,7,no"])
        }
        // A record over several lines with the wrong count (a stray quote joined them) and an
        // unterminated quote still stop the run: the rows around them cannot be told apart.
        let joined = try dir.write("joined.csv", "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed\n"
                                   + "A,1,2025-01-01,2025-01-31,100,,no\nA,\"2,2025-01-01,2025-01-31,100,,no\nA,3,2025-01-01,2025-01-31,100,,no\"\n")
        #expect(thrown { _ = try LedgerReader.forEachInvoice(path: joined, source: LedgerReadOptions(onBadRow: .reject, maxRejectShare: 1)) { _ in } }?
            .hasSuffix("joined.csv:3: expected 7 fields, found 2") == true)
        let open = try dir.write("open.csv", "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed\n"
                                 + "A,1,2025-01-01,2025-01-31,100,,no\nA,\"2,2025-01-01,2025-01-31,100,,no\nA,3,2025-01-01,2025-01-31,100,,no\n")
        #expect(thrown { _ = try LedgerReader.forEachInvoice(path: open, source: LedgerReadOptions(onBadRow: .reject, maxRejectShare: 1)) { _ in } }?
            .hasSuffix("open.csv:3: unterminated quoted field") == true)
        // Error mode: the first one stops the run, as always.
        #expect(thrown { _ = try LedgerReader.forEachInvoice(path: fixed, source: LedgerReadOptions()) { _ in } }?
            .hasSuffix("ledger2.csv:3: expected 8 fields, found 9") == true)
    }

    @Test func errorModeStopsAtTheFirstBadRowAsBefore() throws {
        #expect(thrown { _ = try features(Self.messyLedger) }?.hasSuffix(
            "ledger.csv:3:invoice_id: duplicate invoice id, first seen on line 2 (1)") == true)
    }

    @Test func aRejectedShareAboveTheMaximumFailsTheRun() throws {
        let source = LedgerReadOptions(onBadRow: .reject, maxRejectShare: 0.5)
        let message = thrown { _ = try features(Self.messyLedger, source: source) }
        #expect(message?.contains("ledger.csv: 5 of 9 rows rejected (55.6%), more than the maximum reject share 0.5; first: ") == true,
                "\(message ?? "")")
        let ok = LedgerReadOptions(onBadRow: .reject, maxRejectShare: 5.0 / 9)
        #expect(throws: Never.self) { _ = try features(Self.messyLedger, source: ok) }
    }
}
