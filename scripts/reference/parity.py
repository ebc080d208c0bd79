#!/usr/bin/env python3
"""Live agreement check of ar-segment against scikit-learn (issue 2).

Generates seeded datasets of varied shape, runs scikit-learn and the ar-segment
binary (through its CSV commands kmeans, pca and metrics) on the same numbers,
and compares:

  kmeans, explicit init    labels identical; n_iter equal; inertia and centers
                           within 1e-9 relative
  kmeans, k-means++ x10    our inertia at most 1% above scikit-learn's, also after
                           --standardize --pca-components (StandardScaler, PCA)
  pca                      mean, explained variance, squared singular values, ratios and
                           the components of well-separated eigenvalues (after
                           scikit-learn's sign rule) within 1e-9
  scaler                   mean and scale of --standardize within 1e-12
  metrics                  silhouette, Calinski-Harabasz, Davies-Bouldin within 1e-9

Prints a table of every disagreement and `parity: N passed, M failed`; exits 1
when anything failed. Numbers go through CSV as %.17g, which round-trips exactly.

Usage: parity.py --binary PATH/TO/ar-segment [--quick]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score
from sklearn.preprocessing import StandardScaler


# ---------------------------------------------------------------- data

def blobs(rng, n, d, centres, spread=6.0):
    """Gaussian blobs with per-feature scales from 0.2 to 5, so PCA eigenvalues are distinct."""
    c = rng.uniform(-spread, spread, size=(centres, d))
    scales = np.geomspace(0.2, 5.0, d) if d > 1 else np.array([1.0])
    x = c[rng.integers(0, centres, n)] + rng.standard_normal((n, d)) * scales
    return x


def dataset(seed, n, d, centres=4, duplicates=False, constant=False, offset=False):
    rng = np.random.default_rng(seed)
    x = blobs(rng, n, d, centres)
    if duplicates:                      # a third of the rows repeat earlier rows exactly
        m = n // 3
        x[n - m:] = x[rng.integers(0, n - m, m)]
    if constant and d > 1:
        x[:, d // 2] = 7.5
    if offset and d > 1:                # a balance-like column around 1e6
        x[:, 0] = 1e6 + 50 * x[:, 0]
    return x


def write_csv(path, x, weights=None, ids=False):
    cols = [f"f{j}" for j in range(x.shape[1])]
    blocks = [x]
    if weights is not None:
        cols.append("w")
        blocks.append(weights[:, None])
    body = np.hstack(blocks)
    lines = []
    if ids:
        cols = ["account"] + cols
    lines.append(",".join(cols))
    fmt = ",".join(["%.17g"] * body.shape[1])
    rows = [fmt % tuple(r) for r in body]
    if ids:
        rows = [f"{i:07d},{r}" for i, r in enumerate(rows)]
    with open(path, "w") as f:
        f.write("\n".join(lines + rows) + "\n")


# ---------------------------------------------------------------- comparison

class Report:
    def __init__(self):
        self.passed = 0
        self.failures = []

    def check(self, case, quantity, error, tolerance, note=""):
        ok = bool(np.isfinite(error)) and error <= tolerance
        if ok:
            self.passed += 1
        else:
            self.failures.append((case, quantity, error, tolerance, note))
        return ok

    def exact(self, case, quantity, equal, note=""):
        return self.check(case, quantity, 0.0 if equal else np.inf, 0.0, note)


def relative_error(ours, theirs):
    """max |ours - theirs| / max |theirs| (elementwise difference relative to the array's scale)."""
    ours = np.asarray(ours, dtype=float)
    theirs = np.asarray(theirs, dtype=float)
    if ours.shape != theirs.shape:
        return np.inf
    scale = max(np.max(np.abs(theirs)) if theirs.size else 0.0, 1e-300)
    return float(np.max(np.abs(ours - theirs)) / scale) if theirs.size else 0.0


def scalar_relative_error(ours, theirs, floor=1e-12):
    return abs(ours - theirs) / max(abs(theirs), floor)


class Runner:
    def __init__(self, binary, folder):
        self.binary = binary
        self.folder = folder
        self.seconds = 0.0

    def path(self, name):
        return os.path.join(self.folder, name)

    def run(self, *args):
        out = self.path("out.json")
        if os.path.exists(out):
            os.remove(out)
        start = time.perf_counter()
        proc = subprocess.run([self.binary, *args, "--json", out], capture_output=True, text=True)
        self.seconds += time.perf_counter() - start
        if proc.returncode != 0:
            raise RuntimeError(f"ar-segment {' '.join(args)} exited {proc.returncode}: {proc.stderr.strip()}")
        with open(out) as f:
            return json.load(f)


# ---------------------------------------------------------------- cases

def kmeans_explicit(report, runner, name, x, init, weights=None, max_iter=300, tol=1e-4, ids=False):
    k = init.shape[0]
    write_csv(runner.path("x.csv"), x, weights, ids)
    write_csv(runner.path("init.csv"), init)
    ref = KMeans(n_clusters=k, init=init, n_init=1, max_iter=max_iter, tol=tol, algorithm="lloyd").fit(x, sample_weight=weights)
    args = ["kmeans", runner.path("x.csv"), "--k", str(k), "--init", runner.path("init.csv"),
            "--max-iter", str(max_iter), "--tol", repr(tol)]
    if weights is not None:
        args += ["--weights", "w"]
    if ids:
        args += ["--id", "account"]
    ours = runner.run(*args)
    case = f"kmeans-init {name}"
    labels_equal = np.array_equal(np.asarray(ours["labels"]), ref.labels_)
    report.exact(case, "labels", labels_equal,
                 "" if labels_equal else f"{int(np.sum(np.asarray(ours['labels']) != ref.labels_))} rows differ")
    report.exact(case, "n_iter", ours["n_iter"] == ref.n_iter_, f"ours {ours['n_iter']}, sklearn {ref.n_iter_}")
    report.check(case, "inertia", scalar_relative_error(ours["inertia"], ref.inertia_, 1e-300), 1e-9)
    report.check(case, "centers", relative_error(ours["cluster_centers"], ref.cluster_centers_), 1e-9)


def kmeans_plusplus(report, runner, name, x, k, seed, weights=None, standardize=False, pca_components=None):
    """k-means++ with 10 restarts, optionally after StandardScaler and PCA(covariance_eigh),
    the pipeline of `kmeans --standardize --pca-components N`."""
    write_csv(runner.path("x.csv"), x, weights)
    points = StandardScaler().fit_transform(x) if standardize else x
    if pca_components is not None:
        points = PCA(n_components=pca_components, svd_solver="covariance_eigh").fit_transform(points)
    ref = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=seed, algorithm="lloyd").fit(points, sample_weight=weights)
    args = ["kmeans", runner.path("x.csv"), "--k", str(k), "--n-init", "10", "--seed", str(seed)]
    if weights is not None:
        args += ["--weights", "w"]
    if standardize:
        args += ["--standardize"]
    if pca_components is not None:
        args += ["--pca-components", str(pca_components)]
    ours = runner.run(*args)
    excess = ours["inertia"] / ref.inertia_ - 1 if ref.inertia_ > 0 else (0.0 if ours["inertia"] <= 1e-12 else np.inf)
    report.check(f"kmeans++ {name}", "inertia excess over sklearn", excess, 0.01,
                 f"ours {ours['inertia']:.6g}, sklearn {ref.inertia_:.6g}")


