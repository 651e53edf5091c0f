"""Tables without ruled grids, found from text alignment (camelot's "stream" technique).

Used on pages where no ruled table was found. A table starts at a header line (a line with
several rubric header words: 評核項目, 評核指標, 主辦單位…) and runs to the next header line or
the page end. Its columns are the vertical corridors of whitespace that run through almost all
of its lines; its rows are separated by horizontal rules when the page draws them
("horizontal rules only" layouts), otherwise by vertical gaps wider than the line spacing
inside a cell. A word that crosses a corridor (a full-width heading or 小計 line) becomes one
cell spanning the columns it covers.
"""

from __future__ import annotations

import itertools
from statistics import median
from typing import Any

import regex

from parsers.pdf_stitch import PageTable
from parsers.words import LayoutWords, layout_words
from pipeline.document import BBox, Cell, Table
from pipeline.text import FOOTNOTE_MARK, key
from pipeline.vocabulary import Vocabulary

#: A corridor may be crossed by this share of a table's lines (headings, 小計 lines).
CROSSING_SHARE = 0.08
#: Narrowest whitespace (points) that counts as a gap between columns.
MIN_CORRIDOR = 4.0

Word = dict[str, Any]
#: A figure word, its footnote marks (`85¹`) with it.
_FIGURE = regex.compile(rf"-?\d+(?:\.\d+)?{FOOTNOTE_MARK}*分?{FOOTNOTE_MARK}*")


def stream_tables(
    page: Any, number: int, vocabulary: Vocabulary | None = None, words: list[Word] | None = None,
) -> list[PageTable]:
    vocab = layout_words(vocabulary)
    if words is None:  # the page's words (``parsers.pdf_lines.page_words``), when not already made
        words = page.extract_words(x_tolerance=2, y_tolerance=2, keep_blank_chars=False)
    lines = _lines(words)
    starts = [i for i, line in enumerate(lines) if sum(key(w["text"]) in vocab.header_words for w in line) >= 3]
    rules = _horizontal_rules(page)
    tables = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        table = _table(lines[start:end], rules, number, vocab)
        if table is not None:
            tables.append(table)
    for start in (i for i, line in enumerate(lines) if i not in starts and _summary_head(line, vocab)):
        region = _summary_region(lines, start)
        if region is not None:
            table = _table(lines[start : region[1]], rules, number, vocab, header_lines=region[0] - start)
            if table is not None:
                tables.append(table)
    return tables


def _summary_head(line: list[Word], vocab: LayoutWords) -> bool:
    """The first header line of a summary table (考核項目成績 … 總分 … 等第), however wrapped."""
    keys = [key(w["text"]) for w in line]
    if any(k.startswith(vocab.summary_heads) or k in (vocab.total, vocab.grade) for k in keys):
        return True
    return {vocab.total[:1], vocab.grade[:1]} <= set(keys)


def _summary_region(lines: list[list[Word]], start: int) -> tuple[int, int] | None:
    """(first data line, end) of the summary table whose header starts at ``start``.

    The data row is the first line with three or more plain figures; the lines after it that
    still hold several words (a unit name wrapped as `臺南` / `分局`) belong to it.
    """
    data = next((i for i in range(start + 1, min(start + 10, len(lines))) if _figures(lines[i]) >= 3), None)
    if data is None:
        return None
    end = data + 1
    while end < len(lines) and len(lines[end]) >= 2 and _figures(lines[end]) < 3:
        end += 1
    return data, end


def _figures(line: list[Word]) -> int:
    return sum(1 for w in line if _FIGURE.fullmatch(key(w["text"])))


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into text lines by their top edge, top to bottom, left to right."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0]["top"] - word["top"]) <= 2.0:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [sorted(line, key=lambda w: w["x0"]) for line in lines]


def _horizontal_rules(page: Any) -> list[tuple[float, float, float]]:
    """(y, x0, x1) of horizontal lines and hairline rectangles."""
    rules = [
        (float(ln["top"]), float(ln["x0"]), float(ln["x1"])) for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 1
    ]
    rules += [
        (float(r["top"]), float(r["x0"]), float(r["x1"]))
        for r in page.rects
        if r["bottom"] - r["top"] < 1.5 and r["x1"] - r["x0"] > 20
    ]
    return sorted(rules)


def _coverage(lines: list[list[Word]], left: float, right: float) -> list[int]:
    """For each point of x (1 pt steps from ``left``), how many lines have a word over it."""
    width = int(right - left) + 1
    cover = [0] * width
    for line in lines:
        seen = [False] * width
        for w in line:
            for x in range(max(0, int(w["x0"] - left)), min(width, int(w["x1"] - left) + 1)):
                seen[x] = True
        for x, hit in enumerate(seen):
            cover[x] += hit
    return cover


