#!/usr/bin/env python3
"""Runs jobs written by `ar-segment export-spark`, and PMML files with pypmml-spark, in one Python
process (one JVM: Spark starts once), for scripts/checks/spark.

Usage: spark_jobs.py [--master local[2]] STEP...
  job:JOB.py:ARG,ARG,...          runs the job's main() with those arguments (comma-separated)
  pmml:MODEL.pmml:ACCOUNTS.csv:OUT.csv   scores ACCOUNTS with pypmml-spark, writes account_id,
                                   segment, strategy, squared_distance
pypmml-spark's jars (shipped in its wheel) go on the driver's class path before Spark starts.
Prints each step's wall time on stderr.
"""
import argparse
import csv
import glob
import importlib.util
import os
import sys
import time
from xml.etree import ElementTree


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("steps", nargs="+")
    args = parser.parse_args()
    if any(s.startswith("pmml:") for s in args.steps):
        import pypmml_spark
        jars = ",".join(sorted(glob.glob(os.path.join(os.path.dirname(pypmml_spark.__file__), "jars", "*.jar"))))
        os.environ["PYSPARK_SUBMIT_ARGS"] = f"--jars {jars} --driver-class-path {jars.replace(',', ':')} pyspark-shell"
    for step in args.steps:
        kind, rest = step.split(":", 1)
        start = time.time()
        if kind == "job":
            path, argv = rest.split(":", 1)
            spec = importlib.util.spec_from_file_location("ar_segment_job", path)
            job = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(job)
            job.main(argv.split(",") + ["--master", args.master])
        elif kind == "pmml":
            pmml(args.master, *rest.split(":"))
        else:
            sys.exit(f"unknown step {step}")
        print(f"{step}: {time.time() - start:.1f} s", file=sys.stderr)


def pmml(master, model_path, accounts, output):
    from pyspark.sql import SparkSession
    from pyspark.sql import functions as F
    from pypmml_spark import ScoreModel
    spark = SparkSession.builder.master(master).config("spark.ui.showConsoleProgress", "false").getOrCreate()
    try:
        model = ScoreModel.fromFile(model_path)
        frame = spark.read.option("header", "true").csv(accounts)
        names = [f.get("name") for f in ElementTree.parse(model_path).getroot().iter()
                 if f.tag.endswith("DataField")]
        frame = frame.select("account_id", *[F.col(n).cast("double").alias(n) for n in names])
        scored = model.transform(frame).select("account_id", "segment", "strategy", "squared_distance")
        with open(output, "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["account_id", "segment", "strategy", "squared_distance"])
            for r in scored.collect():
                w.writerow([r[0], r[1], r[2], repr(float(r[3]))])
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
