"""Join a table continued over a page break back into one table.

A table continues when one page ends with it and the next page starts with a table whose
column edges line up. On the continuation:

- rows that repeat the table's header (Word's "repeat header row") are dropped;
- a first row that only continues the texts of the last row (see ``_continues_row``) is the
  rest of a row split by the page break and is joined to the row it continues;
- empty cells left of the first row's first text are the merged cells above (評核項目,
  評核指標) carried over the break, so those cells are extended rather than repeated.

Page numbers and running headers or footers (a line at the top or foot of several pages)
never stand between a table and its continuation; of a running line, the first copy is kept
(a title printed only in the page header is still the document's title).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from parsers.words import LayoutWords, layout_words
from pipeline.document import BBox, Cell, Paragraph, Table
from pipeline.numerals import SMALL_NUMERAL_CHARS
from pipeline.text import key
from pipeline.vocabulary import Vocabulary

#: Column edges further apart than this (points) mean a different table.
ALIGN_TOLERANCE = 3.0
_N = SMALL_NUMERAL_CHARS
_ENUMERATION = regex.compile(rf"^(?:\(?\d{{1,2}}[).、]|[{_N}]+、|\([{_N}]+\))")
_PAGE_NUMBER = regex.compile(r"^[-–—]*(?:第)?\d+(?:頁)?(?:/\d+|共\d+頁)?[-–—]*$")


@dataclass(frozen=True)
class PageTable:
    """A table as found on one page, with the x positions of its column edges."""

    table: Table
    col_edges: tuple[float, ...]
    bbox: BBox


def stitch_pages(
    pages: list[list[Paragraph | PageTable]], vocabulary: Vocabulary | None = None
) -> list[Paragraph | Table]:
    words = layout_words(vocabulary)
    running = running_lines(pages)
    out: list[Paragraph | PageTable] = []
    seen: set[str] = set()
    for blocks in pages:
        content = []
        for b in blocks:
            if is_page_furniture(b):
                continue
            if isinstance(b, Paragraph) and key(b.text) in running:
                if key(b.text) in seen:  # a page header's later copies: the first one is kept
                    continue
                seen.add(key(b.text))
            content.append(b)
        for i, block in enumerate(content):
            prev = out[-1] if out else None
            if i == 0 and isinstance(block, PageTable) and isinstance(prev, PageTable) and _aligned(prev, block):
                out[-1] = replace(prev, table=join(prev.table, block.table, words))
            else:
                out.append(block)
    return [b.table if isinstance(b, PageTable) else b for b in out]


#: A running header or footer is a short line; a paragraph of body text is never one.
RUNNING_LINE_LENGTH = 60


def running_lines(pages: list[list[Paragraph | PageTable]]) -> set[str]:
    """Texts (as keys) printed at the top or foot of two pages or more: a page header or
    footer (a title Word repeats on every page). Their copies on later pages must not stand
    between a table and its continuation, as a page number must not."""
    pages_of: dict[str, int] = {}
    for blocks in pages:
        edge = {key(b.text) for b in (blocks[:1] + blocks[-1:]) if isinstance(b, Paragraph)}
        for text in edge:
            if text and len(text) <= RUNNING_LINE_LENGTH:
                pages_of[text] = pages_of.get(text, 0) + 1
    return {text for text, count in pages_of.items() if count >= 2}


def is_page_furniture(block: Paragraph | PageTable) -> bool:
    """A page number line, which must not stand between a table and its continuation."""
    return isinstance(block, Paragraph) and bool(_PAGE_NUMBER.match(key(block.text)))


def _aligned(a: PageTable, b: PageTable) -> bool:
    return len(a.col_edges) == len(b.col_edges) and all(
        abs(x - y) <= ALIGN_TOLERANCE for x, y in zip(a.col_edges, b.col_edges, strict=True)
    )


def _row_key(table: Table, row: int) -> tuple[str, ...]:
    return tuple(key(c.text) for c in table.row_cells(row))


def repeated_header(a: Table, b: Table) -> int:
    """How many leading rows of ``b`` repeat the leading rows of ``a``."""
    k = 0
    while k < min(a.n_rows, b.n_rows, 3) and any(_row_key(a, k)) and _row_key(a, k) == _row_key(b, k):
        k += 1
    return k


def _free_columns(a: Table, words: LayoutWords) -> set[int]:
    free = {a.n_cols - 1}
    if a.n_rows:
        for cell in a.row_cells(0):
            if any(h in key(cell.text) for h in words.free_text_parts):
                free.update(range(cell.col, cell.last_col + 1))
    return free


def _is_header(table: Table, row: int, words: LayoutWords) -> bool:
    """A row of header words (評核項目 | 評核指標 | …): never the start of a row split by a break."""
    keys = [key(c.text) for c in table.row_cells(row) if c.text.strip()]
    return len(keys) >= 2 and sum(k in words.header_words for k in keys) >= 2


def _continues_row(a: Table, texted: list[Cell], words: LayoutWords) -> bool:
    """Whether the continuation's first row is the rest of ``a``'s last row, cut by the break.

    It is when it only holds text under cells of the last row that have text too, starts no
    enumerated entry (`(6)…`, `2.…`) outside the free-text columns, and does not hold a second
    score or maximum (`得分：85`, `自評：88`, `(100分)`) where the last row already has one: that
    is the next item, not the rest of this one.
    """
    if not texted:
        return False
    last = a.grid[a.n_rows - 1]
    free = _free_columns(a, words)
    for c in texted:
        above = last[c.col] if c.col < len(last) else None
        if above is None or not above.text.strip() or (above.col, above.col_span) != (c.col, c.col_span):
            return False
        if c.col not in free and _ENUMERATION.match(key(c.text)):
            return False
        if words.scored.search(key(above.text)) and words.scored.search(key(c.text)):
            return False
    return True


def _drop_header(b: Table, rows: int) -> list[Cell]:
    cells = []
    for c in b.cells:
        if c.last_row < rows:
            continue
        start = max(c.row, rows)
        cells.append(replace(c, row=start - rows, row_span=c.last_row - start + 1))
    return cells


def join(a: Table, b: Table, words: LayoutWords | None = None) -> Table:
    words = words or layout_words()
    header = repeated_header(a, b)
    rest = _drop_header(b, header)
    rows_b = b.n_rows - header
    header_rows = max(a.header_rows, header)
    if rows_b <= 0 or a.n_rows == 0:
        return replace(a, header_rows=header_rows)
    first = [c for c in rest if c.row == 0]
    texted = [c for c in first if c.text.strip()]
    if a.header_rows == 0 and all(_is_header(a, r, words) for r in range(a.n_rows)):
        header_rows = a.n_rows  # a table that began at a page's foot with its header row only
    split = a.n_rows > max(a.header_rows, header_rows) and _continues_row(a, texted, words)
    first_text_col = min((c.col for c in texted), default=a.n_cols)
    offset = a.n_rows - 1 if split else a.n_rows
    last = a.grid[a.n_rows - 1]
    extended: dict[int, Cell] = {}
    added: list[Cell] = []
    for c in rest:
        above = last[c.col] if c.row == 0 and c.col < len(last) else None
        carries = above is not None and above.col == c.col and above.col_span == c.col_span
        if above is not None and carries and (split or (not c.text.strip() and c.col < first_text_col)):
            base = extended.get(id(above), above)
            text = base.text + "\n" + c.text if split and c.text.strip() else base.text
            extended[id(above)] = replace(base, text=text, row_span=offset + c.last_row - base.row + 1)
            continue
        added.append(replace(c, row=c.row + offset))
    cells = [extended.get(id(c), c) for c in a.cells] + added
    return replace(a, cells=tuple(cells), n_rows=offset + rows_b, header_rows=header_rows)
