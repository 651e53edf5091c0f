"""Item scores and 小計 lines from the body of a report.

The body is walked in reading order. Item rows are found in the column headed 評核項目 (the
first column when no header says so); each is matched to the rubric by name, never by its
position, and its 得分 is read from the same cell or from a column headed 得分 / 自評分數.
A 小計 belongs to the dimension of the items read since the previous 小計, and to the
dimension named by the last heading (`評核構面三`) only when no item was read in between:
headings are the part of a report most often missing or worded freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from pipeline.classify import HEADERLESS_MATCH, heading_dimension_no, is_header_row
from pipeline.document import Cell, Paragraph, Table
from pipeline.grammar import to_number
from pipeline.layout import Columns, Layout, TableKind
from pipeline.match import best_match, keyed
from pipeline.results import UNREADABLE_SCORE, Evidence, Figure, ItemRow
from pipeline.rubric import Dimension, Item, Rubric


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
    #: The last item row read, when it has no score yet: a report that prints each item in a
    #: table of its own may give the score in a line after it (`本項得分：85分`).
    awaiting: ItemRow | None = None

    def heading(self, text: str) -> bool:
        """Whether ``text`` is a dimension heading; a heading names the dimension of what follows."""
        dim_no = heading_dimension_no(text, self.rubric, self.dims)
        if dim_no is None:
            return False
        if dim_no:
            self.heading_dim = dim_no
        return True

    def subtotal(self, value: float, evidence: Evidence) -> None:
        self.awaiting = None
        dim_no = self.dims_since_subtotal[-1] if self.dims_since_subtotal else self.heading_dim
        if dim_no is not None and dim_no not in self.subtotals:
            self.subtotals[dim_no] = Figure(value, evidence)
        self.dims_since_subtotal.clear()

    def item(self, row: ItemRow) -> None:
        self.rows.append(row)
        self.awaiting = row if row.score is None and row.item_no is not None else None
        if row.item_no is not None:
            self.dims_since_subtotal.append(self.rubric_item(row.item_no).dimension_no)

    def rubric_item(self, item_no: str) -> Item:
        return next(i for i in self.rubric.items if i.no == item_no)


def read_body(layout: Layout, rubric: Rubric) -> tuple[list[ItemRow], dict[str, Figure]]:
    """All item rows (matched or not) and the 小計 figure of each dimension that prints one."""
    walk = _Walk(
        rubric, keyed([(item.name, item) for item in rubric.items]), keyed([(d.name, d) for d in rubric.dimensions])
    )
    for block in layout.walk():
        if isinstance(block, Paragraph):
            _paragraph(walk, block)
        elif block.kind is TableKind.item:
            _table(walk, block.table, block.columns)
    return walk.rows, walk.subtotals


def _paragraph(walk: _Walk, para: Paragraph) -> None:
    grammar = walk.rubric.grammar
    if grammar.is_subtotal(para.text):
        value = grammar.subtotal_in(para.text)
        if value is not None:
            walk.subtotal(value, Evidence(para.text, para.page, para.bbox))
        return
    if _score_line(walk, para):
        return
    if walk.heading(para.text):
        walk.awaiting = None


def _score_line(walk: _Walk, para: Paragraph) -> bool:
    """A line after an item's table that gives that item's score: it fills in the row."""
    grammar = walk.rubric.grammar
    pending = walk.awaiting
    score = grammar.score_line(para.text)
    if pending is None or score is None:
        return False
    index = next((i for i in range(len(walk.rows) - 1, -1, -1) if walk.rows[i] is pending), None)
    if index is None:
        return False
    walk.rows[index] = replace(pending, score=score, review="")  # the score is read: nothing unread to review
    walk.awaiting = None
    return True


def _table(walk: _Walk, table: Table, columns: Columns) -> None:
    vocab, grammar = walk.rubric.vocabulary, walk.rubric.grammar
    has_header = columns.item is not None
    col = columns.item if columns.item is not None else 0
    grid = table.grid
    pending: ItemRow | None = None  # an item read without its score, waiting for a 得分 line
    for r in range(max(columns.header_row + 1, table.header_rows), table.n_rows):
        cells = table.row_cells(r)
        if not cells or is_header_row(cells, vocab):
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
        row = _item_row(walk, cell, _score_cell(grid, cell, columns.score), has_header)
        if row is None:
            continue
        named = grammar.name_part(cell.text)
        if not named and row.score is not None and pending is not None:
            walk.rows[-1] = ItemRow(pending.item_no, row.score, pending.match_score, pending.evidence)
            pending = walk.awaiting = None
            continue
        if not named:
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
    grammar = walk.rubric.grammar
    match = best_match(cell.text, walk.entries, grammar)
    score = grammar.score_in(cell.text)
    if score is None and score_cell is not None:
        score = to_number(score_cell.text)
        if score is None:
            score = grammar.score_in(score_cell.text)
    if not has_header and (match.entry is None or match.score < HEADERLESS_MATCH) and score is None:
        return None
    item_no = match.entry.no if match.entry is not None else None
    review = UNREADABLE_SCORE if item_no is not None and score is None else ""  # a 得分 line may still follow
    return ItemRow(item_no, score, match.score, Evidence(cell.text, cell.page, cell.bbox), review=review)


def _subtotal_row(walk: _Walk, cells: list[Cell]) -> bool:
    """A 小計 row inside a table: the figure is in the same cell or in one to its right."""
    grammar = walk.rubric.grammar
    for i, cell in enumerate(cells):
        if not grammar.is_subtotal(cell.text):
            continue
        value = grammar.subtotal_in(cell.text)
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
