import Tabular

/// The plan's side files, read through Tabular's strict CSV reader (so every format it reads
/// works here) and checked cell by cell: the first problem is an `InputError` with file, line,
/// column and value. Dates are ISO `YYYY-MM-DD`; lists are space-separated.
///
/// Rows that name accounts or invoices are checked against the ledger afterwards
/// (`PlanReferences`), so an unknown account is reported at its own line too.
public enum PlanFiles {
    /// A row's cells by column name, with typed readers that throw located errors.
    struct Row {
        let table: CSVTable
        let row: Int

        var line: Int { table.lineNumber(ofRow: row) }

        func text(_ column: String) -> String? {
            table.optionalColumnIndex(column).map { table.string(row: row, column: $0) }
        }

        func error(_ column: String, _ message: ParameterText) -> InputError {
            table.error(row: row, column: table.optionalColumnIndex(column)!, message)
        }

        func required(_ column: String) throws -> String {
            let value = text(column) ?? ""
            guard !value.isEmpty else { throw error(column, "empty \(column)") }
            return value
        }

        func optional(_ column: String) -> String? {
            text(column).flatMap { $0.isEmpty ? nil : $0 }
        }

        func date(_ column: String) throws -> CalendarDay {
            let value = try required(column)
            guard let day = CalendarDay(iso: value[...]) else { throw error(column, "not a date YYYY-MM-DD") }
            return day
        }

        func amount(_ column: String) throws -> Double {
            guard case .value(let value) = StrictDecimal.parse(try required(column)), value > 0 else {
                throw error(column, "not a plain positive amount")
            }
            return value
        }

        func list(_ column: String) -> [String] {
            (text(column) ?? "").split(separator: " ").map(String.init)
        }
    }

    static func rows(_ path: String, required: [String], atLeastOne: [String] = []) throws -> [Row] {
        let table = try CSVReader.read(path: path)
        for column in required { _ = try table.columnIndex(column) }
        if !atLeastOne.isEmpty && !atLeastOne.contains(where: { table.optionalColumnIndex($0) != nil }) {
            throw InputError(file: path, line: 1, value: atLeastOne.joined(separator: " or "), message: "missing required column")
        }
        return (0..<table.rowCount).map { Row(table: table, row: $0) }
    }

    /// `--history`: `date,account_id,level,invoice_ids` (a previous `actions.csv`; `channel`
    /// optional, other columns ignored).
    public static func history(path: String) throws -> [IssuedAction] {
        try rows(path, required: ["date", "account_id", "level", "invoice_ids"]).map { row in
            let channel = try row.optional("channel").map { name -> DunningChannel in
                guard let channel = DunningChannel(rawValue: name) else { throw row.error("channel", "unknown channel") }
                return channel
            }
            let ids = row.list("invoice_ids")
            guard !ids.isEmpty else { throw row.error("invoice_ids", "empty invoice_ids") }
            return IssuedAction(date: try row.date("date"), accountId: try row.required("account_id"),
                                level: try row.required("level"), invoiceIds: ids, channel: channel)
        }
    }

    /// `--holidays`: a `date` column (others, such as `name`, ignored).
    public static func holidays(path: String) throws -> Set<CalendarDay> {
        Set(try rows(path, required: ["date"]).map { try $0.date("date") })
    }

