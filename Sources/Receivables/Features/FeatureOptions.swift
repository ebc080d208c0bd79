import Tabular

/// Everything that turns a ledger file into account features: the as-of date, how to read
/// the file, and an optional accounts file to join. Shared by `ar-segment features` and
/// `ar-segment segment --ledger`, so both compute identical features.
public struct FeatureOptions: Sendable {
    public var asOf: CalendarDay
    /// How the ledger (and its payments and rates) is read.
    public var source: LedgerReadOptions
    /// The source's column map.
    public var columns: LedgerColumns {
        get { source.columns }
        set { source.columns = newValue }
    }
    /// The source's default date pattern.
    public var dateFormat: DateFormat {
        get { source.dateFormats.standard }
        set { source.dateFormats.standard = newValue }
    }
    /// Accounts CSV with an `account_id` column, joined with `AccountTable.joining`.
    public var accountsPath: String?
    /// Promises to pay (`PlanFiles.promises`): adds `broken_promises` and `broken_promise_rate`.
    public var promisesPath: String?

    public init(asOf: CalendarDay, columns: LedgerColumns = LedgerColumns(), dateFormat: DateFormat = .iso,
                accountsPath: String? = nil, promisesPath: String? = nil) {
        self.asOf = asOf
        source = LedgerReadOptions(columns: columns, dateFormats: LedgerDateFormats(standard: dateFormat))
        self.accountsPath = accountsPath
        self.promisesPath = promisesPath
    }

    /// Features read as `source` says.
    public init(asOf: CalendarDay, source: LedgerReadOptions, accountsPath: String? = nil, promisesPath: String? = nil) {
        self.asOf = asOf
        self.source = source
        self.accountsPath = accountsPath
        self.promisesPath = promisesPath
    }

    /// Every file the features read.
    public func inputs(ledgerPath: String) -> [String] {
        [ledgerPath] + source.sideInputs + [accountsPath, promisesPath].compactMap { $0 }
    }

    /// Features of the ledger at `ledgerPath`, plus notes worth telling the user.
    /// Throws the first input problem (file, line, column, value); an empty result (no
    /// invoice on or before as-of) is an error too.
    ///
    /// `read` says what became of every row (rows read = used + rejected + duplicates
    /// dropped), the rejected rows, and the reporting currency.
    public func features(ledgerPath: String) throws -> (table: AccountTable, notes: [String], read: LedgerReadReport) {
        // Streamed: memory grows with the accounts, not with the invoices.
        let layout = try LedgerReader.layout(path: ledgerPath, source: source)
        var accumulator = FeatureAccumulator(asOf: asOf, hasDisputes: layout.hasDisputes, hasCredits: source.hasCredits,
                                             tallied: (layout.hasCurrency ? ["currency"] : []) + source.categorical)
        var promises = try promisesPath.map { try PromiseFeatures(path: $0) }
        // Columns (no `Invoice` per row) unless the promises need the invoices.
        var read = try LedgerReader.forEachChunk(path: ledgerPath, source: source, columns: promises == nil) { batch in
            accumulator.add(contentsOf: batch.invoices)
            accumulator.add(batch.columns)
            if promises != nil { for invoice in batch.invoices where invoice.kind == .invoice { promises!.add(invoice, asOf: asOf) } }
        }
        let future = accumulator.futureInvoiceCount
        let overpaid = accumulator.overpaidInvoiceCount
        let creditOnly = accumulator.creditOnlyAccountCount
        // The per-account totals are released here, before the accounts file is read and
        // joined (at 10M accounts they are 1.9 GB).
        var table = (consume accumulator).table()
        guard table.rowCount > 0 else {
            throw InputError(file: ledgerPath, line: nil, column: nil, value: asOf.description,
                             message: "no invoice dated on or before the as-of date")
        }
        var notes: [String] = []
        if future > 0 { notes.append("\(future) invoices dated after \(asOf) were ignored") }
        // Notes about how the ledger was read (only ever for ERP-shaped inputs), kept on `read`
        // too so reports can show them.
        var ledgerNotes: [String] = []
        if source.onBadRow == .reject || read.ledger.duplicatesDropped > 0 || read.ledger.ignored > 0 {
            ledgerNotes += read.conservationLines
        }
        if !layout.hasDisputes {
            ledgerNotes.append("the ledger has no disputed column: dispute_rate and disputed_open_balance are left out")
        }
        for name in read.repeatedColumns { ledgerNotes.append("column '\(name)' appears more than once in \(ledgerPath); no mapping uses it") }
        if overpaid > 0 {
            ledgerNotes.append("\(overpaid) invoices are overpaid by \(asOf): the excess counts in unapplied_credit")
        }
        if creditOnly > 0 {
            ledgerNotes.append("\(creditOnly) accounts have credit memos but no invoice by \(asOf) and get no row")
        }
        if let currency = read.reportingCurrency, read.currencyCounts.count > 1 {
            let inferred = source.reportingCurrency == nil
                ? " (\(currency) inferred: the one ledger currency with no rate other than 1 there)" : ""
            ledgerNotes.append("money is in \(currency), converted at the rates of \(source.ratesPath ?? "")\(inferred)")
        }
        read.notes = ledgerNotes
        notes += ledgerNotes
        if let promises { table = try promises.joined(to: table, asOf: asOf) }
        if let accountsPath {
            let attributes = try AccountTable.read(path: accountsPath, idColumn: "account_id")
            // Every account of the table has its own row in `attributes` (ids are unique there).
            let unused = attributes.rowCount - table.rowCount
            table = try (consume table).joining(consume attributes, path: accountsPath)
            if unused > 0 { notes.append("\(unused) accounts in \(accountsPath) have no invoice by \(asOf) and were left out") }
        }
        return (table, notes, read)
    }
}
