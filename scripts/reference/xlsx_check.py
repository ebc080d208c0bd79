"""Independent side of scripts/checks/xlsx: openpyxl writes workbooks for ar-segment's reader,
and reads (with LibreOffice's CSV export as a third opinion) the workbook ar-segment's writer made.

    xlsx_check.py write DIR        openpyxl.xlsx, openpyxl-1904.xlsx and openpyxl.json
    xlsx_check.py verify DIR       swift.xlsx against swift.json, with openpyxl
    xlsx_check.py verify-csv DIR   DIR/lo/swift.csv (LibreOffice's export of sheet 1) against swift.json
"""
import datetime as dt
import csv
import json
import math
import sys
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter
from openpyxl.utils.escape import unescape

HEADER = ["account_id", "invoice_date", "amount", "paid", "note", "big", "ratio", "stamp"]
TEXTS = ["007", "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "multi\nline, \"quoted\"", "+1", "@x", "tab\there",
         "emoji \U0001F600", "  spaced  ", "A-000123"]


def rows():
    """The cells openpyxl writes: ids are text (leading zeros), dates are dates, numbers are numbers."""
    out = []
    for k, text in enumerate(TEXTS):
        out.append([
            f"{k:03d}",
            dt.date(2024, 2, 29) + dt.timedelta(days=37 * k),
            [0.1, 1234567.891, -2.5, 1e20, 12.0, 7, 1e-7, 3.141592653589793, 0, 2 ** 53][k],
            k % 2 == 0,
            text,
            None if k % 3 == 0 else k * 1_000_003,
            k / 7,
            dt.datetime(2023, 3, 15, 10, 30, 0) + dt.timedelta(hours=5 * k),
        ])
    return out


def expected_cell(value):
    if value is None:
        return {"kind": "empty"}
    if isinstance(value, bool):
        return {"kind": "boolean", "value": value}
    if isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time(0) else value.isoformat()
        return {"kind": "date", "value": text}
    if isinstance(value, dt.date):
        return {"kind": "date", "value": value.isoformat()}
    if isinstance(value, (int, float)):
        return {"kind": "number", "value": repr(float(value))}
    return {"kind": "text", "value": value}


def write(directory):
    data = rows()
    for name, epoch in [("openpyxl.xlsx", None), ("openpyxl-1904.xlsx", openpyxl.utils.datetime.CALENDAR_MAC_1904)]:
        book = openpyxl.Workbook()
        if epoch is not None:
            book.epoch = epoch
        sheet = book.active
        sheet.title = "Ledger"
        sheet.append(HEADER)
        for row in data:
            sheet.append(row)
        for row in sheet.iter_rows(min_row=2, min_col=1, max_col=1):
            row[0].number_format = "@"
        for row in sheet.iter_rows(min_row=2, min_col=5, max_col=5):
            row[0].data_type = "s"  # text starting with "=" is text, not a formula
        # A formula openpyxl cannot compute: no cached value, which the reader must refuse.
        formulas = book.create_sheet("Formulas")
        formulas.append(["id", "double"])
        formulas.append(["a", "=1+1"])
        book.save(directory / name)
    # The reference is what openpyxl reads back from its own file: it writes floats with 16
    # significant digits, so 1/7 is stored as 0.1428571428571428, not Python's 0.14285714285714285.
    reread = openpyxl.load_workbook(directory / "openpyxl.xlsx")["Ledger"]
    table = [[expected_cell(cell.value) for cell in row] for row in reread.iter_rows(max_col=len(HEADER))]
    if [len(r) for r in table] != [len(HEADER)] * (len(data) + 1) \
            or any(table[k + 1][4] != expected_cell(row[4]) for k, row in enumerate(data)):
        fail("openpyxl did not read its own workbook back as written")
    expected = {"sheet": "Ledger", "rows": table, "formulaSheet": "Formulas", "formulaCell": "B2"}
    (directory / "openpyxl.json").write_text(json.dumps(expected, sort_keys=True))
    print(f"xlsx check: openpyxl {openpyxl.__version__} wrote {len(data)} rows x {len(HEADER)} columns in both date systems")


def fail(message):
    sys.exit(f"xlsx check FAILED: {message}")


