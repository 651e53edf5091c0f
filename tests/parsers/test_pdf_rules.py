"""Rows cut open by a page break, closed at their own rules (parsers.pdf_rules), and boxes
around the page that are no table: tiny PDFs drawn with reportlab."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

import pytest

from parsers.pdf import parse
from pipeline.document import Document, Table

pytest.importorskip("reportlab")

from reportlab.pdfgen import canvas

from tests.parsers.drawing import PAGE_HEIGHT, register_cid_font

#: Column rules of the test table, and its rows' tops: a header, item 1.1, and item 1.2 whose
#: row the page break cuts at ``CUT`` (the column rules stop there, no rule across).
COLS = (60.0, 160.0, 220.0, 520.0)
ROWS = (100.0, 120.0, 200.0)
CUT = 780.0
CELLS = (
    (100.0, ("評核項目", "得分", "執行績效與成果")),
    (120.0, ("服務一致", "88", "完成訂定標準作業流程")),
    (200.0, ("服務友善性", "86", "定期檢視無障礙設施")),
)

Draw = Callable[[canvas.Canvas, float, float, float, float], None]


def _line(pdf: canvas.Canvas, x0: float, top: float, x1: float, bottom: float) -> None:
    pdf.line(x0, PAGE_HEIGHT - top, x1, PAGE_HEIGHT - bottom)


def _thin_rect(pdf: canvas.Canvas, x0: float, top: float, x1: float, bottom: float) -> None:
    """A rule as Chromium draws a border: a filled rectangle 0.75 pt thick."""
    w, h = max(x1 - x0, 0.75), max(bottom - top, 0.75)
    pdf.setFillColorRGB(0, 0, 0)
    pdf.rect(x0, PAGE_HEIGHT - top - h, w, h, stroke=0, fill=1)


def _table(pdf: canvas.Canvas, rule: Draw, cols: tuple[float, ...] = COLS, cut: float = CUT) -> None:
    """The table cut at ``cut``, its rules drawn cell by cell, as Chromium does."""
    bottoms = (*ROWS[1:], cut)
    for top, bottom in zip(ROWS, bottoms, strict=True):
        for x in cols:
            rule(pdf, x, top, x, bottom)
    for top in ROWS:
        for x0, x1 in pairwise(cols):
            rule(pdf, x0, top, x1, top)


def _text(pdf: canvas.Canvas, cols: tuple[float, ...] = COLS) -> None:
    pdf.setFillColorRGB(0, 0, 0)
    for top, texts in CELLS:
        for x, text in zip(cols[:-1], texts, strict=True):
            pdf.drawString(x + 4, PAGE_HEIGHT - top - 14, text)


def _pdf(path: Path, draw: Callable[[canvas.Canvas], None]) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=(595.0, PAGE_HEIGHT))
    pdf.setFont(register_cid_font(), 10)
    draw(pdf)
    pdf.save()
    return path


def _cut_row(doc: Document) -> Table:
    """The table holding item 1.2, whose cells are all there."""
    tables = [t for t in doc.tables if any("服務友善性" in c.text for c in t.cells)]
    assert tables, [p.text for p in doc.paragraphs]
    table = tables[0]
    texts = {c.text for c in table.cells}
    assert {"服務友善性", "86", "定期檢視無障礙設施"} <= texts, texts
    return table


@pytest.mark.parametrize("rule", [_line, _thin_rect], ids=["lines", "filled-rules"])
def test_a_cut_row_is_read_beside_a_background_painted_down_to_the_page_foot(tmp_path: Path, rule: Draw) -> None:
    """Chromium paints a row-spanning cell's background down to the page foot, below the
    table's rules: the closing line is where the rules stop, not where the background does."""

    def draw(pdf: canvas.Canvas) -> None:
        pdf.setFillColorRGB(1.0, 0.95, 0.6)
        pdf.rect(COLS[1], PAGE_HEIGHT - 810, COLS[2] - COLS[1], 810 - ROWS[1], stroke=0, fill=1)
        _table(pdf, rule)
        _text(pdf)

    table = _cut_row(parse(_pdf(tmp_path / "background.pdf", draw)))
    assert table.n_cols == 3


