"""Reports drawn directly on the page with reportlab, the way a home-grown report tool would.

Everything is placed by hand: text wrapped character by character in the non-embedded CID
font MSung-Light (Adobe-CNS1: a viewer substitutes its own Ming/Song font), table rules drawn
as single line segments (``canvas.line``), the header row drawn again at the top of every page,
rows broken across pages wherever the page ends. Merged cells (item, score, 評核指標) are
cells whose text flows down through the rows they span, with no rule between those rows.

reportlab registers MSung-Light with the encoding ``UniGB-UCS2-H`` (a CMap of the
*simplified* Adobe-GB1 collection), which does not belong to an Adobe-CNS1 font: viewers then
draw, and pdfminer extracts, unrelated characters. ``register_font`` gives it the right CMap,
``UniCNS-UCS2-H``. Characters outside Adobe-CNS1 (simplified forms such as 办) cannot be drawn
in this font at all; ``drawable`` refuses them rather than let them vanish from the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from pdfminer.cmapdb import CMapDB
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import _cidfontdata, pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from .rubric import ORGANIZATION
from .spec import (
    GRADE_LEGEND,
    SUMMARY_NOTE,
    Block,
    DimBlock,
    ReportSpec,
    body,
    derive_facts,
    item_cell_lines,
    printed_figures,
    score_text,
    subtotal_text,
    summary_horizontal,
    summary_title,
    summary_vertical,
    title_text,
)

FONT = "MSung-Light"
CM = 28.3465
PAGE_W, PAGE_H = A4
LEFT = RIGHT = 1.8 * CM
TOP = BOTTOM = 2.0 * CM
WIDTH = PAGE_W - LEFT - RIGHT
BODY_PT, BODY_LEAD = 11.0, 15.0
TABLE_PT, TABLE_LEAD = 9.5, 12.5
PAD = 2.5
RULE = 0.5

#: Column kinds and widths (pt) of the body table: without and with a score column at the end.
PLAIN = (("item", 70.0), ("indicator", 70.0), ("sub", 100.0), ("units", 68.0), ("result", WIDTH - 308.0))
SCORE_LAST = (("item", 66.0), ("indicator", 64.0), ("sub", 92.0), ("units", 62.0), ("result", WIDTH - 329.0),
              ("score", 45.0))
LABELS = {"item": "評核項目", "indicator": "評核指標", "sub": "次評核指標", "units": "主辦單位"}
#: Simplified forms the seed's narrative contains, written in their traditional form here.
TRADITIONAL = str.maketrans({"办": "辦"})

_UNBROKEN = re.compile(r"[A-Za-z0-9.,%/+\-]+|.", re.S)


def register_font() -> None:
    """MSung-Light as a non-embedded CID font, with the CMap that matches its collection."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    _cidfontdata.defaultUnicodeEncodings[FONT] = ("cht", "UniCNS-UCS2-H")
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def drawable(text: str) -> str:
    """The text as this font can show it: every character must have a glyph in Adobe-CNS1."""
    text = text.translate(TRADITIONAL)
    cmap = CMapDB.get_cmap("UniCNS-UCS2-H")
    for char in set(text) - {"\n"}:
        if ord(char) > 0xFFFF or not list(cmap.decode(char.encode("utf-16-be"))):
            raise ValueError(f"{char!r} has no glyph in Adobe-CNS1: it would vanish from the drawn PDF")
    return text


