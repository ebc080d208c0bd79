import ArgumentParser
import Receivables
import Segmentation
import Tabular

/// `ar-segment export-sql`: the features of `ar-segment features` as one SQL query.
struct ExportSQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-sql",
        abstract: "Write the account features of 'ar-segment features' as one SQL query for DuckDB, Spark SQL or PostgreSQL.",
        discussion: """
        The query computes every column of 'ar-segment features' with the same names, order and
        definitions, generated from the feature catalogue: the as-of rule, aging, lateness, trend,
        disputes, payment_method and, with --accounts, the account attributes and
        credit_utilisation. DuckDB reads the LEDGER CSV itself (read_csv) unless --table names a
        table; Spark SQL and PostgreSQL read the table --table names (a LEDGER file, when given,
        only tells which columns the table has). Without --as-of the query uses the engine's
        current date each time it runs. README, "Beyond one machine", lists where the SQL and
        'features' differ (payment_method ties, no validation of the ledger).

        ERP ledgers: the ledger source options of 'features' (--source, --document-types,
        --payments with --payment-columns, --rates with --reporting-currency, per-column
        --date-format) give the same columns as 'features' with them. DuckDB reads the payments
        and rates CSV files itself; Spark SQL and PostgreSQL read --payments-table and
        --rates-table (the files then only give the columns). --on-bad-row reject drops exact
        duplicate rows (SELECT DISTINCT); the SQL assumes a ledger 'features' accepts.

        Examples:
          ar-segment export-sql --dialect duckdb datasets/ledger.csv --as-of 2025-03-31 -o features.sql
          duckdb -csv < features.sql > features.csv
          ar-segment export-sql --dialect spark --table ledger --as-of 2025-03-31 -o features.sql
          ar-segment export-sql --dialect postgres --table ar.ledger --accounts datasets/accounts.csv \\
            --accounts-table ar.accounts -o features.sql
          ar-segment export-sql --dialect duckdb datasets/erp/fbl5n.csv --as-of 2025-06-30 --source sap-fbl5n \\
            --payments datasets/erp/payments.csv --rates datasets/erp/rates.csv --reporting-currency EUR \\
            --on-bad-row reject -o features.sql
        """
    )

    @Option(help: "SQL dialect: duckdb, spark or postgres.")
    var dialect: SQLDialect

    @Argument(help: "Ledger CSV: DuckDB reads it; for --table its header tells which columns the table has.")
    var ledger: String?

    @Option(help: "Read the ledger from this table or view (written as given: db.schema.name works).")
    var table: String?

    @Option(name: .customLong("as-of"), help: "Key date YYYY-MM-DD (default: the engine's current date when the query runs).",
            transform: { try CalendarDay.parsing($0) })
    var asOf: CalendarDay?

    /// --columns, --date-format (for dates stored as text) and --accounts (whose columns decide
    /// which attributes are numbers or text; DuckDB reads it unless --accounts-table is given).
    @OptionGroup var ledgerOptions: LedgerOptions

    @Option(name: .customLong("accounts-table"), help: "Read the accounts from this table (needs --accounts for the columns).")
    var accountsTable: String?

    @Option(name: .customLong("payments-table"), help: "Read the payments from this table (needs --payments FILE for the columns).")
    var paymentsTable: String?

    @Option(name: .customLong("rates-table"), help: "Read the exchange rates from this table (needs --rates FILE for the columns).")
    var ratesTable: String?

    @Flag(name: .customLong("no-payment-method"), help: "The --table has no payment_method column (only without a LEDGER file).")
    var noPaymentMethod = false

    @Option(name: .shortAndLong, help: "Output SQL file.")
    var output: String

    func validate() throws {
        let accounts = ledgerOptions.accounts
        for path in [ledger, ledgerOptions.accounts].compactMap({ $0 }) where path.lowercased().hasSuffix(".xlsx") {
            throw ValidationError("export-sql reads CSV files (\(path)): save the sheet as CSV, or load it into a table and use --table")
        }
        if ledgerOptions.promises != nil {
            throw ValidationError("--promises is not exported to SQL (broken promises come from a side file)")
        }
        switch dialect {
        case .duckdb:
            guard ledger != nil || table != nil else { throw ValidationError("give a LEDGER CSV or --table NAME") }
        case .spark, .postgres:
            guard table != nil else {
                throw ValidationError("--table is required for \(dialect.rawValue): it reads tables, not CSV paths")
            }
            if accounts != nil && accountsTable == nil {
                throw ValidationError("--accounts-table is required with --accounts for \(dialect.rawValue)")
            }
        }
        if accountsTable != nil && accounts == nil {
            throw ValidationError("--accounts-table needs --accounts FILE (a file with the table's columns, to type them)")
        }
        let source = ledgerOptions.source
        if source.rejects != nil || source.maxRejectShare != 0.01 {
            throw ValidationError("export-sql writes no rejects file: --rejects and --max-reject-share are for 'features' "
                                  + "(--on-bad-row reject alone makes the query drop exact duplicate rows)")
        }
        let erp = source.source != nil || source.documentTypes != nil || source.payments != nil || source.rates != nil
        if erp && ledger == nil {
            throw ValidationError("the ledger source options (--source, --document-types, --payments, --rates) need the "
                                  + "LEDGER file: its header says which columns the table has")
        }
        for (file, table, flag) in [(source.payments, paymentsTable, "payments"), (source.rates, ratesTable, "rates")] {
            if table != nil && file == nil {
                throw ValidationError("--\(flag)-table needs --\(flag) FILE (a file with the table's columns)")
            }
            if file != nil && table == nil && dialect != .duckdb {
                throw ValidationError("--\(flag)-table is required with --\(flag) for \(dialect.rawValue)")
            }
            if let file, file.lowercased().hasSuffix(".xlsx") {
                throw ValidationError("export-sql reads CSV files (\(file)): save the sheet as CSV, or load it into a table")
            }
        }
        if noPaymentMethod && ledger != nil {
            throw ValidationError("--no-payment-method is for a --table without a LEDGER file (the file's header says)")
        }
    }

    func run() throws {
        let read = try ledgerOptions.source.ledgerSource(columns: ledgerOptions.columns, dates: ledgerOptions.dateFormat)
        let columns = read.columns
        let accounts = ledgerOptions.accounts
        let header = try ledger.map { try CSVStream(path: $0, delimiter: read.delimiter, allowingDuplicateNames: true).header }
        func has(_ field: LedgerField, otherwise: Bool) -> Bool {
            header.map { $0.contains(columns.sourceName(for: field)) } ?? otherwise
        }
        let hasPaymentMethod = has(.paymentMethod, otherwise: !noPaymentMethod)
        let source: FeatureSQL.Source = table.map { .table($0) } ?? .csv(path: ledger!, header: header!)
        var payments: FeatureSQL.Source?
        if let file = read.payments {
            let paymentsHeader = try CSVStream(path: file.path, delimiter: read.delimiter).header
            for field in PaymentField.allCases where !paymentsHeader.contains(file.sourceName(for: field)) {
                throw InputError(file: file.path, line: 1, value: file.sourceName(for: field),
                                 message: "missing payments column for \(field.rawValue)")
            }
            payments = paymentsTable.map { .table($0) } ?? .csv(path: file.path, header: paymentsHeader)
        }
        var rates: FeatureSQL.Source?
        var ratesHeader: [String] = []
        if let path = read.ratesPath {
            ratesHeader = try CSVStream(path: path).header
            for name in ["currency", "rate"] where !ratesHeader.contains(name) {
                throw InputError(file: path, line: 1, value: name, message: "missing exchange rates column")
            }
            rates = ratesTable.map { .table($0) } ?? .csv(path: path, header: ratesHeader)
        }
        let joined = try accounts.map { path -> FeatureSQL.Accounts in
            let attributes = try AccountTable.read(path: path, idColumn: "account_id")
            let accountsSource: FeatureSQL.Source = try accountsTable.map { .table($0) }
                ?? .csv(path: path, header: CSVStream(path: path).header)
            return FeatureSQL.Accounts(source: accountsSource, numeric: attributes.numericNames,
                                       categorical: attributes.categoricalColumns.map(\.name))
        }
        let sql = FeatureSQL(dialect: dialect, asOf: asOf, ledger: source, read: read,
                             hasDisputes: has(.disputed, otherwise: true), hasCurrency: has(.currency, otherwise: false),
                             hasPaymentMethod: hasPaymentMethod, hasPaidDate: has(.paidDate, otherwise: true),
                             accounts: joined, payments: payments, rates: rates,
                             ratesHaveValidFrom: ratesHeader.contains("valid_from"))
        try sql.validate(ledgerPath: ledger, accountsPath: accounts)
        let inputs = [ledger, accounts].compactMap { $0 } + read.sideInputs
        try AtomicFile.write(sql.render(command: Self.commandLine), to: output, inputs: inputs)
    }

    /// The command as typed, for the query's header (arguments with spaces or quotes quoted).
    static var commandLine: String {
        (["ar-segment"] + CommandLine.arguments.dropFirst()).map { argument in
            argument.allSatisfy { $0.isLetter || $0.isNumber || "-_./=,:@%+[]".contains($0) }
                ? argument : "'" + argument.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
        }.joined(separator: " ")
    }
}

extension SQLDialect: ExpressibleByArgument {}
