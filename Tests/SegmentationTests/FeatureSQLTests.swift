import Foundation
import Receivables
import Segmentation
import Tabular
import Testing

/// The SQL export's shape per dialect; that engines compute the same numbers as `features` is
/// scripts/checks/sql's job (DuckDB, Spark SQL, PostgreSQL).
@Suite struct FeatureSQLTests {
    static let asOf = CalendarDay(year: 2025, month: 3, day: 31)
    static let header = ["account_id", "invoice_id", "invoice_date", "due_date", "amount", "paid_date", "disputed",
                         "payment_method"]

    func sql(_ dialect: SQLDialect, source: FeatureSQL.Source = .table("ar.ledger"), format: DateFormat = .iso,
             accounts: FeatureSQL.Accounts? = nil, asOf: CalendarDay? = asOf) -> String {
        FeatureSQL(dialect: dialect, asOf: asOf, ledger: source, dateFormat: format, hasPaymentMethod: true,
                   accounts: accounts).render(command: "test")
    }

    @Test(arguments: SQLDialect.allCases)
    func everyFeatureIsAColumnInOrder(dialect: SQLDialect) {
        let text = sql(dialect)
        var position = text.startIndex
        for feature in LedgerFeature.canonical {
            let quoted = dialect == .spark ? "`\(feature.rawValue)`" : "\"\(feature.rawValue)\""
            let found = text.range(of: " AS \(quoted)", range: position..<text.endIndex)
            #expect(found != nil, "\(feature.rawValue) missing or out of order")
            if let found { position = found.upperBound }
        }
        #expect(!text.contains("100.0"), "a decimal literal is DECIMAL in Spark")
        #expect(text.contains("CAST(100 AS \(dialect == .postgres ? "double precision" : "DOUBLE"))"))
        #expect(text.contains("DATE '2025-03-31'"))
        #expect(text.contains("FROM ar.ledger"))
    }

    @Test func dialectsDifferInDatesQuotingAndCollation() {
        #expect(sql(.spark).contains("datediff(paid_date, due_date)"))
        #expect(sql(.duckdb).contains("(paid_date - due_date)"))
        #expect(sql(.postgres).contains("ORDER BY t.account_id COLLATE \"C\""))
        #expect(sql(.postgres).contains("invoice_id COLLATE \"C\" DESC"))
        #expect(sql(.spark).contains("CAST(`amount` AS DOUBLE)"))
        #expect(sql(.postgres).contains("CAST(\"amount\" AS double precision)"))
        #expect(sql(.duckdb, asOf: nil).contains("<= CURRENT_DATE"))
    }

    @Test func dateLayoutsBecomeEachEnginesPattern() throws {
        let format = try #require(DateFormat("M/d/yyyy"))
        #expect(sql(.duckdb, format: format).contains("strptime(NULLIF(CAST(\"invoice_date\" AS VARCHAR), ''), '%-m/%-d/%Y')"))
        #expect(sql(.spark, format: format).contains("to_date(NULLIF(CAST(`invoice_date` AS STRING), ''), 'M\\'/\\'d\\'/\\'yyyy')"))
        #expect(sql(.postgres, format: format).contains("to_date(NULLIF(CAST(\"invoice_date\" AS text), ''), 'MM\"/\"DD\"/\"YYYY')"))
        let iso = sql(.postgres)
        #expect(iso.contains("CAST(NULLIF(CAST(\"paid_date\" AS text), '') AS DATE)"))
    }

    @Test func duckdbReadsTheCSVWithEveryColumnAsText() {
        let text = sql(.duckdb, source: .csv(path: "it's.csv", header: Self.header))
        #expect(text.contains("read_csv('it''s.csv', header = true, auto_detect = false"))
        #expect(text.contains("'payment_method': 'VARCHAR'"))
    }