def test_a_cut_row_is_read_in_a_table_set_in_an_outer_one(tmp_path: Path) -> None:
    """The body table in one cell of an outer table, both cut by the break: each closes at
    its own rules' ends."""
    cols = tuple(x + 10 for x in COLS)

    def draw(pdf: canvas.Canvas) -> None:
        _line(pdf, 40, 80, 555, 80)
        for x in (40.0, 555.0):
            _line(pdf, x, 80, x, 800)
        _table(pdf, _line, cols, cut=780.0)
        _text(pdf, cols)

    _cut_row(parse(_pdf(tmp_path / "nested.pdf", draw)))


def test_a_cut_row_is_read_when_only_its_item_cell_is_open(tmp_path: Path) -> None:
    """The page ends where a row of the other columns ends: the rule across starts at the
    item cell's right side, and the item cell (spanning on after the break) is still open."""

    def draw(pdf: canvas.Canvas) -> None:
        _table(pdf, _thin_rect)
        _thin_rect(pdf, COLS[1], CUT, COLS[-1], CUT)
        _text(pdf)

    _cut_row(parse(_pdf(tmp_path / "corner.pdf", draw)))


def test_a_cell_spanning_rows_is_not_cut_where_its_rules_are_pieced(tmp_path: Path) -> None:
    """Chromium draws a column's rule as one piece a row: where a cell spans the rows beside
    it, the pieces meet with no rule across, and no closing line goes there."""
    tops = (100.0, 120.0, 300.0, 500.0)

    def draw(pdf: canvas.Canvas) -> None:
        for top, bottom in pairwise(tops):
            for x in COLS:
                _thin_rect(pdf, x, top, x, bottom)
        for top in tops:
            x0 = COLS[0] if top in (100.0, 120.0, 500.0) else COLS[1]
            _thin_rect(pdf, x0, top, COLS[-1], top)
        pdf.setFillColorRGB(0, 0, 0)
        pdf.drawString(64, PAGE_HEIGHT - 300 - 4, "服務友善性")  # on the pieces' joint
        for top, text in ((100.0, "得分"), (120.0, "86"), (300.0, "85")):
            pdf.drawString(COLS[1] + 4, PAGE_HEIGHT - top - 14, text)

    table = parse(_pdf(tmp_path / "span.pdf", draw)).tables[0]
    item = next(c for c in table.cells if "服務友善性" in c.text)
    assert (item.row, item.row_span) == (1, 2)


def test_a_box_around_the_page_is_no_table(tmp_path: Path) -> None:
    """A frame around the page (and a neighbour's copy of it reaching in from below, as
    Chromium draws a ``position:fixed`` border): headings and subtotals stay paragraphs, and
    the table inside is read, its cut row too."""

    def draw(pdf: canvas.Canvas) -> None:
        pdf.setLineWidth(1.5)
        height = PAGE_HEIGHT - 60
        for top in (30.0, 740.0):  # this page's frame, the next page's from the row's foot on
            pdf.rect(30, PAGE_HEIGHT - top - height, 535, height, stroke=1, fill=0)
        pdf.setLineWidth(1)
        pdf.drawString(60, PAGE_HEIGHT - 70, "評核構面一(基礎服務)(200分)")
        _table(pdf, _thin_rect, cut=760.0)
        _text(pdf)
        pdf.drawString(60, PAGE_HEIGHT - 800, "小計 174 分")

    doc = parse(_pdf(tmp_path / "frame.pdf", draw))
    assert [p.text for p in doc.paragraphs] == ["評核構面一(基礎服務)(200分)", "小計 174 分"]
    assert len(doc.tables) == 1
    table = _cut_row(doc)
    assert (table.n_rows, table.n_cols) == (3, 3)
