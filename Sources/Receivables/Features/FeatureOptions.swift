import Tabular

/// Everything that turns a ledger file into account features: the as-of date, how to read
/// the file, and an optional accounts file to join. Shared by `ar-segment features` and
/// `ar-segment segment --ledger`, so both compute identical features.
public struct FeatureOptions: Sendable {
    public var asOf: CalendarDay
    public var columns: LedgerColumns
    public var dateFormat: DateFormat
    /// Accounts CSV with an `account_id` column, joined with `AccountTable.joining`.
    public var accountsPath: String?
    /// Promises to pay (`PlanFiles.promises`): adds `broken_promises` and `broken_promise_rate`.
    public var promisesPath: String?

    public init(asOf: CalendarDay, columns: LedgerColumns = LedgerColumns(), dateFormat: DateFormat = .iso,
                accountsPath: String? = nil, promisesPath: String? = nil) {
        self.asOf = asOf
        self.columns = columns
        self.dateFormat = dateFormat
        self.accountsPath = accountsPath
        self.promisesPath = promisesPath
    }

    /// Every file the features read.
    public func inputs(ledgerPath: String) -> [String] {
        [ledgerPath] + [accountsPath, promisesPath].compactMap { $0 }
    }

    /// Features of the ledger at `ledgerPath`, plus notes worth telling the user.
    /// Throws the first input problem (file, line, column, value); an empty result (no
    /// invoice on or before as-of) is an error too.
    public func features(ledgerPath: String) throws -> (table: AccountTable, notes: [String]) {
        // Streamed: memory grows with the accounts, not with the invoices.
        var accumulator = FeatureAccumulator(asOf: asOf)
        var promises = try promisesPath.map { try PromiseFeatures(path: $0) }
        try LedgerReader.forEachInvoice(path: ledgerPath, columns: columns, dateFormat: dateFormat) {
            accumulator.add($0)
            promises?.add($0, asOf: asOf)
        }
        var table = accumulator.table()
        guard table.rowCount > 0 else {
            throw InputError(file: ledgerPath, line: nil, column: nil, value: asOf.description,
                             message: "no invoice dated on or before the as-of date")
        }
        var notes: [String] = []
        let future = accumulator.futureInvoiceCount
        if future > 0 { notes.append("\(future) invoices dated after \(asOf) were ignored") }
        if let promises { table = try promises.joined(to: table, asOf: asOf) }
        if let accountsPath {
            let attributes = try AccountTable.read(path: accountsPath, idColumn: "account_id")
            table = try table.joining(attributes, path: accountsPath)
            let unused = attributes.rowCount - Set(attributes.ids).intersection(table.ids).count
            if unused > 0 { notes.append("\(unused) accounts in \(accountsPath) have no invoice by \(asOf) and were left out") }
        }
        return (table, notes)
    }
}
