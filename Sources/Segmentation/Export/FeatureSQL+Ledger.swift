import Receivables
import Tabular

// The relations an ERP ledger adds to the feature query (see `FeatureSQL`): exchange rates,
// the as-of rule over a payments table, open credit memos and the per-account categorical
// columns. The rule they render is `Invoice+Settlement.swift`'s, judged in the invoice's
// currency:
// - local open amount at T = local amount - local payments dated <= T; settled when that is
//   <= `Invoice.settledTolerance`, on the date of the payment that brought it there (an amount
//   already <= the tolerance is settled on its invoice date);
// - open amount (reporting currency) of an open invoice = max(0, amount x rate(invoice date) -
//   sum of payment x rate(payment date), payments dated <= T) (never below 0: payments worth
//   more than the invoice after the rate rose, while part is still owed locally);
// - overpayment = the local excess of payments dated <= T over the amount when it is above
//   the tolerance, converted at the rate of the last payment dated <= T;
// - a rate is the row of the currency with the latest `valid_from` on or before the date (an
//   empty `valid_from`: from the beginning); the reporting currency converts at 1.
extension FeatureSQL {
    /// The tolerance under which an open amount is settled, as an SQL double.
    var toleranceSQL: String { double(Invoice.settledTolerance) }

    /// `ar_rates`: each rate with the day it ends (the next `valid_from` of its currency).
    func ratesRelation(_ source: Source) -> String {
        let validFrom = ratesHaveValidFrom ? dialect.parseDate(id("valid_from"), format: .iso) : "CAST(NULL AS DATE)"
        return """
                SELECT currency, rate, valid_from,
                       lead(valid_from) OVER (PARTITION BY currency ORDER BY valid_from NULLS FIRST) AS valid_to
                FROM (SELECT \(dialect.asText(id("currency"))) AS currency, \(dialect.asDouble(id("rate"))) AS rate,
                             \(validFrom) AS valid_from
                      FROM \(from(source))) r
            """
    }

    /// The join of `ar_rates` as `alias` to the rate of `currency` in force on `day`, and the
    /// rate (1 for the reporting currency).
    func rate(of currency: String, on day: String, alias: String) -> (join: String, value: String) {
        let join = "LEFT JOIN ar_rates \(alias) ON \(alias).currency = \(currency)"
            + " AND (\(alias).valid_from IS NULL OR \(alias).valid_from <= \(day))"
            + " AND (\(alias).valid_to IS NULL OR \(day) < \(alias).valid_to)"
        let value = read.reportingCurrency.map {
            "CASE WHEN \(currency) = \(dialect.literal($0)) THEN \(double(1)) ELSE \(alias).rate END"
        } ?? "\(alias).rate"
        return (join, value)
    }

    /// `ar_ledger` with rates: `ar_raw`'s columns, its amount kept as `local_amount` and
    /// converted at the rate in force on the invoice date.
    func convertedRelation() -> String {
        let rate = rate(of: "l.currency", on: "l.invoice_date", alias: "r")
        let fields = ledgerFields().map { $0.1 == "amount" ? "l.amount AS local_amount" : "l.\($0.1)" }
            + ["l.amount * \(rate.value) AS amount"]
        return "    SELECT " + fields.joined(separator: ", ") + "\n    FROM ar_raw l\n    " + rate.join
    }

