"""Prints the skewed-data case of scripts/bench as Markdown (issue 16's targets): `kmeans`
end to end against pandas + scikit-learn, and the fixed cost of `kmeans --n-init 1
--max-iter 1` over `pca` on the same file, with wall and CPU (user + sys) time.

Usage: bench_skewed_report.py N D DIR DATA.csv  (reads DIR/skewed-{kmeans,python,kmeans1,pca}-N-D.txt:
one `/usr/bin/time -f '%e %M %U %S'` line per run, and DIR/load-skewed-N-D.txt)."""
import os
import statistics
import sys

n, d, directory, data = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]


def runs(name):
    rows = [line.split() for line in open(os.path.join(directory, f"skewed-{name}-{n}-{d}.txt"))]
    rows = [r for r in rows if len(r) == 4 and r[0].replace(".", "").isdigit()]
    return {"wall": statistics.median(float(r[0]) for r in rows),
            "cpu": statistics.median(float(r[2]) + float(r[3]) for r in rows),
            "rss": max(int(r[1]) for r in rows) / 1024, "runs": len(rows)}


def verdict(ok):
    return "met" if ok else "**not met**"


load = open(os.path.join(directory, f"load-skewed-{n}-{d}.txt")).read().split()
size_mb = os.path.getsize(data) / 1e6
print(f"\n### Skewed accounts-like data: n = {n:,}, d = {d}, k = 8 (CSV {size_mb:.0f} MB, `bench_skewed.py`)\n")
print(f"Load average (1 min) at start / end of the case: {load[0]} / {load[1]} on {os.cpu_count()} cores. "
      "Medians of the runs; CPU = user + sys of the process.\n")
print("| measure | ar-segment | reference | ratio or difference | target | verdict |")
print("|---|---:|---:|---:|---|---|")
ours, theirs = runs("kmeans"), runs("python")
ratio = ours["wall"] / theirs["wall"]
print(f"| `kmeans --id account_id --k 8 --standardize --n-init 10` vs pandas + scikit-learn (wall) "
      f"| {ours['wall']:.2f} s | {theirs['wall']:.2f} s | {ratio:.3f} | <= 0.25 | {verdict(ratio <= 0.25)} |")
print(f"| the same, CPU time | {ours['cpu']:.2f} s | {theirs['cpu']:.2f} s | {ours['cpu'] / theirs['cpu']:.3f} | - | |")
print(f"| peak RSS (MiB) | {ours['rss']:.0f} | {theirs['rss']:.0f} | | - | |")
one, pca = runs("kmeans1"), runs("pca")
fixed = one["wall"] - pca["wall"]
print(f"| fixed cost: `kmeans --n-init 1 --max-iter 1` minus `pca` (wall, {one['runs']} runs each) "
      f"| {one['wall']:.3f} s | {pca['wall']:.3f} s | {fixed:.3f} s | <= 0.2 s | {verdict(fixed <= 0.2)} |")
print(f"| the same, CPU time | {one['cpu']:.3f} s | {pca['cpu']:.3f} s | {one['cpu'] - pca['cpu']:.3f} s | - | |")
