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

        Examples:
          ar-segment export-sql --dialect duckdb datasets/ledger.csv --as-of 2025-03-31 -o features.sql
          duckdb -csv < features.sql > features.csv
          ar-segment export-sql --dialect spark --table ledger --as-of 2025-03-31 -o features.sql
          ar-segment export-sql --dialect postgres --table ar.ledger --accounts datasets/accounts.csv \\
            --accounts-table ar.accounts -o features.sql
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
        if !(ledgerOptions.dateFormat?.byColumn.isEmpty ?? true) || ledgerOptions.source.isUsed {
            throw ValidationError("export-sql reads canonical ledgers: one --date-format pattern for every date column, "
                                  + "and none of the ledger source options (--source, --payments, --rates, ...)")
        }
        if noPaymentMethod && ledger != nil {
            throw ValidationError("--no-payment-method is for a --table without a LEDGER file (the file's header says)")
        }
    }

    func run() throws {
        let columns = ledgerOptions.columns ?? LedgerColumns()
        let accounts = ledgerOptions.accounts
        let header = try ledger.map { try CSVStream(path: $0).header }
        let hasPaymentMethod = header.map { $0.contains(columns.sourceName(for: .paymentMethod)) } ?? !noPaymentMethod
        let source: FeatureSQL.Source = table.map { .table($0) } ?? .csv(path: ledger!, header: header!)
        let joined = try accounts.map { path -> FeatureSQL.Accounts in
            let attributes = try AccountTable.read(path: path, idColumn: "account_id")
            let accountsSource: FeatureSQL.Source = try accountsTable.map { .table($0) }
                ?? .csv(path: path, header: CSVStream(path: path).header)
            return FeatureSQL.Accounts(source: accountsSource, numeric: attributes.numericNames,
                                       categorical: attributes.categoricalColumns.map(\.name))
        }
        let sql = FeatureSQL(dialect: dialect, asOf: asOf, ledger: source,
                             columns: columns, dateFormat: ledgerOptions.dateFormat?.standard ?? .iso,
                             hasPaymentMethod: hasPaymentMethod, accounts: joined)
        try sql.validate(ledgerPath: ledger, accountsPath: accounts)
        let inputs = [ledger, accounts].compactMap { $0 }
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
