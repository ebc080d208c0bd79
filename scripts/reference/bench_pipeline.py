"""The Python pipeline that `ar-segment kmeans --standardize --n-init 10
[--pca-components C]` is compared with, end to end as a process: read the CSV,
standardize, optionally PCA(C, svd_solver="covariance_eigh"), k-means (n_init=10,
seeded), write labels, centers and inertia as JSON.

Usage: bench_pipeline.py DATA.csv K OUT.json [C] [--id COLUMN]
With --id, that column is read as text, left out of the features and written as "ids"
(as `ar-segment kmeans --id COLUMN` does); C may then be 0 for no PCA."""
import json
import sys

import pandas as pd
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

arguments = sys.argv[1:]
id_column = None
if "--id" in arguments:
    at = arguments.index("--id")
    id_column = arguments[at + 1]
    del arguments[at:at + 2]
data, k, out = arguments[0], int(arguments[1]), arguments[2]
components = int(arguments[3]) if len(arguments) > 3 else 0
frame = pd.read_csv(data, dtype={id_column: str} if id_column else None)
ids = frame.pop(id_column).tolist() if id_column else None
x = frame.to_numpy(dtype="float64")
z = StandardScaler().fit_transform(x)
if components > 0:
    z = PCA(n_components=components, svd_solver="covariance_eigh").fit_transform(z)
model = KMeans(k, n_init=10, random_state=0).fit(z)
result = {"labels": model.labels_.tolist(), "cluster_centers": model.cluster_centers_.tolist(),
          "inertia": float(model.inertia_), "n_iter": int(model.n_iter_)}
if ids is not None:
    result["ids"] = ids
with open(out, "w") as f:
    json.dump(result, f)
