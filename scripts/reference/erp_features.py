#!/usr/bin/env python3
"""Independent pandas computation of `ar-segment features` on ERP-shaped ledgers (issue 12).

Usage:
  erp_features.py --layout canonical|highradius|sap-fbl5n --ledger LEDGER --as-of YYYY-MM-DD \
      --ours FEATURES.csv [--payments PAYMENTS] [--rates RATES --reporting-currency CODE] \
      [--document-types CODE=kind,...] [--stderr RUN_STDERR.txt] [--label NAME] [--require-currency-settlement]

Written from the text of issue 12 ("Real ERP ledgers") and the README's feature definitions,
sharing no code with ar-segment. The rules it implements:

- Layouts. canonical: the README's columns, ISO dates, plain decimals. highradius: the issue's 19
  columns, mapped account_id=cust_number, invoice_id=invoice_id, invoice_date=posting_date,
  due_date=due_in_date (`20190405.0`), amount=total_open_amount, paid_date=clear_date
  (`2019-04-05 00:00:00`, empty while open), currency=invoice_currency; `document type` RV and
  X2 are invoices; business_code and cust_payment_terms are categorical (most frequent per
  account). sap-fbl5n: `;`-delimited, decimal comma `1.234,56`, `dd.MM.yyyy`, RV/DR invoices,
  DG/G2 credit memos, DZ ignored; the column names are those `ar-segment generate --layout
  sap-fbl5n` writes (the issue names none).
- Exact duplicate rows are dropped (first kept) before anything else.
- Document types: a credit memo is a credit of |amount|, open while not cleared by as-of
  (paid_date empty or later); it stays out of counts, averages, lateness and aging; ignored
  types are skipped.
- Currencies: an amount converts at the rate in force (latest valid_from on or before) on the
  invoice's date, a payment at its payment date; the reporting currency converts at 1.
- Payments (with --payments): payments are in the invoice's currency, and settlement is judged
  there: at as-of T the local open amount is the invoice's amount minus its payments dated <= T
  (both as written); it is settled when that is <= 0.005, on the date of the payment that
  brought it there (an amount <= 0.005 on its invoice date), and days late count from that date;
  paid_date is not used for invoices. While open, its open amount in the reporting currency is
  amount x rate(invoice date) - sum of payment x rate(payment date), floored at 0; settled, 0.
  The local excess of payments (<= T) over the amount, when above 0.005, adds to
  unapplied_credit, converted at the rate in force on the date of the latest of those payments.
  Without payments, paid_date <= T settles in full.
- Features: the README table (invoices dated <= T; open amounts in balances and aging; invoice
  amounts in billed_12m and avg_invoice_amount), unapplied_credit (open credit memos plus
  overpayments) and net_open_balance = open_balance - unapplied_credit when the run can have
  credits (a credit_memo document type or payments), dispute columns only with a `disputed`
  column, payment_method only with a payment_method column, currency (most invoices) with a
  currency column, and the layout's categorical columns.

Comparison: the same accounts and columns; counts and maxima (invoice_count, max_days_late,
max_days_past_due) and categorical values exactly (ties included: the value first in code-point
order, as the README says); every other column within 1e-9 relative to the larger
value, or, for money columns that cancel to near zero, to the account's gross amounts. With
--stderr, the run's conservation line (rows read = used + rejected + duplicates dropped) must
match the reference's row and duplicate counts. Exits 1 on any disagreement, printing each one
(column, account, both values, the rule).
"""
import argparse
import re
import sys

import numpy as np
import pandas as pd

