"""Decide once, for every table of a document, what it is and which columns its header names.

The decision, in order:

1. a table whose cells hold tables of their own is a **layout** table (a frame): the cells'
   paragraphs and tables, and the text of its cells that hold no table, are read in its place
   (its own text repeats theirs); but a table whose header names the item column, or that is
   shaped like the summary, is read as itself, a table nested in one of its cells (a small
   statistics table in an item's narrative, a score in a sub-table) being part of that cell's
   text, never a table of its own;
2. a table shaped like the summary (a short 總分 cell beside 等第 or the dimension names) is the
   **summary**, unless a summary came before it: then it is an **appendix** (a per-office
   statistics table with its own 總分 / 合計 / 平均 columns is no second summary). Three kinds
   of table look like it and are none, and are passed over (**unknown**) wherever they stand:
   a legend of the 等第 bands (`優 | 900分以上` …), a table of each dimension's points (every
   figure its maximum, no 等第), and one that compares other years than the report's;
3. after the summary, a table with a total, subtotal or average column head and none of the
   rubric's item names is an **appendix** too;
4. a table whose header names the item column (評核項目…) is an **item** table, and so is a
   table without a header whose first column names a rubric item closely, prints a score label
   or a dimension heading, or that holds a 小計 row; but a table under an item header that holds
   nothing of the rubric (no score, 小計, indicator or narrative column, no row like an item:
   `項目 | 件數 | 比率`) is **unknown**, and one after the summary that repeats only items read
   before it, without their indicators or narrative (last year's scores), is an **appendix**;
5. anything else is **unknown** and passed over.

Header columns are found here as well (the item, score, indicator, sub-indicator, units and
narrative columns), so the body and narrative readers read the same columns.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from pipeline.document import Block, Cell, Document, Paragraph, Table
from pipeline.layout import Columns, Layout, TableKind, TableRole
from pipeline.match import THRESHOLD, best_match, keyed
from pipeline.rubric import Dimension, Item, Rubric
from pipeline.summary import is_grade_legend, is_points_table, looks_like_summary, read_table
from pipeline.text import key
from pipeline.vocabulary import Vocabulary

#: Below this a name in a table without a recognizable header is not taken as an item.
HEADERLESS_MATCH = 80.0
#: A heading without 構面 must name its dimension this closely (`一、基礎服務(200分)`).
HEADING_MATCH = 85.0
#: Header rows are looked for among the first rows (more when the table says it has more).
_HEADER_SEARCH = 3


def classify(doc: Document, rubric: Rubric, year: int | None = None) -> Layout:
    """Every table of ``doc`` with its kind, the reason and its header columns; ``year`` is the
    report's ROC year, where its title gives one."""
    blocks: list[Block] = []
    roles: list[TableRole] = []
    read_before = _ItemsBefore(rubric)  # the items of the item tables before the summary

    def visit(sequence: Iterable[Block]) -> None:
        for block in sequence:
            blocks.append(block)
            if not isinstance(block, Table):
                continue
            role = _role(block, rubric, read_before if read_before.closed else None, year)
            roles.append(role)
            if role.kind is TableKind.summary:
                read_before.closed = True
            elif role.kind is TableKind.item and not read_before.closed:
                read_before.tables.append(role)
            if role.kind is TableKind.layout:
                visit(_frame_content(block))

    visit(doc.blocks)
    return Layout(doc, tuple(blocks), tuple(roles))


def _frame_content(table: Table) -> Iterator[Block]:
    """A frame table's content in reading order, row by row: the blocks of a cell that holds
    tables, and each line of a cell that holds only text, as a paragraph."""
    for cell in sorted(table.cells, key=lambda c: (c.row, c.col)):
        if cell.blocks:
            yield from cell.blocks
        else:
            lines = (line.strip() for line in cell.text.splitlines())
            yield from (Paragraph(line, cell.page, cell.bbox) for line in lines if line)


class _ItemsBefore:
    """The items the item tables before the summary name, worked out only when a table after
    it needs them (most reports have none that could repeat them)."""

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric
        self.tables: list[TableRole] = []
        self.closed = False  # the summary came: no item table is added after it
        self._named: set[str] | None = None

    @property
    def named(self) -> set[str]:
        if self._named is None:
            self._named = set().union(*(_items_named(r.table, self.rubric, r.columns) for r in self.tables))
        return self._named


