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
import math
import re
import unicodedata
import warnings
from collections.abc import Sequence
from pathlib import Path

from xlsxwriter import Workbook  # type: ignore[import-untyped]
from xlsxwriter.format import Format  # type: ignore[import-untyped]
from xlsxwriter.worksheet import Worksheet  # type: ignore[import-untyped]

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

#: Cell colours (RGB): a figure that disagrees or an error; a warning or a figure not found; the header.
MISMATCH = "FDE7E7"
WARNING = "FFF4D6"
HEADER = "EEF1F4"
LINK_COLOR = "0563C1"
_MAX_WIDTH = 60
_MAX_TEXT = 32_767  # Excel's limit for one cell
#: Excel's limit for a hyperlink's address (UTF-16 units); a longer one is shown as text only.
_MAX_URL = 2079
#: The characters XML 1.0 cannot hold (what openpyxl refuses): dropped from a cell's text.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")

#: The column the workbook puts first on every sheet keyed by report_id: the report by name.
REPORT = "report"
#: The columns the workbook adds at the end of the findings sheet and of the units sheet.
FINDING_EXTRA = ("difference", "evidence")
UNIT_EXTRA = ("chosen_file",)

OVERVIEW_COLUMNS = (
    "source_file", "unit", "roc_year", "status", "error", "claimed_total", "recomputed_total",
    "claimed_grade", "recomputed_grade", "findings", "errors", "warnings", "report_id",
)

#: A data row's colours: sheet column (0-based) -> colour.
Fills = dict[int, str]
#: A data row's link: (sheet column, address, text shown).
Link = tuple[int, str, str]


def text_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (CJK) characters count as two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _shown_width(shown: str) -> int:
    """The widest line of a cell's text, each line's first ``_MAX_WIDTH`` characters (as wide as a
    column can be made)."""
    if "\n" not in shown:
        return text_width(shown[:_MAX_WIDTH])
    return max(text_width(line[:_MAX_WIDTH]) for line in shown.split("\n"))


class _Styles:
    """The workbook's few cell formats, made once each: XlsxWriter gives a cell its whole format
    when it is written, so the colour and the link font are known before."""

    def __init__(self, book: Workbook) -> None:
        self.book = book
        self.made: dict[tuple[str | None, bool, bool], Format] = {}

    def get(self, fill: str | None = None, bold: bool = False, link: bool = False) -> Format | None:
        if fill is None and not bold and not link:
            return None
        key = (fill, bold, link)
        if key not in self.made:
            options: dict[str, object] = {}
            if fill is not None:
                options.update(bg_color=f"#{fill}", pattern=1)
            if bold:
                options["bold"] = True
            if link:
                options.update(font_color=f"#{LINK_COLOR}", underline=1)
            self.made[key] = self.book.add_format(options)
        return self.made[key]


def _put(ws: Worksheet, row: int, col: int, value: Value, style: Format | None) -> None:
    if value is None or value == "":
        if style is not None:
            ws.write_blank(row, col, None, style)
    elif isinstance(value, bool):
        ws.write_string(row, col, str(value).lower(), style)
    elif isinstance(value, int | float) and math.isfinite(value):
        ws.write_number(row, col, value, style)
    else:  # text is always written as text: never a formula, whatever it begins with
        ws.write_string(row, col, _cell_text(str(value)), style)


def _cell_text(text: str) -> str:
    """``text`` as a cell can hold it: without the characters XML cannot, at most Excel's length."""
    return ILLEGAL_CHARACTERS_RE.sub("", text)[:_MAX_TEXT]


def _put_link(ws: Worksheet, row: int, col: int, link: str, shown: str, style: Format | None) -> None:
    """A link to a file relative to the workbook (``./`` or ``../``), as Excel itself writes one:
    the path in the relationship, the page (``#page=N``) as the link's location. XlsxWriter drops
    a leading ``.\\``; a second one is given so that a folder named ``https:`` stays a folder."""
    address = ("./" + link) if link.startswith("./") else link
    if len(address.encode("utf-16-le")) // 2 > _MAX_URL:
        _put(ws, row, col, shown, style)
        return
    with warnings.catch_warnings(record=True):  # XlsxWriter warns on stderr where it refuses a link
        written = ws.write_url(row, col, "external:" + address, style, string=shown)
    if written != 0:
        _put(ws, row, col, shown, style)


