"""Prints the collections-pipeline case of scripts/bench as Markdown: wall time and peak
memory of generate, features and segment, and segment's peak against issue 6's target
(2x the Double feature matrix + 200 MB; the matrix is every numeric column of the accounts
CSV, which segment holds for the profiles, at 8 bytes per value).

Usage: bench_pipeline_report.py ACCOUNTS ALGORITHM FEATURES.csv TIMES.txt"""
import csv
import sys

accounts, algorithm, features, times = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
with open(features, newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    first = next(reader)
    rows = 1 + sum(1 for _ in reader)


def is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


numeric = [name for name, value in zip(header, first) if name != "account_id" and is_number(value)]
matrix_mib = rows * len(numeric) * 8 / 2**20
target_mib = 2 * matrix_mib + 200 * 1e6 / 2**20
print(f"\n### Collections pipeline at {accounts:,} accounts (`segment --algorithm {algorithm}`)\n")
print("| step | wall time | peak RSS | target | verdict |")
print("|---|---:|---:|---|---|")
for line in open(times):
    parts = line.split()
    if len(parts) != 3 or not parts[1].replace(".", "").isdigit():
        continue  # /usr/bin/time's "Command exited with non-zero status" lines
    name, seconds, kib = parts[0], float(parts[1]), int(parts[2])
    mib = kib / 1024
    if name == "segment":
        verdict = "met" if mib <= target_mib else "**not met**"
        print(f"| {name} | {seconds:.1f} s | {mib:.0f} MiB | <= 2 x {matrix_mib:.0f} + 191 = {target_mib:.0f} MiB | {verdict} |")
    else:
        print(f"| {name} | {seconds:.1f} s | {mib:.0f} MiB | - | |")
print(f"\nFeature matrix: {rows:,} accounts x {len(numeric)} numeric columns.")
