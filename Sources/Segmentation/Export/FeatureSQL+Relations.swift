import Receivables
import Tabular

// The relations of the feature query (see `FeatureSQL` for the whole shape). The as-of rule,
// lateness, aging, the trend windows and disputes are rendered here, from the per-invoice
// vocabulary of `FeatureFormula` (Receivables); each switch is exhaustive, so a new quantity
// or condition does not compile until every dialect can say it.
extension FeatureSQL {
    /// The key date as an SQL expression.
    var asOfSQL: String { dialect.date(asOf) }
    /// Paid on or before as-of (the as-of rule of `Invoice.isOpen(at:)`).
    var paidSQL: String { "(paid_date IS NOT NULL AND paid_date <= \(asOfSQL))" }

    /// 1. The ledger under canonical names, typed.
    func ledgerRelation() -> String {
        func source(_ field: LedgerField) -> String { id(columns.sourceName(for: field)) }
        func date(_ field: LedgerField) -> String { dialect.parseDate(source(field), format: dateFormat) }
        var fields = [
            "\(dialect.asText(source(.accountId))) AS account_id",
            "\(dialect.asText(source(.invoiceId))) AS invoice_id",
            "\(date(.invoiceDate)) AS invoice_date",
            "\(date(.dueDate)) AS due_date",
            "\(dialect.asDouble(source(.amount))) AS amount",
            "\(date(.paidDate)) AS paid_date",
            "coalesce(lower(\(dialect.asText(source(.disputed)))) IN ('yes', 'true', '1'), FALSE) AS is_disputed",
        ]
        if hasPaymentMethod {
            fields.append("NULLIF(\(dialect.asText(source(.paymentMethod))), '') AS payment_method")
        }
        return "    SELECT " + fields.joined(separator: ",\n           ") + "\n    FROM " + from(ledger)
    }

    /// 2. The invoices known at as-of, with the as-of rule and the per-invoice quantities.
    func invoicesRelation() -> String {
        var fields = ["account_id", "invoice_id", "invoice_date", "is_disputed", "\(paidSQL) AS is_paid"]
        fields += InvoiceQuantity.allCases.map { "\(quantitySQL($0)) AS \($0.rawValue)" }
        if hasPaymentMethod { fields.append("payment_method") }
        return "    SELECT " + fields.joined(separator: ",\n           ")
            + "\n    FROM ar_ledger\n    WHERE invoice_date <= \(asOfSQL)"
    }

    /// A per-invoice quantity over the `ledger` columns; NULL where it is not defined at as-of.
    func quantitySQL(_ quantity: InvoiceQuantity) -> String {
        switch quantity {
        case .amount: return "amount"
        case .daysLate: return "CASE WHEN \(paidSQL) THEN greatest(\(dialect.days(from: "due_date", to: "paid_date")), 0) END"
        case .daysPastDue: return dialect.days(from: "due_date", to: asOfSQL)
        case .daysSinceInvoice: return dialect.days(from: "invoice_date", to: asOfSQL)
        case .daysSincePayment: return "CASE WHEN \(paidSQL) THEN \(dialect.days(from: "paid_date", to: asOfSQL)) END"
        }
    }

    /// A per-invoice condition over the `invoices` columns.
    func conditionSQL(_ condition: InvoiceCondition) -> String {
        switch condition {
        case .paid: return "is_paid"
        case .open: return "NOT is_paid"
        case .disputed: return "is_disputed"
        case .below(let q, let bound): return "\(q.rawValue) < \(bound)"
        case .atLeast(let q, let bound): return "\(q.rawValue) >= \(bound)"
        case .aging(let bucket):
            let (lower, upper) = bucket.daysPastDueBounds
            let dpd = InvoiceQuantity.daysPastDue.rawValue
            return (["NOT is_paid"] + [lower.map { "\(dpd) >= \($0)" }, upper.map { "\(dpd) <= \($0)" }].compactMap { $0 })
                .joined(separator: " AND ")
        case .all(let conditions): return conditions.map { "(\(conditionSQL($0)))" }.joined(separator: " AND ")
        }
    }

    /// A per-account aggregate over `invoices`.
    func aggregateSQL(_ aggregate: InvoiceAggregate) -> String {
        switch aggregate {
        case .count(nil): return "count(*)"
        case .count(let condition?): return "sum(CASE WHEN \(conditionSQL(condition)) THEN 1 ELSE 0 END)"
        case .sum(let q, nil): return "sum(\(q.rawValue))"
        case .sum(let q, let condition?): return "sum(CASE WHEN \(conditionSQL(condition)) THEN \(q.rawValue) ELSE 0 END)"
        case .maxOrZero(let q, let condition):
            let value = condition.map { "CASE WHEN \(conditionSQL($0)) THEN \(q.rawValue) END" } ?? q.rawValue
            return "greatest(coalesce(max(\(value)), 0), 0)"
        }
    }

