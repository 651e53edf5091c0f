"""``report.xlsx``: the CSV files as one workbook, with an overview sheet first.

One sheet per CSV file with the same rows and columns (the CSV writer's own row builders), and
an overview sheet with the reports errors first. Every sheet: a frozen, bold header row, an
autofilter, columns as wide as their text (a Chinese character counts as two), numbers stored
as numbers, and the rows that disagree highlighted. Text from the documents is always stored
as text: a cell that begins with ``=`` is written with the string type, never as a formula.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.duplicates import with_copies_filled
from pipeline.results import ReportResult
from pipeline.rubric_set import Rubrics, as_set
from pipeline.schema import COLUMNS, position
from pipeline.statuses import Severity, Status
from pipeline.versions import UnitYear, group_versions
from pipeline.write.csv import (
    Value,
    atomic_write,
    dimension_rows,
    finding_order,
    finding_row,
    indicator_rows,
    metric_rows,
    metric_trend_rows,
    report_row,
    score_rows,
    trend_rows,
    unit_rows,
)
from pipeline.write.view import report_views

MISMATCH = PatternFill("solid", fgColor="FDE7E7")  # a figure that disagrees, an error
WARNING = PatternFill("solid", fgColor="FFF4D6")  # a warning, a figure not found
HEADER = PatternFill("solid", fgColor="EEF1F4")
_MAX_WIDTH = 60
_MAX_TEXT = 32_767  # Excel's limit for one cell

OVERVIEW_COLUMNS = (
    "source_file", "unit", "roc_year", "status", "error", "claimed_total", "recomputed_total",
    "claimed_grade", "recomputed_grade", "findings", "errors", "warnings", "report_id",
)


def text_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count as two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _put(ws: Worksheet, row: int, col: int, value: Value) -> None:
    cell = ws.cell(row=row, column=col)
    if value is None or value == "":
        return
    if isinstance(value, bool):
        cell.value = str(value).lower()
    elif isinstance(value, int | float):
        cell.value = value
    else:
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)[:_MAX_TEXT]
        cell.data_type = "s"  # never a formula, whatever the text begins with


def _sheet(wb: Workbook, title: str, columns: Sequence[str], rows: Sequence[Sequence[Value]]) -> Worksheet:
    ws: Worksheet = wb.create_sheet(title)
    for col, name in enumerate(columns, 1):
        cell = ws.cell(row=1, column=col, value=name)
        cell.font, cell.fill = Font(bold=True), HEADER
    widths = [text_width(c) for c in columns]
    for r, values in enumerate(rows, 2):
        for col, value in enumerate(values, 1):
            _put(ws, r, col, value)
            shown = "" if value is None else str(value)
            widths[col - 1] = max(widths[col - 1], max((text_width(line) for line in shown.split("\n")), default=0))
    for col, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(col)].width = min(width + 2, _MAX_WIDTH)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 1)}"
    return ws


def _fill(ws: Worksheet, row: int, fill: PatternFill, columns: Sequence[int] | None = None) -> None:
    for col in columns or range(1, ws.max_column + 1):
        ws.cell(row=row, column=col).fill = fill


def _differs(a: Value, b: Value) -> bool:
    return a not in (None, "") and b not in (None, "") and a != b


def build_workbook(
    results: Sequence[ReportResult], rubrics: Rubrics, unit_years: Sequence[UnitYear] | None = None
) -> Workbook:
    """The workbook's sheets, each report in the rubric it was read with (as the CSV files)."""
    rubric_set = as_set(rubrics)
    of = rubric_set.of
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    ordered = sorted(results, key=lambda r: (r.source_file, r.report_id))
    _overview(wb, results, rubric_set)

    reports = [report_row(r, of(r)) for r in with_copies_filled(ordered)]  # as reports.csv
    ws = _sheet(wb, "reports", COLUMNS["reports.csv"], reports)
    pos = {name: i for i, name in enumerate(COLUMNS["reports.csv"])}
    for n, row in enumerate(reports, 2):
        if row[pos["status"]] == Status.failed:
            _fill(ws, n, MISMATCH)
        for a, b in (("claimed_total", "recomputed_total"), ("claimed_grade", "recomputed_grade")):
            if _differs(row[pos[a]], row[pos[b]]):
                _fill(ws, n, MISMATCH, [pos[a] + 1, pos[b] + 1])

    flagged = {(r.report_id, f.item_no) for r in ordered for f in r.findings if f.item_no}
    scores = [row for r in ordered for row in score_rows(r, of(r))]
    ws = _sheet(wb, "scores", COLUMNS["scores.csv"], scores)
    score, report, item = (position("scores.csv", c) for c in ("claimed_score", "report_id", "item_no"))
    for n, row in enumerate(scores, 2):
        if row[score] is None:
            _fill(ws, n, WARNING)
        if (row[report], row[item]) in flagged:
            _fill(ws, n, MISMATCH)

    dimensions = [row for r in ordered for row in dimension_rows(r, of(r))]
    ws = _sheet(wb, "dimensions", COLUMNS["dimensions.csv"], dimensions)
    report, recomputed = position("dimensions.csv", "report_id"), position("dimensions.csv", "recomputed_subtotal")
    for n, row in enumerate(dimensions, 2):
        for col in (position("dimensions.csv", c) for c in ("claimed_subtotal", "claimed_summary")):
            if _differs(row[col], row[recomputed]):
                _fill(ws, n, MISMATCH, [report + 1, col + 1, recomputed + 1])

    _sheet(wb, "indicators", COLUMNS["indicators.csv"], indicator_rows(ordered))
    _sheet(wb, "metrics", COLUMNS["metrics.csv"], metric_rows(ordered))
    findings = [
        (r, f) for r in ordered for f in sorted(r.findings, key=finding_order(of(r)))
    ]
    ws = _sheet(wb, "findings", COLUMNS["findings.csv"], [finding_row(r, f) for r, f in findings])
    for n, (_, f) in enumerate(findings, 2):
        _fill(ws, n, MISMATCH if f.severity == Severity.error else WARNING)

    unit_years = group_versions(results) if unit_years is None else unit_years
    ws = _sheet(wb, "units", COLUMNS["units.csv"], unit_rows(unit_years))
    for n, uy in enumerate(unit_years, 2):
        if uy.competing:  # versions that claim different totals: a person picks, or checks the pick
            _fill(ws, n, WARNING)
    trends = trend_rows(unit_years, rubric_set)
    ws = _sheet(wb, "trends", COLUMNS["trends.csv"], trends)
    change = position("trends.csv", "change")
    for n, row in enumerate(trends, 2):
        value = row[change]
        if isinstance(value, int | float) and value < 0:  # a figure that went down
            _fill(ws, n, WARNING, [change + 1])
    _sheet(wb, "metric_trends", COLUMNS["metric_trends.csv"], metric_trend_rows(unit_years))
    return wb


