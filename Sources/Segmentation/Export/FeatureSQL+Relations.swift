import Receivables
import Tabular

// The relations of the feature query (see `FeatureSQL` for the whole shape). The as-of rule,
// lateness, aging, the trend windows and disputes are rendered here, from the per-invoice
// vocabulary of `FeatureFormula` (Receivables); each switch is exhaustive, so a new quantity
// or condition does not compile until every dialect can say it.
extension FeatureSQL {
    /// The key date as an SQL expression.
    var asOfSQL: String { dialect.date(asOf) }
    /// The settlement date column of `ar_invoices`' source: `paid_date`, or with payments the
    /// date of the payment that settled the invoice (`ar_settled`).
    var settledColumn: String { payments == nil ? "paid_date" : "settled_date" }
    /// Settled on or before as-of (the as-of rule of `Invoice.isOpen(at:)`).
    var paidSQL: String { "(\(settledColumn) IS NOT NULL AND \(settledColumn) <= \(asOfSQL))" }
    /// Whether a document type maps to `credit_memo` (then `ar_credits` sums their credit).
    var hasCreditMemos: Bool { read.documentTypes?.kinds.values.contains(.creditMemo) ?? false }
    /// Whether amounts convert at exchange rates (a rates table and a `currency` column).
    var converts: Bool { rates != nil && hasCurrency }
    /// The column of `ar_ledger` with the amount in the source's currency.
    var localAmountColumn: String { converts ? "local_amount" : "amount" }
    /// A double literal (`CAST(0.005 AS DOUBLE)`; Spark reads `0.005` as DECIMAL).
    func double(_ value: Double) -> String {
        dialect.asDouble(value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : "\(value)")
    }

    /// The column `cell` (an amount as the source writes it) as a double: plain decimals (or a
    /// numeric column) cast; with a decimal comma (`1.234,56`, sign leading or trailing:
    /// `1.234,56-`) the grouping dots dropped and the comma made a point first.
    func amountSQL(_ cell: String) -> String {
        guard read.decimal == .comma else { return dialect.asDouble(cell) }
        let point = "replace(replace(\(dialect.asText(cell)), '.', ''), ',', '.')"
        return dialect.asDouble("CASE WHEN \(point) LIKE '%-' THEN concat('-', substring(\(point), 1, length(\(point)) - 1)) "
                                + "ELSE \(point) END")
    }

    /// The typed ledger columns: (expression over the source, canonical name), in order.
    func ledgerFields() -> [(String, String)] {
        func source(_ field: LedgerField) -> String { id(columns.sourceName(for: field)) }
        func date(_ field: LedgerField) -> String {
            dialect.parseDate(source(field), format: read.dateFormats.format(for: field.rawValue))
        }
        let documentType = "NULLIF(\(dialect.asText(source(.documentType))), '')"
        let codes = { (kind: DocumentKind) in
            (read.documentTypes?.order ?? []).filter { read.documentTypes?.kinds[$0] == kind }.map(dialect.literal)
        }
        let credits = codes(.creditMemo)
        let isCredit = credits.isEmpty ? nil : "\(documentType) IN (\(credits.joined(separator: ", ")))"
        let amount = amountSQL(source(.amount))
        var fields: [(String, String)] = [
            (dialect.asText(source(.accountId)), "account_id"),
            (dialect.asText(source(.invoiceId)), "invoice_id"),
            (date(.invoiceDate), "invoice_date"),
            (date(.dueDate), "due_date"),
            (isCredit.map { "CASE WHEN \($0) THEN abs(\(amount)) ELSE \(amount) END" } ?? amount, "amount"),
        ]
        // With payments an invoice's settlement comes from them; a credit memo's from paid_date.
        if payments == nil || hasCreditMemos {
            fields.append((payments != nil && !hasPaidDate ? "CAST(NULL AS DATE)" : date(.paidDate), "paid_date"))
        }
        if hasDisputes {
            fields.append(("coalesce(lower(\(dialect.asText(source(.disputed)))) IN ('yes', 'true', '1'), FALSE)", "is_disputed"))
        }
        if hasPaymentMethod { fields.append(("NULLIF(\(dialect.asText(source(.paymentMethod))), '')", "payment_method")) }
        if hasCurrency { fields.append((dialect.asText(source(.currency)), "currency")) }
        if let isCredit { fields.append(("coalesce(\(isCredit), FALSE)", "is_credit")) }
        for (k, name) in read.categorical.enumerated() {
            fields.append(("coalesce(\(dialect.asText(id(name))), '')", "cat_\(k + 1)"))
        }
        return fields
    }

    /// 1. The ledger under canonical names, typed (`ar_ledger`, or `ar_raw` before conversion):
    /// documents of `ignore` types left out, a credit memo's amount as its |amount|, the
    /// categorical columns as `cat_N`; distinct rows when exact duplicates are to be dropped.
    func ledgerRelation() -> String {
        let fields = ledgerFields().map { "\($0.0) AS \($0.1)" }
        let documentType = "NULLIF(\(dialect.asText(id(columns.sourceName(for: .documentType)))), '')"
        let ignored = (read.documentTypes?.order ?? []).filter { read.documentTypes?.kinds[$0] == .ignore }.map(dialect.literal)
        let distinct = read.onBadRow == .reject ? "DISTINCT " : ""
        return "    SELECT \(distinct)" + fields.joined(separator: ",\n           ") + "\n    FROM " + from(ledger, delimiter: read.delimiter)
            + (ignored.isEmpty ? "" : "\n    WHERE \(documentType) NOT IN (\(ignored.joined(separator: ", ")))")
    }

