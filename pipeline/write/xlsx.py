"""``report.xlsx``: the CSV files as one workbook, with an overview sheet first.

One sheet per CSV file with the same rows and columns (the CSV writer's own row builders), and
an overview sheet with the reports errors first. Every sheet: a frozen, bold header row, an
autofilter, columns as wide as their text (a Chinese character counts as two), numbers stored
as numbers, and the rows that disagree highlighted. Text from the documents is always stored
as text: a cell that begins with ``=`` is written with the string type, never as a formula.

The workbook is read by people, so it adds to the CSV columns what a person needs and a CSV
file leaves to a join (``pipeline.write.xlsx_cells``): a ``report`` column first on every sheet
keyed by ``report_id`` (unit, year and file), and on findings the figures as numbers, their
``difference`` and an ``evidence`` link to the source file at the finding's page.
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
from pipeline.outputs import published_folder
from pipeline.results import ReportResult
from pipeline.rubric_set import Rubrics, RubricSet, as_set
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
from pipeline.write.xlsx_cells import difference, figure, report_name, source_link

MISMATCH = PatternFill("solid", fgColor="FDE7E7")  # a figure that disagrees, an error
WARNING = PatternFill("solid", fgColor="FFF4D6")  # a warning, a figure not found
HEADER = PatternFill("solid", fgColor="EEF1F4")
_MAX_WIDTH = 60
_MAX_TEXT = 32_767  # Excel's limit for one cell

#: The column the workbook puts first on every sheet keyed by report_id: the report by name.
REPORT = "report"
#: The columns the workbook adds at the end of the findings sheet and of the units sheet.
FINDING_EXTRA = ("difference", "evidence")
UNIT_EXTRA = ("chosen_file",)
LINK = Font(color="0563C1", underline="single")

OVERVIEW_COLUMNS = (
    "source_file", "unit", "roc_year", "status", "error", "claimed_total", "recomputed_total",
    "claimed_grade", "recomputed_grade", "findings", "errors", "warnings", "report_id",
)


def text_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count as two."""
    if text.isascii():
        return len(text)
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


def _sheet(
    wb: Workbook, title: str, columns: Sequence[str], rows: Sequence[Sequence[Value]],
    names: dict[str, str] | None = None,
) -> Worksheet:
    """A sheet of ``rows`` under ``columns``; with ``names`` (report_id -> the report's name), a
    ``report`` column first, so that a person reads which report each row is about."""
    if names is not None and "report_id" in columns:
        key = list(columns).index("report_id")
        columns = (REPORT, *columns)
        rows = [(names.get(str(row[key]), row[key]), *row) for row in rows]
    ws: Worksheet = wb.create_sheet(title)
    for col, name in enumerate(columns, 1):
        cell = ws.cell(row=1, column=col, value=name)
        cell.font, cell.fill = Font(bold=True), HEADER
    widths = [text_width(c) for c in columns]
    for r, values in enumerate(rows, 2):
        for col, value in enumerate(values, 1):
            _put(ws, r, col, value)
            shown = "" if value is None else str(value)
            # A line's first _MAX_WIDTH characters are as wide as the column can be made.
            widest = max((text_width(line[:_MAX_WIDTH]) for line in shown.split("\n")), default=0)
            widths[col - 1] = max(widths[col - 1], widest)
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
    results: Sequence[ReportResult], rubrics: Rubrics, unit_years: Sequence[UnitYear] | None = None,
    source: Path | None = None, home: Path | None = None,
) -> Workbook:
    """The workbook of ``results``, each report in the rubric it was read with (as the CSV files);
    ``source`` is the input folder and ``home`` the folder the workbook will be read in, from which
    each finding's link to its source file is made."""
    rubric_set = as_set(rubrics)
    of = rubric_set.of
    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    ordered = sorted(results, key=lambda r: (r.source_file, r.report_id))
    names = {r.report_id: report_name(r) for r in reversed(ordered)}  # a copy's id names its first file
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

    # The sheets below have the report column first: a CSV column's 0-based position is its
    # 1-based column number in the sheet.
    flagged = {(r.report_id, f.item_no) for r in ordered for f in r.findings if f.item_no}
    scores = [row for r in ordered for row in score_rows(r, of(r))]
    ws = _sheet(wb, "scores", COLUMNS["scores.csv"], scores, names)
    score, report, item = (position("scores.csv", c) for c in ("claimed_score", "report_id", "item_no"))
    for n, row in enumerate(scores, 2):
        if row[score] is None:
            _fill(ws, n, WARNING)
        if (row[report], row[item]) in flagged:
            _fill(ws, n, MISMATCH)

    dimensions = [row for r in ordered for row in dimension_rows(r, of(r))]
    ws = _sheet(wb, "dimensions", COLUMNS["dimensions.csv"], dimensions, names)
    recomputed = position("dimensions.csv", "recomputed_subtotal")
    for n, row in enumerate(dimensions, 2):
        for col in (position("dimensions.csv", c) for c in ("claimed_subtotal", "claimed_summary")):
            if _differs(row[col], row[recomputed]):
                _fill(ws, n, MISMATCH, [1, col + 2, recomputed + 2])

    _sheet(wb, "indicators", COLUMNS["indicators.csv"], indicator_rows(ordered), names)
    _sheet(wb, "metrics", COLUMNS["metrics.csv"], metric_rows(ordered), names)
    _findings(wb, ordered, rubric_set, names, source, home)

    unit_years = group_versions(results) if unit_years is None else unit_years
    units = [[*row, uy.chosen.source_file] for row, uy in zip(unit_rows(unit_years), unit_years, strict=True)]
    ws = _sheet(wb, "units", (*COLUMNS["units.csv"], *UNIT_EXTRA), units)
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


