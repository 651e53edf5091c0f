"""Indicator rows from the body tables: numbers, 主辦單位 and the 執行績效與成果 text.

Each row of a rubric table (評核項目 | 評核指標 | 次評核指標 | 主辦單位 | 執行績效與成果) is matched
to a rubric indicator through its 次評核指標 text first (it names one sub-indicator of the
item, so it tells the indicator too), through its 評核指標 cell otherwise. Columns are found
by their headers, so a 得分 / 自評分數 column or a 評核構面 column anywhere does not matter. The
item of a row is the last 評核項目 cell read, carried over page breaks and across tables,
because a continued table prints the item only once.

A row that names no indicator or sub-indicator of its own, or only the rest of the one above,
continues the row above: PDFs split a cell over a page break, and borderless PDFs read one row
as several lines. Its text is joined on, so a sentence that runs over the break
(`…計量管理` | `制度，共計有公營44站…`) reads whole for the quantities (pipeline.metrics) and
the arithmetic checks (pipeline.arithmetic). A text cut short that starts with a number
(`4.提升服務資…`, `(1)資訊公開…`) starts a row even when it names nothing yet.
"""

from __future__ import annotations

import html
import unicodedata
from dataclasses import dataclass, field, replace

import regex

from pipeline.classify import is_header_row
from pipeline.document import Cell, Table
from pipeline.grammar import Grammar
from pipeline.layout import Columns, Layout, TableKind
from pipeline.match import best_match, keyed
from pipeline.results import IndicatorRow
from pipeline.rubric import Indicator, Item, Rubric
from pipeline.text import key, tidy

#: What a unit's name ends with: 報驗發證課各辦事處 is 報驗發證課 and 各辦事處.
UNIT_SUFFIXES = (
    "小組", "單位", "中心", "課", "室", "處", "組", "科", "股", "局", "所", "隊", "館", "站",
    "小组", "单位", "课", "处", "组", "队", "馆",  # as simplified-character reports print them
)
_UNIT_SPLIT = regex.compile(r"[\s、，,;；/]+")
_UNIT_END = regex.compile(rf"(?:{'|'.join(UNIT_SUFFIXES)})(?:\([^()]*\))?")
_NUMBERED = regex.compile(r"\d{1,2}[.、]|\(\d{1,2}\)")
_TAG = regex.compile(r"<[^<>]{0,400}>")
_BULLET = regex.compile(r"^\s*(?:[•●○■□◆◇▪・‧*]|-(?!\d))\s*", regex.MULTILINE)


@dataclass
class _State:
    rubric: Rubric
    items: list[tuple[str, Item]]
    item: Item | None = None
    indicator: Indicator | None = None
    rows: list[IndicatorRow] = field(default_factory=list)


def split_units(text: str) -> tuple[str, ...]:
    """主辦單位 as a list: a unit ends at its suffix (課, 室, 處, 組…) and its (…) note.

    Lines, spaces and 、 separate units, but a PDF also wraps inside a name (`電資產品` / `課`,
    `秘書室(研` / `考)`): a piece that has not reached a suffix yet is joined to the next one.
    """
    units: list[str] = []
    pending = ""
    for token in _UNIT_SPLIT.split(unicodedata.normalize("NFKC", html.unescape(text)).strip()):
        if token.startswith("(") and units and not pending:
            units[-1] += token  # `秘書室 (研考)`: the note of the unit before
            continue
        pending += token
        while pending:
            cut = next((m.end() for m in _UNIT_END.finditer(pending) if m.end() >= 2), None)
            if cut is None or (pending[cut:].startswith("(") and ")" not in pending[cut:]):
                break  # no suffix yet, or a note still open: wait for the next piece
            units.append(pending[:cut])
            pending = pending[cut:]
    if pending:
        units.append(pending)
    return tuple(u for u in units if u)


def clean_result(text: str) -> str:
    """The narrative without HTML or list markup, whitespace made single; nothing else changed."""
    text = html.unescape(_TAG.sub("\n", text))
    text = _BULLET.sub("", text)
    return tidy(text)


def read_indicators(layout: Layout, rubric: Rubric) -> list[IndicatorRow]:
    """Every rubric-table row with a 執行績效與成果, matched to its item and indicator."""
    state = _State(rubric, keyed([(item.name, item) for item in rubric.items]))
    for role in layout.tables(TableKind.item):
        if role.columns.item is not None and role.columns.result is not None:
            _table(state, role.table, role.columns)
    return state.rows


def _own(grid: list[list[Cell | None]], r: int, col: int | None) -> Cell | None:
    """The cell that starts in row ``r`` at ``col`` and holds text (not a merge from above)."""
    if col is None or col >= len(grid[r]):
        return None
    cell = grid[r][col]
    return cell if cell is not None and cell.row == r and cell.text.strip() else None


def _table(state: _State, table: Table, cols: Columns) -> None:
    grid = table.grid
    grammar, vocab = state.rubric.grammar, state.rubric.vocabulary
    for r in range(max(cols.header_row + 1, table.header_rows), table.n_rows):
        cells = table.row_cells(r)
        if any(grammar.is_subtotal(c.text) for c in cells):
            continue
        item_cell = _own(grid, r, cols.item)
        if item_cell is not None and not grammar.name_part(item_cell.text):
            item_cell = None  # only the item's maximum or 得分, continued from the row above
        if item_cell is not None:
            if is_header_row([item_cell], vocab):
                continue
            if grammar.heading_dimension(item_cell.text) is not None and len(key(item_cell.text)) <= 40:
                state.item = state.indicator = None
                continue
            match = best_match(item_cell.text, state.items, grammar)
            state.item = match.entry
            state.indicator = None
        result_cell = _own(grid, r, cols.result)
        if result_cell is None:
            continue
        sub_cell, ind_cell = _own(grid, r, cols.sub), _own(grid, r, cols.indicator)
        text = clean_result(result_cell.text)
        units_cell = _own(grid, r, cols.units)
        units = split_units(units_cell.text) if units_cell is not None else ()
        if item_cell is None and state.rows and _continues(state, sub_cell, ind_cell):
            _continue_row(state, text, sub_cell, ind_cell, units)
            continue
        if ind_cell is not None:
            state.indicator = _match_indicator(state.rubric.grammar, state.item, ind_cell.text)
        state.rows.append(_row(state, sub_cell, ind_cell, units, text, result_cell.page))


