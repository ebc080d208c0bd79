"""DuckDB side of the `features` comparison in scripts/bench: runs features_duckdb.sql
(the 18 numeric ledger features in one aggregate query) on THREADS threads, as a process
timed by the caller.

Usage: bench_features_duckdb.py LEDGER.csv AS_OF OUT.csv [THREADS]   (THREADS default 2)
With --compare AR_SEGMENT_FEATURES.csv DUCKDB.csv instead: checks that both files hold the
same accounts and every numeric column agrees within 1e-9 (relative, or absolute near 0);
prints one line and exits 1 on a disagreement."""
import os
import sys


def run(ledger, as_of, output, threads):
    import duckdb
    query = open(os.path.join(os.path.dirname(__file__), "features_duckdb.sql")).read()
    query = "\n".join(line for line in query.splitlines() if not line.lstrip().startswith("--"))
    connection = duckdb.connect()
    connection.execute(f"SET threads = {threads}")
    connection.execute("SET preserve_insertion_order = false")
    connection.execute(query.format(ledger=ledger.replace("'", "''"), as_of=as_of,
                                    output=output.replace("'", "''")))


def compare(ours, theirs):
    import numpy as np
    import pandas as pd
    a = pd.read_csv(ours, dtype={"account_id": str}).set_index("account_id")
    b = pd.read_csv(theirs, dtype={"account_id": str}).set_index("account_id")
    if not a.index.equals(b.index):
        print(f"features: accounts differ ({len(a)} vs {len(b)})")
        return 1
    worst, where = 0.0, ""
    for column in b.columns:
        x, y = a[column].to_numpy(dtype=float), b[column].to_numpy(dtype=float)
        error = np.abs(x - y) / np.maximum(np.abs(y), 1.0)
        if error.max(initial=0) > worst:
            worst, where = float(error.max()), column
    verdict = "agree" if worst <= 1e-9 else "DISAGREE"
    print(f"features vs DuckDB: {len(a):,} accounts x {len(b.columns)} columns {verdict} "
          f"(largest relative difference {worst:.1e}{' in ' + where if where else ''}).")
    return 0 if worst <= 1e-9 else 1


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        sys.exit(compare(sys.argv[2], sys.argv[3]))
    run(sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]) if len(sys.argv) > 4 else 2)
