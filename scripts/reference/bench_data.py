"""Seeded benchmark data: Gaussian blobs with k centres, written as CSV with
shortest round-trip floats, and a k-row initial-centroid file drawn from it."""
import sys

import numpy as np

n, d, k, seed, data_path, init_path = (int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]),
                                       int(sys.argv[4]), sys.argv[5], sys.argv[6])
rng = np.random.default_rng(seed)
centres = rng.uniform(-10, 10, size=(k, d))
labels = rng.integers(0, k, size=n)
x = centres[labels] + rng.normal(size=(n, d)) * rng.uniform(0.5, 3, size=d)
header = ",".join(f"f{j}" for j in range(d))
np.savetxt(data_path, x, delimiter=",", header=header, comments="", fmt="%.12g")
init = x[rng.choice(n, size=k, replace=False)]
# The init is applied to standardized data on both sides: standardize it the same way.
z_init = (init - x.mean(axis=0)) / x.std(axis=0)
np.savetxt(init_path, z_init, delimiter=",", header=header, comments="", fmt="%.12g")