def verify(directory):
    expected = json.loads((directory / "swift.json").read_text())
    book = openpyxl.load_workbook(directory / "swift.xlsx")
    if book.sheetnames != [s["name"] for s in expected]:
        fail(f"sheet names {book.sheetnames}")
    cells = escaped = 0
    for spec in expected:
        ws = book[spec["name"]]
        header = [c.value for c in ws[1]]
        if header != spec["header"] or not all(c.font.b for c in ws[1]):
            fail(f"{spec['name']}: header {header} (bold: {[c.font.b for c in ws[1]]})")
        for r, row in enumerate(spec["rows"], start=2):
            for c, cell in enumerate(row, start=1):
                got = ws.cell(r, c)
                where = f"{spec['name']}!{got.coordinate}"
                kind, value = cell["kind"], cell.get("value")
                if kind == "text":
                    text = "" if got.value is None else got.value
                    if text != value and isinstance(text, str) and unescape(text) == value:
                        escaped += 1  # openpyxl returns OOXML _xHHHH_ escapes of inline strings as written
                        text = unescape(text)
                    if got.data_type != "s" and got.value is not None or text != value:
                        fail(f"{where}: text {got.value!r} ({got.data_type}) != {value!r}")
                elif kind in ("number", "percent", "currency"):
                    if got.data_type != "n" or not math.isclose(got.value, float(value), rel_tol=0, abs_tol=0):
                        fail(f"{where}: number {got.value!r} != {value}")
                    if kind == "percent" and "%" not in got.number_format:
                        fail(f"{where}: percent format {got.number_format!r}")
                    if kind == "currency" and cell["code"] not in got.number_format:
                        fail(f"{where}: currency format {got.number_format!r}")
                elif kind == "date":
                    if not got.is_date or got.value.date() != dt.date.fromisoformat(value):
                        fail(f"{where}: date {got.value!r} != {value}")
                elif kind == "boolean":
                    if got.value is not value:
                        fail(f"{where}: boolean {got.value!r} != {value}")
                elif got.value is not None:
                    fail(f"{where}: {got.value!r} where no cell was written")
                cells += 1
        last = f"{get_column_letter(len(spec['header']))}{len(spec['rows']) + 1}"
        if ws.freeze_panes != ("A2" if spec["freeze"] else None):
            fail(f"{spec['name']}: frozen pane {ws.freeze_panes}")
        if ws.auto_filter.ref != (f"A1:{last}" if spec["filter"] else None):
            fail(f"{spec['name']}: autofilter {ws.auto_filter.ref}")
        rules = [rule for cf in ws.conditional_formatting for rule in cf.rules]
        if len(rules) != spec["scales"] or any(rule.type != "colorScale" or len(rule.colorScale.color) != 3 for rule in rules):
            fail(f"{spec['name']}: colour scales {rules}")
        widths = [ws.column_dimensions[get_column_letter(k + 1)].width for k in range(len(spec["header"]))]
        if not all(w and w > 0 for w in widths):
            fail(f"{spec['name']}: column widths {widths}")
    note = f"; {escaped} texts came back as OOXML _xHHHH_ escapes, decoded with openpyxl.utils.escape.unescape" if escaped else ""
    print(f"xlsx check: openpyxl {openpyxl.__version__} read {cells} cells of swift.xlsx as written{note}")