def wrap(text: str, width: float, size: float) -> list[str]:
    """Break text into lines of at most ``width``, between characters (never inside a number)."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token in _UNBROKEN.findall(paragraph):
            if line and pdfmetrics.stringWidth(line + token, FONT, size) > width:
                out.append(line.rstrip())
                line = token.lstrip()
            else:
                line += token
        out.append(line)
    return out


# --------------------------------------------------------------------------- table model


@dataclass
class Cell:
    """A body cell spanning rows ``first``..``last`` of its column."""

    first: int
    last: int
    lines: list[str]
    center: bool = False


@dataclass
class Grid:
    widths: list[float]
    header: list[str]
    columns: list[list[Cell]] = field(default_factory=list)  # per column, cells top to bottom
    n_rows: int = 0


@dataclass
class Pen:
    """The canvas and the current position on it."""

    canvas: Canvas
    rules: str
    y: float = PAGE_H - TOP
    page: int = 1
    #: The table being drawn (its header is drawn again on every page it continues on).
    grid: Grid | None = None

    def new_page(self) -> None:
        self.canvas.showPage()
        self.canvas.setLineWidth(RULE)
        self.page += 1
        self.y = PAGE_H - TOP

    def room(self) -> float:
        return self.y - BOTTOM

    def text(self, text: str, *, size: float = BODY_PT, lead: float = BODY_LEAD, center: bool = False,
             keep: float = 0.0) -> None:
        """A paragraph; ``keep`` is how much room must follow it on the same page."""
        lines = wrap(drawable(text), WIDTH, size)
        if self.room() < len(lines) * lead + keep:
            self.new_page()
        self.canvas.setFont(FONT, size)
        for line in lines:
            baseline = self.y - size * 0.95
            if center:
                self.canvas.drawCentredString(PAGE_W / 2, baseline, line)
            else:
                self.canvas.drawString(LEFT, baseline, line)
            self.y -= lead
        self.y -= 3

    def hline(self, x0: float, x1: float, y: float) -> None:
        if self.rules != "none":
            self.canvas.line(x0, y, x1, y)

    def vline(self, x: float, top: float, bottom: float) -> None:
        if self.rules == "grid":
            self.canvas.line(x, top, x, bottom)


def edges(widths: list[float]) -> list[float]:
    xs = [LEFT]
    for w in widths:
        xs.append(xs[-1] + w)
    return xs


def draw_lines(pen: Pen, x: float, top: float, lines: list[str], *, width: float, center: bool = False) -> None:
    pen.canvas.setFont(FONT, TABLE_PT)
    for i, line in enumerate(lines):
        baseline = top - PAD - TABLE_PT * 0.95 - i * TABLE_LEAD
        if center:
            pen.canvas.drawCentredString(x + width / 2, baseline, line)
        else:
            pen.canvas.drawString(x + PAD + 0.5, baseline, line)


def draw_header(pen: Pen, grid: Grid) -> None:
    xs = edges(grid.widths)
    cells = [wrap(label, w - 2 * PAD, TABLE_PT) for label, w in zip(grid.header, grid.widths, strict=True)]
    height = max(len(c) for c in cells) * TABLE_LEAD + 2 * PAD
    top = pen.y
    for x, w, lines in zip(xs[:-1], grid.widths, cells, strict=True):
        draw_lines(pen, x, top, lines, width=w, center=True)
    pen.hline(xs[0], xs[-1], top)
    pen.hline(xs[0], xs[-1], top - height)
    for x in xs:
        pen.vline(x, top, top - height)
    pen.y = top - height


def row_heights(grid: Grid) -> list[int]:
    """Lines per row: a merged cell's text flows down its rows; its last row takes what is left."""
    heights = [1] * grid.n_rows
    for r in range(grid.n_rows):
        need = 1
        for column in grid.columns:
            cell = next(c for c in column if c.first <= r <= c.last)
            if cell.first == cell.last:
                need = max(need, len(cell.lines))
            elif r == cell.last:
                need = max(need, len(cell.lines) - sum(heights[cell.first:r]))
        heights[r] = need
    return heights


