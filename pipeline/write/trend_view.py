"""The year-over-year part of report.html: units with their versions, and a chart per unit.

Units whose versions claim different totals come first (an auditor must pick one, or see which
kaohe picked and why). Each unit with more than one year gets an inline SVG: one pair of bars
per dimension and one for the total, the earlier year light and the later dark, each bar's
figure written beside it and the change at the end, so it reads without script and in print.
The figures are trends.csv's (``pipeline.trends``), never worked out again here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.results import ReportResult
from pipeline.rubric import Rubric
from pipeline.text import number
from pipeline.trends import Trend, unit_trends
from pipeline.versions import UnitYear, claimed_total
from pipeline.write.chart import fit

LABEL_WIDTH = 150
BAR_WIDTH = 360
BAR_HEIGHT = 11
ROW_HEIGHT = 30
TOP = 30


@dataclass(frozen=True)
class VersionView:
    source_file: str
    report_id: str
    claimed_total: str
    chosen: bool


@dataclass(frozen=True)
class UnitYearView:
    unit: str
    roc_year: int
    versions: tuple[VersionView, ...]
    competing: bool
    recomputed_total: str


@dataclass(frozen=True)
class TrendBar:
    y: float
    label: str
    width_from: float
    width_to: float
    text_from: str
    text_to: str
    change: str


@dataclass(frozen=True)
class UnitChart:
    unit: str
    roc_year_from: int
    roc_year_to: int
    width: int
    height: int
    bars: tuple[TrendBar, ...]
    bar_left: int = LABEL_WIDTH
    bar_height: int = BAR_HEIGHT


def unit_year_views(unit_years: Sequence[UnitYear]) -> list[UnitYearView]:
    """The units.csv rows as the page shows them: competing versions first, then by unit and year."""
    views = [
        UnitYearView(
            uy.unit, uy.roc_year,
            tuple(
                VersionView(
                    r.source_file, r.report_id, number(c) if (c := claimed_total(r)) is not None else "",
                    r is uy.chosen,
                )
                for r in uy.versions
            ),
            uy.competing,
            number(uy.chosen.recomputed.total)
            if uy.chosen.recomputed is not None and uy.chosen.recomputed.total is not None else "",
        )
        for uy in unit_years
    ]
    return sorted(views, key=lambda v: (not v.competing, v.unit, v.roc_year))


def _maximum(t: Trend, rubric: Rubric) -> float:
    if t.level == "total":
        return rubric.total
    if t.level == "dimension":
        return next((d.max_points for d in rubric.dimensions if d.no == t.no), 0.0)
    return 0.0


def unit_charts(unit_years: Sequence[UnitYear], rubric_of: Callable[[ReportResult], Rubric]) -> list[UnitChart]:
    """One chart per unit and pair of years: the total and each dimension, as a share of its maximum."""
    by_pair: dict[tuple[str, int, int], list[Trend]] = {}
    chosen = {(uy.unit, uy.roc_year): uy.chosen for uy in unit_years}
    for t in unit_trends(unit_years, rubric_of):
        if t.level != "item":
            by_pair.setdefault((t.unit, t.roc_year_from, t.roc_year_to), []).append(t)
    charts = []
    for (unit, before, after), trends in by_pair.items():
        rubric = rubric_of(chosen[unit, after])
        bars = []
        for n, t in enumerate(trends):
            top = _maximum(t, rubric) or max(t.value_from or 0.0, t.value_to or 0.0, 1.0)

            def width(value: float | None, top: float = top) -> float:
                return 0.0 if value is None else BAR_WIDTH * min(max(value, 0.0), top) / top

            change = "" if t.change is None else (f"+{number(t.change)}" if t.change > 0 else number(t.change))
            bars.append(TrendBar(
                TOP + n * ROW_HEIGHT,
                fit(rubric.vocabulary.total if t.level == "total" else f"{t.no} {t.name}", LABEL_WIDTH - 12),
                width(t.value_from), width(t.value_to),
                number(t.value_from) if t.value_from is not None else "–",
                number(t.value_to) if t.value_to is not None else "–", change,
            ))
        height = TOP + len(bars) * ROW_HEIGHT + 10
        charts.append(UnitChart(unit, before, after, LABEL_WIDTH + BAR_WIDTH + 130, height, tuple(bars)))
    return charts
