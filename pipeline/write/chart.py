"""The dimension scores of every report as a stacked bar chart: geometry for an inline SVG.

One bar per report that has item scores, grouped by unit: a segment per dimension (the sum of
its item scores found), the grade bands as dashed lines, and a black tick where the printed 總分
stands when it differs from the recomputed one. Plain shapes and text: readable without script.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.results import ReportResult
from pipeline.rubric_set import Rubrics, as_set
from pipeline.text import number
from pipeline.tolerances import SCORE_EQUAL

LABEL_WIDTH = 300
BAR_WIDTH = 560
ROW_HEIGHT = 24
TOP = 50
RIGHT = 170


@dataclass(frozen=True)
class Segment:
    x: float
    width: float
    colour: int  # 1-based dimension index, a CSS class
    title: str


@dataclass(frozen=True)
class Bar:
    y: float
    unit: str
    source_file: str
    anchor: str
    segments: tuple[Segment, ...]
    end: float  # where the value's text starts
    total: str
    claimed: str
    claimed_x: float | None
    overflow: bool


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    bands: tuple[Tick, ...]
    legend: tuple[tuple[int, str], ...]
    bar_left: int = LABEL_WIDTH
    row_height: int = ROW_HEIGHT


def build_chart(results: Sequence[tuple[ReportResult, str]], rubrics: Rubrics) -> Chart:
    """``results`` with the anchor of each report's section in the page. Each bar is cut into its
    report's own rubric's dimensions; the axis, the grade bands and the legend are the default
    rubric's (the rubrics of the years share their dimensions), its scale the largest total."""
    rubric_set = as_set(rubrics)
    rubric = rubric_set.default
    top = max(r.total for r in rubric_set)
    scale = BAR_WIDTH / top

    def at(points: float) -> float:
        return LABEL_WIDTH + min(max(points, 0.0), top) * scale

    readable = [(r, a) for r, a in results if r.recomputed is not None and r.recomputed.total is not None]
    readable.sort(key=lambda ra: (
        ra[0].extraction.title.unit if ra[0].extraction else "", ra[0].source_file, ra[0].report_id,
    ))
    bars = []
    for n, (r, anchor) in enumerate(readable):
        x, rc = r.extraction, r.recomputed
        assert x is not None and rc is not None
        sums = rc.subtotals
        total = rc.total or 0.0
        segments, start = [], 0.0
        own = rubric_set.of(r)
        for i, dim in enumerate(own.dimensions, 1):
            value = sums.get(dim.no, 0.0)
            if value > 0 and start < own.total:
                segments.append(Segment(
                    at(start), at(start + value) - at(start), i,
                    f"{dim.no} {dim.name}: {number(value)} / {number(dim.max_points)}",
                ))
            start += value
        claimed = x.total.value if x.total else None
        differs = claimed is not None and abs(claimed - total) > SCORE_EQUAL
        bars.append(Bar(
            y=TOP + n * ROW_HEIGHT, unit=x.title.unit or "?", source_file=r.source_file, anchor=anchor,
            segments=tuple(segments),
            end=max(at(total), at(claimed) if claimed is not None and differs else 0.0) + 6, total=number(total),
            claimed=number(claimed) if claimed is not None and differs else "",
            claimed_x=at(claimed) if claimed is not None and differs else None,
            overflow=total > own.total,
        ))
    step = 200 if rubric.total >= 500 else 20
    ticks = tuple(Tick(at(v), str(v)) for v in range(0, int(rubric.total) + 1, step))
    bands = tuple(Tick(at(b.min_points), b.grade) for b in rubric.grades if 0 < b.min_points < rubric.total)
    legend = tuple((i, f"{d.no} {d.name}") for i, d in enumerate(rubric.dimensions, 1))
    height = TOP + max(len(bars), 1) * ROW_HEIGHT + 50
    return Chart(LABEL_WIDTH + BAR_WIDTH + RIGHT, height, tuple(bars), ticks, bands, legend)
