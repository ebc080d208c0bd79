import Tabular

extension LedgerGenerator {
    /// Writes the ledger with the ERP shapes of `shape` (issue 12): partial payments, credit
    /// memos, currencies, a preset's layout and exact duplicate rows; plus the truth and
    /// accounts files (ids in the layout's form), the payments file (with
    /// `shape.partialPayments`) and the rates file (with `shape.currencies`). Streamed like
    /// `write(ledger:truth:accounts:blockDays:)`, which a plain shape calls: same bytes.
    ///
    /// The underlying invoices are the plain ledger's (same customers, dates, terms, disputes
    /// and, in the reporting currency, amounts); the shapes add to them:
    /// - currencies: each customer bills in one currency (the first listed for about 70%, the
    ///   others alike); an invoice of another currency is the plain amount divided by the rate
    ///   of its month (`ERPRates`), rounded to cents, at least 1;
    /// - partial payments (`PaymentPlan`): the payments file holds `invoice_id,payment_date,amount`
    ///   (in the invoice's currency, dated on or before as-of) and `paid_date` (or the layout's
    ///   clearing column) is the day they reached the invoice's amount in its currency, empty
    ///   while they fall short. Read with `--payments`, the ledger's `paid_date` is not used for
    ///   invoices; read without, it settles them in full on that day;
    /// - credit memos (`CreditMemoDraw`): rows of their own (`CM`, SAP `DG`/`G2`) with a
    ///   negative amount, dated when issued (due the same day), `paid_date` when cleared; written
    ///   after the invoices of their day, numbered in ledger order (`CM0000001`);
    /// - SAP payment rows: one `DZ` document per payment (a negative amount) right after its
    ///   invoice, cleared with it;
    /// - duplicates: see `ERPShape.duplicateShare`.
    /// - Precondition: `shape.problems` is empty; `payments` is given exactly when
    ///   `shape.partialPayments`, `rates` exactly when `shape.currencies` is not empty.
    /// - Throws: what the sinks throw.
    public func write(_ shape: ERPShape, ledger: AtomicFile.Sink, truth: AtomicFile.Sink, accounts: AtomicFile.Sink?,
                      payments: AtomicFile.Sink?, rates: AtomicFile.Sink?, blockDays: Int? = nil) throws {
        precondition(shape.problems.isEmpty, shape.problems.joined(separator: "; "))
        precondition((payments != nil) == shape.partialPayments, "a payments file goes with partial payments")
        precondition((rates != nil) == !shape.currencies.isEmpty, "a rates file goes with currencies")
        if shape.isPlain {
            try write(ledger: ledger, truth: truth, accounts: accounts, blockDays: blockDays)
            return
        }
        let seeds = ERPSeeds(seed: seed)
        let profiles = (0..<customers).map { ERPCustomer(index: $0, seeds: seeds, currencyCount: shape.currencies.count) }
        let ids = ERPAccountIds(layout: shape.layout, customers: customers, profiles: profiles)
        var (states, invoiceCount) = try drawCustomers(truth: truth, accounts: accounts) { rows, i in
            ids.write(into: &rows, i)
        }
        let table = shape.currencies.isEmpty ? nil
            : ERPRates(codes: shape.currencies, seeds: seeds, firstDay: firstDay, asOf: asOf.daysSinceEpoch)
        if let rates, let table { try rates.write(table.csv) }
        var writer = ERPRowWriter(shape: shape, generator: self, seeds: seeds, ids: ids, rates: table,
                                  ledger: ledger, payments: payments)
        writer.invoiceWidth = invoiceIdWidth(count: invoiceCount)
        try forEachInvoiceInIssueOrder(&states, blockDays: blockDays) { i, customer, draft, number in
            try writer.invoice(i, customer, draft, number)
        }
        try writer.finish()
    }
}