    /// The relations of a payments table: `ar_payments` (typed), `ar_paid` (per invoice, the
    /// payments dated <= as-of: local sum, converted sum, last date), `ar_settlement` (the date
    /// the running local sum first leaves at most the tolerance open) and `ar_settled` (the
    /// invoices with their settlement date, unpaid amount and overpayment at as-of).
    func settlementRelations(_ source: Source) -> [(String, String)] {
        let file = read.payments ?? PaymentsFile(path: "")
        let column = { (field: PaymentField) in self.id(file.sourceName(for: field)) }
        let payments = """
                SELECT \(dialect.asText(column(.invoiceId))) AS invoice_id,
                       \(dialect.parseDate(column(.paymentDate), format: read.dateFormats.format(for: "payment_date"))) AS payment_date,
                       \(amountSQL(column(.amount))) AS amount
                FROM \(from(source, delimiter: read.delimiter))
            """
        let dated = "p.payment_date <= \(asOfSQL)"
        var paid = [
            "p.invoice_id",
            "sum(CASE WHEN \(dated) THEN p.amount ELSE 0 END) AS paid_local",
            "max(CASE WHEN \(dated) THEN p.payment_date END) AS last_payment_date",
        ]
        var paidFrom = "ar_payments p"
        if converts {
            let rate = rate(of: "l.currency", on: "p.payment_date", alias: "r")
            paid.insert("sum(CASE WHEN \(dated) THEN p.amount * \(rate.value) ELSE 0 END) AS paid_converted", at: 2)
            paidFrom += "\n    JOIN ar_ledger l ON l.invoice_id = p.invoice_id\n    " + rate.join
        }
        let paidRelation = "    SELECT " + paid.joined(separator: ",\n           ") + "\n    FROM \(paidFrom)\n    GROUP BY p.invoice_id"
        let local = "l.\(localAmountColumn)"
        let settlement = """
                SELECT d.invoice_id, min(d.payment_date) AS settled_date
                FROM (SELECT invoice_id, payment_date,
                             sum(day_amount) OVER (PARTITION BY invoice_id ORDER BY payment_date
                                                   ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS paid_to_date
                      FROM (SELECT invoice_id, payment_date, sum(amount) AS day_amount
                            FROM ar_payments GROUP BY invoice_id, payment_date) g) d
                JOIN ar_ledger l ON l.invoice_id = d.invoice_id
                WHERE \(local) - d.paid_to_date <= \(toleranceSQL)
                GROUP BY d.invoice_id
            """
        let excess = "coalesce(p.paid_local, 0) - \(local)"
        var excessValue = "(\(excess))"
        var joins = "LEFT JOIN ar_settlement s ON s.invoice_id = l.invoice_id\n    LEFT JOIN ar_paid p ON p.invoice_id = l.invoice_id"
        if converts {
            let rate = rate(of: "l.currency", on: "p.last_payment_date", alias: "x")
            excessValue += " * \(rate.value)"
            joins += "\n    " + rate.join
        }
        let carried = ["account_id", "invoice_id", "invoice_date", "due_date", "amount"]
            + (hasDisputes ? ["is_disputed"] : []) + (hasPaymentMethod ? ["payment_method"] : [])
            + (hasCurrency ? ["currency"] : []) + read.categorical.indices.map { "cat_\($0 + 1)" }
        let settled = carried.map { "l.\($0)" } + [
            "CASE WHEN \(local) <= \(toleranceSQL) THEN l.invoice_date ELSE s.settled_date END AS settled_date",
            "greatest(l.amount - coalesce(p.\(converts ? "paid_converted" : "paid_local"), 0), \(double(0))) AS unpaid_amount",
            "CASE WHEN \(excess) > \(toleranceSQL) THEN \(excessValue) ELSE \(double(0)) END AS excess_payment",
        ]
        let settledRelation = "    SELECT " + settled.joined(separator: ",\n           ") + "\n    FROM ar_ledger l\n    " + joins
            + (hasCreditMemos ? "\n    WHERE NOT l.is_credit" : "")
        return [("ar_payments", payments), ("ar_paid", paidRelation), ("ar_settlement", settlement),
                ("ar_settled", settledRelation)]
    }

    /// `ar_credits`: per account, the credit of its credit memos dated on or before as-of and
    /// not cleared by it (`paid_date` empty or later), in the reporting currency.
    func creditsRelation() -> String {
        """
            SELECT account_id, sum(amount) AS open_credit
            FROM ar_ledger
            WHERE is_credit AND invoice_date <= \(asOfSQL) AND NOT (paid_date IS NOT NULL AND paid_date <= \(asOfSQL))
            GROUP BY account_id
        """
    }

    /// `ar_tally_N`: the values of categorical column `k` (`talliedColumns`) per account, by
    /// invoice count, most first, a tie to the value first in byte (code-point) order.
    func tallyRelation(_ k: Int) -> String {
        let column = hasCurrency ? (k == 0 ? "currency" : "cat_\(k)") : "cat_\(k + 1)"
        return """
                SELECT account_id, value,
                       row_number() OVER (PARTITION BY account_id ORDER BY n DESC, \(dialect.byteOrder("value"))) AS tally_order
                FROM (SELECT account_id, \(column) AS value, count(*) AS n FROM ar_invoices GROUP BY account_id, \(column)) g
            """
    }
}
