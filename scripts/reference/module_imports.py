"""Declared dependencies must equal imports (issue 11).

For every target in `swift package dump-package`, compares the modules its sources import with
the targets and products it declares. Fails when a target imports a module it does not declare
(it would compile only through another target's edge) or declares one it never imports (a dead
edge that misstates the architecture). System modules (Foundation, Glibc, Testing, ...) are
ignored. Usage: python3 module_imports.py DUMP.json PACKAGE_ROOT
"""
import json
import os
import re
import sys

SYSTEM = {"Foundation", "FoundationXML", "FoundationEssentials", "Glibc", "Darwin", "Dispatch", "Testing",
          "XCTest", "_Builtin_intrinsics", "Synchronization", "os"}
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_exported\s+|@preconcurrency\s+)?"
                    r"(?:(?:public|internal|package|private|fileprivate)\s+)?import\s+(?:(?:struct|enum|class|func|protocol|typealias|var|let)\s+)?([A-Za-z_][A-Za-z0-9_]*)")
# Products whose module name differs from the product name.
PRODUCT_MODULE = {}


def declared(target):
    names = set()
    for dep in target.get("dependencies", []):
        for kind in ("byName", "target", "product"):
            if kind in dep:
                name = dep[kind][0]
                names.add(PRODUCT_MODULE.get(name, name))
    return names


def imported(root, target):
    path = target.get("path") or os.path.join("Tests" if target["type"] == "test" else "Sources", target["name"])
    found = set()
    for folder, _, files in os.walk(os.path.join(root, path)):
        for name in files:
            if not name.endswith(".swift"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                in_string = False  # inside a multi-line string literal (embedded Python, templates)
                for line in f:
                    if line.count('"""') % 2 == 1:
                        in_string = not in_string
                        continue
                    m = None if in_string else IMPORT.match(line)
                    if m:
                        found.add(m.group(1))
    return found - SYSTEM


def main():
    dump, root = json.load(open(sys.argv[1])), sys.argv[2]
    system_targets = {t["name"] for t in dump["targets"] if t["type"] == "system"}
    problems = []
    for target in dump["targets"]:
        if target["type"] in ("system", "binary", "plugin"):
            continue
        if not any(f.endswith(".swift") for _, _, fs in os.walk(os.path.join(root, target.get("path") or (
                ("Tests/" if target["type"] == "test" else "Sources/") + target["name"]))) for f in fs):
            continue  # a C target: its includes are not Swift imports
        want, have = imported(root, target), declared(target)
        for module in sorted(want - have):
            problems.append(f"{target['name']}: imports {module} but does not declare it")
        for module in sorted(have - want):
            problems.append(f"{target['name']}: declares {module} but never imports it")
    for p in problems:
        print(p)
    if problems:
        sys.exit(1)
    print(f"module imports: {sum(1 for t in dump['targets'] if t['type'] not in ('system', 'binary', 'plugin'))} "
          "targets declare exactly what they import")


main()