def _findings(
    wb: Workbook, ordered: Sequence[ReportResult], rubrics: RubricSet, names: dict[str, str],
    source: Path | None, home: Path | None,
) -> None:
    """findings.csv's rows with their figures as numbers, the difference, and a link to the page."""
    findings = [(r, f) for r in ordered for f in sorted(r.findings, key=finding_order(rubrics.of(r)))]
    claimed, expected = position("findings.csv", "claimed"), position("findings.csv", "expected")
    rows: list[list[Value]] = []
    links: list[str | None] = []
    for r, f in findings:
        row = finding_row(r, f)
        link = source_link(source, home or Path.cwd(), r.source_file, f.page if r.format == "pdf" else None)
        shown = f"{r.source_file} p. {f.page}" if link and f.page and r.format == "pdf" else r.source_file
        rows.append([
            *row[:claimed], figure(row[claimed]), figure(row[expected]), *row[expected + 1:],
            difference(row[claimed], row[expected]), shown if link else None,
        ])
        links.append(link)
    ws = _sheet(wb, "findings", (*COLUMNS["findings.csv"], *FINDING_EXTRA), rows, names)
    evidence = 1 + len(COLUMNS["findings.csv"]) + len(FINDING_EXTRA)  # the report column first
    for n, ((_, f), link) in enumerate(zip(findings, links, strict=True), 2):
        _fill(ws, n, MISMATCH if f.severity == Severity.error else WARNING)
        if link is not None:
            cell = ws.cell(row=n, column=evidence)
            cell.hyperlink = link
            cell.font = LINK


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
    results: Sequence[ReportResult], rubrics: Rubrics, folder: Path, unit_years: Sequence[UnitYear] | None = None,
    source: Path | None = None,
) -> Path:
    """``folder/report.xlsx``; ``source`` is the input folder its findings link into (no links
    without it). A staging folder's set is read from the output folder, so links start there."""
    path = folder / "report.xlsx"
    buffer = io.BytesIO()
    build_workbook(results, rubrics, unit_years, source, published_folder(folder)).save(buffer)
    atomic_write(path, buffer.getvalue())
    return path
