"""The summary table (自行考核結果統計表): each dimension's figure, 總分 and 等第.

The seed prints it with a two-level header (考核項目成績 over the five dimension names) and one
data row; other offices turn it on its side (one row per dimension). Columns and rows are
recognized by what their header says, matched to the rubric's dimension names, never by their
position.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import regex

from pipeline.document import Cell, Table
from pipeline.grammar import to_number
from pipeline.layout import Layout, TableKind
from pipeline.match import best_match, keyed
from pipeline.results import Evidence, Figure, Grade, Unread
from pipeline.rubric import Dimension, Rubric
from pipeline.table_years import of_the_year, years_in
from pipeline.text import key

#: A band of points: `900分以上`, `800-899分`, `599分以下`, `未滿600分`.
_BAND = regex.compile(r"\d+分?(?:以上|以下|~|-|至|到)|未滿\d+")


@dataclass
class Summary:
    figures: dict[str, Figure] = field(default_factory=dict)
    total: Figure | None = None
    grade: Grade | None = None
    #: Cells of the table's own figures that are there but could not be read.
    unread: list[Unread] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.figures and self.total is None and self.grade is None


def looks_like_summary(table: Table, rubric: Rubric) -> bool:
    """A table with a short 總分 cell (or column heading) next to 等第 or to the dimension names.

    The shape only: ``pipeline.classify`` decides whether such a table is the summary or an
    appendix that comes after it."""
    vocab = rubric.vocabulary
    keys = [key(c.text) for c in table.cells]
    heads = _heads(table, _first_data_row(table, rubric), rubric)
    total = key(vocab.total)
    if not any(len(k) <= 8 and total in k for k in keys + heads):
        return False
    grades = tuple(key(w) for w in vocab.grade_labels)
    grade = any(k.startswith(grades) for k in keys) or any(g in h for h in heads for g in grades)
    return grade or len(_dimension_columns(table, rubric)[0]) >= 3


def read_summary(layout: Layout, rubric: Rubric, year: int | None = None) -> Summary:
    """The figures of the first summary table that yields any (reports print one), of the
    report's ROC ``year`` where the table prints several years."""
    for role in layout.tables(TableKind.summary):
        summary = read_table(role.table, rubric, year)
        if not summary.empty:
            return summary
    return Summary()


def read_table(table: Table, rubric: Rubric, year: int | None = None) -> Summary:
    """One summary-shaped table's figures: a row of them under the dimension names, else a row
    per dimension."""
    summary = _horizontal(table, rubric, year)
    if not summary.figures and summary.total is None:
        summary = _vertical(table, rubric, year)
    summary.unread = [u for u in summary.unread if not _read_elsewhere(u, summary)]
    return summary


def _read_elsewhere(unread: Unread, summary: Summary) -> bool:
    """Whether the table gives the figure of an unreadable cell in another (a row repeated)."""
    if unread.what == "total":
        return summary.total is not None
    if unread.what == "grade":
        return summary.grade is not None
    return unread.dimension_no in summary.figures


def is_grade_legend(table: Table, rubric: Rubric) -> bool:
    """A table of the 等第 bands (`優 | 900分以上`, `甲 | 800-899分` …): three or more cells that
    are each a grade, and two or more that are a band of points. A summary prints one grade, its
    own; one that compares years prints a grade a year, but no bands."""
    grammar = rubric.grammar
    grades = {g for c in table.cells if len(key(c.text)) <= 4 and (g := grammar.grade_in(c.text))}
    return len(grades) >= 3 and sum(bool(_BAND.search(key(c.text))) for c in table.cells) >= 2


def is_points_table(summary: Summary, rubric: Rubric) -> bool:
    """Figures that are every dimension's maximum points and the rubric's, with no 等第: a table
    of what each dimension is worth (its 配分 label left out), not of what the report scored."""
    maxima = {d.no: d.max_points for d in rubric.dimensions}
    if summary.grade is not None or set(summary.figures) != set(maxima):
        return False
    if any(f.value != maxima[no] for no, f in summary.figures.items()):
        return False
    return summary.total is None or summary.total.value == sum(maxima.values())