LAYOUTS = {
    "canonical": {
        "sep": ",", "comma": False,
        "columns": {f: f for f in ["account_id", "invoice_id", "invoice_date", "due_date", "amount", "paid_date",
                                    "disputed", "payment_method", "document_type", "currency"]},
        "dates": {"invoice_date": "%Y-%m-%d", "due_date": "%Y-%m-%d", "paid_date": "%Y-%m-%d",
                  "payment_date": "%Y-%m-%d"},
        "types": None, "categorical": [],
    },
    "highradius": {
        "sep": ",", "comma": False,
        "columns": {"account_id": "cust_number", "invoice_id": "invoice_id", "invoice_date": "posting_date",
                    "due_date": "due_in_date", "amount": "total_open_amount", "paid_date": "clear_date",
                    "currency": "invoice_currency", "document_type": "document type"},
        "dates": {"invoice_date": "%Y-%m-%d", "due_date": "%Y%m%d.0", "paid_date": "%Y-%m-%d %H:%M:%S",
                  "payment_date": "%Y-%m-%d"},
        "types": {"RV": "invoice", "X2": "invoice"}, "categorical": ["business_code", "cust_payment_terms"],
    },
    "sap-fbl5n": {
        "sep": ";", "comma": True,
        "columns": {"account_id": "Account", "invoice_id": "Document Number", "document_type": "Document Type",
                    "invoice_date": "Document Date", "due_date": "Net Due Date", "amount": "Amount in Doc. Curr.",
                    "currency": "Document Currency", "paid_date": "Clearing Date"},
        "dates": {c: "%d.%m.%Y" for c in ["invoice_date", "due_date", "paid_date", "payment_date"]},
        "types": {"RV": "invoice", "DR": "invoice", "DG": "credit_memo", "G2": "credit_memo", "DZ": "ignore"},
        "categorical": None,  # not named by the issue: whatever extra ledger columns the run reports
    },
}
SETTLED = 0.005
EXACT = {"invoice_count", "max_days_late", "max_days_past_due"}
MONEY = {"billed_12m", "avg_invoice_amount", "open_balance", "overdue_balance", "aging_current", "aging_1_30",
         "aging_31_60", "aging_61_90", "aging_90_plus", "disputed_open_balance", "unapplied_credit",
         "net_open_balance"}
README_ORDER = ["invoice_count", "billed_12m", "avg_invoice_amount", "open_balance", "overdue_balance",
                "aging_current", "aging_1_30", "aging_31_60", "aging_61_90", "aging_90_plus",
                "share_overdue_30_plus", "avg_days_late", "pct_paid_late", "max_days_late", "dispute_rate",
                "days_late_trend", "max_days_past_due", "disputed_open_balance", "unapplied_credit",
                "net_open_balance"]


def number(text: str, comma: bool) -> float:
    """A plain decimal (`-12.5`) or, with `comma`, a decimal-comma one (`-1.234,56`)."""
    if comma:
        sign = -1.0 if text.startswith("-") or text.endswith("-") else 1.0
        body = text.strip("-")
        if not re.fullmatch(r"\d{1,3}(\.\d{3})*(,\d+)?|\d+(,\d+)?", body):
            raise ValueError(f"not a decimal-comma number: {text!r}")
        return sign * float(body.replace(".", "").replace(",", "."))
    if not re.fullmatch(r"-?\d+(\.\d+)?", text):
        raise ValueError(f"not a plain decimal: {text!r}")
    return float(text)


def dates(series: pd.Series, pattern: str) -> pd.Series:
    """Parsed with exactly `pattern`; empty cells are NaT (open)."""
    return pd.to_datetime(series.replace("", None), format=pattern)


class Rates:
    """`currency,rate[,valid_from]`: the rate in force on a date (latest valid_from on or before)."""

    def __init__(self, path, reporting):
        self.reporting = reporting
        self.table = {}
        if path is None:
            return
        raw = pd.read_csv(path, dtype=str, keep_default_na=False)
        for code, group in raw.groupby("currency"):
            starts = pd.to_datetime(group.get("valid_from", pd.Series([""] * len(group))).replace("", "1900-01-01"),
                                    format="%Y-%m-%d")
            order = np.argsort(starts.to_numpy(), kind="stable")
            self.table[code] = (starts.to_numpy()[order], group["rate"].astype(float).to_numpy()[order])

    def factors(self, codes: pd.Series, days: pd.Series) -> np.ndarray:
        """Per row, the rate of its currency in force on its day (1 for the reporting currency)."""
        out = np.ones(len(days), dtype=float)
        if codes is None:
            return out
        for code in codes.unique():
            if code == self.reporting or (not self.table and code == codes.iloc[0]):
                continue
            starts, rates = self.table[code]
            mask = (codes == code).to_numpy()
            at = np.searchsorted(starts, days[mask].to_numpy(), side="right") - 1
            if (at < 0).any():
                raise ValueError(f"no rate for {code} on {days[mask][at < 0].iloc[0]}")
            out[mask] = rates[at]
        return out

    def convert(self, amounts: np.ndarray, codes: pd.Series, days: pd.Series) -> np.ndarray:
        return np.array(amounts, dtype=float) * self.factors(codes, days)