    @Test func accountsAddAttributesUtilisationAndTextInFeaturesOrder() {
        let accounts = FeatureSQL.Accounts(source: .table("acc"), numeric: ["credit_score", "credit_limit"],
                                           categorical: ["account_type"])
        let export = FeatureSQL(dialect: .duckdb, asOf: Self.asOf, ledger: .table("l"), hasPaymentMethod: true,
                                accounts: accounts)
        #expect(export.outputColumns == ["account_id"] + LedgerFeature.canonicalColumns
                + ["credit_score", "credit_limit", "credit_utilisation", "payment_method", "account_type"])
        let text = export.render(command: "test")
        #expect(text.contains("CASE WHEN a.\"credit_limit\" > 0 THEN"))
        #expect(text.contains("LEFT JOIN ar_accounts a ON a.account_id = t.account_id"))
        #expect(text.contains("coalesce(CAST(\"account_type\" AS VARCHAR), '') AS \"account_type\""))
    }

    @Test func validationNamesTheMissingColumnAndTheClash() {
        let missing = FeatureSQL(dialect: .duckdb, asOf: Self.asOf,
                                 ledger: .csv(path: "l.csv", header: Self.header.filter { $0 != "due_date" }),
                                 hasPaymentMethod: true)
        #expect(throws: InputError.self) { try missing.validate(ledgerPath: "l.csv", accountsPath: nil) }
        let clash = FeatureSQL(dialect: .spark, asOf: Self.asOf, ledger: .table("l"), hasPaymentMethod: true,
                               accounts: .init(source: .table("a"), numeric: ["open_balance"], categorical: []))
        do {
            try clash.validate(ledgerPath: nil, accountsPath: "a.csv")
            Issue.record("a clash with a ledger feature must be refused")
        } catch {
            #expect("\(error)".contains("open_balance"))
        }
    }
}

/// The SQL of an ERP ledger: a source preset, payments, rates, credit memos, categorical columns.
@Suite struct FeatureSQLERPTests {
    static let asOf = CalendarDay(year: 2025, month: 6, day: 30)
    static let fbl5nHeader = ["Company Code", "Account", "Document Number", "Document Type", "Document Date", "Posting Date",
                              "Net Due Date", "Amount in Doc. Curr.", "Document Currency", "Clearing Date",
                              "Clearing Document", "Terms of Payment"]

    /// The SAP FBL5N preset with payments and rates, as `export-sql --source sap-fbl5n` builds it.
    static func fbl5n(_ dialect: SQLDialect, payments: Bool = true, rates: Bool = true,
                      onBadRow: BadRowPolicy = .reject) throws -> FeatureSQL {
        var base = LedgerReadOptions(reportingCurrency: "EUR", onBadRow: onBadRow)
        if payments { base.payments = PaymentsFile(path: "p.csv") }
        let read = try SourcePreset.named("sap-fbl5n").source(over: base, explicitColumns: nil, explicitTypes: nil,
                                                              explicitDates: nil)
        let ledger: FeatureSQL.Source = dialect == .duckdb ? .csv(path: "fbl5n.csv", header: fbl5nHeader) : .table("l")
        return FeatureSQL(dialect: dialect, asOf: asOf, ledger: ledger, read: read, hasDisputes: false, hasCurrency: true,
                          hasPaymentMethod: false, payments: payments ? .table("p") : nil, rates: rates ? .table("r") : nil)
    }

