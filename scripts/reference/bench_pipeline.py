"""The Python pipeline that `ar-segment kmeans --standardize --n-init 10
[--pca-components C]` is compared with, end to end as a process: read the CSV,
standardize, optionally PCA(C, svd_solver="covariance_eigh"), k-means (n_init=10,
seeded), write labels, centers and inertia as JSON.

Usage: bench_pipeline.py DATA.csv K OUT.json [C]"""
import json
import sys

import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

data, k, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
x = pd.read_csv(data).to_numpy(dtype="float64")
z = StandardScaler().fit_transform(x)
if len(sys.argv) > 4:
    z = PCA(n_components=int(sys.argv[4]), svd_solver="covariance_eigh").fit_transform(z)
model = KMeans(k, n_init=10, random_state=0).fit(z)
with open(out, "w") as f:
    json.dump({"labels": model.labels_.tolist(), "cluster_centers": model.cluster_centers_.tolist(),
               "inertia": float(model.inertia_), "n_iter": int(model.n_iter_)}, f)
