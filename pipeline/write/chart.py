"""The dimension scores of every report as a stacked bar chart: geometry for an inline SVG.

One bar per report that has item scores, grouped by unit: a segment per dimension (the sum of
its item scores found), the grade bands as dashed lines, and a black tick where the printed 總分
stands when it differs from the recomputed one. Plain shapes and text: readable without script.

Names are long (``經濟部標準檢驗局基隆分局 · 110/基隆分局自評報告(修正版).pdf``): the label column is
as wide as the longest label needs, up to ``MAX_LABEL_WIDTH``; a label longer than that is cut
with … and shown whole in its tooltip, and the legend wraps onto as many lines as it needs.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.results import ReportResult
from pipeline.rubric_set import Rubrics, as_set
from pipeline.text import number
from pipeline.tolerances import SCORE_EQUAL

MIN_LABEL_WIDTH = 160
MAX_LABEL_WIDTH = 420
BAR_WIDTH = 560
ROW_HEIGHT = 24
RIGHT = 170
#: Pixels of 12px text: a wide (CJK) character and any other, near enough to lay out labels.
WIDE, NARROW = 12.5, 7.0
LEGEND_LINE = 18


def text_width(text: str) -> float:
    """About how wide ``text`` is drawn at the chart's 12px (no font metrics in a writer)."""
    return sum(WIDE if unicodedata.east_asian_width(ch) in "WF" else NARROW for ch in text)


def fit(text: str, width: float) -> str:
    """``text``, cut with … so that it is drawn within ``width``."""
    if text_width(text) <= width:
        return text
    while text and text_width(text + "…") > width:
        text = text[:-1]
    return text + "…"


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
    label: str  # "unit · file", cut to the label column (the whole in the tooltip)
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
    legend: tuple[LegendEntry, ...]
    bar_left: int
    top: int
    row_height: int = ROW_HEIGHT


@dataclass(frozen=True)
class LegendEntry:
    colour: int
    name: str
    x: float
    y: float


def _legend(names: Sequence[str], left: float, width: float) -> tuple[tuple[LegendEntry, ...], int]:
    """Legend entries laid out left to right, wrapping at ``width``; and the lines they take."""
    entries, x, line = [], left, 0
    for colour, name in enumerate(names, 1):
        shown = fit(name, width - left - 20)
        size = 16 + text_width(shown) + 14
        if x > left and x + size > width:
            x, line = left, line + 1
        entries.append(LegendEntry(colour, shown, x, 6 + line * LEGEND_LINE))
        x += size
    return tuple(entries), line + 1


def build_chart(results: Sequence[tuple[ReportResult, str]], rubrics: Rubrics) -> Chart:
    """``results`` with the anchor of each report's section in the page. Each bar is cut into its
    report's own rubric's dimensions; the axis, the grade bands and the legend are the default
    rubric's (the rubrics of the years share their dimensions), its scale the largest total."""
    rubric_set = as_set(rubrics)
    rubric = rubric_set.default
    most = max(r.total for r in rubric_set)
    scale = BAR_WIDTH / most
    readable = [(r, a) for r, a in results if r.recomputed is not None and r.recomputed.total is not None]
    readable.sort(key=lambda ra: (
        ra[0].extraction.title.unit if ra[0].extraction else "", ra[0].source_file, ra[0].report_id,
    ))
    names = [f"{(r.extraction.title.unit if r.extraction else '') or '?'} · {r.source_file}" for r, _ in readable]
    label_width = int(min(MAX_LABEL_WIDTH, max([MIN_LABEL_WIDTH, *(text_width(n) + 16 for n in names)])))
    width = label_width + BAR_WIDTH + RIGHT
    legend, lines = _legend([f"{d.no} {d.name}" for d in rubric.dimensions], label_width, width)
    top = 30 + lines * LEGEND_LINE

    def at(points: float) -> float:
        return label_width + min(max(points, 0.0), most) * scale

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
            y=top + n * ROW_HEIGHT, unit=x.title.unit or "?", source_file=r.source_file, anchor=anchor,
            label=fit(names[n], label_width - 12),
            segments=tuple(segments),
            end=max(at(total), at(claimed) if claimed is not None and differs else 0.0) + 6, total=number(total),
            claimed=number(claimed) if claimed is not None and differs else "",
            claimed_x=at(claimed) if claimed is not None and differs else None,
            overflow=total > own.total,
        ))
    step = 200 if rubric.total >= 500 else 20
    ticks = tuple(Tick(at(v), str(v)) for v in range(0, int(rubric.total) + 1, step))
    bands = tuple(Tick(at(b.min_points), b.grade) for b in rubric.grades if 0 < b.min_points < rubric.total)
    height = top + max(len(bars), 1) * ROW_HEIGHT + 50
    return Chart(width, height, tuple(bars), ticks, bands, legend, label_width, top)
