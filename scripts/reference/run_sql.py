#!/usr/bin/env python3
"""Runs a query written by `ar-segment export-sql` on DuckDB or Spark SQL and writes its result as CSV.

Usage:
  run_sql.py duckdb QUERY.sql=OUT.csv ...
  run_sql.py spark QUERY.sql=OUT.csv ... [--view NAME=CSV ...] [--view-sep NAME=SEP ...] [--master local[2]]

Every QUERY=OUT pair runs in one session (Spark starts once).
Spark: each --view registers a CSV file (header, every column read as text, as a warehouse
table of raw extracts would hold it) as a temporary view, so the query's own casts and date
parsing are what is tested; --view-sep gives a view's field separator (`;` for SAP FBL5N), and
a repeated header name (unused by the query) is renamed `NAME (2)` as export-sql's DuckDB
read_csv names it. Numbers are written in Python's shortest round-trip form.
Prints the engine's wall time for each query (including reading the CSV) on stderr.
"""
import argparse
import csv
import sys
import time


def query_text(path):
    text = open(path, encoding="utf-8").read().strip()
    return text[:-1] if text.endswith(";") else text


def write(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for row in rows:
            w.writerow(["" if v is None else repr(v) if isinstance(v, float) else v for v in row])


def unique_names(columns):
    seen = {}
    out = []
    for c in columns:
        seen[c] = seen.get(c, 0) + 1
        out.append(c if seen[c] == 1 else f"{c} ({seen[c]})")
    return out


def run_duckdb(args):
    import duckdb
    con = duckdb.connect()
    con.execute("SET threads = 2")
    for job in args.jobs:
        query, output = job.split("=", 1)
        start = time.time()
        result = con.execute(query_text(query))
        header = [d[0] for d in result.description]
        rows = result.fetchall()
        print(f"duckdb {duckdb.__version__} {query}: {time.time() - start:.1f} s", file=sys.stderr)
        write(output, header, rows)


def run_spark(args):
    from pyspark.sql import SparkSession
    from pyspark.sql.types import StringType, StructField, StructType
    spark = (SparkSession.builder.master(args.master).appName("ar-segment export-sql check")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
             .config("spark.ui.showConsoleProgress", "false").config("spark.driver.memory", "2g").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    try:
        start = time.time()
        seps = dict(v.split("=", 1) for v in args.view_sep)
        for view in args.view:
            name, path = view.split("=", 1)
            sep = seps.get(name, ",")
            with open(path, newline="", encoding="utf-8-sig") as f:
                columns = unique_names(next(csv.reader(f, delimiter=sep)))
            schema = StructType([StructField(c, StringType()) for c in columns])
            (spark.read.option("header", "true").option("mode", "FAILFAST").option("multiLine", "true")
             .option("escape", '"').option("sep", sep).schema(schema).csv(path).createOrReplaceTempView(name))
        print(f"spark {spark.version}: session and views {time.time() - start:.1f} s", file=sys.stderr)
        for job in args.jobs:
            query, output = job.split("=", 1)
            start = time.time()
            frame = spark.sql(query_text(query))
            rows = [tuple(r) for r in frame.collect()]
            print(f"spark {spark.version} {query}: {time.time() - start:.1f} s", file=sys.stderr)
            write(output, frame.columns, rows)
    finally:
        spark.stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("engine", choices=["duckdb", "spark"])
    parser.add_argument("jobs", nargs="+", metavar="QUERY=OUT")
    parser.add_argument("--view", action="append", default=[])
    parser.add_argument("--view-sep", action="append", default=[])
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    (run_duckdb if args.engine == "duckdb" else run_spark)(args)


if __name__ == "__main__":
    main()
