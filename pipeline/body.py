"""Item scores and 小計 lines from the body of a report.

The body is walked in reading order. Item rows are found in the column headed 評核項目 (the
first column when no header says so); each is matched to the rubric by name, never by its
position, and its 得分 is read from the same cell or from a column headed 得分 / 自評分數.
A 小計 belongs to the dimension of the items read since the previous 小計, and to the
dimension named by the last heading (`評核構面三`) only when no item was read in between:
headings are the part of a report most often missing or worded freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.document import Cell, Document, Paragraph, Table
from pipeline.grammar import heading_dimension, name_part, score_in, subtotal_in, to_number
from pipeline.match import best_match, keyed
from pipeline.results import Evidence, Figure, ItemRow
from pipeline.rubric import Dimension, Item, Rubric
from pipeline.summary import is_summary_table
from pipeline.text import key

_ITEM_HEADERS = ("評核項目", "考核項目", "評核題目", "項目")
_SCORE_HEADERS = ("自評分數", "自評得分", "得分", "評分", "分數")
_SUBTOTAL = "小計"
#: Below this a name in a table without a recognizable header is not taken as an item.
_HEADERLESS_MATCH = 80.0
#: A heading without 構面 must name its dimension this closely (`一、基礎服務(200分)`).
_HEADING_MATCH = 85.0


@dataclass
class _Walk:
    """The state carried through the blocks of one document."""

    rubric: Rubric
    entries: list[tuple[str, Item]]
    dims: list[tuple[str, Dimension]]
    rows: list[ItemRow] = field(default_factory=list)
    subtotals: dict[str, Figure] = field(default_factory=dict)
    heading_dim: str | None = None
    dims_since_subtotal: list[str] = field(default_factory=list)

    def heading(self, text: str) -> bool:
        """Whether ``text`` is a dimension heading (`評核構面三…`, or `一、基礎服務(200分)` as
        the summary table words it); a heading names the dimension of what follows."""
        if len(key(text)) > 40 or score_in(text) is not None:
            return False
        n = heading_dimension(text)
        if n is not None:
            dim_no: str | None = str(n)
        else:
            match = best_match(text, self.dims)
            if match.entry is None or match.score < _HEADING_MATCH:
                return False
            dim_no = match.entry.no
        if any(d.no == dim_no for d in self.rubric.dimensions):
            self.heading_dim = dim_no
        return True

    def subtotal(self, value: float, evidence: Evidence) -> None:
        dim_no = self.dims_since_subtotal[-1] if self.dims_since_subtotal else self.heading_dim
        if dim_no is not None and dim_no not in self.subtotals:
            self.subtotals[dim_no] = Figure(value, evidence)
        self.dims_since_subtotal.clear()

    def item(self, row: ItemRow) -> None:
        self.rows.append(row)
        if row.item_no is not None:
            self.dims_since_subtotal.append(self.rubric_item(row.item_no).dimension_no)

    def rubric_item(self, item_no: str) -> Item:
        return next(i for i in self.rubric.items if i.no == item_no)


def read_body(doc: Document, rubric: Rubric) -> tuple[list[ItemRow], dict[str, Figure]]:
    """All item rows (matched or not) and the 小計 figure of each dimension that prints one."""
    walk = _Walk(
        rubric, keyed([(item.name, item) for item in rubric.items]), keyed([(d.name, d) for d in rubric.dimensions])
    )
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            _paragraph(walk, block)
        elif not is_summary_table(block, rubric):
            _table(walk, block)
    return walk.rows, walk.subtotals


def _paragraph(walk: _Walk, para: Paragraph) -> None:
    k = key(para.text)
    if k.startswith(_SUBTOTAL):
        value = subtotal_in(para.text)
        if value is not None:
            walk.subtotal(value, Evidence(para.text, para.page, para.bbox))
        return
    walk.heading(para.text)


def _header_columns(table: Table) -> tuple[int | None, int | None, int]:
    """Item column, score column and the index of the header row (-1 when none is found)."""
    grid = table.grid
    for r in range(min(len(grid), max(table.header_rows, 3))):
        texts = [key(c.text) if c else "" for c in grid[r]]
        item_col = next((c for c, t in enumerate(texts) if any(t == h for h in _ITEM_HEADERS)), None)
        if item_col is None:
            item_col = next((c for c, t in enumerate(texts) if t.startswith(_ITEM_HEADERS[0])), None)
        if item_col is not None:
            heads = _column_heads(grid, r, item_col)
            score_col = next((c for c, t in enumerate(heads) if t in _SCORE_HEADERS), None)
            return item_col, score_col, r
    return None, None, -1


def _column_heads(grid: list[list[Cell | None]], r: int, item_col: int) -> list[str]:
    """Each column's heading, with a wrapped second header line (`自評` / `分數`) joined on."""
    heads = [key(c.text) if c else "" for c in grid[r]]
    if r + 1 < len(grid):
        below = grid[r + 1]
        own = [c if c is not None and c.row == r + 1 else None for c in below]
        if own[item_col] is None or not own[item_col].text.strip():  # type: ignore[union-attr]
            nums = [c for c in own if c is not None and c.text.strip() and not key(c.text).isalpha()]
            if not nums:
                heads = [h + (key(c.text) if c else "") for h, c in zip(heads, own, strict=True)]
    return heads


