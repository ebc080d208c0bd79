#!/usr/bin/env python3
"""Compares segments scored elsewhere (the PySpark job of `ar-segment export-spark`, PMML in Spark)
with `ar-segment assign`.

Usage: compare_assignments.py LABEL ASSIGNED.csv ACTUAL [--tolerance 1e-12] [--same-as OTHER]

ASSIGNED.csv: `ar-segment assign` output. ACTUAL: a CSV file, or a folder of CSV part files
(Spark's output), with account_id, segment, strategy and distance (or squared_distance, whose
square root is compared). Every account of ASSIGNED must appear once with the same segment and
strategy, and a distance within TOLERANCE (absolute, distances being in standardized units).
--same-as OTHER: ACTUAL must also have the labels of OTHER (a file or folder, e.g. the scoring
before a refit). Prints the largest distance difference; exits 1 on any disagreement.
"""
import argparse
import csv
import glob
import math
import os
import sys


def rows(path):
    files = sorted(glob.glob(os.path.join(path, "*.csv"))) if os.path.isdir(path) else [path]
    out = {}
    for name in files:
        with open(name, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                if row["account_id"] in out:
                    sys.exit(f"{name}: account {row['account_id']} appears twice")
                out[row["account_id"]] = row
    return out


def distance(row):
    if "distance" in row and row["distance"] != "":
        return float(row["distance"])
    return math.sqrt(max(0.0, float(row["squared_distance"])))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("label")
    parser.add_argument("assigned")
    parser.add_argument("actual")
    parser.add_argument("--tolerance", type=float, default=1e-12)
    parser.add_argument("--same-as")
    args = parser.parse_args()
    expected, actual = rows(args.assigned), rows(args.actual)
    if set(expected) != set(actual):
        diff = sorted(set(expected) ^ set(actual))
        print(f"FAIL {args.label}: accounts differ ({len(expected)} vs {len(actual)}, e.g. {diff[:3]})")
        return 1
    worst, failures = 0.0, []
    for account, e in expected.items():
        a = actual[account]
        if int(float(a["segment"])) != int(e["segment"]) or a["strategy"] != e["strategy"]:
            failures.append(f"account {account}: segment {e['segment']}/{e['strategy']} vs {a['segment']}/{a['strategy']}")
            continue
        d = abs(distance(a) - float(e["distance"]))
        worst = max(worst, d)
        if d > args.tolerance:
            failures.append(f"account {account}: distance {e['distance']} vs {distance(a)!r}")
    if args.same_as:
        before = rows(args.same_as)
        moved = [k for k in actual if int(float(actual[k]["segment"])) != int(float(before[k]["segment"]))]
        if moved:
            failures.append(f"{len(moved)} accounts changed segment against {args.same_as}, e.g. {moved[0]}")
    if failures:
        for f in failures[:5]:
            print(f"FAIL {args.label}: {f}")
        print(f"FAIL {args.label}: {len(failures)} disagreements")
        return 1
    print(f"ok {args.label}: {len(expected)} accounts, same segments and strategies, "
          f"distances within {args.tolerance:g} (largest difference {worst:.1e})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