    /// `--collectors`: `collector,calls_per_day`, optional `strategies`, `segments`, `regions`.
    /// Names unique, capacities whole numbers >= 0 and not all 0, strategies in `strategyIds`,
    /// segments below `segmentCount`.
    public static func collectors(path: String, strategyIds: Set<String>, segmentCount: Int) throws -> [Collector] {
        var seen = Set<String>()
        let rows = try rows(path, required: ["collector", "calls_per_day"])
        let collectors = try rows.map { row -> Collector in
            let name = try row.required("collector")
            guard seen.insert(name).inserted else { throw row.error("collector", "collector listed twice") }
            guard let calls = Int(try row.required("calls_per_day")), calls >= 0 else {
                throw row.error("calls_per_day", "not a whole number of calls >= 0")
            }
            let strategies = row.list("strategies")
            if let unknown = strategies.first(where: { !strategyIds.contains($0) }) {
                throw InputError(file: path, line: row.line, column: "strategies", value: unknown,
                                 message: "unknown strategy (the model's: \(strategyIds.sorted().joined(separator: ", ")))")
            }
            let segments = try row.list("segments").map { text -> Int in
                guard let s = Int(text), (0..<segmentCount).contains(s) else {
                    throw InputError(file: path, line: row.line, column: "segments", value: text,
                                     message: "not a segment of the model (0-\(segmentCount - 1))")
                }
                return s
            }
            return Collector(name: name, callsPerDay: calls, strategies: Set(strategies), segments: Set(segments),
                             regions: Set(row.list("regions")))
        }
        guard collectors.contains(where: { $0.callsPerDay > 0 }) else {
            throw InputError(file: path, line: rows.isEmpty ? 1 : rows[0].line, column: "calls_per_day", value: "0",
                             message: rows.isEmpty ? "no collectors" : "every collector's capacity is 0")
        }
        return collectors
    }

    /// A hold or promise row before its account and invoice are checked against the ledger.
    public struct Reference: Sendable {
        public var accountId: String?
        public var invoiceId: String?
        let file: String
        let line: Int
    }

    /// `--holds`: `account_id` and/or `invoice_id` (one per row), `until`, optional `reason`.
    public static func holds(path: String) throws -> [(reference: Reference, until: CalendarDay, reason: String)] {
        try rows(path, required: ["until"], atLeastOne: ["account_id", "invoice_id"]).map { row in
            let reference = try self.reference(row, accountRequired: false)
            return (reference, try row.date("until"), row.text("reason") ?? "")
        }
    }

    /// `--promises`: `account_id`, optional `invoice_id`, `promise_date`, `amount`, optional
    /// `promised_on` (when it was taken; default 30 days before the promise date).
    public static func promises(path: String) throws -> [(reference: Reference, date: CalendarDay, amount: Double, promisedOn: CalendarDay?)] {
        try rows(path, required: ["account_id", "promise_date", "amount"]).map { row in
            let reference = try self.reference(row, accountRequired: true)
            let date = try row.date("promise_date")
            let promisedOn = try row.optional("promised_on").map { _ in try row.date("promised_on") }
            if let promisedOn, promisedOn > date { throw row.error("promised_on", "after the promise date") }
            return (reference, date, try row.amount("amount"), promisedOn)
        }
    }

    static func reference(_ row: Row, accountRequired: Bool) throws -> Reference {
        let account = accountRequired ? try row.required("account_id") : row.optional("account_id")
        let invoice = row.optional("invoice_id")
        if account == nil && invoice == nil {
            throw row.error(row.text("account_id") != nil ? "account_id" : "invoice_id", "needs an account_id or an invoice_id")
        }
        return Reference(accountId: account, invoiceId: invoice, file: row.table.path, line: row.line)
    }
}

/// Which accounts and invoices the ledger has, to check the side files' references.
public struct PlanReferences: Sendable {
    /// Account of every invoice the side files name that the ledger has.
    public var invoiceAccounts: [String: String]
    public var accounts: Set<String>

    public init(invoiceAccounts: [String: String], accounts: Set<String>) {
        self.invoiceAccounts = invoiceAccounts
        self.accounts = accounts
    }

    /// The account the reference is about; an unknown account or invoice, or an invoice of
    /// another account, is an error at the row.
    public func resolve(_ reference: PlanFiles.Reference) throws -> String {
        if let invoice = reference.invoiceId {
            guard let owner = invoiceAccounts[invoice] else {
                throw InputError(file: reference.file, line: reference.line, column: "invoice_id", value: invoice,
                                 message: "unknown invoice (not in the ledger)")
            }
            if let account = reference.accountId, account != owner {
                throw InputError(file: reference.file, line: reference.line, column: "invoice_id", value: invoice,
                                 message: "invoice of account \(owner), not \(account)")
            }
            return owner
        }
        let account = reference.accountId!
        guard accounts.contains(account) else {
            throw InputError(file: reference.file, line: reference.line, column: "account_id", value: account,
                             message: "unknown account (no invoice in the ledger by the as-of date)")
        }
        return account
    }
}
