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
/// ERP ledgers (`LedgerReadOptions`: a preset, document types, payments, rates, per-column
/// dates, decimal comma, extra categorical columns) add relations (`FeatureSQL+Ledger.swift`):
/// `ar_raw` and `ar_rates` (amounts converted at the rate in force on the invoice date),
/// `ar_payments`, `ar_paid`, `ar_settlement` and `ar_settled` (the as-of rule of
/// `Invoice+Settlement.swift` over a payments table), `ar_credits` (open credit memos) and one
/// `ar_tally_N` per categorical column (most frequent value, ties to the smallest).
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
    /// How the ledger is read, as `ar-segment features` reads it: column map, document types,
    /// date patterns per column, delimiter and decimal separator (for a CSV DuckDB reads),
    /// categorical columns, payments (their column map), the reporting currency; with
    /// `onBadRow == .reject` exact duplicate rows are dropped (`SELECT DISTINCT`). Paths in it
    /// are not read: `payments` and `rates` say where those tables are.
    public var read: LedgerReadOptions
    /// Whether the ledger has a `disputed` column (else the dispute features are left out).
    public var hasDisputes: Bool
    /// Whether the ledger has a `currency` column (then the output has the categorical
    /// `currency`, and `rates` convert its amounts).
    public var hasCurrency: Bool
    /// Whether the ledger has a `payment_method` column (then the output has one).
    public var hasPaymentMethod: Bool
    /// Whether the ledger has a `paid_date` column (optional with payments: then credit memos
    /// are never cleared).
    public var hasPaidDate: Bool
    public var accounts: Accounts?
    /// The payments table (`read.payments` gives its column names); `nil`: `paid_date` settles.
    public var payments: Source?
    /// The exchange rates table (`currency`, `rate`, optional `valid_from`).
    public var rates: Source?
    /// Whether the rates table has a `valid_from` column.
    public var ratesHaveValidFrom: Bool

    public init(dialect: SQLDialect, asOf: CalendarDay?, ledger: Source, columns: LedgerColumns = LedgerColumns(),
                dateFormat: DateFormat = .iso, hasPaymentMethod: Bool, accounts: Accounts? = nil) {
        self.init(dialect: dialect, asOf: asOf, ledger: ledger,
                  read: LedgerReadOptions(columns: columns, dateFormats: LedgerDateFormats(standard: dateFormat)),
                  hasDisputes: true, hasCurrency: false, hasPaymentMethod: hasPaymentMethod, accounts: accounts)
    }

    /// A ledger read as `read` says, with its payments and rates tables (`nil` when the run has
    /// none; a table given without the matching `read` setting is an error of the caller).
    public init(dialect: SQLDialect, asOf: CalendarDay?, ledger: Source, read: LedgerReadOptions, hasDisputes: Bool,
                hasCurrency: Bool, hasPaymentMethod: Bool, hasPaidDate: Bool = true, accounts: Accounts? = nil,
                payments: Source? = nil, rates: Source? = nil, ratesHaveValidFrom: Bool = true) {
        self.dialect = dialect
        self.asOf = asOf
        self.ledger = ledger
        self.read = read
        self.hasDisputes = hasDisputes
        self.hasCurrency = hasCurrency
        self.hasPaymentMethod = hasPaymentMethod
        self.hasPaidDate = hasPaidDate
        self.accounts = accounts
        self.payments = payments
        self.rates = rates
        self.ratesHaveValidFrom = ratesHaveValidFrom
    }

    public var columns: LedgerColumns { read.columns }
    /// Whether the output has `unapplied_credit` and `net_open_balance`.
    public var hasCredits: Bool { read.hasCredits }

    /// The ledger features of the output, in order: the one column selection of `features`.
    public var features: [LedgerFeature] {
        LedgerFeature.allCases.filter { $0.isIncluded(hasDisputes: hasDisputes, hasCredits: hasCredits) }
    }

    /// The categorical columns tallied per account (most frequent value), output names in order:
    /// `currency` when the ledger has it, then the source's extra columns.
    public var talliedColumns: [String] { (hasCurrency ? [LedgerField.currency.rawValue] : []) + read.categorical }

    /// The output columns in order, as `ar-segment features` writes them with these inputs.
    public var outputColumns: [String] {
        ["account_id"] + features.map(\.rawValue) + (accounts?.numeric ?? [])
            + (joinsCreditLimit ? [AccountAttribute.creditUtilisation] : [])
            + (hasPaymentMethod ? [AccountAttribute.paymentMethod] : []) + talliedColumns + (accounts?.categorical ?? [])
    }

    var joinsCreditLimit: Bool { accounts?.numeric.contains(AccountAttribute.creditLimit) ?? false }

    /// Checks the inputs as `ar-segment features` would: every required ledger column in a CSV
    /// header, no accounts column that the ledger already computes. Throws `InputError`.
    public func validate(ledgerPath: String?, accountsPath: String?) throws {
        if case .csv(_, let header) = ledger {
            for field in LedgerField.allCases where field.isRequired || field == .documentType && read.documentTypes != nil {
                if field == .paidDate, payments != nil { continue }
                let name = columns.sourceName(for: field)
                guard header.contains(name) else {
                    let hint: ParameterText = name == field.rawValue
                        ? "; map it with \(Parameter.columns) \(field.rawValue)=<column>" : ""
                    throw InputError(file: ledgerPath ?? "", line: 1, column: nil, value: name,
                                     message: "missing ledger column for \(field.rawValue)\(hint)")
                }
            }
            for name in read.categorical where !header.contains(name) {
                throw InputError(file: ledgerPath ?? "", line: 1, value: name, message: "missing categorical column named by the source")
            }
        }
        if let accounts {
            let computed = Set(["account_id"] + features.map(\.rawValue)
                               + (hasPaymentMethod ? [AccountAttribute.paymentMethod] : []) + talliedColumns)
            for name in accounts.numeric + accounts.categorical where computed.contains(name) {
                throw InputError(file: accountsPath ?? "", line: 1, column: name, value: nil,
                                 message: "column is already computed from the ledger; rename or drop it")
            }
        }
    }

    /// The whole query, with a comment header saying what it is and how it was made.
    public func render(command: String) -> String {
        var ctes: [(String, String)] = []
        if let rates {
            ctes += [("ar_rates", ratesRelation(rates)), ("ar_raw", ledgerRelation()), ("ar_ledger", convertedRelation())]
        } else {
            ctes.append(("ar_ledger", ledgerRelation()))
        }
        if let payments { ctes += settlementRelations(payments) }
        if hasCreditMemos { ctes.append(("ar_credits", creditsRelation())) }
        ctes += [("ar_invoices", invoicesRelation()), ("ar_totals", totalsRelation())]
        if hasPaymentMethod { ctes.append(("ar_methods", methodsRelation())) }
        for k in talliedColumns.indices { ctes.append(("ar_tally_\(k + 1)", tallyRelation(k))) }
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

    /// The rows of `source`, a CSV file with fields separated by `delimiter`.
    func from(_ source: Source, delimiter: UInt8 = UInt8(ascii: ",")) -> String {
        switch source {
        case .table(let name): return name
        case .csv(let path, let header):
            // Every column as text, the dialect of the CSV fixed (RFC 4180): no sniffing. A
            // repeated header name (allowed when no mapping uses it) gets a unique name.
            var seen: [String: Int] = [:]
            let declared = header.map { name -> String in
                seen[name, default: 0] += 1
                let unique = seen[name]! == 1 ? name : "\(name) (\(seen[name]!))"
                return "\(dialect.literal(unique)): 'VARCHAR'"
            }.joined(separator: ", ")
            let delim = dialect.literal(String(decoding: [delimiter], as: UTF8.self))
            return "read_csv(\(dialect.literal(path)), header = true, auto_detect = false, delim = \(delim), "
                + "quote = '\"', escape = '\"', columns = {\(declared)})"
        }
    }
}
