"""Prints one case of scripts/bench: per-phase medians, ratios and targets."""
import json
import os
import statistics
import sys

n, d, k, directory, data = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
swift = json.load(open(os.path.join(directory, f"swift-{n}-{d}.json")))
sk = json.load(open(os.path.join(directory, f"sklearn-{n}-{d}.json")))

# phase: (target ratio ar-segment/scikit-learn or None, note)
targets = {
    "csv_read": (1 / 1.5, "throughput >= 1.5x pandas.read_csv"),
    "standardize": (None, ""),
    "kmeanspp_init": (None, ""),
    "lloyd_iteration": (0.5, "<= 0.5x"),
    "fit_ninit10": (None, ""),
    "pca": (0.5, "<= 0.5x covariance_eigh"),
    "silhouette_20k": (0.1, "<= 0.1x"),
}
size_mb = os.path.getsize(data) / 1e6
print(f"\n## n={int(n):,} d={d} k={k}  (CSV {size_mb:.0f} MB; medians of repeated runs)")
print(f"{'phase':<18}{'ar-segment':>12}{'sklearn':>12}{'ratio':>9}  target")
for phase, (target, note) in targets.items():
    if phase not in swift or phase not in sk:
        continue
    s, p = swift[phase], sk[phase]
    ratio = s / p if p > 0 else float("nan")
    verdict = "" if target is None else ("met" if ratio <= target else "NOT met")
    print(f"{phase:<18}{s * 1e3:>10.1f}ms{p * 1e3:>10.1f}ms{ratio:>9.3f}  {note} {verdict}")
mb_s_swift = size_mb / swift["csv_read"]
mb_s_pandas = size_mb / sk["csv_read"]
print(f"csv throughput: ar-segment {mb_s_swift:.0f} MB/s, pandas {mb_s_pandas:.0f} MB/s")
if "fit_ninit10_inertia" in swift and "fit_ninit10_inertia" in sk:
    print(f"n_init=10 inertia: ar-segment {swift['fit_ninit10_inertia']:.6g}, sklearn {sk['fit_ninit10_inertia']:.6g}")


def e2e(name):
    rows = [line.split() for line in open(os.path.join(directory, f"e2e-{name}-{n}-{d}.txt")) if line.strip()]
    return statistics.median(float(r[0]) for r in rows), max(int(r[1]) for r in rows) / 1024


(ts, ms), (tp, mp) = e2e("swift"), e2e("python")
matrix_mb = int(n) * int(d) * 8 / 2**20
print(f"end to end (kmeans --standardize --n-init 10 vs pandas+sklearn process): "
      f"{ts:.2f}s vs {tp:.2f}s, ratio {ts / tp:.3f} (target <= 0.33: {'met' if ts / tp <= 0.33 else 'NOT met'})")
print(f"peak memory: ar-segment {ms:.0f} MB, python {mp:.0f} MB; Double matrix {matrix_mb:.0f} MB "
      f"(target <= 2x matrix + 200 MB = {2 * matrix_mb + 200:.0f} MB: {'met' if ms <= 2 * matrix_mb + 200 else 'NOT met'})")
print("blas (numpy): " + "; ".join(sk.get("blas", [])))
