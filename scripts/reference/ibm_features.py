#!/usr/bin/env python3
"""Independent pandas computation of `ar-segment features` on the IBM Accounts Receivable sample.

Usage: ibm_features.py IBM.csv AS_OF AR_SEGMENT_FEATURES.csv

Recomputes every ledger feature from the raw IBM columns with pandas (no code shared with
ar-segment), then compares with the CSV `ar-segment features` wrote: the same accounts, every
numeric column within 1e-9 (relative, or absolute near zero), and payment_method equal.
Exits 1 on any disagreement, printing the differing accounts and columns.
"""
import sys

import numpy as np
import pandas as pd


def reference_features(path: str, as_of: pd.Timestamp) -> pd.DataFrame:
    raw = pd.read_csv(path, dtype={"customerID": str, "invoiceNumber": str})
    raw["order"] = np.arange(len(raw))
    for column in ["InvoiceDate", "DueDate", "SettledDate"]:
        raw[column] = pd.to_datetime(raw[column], format="%m/%d/%Y")
    df = raw[raw["InvoiceDate"] <= as_of].copy()
    df["disputed"] = df["Disputed"].str.lower().isin(["yes", "true", "1"])
    df["paid"] = df["SettledDate"].notna() & (df["SettledDate"] <= as_of)
    df["days_late"] = np.where(df["paid"], (df["SettledDate"] - df["DueDate"]).dt.days.clip(lower=0), np.nan)
    df["dpd"] = np.where(~df["paid"], (as_of - df["DueDate"]).dt.days, np.nan)
    df["open_amount"] = np.where(~df["paid"], df["InvoiceAmount"], 0.0)

    def bucket(low, high):
        return np.where((df["dpd"] >= low) & (df["dpd"] <= high), df["InvoiceAmount"], 0.0)

    df["aging_current"] = np.where(df["dpd"] <= 0, df["InvoiceAmount"], 0.0)
    df["aging_1_30"] = bucket(1, 30)
    df["aging_31_60"] = bucket(31, 60)
    df["aging_61_90"] = bucket(61, 90)
    df["aging_90_plus"] = np.where(df["dpd"] > 90, df["InvoiceAmount"], 0.0)
    df["billed"] = np.where((as_of - df["InvoiceDate"]).dt.days < 365, df["InvoiceAmount"], 0.0)
    df["disputed_open"] = np.where(df["disputed"] & ~df["paid"], df["InvoiceAmount"], 0.0)
    df["recent"] = df["paid"] & ((as_of - df["SettledDate"]).dt.days < 90)

    rows = []
    for account, g in df.groupby("customerID", sort=True):
        paid = g[g["paid"]]
        open_balance = g["open_amount"].sum()
        over30 = g[["aging_31_60", "aging_61_90", "aging_90_plus"]].to_numpy().sum()
        overdue = g[["aging_1_30", "aging_31_60", "aging_61_90", "aging_90_plus"]].to_numpy().sum()
        recent = paid[paid["recent"]]["days_late"]
        earlier = paid[~paid["recent"]]["days_late"]
        named = g[g["PaperlessBill"].fillna("") != ""]
        latest_method = named.sort_values(["InvoiceDate", "order"])["PaperlessBill"].iloc[-1] if len(named) else ""
        overdue_dpd = g["dpd"][g["dpd"] > 0]
        rows.append({
            "account_id": account,
            "invoice_count": len(g),
            "billed_12m": g["billed"].sum(),
            "avg_invoice_amount": g["InvoiceAmount"].mean(),
            "open_balance": open_balance,
            "overdue_balance": overdue,
            "aging_current": g["aging_current"].sum(),
            "aging_1_30": g["aging_1_30"].sum(),
            "aging_31_60": g["aging_31_60"].sum(),
            "aging_61_90": g["aging_61_90"].sum(),
            "aging_90_plus": g["aging_90_plus"].sum(),
            "share_overdue_30_plus": over30 / open_balance if open_balance > 0 else 0.0,
            "avg_days_late": paid["days_late"].mean() if len(paid) else 0.0,
            "pct_paid_late": 100.0 * (paid["days_late"] > 0).mean() if len(paid) else 0.0,
            "max_days_late": paid["days_late"].max() if len(paid) else 0.0,
            "dispute_rate": g["disputed"].mean(),
            "days_late_trend": recent.mean() - earlier.mean() if len(recent) and len(earlier) else 0.0,
            "max_days_past_due": overdue_dpd.max() if len(overdue_dpd) else 0.0,
            "disputed_open_balance": g["disputed_open"].sum(),
            "payment_method": latest_method,
        })
    return pd.DataFrame(rows).set_index("account_id")


def main() -> int:
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    path, as_of_text, ours_path = sys.argv[1:]
    as_of = pd.Timestamp(as_of_text)
    ref = reference_features(path, as_of)
    ours = pd.read_csv(ours_path, dtype={"account_id": str, "payment_method": str}).set_index("account_id")
    failures = []
    if list(ours.columns) != list(ref.columns):
        failures.append(f"columns differ:\n  ours {list(ours.columns)}\n  ref  {list(ref.columns)}")
    if list(ours.index) != list(ref.index):
        failures.append(f"accounts differ: {len(ours)} ours vs {len(ref)} reference")
    if not failures:
        for column in ref.columns:
            if column == "payment_method":
                bad = ours.index[ours[column] != ref[column]]
            else:
                a, b = ours[column].to_numpy(float), ref[column].to_numpy(float)
                bad = ours.index[~np.isclose(a, b, rtol=1e-9, atol=1e-9)]
            for account in bad[:5]:
                failures.append(f"{account} {column}: ours {ours.at[account, column]} vs reference {ref.at[account, column]}")
    if failures:
        print(f"ibm-features as of {as_of_text}: FAILED", file=sys.stderr)
        for line in failures:
            print("  " + line, file=sys.stderr)
        return 1
    open_accounts = int((ref["open_balance"] > 0).sum())
    print(f"ibm-features as of {as_of_text}: {len(ref)} accounts x {len(ref.columns)} columns agree "
          f"(1e-9); {open_accounts} accounts with open items, {int(ref['invoice_count'].sum())} invoices")
    return 0


if __name__ == "__main__":
    sys.exit(main())
