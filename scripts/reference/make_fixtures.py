#!/usr/bin/env python3
"""Generate the scikit-learn reference fixtures checked by `swift test`.

The fixtures let the Swift tests compare against scikit-learn without Python.
Everything is seeded, so running this twice gives byte-identical files.

Run from the repository root:

    source scripts/lib/common.sh && ensure_venv numpy "scikit-learn==1.9.1"
    .venv-reference/bin/python scripts/reference/make_fixtures.py

It writes, into Tests/ClusteringTests/Fixtures/ (keep the total under 1 MB):

  kmeans_explicit.json   KMeans(init=<array>, n_init=1, algorithm="lloyd") runs:
                         {"sklearn_version", "cases": [{"name", "x", "sample_weight" (list or
                         null), "init", "max_iter", "tol", "labels", "cluster_centers",
                         "inertia", "n_iter"}]}
  kmeans_plusplus.json   KMeans(init="k-means++", n_init=10, random_state=0) runs, compared by
                         inertia only (random streams differ): {"sklearn_version", "cases":
                         [{"name", "x", "sample_weight", "k", "n_init", "max_iter", "tol",
                         "inertia"}]}
  metrics.json           {"sklearn_version", "cases": [{"name", "x", "labels",
                         "silhouette_samples", "silhouette_score", "calinski_harabasz",
                         "davies_bouldin"}], "ari": [{"a", "b", "ari"}]}
  scaler.json            StandardScaler() (ddof 0): {"sklearn_version", "cases": [{"name", "x",
                         "mean", "scale", "var"}]}; a zero-variance column has var 0, scale 1.
  pca.json               PCA(svd_solver="covariance_eigh", n_components=None or int):
                         {"sklearn_version", "cases": [{"name", "x", "n_components" (int or
                         null), "mean", "components" (rows = components), "explained_variance",
                         "explained_variance_ratio", "singular_values"}]}

Matrices are lists of rows; labels are 0-based.
"""

import json
import os
import sys

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import (
    adjusted_rand_score,
    calinski_harabasz_score,
    davies_bouldin_score,
    silhouette_samples,
    silhouette_score,
)
from sklearn.preprocessing import StandardScaler

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "Tests", "ClusteringTests", "Fixtures")


def blobs(rng, n, d, centres, spread=6.0):
    """Gaussian blobs around `centres` random centres (round-robin membership)."""
    c = rng.uniform(-spread, spread, size=(centres, d))
    labels = np.arange(n) % centres
    return c[labels] + rng.normal(size=(n, d))


def lst(a):
    return np.asarray(a).tolist()


def short(x):
    """Inputs rounded to 4 decimals keep the JSON small; they are the exact inputs fitted."""
    return np.round(np.asarray(x, dtype=float), 4)


def explicit_cases():
    """KMeans with explicit initial centres: the Swift port must agree to 1e-9."""
    rng = np.random.default_rng(20261129)
    cases = []

    def add(name, x, init, weights=None, max_iter=300, tol=1e-4):
        x, init = short(x), short(init)
        weights = None if weights is None else short(weights)
        km = KMeans(n_clusters=len(init), init=np.asarray(init), n_init=1,
                    max_iter=max_iter, tol=tol, algorithm="lloyd")
        km.fit(x, sample_weight=weights)
        cases.append({
            "name": name, "x": lst(x),
            "sample_weight": None if weights is None else lst(weights),
            "init": lst(init), "max_iter": max_iter, "tol": tol,
            "labels": lst(km.labels_), "cluster_centers": lst(km.cluster_centers_),
            "inertia": float(km.inertia_), "n_iter": int(km.n_iter_),
        })

    x = rng.normal(size=(10, 1)) * 3
    add("n10_d1_k2", x, x[[0, 1]])

    x = blobs(rng, 200, 5, 4)
    w = rng.uniform(0.1, 3.0, size=200)
    add("n200_d5_k4_weighted", x, x[[3, 50, 97, 150]], weights=w)

    base = blobs(rng, 300, 7, 6)
    x = np.repeat(base, 2, axis=0)                       # every row twice
    x = np.hstack([x[:, :3], np.full((600, 1), 4.25), x[:, 3:]])  # zero-variance column
    add("n600_d8_k6_duplicates_constant_column", x, x[[0, 10, 20, 30, 40, 50]])

    x = blobs(rng, 2500, 2, 15, spread=20.0)
    add("n2500_d2_k15", x, x[rng.choice(2500, 15, replace=False)])

    x = rng.uniform(size=(150, 40))
    add("n150_d40_k6_max_iter_3", x, x[[0, 1, 2, 3, 4, 5]], max_iter=3)

    x = blobs(rng, 120, 3, 3)
    init = np.vstack([x[[0, 1, 2]], [[100.0, 100.0, 100.0]]])  # 4th centre attracts nothing
    add("n120_d3_k4_empty_cluster", x, init)

    x = blobs(rng, 50, 4, 1)
    add("n50_d4_k1", x, x[[7]])

    # Fewer distinct points than clusters: two initial centres coincide, one stays empty and
    # cannot be relocated (every point sits on its centre).
    distinct = rng.normal(size=(3, 2))
    x = distinct[np.arange(20) % 3]
    add("n20_d2_k5_three_distinct", x, x[[0, 1, 2, 3, 4]])

    x = blobs(rng, 400, 6, 5)
    add("n400_d6_k5_tol0", x, x[[0, 1, 2, 3, 4]], tol=0.0)
    return cases


