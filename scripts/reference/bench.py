"""scikit-learn side of scripts/bench: times the same phases on the same data.

Usage: bench.py DATA.csv INIT.csv --k 8 --repeats 5 --silhouette-rows 20000 --seed 0
Prints one JSON object {phase: median_seconds, ...} on stdout.
Phases mirror Sources/ar-segment-bench/main.swift exactly (same data, same init,
same iteration counts, tol 0 where iterations are compared).
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans, MiniBatchKMeans, kmeans_plusplus
from sklearn.decomposition import PCA
from sklearn.metrics import silhouette_score
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_info


def median_time(fn, repeats):
    times = []
    result = None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main():
    p = argparse.ArgumentParser()
    p.add_argument("data")
    p.add_argument("init")
    p.add_argument("--k", type=int, default=8)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--lloyd-iterations", type=int, default=10)
    p.add_argument("--silhouette-rows", type=int, default=20000)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--skip-fit", action="store_true")
    a = p.parse_args()

    out = {}
    out["csv_read"], frame = median_time(lambda: pd.read_csv(a.data), a.repeats)
    x = frame.to_numpy(dtype=np.float64)
    init = pd.read_csv(a.init).to_numpy(dtype=np.float64)
    out["standardize"], z = median_time(lambda: StandardScaler().fit_transform(x), a.repeats)
    out["kmeanspp_init"], _ = median_time(
        lambda: kmeans_plusplus(z, a.k, random_state=a.seed), a.repeats)

    def lloyd():
        model = KMeans(a.k, init=init, n_init=1, max_iter=a.lloyd_iterations, tol=0,
                       algorithm="lloyd").fit(z)
        return model
    total, lloyd_model = median_time(lloyd, a.repeats)
    out["lloyd_iteration"] = total / lloyd_model.n_iter_
    out["lloyd_iterations_run"] = int(lloyd_model.n_iter_)
    out["lloyd_inertia"] = float(lloyd_model.inertia_)
    # One more iteration without the per-fit setup both sides pay once (see main.swift).
    long_total, long_model = median_time(
        lambda: KMeans(a.k, init=init, n_init=1, max_iter=3 * a.lloyd_iterations, tol=0,
                       algorithm="lloyd").fit(z), a.repeats)
    # Undefined when the fit converges (labels stop changing) within the shorter run.
    if long_model.n_iter_ > lloyd_model.n_iter_:
        out["lloyd_iteration_marginal"] = (long_total - total) / (long_model.n_iter_ - lloyd_model.n_iter_)
    if not a.skip_fit:
        out["fit_ninit10"], model = median_time(
            lambda: KMeans(a.k, n_init=10, random_state=a.seed).fit(z), max(1, a.repeats // 2))
        out["fit_ninit10_inertia"] = float(model.inertia_)
    out["minibatch_fit"], model = median_time(
        lambda: MiniBatchKMeans(a.k, n_init=3, random_state=a.seed).fit(z), max(1, a.repeats // 2))
    out["minibatch_inertia"] = float(model.inertia_)
    out["pca"], _ = median_time(lambda: PCA(svd_solver="covariance_eigh").fit(x), a.repeats)
    rows = min(a.silhouette_rows, len(z))
    sample = z[:rows]
    labels = lloyd_model.labels_[:rows]
    out["silhouette_20k"], score = median_time(lambda: silhouette_score(sample, labels),
                                               max(1, a.repeats // 2))
    out["silhouette_20k_score"] = float(score)
    out["blas"] = [f"{i.get('internal_api')} {i.get('version')} {i.get('architecture')} threads={i.get('num_threads')}"
                   for i in threadpool_info()]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
