import NumericCore
import Tabular

/// `broken_promises` and `broken_promise_rate` from a promises file, gathered while the ledger
/// streams by: only the invoices of accounts with a promise are kept.
struct PromiseFeatures {
    let path: String
    let rows: [(reference: PlanFiles.Reference, date: CalendarDay, amount: Double, promisedOn: CalendarDay?)]
    private let promisedAccounts: Set<String>
    private let namedInvoices: Set<String>
    private(set) var invoices: [Invoice] = []
    private(set) var invoiceAccounts: [String: String] = [:]

    init(path: String) throws {
        self.path = path
        rows = try PlanFiles.promises(path: path)
        promisedAccounts = Set(rows.compactMap(\.reference.accountId))
        namedInvoices = Set(rows.compactMap(\.reference.invoiceId))
    }

    mutating func add(_ invoice: Invoice, asOf: CalendarDay) {
        guard invoice.invoiceDate <= asOf else { return }
        if namedInvoices.contains(invoice.invoiceId) { invoiceAccounts[invoice.invoiceId] = invoice.accountId }
        if promisedAccounts.contains(invoice.accountId) { invoices.append(invoice) }
    }

    /// The promises with their references checked against `accounts` (the ledger's).
    func promises(accounts: Set<String>) throws -> [PaymentPromise] {
        let references = PlanReferences(invoiceAccounts: invoiceAccounts, accounts: accounts)
        return try rows.map { row in
            PaymentPromise(accountId: try references.resolve(row.reference), invoiceId: row.reference.invoiceId,
                           promiseDate: row.date, amount: row.amount, promisedOn: row.promisedOn)
        }
    }

    /// `table` with the two columns added (0 for accounts without a judged promise).
    func joined(to table: AccountTable, asOf: CalendarDay) throws -> AccountTable {
        let records = PromiseRecord.byAccount(try promises(accounts: Set(table.ids)), asOf: asOf, invoices: invoices)
        var values = Matrix(rows: table.rowCount, columns: 2)
        for (i, id) in table.ids.enumerated() {
            let record = records[id] ?? PromiseRecord()
            values[i, 0] = Double(record.broken)
            values[i, 1] = record.rate
        }
        let columns = AccountTable(idColumn: table.idColumn, ids: table.ids,
                                   numericNames: ["broken_promises", "broken_promise_rate"], values: values)
        return try table.joining(columns, path: path)
    }
}