def pca(report, runner, name, x, components=None, variance=None, standardize=False):
    write_csv(runner.path("x.csv"), x)
    args = ["pca", runner.path("x.csv")]
    if components is not None:
        args += ["--components", str(components)]
    if variance is not None:
        args += ["--variance", repr(variance)]
    if standardize:
        args += ["--standardize"]
    ours = runner.run(*args)
    data = x
    case = f"pca {name}"
    if standardize:
        scaler = StandardScaler().fit(x)
        data = scaler.transform(x)
        mean_tolerance_scale = np.maximum(np.abs(scaler.mean_), scaler.scale_)
        mean_error = float(np.max(np.abs(np.asarray(ours["scaler"]["mean"]) - scaler.mean_) / mean_tolerance_scale))
        report.check(f"scaler {name}", "mean", mean_error, 1e-12)
        report.check(f"scaler {name}", "scale",
                     float(np.max(np.abs(np.asarray(ours["scaler"]["scale"]) - scaler.scale_) / scaler.scale_)), 1e-12)
    n_components = components if components is not None else (variance if variance is not None else None)
    ref = PCA(n_components=n_components, svd_solver="covariance_eigh").fit(data)
    report.exact(case, "n_components", ours["n_components"] == ref.n_components_,
                 f"ours {ours['n_components']}, sklearn {ref.n_components_}")
    if ours["n_components"] != ref.n_components_:
        return
    report.check(case, "mean", float(np.max(np.abs(np.asarray(ours["mean"]) - ref.mean_))) /
                 max(1.0, float(np.max(np.abs(ref.mean_)))), 1e-9)
    report.check(case, "explained_variance", relative_error(ours["explained_variance"], ref.explained_variance_), 1e-9)
    report.check(case, "explained_variance_ratio",
                 float(np.max(np.abs(np.asarray(ours["explained_variance_ratio"]) - ref.explained_variance_ratio_))), 1e-9)
    # Singular values are sqrt(eigenvalue * (n - 1)) on both sides, so rounding noise of
    # 1e-16 in a zero eigenvalue becomes 1e-8 after the square root: compare their squares.
    report.check(case, "singular_values (squared)",
                 relative_error(np.square(ours["singular_values"]), np.square(ref.singular_values_)), 1e-9)
    # An eigenvector is determined (up to the sign rule) only when its eigenvalue is
    # separated from the others; compare those.
    full = PCA(svd_solver="covariance_eigh").fit(data).explained_variance_
    top = max(full[0], 1e-300)
    separated = [i for i in range(ref.n_components_)
                 if full[i] > 1e-9 * top
                 and (i == 0 or full[i - 1] - full[i] > 1e-6 * top)
                 and (i + 1 >= len(full) or full[i] - full[i + 1] > 1e-6 * top)]
    ours_components = np.asarray(ours["components"])[separated]
    report.check(case, f"components ({len(separated)} separated)",
                 float(np.max(np.abs(ours_components - ref.components_[separated]))) if separated else 0.0, 1e-9)