def _sheet(
    book: Workbook, styles: _Styles, title: str, columns: Sequence[str], rows: Sequence[Sequence[Value]],
    names: dict[str, str] | None = None, fills: Sequence[Fills] | None = None,
    links: dict[int, Link] | None = None,
) -> None:
    """A sheet of ``rows`` under ``columns``, each data row coloured by ``fills`` (its columns in
    the sheet, 0-based) and with its link in ``links``; with ``names`` (report_id -> the report's
    name), a ``report`` column first, so that a person reads which report each row is about."""
    if names is not None and "report_id" in columns:
        key = list(columns).index("report_id")
        columns = (REPORT, *columns)
        rows = [(names.get(str(row[key]), row[key]), *row) for row in rows]
    ws: Worksheet = book.add_worksheet(title)
    header = styles.get(HEADER, bold=True)
    for col, name in enumerate(columns):
        ws.write_string(0, col, name, header)
    widths = [text_width(c) for c in columns]
    # Each text's width and its cell text, made once a sheet: the sheet repeats its units, names
    # and statuses on every row, and measuring each cell anew was a third of writing the workbook.
    known: dict[str, int] = {}
    texts: dict[str, str] = {}
    links = links or {}
    write_string, write_number = ws.write_string, ws.write_number
    for r, values in enumerate(rows):
        colours = fills[r] if fills is not None else None
        link = links.get(r)
        at = r + 1
        for col, value in enumerate(values):
            colour = colours.get(col) if colours else None
            if link is not None and link[0] == col:
                _put_link(ws, at, col, link[1], link[2], styles.get(colour, link=True))
            else:
                style = None if colour is None else styles.get(colour)
                if value.__class__ is str and value:  # most cells: _put's own test, taken first
                    text = texts.get(value)
                    if text is None:
                        text = texts[value] = _cell_text(value)
                    write_string(at, col, text, style)
                elif (value.__class__ is int or value.__class__ is float) and math.isfinite(value):
                    write_number(at, col, value, style)
                else:
                    _put(ws, at, col, value, style)
            shown = "" if value is None else str(value)
            width = known.get(shown)
            if width is None:
                width = known[shown] = _shown_width(shown)
            if width > widths[col]:
                widths[col] = width
        if colours:
            for col in colours.keys() - range(len(values)):  # a coloured column past the row's values
                _put(ws, at, col, None, styles.get(colours[col]))
    for col, width in enumerate(widths):
        ws.set_column(col, col, min(width + 2, _MAX_WIDTH))
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, len(rows), len(columns) - 1)


def _paint(fills: list[Fills], row: int, colour: str, columns: Sequence[int] | int) -> None:
    """Colour data row ``row``: the sheet columns ``columns`` (0-based), or all of its first
    ``columns`` when a count is given; a later colour replaces an earlier one."""
    for col in (range(columns) if isinstance(columns, int) else columns):
        fills[row][col] = colour


def _differs(a: Value, b: Value) -> bool:
    return a not in (None, "") and b not in (None, "") and a != b


def build_workbook(
    results: Sequence[ReportResult], rubrics: Rubrics, unit_years: Sequence[UnitYear] | None = None,
    source: Path | None = None, home: Path | None = None,
) -> bytes:
    """The workbook of ``results``, each report in the rubric it was read with (as the CSV files);
    ``source`` is the input folder and ``home`` the folder the workbook will be read in, from which
    each finding's link to its source file is made."""
    rubric_set = as_set(rubrics)
    of = rubric_set.of
    buffer = io.BytesIO()
    book = Workbook(buffer, {"in_memory": True})
    styles = _Styles(book)
    ordered = sorted(results, key=lambda r: (r.source_file, r.report_id))
    names = {r.report_id: report_name(r) for r in reversed(ordered)}  # a copy's id names its first file
    _overview(book, styles, results, rubric_set)

    reports = [report_row(r, of(r)) for r in with_copies_filled(ordered)]  # as reports.csv
    pos = {name: i for i, name in enumerate(COLUMNS["reports.csv"])}
    fills: list[Fills] = [{} for _ in reports]
    for n, row in enumerate(reports):
        if row[pos["status"]] == Status.failed:
            _paint(fills, n, MISMATCH, len(pos))
        for a, b in (("claimed_total", "recomputed_total"), ("claimed_grade", "recomputed_grade")):
            if _differs(row[pos[a]], row[pos[b]]):
                _paint(fills, n, MISMATCH, [pos[a], pos[b]])
    _sheet(book, styles, "reports", COLUMNS["reports.csv"], reports, fills=fills)

    # The sheets below have the report column first: a CSV column's 0-based position, plus one,
    # is its column in the sheet.
    flagged = {(r.report_id, f.item_no) for r in ordered for f in r.findings if f.item_no}
    scores = [row for r in ordered for row in score_rows(r, of(r))]
    score, report, item = (position("scores.csv", c) for c in ("claimed_score", "report_id", "item_no"))
    width = 1 + len(COLUMNS["scores.csv"])
    fills = [{} for _ in scores]
    for n, row in enumerate(scores):
        if row[score] is None:
            _paint(fills, n, WARNING, width)
        if (row[report], row[item]) in flagged:
            _paint(fills, n, MISMATCH, width)
    _sheet(book, styles, "scores", COLUMNS["scores.csv"], scores, names, fills)

    dimensions = [row for r in ordered for row in dimension_rows(r, of(r))]
    recomputed = position("dimensions.csv", "recomputed_subtotal")
    fills = [{} for _ in dimensions]
    for n, row in enumerate(dimensions):
        for col in (position("dimensions.csv", c) for c in ("claimed_subtotal", "claimed_summary")):
            if _differs(row[col], row[recomputed]):
                _paint(fills, n, MISMATCH, [0, col + 1, recomputed + 1])
    _sheet(book, styles, "dimensions", COLUMNS["dimensions.csv"], dimensions, names, fills)

    _sheet(book, styles, "indicators", COLUMNS["indicators.csv"], indicator_rows(ordered), names)
    _sheet(book, styles, "metrics", COLUMNS["metrics.csv"], metric_rows(ordered), names)
    _findings(book, styles, ordered, rubric_set, names, source, home)

    unit_years = group_versions(results) if unit_years is None else unit_years
    units = [[*row, uy.chosen.source_file] for row, uy in zip(unit_rows(unit_years), unit_years, strict=True)]
    unit_columns = (*COLUMNS["units.csv"], *UNIT_EXTRA)
    fills = [{} for _ in units]
    for n, uy in enumerate(unit_years):
        if uy.competing:  # versions that claim different totals: a person picks, or checks the pick
            _paint(fills, n, WARNING, len(unit_columns))
    _sheet(book, styles, "units", unit_columns, units, fills=fills)
    trends = trend_rows(unit_years, rubric_set)
    change = position("trends.csv", "change")
    fills = [{} for _ in trends]
    for n, row in enumerate(trends):
        value = row[change]
        if isinstance(value, int | float) and value < 0:  # a figure that went down
            _paint(fills, n, WARNING, [change])
    _sheet(book, styles, "trends", COLUMNS["trends.csv"], trends, fills=fills)
    _sheet(book, styles, "metric_trends", COLUMNS["metric_trends.csv"], metric_trend_rows(unit_years))
    book.close()
    return buffer.getvalue()