def read_ledger(args, layout):
    """The ledger's documents after dropping exact duplicate rows, in file order, with their
    kind, amounts in the reporting currency and dates."""
    spec = LAYOUTS[layout]
    raw = pd.read_csv(args.ledger, sep=spec["sep"], dtype=str, keep_default_na=False)
    rows_read = len(raw)
    duplicated = raw.duplicated(keep="first")
    raw = raw[~duplicated].reset_index(drop=True)
    cols = {k: v for k, v in spec["columns"].items() if v in raw.columns}
    df = pd.DataFrame({k: raw[v] for k, v in cols.items()})
    df["order"] = np.arange(len(df))
    types = spec["types"]
    if args.document_types:
        types = dict(pair.split("=", 1) for pair in args.document_types.split(","))
    if types is not None and "document_type" in df:
        df["kind"] = df["document_type"].map(types)
        if df["kind"].isna().any():
            raise ValueError(f"unmapped document types: {sorted(set(df['document_type'][df['kind'].isna()]))}")
    else:
        df["kind"] = "invoice"
    df = df[df["kind"] != "ignore"].copy()
    for column in ["invoice_date", "due_date", "paid_date"]:
        df[column] = dates(df[column], spec["dates"][column])
    doc = np.array([number(t, spec["comma"]) for t in df["amount"]])
    if ((doc < 0) & (df["kind"] == "invoice").to_numpy()).any():
        raise ValueError("an invoice with a negative amount")
    rates = Rates(args.rates, args.reporting_currency)
    df["amount_local"] = np.abs(doc)
    df["amount_rep"] = rates.convert(np.abs(doc), df.get("currency"), df["invoice_date"])
    return df, raw, rates, rows_read, int(duplicated.sum())


def read_payments(args, layout, invoices, rates):
    """Payments joined to their invoices, in the invoice's currency (`amount`), with the rate in
    force on the payment date (`rate`) and the converted amount (`amount_rep`)."""
    spec = LAYOUTS[layout]
    raw = pd.read_csv(args.payments, sep=spec["sep"], dtype=str, keep_default_na=False)
    p = pd.DataFrame({"invoice_id": raw["invoice_id"], "order": np.arange(len(raw))})
    p["payment_date"] = dates(raw["payment_date"], spec["dates"]["payment_date"])
    p["amount"] = [number(t, spec["comma"]) for t in raw["amount"]]
    known = invoices.set_index("invoice_id")
    unknown = ~p["invoice_id"].isin(known.index)
    if unknown.any():
        raise ValueError(f"{int(unknown.sum())} payments for unknown invoices, first {p['invoice_id'][unknown].iloc[0]}")
    codes = known["currency"].reindex(p["invoice_id"]).reset_index(drop=True) if "currency" in known else None
    p["rate"] = rates.factors(codes, p["payment_date"])
    p["amount_rep"] = p["amount"].to_numpy() * p["rate"].to_numpy()
    return p