def _role(table: Table, rubric: Rubric, read_before: _ItemsBefore | None, year: int | None) -> TableRole:
    """``read_before``: None before the summary; after it, the items read before it."""
    vocab = rubric.vocabulary
    summary_seen = read_before is not None
    if any(cell.blocks for cell in table.cells) and not _read_as_itself(table, rubric):
        return TableRole(table, TableKind.layout, "its cells hold tables, read in its place")
    if looks_like_summary(table, rubric):
        not_one = _no_summary(table, rubric, year)
        if not_one:
            return TableRole(table, TableKind.unknown, not_one)
        if summary_seen:
            return TableRole(table, TableKind.appendix, "a second table of totals after the summary")
        return TableRole(table, TableKind.summary, f"a {vocab.total} cell beside {vocab.grade} or the dimension names")
    columns = header_columns(table, vocab)
    if summary_seen and _has_totals_column(table, columns, vocab) and not _names_an_item(table, rubric):
        return TableRole(table, TableKind.appendix, "after the summary, with totals of its own and no rubric item")
    if columns.item is not None:
        if not _names_anything_of_the_rubric(table, rubric, columns):
            reason = f"its header names an item column, but no row names a rubric item, a score or a {vocab.subtotal}"
            return TableRole(table, TableKind.unknown, reason, columns)
        if read_before is not None and _repeats(table, rubric, columns, read_before):
            reason = "after the summary, it repeats items read before it, without their indicators or narrative"
            return TableRole(table, TableKind.appendix, reason, columns)
        return TableRole(table, TableKind.item, "its header names the item column", columns)
    reason = _headerless_item_reason(table, rubric)
    if reason:
        return TableRole(table, TableKind.item, reason, columns)
    reason = f"no header, rubric item, score or {vocab.subtotal} row found"
    return TableRole(table, TableKind.unknown, reason, columns)


def _no_summary(table: Table, rubric: Rubric, year: int | None) -> str:
    """Why a table shaped like the summary is none, or "" when it may be."""
    grade = rubric.vocabulary.grade
    if is_grade_legend(table, rubric):
        return f"a legend of the {grade} bands, shaped like the summary"
    figures = read_table(table, rubric, year)
    if is_points_table(figures, rubric):
        return f"each dimension's maximum points and no {grade}, shaped like the summary"
    if year is not None and figures.empty and not read_table(table, rubric).empty:
        return f"figures of other years than the report's ({year}), shaped like the summary"
    return ""


def _read_as_itself(table: Table, rubric: Rubric) -> bool:
    """Whether a table holding tables is an item table or the summary in its own right, not a
    frame: its own header cell names the item column (a frame's cell that only begins with a
    nested table's header does not count), or it is shaped like the summary."""
    columns = header_columns(table, rubric.vocabulary)
    if columns.item is not None:
        head = table.grid[columns.header_row][columns.item]
        if head is not None and not head.blocks:
            return True
    return looks_like_summary(table, rubric)


def header_columns(table: Table, vocab: Vocabulary) -> Columns:
    """The columns named by the first header row that names the item column (none: no header)."""
    grid = table.grid
    items = tuple(key(w) for w in vocab.item_headers)
    for r in range(min(len(grid), max(table.header_rows, _HEADER_SEARCH))):
        texts = [key(c.text) if c else "" for c in grid[r]]
        item = next((c for c, t in enumerate(texts) if t in items), None)
        if item is None:
            item = next((c for c, t in enumerate(texts) if t.startswith(items[0])), None)
        if item is None:
            continue
        heads = _column_heads(grid, r, item)
        scores = {key(w) for w in vocab.score_headers}
        result = _column(texts, vocab.result_headers)
        if result is None:
            endings = tuple(key(w) for w in vocab.result_header_endings)
            result = next((c for c, t in enumerate(texts) if endings and t.endswith(endings)), None)
        return Columns(
            header_row=r, item=item, score=next((c for c, t in enumerate(heads) if t in scores), None),
            indicator=_column(texts, vocab.indicator_headers), sub=_column(texts, vocab.sub_indicator_headers),
            units=_column(texts, vocab.unit_headers), result=result,
        )
    return Columns()


def is_header_row(cells: list[Cell], vocab: Vocabulary) -> bool:
    """A row that repeats the item column's head (a header row repeated inside the table)."""
    items = {key(w) for w in vocab.item_headers}
    return any(key(c.text) in items for c in cells)


def _column(texts: list[str], words: tuple[str, ...]) -> int | None:
    keys = {key(w) for w in words}
    return next((c for c, t in enumerate(texts) if t in keys), None)


def _column_heads(grid: list[list[Cell | None]], r: int, item_col: int) -> list[str]:
    """Each column's heading, with a wrapped second header line (`自評` / `分數`) joined on."""
    heads = [key(c.text) if c else "" for c in grid[r]]
    if r + 1 < len(grid):
        below = grid[r + 1]
        own = [c if c is not None and c.row == r + 1 else None for c in below]
        first = own[item_col]
        if first is None or not first.text.strip():
            nums = [c for c in own if c is not None and c.text.strip() and not key(c.text).isalpha()]
            if not nums:
                heads = [h + (key(c.text) if c else "") for h, c in zip(heads, own, strict=True)]
    return heads