def _overview(wb: Workbook, results: Sequence[ReportResult], rubrics: Rubrics) -> None:
    """The reports errors first, with the figures an auditor compares side by side."""
    views = report_views(results, rubrics, None)
    rows: list[list[Value]] = []
    for v in views:
        r = v.row
        rows.append([
            r.source_file, r.unit, int(r.roc_year) if r.roc_year else None, r.status, r.error,
            float(r.claimed_total) if r.claimed_total else None,
            float(r.recomputed_total) if r.recomputed_total else None,
            r.claimed_grade, r.recomputed_grade, r.findings, r.errors, r.findings - r.errors, v.result.report_id,
        ])
    ws = _sheet(wb, "overview", OVERVIEW_COLUMNS, rows)
    for n, v in enumerate(views, 2):
        if v.row.status == Status.failed:
            _fill(ws, n, MISMATCH)
        if v.row.total_differs:
            _fill(ws, n, MISMATCH, [6, 7])
        if v.row.grade_differs:
            _fill(ws, n, MISMATCH, [8, 9])
        if v.row.errors:
            _fill(ws, n, MISMATCH, [10, 11])


def write_xlsx(
    results: Sequence[ReportResult], rubrics: Rubrics, folder: Path, unit_years: Sequence[UnitYear] | None = None
) -> Path:
    path = folder / "report.xlsx"
    buffer = io.BytesIO()
    build_workbook(results, rubrics, unit_years).save(buffer)
    atomic_write(path, buffer.getvalue())
    return path