def draw_grid(pen: Pen, grid: Grid, *, split_rows: dict[int, int] | None = None) -> None:
    """The body table, page by page: header repeated, rows split where the page ends.

    A row in ``split_rows`` is broken after that many lines whatever room is left, so that
    its cells' text continues at the top of the next page.
    """
    split_rows = split_rows or {}
    xs = edges(grid.widths)
    heights = row_heights(grid)
    cells_at = [[next(c for c in column if c.first <= r <= c.last) for column in grid.columns]
                for r in range(grid.n_rows)]
    header_room = 3 * TABLE_LEAD + 2 * PAD
    if pen.room() < header_room + 2 * TABLE_LEAD + 2 * PAD:
        pen.new_page()
    draw_header(pen, grid)
    for r in range(grid.n_rows):
        # Each column's lines for this row: a slice of a merged cell's text, or its own.
        parts = []
        for cell in cells_at[r]:
            offset = sum(heights[cell.first:r])
            parts.append(cell.lines[offset:offset + heights[r]])
        starts = [cell.first == r for cell in cells_at[r]]
        done = 0
        while done < heights[r]:
            fits = int((pen.room() - 2 * PAD) // TABLE_LEAD)
            if fits < 1:
                close_page(pen, xs)
                continue
            take = min(fits, heights[r] - done)
            if r in split_rows and done == 0 and heights[r] > split_rows[r]:
                take = min(take, split_rows[r])
            top = pen.y
            bottom = top - take * TABLE_LEAD - 2 * PAD
            for c, (x, w) in enumerate(zip(xs[:-1], grid.widths, strict=True)):
                draw_lines(pen, x, top, parts[c][done:done + take], width=w, center=cells_at[r][c].center)
                if starts[c] and done == 0:
                    pen.hline(x, x + w, top)
            for x in xs:
                pen.vline(x, top, bottom)
            pen.y = bottom
            done += take
            if done < heights[r]:
                close_page(pen, xs)
                starts = [True] * len(starts)
    pen.hline(xs[0], xs[-1], pen.y)
    pen.y -= 6


def close_page(pen: Pen, xs: list[float]) -> None:
    """End the table on this page and start it again, header first, on the next."""
    pen.hline(xs[0], xs[-1], pen.y)
    pen.new_page()
    assert pen.grid is not None
    draw_header(pen, pen.grid)


# --------------------------------------------------------------------------- report body


def columns_for(spec: ReportSpec) -> tuple[tuple[str, float], ...]:
    layout = spec.layout
    if layout.form != "per-dimension" or (layout.score_column and not layout.score_column_last):
        raise ValueError(f"{spec.stem}: the reportlab builder draws a table per dimension, any score column last")
    return SCORE_LAST if layout.score_column else PLAIN


def dimension_grid(dim: DimBlock, spec: ReportSpec, facts: dict[str, int | str]) -> tuple[Grid, dict[int, int]]:
    columns = columns_for(spec)
    if spec.layout.item_width:
        extra = spec.layout.item_width - dict(columns)["item"]
        columns = tuple((k, spec.layout.item_width if k == "item" else w - extra if k == "result" else w)
                        for k, w in columns)
    kinds = [k for k, _ in columns]
    widths = [w for _, w in columns]
    inner = {k: w - 2 * PAD - 1 for k, w in columns}
    labels = {**LABELS, "result": dim.dim.result_header, "score": spec.layout.score_column}
    rows = dim.rows
    grid = Grid(widths=widths, header=[labels[k] for k in kinds], n_rows=len(rows))
    blocks: dict[str, Block] = {b.key: b for b in dim.blocks}
    split: dict[int, int] = {}
    for kind in kinds:
        column: list[Cell] = []
        for n, flat in enumerate(rows):
            merged_key = {"item": flat.block_key, "score": flat.block_key, "indicator": flat.indicator_key}.get(kind)
            if merged_key is not None and column and n > 0 and (
                    rows[n - 1].block_key if kind != "indicator" else rows[n - 1].indicator_key) == merged_key:
                column[-1].last = n
                continue
            block = blocks[flat.block_key]
            if kind == "item":
                text = [line for part in item_cell_lines(block, spec) for line in wrap(drawable(part), inner[kind], TABLE_PT)]
                if block.item_no == spec.layout.split_item and block.key == block.item_no:
                    split[n] = len(text) - 1 if spec.layout.split_before_score else 1
            elif kind == "score":
                text = [drawable(score_text(block, spec, column=True))]
            elif kind == "indicator":
                text = wrap(drawable(flat.indicator), inner[kind], TABLE_PT)
            elif kind == "sub":
                text = wrap(drawable(flat.row.sub), inner[kind], TABLE_PT)
            elif kind == "units":
                text = [line for u in flat.row.units for line in wrap(drawable(u.format(**facts)), inner[kind], TABLE_PT)]
            else:
                text = wrap(drawable(flat.row.result.format(**facts)), inner[kind], TABLE_PT)
            column.append(Cell(n, n, text, center=kind == "score"))
        grid.columns.append(column)
    return grid, split


def draw_body(pen: Pen, spec: ReportSpec, facts: dict[str, int | str]) -> None:
    pen.text(title_text(spec), size=14, lead=19, center=True)
    pen.text("整體服務類機關")
    pen.text("一、計畫依據")
    pen.text(f"{ORGANIZATION}{facts['plan_date']}經標秘字第{facts['plan_no']}號函訂定"
             f"「{spec.roc_year}年度提升服務效能執行計畫」。")
    pen.text("二、執行策略及方法")
    for dim in body(spec):
        grid, split = dimension_grid(dim, spec, facts)
        pen.grid = grid
        pen.text(dim.heading, keep=4 * TABLE_LEAD + 4 * PAD)
        draw_grid(pen, grid, split_rows=split)
        if dim.subtotal is not None:
            pen.text(subtotal_text(dim, spec))


# --------------------------------------------------------------------------- summary


@dataclass(frozen=True)
class Box:
    """A summary table cell: position, span and text."""

    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


def draw_boxes(pen: Pen, boxes: list[Box], widths: list[float]) -> None:
    """A small table of boxes with spans (the summary), centred text, rules as the report's."""
    xs = edges(widths)
    n_rows = max(b.row + b.rowspan for b in boxes)
    wrapped = {b: wrap(drawable(b.text), xs[b.col + b.colspan] - xs[b.col] - 2 * PAD, TABLE_PT) for b in boxes}
    heights = [1] * n_rows
    for b in sorted(boxes, key=lambda b: b.rowspan):
        need = len(wrapped[b]) - sum(heights[b.row:b.row + b.rowspan - 1])
        last = b.row + b.rowspan - 1
        heights[last] = max(heights[last], need)
    tops = [pen.y]
    for h in heights:
        tops.append(tops[-1] - h * TABLE_LEAD - 2 * PAD)
    for b in boxes:
        x0, x1 = xs[b.col], xs[b.col + b.colspan]
        top, bottom = tops[b.row], tops[b.row + b.rowspan]
        draw_lines(pen, x0, top, wrapped[b], width=x1 - x0, center=True)
        pen.hline(x0, x1, top)
        pen.hline(x0, x1, bottom)
        pen.vline(x0, top, bottom)
        pen.vline(x1, top, bottom)
    pen.y = tops[-1] - 6


def draw_summary(pen: Pen, spec: ReportSpec) -> None:
    layout = spec.layout
    if layout.summary == "none":
        return
    printed = printed_figures(spec)
    pen.new_page()
    pen.text(summary_title(spec), size=14, lead=19, center=True)
    pen.text(f"受考核單位：{spec.unit}")
    if layout.grade_legend:
        pen.text(GRADE_LEGEND)
    if layout.summary == "vertical":
        rows = summary_vertical(spec, printed)
        boxes = [Box(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
        draw_boxes(pen, boxes, [6.0 * CM, 2.6 * CM, 2.6 * CM])
    else:
        top, second, data = summary_horizontal(spec, printed)
        widths = [w * CM for w in (1.5, 0.9, 1.5, 1.9, 1.9, 1.9, 1.9, 1.9, 1.1, 0.9, 1.8)]
        boxes = [Box(0, c, top[c], rowspan=2) for c in (0, 1, 2, 8, 9, 10)]
        boxes.append(Box(0, 3, top[3], colspan=5))
        boxes += [Box(1, c, second[c]) for c in range(3, 8)]
        boxes += [Box(2, c, value) for c, value in enumerate(data)]
        draw_boxes(pen, boxes, widths)
    pen.text("考核結果處理情形：")
    pen.text(SUMMARY_NOTE)


def draw_report(spec: ReportSpec, path: Path) -> None:
    """Draw the whole report into ``path`` (reproducible bytes: reportlab's invariant mode)."""
    register_font()
    canvas = Canvas(str(path), pagesize=A4, invariant=1, pageCompression=1)
    canvas.setTitle(title_text(spec))
    canvas.setAuthor("kaohe samples")
    canvas.setLineWidth(RULE)
    pen = Pen(canvas, spec.layout.rules)
    draw_body(pen, spec, derive_facts(spec))
    draw_summary(pen, spec)
    canvas.showPage()
    canvas.save()