def verify_csv(directory):
    import csv
    spec = json.loads((directory / "swift.json").read_text())[0]
    with open(directory / "lo" / "swift.csv", newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    if table[0] != spec["header"]:
        fail(f"LibreOffice header {table[0]}")
    if len(table) != len(spec["rows"]) + 1:
        fail(f"LibreOffice exported {len(table) - 1} rows, not {len(spec['rows'])}")
    checked = 0
    for r, row in enumerate(spec["rows"]):
        for c, cell in enumerate(row):
            got = table[r + 1][c]
            if cell["kind"] == "date":
                want = cell["value"]
            elif cell["kind"] == "text":
                # Calc keeps line breaks as LF only: a CR (sent as _x000D_) comes back as LF.
                want = cell["value"].replace("\r\n", "\n").replace("\r", "\n")
            elif cell["kind"] == "boolean":
                want = "TRUE" if cell["value"] else "FALSE"
            else:
                continue
            if got != want:
                fail(f"LibreOffice {spec['name']}!{get_column_letter(c + 1)}{r + 2}: {got!r} != {want!r}")
            checked += 1
    print(f"xlsx check: LibreOffice shows {checked} text (control characters included), date and boolean cells "
          "of swift.xlsx as written")


def same_value(cell, text):
    """An openpyxl value against a CSV field: text equal, or the same number."""
    if cell is None:
        return text == ""
    if isinstance(cell, bool):
        return False
    if isinstance(cell, (int, float)):
        try:
            return float(text) == float(cell)
        except ValueError:
            return False
    return str(cell) == text


def verify_invoices(ws, view):
    """The Invoices sheet against summary.json's invoice view: same invoices in the same order."""
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=2)]
    if len(rows) != len(view["rows"]):
        fail(f"report.xlsx Invoices: {len(rows)} rows, summary.json has {len(view['rows'])}")
    for rank, (got, want) in enumerate(zip(rows, view["rows"]), start=1):
        inv = want["invoice"]
        due = got[5].date().isoformat() if hasattr(got[5], "date") else got[5]
        expected = [rank, inv["invoiceId"], inv["accountId"], want["segment"], inv["strategy"], inv["dueDate"],
                    inv["openAmount"], inv["daysPastDue"], inv["priority"]["priority"]]
        actual = [got[0], got[1], got[2], got[3], got[4], due, got[6], got[7], got[11]]
        if actual != expected:
            fail(f"report.xlsx Invoices row {rank}: {actual} != summary.json {expected}")
        if ws.cell(row=rank + 1, column=2).data_type != "s":
            fail(f"report.xlsx Invoices row {rank}: invoice_id is not a text cell")
    return len(rows) * 15


def verify_report(directory):
    """`segment --xlsx`'s report.xlsx in `directory` against the run's CSV files and summary.json."""
    book = openpyxl.load_workbook(directory / "report.xlsx")
    summary = json.loads((directory / "summary.json").read_text())
    view = summary.get("invoices")
    names = ["Summary", "Segments", "Profiles", "Worklist"] + (["Invoices"] if view else []) + ["Assignments"]
    if book.sheetnames != names:
        fail(f"report.xlsx sheets {book.sheetnames}, expected {names}")
    cells = 0
    for name in names:
        ws = book[name]
        if not all(c.font.b for c in ws[1]) or ws.freeze_panes != "A2":
            fail(f"report.xlsx {name}: header not bold or not frozen")
        if name != "Summary" and not ws.auto_filter.ref:
            fail(f"report.xlsx {name}: no autofilter")
    for name, file in [("Worklist", "worklist.csv"), ("Assignments", "assignments.csv"), ("Profiles", "profiles.csv")]:
        with open(directory / file, newline="", encoding="utf-8") as f:
            expected = list(csv.reader(f))
        actual = [[c.value for c in row] for row in book[name].iter_rows()]
        if len(actual) != len(expected):
            fail(f"report.xlsx {name}: {len(actual)} rows, {file} has {len(expected)}")
        for r, (got, want) in enumerate(zip(actual, expected), start=1):
            if len(got) != len(want) or not all(same_value(g, w) for g, w in zip(got, want)):
                fail(f"report.xlsx {name} row {r}: {got} != {file} {want}")
            if r > 1 and "account_id" in expected[0]:
                i = expected[0].index("account_id")
                if book[name].cell(row=r, column=i + 1).data_type != "s":
                    fail(f"report.xlsx {name} row {r}: account_id is not a text cell")
            cells += len(got)
    if view:
        cells += verify_invoices(book["Invoices"], view)
    segments = [[c.value for c in row] for row in book["Segments"].iter_rows(min_row=2)]
    if [row[0] for row in segments] != [s["id"] for s in summary["segments"]]:
        fail("report.xlsx Segments: segment ids differ from summary.json")
    if [row[2] for row in segments] != [s["strategy"] for s in summary["segments"]]:
        fail("report.xlsx Segments: strategies differ from summary.json")
    figures = {row[0].value: row[1].value for row in book["Summary"].iter_rows(min_row=2)}
    if figures.get("Accounts") != summary["headline"]["accountCount"]:
        fail("report.xlsx Summary: account count differs from summary.json")
    if abs(figures.get("Open balance", -1) - summary["headline"]["openBalance"]) > 1e-9 * max(1, summary["headline"]["openBalance"]):
        fail("report.xlsx Summary: open balance differs from summary.json")
    print(f"xlsx check: report.xlsx's {len(names)} sheets match the run ({cells} data cells equal to the CSV files)")


if __name__ == "__main__":
    command, directory = sys.argv[1], Path(sys.argv[2])
    {"write": write, "verify": verify, "verify-csv": verify_csv, "verify-report": verify_report}[command](directory)
