"""The summary table (自行考核結果統計表): each dimension's figure, 總分 and 等第.

The seed prints it with a two-level header (考核項目成績 over the five dimension names) and one
data row; other offices turn it on its side (one row per dimension). Columns and rows are
recognized by what their header says, matched to the rubric's dimension names, never by their
position.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.document import Cell, Table
from pipeline.grammar import to_number
from pipeline.layout import Layout, TableKind
from pipeline.match import best_match, keyed
from pipeline.results import Evidence, Figure, Grade
from pipeline.rubric import Dimension, Rubric
from pipeline.text import key


@dataclass
class Summary:
    figures: dict[str, Figure] = field(default_factory=dict)
    total: Figure | None = None
    grade: Grade | None = None


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


def read_summary(layout: Layout, rubric: Rubric) -> Summary:
    """The figures of the first summary table that yields any (reports print one)."""
    for role in layout.tables(TableKind.summary):
        table = role.table
        summary = _horizontal(table, rubric)
        if not summary.figures and summary.total is None:
            summary = _vertical(table, rubric)
        if summary.figures or summary.total is not None or summary.grade is not None:
            return summary
    return Summary()


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


def _horizontal(table: Table, rubric: Rubric) -> Summary:
    columns, data_row = _dimension_columns(table, rubric)
    summary = Summary()
    if data_row >= table.n_rows:
        return summary
    row = table.grid[data_row]
    for c, dim_no in columns.items():
        cell = row[c]
        value = to_number(cell.text) if cell else None
        if cell is not None and value is not None:
            summary.figures[dim_no] = Figure(value, _evidence(cell))
    vocab, grammar = rubric.vocabulary, rubric.grammar
    total_col = _column_with(table, data_row, vocab.total_labels, rubric)
    if total_col is not None and (cell := row[total_col]) is not None:
        value = to_number(cell.text)
        if value is not None:
            summary.total = Figure(value, _evidence(cell))
    grade_col = _column_with(table, data_row, vocab.grade_labels, rubric)
    if grade_col is not None and (cell := row[grade_col]) is not None:
        grade = grammar.grade_in(cell.text)
        if grade is not None:
            summary.grade = Grade(grade, _evidence(cell))
    return summary


def _vertical(table: Table, rubric: Rubric) -> Summary:
    """One row per dimension: name in the first cell, figure in a later one."""
    entries = keyed([(d.name, d) for d in rubric.dimensions])
    vocab, grammar = rubric.vocabulary, rubric.grammar
    totals, grades = tuple(key(w) for w in vocab.total_labels), tuple(key(w) for w in vocab.grade_labels)
    grid = table.grid
    max_cols = {
        c for c in range(table.n_cols) for r in range(table.n_rows)
        if (cell := grid[r][c]) and _is_max_label(cell.text, rubric)
    }
    summary = Summary()
    for r in range(table.n_rows):
        cells = table.row_cells(r)
        if len(cells) < 2:
            continue
        label = key(cells[0].text)
        values = [(c, to_number(c.text)) for c in cells[1:] if c.col not in max_cols]
        figure = next((Figure(v, _evidence(c)) for c, v in values if v is not None), None)
        if label.startswith(totals):
            summary.total = figure or summary.total
        elif label.startswith(grades):
            grade = next(((g, c) for c in cells[1:] if (g := grammar.grade_in(c.text))), None)
            if grade:
                summary.grade = Grade(grade[0], _evidence(grade[1]))
        elif figure is not None:
            dim_no = _dimension_of(cells[0].text, entries, rubric)
            if dim_no is not None and dim_no not in summary.figures:
                summary.figures[dim_no] = figure
    return summary