    @Test(arguments: SQLDialect.allCases)
    func aPresetWithPaymentsAndRatesReadsThemAndWritesFeaturesColumns(dialect: SQLDialect) throws {
        let export = try Self.fbl5n(dialect)
        let text = export.render(command: "test")
        for cte in ["ar_rates AS (", "ar_raw AS (", "ar_ledger AS (", "ar_payments AS (", "ar_paid AS (", "ar_settlement AS (",
                    "ar_settled AS (", "ar_credits AS (", "ar_invoices AS (", "ar_tally_1 AS (", "ar_tally_3 AS ("] {
            #expect(text.contains(cte), "\(cte) missing")
        }
        let double = dialect == .postgres ? "double precision" : "DOUBLE"
        #expect(text.contains("<= CAST(0.005 AS \(double))"), "the settlement tolerance, as a double")
        #expect(text.contains("THEN CAST(1 AS \(double)) ELSE r.rate END"), "the reporting currency converts at 1")
        #expect(text.contains("NOT IN ('DZ')"), "ignored document types are left out")
        #expect(text.contains("IN ('DG', 'G2')"), "credit memos")
        #expect(text.contains("SELECT DISTINCT"), "reject mode drops exact duplicate rows")
        #expect(!text.contains("is_disputed"), "no disputed column")
        #expect(export.outputColumns == ["account_id"]
                + LedgerFeature.allCases.filter { $0.isIncluded(hasDisputes: false, hasCredits: true) }.map(\.rawValue)
                + ["currency", "Company Code", "Terms of Payment"])
        var position = text.startIndex
        for name in export.outputColumns.dropFirst() {
            let found = text.range(of: " AS \(dialect.rawValue == "spark" ? "`\(name)`" : "\"\(name)\"")",
                                   range: position..<text.endIndex)
            #expect(found != nil, "\(name) missing or out of order")
            if let found { position = found.upperBound }
        }
    }

    @Test func theColumnSelectionIsLedgerFeaturesIsIncluded() throws {
        for disputes in [false, true] {
            for credits in [false, true] {
                var read = LedgerReadOptions()
                if credits { read.documentTypes = try DocumentTypes(mapping: "INV=invoice,CM=credit_memo") }
                let export = FeatureSQL(dialect: .duckdb, asOf: Self.asOf, ledger: .table("l"), read: read,
                                        hasDisputes: disputes, hasCurrency: false, hasPaymentMethod: false)
                #expect(export.features == LedgerFeature.allCases.filter { $0.isIncluded(hasDisputes: disputes, hasCredits: credits) })
                #expect(export.render(command: "t").contains("ar_credits AS (") == credits)
            }
        }
    }

    @Test func duckdbReadsTheSourcesDelimiterDecimalCommaAndDatePatterns() throws {
        let text = try Self.fbl5n(.duckdb).render(command: "test")
        #expect(text.contains("read_csv('fbl5n.csv', header = true, auto_detect = false, delim = ';'"))
        #expect(text.contains("replace(replace(CAST(\"Amount in Doc. Curr.\" AS VARCHAR), '.', ''), ',', '.')"))
        #expect(text.contains("LIKE '%-' THEN concat('-'"), "a trailing minus")
        #expect(text.contains("strptime(NULLIF(CAST(\"Document Date\" AS VARCHAR), ''), '%d.%m.%Y')"))
    }

    @Test func withoutPaymentsPaidDateSettlesAndWithoutRatesNothingConverts() throws {
        let text = try Self.fbl5n(.postgres, payments: false, rates: false, onBadRow: .error).render(command: "test")
        #expect(!text.contains("ar_payments") && !text.contains("ar_rates") && !text.contains("SELECT DISTINCT"))
        #expect(text.contains("(paid_date IS NOT NULL AND paid_date <= DATE '2025-06-30') AS is_paid"))
        #expect(text.contains("AND NOT is_credit"), "credit memos are not invoices")
    }

    @Test func withPaymentsAndNoPaidDateColumnCreditMemosStayOpen() throws {
        let read = LedgerReadOptions(documentTypes: try DocumentTypes(mapping: "INV=invoice,CM=credit_memo"),
                                     payments: PaymentsFile(path: "p.csv"))
        let export = FeatureSQL(dialect: .spark, asOf: Self.asOf, ledger: .table("l"), read: read, hasDisputes: true,
                                hasCurrency: false, hasPaymentMethod: false, hasPaidDate: false, payments: .table("p"))
        let text = export.render(command: "t")
        #expect(text.contains("CAST(NULL AS DATE) AS paid_date"))
        #expect(!text.contains("`paid_date`"), "the table has no paid_date column")
    }

    @Test func aRepeatedHeaderNameGetsAUniqueName() {
        let export = FeatureSQL(dialect: .duckdb, asOf: Self.asOf,
                                ledger: .csv(path: "hr.csv", header: FeatureSQLTests.header + ["d", "d"]),
                                hasPaymentMethod: true)
        #expect(export.render(command: "t").contains("'d': 'VARCHAR', 'd (2)': 'VARCHAR'"))
    }
}
