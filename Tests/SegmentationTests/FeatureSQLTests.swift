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
