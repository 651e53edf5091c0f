"""The chart fits long names: a label column as wide as its labels need, up to a limit, and a
longer label cut with … (its whole text in the tooltip); a legend of long dimension names wraps."""

from __future__ import annotations

from dataclasses import replace

from pipeline.options import ReadContext
from pipeline.results import ReportResult, Title
from pipeline.rubric import Dimension, load_rubric
from pipeline.run import process_file
from pipeline.write.chart import MAX_LABEL_WIDTH, MIN_LABEL_WIDTH, build_chart, fit, text_width
from tests.conftest import SAMPLES

RUBRIC = load_rubric()


def _named(unit: str) -> ReportResult:
    result = process_file(SAMPLES / "110_keelung.docx", SAMPLES, ReadContext(RUBRIC))
    assert result.extraction is not None
    return replace(result, extraction=replace(result.extraction, title=Title("經濟部標準檢驗局", unit, 110)))


def test_a_label_is_cut_to_its_width_with_an_ellipsis() -> None:
    assert fit("基隆分局", 100) == "基隆分局"
    cut = fit("經濟部標準檢驗局基隆分局第一課服務站 · 110/很長的檔名.pdf", 150)
    assert cut.endswith("…") and text_width(cut) <= 150 < text_width(cut[:-1] + "服…")


def test_the_label_column_follows_the_names_up_to_a_limit() -> None:
    short = build_chart([(_named("基隆分局"), "r1")], RUBRIC)
    label = "基隆分局 · 110_keelung.docx"
    assert short.bars[0].label == label
    assert MIN_LABEL_WIDTH < short.bar_left == int(text_width(label) + 16) < MAX_LABEL_WIDTH
    long_unit = "經濟部標準檢驗局基隆分局第一課與第二課聯合服務站及其所屬各辦事處"
    long = build_chart([(_named(long_unit), "r1")], RUBRIC)
    assert long.bar_left == MAX_LABEL_WIDTH
    cut = long.bars[0].label
    assert cut.endswith("…") and text_width(cut) <= long.bar_left - 12
    assert long.width == long.bar_left + (short.width - short.bar_left), "the bars keep their width"


def test_a_legend_of_long_names_wraps_inside_the_chart() -> None:
    dims = tuple(replace(d, name=d.name * 6) for d in RUBRIC.dimensions)
    rubric = replace(RUBRIC, dimensions=dims)
    assert all(isinstance(d, Dimension) for d in rubric.dimensions)
    chart = build_chart([(_named("基隆分局"), "r1")], rubric)
    rows = {e.y for e in chart.legend}
    assert len(rows) > 1 and chart.top > 30 + 18
    assert all(e.x + 16 + text_width(e.name) <= chart.width for e in chart.legend)
    assert min(b.y for b in chart.bars) >= chart.top
