#!/usr/bin/env python3
"""Independent pandas recomputation of `ar-segment backtest`.

Usage: backtest_outcomes.py LEDGER.csv AS_OF HORIZONS BACKTEST_DIR [--date-format FMT] [--columns canonical=source,...]

From the raw ledger (no code shared with ar-segment) and the segments at T (BACKTEST_DIR/assignments.csv,
every account), recomputes per account the columns of outcomes.csv (outcomes-H.csv for later horizons),
and per segment, per strategy and for the portfolio the collected share, cure rate, days to pay (median,
90th percentile), the roll-rate matrix and every KPI (DSO, BPDSO, ADD, % current, CEI), and compares
them with outcomes*.csv and backtest.json: every number within 1e-9 (relative, or absolute near zero),
every text equal. Exits 1 on any disagreement, printing it.

Rules (README, `ar-segment backtest`): open at t = issued on or before t and not settled by t; overdue at
T = open and T - due >= 1; buckets current (<= 0 days past due), 1-30, 31-60, 61-90, 90+.
"""
import json
import sys

import numpy as np
import pandas as pd

CANONICAL = ["account_id", "invoice_id", "invoice_date", "due_date", "amount", "paid_date", "disputed"]
BUCKETS = ["current", "1-30", "31-60", "61-90", "90+"]
STATES = ["settled"] + BUCKETS
failures = []


def bucket(days):
    return np.select([days <= 0, days <= 30, days <= 60, days <= 90], BUCKETS[:4], "90+")


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def check(what, ours, theirs):
    if not close(ours, theirs):
        failures.append(f"{what}: pandas {ours!r} vs ar-segment {theirs!r}")


def read_ledger(path, date_format, mapping):
    raw = pd.read_csv(path, dtype=str, keep_default_na=False)
    df = pd.DataFrame({c: raw[mapping.get(c, c)] for c in CANONICAL})
    for c in ["invoice_date", "due_date", "paid_date"]:
        df[c] = pd.to_datetime(df[c].replace("", None), format=date_format)
    df["amount"] = df["amount"].astype(float)
    df["order"] = np.arange(len(df))
    return df


def none_if_nan(x):
    return None if x is None or (isinstance(x, float) and np.isnan(x)) else float(x)


def summary(g, accounts, T, E):
    """The outcome measures of the invoices `g` (one group) and its per-account rows `accounts`."""
    open_t = g[g.open_t]
    over = open_t[open_t.overdue]
    out = {"overdueAmount": over.amount.sum(), "collectedAmount": over.amount[over.settled_by_e].sum(),
           "overdueAccounts": len(accounts), "curedAccounts": int((accounts.cured == "yes").sum())}
    out["collectedShare"] = out["collectedAmount"] / out["overdueAmount"] if out["overdueAmount"] > 0 else None
    out["cureRate"] = out["curedAccounts"] / out["overdueAccounts"] if out["overdueAccounts"] > 0 else None
    days = (over.paid_date[over.settled_by_e] - T).dt.days.to_numpy(dtype=float)
    out["daysToPayMedian"] = float(np.quantile(days, 0.5)) if len(days) else None
    out["daysToPayP90"] = float(np.quantile(days, 0.9)) if len(days) else None
    state = np.where(open_t.settled_by_e, "settled", bucket((E - open_t.due_date).dt.days.to_numpy()))
    roll = []
    for b in BUCKETS:
        row = open_t[open_t.bucket_t == b]
        total = row.amount.sum()
        roll.append([row.amount[state[(open_t.bucket_t == b).to_numpy()] == s].sum() / total if total > 0 else None
                     for s in STATES])
    out["roll"] = roll
    open_ar = open_t.amount.sum()
    current = open_t.amount[open_t.bucket_t == "current"].sum()
    billing = g.amount[(g.invoice_date <= T) & ((T - g.invoice_date).dt.days < 90)].sum()
    window = g.amount[(g.invoice_date > T) & (g.invoice_date <= E)].sum()
    open_e = g[g.open_e]
    end = open_e.amount.sum()
    end_current = open_e.amount[(E - open_e.due_date).dt.days <= 0].sum()
    k = {"dso": open_ar / billing * 90 if billing > 0 else None,
         "bestPossibleDSO": current / billing * 90 if billing > 0 else None,
         "percentCurrent": 100 * current / open_ar if open_ar > 0 else None,
         "cei": 100 * (open_ar + window - end) / (open_ar + window - end_current) if open_ar + window - end_current > 0 else None}
    k["averageDaysDelinquent"] = k["dso"] - k["bestPossibleDSO"] if k["dso"] is not None else None
    out["kpis"] = k
    return out


def compare(label, ours, theirs):
    for key in ["overdueAmount", "collectedAmount", "overdueAccounts", "curedAccounts", "collectedShare", "cureRate",
                "daysToPayMedian", "daysToPayP90"]:
        check(f"{label} {key}", none_if_nan(ours[key]), theirs.get(key))
    for key, value in ours["kpis"].items():
        check(f"{label} {key}", value, theirs["kpis"].get(key))
    for b, (row, their_row) in enumerate(zip(ours["roll"], theirs["roll"])):
        shares = their_row.get("shares")
        for s, value in enumerate(row):
            check(f"{label} roll {BUCKETS[b]}->{STATES[s]}", value, shares[s] if shares else None)


