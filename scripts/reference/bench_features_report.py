"""Prints the `features` against DuckDB comparison of scripts/bench as Markdown (issue 16):
wall time, CPU time (user + sys) and peak memory of `ar-segment features LEDGER --as-of`
and of DuckDB running features_duckdb.sql on the same CSV, each a process.

Usage: bench_features_report.py ACCOUNTS DIR AGREEMENT  (reads DIR/features-{ours,duckdb}-ACCOUNTS.txt:
one `/usr/bin/time -f '%e %M %U %S'` line per run; AGREEMENT is the comparison's line)."""
import os
import statistics
import sys

accounts, directory, agreement = int(sys.argv[1]), sys.argv[2], sys.argv[3]


def runs(name):
    path = os.path.join(directory, f"features-{name}-{accounts}.txt")
    rows = [r for r in (line.split() for line in open(path)) if len(r) == 4 and r[0].replace(".", "").isdigit()]
    if not rows:
        return None
    return {"wall": statistics.median(float(r[0]) for r in rows),
            "cpu": statistics.median(float(r[2]) + float(r[3]) for r in rows),
            "rss": max(int(r[1]) for r in rows) / 1024, "runs": len(rows)}


def verdict(ok):
    return "met" if ok else "**not met**"


ours, duck = runs("ours"), runs("duckdb")
print(f"\n### `features` at {accounts:,} accounts against DuckDB ({ours['runs']} runs each, alternating)\n")
print("| measure | ar-segment | DuckDB (2 threads) | ratio | target | verdict |")
print("|---|---:|---:|---:|---|---|")
if duck:
    ratio = ours["wall"] / duck["wall"]
    print(f"| wall time | {ours['wall']:.1f} s | {duck['wall']:.1f} s | {ratio:.2f} | <= 0.8 | {verdict(ratio <= 0.8)} |")
    print(f"| CPU time (user + sys) | {ours['cpu']:.1f} s | {duck['cpu']:.1f} s | {ours['cpu'] / duck['cpu']:.2f} | - | |")
    print(f"| peak RSS | {ours['rss']:.0f} MiB | {duck['rss']:.0f} MiB | {ours['rss'] / duck['rss']:.2f} "
          f"| <= 1 | {verdict(ours['rss'] <= duck['rss'])} |")
else:
    print(f"| wall time | {ours['wall']:.1f} s | - | | | |")
    print(f"| peak RSS | {ours['rss']:.0f} MiB | - | | | |")
if accounts >= 10_000_000:
    print(f"| at 10M accounts: wall time | {ours['wall']:.0f} s | | | <= 120 s | {verdict(ours['wall'] <= 120)} |")
    print(f"| at 10M accounts: peak RSS | {ours['rss'] / 1024:.2f} GiB | | | <= 4 GiB | {verdict(ours['rss'] <= 4096)} |")
print(f"\n{agreement}")