def plusplus_cases():
    """k-means++ with n_init=10: compared by inertia (within 1%), not labels."""
    rng = np.random.default_rng(7)
    cases = []

    def add(name, x, k, weights=None):
        x = short(x)
        weights = None if weights is None else short(weights)
        km = KMeans(n_clusters=k, init="k-means++", n_init=10, random_state=0,
                    algorithm="lloyd")
        km.fit(x, sample_weight=weights)
        cases.append({
            "name": name, "x": lst(x),
            "sample_weight": None if weights is None else lst(weights),
            "k": k, "n_init": 10, "max_iter": 300, "tol": 1e-4,
            "inertia": float(km.inertia_),
        })

    add("n300_d4_k5", blobs(rng, 300, 4, 5), 5)
    add("n600_d10_k8", blobs(rng, 600, 10, 8, spread=3.0), 8)
    add("n150_d2_k3_weighted", blobs(rng, 150, 2, 3), 3, weights=rng.uniform(0.5, 2.0, 150))
    add("n1000_d3_k12_uniform", rng.uniform(size=(1000, 3)), 12)
    return cases


def metric_cases():
    rng = np.random.default_rng(11)
    cases = []

    def add(name, x, labels):
        x = short(x)
        cases.append({
            "name": name, "x": lst(x), "labels": lst(labels),
            "silhouette_samples": lst(silhouette_samples(x, labels)),
            "silhouette_score": float(silhouette_score(x, labels)),
            "calinski_harabasz": float(calinski_harabasz_score(x, labels)),
            "davies_bouldin": float(davies_bouldin_score(x, labels)),
        })

    x = blobs(rng, 300, 5, 4)
    add("n300_d5_blobs", x, np.arange(300) % 4)

    x = rng.normal(size=(200, 3))
    labels = rng.integers(0, 5, size=200)
    add("n200_d3_random_labels", x, labels)

    x = blobs(rng, 60, 2, 3)
    labels = np.arange(60) % 3
    labels[17] = 3                                     # a singleton cluster
    add("n60_d2_singleton", x, labels)

    x = rng.normal(size=(300, 12)) * rng.uniform(0.5, 20, size=12) + 1e3
    labels = rng.integers(0, 7, size=300)
    add("n300_d12_offset", x, labels)

    ari = []
    for n, ka, kb in [(50, 3, 3), (200, 5, 4), (30, 2, 6)]:
        a = rng.integers(0, ka, size=n)
        b = rng.integers(0, kb, size=n)
        ari.append({"a": lst(a), "b": lst(b), "ari": float(adjusted_rand_score(a, b))})
    a = rng.integers(0, 4, size=80)
    ari.append({"a": lst(a), "b": lst((a + 1) % 4), "ari": float(adjusted_rand_score(a, (a + 1) % 4))})
    return cases, ari


def scaler_cases():
    rng = np.random.default_rng(3)
    cases = []
    for name, x in [
        ("n100_d6_constant_column",
         np.hstack([rng.normal(size=(100, 3)) * [1, 50, 1e-3] + [0, 1e6, 5],
                    np.full((100, 1), 7.5), rng.exponential(size=(100, 2))])),
        ("n1_d3_single_row", rng.normal(size=(1, 3))),
        ("n200_d10", rng.normal(size=(200, 10)) * rng.uniform(0.1, 100, size=10)),
    ]:
        x = short(x)
        s = StandardScaler().fit(x)
        cases.append({"name": name, "x": lst(x), "mean": lst(s.mean_),
                      "scale": lst(s.scale_), "var": lst(s.var_)})
    return cases


def pca_cases():
    rng = np.random.default_rng(5)
    cases = []
    mixing = rng.normal(size=(8, 8))
    for name, x, nc in [
        ("n200_d8_all", rng.normal(size=(200, 8)) @ mixing, None),
        ("n200_d8_three", rng.normal(size=(200, 8)) @ mixing, 3),
        ("n50_d5_constant_column",
         np.hstack([rng.normal(size=(50, 4)) * [3, 2, 1, 0.5], np.full((50, 1), 2.0)]), None),
        ("n300_d16_all", rng.normal(size=(300, 16)) * rng.uniform(0.5, 5, size=16), None),
    ]:
        x = short(x)
        p = PCA(n_components=nc, svd_solver="covariance_eigh").fit(x)
        cases.append({"name": name, "x": lst(x), "n_components": nc,
                      "mean": lst(p.mean_), "components": lst(p.components_),
                      "explained_variance": lst(p.explained_variance_),
                      "explained_variance_ratio": lst(p.explained_variance_ratio_),
                      "singular_values": lst(p.singular_values_)})
    return cases


def write(name, payload):
    path = os.path.join(OUT, name)
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        json.dump({"sklearn_version": sklearn.__version__, **payload}, f, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, path)
    print(f"{name}: {os.path.getsize(path)} bytes", file=sys.stderr)


def main():
    if not sklearn.__version__.startswith("1.9"):
        sys.exit(f"need scikit-learn 1.9.x, found {sklearn.__version__}")
    os.makedirs(OUT, exist_ok=True)
    write("kmeans_explicit.json", {"cases": explicit_cases()})
    write("kmeans_plusplus.json", {"cases": plusplus_cases()})
    metrics, ari = metric_cases()
    write("metrics.json", {"cases": metrics, "ari": ari})
    write("scaler.json", {"cases": scaler_cases()})
    write("pca.json", {"cases": pca_cases()})


if __name__ == "__main__":
    main()
