#!/usr/bin/env python3
"""Independent recomputation of `segment --holdout-share P --holdout-salt S` (column test_group).

Usage: holdout_groups.py ASSIGNMENTS.csv SHARE SALT

hash = SplitMix64 finalizer of FNV-1a 64 over the UTF-8 bytes of salt, 0x1F, account id; in each segment
of n accounts the floor(P * n + 0.5) accounts with the smallest hash (ties: smaller id) are control.
Exits 1 when any account's test_group differs.
"""
import math
import sys

import pandas as pd

MASK = (1 << 64) - 1


def stable_hash(account_id: str, salt: str) -> int:
    h = 0xCBF29CE484222325
    for byte in salt.encode() + b"\x1f" + account_id.encode():
        h = ((h ^ byte) * 0x100000001B3) & MASK
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & MASK
    return h ^ (h >> 31)


def main():
    path, share, salt = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    df = pd.read_csv(path, dtype={"account_id": str})
    df["hash"] = [stable_hash(a, salt) for a in df.account_id]
    expected = {}
    for _, group in df.groupby("segment"):
        ordered = group.sort_values(["hash", "account_id"], kind="stable")
        control = math.floor(share * len(group) + 0.5)
        for rank, account in enumerate(ordered.account_id):
            expected[account] = "control" if rank < control else "treatment"
    wrong = [a for a, g in zip(df.account_id, df.test_group) if expected[a] != g]
    if wrong:
        print(f"holdout check FAILED: {len(wrong)} accounts differ, e.g. {wrong[:5]}")
        sys.exit(1)
    print(f"holdout check: {len(df)} accounts, {sum(v == 'control' for v in expected.values())} in control: "
          "test_group agrees with the independent hash")


if __name__ == "__main__":
    main()