def _free_runs(cover: list[int], allowed: int, left: float) -> list[tuple[float, float]]:
    """x intervals crossed by at most ``allowed`` lines."""
    runs: list[tuple[float, float]] = []
    run_start: int | None = None
    for x in range(len(cover) + 1):
        free = x < len(cover) and cover[x] <= allowed
        if free and run_start is None:
            run_start = x
        elif not free and run_start is not None:
            runs.append((left + run_start, left + x))
            run_start = None
    return runs


def _settle(gap: float, spans: list[tuple[float, float]], cover: list[int], left: float) -> float:
    """Move a gap that a line's word still crosses to the middle of the clear part of the first
    of ``spans`` (its piece of a run, then the whole run) that has one; failing that, to the
    part of the first span that the fewest lines cross, when fewer cross it than the gap (a
    heading line runs over every column; a name as wide as its column should not)."""
    at_gap = cover[int(gap - left)]
    if at_gap == 0:
        return gap
    for a, b in spans:
        clear = _free_runs(cover[int(a - left) : int(b - left)], 0, a)
        if clear:
            lo, hi = max(clear, key=lambda r: r[1] - r[0])
            return (lo + hi) / 2
    a, b = spans[0]
    piece = cover[int(a - left) : int(b - left)]
    least = min(piece, default=at_gap)
    if least < at_gap:
        lo, hi = max(_free_runs(piece, least, a), key=lambda r: r[1] - r[0])
        return (lo + hi) / 2
    return gap


def _corridors(body: list[list[Word]], header: list[Word], left: float, right: float) -> list[float]:
    """x positions of the column gaps.

    Gaps are the whitespace runs through the body; where a page holds no body text under two
    neighbouring header words (merged cells carried over from the page before), the gap is
    put in the whitespace between those header words, so every header word keeps a column,
    and within it clear of the few words that cross it.
    """
    cover = _coverage(body, left, right)
    runs = _free_runs(cover, max(1, int(CROSSING_SHARE * len(body))), left)
    gaps: list[float] = []
    for a, b in runs:
        if a <= left or b >= right:
            continue
        run = (a, b)
        # Header words stick out of their column's text (they are centred): the gap starts past them.
        # (A header word over the whole gap is a heading spanning several columns: no clipping.)
        for h in header:
            if h["x0"] <= a < h["x1"] < b:
                a = h["x1"]
            if a < h["x0"] < b <= h["x1"]:
                b = h["x0"]
        # A run through a sparse column crosses that column's header: split it around the header.
        inside = sorted((h["x0"], h["x1"]) for h in header if a < h["x0"] and h["x1"] < b)
        bounds = [a, *(x for pair in inside for x in pair), b]
        gaps += [
            _settle((x + y) / 2, [(x, y), run], cover, left)
            for x, y in zip(bounds[::2], bounds[1::2], strict=False)
            if y - x >= MIN_CORRIDOR
        ]
    for h, nxt in itertools.pairwise(header):
        if any(h["x1"] <= g <= nxt["x0"] for g in gaps):
            continue
        if any((h["x0"] + h["x1"]) / 2 < g < (nxt["x0"] + nxt["x1"]) / 2 for g in gaps):
            continue
        pieces = [(max(a, h["x1"]), min(b, nxt["x0"])) for a, b in runs]
        pieces = [(a, b) for a, b in pieces if b > a]
        a, b = max(pieces, key=lambda p: p[1] - p[0]) if pieces else (h["x1"], nxt["x0"])
        # The few lines allowed across the run may still reach into it (an item name as wide
        # as its column, beside a wrapped 評核指標): the gap goes where no word stands.
        gaps.append(_settle((a + b) / 2, [(a, b)], cover, left))
    return sorted(gaps)


def _row_breaks(
    lines: list[list[Word]], rules: list[tuple[float, float, float]], box: BBox, gaps: list[float]
) -> list[float]:
    """y positions that separate rows: the page's rules when it draws them, else block starts.

    Without rules, a row starts where some column starts a new block of text: a line whose
    distance to the previous line of the same column is well over the usual line pitch.
    Word's cells have no top or bottom padding, so the gap between rows is often no wider
    than the gap between lines; the columns that restart (a new 次評核指標, a new 主辦單位)
    are what shows the row boundary.
    """
    span = box.x1 - box.x0
    covered: dict[float, float] = {}  # rules are often drawn cell by cell: add up each line's segments
    for y, x0, x1 in rules:
        if box.top - 2 <= y <= box.bottom + 2:
            covered[round(y)] = covered.get(round(y), 0.0) + (x1 - x0)
    drawn = sorted(y for y, length in covered.items() if length > span / 2)
    if len(drawn) >= 2:
        return drawn
    tops: dict[int, list[float]] = {}
    for line in lines[1:]:
        for col in {_index(gaps, w["x0"] + 1) for w in line}:
            tops.setdefault(col, []).append(line[0]["top"])
    pitches = [b - a for col_tops in tops.values() for a, b in itertools.pairwise(col_tops)]
    if not pitches:
        return []
    pitch = median(pitches)
    starts = sorted(
        [b for col_tops in tops.values() for a, b in itertools.pairwise(col_tops) if b - a > 1.6 * pitch]
        + _stacked_figures(lines[1:], gaps)
    )
    breaks: list[float] = []
    for top in starts:
        if not breaks or top - 1.0 - breaks[-1] > 3.0:
            breaks.append(top - 1.0)
    return breaks


