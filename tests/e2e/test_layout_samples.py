"""The samples of layouts real submissions use, each read on its own and checked for the one
thing its layout is there to test (the figures as a whole are compared with the truth files in
test_samples.py; here the point is that the sample really has the layout, and what it asks of
the readers).
"""

from __future__ import annotations

import json
from functools import cache

import pdfplumber

from pipeline.options import ReadContext
from pipeline.results import ReportResult
from pipeline.rubric import load_rubric
from pipeline.run import process_file
from tests.conftest import SAMPLES, TRUTH


@cache
def _read(name: str) -> ReportResult:
    return process_file(SAMPLES / name, SAMPLES, ReadContext(load_rubric()))


def _truth(name: str) -> dict[str, object]:
    truth: dict[str, object] = json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))
    return truth


def _page_texts(name: str) -> list[str]:
    with pdfplumber.open(SAMPLES / name) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _checks(result: ReportResult) -> list[tuple[str, str]]:
    return [(f.check, f.item_no) for f in result.findings]


def test_a_score_above_the_maximum_in_a_score_column_is_a_score_out_of_range() -> None:
    """111_tainan_range prints 105 in the 得分 column of item 2.1 (100 points), as Word and as PDF."""
    for name in ("111_tainan_range.docx", "111_tainan_range.pdf"):
        result = _read(name)
        x = result.extraction
        assert x is not None
        row = x.items()["2.1"]
        assert (row.score, row.review) == (105, ""), name
        assert "105" not in row.evidence.text, f"{name}: the 105 must stand in its own column, not the item cell"
        assert _checks(result) == [("score_out_of_range", "2.1")], name


def test_an_item_cell_cut_between_its_name_and_its_score() -> None:
    """111_keelung_drawn_split prints 提高服務滿意度 (100分) at one page's foot and 得分 90 at the
    head of the next: the score is the item's, with no finding and nothing to review."""
    name = "111_keelung_drawn_split.pdf"
    pages = _page_texts(name)
    name_page = next(n for n, text in enumerate(pages) if "(100分)" in text and "提高服務滿意" in text)
    assert "得分 90" not in pages[name_page]
    assert "得分 90" in pages[name_page + 1].splitlines()[1], "the 得分 must head the next page's body"
    result = _read(name)
    x = result.extraction
    assert x is not None
    row = x.items()["4.1"]
    assert (row.score, row.review) == (90, "")
    assert result.findings == ()


def test_a_summary_with_horizontal_rules_under_a_wrapped_two_line_header() -> None:
    """111_hualien_drawn_hrules: the summary's dimension heads wrap over two lines and only
    horizontal rules separate its rows; each figure is read under its own head."""
    name = "111_hualien_drawn_hrules.pdf"
    summary_page = _page_texts(name)[-1]
    assert "一、基礎服\n" in summary_page or "一、基礎服 " in summary_page, "the first head must wrap"
    x = _read(name).extraction
    assert x is not None
    assert {no: f.value for no, f in x.summary.items()} == _truth(name)["summary"]
    assert _checks(_read(name)) == [("summary_mismatch", "")]


def test_a_borderless_item_name_interleaved_with_the_wrapped_indicator_beside_it() -> None:
    """110_tainan_drawn_interleaved draws no rules; item names fill their column's width beside
    a 評核指標 that wraps, so the text flow reads `積極回應民眾意見 有效及時處理` / `(100分) 民眾之意見、`."""
    name = "110_tainan_drawn_interleaved.pdf"
    assert any("積極回應民眾意見 有效及時處理" in text for text in _page_texts(name))
    result = _read(name)
    x = result.extraction
    assert x is not None
    assert {no: row.score for no, row in x.items().items()} == _truth(name)["items"]
    assert all(row.review == "" for row in x.items().values())
    assert result.findings == ()


def test_each_item_in_a_table_of_its_own_with_its_score_in_a_line_after_it() -> None:
    """111_kaohsiung_peritem (Word and LibreOffice PDF): `本項得分：88分` after each item's table,
    小計 lines that name their dimension (`評核構面五小計：89分`, misprinted for 87)."""
    for name in ("111_kaohsiung_peritem.docx", "111_kaohsiung_peritem.pdf"):
        result = _read(name)
        x = result.extraction
        assert x is not None
        truth = _truth(name)
        assert {no: row.score for no, row in x.items().items()} == truth["items"], name
        assert all(row.review == "" for row in x.items().values()), name
        assert {no: f.value for no, f in x.subtotals.items()} == truth["subtotals"], name
        assert any(f.evidence.text.startswith("評核構面五小計") for f in x.subtotals.values()), name
        assert _checks(result) == [("subtotal_mismatch", "")], name


def test_a_title_only_in_the_page_header() -> None:
    """110_hsinchu_header_title: the title is the page header of every page, the body names no
    unit or year; the header's copies do not cut the tables continued over page breaks."""
    pages = _page_texts("110_hsinchu_header_title.pdf")
    title = "經濟部標準檢驗局新竹分局110年度提升服務效能執行績效與成果"
    assert all(text.startswith(title) for text in pages) and len(pages) > 3
    for name in ("110_hsinchu_header_title.docx", "110_hsinchu_header_title.pdf"):
        result = _read(name)
        x = result.extraction
        assert x is not None
        assert (x.title.unit, x.title.roc_year) == ("新竹分局", 110), name
        assert {no: row.score for no, row in x.items().items()} == _truth(name)["items"], name
        assert all(row.review == "" for row in x.items().values()), name
        assert {no: f.value for no, f in x.subtotals.items()} == _truth(name)["subtotals"], name
        assert result.findings == (), name