def _continues(state: _State, sub_cell: Cell | None, ind_cell: Cell | None) -> bool:
    """A row that carries on the one above: no 次評核指標 or 評核指標 of its own, or the rest of theirs.

    A cell split over a page break (or a borderless row read as several) leaves the ends of the
    評核指標 and 次評核指標 texts in the next row too; such a fragment names no indicator by
    itself, or names the one the row above matched, or the row above had matched none yet.
    """
    last = state.rows[-1]
    if last.item_no != (state.item.no if state.item else None):
        return False
    found = _match_sub(state.rubric.grammar, state.item, sub_cell.text) if sub_cell is not None else None
    numbered = (ind_cell is not None and _NUMBERED.match(key(ind_cell.text))) or (
        sub_cell is not None and _NUMBERED.match(key(sub_cell.text))
    )
    if _incomplete(state, last):  # the rest of a row whose start was too short to name its sub-indicator
        if found is not None:
            return last.indicator_no is None or found[0].no == last.indicator_no
        return not (ind_cell is not None and _NUMBERED.match(key(ind_cell.text)))
    if numbered and found is None:
        return False  # `4.提升服務資…` or `(1)資訊公開…` starts a row even when cut short
    if found is not None:
        indicator, sub, _ = found
        sub_no = _sub_number(sub) if len(indicator.subs) > 1 else ""
        return indicator.no == last.indicator_no and sub_no == last.sub_indicator_no
    named = _match_indicator(state.rubric.grammar, state.item, ind_cell.text) if ind_cell is not None else None
    return named is None or (named.no == last.indicator_no and sub_cell is None)


def _incomplete(state: _State, row: IndicatorRow) -> bool:
    """A row whose start named no indicator, or no sub-indicator of one that has several."""
    if row.indicator_no is None:
        return True
    indicator = next((x for x in state.item.indicators if x.no == row.indicator_no), None) if state.item else None
    return indicator is not None and len(indicator.subs) > 1 and not row.sub_indicator_no


def _match_sub(grammar: Grammar, item: Item | None, printed: str) -> tuple[Indicator, str, float] | None:
    """The item's sub-indicator that ``printed`` names, with its similarity, if one clearly does."""
    if item is None:
        return None
    entries = [(grammar.name_part(s), (x, s)) for x in item.indicators for s in x.subs]
    match = best_match(printed, keyed(entries), grammar)
    if match.entry is None:
        return None
    return match.entry[0], match.entry[1], match.score


def _continue_row(
    state: _State, text: str, sub_cell: Cell | None, ind_cell: Cell | None, units: tuple[str, ...]
) -> None:
    """Join ``text`` onto the row above; a row whose start named no indicator takes this part's."""
    last = state.rows[-1]
    joined = tidy(last.result + "\n" + text)
    more = tuple(u for u in units if _UNIT_END.search(u) or u.endswith(")"))  # no stray line of another column
    row = replace(last, result=joined, units=split_units("\n".join((*last.units, *more))))
    if _incomplete(state, last) and (sub_cell is not None or ind_cell is not None):
        if ind_cell is not None:
            state.indicator = _match_indicator(state.rubric.grammar, state.item, ind_cell.text) or state.indicator
        row = _row(state, sub_cell, ind_cell, row.units, joined, last.page)
    state.rows[-1] = row


def _match_indicator(grammar: Grammar, item: Item | None, printed: str) -> Indicator | None:
    """The item's indicator that a 評核指標 cell (`2. 提高網站使用便利性`) names, if one clearly does."""
    if item is None:
        return None
    match = best_match(printed, keyed([(grammar.name_part(x.name), x) for x in item.indicators]), grammar)
    return match.entry


def _row(
    state: _State, sub_cell: Cell | None, ind_cell: Cell | None, units: tuple[str, ...], text: str, page: int | None
) -> IndicatorRow:
    """The row's indicator: its 次評核指標's, else its 評核指標's (or the one above, merged down).

    ``match_score`` is the similarity of the printed text that named it; 0 when nothing printed
    in the row did (an indicator carried from the row above, or an item's only indicator).
    """
    item = state.item
    indicator, sub_no, score = state.indicator, "", 0.0
    found = _match_sub(state.rubric.grammar, item, sub_cell.text) if sub_cell is not None else None
    if found is not None:
        indicator, sub, score = found
        state.indicator = indicator
        sub_no = _sub_number(sub) if len(indicator.subs) > 1 else ""
    elif indicator is not None and ind_cell is not None:
        grammar = state.rubric.grammar
        score = best_match(ind_cell.text, keyed([(grammar.name_part(indicator.name), indicator)]), grammar).score
    if indicator is None and item is not None and len(item.indicators) == 1:
        indicator = item.indicators[0]
    dimension_no = item.dimension_no if item is not None else ""
    return IndicatorRow(
        dimension_no, item.no if item else None, indicator.no if indicator else None, sub_no,
        indicator.name if indicator else "", units, text, score, page,
    )


def _sub_number(sub: str) -> str:
    m = regex.match(r"\s*[(（]\s*(\d+)\s*[)）]", sub)
    return f"({m.group(1)})" if m else ""