def _dimension_of(text: str, entries: list[tuple[str, Dimension]], rubric: Rubric) -> str | None:
    match = best_match(text, entries, rubric.grammar)
    if match.entry is not None:
        return match.entry.no
    n = rubric.grammar.heading_dimension(text)
    return str(n) if n is not None else None


def _is_max_label(text: str, rubric: Rubric) -> bool:
    return key(text).startswith(tuple(key(w) for w in rubric.vocabulary.max_labels))


def _is_max_row(table: Table, r: int, rubric: Rubric) -> bool:
    cells = table.row_cells(r)
    return bool(cells) and _is_max_label(cells[0].text, rubric)


def _first_data_row(table: Table, rubric: Rubric) -> int:
    """The first row with at least three plain figures, other than a 配分 row: the rest above is header."""
    for r in range(table.n_rows):
        if not _is_max_row(table, r, rubric) and sum(to_number(c.text) is not None for c in table.row_cells(r)) >= 3:
            return r
    return table.n_rows


def _heads(table: Table, data_row: int, rubric: Rubric) -> list[str]:
    """Each column's heading: its single-column header cells above the data row, top to bottom.

    Joining them reads a two-level header (考核項目成績 over 一、基礎服務) as the lower name, and a
    heading wrapped over several rows of a table without rules (`總` / `分`) as one word.
    """
    grid = table.grid
    heads = []
    for c in range(table.n_cols):
        seen: list[Cell] = []
        for r in range(min(data_row, table.n_rows)):
            cell = grid[r][c]
            if cell is None or cell.col_span > 1 or _is_max_row(table, r, rubric) or any(cell is s for s in seen):
                continue
            seen.append(cell)
        heads.append("".join(key(cell.text) for cell in seen))
    return heads


def _dimension_columns(table: Table, rubric: Rubric) -> tuple[dict[int, str], int]:
    """Column → dimension number, from each column's heading."""
    entries = keyed([(d.name, d) for d in rubric.dimensions])
    data_row = _first_data_row(table, rubric)
    columns: dict[int, str] = {}
    if data_row == 0 or data_row >= table.n_rows:
        return columns, data_row
    for c, head in enumerate(_heads(table, data_row, rubric)):
        if not head:
            continue
        dim_no = _dimension_of(head, entries, rubric)
        if dim_no is not None and dim_no not in columns.values():
            columns[c] = dim_no
    return columns, data_row


def _column_with(table: Table, data_row: int, words: tuple[str, ...], rubric: Rubric) -> int | None:
    keys = [key(w) for w in words]
    return next((c for c, h in enumerate(_heads(table, data_row, rubric)) if any(w in h for w in keys)), None)


def _evidence(cell: Cell) -> Evidence:
    return Evidence(cell.text, cell.page, cell.bbox)


def _horizontal(table: Table, rubric: Rubric, year: int | None) -> Summary:
    columns, data_row = _dimension_columns(table, rubric)
    summary = Summary()
    if data_row >= table.n_rows:
        return summary
    row_no = _row_of_the_year(table, data_row, year, rubric)
    if row_no is None:
        return summary
    row = table.grid[row_no]
    for c, dim_no in columns.items():
        cell = row[c]
        value = to_number(cell.text) if cell else None
        if cell is not None and value is not None:
            summary.figures[dim_no] = Figure(value, _evidence(cell))
        elif cell is not None and cell.text.strip():
            summary.unread.append(Unread("summary", _evidence(cell), dim_no))
    vocab, grammar = rubric.vocabulary, rubric.grammar
    total_col = _column_with(table, data_row, vocab.total_labels, rubric)
    if total_col is not None and (cell := row[total_col]) is not None:
        value = to_number(cell.text)
        if value is not None:
            summary.total = Figure(value, _evidence(cell))
        elif cell.text.strip():
            summary.unread.append(Unread("total", _evidence(cell)))
    grade_col = _column_with(table, data_row, vocab.grade_labels, rubric)
    if grade_col is not None and (cell := row[grade_col]) is not None:
        grade = grammar.grade_in(cell.text)
        if grade is not None:
            summary.grade = Grade(grade, _evidence(cell))
        elif cell.text.strip():
            summary.unread.append(Unread("grade", _evidence(cell)))
    if not summary.figures and summary.total is None:
        summary.unread.clear()  # no figures at all: not this table's reading (the vertical one may be)
    return summary