def metrics(report, runner, name, x, labels):
    write_csv(runner.path("x.csv"), x)
    with open(runner.path("labels.csv"), "w") as f:
        f.write("label\n" + "\n".join(str(int(v)) for v in labels) + "\n")
    ours = runner.run("metrics", runner.path("x.csv"), "--labels", runner.path("labels.csv"))
    case = f"metrics {name}"
    report.check(case, "silhouette", scalar_relative_error(ours["silhouette"], silhouette_score(x, labels)), 1e-9)
    report.check(case, "calinski_harabasz",
                 scalar_relative_error(ours["calinski_harabasz"], calinski_harabasz_score(x, labels)), 1e-9)
    report.check(case, "davies_bouldin", scalar_relative_error(ours["davies_bouldin"], davies_bouldin_score(x, labels)), 1e-9)
    centres = np.array([x[labels == c].mean(axis=0) for c in np.unique(labels)])
    codes = np.searchsorted(np.unique(labels), labels)
    report.check(case, "inertia", scalar_relative_error(ours["inertia"], float(np.sum((x - centres[codes]) ** 2))), 1e-9)


def run_all(binary, quick):
    report = Report()
    big = 20_000 if quick else 100_000
    with tempfile.TemporaryDirectory(prefix="ar-segment-parity-") as folder:
        runner = Runner(binary, folder)

        def rows_as_init(x, k, seed):
            return x[np.random.default_rng(seed).choice(len(x), k, replace=False)].copy()

        # k-means with explicit initial centroids: must agree exactly.
        for seed, (n, d, k, extra) in enumerate([
            (10, 1, 2, {}), (10, 3, 1, {}), (50, 40, 15, {}), (200, 5, 4, {"weights": True, "ids": True}),
            (600, 8, 6, {"duplicates": True, "constant": True}), (2500, 2, 15, {}), (1000, 1, 3, {}),
            (150, 40, 6, {"max_iter": 3}), (400, 6, 5, {"tol": 0.0}), (5000, 40, 10, {}),
            (3000, 5, 6, {"offset": True}), (30_000, 12, 7, {"weights": True, "tol": 0.0}), (big, 16, 8, {}),
        ]):
            x = dataset(100 + seed, n, d, centres=max(k, 2), duplicates=extra.get("duplicates", False),
                        constant=extra.get("constant", False), offset=extra.get("offset", False))
            w = np.random.default_rng(seed).uniform(0.1, 3.0, n) if extra.get("weights") else None
            name = f"n{n}_d{d}_k{k}" + "".join(f"_{key}" for key in extra)
            kmeans_explicit(report, runner, name, x, rows_as_init(x, k, seed), w,
                            max_iter=extra.get("max_iter", 300), tol=extra.get("tol", 1e-4), ids=extra.get("ids", False))

        # An initial centroid far from every point: its cluster empties and is relocated.
        x = dataset(7, 120, 3, centres=3)
        init = np.vstack([rows_as_init(x, 3, 7), np.full((1, 3), 1e3)])
        kmeans_explicit(report, runner, "n120_d3_k4_empty_cluster", x, init)
        # Fewer distinct points than clusters.
        base = dataset(8, 3, 2)
        x = base[np.arange(20) % 3]
        kmeans_explicit(report, runner, "n20_d2_k5_three_distinct", x, np.vstack([base, base[:2] + 1e-3]))

        # k-means++ with 10 restarts: within 1% of scikit-learn's inertia.
        for seed, (n, d, k, weighted) in enumerate([
            (10, 2, 1, False), (10, 2, 3, False), (500, 4, 5, False), (2000, 2, 15, False), (100, 40, 3, True),
            (3000, 10, 8, False), (8000, 20, 12, True), (big, 16, 8, False),
        ]):
            x = dataset(200 + seed, n, d, centres=k + 1)
            w = np.random.default_rng(seed).uniform(0.1, 3.0, n) if weighted else None
            kmeans_plusplus(report, runner, f"n{n}_d{d}_k{k}" + ("_weights" if weighted else ""), x, k, seed, w)
        # The same after standardizing and projecting on principal components.
        for seed, (n, d, k, components) in enumerate([(3000, 10, 6, 4), (big, 16, 8, 8)]):
            x = dataset(250 + seed, n, d, centres=k + 1)
            kmeans_plusplus(report, runner, f"n{n}_d{d}_k{k}_standardize_pca{components}", x, k, seed,
                            standardize=True, pca_components=components)

        # PCA (and the scaler via --standardize).
        for seed, (n, d, options, extra) in enumerate([
            (10, 1, {}, {}), (200, 8, {}, {}), (200, 8, {"components": 3}, {}), (50, 5, {}, {"constant": True}),
            (300, 40, {}, {}), (1000, 3, {}, {"duplicates": True}), (20, 40, {}, {}), (500, 12, {"variance": 0.9}, {}),
            (2000, 6, {"standardize": True}, {"constant": True, "offset": True}), (400, 10, {"standardize": True}, {}),
            (big, 16, {}, {}), (big, 16, {"standardize": True}, {"offset": True}),
        ]):
            x = dataset(300 + seed, n, d, **extra)
            name = f"n{n}_d{d}" + "".join(f"_{key}" for key in list(options) + list(extra))
            pca(report, runner, name, x, **options)

        # Cluster quality metrics on given labels.
        for seed, (n, d, k, random_labels) in enumerate([
            (10, 1, 3, False), (60, 2, 4, False), (300, 5, 4, False), (200, 3, 5, True), (3000, 12, 8, False),
            (2000, 40, 15, True),
        ]):
            x = dataset(400 + seed, n, d, centres=k)
            rng = np.random.default_rng(seed)
            if random_labels:
                labels = rng.integers(0, k, n) * 3 - 2  # arbitrary integer label values
            else:
                labels = KMeans(n_clusters=k, n_init=1, random_state=seed).fit(x).labels_
            metrics(report, runner, f"n{n}_d{d}_k{k}" + ("_random_labels" if random_labels else ""), x, labels)
        return report, runner.seconds


def main():
    # Expected on the fewer-distinct-points-than-k case.
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True, help="the ar-segment executable")
    parser.add_argument("--quick", action="store_true", help="largest cases 20k rows instead of 100k")
    args = parser.parse_args()
    start = time.perf_counter()
    try:
        report, ours_seconds = run_all(args.binary, args.quick)
    except RuntimeError as error:
        print(f"parity: {error}", file=sys.stderr)
        print("parity: 0 passed, 1 failed")
        return 1
    if report.failures:
        print(f"{'case':<48} {'quantity':<34} {'error':>10} {'tolerance':>10}  note")
        for case, quantity, error, tolerance, note in report.failures:
            print(f"{case:<48} {quantity:<34} {error:>10.3g} {tolerance:>10.3g}  {note}")
    print(f"parity: {report.passed} passed, {len(report.failures)} failed "
          f"({time.perf_counter() - start:.0f} s, of which ar-segment {ours_seconds:.0f} s)")
    return 1 if report.failures else 0


if __name__ == "__main__":
    sys.exit(main())