def settle_with_payments(inv, payments, as_of):
    """Settlement (in the invoice's currency), open amount in the reporting currency and
    overpayment of each invoice at `as_of` from payments; also how many invoices the sums in the
    reporting currency would judge otherwise (open or settled, or overpaid), the cases a move of
    the rate between the invoice and its payments makes."""
    known = payments[payments["payment_date"] <= as_of].sort_values(["invoice_id", "payment_date", "order"])
    by_invoice = known.groupby("invoice_id")
    paid_local = by_invoice["amount"].sum()
    paid_rep = by_invoice["amount_rep"].sum()
    last_rate = by_invoice["rate"].last()  # sorted by date: the latest payment's rate
    per_day = known.groupby(["invoice_id", "payment_date"], sort=True)[["amount", "amount_rep"]].sum() \
        .groupby(level=0).cumsum().reset_index()
    keyed = inv.set_index("invoice_id")
    per_day["local"] = keyed["amount_local"].reindex(per_day["invoice_id"]).to_numpy()
    per_day["rep"] = keyed["amount_rep"].reindex(per_day["invoice_id"]).to_numpy()
    settled = per_day[per_day["local"] - per_day["amount"] <= SETTLED].groupby("invoice_id")["payment_date"].min()
    ids = inv["invoice_id"]
    settle_day = pd.to_datetime(settled.reindex(ids).to_numpy())
    tiny = inv["amount_local"].to_numpy() <= SETTLED
    settle_day = np.where(tiny, inv["invoice_date"].to_numpy(), settle_day.to_numpy())
    is_paid = ~pd.isna(settle_day)
    local_total = paid_local.reindex(ids).fillna(0.0).to_numpy()
    rep_total = paid_rep.reindex(ids).fillna(0.0).to_numpy()
    open_amount = np.where(is_paid, 0.0, np.maximum(0.0, inv["amount_rep"].to_numpy() - rep_total))
    local_excess = local_total - inv["amount_local"].to_numpy()
    excess = np.where(local_excess > SETTLED, local_excess * last_rate.reindex(ids).fillna(1.0).to_numpy(), 0.0)
    # The same invoices judged on reporting-currency sums (the rule this one replaced).
    old_paid = per_day[per_day["rep"] - per_day["amount_rep"] <= SETTLED]["invoice_id"].unique()
    old_is_paid = ids.isin(old_paid).to_numpy() | tiny
    old_overpaid = (rep_total - inv["amount_rep"].to_numpy()) > 0
    moved = int(((old_is_paid != is_paid) | (old_overpaid != (excess > 0))).sum())
    return is_paid, pd.to_datetime(settle_day), open_amount, excess, moved


def most_frequent(values: pd.Series):
    """(value, tied values): the most frequent value, and when several are as frequent the first
    of them in code-point order (Python's str order: "B" < "a" < "z" < "é"), the README's tie rule;
    the tied values are returned too (else []) so the report can count the ties compared."""
    counts = values.value_counts()
    top = counts.iloc[0]
    winners = sorted(counts[counts == top].index)
    return winners[0], winners if len(winners) > 1 else []


def credit_types(args, layout) -> bool:
    """Whether the run's document types map some code to credit_memo."""
    types = dict(p.split("=", 1) for p in args.document_types.split(",")) if args.document_types \
        else LAYOUTS[layout]["types"] or {}
    return "credit_memo" in types.values()