def _is_header_row(cells: list[Cell]) -> bool:
    return any(key(c.text) in _ITEM_HEADERS for c in cells)


def _table(walk: _Walk, table: Table) -> None:
    item_col, score_col, header_row = _header_columns(table)
    has_header = item_col is not None
    col = item_col if item_col is not None else 0
    grid = table.grid
    pending: ItemRow | None = None  # an item read without its score, waiting for a 得分 line
    for r in range(max(header_row + 1, table.header_rows), table.n_rows):
        cells = table.row_cells(r)
        if not cells or _is_header_row(cells):
            continue
        if _subtotal_row(walk, cells):
            pending = None
            continue
        cell = grid[r][col]
        if cell is None or cell.row != r or not cell.text.strip():
            continue
        if walk.heading(cell.text):  # a dimension heading row inside the table (`評核構面二…`)
            pending = None
            continue
        row = _item_row(walk, cell, _score_cell(grid, cell, score_col), has_header)
        if row is None:
            continue
        if not name_part(cell.text) and row.score is not None and pending is not None:
            walk.rows[-1] = ItemRow(pending.item_no, row.score, pending.match_score, pending.evidence)
            pending = None
            continue
        if not name_part(cell.text):
            continue
        walk.item(row)
        pending = row if row.score is None else None


def _score_cell(grid: list[list[Cell | None]], cell: Cell, score_col: int | None) -> Cell | None:
    if score_col is None:
        return None
    for r in range(cell.row, cell.last_row + 1):
        candidate = grid[r][score_col] if r < len(grid) else None
        if candidate is not None and candidate.text.strip():
            return candidate
    return None


def _item_row(walk: _Walk, cell: Cell, score_cell: Cell | None, has_header: bool) -> ItemRow | None:
    match = best_match(cell.text, walk.entries)
    score = score_in(cell.text)
    if score is None and score_cell is not None:
        score = to_number(score_cell.text)
        if score is None:
            score = score_in(score_cell.text)
    if not has_header and (match.entry is None or match.score < _HEADERLESS_MATCH) and score is None:
        return None
    item_no = match.entry.no if match.entry is not None else None
    return ItemRow(item_no, score, match.score, Evidence(cell.text, cell.page, cell.bbox))


def _subtotal_row(walk: _Walk, cells: list[Cell]) -> bool:
    """A 小計 row inside a table: the figure is in the same cell or in one to its right."""
    for i, cell in enumerate(cells):
        if not key(cell.text).startswith(_SUBTOTAL):
            continue
        value = subtotal_in(cell.text)
        source = cell
        if value is None:
            for other in cells[i + 1 :]:
                value = to_number(other.text)
                if value is not None:
                    source = other
                    break
        if value is not None:
            walk.subtotal(value, Evidence(source.text, source.page, source.bbox))
        return True
    return False