    /// Every aggregate the features read, each once, in first-use order; column `tN` of `totals`.
    var aggregates: [InvoiceAggregate] {
        var seen = Set<InvoiceAggregate>()
        return LedgerFeature.canonical.flatMap(\.definition.formula.aggregates).filter { seen.insert($0).inserted }
    }

    /// 3. One row per account with every aggregate.
    func totalsRelation() -> String {
        let fields = ["account_id"] + aggregates.enumerated().map { "\(aggregateSQL($1)) AS t\($0 + 1)" }
        return "    SELECT " + fields.joined(separator: ",\n           ") + "\n    FROM ar_invoices\n    GROUP BY account_id"
    }

    /// 4. Each account's invoices naming a method, latest first (invoice date, then invoice id).
    func methodsRelation() -> String {
        """
            SELECT account_id, payment_method,
                   row_number() OVER (PARTITION BY account_id
                                      ORDER BY invoice_date DESC, \(dialect.byteOrder("invoice_id")) DESC) AS recency
            FROM ar_invoices
            WHERE payment_method IS NOT NULL
        """
    }

    /// 5. The accounts file's columns, typed as ar-segment reads them.
    func accountsRelation(_ accounts: Accounts) -> String {
        let fields = ["\(dialect.asText(id("account_id"))) AS account_id"]
            + accounts.numeric.map { "\(dialect.asDouble(id($0))) AS \(id($0))" }
            + accounts.categorical.map { "coalesce(\(dialect.asText(id($0))), '') AS \(id($0))" }
        return "    SELECT " + fields.joined(separator: ",\n           ") + "\n    FROM " + from(accounts.source)
    }

    /// A feature formula over the `totals` row `t`, every aggregate as a double.
    func formulaSQL(_ formula: FeatureFormula) -> String {
        switch formula {
        case .aggregate(let a): return dialect.asDouble("t.t\(aggregates.firstIndex(of: a)! + 1)")
        case .constant(let value):
            let text = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)"
            return dialect.asDouble(text)
        case .plus(let a, let b): return "(\(formulaSQL(a)) + \(formulaSQL(b)))"
        case .minus(let a, let b): return "(\(formulaSQL(a)) - \(formulaSQL(b)))"
        case .times(let a, let b): return "(\(formulaSQL(a)) * \(formulaSQL(b)))"
        case .over(let a, let b): return "(\(formulaSQL(a)) / \(formulaSQL(b)))"
        case .whenPositive(let tests, let then, let otherwise):
            let test = tests.map { "\(formulaSQL($0)) > 0" }.joined(separator: " AND ")
            return "CASE WHEN \(test) THEN \(formulaSQL(then)) ELSE \(formulaSQL(otherwise)) END"
        }
    }

    /// 6. The output: features, attributes, credit utilisation, methods, text attributes.
    func finalSelect() -> String {
        var fields = ["t.account_id AS \(id("account_id"))"]
        fields += LedgerFeature.canonical.map { "\(formulaSQL($0.definition.formula)) AS \(id($0.rawValue))" }
        if let accounts {
            fields += accounts.numeric.map { "a.\(id($0))" }
            if joinsCreditLimit {
                let limit = "a.\(id(AccountAttribute.creditLimit))"
                let open = formulaSQL(LedgerFeature.openBalance.definition.formula)
                fields.append("CASE WHEN \(limit) > 0 THEN \(open) / \(limit) END AS \(id(AccountAttribute.creditUtilisation))")
            }
        }
        if hasPaymentMethod { fields.append("coalesce(m.payment_method, '') AS \(id(AccountAttribute.paymentMethod))") }
        if let accounts { fields += accounts.categorical.map { "a.\(id($0))" } }
        var text = "SELECT " + fields.joined(separator: ",\n       ") + "\nFROM ar_totals t"
        if hasPaymentMethod { text += "\nLEFT JOIN ar_methods m ON m.account_id = t.account_id AND m.recency = 1" }
        if accounts != nil { text += "\nLEFT JOIN ar_accounts a ON a.account_id = t.account_id" }
        return text + "\nORDER BY " + dialect.byteOrder("t.account_id")
    }
}
