#!/usr/bin/env python3
"""Validates ar-segment's exports with real tools (run by scripts/checks/exports).

Notebook: valid against the nbformat 4.5 schema, stored without outputs, no raw HTML in its
Markdown; executed top to bottom with nbclient and a stock Python 3 kernel (any cell error
fails, and so does the notebook's own scikit-learn cross-check); executed outputs hold no HTML
or JavaScript.

PMML: valid against the PMML 4.4 schema (the XSD shipped in JPMML's pmml-model jar); scored
with the JPMML-Evaluator command line,

    python -m jpmml_evaluator MODEL.pmml -i ACCOUNTS.csv -o SCORES.csv

and every row must get the segment, strategy and distance that `ar-segment assign` gave.

Usage:
    check_exports.py [--notebook NB.ipynb]... [--pmml MODEL.pmml [--score ACCOUNTS.csv ASSIGN.csv]...]
Exits 1 with one line per failure.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import tempfile
import zipfile

FORMULA_GUARD = "=+-@\t\r"


def fail(message):
    print(f"check_exports: FAIL: {message}", file=sys.stderr)
    sys.exit(1)


def restore_text(value):
    """Undoes ar-segment's CSV formula guard: a ' before = + - @ tab CR."""
    if isinstance(value, str) and len(value) > 1 and value[0] == "'" and value[1] in FORMULA_GUARD:
        return value[1:]
    return value


def check_notebook(path):
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    with open(path, encoding="utf-8") as file:
        text = file.read()
    raw = json.loads(text)
    if (raw.get("nbformat"), raw.get("nbformat_minor")) != (4, 5):
        fail(f"{path}: nbformat {raw.get('nbformat')}.{raw.get('nbformat_minor')}, expected 4.5")
    notebook = nbformat.reads(text, as_version=nbformat.NO_CONVERT)
    try:
        nbformat.validate(notebook, version=4, version_minor=5)
    except nbformat.ValidationError as error:
        fail(f"{path}: not valid nbformat 4.5: {error.message}")
    for cell in notebook.cells:
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None):
            fail(f"{path}: cell {cell.id} was stored with outputs")
        if cell.cell_type == "markdown" and "<" in cell.source:
            fail(f"{path}: cell {cell.id} has raw markup in Markdown: {cell.source[:80]!r}")

    client = NotebookClient(notebook, timeout=900, kernel_name="python3",
                            resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}})
    try:
        client.execute()
    except CellExecutionError as error:
        fail(f"{path}: a cell failed when executed:\n{error}")
    images = 0
    cross_check = None
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            kinds = set(output.get("data", {}))
            if kinds & {"text/html", "application/javascript"}:
                fail(f"{path}: cell {cell.id} produced an HTML or JavaScript output")
            images += "image/png" in kinds
            if output.get("output_type") == "stream" and "scikit-learn KMeans" in output.get("text", ""):
                cross_check = output["text"].strip()
    if images < 3:
        fail(f"{path}: expected the three charts, got {images} images")
    if cross_check is None:
        fail(f"{path}: the scikit-learn cross-check printed nothing")
    print(f"notebook {path}: valid nbformat 4.5, executed cleanly, {images} charts; {cross_check}")


def check_pmml_schema(path):
    import jpmml_evaluator
    from lxml import etree

    jars = os.path.join(os.path.dirname(jpmml_evaluator.__file__), "dependencies")
    model_jar = next((os.path.join(jars, name) for name in sorted(os.listdir(jars))
                      if name.startswith("pmml-model-") and name.endswith(".jar")), None)
    if model_jar is None:
        fail(f"no pmml-model jar in {jars}: cannot find the PMML schema")
    with zipfile.ZipFile(model_jar) as jar:
        schema = etree.XMLSchema(etree.fromstring(jar.read("pmml.xsd")))
    document = etree.parse(path)
    if not schema.validate(document):
        fail(f"{path}: not valid against the PMML 4.4 schema: {schema.error_log.last_error}")
    print(f"pmml {os.path.basename(path)}: valid against the PMML 4.4 schema ({os.path.basename(model_jar)})")


def score_pmml(pmml, accounts, assigned):
    import pandas as pd

    with tempfile.TemporaryDirectory() as work:
        scores_path = os.path.join(work, "scores.csv")
        command = [sys.executable, "-m", "jpmml_evaluator", pmml, "-i", accounts, "-o", scores_path]
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            fail(f"PMML scorer failed on {accounts}:\n{result.stderr[-2000:]}")
        scores = pd.read_csv(scores_path, dtype={"segment": str, "strategy": str}, keep_default_na=False)

    expected = pd.read_csv(assigned, dtype=str, keep_default_na=False)
    source = pd.read_csv(accounts, dtype=str, keep_default_na=False)
    if len(scores) != len(source) or len(expected) != len(source):
        fail(f"{accounts}: {len(source)} accounts, {len(scores)} PMML scores, {len(expected)} assignments")
    id_column = expected.columns[0]
    ids = expected[id_column].map(restore_text)
    if id_column in source and not (ids.to_numpy() == source[id_column].to_numpy()).all():
        fail(f"{assigned}: rows are not in the order of {accounts}")

    segment_differs = scores["segment"].to_numpy() != expected["segment"].to_numpy()
    if segment_differs.any():
        row = int(segment_differs.argmax())
        fail(f"{accounts}: PMML puts {int(segment_differs.sum())} of {len(source)} accounts in another segment "
             f"than ar-segment assign (first: {ids[row]}: PMML {scores['segment'][row]}, "
             f"ar-segment {expected['segment'][row]})")
    strategy_differs = scores["strategy"].to_numpy() != expected["strategy"].map(restore_text).to_numpy()
    if strategy_differs.any():
        row = int(strategy_differs.argmax())
        fail(f"{accounts}: PMML strategy {scores['strategy'][row]!r} vs {expected['strategy'][row]!r} for {ids[row]}")
    worst = 0.0
    if "distance" in expected:
        for ours, theirs in zip(expected["distance"].astype(float), scores["squared_distance"].astype(float)):
            difference = abs(math.sqrt(max(theirs, 0.0)) - ours)
            worst = max(worst, difference / max(1.0, ours))
        if worst > 1e-9:
            fail(f"{accounts}: PMML distance to the centroid differs from ar-segment's by {worst:.3g} (relative)")
    print(f"pmml scores {os.path.basename(accounts)}: {len(source)} accounts, same segment and strategy as "
          f"ar-segment assign for every row; distances agree within {worst:.1g}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebook", action="append", default=[], help="notebook to validate and execute")
    parser.add_argument("--pmml", help="PMML file to validate and score")
    parser.add_argument("--score", nargs=2, action="append", default=[], metavar=("ACCOUNTS", "ASSIGNMENTS"),
                        help="accounts CSV and the ar-segment assign output for it")
    args = parser.parse_args()
    if not args.notebook and not args.pmml:
        parser.error("nothing to check")
    if args.score and not args.pmml:
        parser.error("--score needs --pmml")
    for notebook in args.notebook:
        check_notebook(notebook)
    if args.pmml:
        check_pmml_schema(args.pmml)
        for accounts, assigned in args.score:
            score_pmml(args.pmml, accounts, assigned)


if __name__ == "__main__":
    main()
