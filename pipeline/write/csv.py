"""The contract's CSV files (see docs/OUTPUT.md): UTF-8 with BOM, RFC 4180, sorted, guarded.

Files are written to a temporary name and renamed into place, so an interrupted run never
leaves half a CSV that looks whole. Rows are sorted by source file, then rubric order, so two
runs over the same input give byte-identical files. The columns and their order are
``pipeline.schema``'s. The recomputed figures are the result's own (``ReportResult.recomputed``),
written as they are and never worked out again here. A byte-identical copy's row in reports.csv
shows its first copy's figures (``pipeline.duplicates``); the other files hold each report's
rows once.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

import regex

from pipeline.duplicates import with_copies_filled
from pipeline.files import atomic_write as atomic_write  # the writers' one way to write a file
from pipeline.results import Finding, IndicatorRow, Metric, ReportResult
from pipeline.rubric import Rubric
from pipeline.rubric_set import Rubrics, as_set
from pipeline.schema import CHECK_NAMES, COLUMNS
from pipeline.text import number, tidy
from pipeline.trends import metric_trends, unit_trends
from pipeline.versions import UnitYear, claimed_total, group_versions

Value = str | int | float | None

_PLAIN_NUMBER = regex.compile(r"-?\d+(?:\.\d+)?")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Value) -> str:
    """One CSV cell: numbers plain, text guarded so a spreadsheet never runs it as a formula.

    A ``Status`` or ``Severity`` is written as its plain value (``str()`` of a ``StrEnum``).
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (int, float)):
        return number(float(value))
    text = str(value)
    if text.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def write_csv(path: Path, columns: Sequence[str], rows: Iterable[Sequence[Value]]) -> None:
    """Write ``rows`` under the header ``columns``; a row of another width is a bug, not a file."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        if len(row) != len(columns):
            raise ValueError(f"{path.name}: a row of {len(row)} cells under {len(columns)} columns")
        writer.writerow([cell(v) for v in row])
    atomic_write(path, ("\ufeff" + buffer.getvalue()).encode("utf-8"))


def write_all(
    results: Sequence[ReportResult], rubrics: Rubrics, folder: Path, unit_years: Sequence[UnitYear] | None = None
) -> None:
    """Every CSV file of the contract into ``folder``, each report in the rubric it was read with
    (``RubricSet.of``); ``unit_years`` are the versions grouped and chosen (``pipeline.versions``),
    grouped here without modification times when not given."""
    folder.mkdir(parents=True, exist_ok=True)
    rubric_set = as_set(rubrics)
    if unit_years is None:
        unit_years = group_versions(results)
    ordered = sorted(results, key=lambda r: (r.source_file, r.report_id))
    rows = with_copies_filled(ordered)  # a copy's row shows its original's figures; only that row
    of = rubric_set.of
    write_csv(folder / "reports.csv", COLUMNS["reports.csv"], (report_row(r, of(r)) for r in rows))
    write_csv(folder / "scores.csv", COLUMNS["scores.csv"], (row for r in ordered for row in score_rows(r, of(r))))
    write_csv(
        folder / "dimensions.csv", COLUMNS["dimensions.csv"],
        (row for r in ordered for row in dimension_rows(r, of(r))),
    )
    write_csv(folder / "indicators.csv", COLUMNS["indicators.csv"], indicator_rows(ordered, rubric_set))
    write_csv(folder / "metrics.csv", COLUMNS["metrics.csv"], metric_rows(ordered, rubric_set))
    write_csv(
        folder / "findings.csv", COLUMNS["findings.csv"],
        (finding_row(r, f) for r in ordered for f in sorted(r.findings, key=finding_order(of(r)))),
    )
    write_csv(folder / "units.csv", COLUMNS["units.csv"], unit_rows(unit_years))
    write_csv(folder / "trends.csv", COLUMNS["trends.csv"], trend_rows(unit_years, rubric_set))
    write_csv(folder / "metric_trends.csv", COLUMNS["metric_trends.csv"], metric_trend_rows(unit_years))


def report_row(r: ReportResult, rubric: Rubric) -> list[Value]:
    x, rc = r.extraction, r.recomputed
    return [
        r.report_id, r.source_file, r.format, r.status, r.error,
        x.title.organization if x else None, x.title.unit if x else None,
        x.title.roc_year if x else None, x.title.year if x else None, r.pages,
        x.total.value if x and x.total else None, rc.total if rc else None,
        x.grade.grade if x and x.grade else None, rc.grade if rc else None,
        len(r.findings),
    ]


def score_rows(r: ReportResult, rubric: Rubric) -> list[list[Value]]:
    if r.extraction is None:
        return []
    chosen = r.extraction.items()
    rows: list[list[Value]] = []
    for dim in rubric.dimensions:
        for item in dim.items:
            found = chosen.get(item.no)
            rows.append([
                r.report_id, dim.no, dim.name, item.no, item.name, item.max_points,
                found.score if found else None, found.match_score if found else None,
                tidy(found.evidence.text) if found else None, found.evidence.page if found else None,
                found.read_from if found and found.score is not None else None, found.review if found else None,
            ])
    return rows


def dimension_rows(r: ReportResult, rubric: Rubric) -> list[list[Value]]:
    x, rc = r.extraction, r.recomputed
    if x is None or rc is None:
        return []
    return [
        [
            r.report_id, dim.no, dim.name, dim.max_points,
            x.subtotals[dim.no].value if dim.no in x.subtotals else None,
            x.summary[dim.no].value if dim.no in x.summary else None,
            rc.subtotals.get(dim.no),
        ]
        for dim in rubric.dimensions
    ]


def _rubric_order(rubric: Rubric | None) -> Callable[[IndicatorRow | Metric], int]:
    """Rubric item order (a row of no rubric item last); a stable sort keeps document order within.

    Without a rubric every row ranks the same, so the rows keep the document's order.
    """
    items = {item.no: i for i, item in enumerate(rubric.items)} if rubric is not None else {}
    return lambda row: items.get(row.item_no or "", len(items)) if items else 0


def _order_of(r: ReportResult, rubrics: Rubrics | None) -> Callable[[IndicatorRow | Metric], int]:
    return _rubric_order(as_set(rubrics).of(r) if rubrics is not None else None)


def indicator_rows(ordered: Sequence[ReportResult], rubrics: Rubrics | None = None) -> list[list[Value]]:
    """indicators.csv: the rows matched to a rubric indicator, per report in rubric order."""
    return [
        [
            r.report_id, row.dimension_no, row.item_no, row.indicator_no, row.sub_indicator_no, row.indicator,
            ";".join(row.units), row.result, row.match_score, row.page,
        ]
        for r in ordered
        if r.extraction is not None
        for row in sorted(r.extraction.indicators, key=_order_of(r, rubrics))
        if row.indicator_no is not None
    ]


def metric_rows(ordered: Sequence[ReportResult], rubrics: Rubrics | None = None) -> list[list[Value]]:
    """metrics.csv: every quantity of every narrative row, per report in rubric order."""
    return [
        [
            r.report_id, m.dimension_no, m.item_no, m.indicator_no, m.label, m.value, m.unit, m.qualifier,
            m.roc_year, m.raw, m.page,
        ]
        for r in ordered
        if r.extraction is not None
        for m in sorted(r.extraction.metrics, key=_order_of(r, rubrics))
    ]


def finding_order(rubric: Rubric) -> Callable[[Finding], tuple[int, int, int, int, str]]:
    """Findings by dimension, then item, then check, in rubric order; report-wide ones last."""
    dims = {d.no: i for i, d in enumerate(rubric.dimensions)}
    items = {it.no: i for i, it in enumerate(rubric.items)}
    checks = {name: i for i, name in enumerate(CHECK_NAMES)}

    def order(f: Finding) -> tuple[int, int, int, int, str]:
        return (
            dims.get(f.dimension_no, len(dims)), items.get(f.item_no, -1), checks.get(f.check, len(checks)),
            f.page or 0, f.message,
        )

    return order


def finding_row(r: ReportResult, f: Finding) -> list[Value]:
    return [r.report_id, f.check, f.severity, f.dimension_no, f.item_no, f.claimed, f.expected, f.message, f.page]


def unit_rows(unit_years: Sequence[UnitYear]) -> list[list[Value]]:
    """units.csv: one row per unit and year, its versions listed in ``source_file`` order."""
    rows: list[list[Value]] = []
    for uy in unit_years:
        claimed = [claimed_total(r) for r in uy.versions]
        rc = uy.chosen.recomputed
        rows.append([
            uy.unit, uy.roc_year, len(uy.versions), ";".join(r.report_id for r in uy.versions), uy.chosen.report_id,
            ";".join(number(c) if c is not None else "" for c in claimed),
            rc.total if rc else None, rc.grade if rc else None,
        ])
    return rows


def trend_rows(unit_years: Sequence[UnitYear], rubrics: Rubrics) -> list[list[Value]]:
    """trends.csv: the chosen versions' figures paired across consecutive years (``pipeline.trends``),
    each year's in the rubric its report was read with."""
    return [
        [t.unit, t.level, t.no, t.name, t.roc_year_from, t.roc_year_to, t.value_from, t.value_to, t.change]
        for t in unit_trends(unit_years, as_set(rubrics).of)
    ]


def metric_trend_rows(unit_years: Sequence[UnitYear]) -> list[list[Value]]:
    """metric_trends.csv: the narrative's quantities paired across years (``pipeline.trends``)."""
    return [
        [
            t.unit, t.item_no, t.indicator_no, t.quantity_unit, t.position, t.roc_year_from, t.roc_year_to,
            t.before.value, t.after.value, t.change, t.before.label, t.after.label, t.before.raw, t.after.raw,
        ]
        for t in metric_trends(unit_years)
    ]