def main():
    args = sys.argv[1:]
    options = {}
    while len(args) > 4:
        options[args[-2]] = args[-1]
        args = args[:-2]
    ledger, as_of, horizons, directory = args
    mapping = dict(item.split("=", 1) for item in options.get("--columns", "").split(",") if item)
    date_format = {"M/d/yyyy": "%m/%d/%Y"}.get(options.get("--date-format"), "%Y-%m-%d")
    df = read_ledger(ledger, date_format, mapping)
    T = pd.Timestamp(as_of)
    segments = pd.read_csv(f"{directory}/assignments.csv", dtype={"account_id": str})
    segment_of = dict(zip(segments.account_id, segments.segment))
    strategy_of = dict(zip(segments.account_id, segments.strategy))
    report = json.load(open(f"{directory}/backtest.json"))
    df["segment"] = df.account_id.map(segment_of)
    df["strategy"] = df.account_id.map(strategy_of)
    df["open_t"] = (df.invoice_date <= T) & (df.paid_date.isna() | (df.paid_date > T))
    df["bucket_t"] = bucket((T - df.due_date).dt.days.to_numpy())
    df["overdue"] = df.open_t & ((T - df.due_date).dt.days >= 1)
    rows_checked = 0
    for index, h in enumerate(int(x) for x in horizons.split(",")):
        E = T + pd.Timedelta(days=h)
        df["settled_by_e"] = df.paid_date.notna() & (df.paid_date <= E)
        df["open_e"] = (df.invoice_date <= E) & ~df.settled_by_e
        over = df[df.overdue].sort_values(["account_id", "due_date", "order"], kind="stable")
        acc = over.groupby("account_id", sort=True).agg(
            overdue_at_as_of=("amount", "sum"),
            collected=("amount", lambda a: a[over.loc[a.index, "settled_by_e"]].sum()),
            cured=("settled_by_e", "all"),
            last_paid=("paid_date", "max"),
            oldest_due=("due_date", "first"), oldest_bucket=("bucket_t", "first"),
            oldest_settled=("settled_by_e", "first"))
        acc["cured"] = np.where(acc.cured, "yes", "no")
        acc["days_to_pay"] = np.where(acc.cured == "yes", (acc.last_paid - T).dt.days, np.nan)
        acc["state_at_horizon"] = np.where(acc.oldest_settled, "settled", bucket((E - acc.oldest_due).dt.days.to_numpy()))
        theirs = pd.read_csv(f"{directory}/{'outcomes.csv' if index == 0 else f'outcomes-{h}.csv'}",
                             dtype={"account_id": str, "segment": "Int64", "days_to_pay": "Int64"}, keep_default_na=False,
                             na_values={"segment": [""], "days_to_pay": [""]}).set_index("account_id")
        if list(theirs.columns) != ["segment", "strategy", "overdue_at_as_of", "collected", "cured", "days_to_pay",
                                    "bucket_at_as_of", "state_at_horizon"]:
            failures.append(f"outcomes columns: {list(theirs.columns)}")
        if sorted(theirs.index) != sorted(acc.index):
            failures.append(f"H={h}: accounts differ: {sorted(set(acc.index) ^ set(theirs.index))[:10]}")
            continue
        for account, mine in acc.iterrows():
            row = theirs.loc[account]
            check(f"H={h} {account} overdue_at_as_of", mine.overdue_at_as_of, float(row.overdue_at_as_of))
            check(f"H={h} {account} collected", mine.collected, float(row.collected))
            for column, value in [("cured", mine.cured), ("bucket_at_as_of", mine.oldest_bucket),
                                  ("state_at_horizon", mine.state_at_horizon),
                                  ("strategy", strategy_of.get(account, ""))]:
                if str(row[column]) != str(value):
                    failures.append(f"H={h} {account} {column}: pandas {value} vs ar-segment {row[column]}")
            theirs_days = None if pd.isna(row.days_to_pay) else int(row.days_to_pay)
            mine_days = None if np.isnan(mine.days_to_pay) else int(mine.days_to_pay)
            if theirs_days != mine_days:
                failures.append(f"H={h} {account} days_to_pay: pandas {mine_days} vs ar-segment {theirs_days}")
            if (segment_of.get(account) if account in segment_of else None) != (None if pd.isna(row.segment) else int(row.segment)):
                failures.append(f"H={h} {account} segment differs from assignments.csv")
            rows_checked += 1
        window = report["windows"][index]
        acc["segment"] = acc.index.map(segment_of)
        acc["strategy"] = acc.index.map(strategy_of)
        compare(f"H={h} portfolio", summary(df, acc, T, E), window["portfolio"])
        for group in window["segments"]:
            s = group["segment"]
            compare(f"H={h} segment {s}", summary(df[df.segment == s], acc[acc.segment == s], T, E), group["outcome"])
        for group in window["strategies"]:
            s = group["strategy"]
            compare(f"H={h} strategy {s}", summary(df[df.strategy == s], acc[acc.strategy == s], T, E), group["outcome"])
    if failures:
        print(f"backtest check FAILED on {ledger} at {as_of}: {len(failures)} disagreements")
        for line in failures[:40]:
            print("  " + line)
        sys.exit(1)
    print(f"backtest check: {ledger} at {as_of}, horizons {horizons}: {rows_checked} outcome rows, "
          f"collected share, cure rate, days to pay, roll matrix and KPIs per segment, strategy and portfolio agree to 1e-9")


if __name__ == "__main__":
    main()
