import TestSupport
import Testing
import Tabular
@testable import Receivables

private let header = "account_id,invoice_id,invoice_date,due_date,amount,paid_date,disputed,payment_method\n"

@Suite struct LedgerColumnsTests {
    @Test func mapsTheIBMSampleColumns() throws {
        let columns = try LedgerColumns(mapping: "account_id=customerID, invoice_id=invoiceNumber,invoice_date=InvoiceDate,"
            + "due_date=DueDate,amount=InvoiceAmount,paid_date=SettledDate,disputed=Disputed,payment_method=PaperlessBill")
        #expect(columns.sourceName(for: .accountId) == "customerID")
        #expect(columns.sourceName(for: .invoiceId) == "invoiceNumber")
        #expect(columns.sourceName(for: .paymentMethod) == "PaperlessBill")
    }

    @Test func unmappedFieldsKeepTheirCanonicalName() throws {
        let columns = try LedgerColumns(mapping: "amount=Total")
        #expect(columns.sourceName(for: .amount) == "Total")
        #expect(columns.sourceName(for: .dueDate) == "due_date")
    }

    @Test(arguments: [
        ("account=customerID", "unknown ledger column 'account'"),
        ("account_id", "expected canonical=source"),
        ("account_id=", "expected canonical=source"),
        ("amount=A,amount=B", "'amount' is mapped twice"),
        ("amount=X,due_date=X", "both map to 'X'"),
    ])
    func rejectsBadMappings(mapping: String, message: String) {
        let error = errorDescription { _ = try LedgerColumns(mapping: mapping) }
        #expect(error?.contains(message) == true, "\(error ?? "no error")")
    }

    @Test func aBadMappingIsAnErrorOfTheColumnsParameter() {
        #expect(throws: ParameterError(.columns, "'amount' is mapped twice")) {
            _ = try LedgerColumns(mapping: "amount=A,amount=B")
        }
        #expect(ParameterError(.columns, "'amount' is mapped twice").description == "columns: 'amount' is mapped twice")
    }
}

@Suite struct LedgerReaderTests {
    @Test func readsEveryFieldAndFlagSpelling() throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("l.csv", header + """
            007,A1,2024-01-01,2024-01-31,100.5,2024-02-03,Yes,ACH
            007,A2,2024-02-01,2024-03-02,20,,no,
            008,A3,2024-02-01,2024-03-02,0,2024-02-01,TRUE,card
            008,A4,2024-02-01,2024-03-02,1,2024-02-01,false,card
            008,A5,2024-02-01,2024-03-02,1,2024-02-01,1,card
            008,A6,2024-02-01,2024-03-02,1,2024-02-01,0,card

            """)
        let invoices = try LedgerReader.read(path: path)
        #expect(invoices.count == 6)
        #expect(invoices[0].accountId == "007")
        #expect(invoices[0].amount == 100.5)
        #expect(invoices[0].paidDate == CalendarDay(year: 2024, month: 2, day: 3))
        #expect(invoices[0].dueDate - invoices[0].invoiceDate == 30)
        #expect(invoices[1].paidDate == nil)
        #expect(invoices[1].paymentMethod == "")
        #expect(invoices.map(\.disputed) == [true, false, true, false, true, false])
    }

    @Test func readsMappedColumnsWithAnExplicitDateFormat() throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("ibm.csv", """
            customerID,invoiceNumber,InvoiceDate,DueDate,InvoiceAmount,Disputed,SettledDate
            0379-NEVHP,611365,1/2/2013,2/1/2013,55.94,No,1/15/2013

            """)
        let columns = try LedgerColumns(mapping: "account_id=customerID,invoice_id=invoiceNumber,invoice_date=InvoiceDate,"
            + "due_date=DueDate,amount=InvoiceAmount,paid_date=SettledDate,disputed=Disputed")
        let invoices = try LedgerReader.read(path: path, columns: columns, dateFormat: DateFormat("M/d/yyyy")!)
        #expect(invoices == [Invoice(accountId: "0379-NEVHP", invoiceId: "611365",
                                     invoiceDate: CalendarDay(year: 2013, month: 1, day: 2)!,
                                     dueDate: CalendarDay(year: 2013, month: 2, day: 1)!, amount: 55.94,
                                     paidDate: CalendarDay(year: 2013, month: 1, day: 15), disputed: false)])
    }

    @Test(arguments: [
        ("C1,I1,01/02/2013,2013-02-01,5,,no,", ":2:invoice_date: invalid or ambiguous date; expected an ISO date YYYY-MM-DD (use dateFormat for other layouts) (01/02/2013)"),
        ("C1,I1,2013-02-30,2013-03-01,5,,no,", ":2:invoice_date: invalid or ambiguous date"),
        ("C1,I1,2013-01-01,2013-01-31,5,2013-13-01,no,", ":2:paid_date: invalid or ambiguous date"),
        ("C1,I1,2013-01-01,2013-01-31,5,,maybe,", ":2:disputed: expected yes/no, true/false or 1/0 (maybe)"),
        ("C1,I1,2013-01-01,2013-01-31,-5,,no,", ":2:amount: negative amount"),
        ("C1,I1,2013-01-01,2013-01-31,\"1,234.50\",,no,", ":2:amount:"),
        ("C1,I1,2013-01-01,2013-01-31,nan,,no,", ":2:amount:"),
        ("C1,I1,2013-01-01,2012-12-31,5,,no,", ":2:due_date: due date before invoice date"),
        ("C1,I1,2013-01-01,2013-01-31,5,2012-12-31,no,", ":2:paid_date: paid date before invoice date"),
        (",I1,2013-01-01,2013-01-31,5,,no,", ":2:account_id: empty account id"),
    ])
    func rejectsBadCells(row: String, expected: String) throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("bad.csv", header + row + "\n")
        let error = errorDescription { _ = try LedgerReader.read(path: path) }
        #expect(error?.hasPrefix(path + expected) == true, "\(error ?? "no error")")
    }

    @Test func rejectsDuplicateInvoiceIdsNamingBothLines() throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("dup.csv", header + "C1,I1,2013-01-01,2013-01-31,5,,no,\nC2,I1,2013-01-01,2013-01-31,5,,no,\n")
        let error = errorDescription { _ = try LedgerReader.read(path: path) }
        #expect(error == "\(path):3:invoice_id: duplicate invoice id, first seen on line 2 (I1)")
    }

    @Test func namesAMissingColumnAndHowToMapIt() throws {
        let dir = try ScratchDirectory()
        let path = try dir.write("missing.csv", "customer,invoice_id,invoice_date,due_date,amount,paid_date,disputed\nC1,I1,2013-01-01,2013-01-31,5,,no\n")
        // The hint names the parameter, which a command line spells as its flag.
        #expect(throws: InputError(file: path, line: 1, value: "account_id",
                                   message: "missing ledger column for account_id; map it with \(Parameter.columns) account_id=<column>")) {
            _ = try LedgerReader.read(path: path)
        }
    }
}