    /// 2. The invoices known at as-of (credit memos left out), with the as-of rule and the
    /// per-invoice quantities the formulas use, and the categorical columns.
    func invoicesRelation() -> String {
        var fields = ["account_id", "invoice_id", "invoice_date"] + (hasDisputes ? ["is_disputed"] : []) + ["\(paidSQL) AS is_paid"]
        fields += InvoiceQuantity.allCases.map { "\(quantitySQL($0)) AS \($0.rawValue)" }
        if hasPaymentMethod { fields.append("payment_method") }
        if hasCurrency { fields.append("currency") }
        fields += read.categorical.indices.map { "cat_\($0 + 1)" }
        let credit = hasCreditMemos && payments == nil ? " AND NOT is_credit" : ""
        return "    SELECT " + fields.joined(separator: ",\n           ")
            + "\n    FROM \(payments == nil ? "ar_ledger" : "ar_settled")\n    WHERE invoice_date <= \(asOfSQL)\(credit)"
    }

    /// A per-invoice quantity over the `ledger` columns; NULL where it is not defined at as-of.
    func quantitySQL(_ quantity: InvoiceQuantity) -> String {
        let settled = settledColumn
        switch quantity {
        case .amount: return "amount"
        case .daysLate: return "CASE WHEN \(paidSQL) THEN greatest(\(dialect.days(from: "due_date", to: settled)), 0) END"
        case .daysPastDue: return dialect.days(from: "due_date", to: asOfSQL)
        case .daysSinceInvoice: return dialect.days(from: "invoice_date", to: asOfSQL)
        case .daysSincePayment: return "CASE WHEN \(paidSQL) THEN \(dialect.days(from: settled, to: asOfSQL)) END"
        case .openAmount:
            return "CASE WHEN \(paidSQL) THEN \(double(0)) ELSE \(payments == nil ? "amount" : "unpaid_amount") END"
        case .excessPayment: return payments == nil ? double(0) : "excess_payment"
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
        case .openCredit:
            // One `ar_credits` row per account at most: max() just carries it through the GROUP BY.
            return hasCreditMemos ? "coalesce(max(c.open_credit), 0)" : double(0)
        }
    }

    /// Every aggregate the features read, each once, in first-use order; column `tN` of `totals`.
    var aggregates: [InvoiceAggregate] {
        var seen = Set<InvoiceAggregate>()
        return features.flatMap(\.definition.formula.aggregates).filter { seen.insert($0).inserted }
    }

    /// 3. One row per account with every aggregate (and its open credit memos).
    func totalsRelation() -> String {
        let joinsCredits = hasCreditMemos && aggregates.contains(.openCredit)
        let account = joinsCredits ? "i.account_id" : "account_id"
        let fields = ["\(account) AS account_id"] + aggregates.enumerated().map { "\(aggregateSQL($1)) AS t\($0 + 1)" }
        return "    SELECT " + fields.joined(separator: ",\n           ") + "\n    FROM ar_invoices"
            + (joinsCredits ? " i\n    LEFT JOIN ar_credits c ON c.account_id = i.account_id" : "") + "\n    GROUP BY \(account)"
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
        case .constant(let value): return double(value)
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
        fields += features.map { "\(formulaSQL($0.definition.formula)) AS \(id($0.rawValue))" }
        if let accounts {
            fields += accounts.numeric.map { "a.\(id($0))" }
            if joinsCreditLimit {
                let limit = "a.\(id(AccountAttribute.creditLimit))"
                let open = formulaSQL(LedgerFeature.openBalance.definition.formula)
                fields.append("CASE WHEN \(limit) > 0 THEN \(open) / \(limit) END AS \(id(AccountAttribute.creditUtilisation))")
            }
        }
        if hasPaymentMethod { fields.append("coalesce(m.payment_method, '') AS \(id(AccountAttribute.paymentMethod))") }
        for (k, name) in talliedColumns.enumerated() { fields.append("coalesce(c\(k + 1).value, '') AS \(id(name))") }
        if let accounts { fields += accounts.categorical.map { "a.\(id($0))" } }
        var text = "SELECT " + fields.joined(separator: ",\n       ") + "\nFROM ar_totals t"
        if hasPaymentMethod { text += "\nLEFT JOIN ar_methods m ON m.account_id = t.account_id AND m.recency = 1" }
        for k in talliedColumns.indices {
            text += "\nLEFT JOIN ar_tally_\(k + 1) c\(k + 1) ON c\(k + 1).account_id = t.account_id AND c\(k + 1).tally_order = 1"
        }
        if accounts != nil { text += "\nLEFT JOIN ar_accounts a ON a.account_id = t.account_id" }
        return text + "\nORDER BY " + dialect.byteOrder("t.account_id")
    }
}