def reference(args, layout, ours_columns):
    as_of = pd.Timestamp(args.as_of)
    every, raw, rates, rows_read, dropped = read_ledger(args, layout)
    docs = every[every["invoice_date"] <= as_of]
    inv = docs[docs["kind"] == "invoice"].copy()
    memos = docs[docs["kind"] == "credit_memo"]
    moved = 0
    if args.payments:
        payments = read_payments(args, layout, every[every["kind"] == "invoice"], rates)
        inv["paid"], inv["settled"], inv["open_amount"], inv["excess"], moved = settle_with_payments(inv, payments, as_of)
    else:
        inv["paid"] = inv["paid_date"].notna() & (inv["paid_date"] <= as_of)
        inv["settled"] = inv["paid_date"].where(inv["paid"])
        inv["open_amount"] = np.where(inv["paid"], 0.0, inv["amount_rep"])
        inv["excess"] = 0.0
    open_memo = memos["paid_date"].isna() | (memos["paid_date"] > as_of)
    memo_credit = memos[open_memo].groupby("account_id")["amount_rep"].sum()
    has_credits = args.payments is not None or credit_types(args, layout)
    has_disputes = "disputed" in inv
    inv["late"] = np.where(inv["paid"], (inv["settled"] - inv["due_date"]).dt.days.clip(lower=0), np.nan)
    inv["dpd"] = np.where(~inv["paid"], (as_of - inv["due_date"]).dt.days, np.nan)
    if has_disputes:
        inv["is_disputed"] = inv["disputed"].str.lower().isin(["yes", "true", "1"])
    extras = LAYOUTS[layout]["categorical"]
    if extras is None:  # the issue names no SAP categorical columns: those of the run that are ledger columns
        mapped = set(LAYOUTS[layout]["columns"].values())
        extras = [c for c in ours_columns if c in raw.columns and c not in mapped]
    rows, ties = [], []
    gross = {}
    for account, g in inv.groupby("account_id", sort=False):
        paid = g[g["paid"]]
        open_rows = g[~g["paid"]]
        dpd = open_rows["dpd"]
        amt = open_rows["open_amount"]
        buckets = [amt[dpd <= 0].sum(), amt[(dpd >= 1) & (dpd <= 30)].sum(), amt[(dpd >= 31) & (dpd <= 60)].sum(),
                   amt[(dpd >= 61) & (dpd <= 90)].sum(), amt[dpd > 90].sum()]
        open_balance = amt.sum()
        recent = paid[(as_of - paid["settled"]).dt.days < 90]["late"]
        earlier = paid[(as_of - paid["settled"]).dt.days >= 90]["late"]
        row = {
            "account_id": account,
            "invoice_count": len(g),
            "billed_12m": g["amount_rep"][(as_of - g["invoice_date"]).dt.days < 365].sum(),
            "avg_invoice_amount": g["amount_rep"].mean(),
            "open_balance": open_balance,
            "overdue_balance": amt[dpd >= 1].sum(),
            "aging_current": buckets[0], "aging_1_30": buckets[1], "aging_31_60": buckets[2],
            "aging_61_90": buckets[3], "aging_90_plus": buckets[4],
            "share_overdue_30_plus": amt[dpd > 30].sum() / open_balance if open_balance > 0 else 0.0,
            "avg_days_late": paid["late"].mean() if len(paid) else 0.0,
            "pct_paid_late": 100.0 * (paid["late"] > 0).mean() if len(paid) else 0.0,
            "max_days_late": paid["late"].max() if len(paid) else 0.0,
            "days_late_trend": recent.mean() - earlier.mean() if len(recent) and len(earlier) else 0.0,
            "max_days_past_due": dpd[dpd > 0].max() if (dpd > 0).any() else 0.0,
        }
        if has_disputes:
            row["dispute_rate"] = g["is_disputed"].mean()
            row["disputed_open_balance"] = amt[open_rows["is_disputed"]].sum()
        if has_credits:
            credit = memo_credit.get(account, 0.0) + g["excess"].sum()
            row["unapplied_credit"] = credit
            row["net_open_balance"] = open_balance - credit
        if "payment_method" in g:
            named = g[g["payment_method"] != ""]
            row["payment_method"] = named.sort_values(["invoice_date", "order"])["payment_method"].iloc[-1] \
                if len(named) else ""
        if "currency" in g:
            row["currency"], tied = most_frequent(g["currency"])
            if tied:
                ties.append((account, "currency", tied))
        for name in extras:
            row[name], tied = most_frequent(raw.loc[g.index, name])
            if tied:
                ties.append((account, name, tied))
        gross[account] = g["amount_rep"].sum() + memos["amount_rep"][memos["account_id"] == account].sum() \
            + 2 * g["excess"].sum()
        rows.append(row)
    ref = pd.DataFrame(rows).set_index("account_id").sort_index()
    numeric = [c for c in README_ORDER if c in ref.columns]
    categorical = [c for c in ref.columns if c not in README_ORDER]
    return ref[numeric + categorical], ties, gross, rows_read, dropped, moved


