-- The 18 numeric ledger features of `ar-segment features LEDGER --as-of AS_OF` in one DuckDB
-- aggregate query, for scripts/bench (definitions: Sources/Receivables/LedgerFeature.swift).
-- bench_features_duckdb.py substitutes {ledger}, {as_of} and {output}. Columns are declared
-- (no type sniffing); dates are ISO; days between dates are DATE - DATE (integer days).
COPY (
    WITH invoices AS (
        SELECT account_id, invoice_date, due_date, amount, paid_date,
               lower(disputed) IN ('yes', 'true', '1') AS is_disputed,
               paid_date IS NOT NULL AND paid_date <= DATE '{as_of}' AS is_paid,
               greatest(paid_date - due_date, 0) AS days_late,
               DATE '{as_of}' - due_date AS past_due
        FROM read_csv('{ledger}', header = true, auto_detect = false, columns = {{
            'account_id': 'VARCHAR', 'invoice_id': 'VARCHAR', 'invoice_date': 'DATE', 'due_date': 'DATE',
            'amount': 'DOUBLE', 'paid_date': 'DATE', 'disputed': 'VARCHAR', 'payment_method': 'VARCHAR'}})
        WHERE invoice_date <= DATE '{as_of}'
    ),
    sums AS (
        SELECT account_id,
               count(*) AS n,
               sum(CASE WHEN DATE '{as_of}' - invoice_date < 365 THEN amount ELSE 0 END) AS billed_12m,
               avg(amount) AS avg_invoice_amount,
               sum(CASE WHEN NOT is_paid AND past_due <= 0 THEN amount ELSE 0 END) AS aging_current,
               sum(CASE WHEN NOT is_paid AND past_due BETWEEN 1 AND 30 THEN amount ELSE 0 END) AS aging_1_30,
               sum(CASE WHEN NOT is_paid AND past_due BETWEEN 31 AND 60 THEN amount ELSE 0 END) AS aging_31_60,
               sum(CASE WHEN NOT is_paid AND past_due BETWEEN 61 AND 90 THEN amount ELSE 0 END) AS aging_61_90,
               sum(CASE WHEN NOT is_paid AND past_due > 90 THEN amount ELSE 0 END) AS aging_90_plus,
               count(*) FILTER (WHERE is_paid) AS paid,
               sum(days_late) FILTER (WHERE is_paid) AS late_sum,
               count(*) FILTER (WHERE is_paid AND days_late > 0) AS late,
               coalesce(max(days_late) FILTER (WHERE is_paid), 0) AS max_days_late,
               count(*) FILTER (WHERE is_disputed) AS disputed,
               avg(days_late) FILTER (WHERE is_paid AND DATE '{as_of}' - paid_date < 90) AS recent_late,
               avg(days_late) FILTER (WHERE is_paid AND DATE '{as_of}' - paid_date >= 90) AS earlier_late,
               greatest(coalesce(max(past_due) FILTER (WHERE NOT is_paid), 0), 0) AS max_days_past_due,
               sum(CASE WHEN NOT is_paid AND is_disputed THEN amount ELSE 0 END) AS disputed_open_balance
        FROM invoices
        GROUP BY account_id
    )
    SELECT account_id,
           n AS invoice_count, billed_12m, avg_invoice_amount,
           aging_current + aging_1_30 + aging_31_60 + aging_61_90 + aging_90_plus AS open_balance,
           aging_1_30 + aging_31_60 + aging_61_90 + aging_90_plus AS overdue_balance,
           aging_current, aging_1_30, aging_31_60, aging_61_90, aging_90_plus,
           CASE WHEN aging_current + aging_1_30 + aging_31_60 + aging_61_90 + aging_90_plus > 0
                THEN (aging_31_60 + aging_61_90 + aging_90_plus)
                     / (aging_current + aging_1_30 + aging_31_60 + aging_61_90 + aging_90_plus)
                ELSE 0 END AS share_overdue_30_plus,
           CASE WHEN paid > 0 THEN late_sum / paid ELSE 0 END AS avg_days_late,
           CASE WHEN paid > 0 THEN 100.0 * late / paid ELSE 0 END AS pct_paid_late,
           max_days_late,
           disputed / n AS dispute_rate,
           coalesce(recent_late - earlier_late, 0) AS days_late_trend,
           max_days_past_due, disputed_open_balance
    FROM sums
    ORDER BY account_id
) TO '{output}' (HEADER, DELIMITER ',');