def _vertical(table: Table, rubric: Rubric, year: int | None) -> Summary:
    """One row per dimension: name in the first cell, figure in a later one (in the column of
    the report's year, where the columns are years)."""
    entries = keyed([(d.name, d) for d in rubric.dimensions])
    vocab, grammar = rubric.vocabulary, rubric.grammar
    totals, grades = tuple(key(w) for w in vocab.total_labels), tuple(key(w) for w in vocab.grade_labels)
    grid = table.grid
    max_cols = {
        c for c in range(table.n_cols) for r in range(table.n_rows)
        if (cell := grid[r][c]) and _is_max_label(cell.text, rubric)
    }
    summary = Summary()
    year_cols = _columns_of_the_year(table, year, rubric)
    if year_cols is not None and not year_cols:
        return summary
    for r in range(table.n_rows):
        cells = table.row_cells(r)
        if len(cells) < 2:
            continue
        label = key(cells[0].text)
        others = [c for c in cells[1:] if year_cols is None or c.col in year_cols]
        values = [(c, to_number(c.text)) for c in others if c.col not in max_cols]
        figure = next((Figure(v, _evidence(c)) for c, v in values if v is not None), None)
        printed = next((c for c, _ in values if c.text.strip()), None)  # the cell that should hold it
        if label.startswith(totals):
            summary.total = figure or summary.total
            if figure is None and printed is not None:
                summary.unread.append(Unread("total", _evidence(printed)))
        elif label.startswith(grades):
            grade = next(((g, c) for c in others if (g := grammar.grade_in(c.text))), None)
            if grade:
                summary.grade = Grade(grade[0], _evidence(grade[1]))
            elif printed is not None:
                summary.unread.append(Unread("grade", _evidence(printed)))
        else:
            dim_no = _dimension_of(cells[0].text, entries, rubric)
            if dim_no is None or dim_no in summary.figures:
                continue
            if figure is not None:
                summary.figures[dim_no] = figure
            elif printed is not None:
                summary.unread.append(Unread("summary", _evidence(printed), dim_no))
    return summary


def _row_of_the_year(table: Table, data_row: int, year: int | None, rubric: Rubric) -> int | None:
    """The row of figures to read: the first, unless several rows of figures are dated (a row a
    year), then the report's year's; None when they date other years only."""
    rows = [
        r for r in range(data_row, table.n_rows)
        if not _is_max_row(table, r, rubric) and sum(to_number(c.text) is not None for c in table.row_cells(r)) >= 3
    ]
    if len(rows) < 2:
        return data_row
    named = {r: _years_of(c for c in table.row_cells(r) if to_number(c.text) is None) for r in rows}
    chosen = of_the_year(named, year)
    if chosen is None:
        return data_row
    return min(chosen) if chosen else None


def _columns_of_the_year(table: Table, year: int | None, rubric: Rubric) -> set[int] | None:
    """The columns of the report's year, where the headings above the first dimension's row name
    years (`109年度得分 | 110年度得分`); None when they name none."""
    entries = keyed([(d.name, d) for d in rubric.dimensions])

    def names_a_dimension(r: int) -> bool:
        cells = table.row_cells(r)
        return bool(cells) and _dimension_of(cells[0].text, entries, rubric) is not None

    first = next((r for r in range(table.n_rows) if names_a_dimension(r)), table.n_rows)
    named: dict[int, set[int]] = {}
    for r in range(first):
        for cell in table.row_cells(r):
            if cell.col > 0:
                for c in range(cell.col, cell.col + cell.col_span):
                    named.setdefault(c, set()).update(years_in(cell.text))
    return of_the_year(named, year)


def _years_of(cells: Iterable[Cell]) -> set[int]:
    return set().union(*(years_in(c.text) for c in cells))