def compare(args, layout):
    ours = pd.read_csv(args.ours, dtype=str, keep_default_na=False).set_index("account_id")
    ref, ties, gross, rows_read, dropped, moved = reference(args, layout, list(ours.columns))
    failures = []
    ref_numeric = [c for c in ref.columns if c in README_ORDER]
    ours_numeric = [c for c in ours.columns if c in README_ORDER]
    if ours_numeric != ref_numeric:
        failures.append(f"feature columns differ (README order; rule: README table, dispute columns only with "
                        f"`disputed`, credit columns with credit memos or payments):\n    ours {ours_numeric}\n"
                        f"    ref  {ref_numeric}")
    missing = [c for c in ref.columns if c not in ours.columns]
    extra = [c for c in ours.columns if c not in ref.columns]
    if missing:
        failures.append(f"columns missing from ours: {missing}")
    if extra:
        failures.append(f"columns only in ours: {extra}")
    if list(ours.index) != list(ref.index):
        only_ours = sorted(set(ours.index) - set(ref.index))[:5]
        only_ref = sorted(set(ref.index) - set(ours.index))[:5]
        failures.append(f"accounts differ: {len(ours)} ours vs {len(ref)} reference "
                        f"(only ours {only_ours}, only reference {only_ref}; rule: an account with an invoice "
                        f"dated on or before as-of gets a row, sorted by id)")
    shared = [c for c in ref.columns if c in ours.columns]
    index = ref.index.intersection(ours.index)
    for column in shared:
        if column in README_ORDER:
            a = ours.loc[index, column].astype(float).to_numpy()
            b = ref.loc[index, column].astype(float).to_numpy()
            if column in EXACT:
                bad = a != b
                rule = "exact"
            else:
                floor = np.array([gross[i] for i in index]) if column in MONEY else 1.0
                scale = np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)
                bad = ~(np.abs(a - b) <= 1e-9 * scale)
                rule = "1e-9 relative"
            for account in index[bad][:5]:
                failures.append(f"{column} {account}: ours {ours.at[account, column]} vs reference "
                                f"{ref.at[account, column]!r} ({rule}; {int(bad.sum())} accounts differ)")
        else:
            for account in index:
                if ours.at[account, column] != ref.at[account, column]:
                    failures.append(f"{column} {account}: ours {ours.at[account, column]!r} vs reference "
                                    f"{ref.at[account, column]!r} (most frequent over the account's invoices; "
                                    f"a tie to the first in code-point order)")
    if args.stderr:
        text = open(args.stderr).read()
        name = args.ledger.rsplit("/", 1)[-1]
        found = re.search(re.escape(name) + r"\D*(\d+) rows read\D+(\d+) used\D+(\d+) rejected\D+(\d+) duplicates dropped",
                          text)
        if not found:
            failures.append(f"no conservation line for {name} (rows read = used + rejected + duplicates dropped) "
                            f"in the run's output")
        else:
            read, used, rejected, dups = map(int, found.groups())
            if (read, rejected, dups) != (rows_read, 0, dropped) or read != used + rejected + dups:
                failures.append(f"conservation: ours read {read} = {used} used + {rejected} rejected + {dups} dropped; "
                                f"reference read {rows_read}, 0 rejected, {dropped} exact duplicates")
    if args.require_currency_settlement and moved == 0:
        failures.append("no invoice whose settlement in its own currency differs from the sums in the reporting "
                        "currency: the ledger does not exercise settlement across a moving rate")
    label = args.label or f"{layout} as of {args.as_of}"
    if failures:
        print(f"erp-features {label}: FAILED", file=sys.stderr)
        for line in failures[:60]:
            print("  " + line, file=sys.stderr)
        if len(failures) > 60:
            print(f"  ... {len(failures) - 60} more", file=sys.stderr)
        return 1
    credit = f", {int((ref['unapplied_credit'] > 0).sum())} with unapplied credit" if "unapplied_credit" in ref else ""
    tie_note = f"; {len(ties)} categorical ties compared (first: {ties[0][1]} of {ties[0][0]} has {ties[0][2]} " \
        f"equally often, both {ours.at[ties[0][0], ties[0][1]]!r})" if ties else ""
    print(f"erp-features {label}: {len(ref)} accounts x {len(ref.columns)} columns agree (exact / 1e-9); "
          f"{int(ref['invoice_count'].sum())} invoices, {int((ref['open_balance'] > 0).sum())} accounts open{credit}; "
          f"{rows_read} rows read, {dropped} exact duplicates"
          + (f"; {moved} invoices settled (or overpaid) in their currency otherwise than in reporting-currency sums"
             if args.payments else "") + tie_note)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--layout", choices=sorted(LAYOUTS), required=True)
    parser.add_argument("--ledger", required=True)
    parser.add_argument("--as-of", required=True)
    parser.add_argument("--ours", required=True)
    parser.add_argument("--payments")
    parser.add_argument("--rates")
    parser.add_argument("--reporting-currency")
    parser.add_argument("--document-types")
    parser.add_argument("--stderr")
    parser.add_argument("--label")
    parser.add_argument("--require-currency-settlement", action="store_true",
                        help="fail unless some invoice's settlement in its own currency differs from the sums in the "
                             "reporting currency (the ledger exercises a moving rate)")
    args = parser.parse_args()
    return compare(args, args.layout)


if __name__ == "__main__":
    sys.exit(main())