def _has_totals_column(table: Table, columns: Columns, vocab: Vocabulary) -> bool:
    words = tuple(key(w) for w in (*vocab.total_labels, *vocab.subtotal_labels, *vocab.average_labels))
    rows = range(min(table.n_rows, max(table.header_rows, _HEADER_SEARCH)))
    return any(key(c.text).startswith(words) for r in rows for c in table.row_cells(r) if words)


def _names_an_item(table: Table, rubric: Rubric) -> bool:
    entries = _item_entries(rubric)
    for cell in table.cells:
        match = best_match(cell.text, entries, rubric.grammar)
        if match.entry is not None and match.score >= HEADERLESS_MATCH:
            return True
    return False


def _item_entries(rubric: Rubric) -> list[tuple[str, Item]]:
    """The rubric's items as ``best_match`` compares them."""
    return keyed([(item.name, item) for item in rubric.items])


def _item_cells(table: Table, columns: Columns) -> Iterator[Cell]:
    """The item column's cells below its header (the first column's, without a header)."""
    grid = table.grid
    col = columns.item if columns.item is not None else 0
    for r in range(columns.header_row + 1, table.n_rows):
        cell = grid[r][col] if col < len(grid[r]) else None
        if cell is not None and cell.row == r and cell.text.strip():
            yield cell


def _names_anything_of_the_rubric(table: Table, rubric: Rubric, columns: Columns) -> bool:
    """Whether a table with an item header holds anything of the rubric: a score column, a
    score, a 小計, an indicator or narrative column (a table continued from the page before
    may print no item name), or an item column cell at least somewhat like a rubric item
    (`網路申辦 | 件數 | 比率` under a 項目 header holds none: its every row was called unmatched)."""
    grammar = rubric.grammar
    if any(c is not None for c in (columns.score, columns.indicator, columns.sub, columns.result)):
        return True
    if any(grammar.has_score(c.text) or grammar.is_subtotal(c.text) for c in table.cells):
        return True
    entries = _item_entries(rubric)
    return any(best_match(c.text, entries, grammar).score >= THRESHOLD for c in _item_cells(table, columns))


def _items_named(table: Table, rubric: Rubric, columns: Columns) -> set[str]:
    """The rubric items an item table's item column names closely."""
    entries = _item_entries(rubric)
    named: set[str] = set()
    for cell in _item_cells(table, columns):
        match = best_match(cell.text, entries, rubric.grammar)
        if match.entry is not None and match.score >= HEADERLESS_MATCH:
            named.add(match.entry.no)
    return named


def _repeats(table: Table, rubric: Rubric, columns: Columns, read_before: _ItemsBefore) -> bool:
    """An item table after the summary that names only items read before it, and has no
    indicator or narrative column: last year's scores, a count per item, an appendix."""
    if columns.indicator is not None or columns.result is not None:
        return False
    named = _items_named(table, rubric, columns)
    return bool(named) and named <= read_before.named


def _headerless_item_reason(table: Table, rubric: Rubric) -> str:
    """Why a table without a header is read for items, or "" when nothing in it is the rubric's."""
    grammar = rubric.grammar
    if any(grammar.is_subtotal(c.text) for c in table.cells):
        return f"it holds a {rubric.vocabulary.subtotal} row"
    items = _item_entries(rubric)
    dims = keyed([(d.name, d) for d in rubric.dimensions])
    grid = table.grid
    for r in range(table.n_rows):
        cell = grid[r][0] if grid[r] else None
        if cell is None or cell.row != r or not cell.text.strip():
            continue
        if grammar.has_score(cell.text):
            return "its first column prints a score"
        match = best_match(cell.text, items, grammar)
        if match.entry is not None and match.score >= HEADERLESS_MATCH:
            return "its first column names rubric items"
        if is_heading(cell.text, rubric, dims):
            return "it prints a dimension heading"
    return ""


def is_heading(text: str, rubric: Rubric, dims: list[tuple[str, Dimension]] | None = None) -> bool:
    """Whether ``text`` is a dimension heading (`評核構面三…`, or `一、基礎服務(200分)` as the
    summary table words it)."""
    return heading_dimension_no(text, rubric, dims) is not None


def heading_dimension_no(text: str, rubric: Rubric, dims: list[tuple[str, Dimension]] | None = None) -> str | None:
    """The dimension a heading names ("" when it is a heading of no rubric dimension), or None."""
    grammar = rubric.grammar
    if len(key(text)) > 40 or grammar.score_in(text) is not None:
        return None
    n = grammar.heading_dimension(text)
    if n is not None:
        no = str(n)
    else:
        match = best_match(text, dims if dims is not None else keyed([(d.name, d) for d in rubric.dimensions]), grammar)
        if match.entry is None or match.score < HEADING_MATCH:
            return None
        no = match.entry.no
    return no if any(d.no == no for d in rubric.dimensions) else ""