def _findings(
    book: Workbook, styles: _Styles, ordered: Sequence[ReportResult], rubrics: RubricSet, names: dict[str, str],
    source: Path | None, home: Path | None,
) -> None:
    """findings.csv's rows with their figures as numbers, the difference, and a link to the page."""
    findings = [(r, f) for r in ordered for f in sorted(r.findings, key=finding_order(rubrics.of(r)))]
    claimed, expected = position("findings.csv", "claimed"), position("findings.csv", "expected")
    columns = (*COLUMNS["findings.csv"], *FINDING_EXTRA)
    evidence = len(columns)  # the report column first
    rows: list[list[Value]] = []
    fills: list[Fills] = []
    links: dict[int, Link] = {}
    for n, (r, f) in enumerate(findings):
        row = finding_row(r, f)
        link = source_link(source, home or Path.cwd(), r.source_file, f.page if r.format == "pdf" else None)
        shown = f"{r.source_file} p. {f.page}" if link and f.page and r.format == "pdf" else r.source_file
        rows.append([
            *row[:claimed], figure(row[claimed]), figure(row[expected]), *row[expected + 1:],
            difference(row[claimed], row[expected]), shown if link else None,
        ])
        fills.append(dict.fromkeys(range(1 + len(columns)), MISMATCH if f.severity == Severity.error else WARNING))
        if link is not None:
            links[n] = (evidence, link, shown)
    _sheet(book, styles, "findings", columns, rows, names, fills, links)


def _overview(book: Workbook, styles: _Styles, results: Sequence[ReportResult], rubrics: Rubrics) -> None:
    """The reports errors first, with the figures an auditor compares side by side."""
    views = report_views(results, rubrics, None)
    rows: list[list[Value]] = []
    fills: list[Fills] = []
    for n, v in enumerate(views):
        r = v.row
        rows.append([
            r.source_file, r.unit, int(r.roc_year) if r.roc_year else None, r.status, r.error,
            float(r.claimed_total) if r.claimed_total else None,
            float(r.recomputed_total) if r.recomputed_total else None,
            r.claimed_grade, r.recomputed_grade, r.findings, r.errors, r.findings - r.errors, v.result.report_id,
        ])
        fills.append({})
        if r.status == Status.failed:
            _paint(fills, n, MISMATCH, len(OVERVIEW_COLUMNS))
        if r.total_differs:
            _paint(fills, n, MISMATCH, [5, 6])
        if r.grade_differs:
            _paint(fills, n, MISMATCH, [7, 8])
        if r.errors:
            _paint(fills, n, MISMATCH, [9, 10])
    _sheet(book, styles, "overview", OVERVIEW_COLUMNS, rows, fills=fills)


def write_xlsx(
    results: Sequence[ReportResult], rubrics: Rubrics, folder: Path, unit_years: Sequence[UnitYear] | None = None,
    source: Path | None = None,
) -> Path:
    """``folder/report.xlsx``; ``source`` is the input folder its findings link into (no links
    without it). A staging folder's set is read from the output folder, so links start there."""
    path = folder / "report.xlsx"
    atomic_write(path, build_workbook(results, rubrics, unit_years, source, published_folder(folder)))
    return path
