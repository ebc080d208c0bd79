"""Seeded skewed benchmark data shaped like account features, not Gaussian blobs: six
groups of unequal weight (40/25/15/10/6/4%) and spread, each feature drawn per group from
a log-normal (balances, amounts), negative-binomial (counts) or beta (utilisation, shares)
distribution, plus an `account_id` text column. Written as CSV with %.12g floats and
integer counts, so parsing meets long decimals, short integers and values in [0, 1].

Usage: bench_skewed.py N D SEED OUT.csv   (D features; columns cycle through the three
families: lognormal, negbinomial, beta)."""
import sys

import numpy as np

n, d, seed, path = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rng = np.random.default_rng(seed)
weights = np.array([0.40, 0.25, 0.15, 0.10, 0.06, 0.04])
groups = rng.choice(len(weights), size=n, p=weights)
columns, names = [], []
for j in range(d):
    family = ("lognormal", "negbinomial", "beta")[j % 3]
    # Per group: a location and a spread, drawn once per column from the seeded stream.
    if family == "lognormal":
        mu = rng.uniform(4, 10, size=len(weights))
        sigma = rng.uniform(0.3, 1.6, size=len(weights))
        values = rng.lognormal(mu[groups], sigma[groups])
        names.append(f"balance_{j}")
    elif family == "negbinomial":
        mean = rng.uniform(0.5, 40, size=len(weights))
        shape = rng.uniform(0.4, 5, size=len(weights))  # small shape: heavy right tail
        values = rng.negative_binomial(shape[groups], (shape / (shape + mean))[groups]).astype(np.float64)
        names.append(f"count_{j}")
    else:
        a = rng.uniform(0.3, 6, size=len(weights))
        b = rng.uniform(0.3, 6, size=len(weights))
        values = rng.beta(a[groups], b[groups])
        names.append(f"share_{j}")
    columns.append(values)
x = np.column_stack(columns)
formats = ["%d" if name.startswith("count_") else "%.12g" for name in names]
with open(path, "w") as f:
    f.write("account_id," + ",".join(names) + "\n")
    ids = np.char.add("C", np.char.zfill(np.arange(1, n + 1).astype(str), 8))
    for start in range(0, n, 100_000):
        block = x[start:start + 100_000]
        np.savetxt(f, np.column_stack([ids[start:start + 100_000], block.astype(object)]),
                   delimiter=",", fmt=["%s"] + formats)
