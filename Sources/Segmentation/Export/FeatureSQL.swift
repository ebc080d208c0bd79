import Receivables
import Tabular

/// `ar-segment features` as one SQL query for DuckDB, Spark SQL or PostgreSQL: the same columns,
/// names, order and definitions, generated from the feature catalogue (`LedgerFeature.definition`,
/// each feature's `FeatureFormula`), never written by hand.
///
/// The query, as common table expressions:
/// 1. `ar_ledger`: the ledger's columns under their canonical names (`--columns` mapping), typed:
///    ids as text, dates parsed (ISO by CAST, other layouts with the engine's date parser),
///    `amount` as DOUBLE, `disputed` true for yes/true/1 in any case, empty cells as NULL;
/// 2. `ar_invoices`: the as-of rule (`invoices` dated on or before as-of; paid when
///    `paid_date <= as-of`, open otherwise) and the per-invoice quantities the formulas use
///    (`InvoiceQuantity`); lateness and days since payment exist only for paid invoices, so no
///    payment after as-of leaks in;
/// 3. `ar_totals`: one GROUP BY account with every aggregate the formulas read, each once;
/// 4. `ar_methods` (when the ledger has `payment_method`): the latest non-empty method per account;
/// 5. `ar_accounts` (with an accounts file): its columns, numbers as DOUBLE, text with '' for empty;
/// 6. the final SELECT: each feature's formula over the totals, then the account attributes,
///    `credit_utilisation`, `payment_method` and the text attributes, ordered by account id.
///
/// Differences from `ar-segment features`, all documented in the README:
/// - `payment_method`: latest by invoice date, ties broken by the larger `invoice_id` (byte
///   order); ar-segment breaks ties by file order (the later row), which a table does not have;
/// - the SQL does not validate the ledger (ar-segment refuses bad cells, duplicate invoice ids,
///   due dates before invoice dates); it assumes a ledger that `ar-segment features` accepts;
/// - an account missing from the accounts table gets NULL attributes (ar-segment refuses), and a
///   credit limit that is not positive gives a NULL `credit_utilisation` (ar-segment refuses);
/// - sums run in the engine's order, so money sums and means may differ in the last bits
///   (counts, minima, maxima and day sums are exact).
///
/// Extension points for the ERP ledger (document types, partial payments, currencies): the
/// `ledger` relation is where a rates join converts `amount`; a payments CTE aggregated per
/// invoice up to as-of replaces the paid rule in `invoices` (open amount, settlement date); new
/// features only add formulas (and, when needed, quantities) in Receivables.
public struct FeatureSQL: Sendable {
    /// Where a table's rows come from: a table or view by name (written as given, so it may be
    /// qualified, `db.schema.ledger`), or a CSV file DuckDB reads itself with its header.
    public enum Source: Sendable, Equatable {
        case table(String)
        case csv(path: String, header: [String])
    }

    /// The accounts to join: where they are and which of their columns are numbers and text
    /// (as `AccountTable.read` decided on the file), in file order.
    public struct Accounts: Sendable, Equatable {
        public var source: Source
        public var numeric: [String]
        public var categorical: [String]

        public init(source: Source, numeric: [String], categorical: [String]) {
            self.source = source
            self.numeric = numeric
            self.categorical = categorical
        }
    }

    public var dialect: SQLDialect
    /// The key date; `nil`: the engine's current date each time the query runs.
    public var asOf: CalendarDay?
    public var ledger: Source
    public var columns: LedgerColumns
    public var dateFormat: DateFormat
    /// Whether the ledger has a `payment_method` column (then the output has one).
    public var hasPaymentMethod: Bool
    public var accounts: Accounts?

    public init(dialect: SQLDialect, asOf: CalendarDay?, ledger: Source, columns: LedgerColumns = LedgerColumns(),
                dateFormat: DateFormat = .iso, hasPaymentMethod: Bool, accounts: Accounts? = nil) {
        self.dialect = dialect
        self.asOf = asOf
        self.ledger = ledger
        self.columns = columns
        self.dateFormat = dateFormat
        self.hasPaymentMethod = hasPaymentMethod
        self.accounts = accounts
    }

    /// The output columns in order, as `ar-segment features` writes them with these inputs.
    public var outputColumns: [String] {
        ["account_id"] + LedgerFeature.canonical.map(\.rawValue) + (accounts?.numeric ?? [])
            + (joinsCreditLimit ? [AccountAttribute.creditUtilisation] : [])
            + (hasPaymentMethod ? [AccountAttribute.paymentMethod] : []) + (accounts?.categorical ?? [])
    }

    var joinsCreditLimit: Bool { accounts?.numeric.contains(AccountAttribute.creditLimit) ?? false }

    /// Checks the inputs as `ar-segment features` would: every required ledger column in a CSV
    /// header, no accounts column that the ledger already computes. Throws `InputError`.
    public func validate(ledgerPath: String?, accountsPath: String?) throws {
        if case .csv(_, let header) = ledger {
            for field in LedgerField.allCases where field.isRequired {
                let name = columns.sourceName(for: field)
                guard header.contains(name) else {
                    let hint: ParameterText = name == field.rawValue
                        ? "; map it with \(Parameter.columns) \(field.rawValue)=<column>" : ""
                    throw InputError(file: ledgerPath ?? "", line: 1, column: nil, value: name,
                                     message: "missing ledger column for \(field.rawValue)\(hint)")
                }
            }
        }
        if let accounts {
            let computed = Set(["account_id"] + LedgerFeature.canonical.map(\.rawValue)
                               + (hasPaymentMethod ? [AccountAttribute.paymentMethod] : []))
            for name in accounts.numeric + accounts.categorical where computed.contains(name) {
                throw InputError(file: accountsPath ?? "", line: 1, column: name, value: nil,
                                 message: "column is already computed from the ledger; rename or drop it")
            }
        }
    }

    /// The whole query, with a comment header saying what it is and how it was made.
    public func render(command: String) -> String {
        var ctes = [("ar_ledger", ledgerRelation()), ("ar_invoices", invoicesRelation()), ("ar_totals", totalsRelation())]
        if hasPaymentMethod { ctes.append(("ar_methods", methodsRelation())) }
        if let accounts { ctes.append(("ar_accounts", accountsRelation(accounts))) }
        let with = ctes.map { "\($0.0) AS (\n\($0.1)\n)" }.joined(separator: ",\n")
        return header(command: command) + "WITH " + with + "\n" + finalSelect() + ";\n"
    }

    private func header(command: String) -> String {
        """
        -- The account features of `ar-segment features` as one \(dialect.rawValue) query, one row per account.
        -- Generated by: \(command)
        -- As of: \(asOf.map(\.description) ?? "the current date when the query runs (CURRENT_DATE)")
        -- Definitions: README, "Account features"; SQL rendering: README, "Beyond one machine".

        """
    }

    /// `name` as a column of the given relation alias.
    func column(_ alias: String, _ name: String) -> String { "\(alias).\(dialect.identifier(name))" }
    func id(_ name: String) -> String { dialect.identifier(name) }

    /// The rows of `source`.
    func from(_ source: Source) -> String {
        switch source {
        case .table(let name): return name
        case .csv(let path, let header):
            // Every column as text, the dialect of the CSV fixed (RFC 4180): no sniffing.
            let declared = header.map { "\(dialect.literal($0)): 'VARCHAR'" }.joined(separator: ", ")
            return "read_csv(\(dialect.literal(path)), header = true, auto_detect = false, delim = ',', "
                + "quote = '\"', escape = '\"', columns = {\(declared)})"
        }
    }
}