def _stacked_figures(lines: list[list[Word]], gaps: list[float]) -> list[float]:
    """Tops of lines holding a plain figure right under text of the same column.

    A figure never wraps, so two figures stacked in one column are two rows (a summary
    turned on its side: `一、基礎服務 200 176` over `二、服務遞送 300 277`).
    """
    tops = []
    for prev, line in itertools.pairwise(lines):
        above = {_index(gaps, w["x0"] + 1) for w in prev}
        if any(_FIGURE.fullmatch(key(w["text"])) and _index(gaps, w["x0"] + 1) in above for w in line):
            tops.append(line[0]["top"])
    return tops


def _index(edges: list[float], x: float) -> int:
    return sum(1 for e in edges if e <= x)


def _table(
    lines: list[list[Word]], rules: list[tuple[float, float, float]], number: int, vocab: LayoutWords,
    header_lines: int = 1,
) -> PageTable | None:
    """A table from its lines; with ``header_lines`` > 1 (a summary table) each header line is
    a row of its own and everything below them is one data row."""
    words = [w for line in lines for w in line]
    left, right = min(w["x0"] for w in words), max(w["x1"] for w in words)
    top, bottom = min(w["top"] for w in words), max(w["bottom"] for w in words)
    box = BBox(left, top, right, bottom)
    gaps = _corridors(lines[1:], lines[0], left, right)
    if len(gaps) < 2:
        return None
    heads = [max(w["bottom"] for w in line) + 0.5 for line in lines[:header_lines]]
    if header_lines > 1:
        breaks = heads
    else:
        found = [b for b in _row_breaks(lines, rules, box, gaps) if top < b < bottom]
        breaks = sorted({*found, *heads, *_crossing_lines(lines[header_lines:], gaps), *_label_lines(lines[1:], vocab)})
    slots: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        row = _index(breaks, (w["top"] + w["bottom"]) / 2)
        first, last = _index(gaps, w["x0"] + 1), _index(gaps, w["x1"] - 1)
        slots.setdefault((row, first, last), []).append(w)
    cells = _cells(slots, number)
    n_cols = len(gaps) + 1
    table = Table(cells=tuple(cells), n_rows=len(breaks) + 1, n_cols=n_cols, header_rows=header_lines, page=number)
    edges = (left, *gaps, right)
    return PageTable(table=table, col_edges=edges, bbox=box)


def _label_lines(lines: list[list[Word]], vocab: LayoutWords) -> list[float]:
    """Tops of lines that begin with a label that always starts a row (小計, 總分, 等第…)."""
    return [line[0]["top"] - 0.5 for line in lines if key(line[0]["text"]).startswith(vocab.row_labels)]


def _crossing_lines(lines: list[list[Word]], gaps: list[float]) -> list[float]:
    """Breaks around each short line (one or two words) with a word that crosses a column gap:
    a heading, a 小計 line, a note, a `等第 甲` whose grade spans two columns. Such a line is a
    row of its own. Longer lines are body text that a gap found too narrow cuts through."""
    breaks = []
    for line in lines:
        if len(line) <= 2 and any(_index(gaps, w["x0"] + 1) != _index(gaps, w["x1"] - 1) for w in line):
            breaks += [min(w["top"] for w in line) - 0.5, max(w["bottom"] for w in line) + 0.5]
    return breaks


def _cells(slots: dict[tuple[int, int, int], list[Word]], number: int) -> list[Cell]:
    """One cell per row and column; a word crossing columns widens its cell over them."""
    by_row: dict[int, list[tuple[int, int, list[Word]]]] = {}
    for (row, first, last), ws in slots.items():
        by_row.setdefault(row, []).append((first, last, ws))
    cells: list[Cell] = []
    for row, groups in sorted(by_row.items()):
        merged: list[tuple[int, int, list[Word]]] = []
        for first, last, ws in sorted(groups, key=lambda g: (g[0], g[1])):
            if merged and first <= merged[-1][1]:
                f, la, prev = merged[-1]
                merged[-1] = (f, max(la, last), prev + ws)
            else:
                merged.append((first, last, ws))
        for first, last, ws in merged:
            cells.append(_cell(row, first, last, ws, number))
    return cells


def _cell(row: int, first: int, last: int, words: list[Word], number: int) -> Cell:
    text_lines = [" ".join(w["text"] for w in line) for line in _lines(words)]
    box = BBox(
        min(w["x0"] for w in words), min(w["top"] for w in words),
        max(w["x1"] for w in words), max(w["bottom"] for w in words),
    )
    return Cell(row=row, col=first, text="\n".join(text_lines), col_span=last - first + 1, page=number, bbox=box)
