"""A second reading of every item's score, from the text flow, to check the table reading.

The table reader rebuilds each table's grid and reads the score from the item's cell or its
score column; when a grid comes out wrong (a row cut by a page break, a column that shifted),
the score can be another row's or none. This reader ignores table structure: it finds the item's
name among the printed lines and reads the score printed near it, either after a score label
(`得分：85`, `自評：88`, in the name's column below it or on its line) or as a bare figure under a
score column's head (`自評分數`) in the rows before the next item. The two readings are then
compared (``reconcile``): agreement says nothing; a disagreement, or a score only one of them
found, is marked for review, and the figure keeps the better-supported value: the table's, or
the flow's when the table found none.

PDFs give their lines with word boxes (``Document.lines``); Word and ODT files have no pages,
so their flow is their paragraphs and table rows, each cell a word at its grid column.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import regex

from pipeline.classify import HEADERLESS_MATCH
from pipeline.document import BBox, Document, Paragraph, Table, TextLine, Word
from pipeline.grammar import Grammar, to_number
from pipeline.i18n import N_
from pipeline.match import best_match, keyed
from pipeline.results import ItemRow
from pipeline.rubric import Item, Rubric
from pipeline.text import key, number
from pipeline.tolerances import SCORE_EQUAL

#: Review reasons, in a few words (scores.csv `review`): kept in English in the CSV, as its
#: contract lists them; report.html shows them in the run's language (``pipeline.write.view``).
DISAGREES = N_("second reading disagrees")
FLOW_ONLY = N_("read from the text flow only")
TABLE_ONLY = N_("second reading found no score")

#: How far (points) a word may stand from a column's edges and still be in it.
_COLUMN_SLACK = 8.0
#: How many lines below an item's name its score may stand (a cell's wrapped lines).
_LINES_BELOW = 8
#: A word longer than the name by more than this is a sentence that mentions the name.
_NAME_EXTRA = 14
#: The shortest start of a name that may wrap onto the next line.
_MIN_PART = 2
_HAN = regex.compile(r"\p{Han}")
#: How many lines below a name's first line it may wrap onto.
_WRAP_LINES = 3
#: Words longer than this (characters) are narrative: a label in them gives no score.
_SHORT = 20
#: Synthetic coordinates of a Word or ODT table: one grid column is this wide.
_COLUMN_WIDTH = 100.0


@dataclass(frozen=True)
class FlowScore:
    value: float
    page: int | None
    text: str


def text_flow(doc: Document) -> tuple[TextLine, ...]:
    """The document's lines as printed: a PDF's own, else paragraphs and table rows in order."""
    if doc.lines:
        return doc.lines
    lines: list[TextLine] = []
    for block in doc.blocks:
        _block_lines(block, lines)
    return tuple(lines)


def _block_lines(block: Paragraph | Table, lines: list[TextLine]) -> None:
    if isinstance(block, Paragraph):
        top = float(len(lines))
        lines.append(TextLine((Word(block.text, BBox(0.0, top, 1e6, top + 1)),), block.page))
        return
    for r in range(block.n_rows):
        top = float(len(lines))
        words = tuple(
            Word(c.text, BBox(c.col * _COLUMN_WIDTH, top, (c.col + c.col_span) * _COLUMN_WIDTH, top + 1))
            for c in block.row_cells(r)
            if c.row == r and c.text.strip() and not c.blocks
        )
        if words:
            lines.append(TextLine(words, block.page))
        for cell in block.row_cells(r):
            if cell.row == r:
                for inner in cell.blocks:
                    _block_lines(inner, lines)


@dataclass(frozen=True)
class _Anchor:
    line: int
    word: Word
    item: Item


def read_flow_scores(lines: Sequence[TextLine], rubric: Rubric) -> dict[str, FlowScore]:
    """Each item's score as the flow prints it, where one is found near its name."""
    grammar = rubric.grammar
    anchors = _anchors(lines, rubric)
    heads = _score_heads(lines, rubric)
    scores: dict[str, FlowScore] = {}
    for n, anchor in enumerate(anchors):
        if anchor.item.no in scores:
            continue
        end = anchors[n + 1].line if n + 1 < len(anchors) else len(lines)
        found = _labelled(lines, anchor, end, grammar) or _in_score_column(lines, anchor, end, heads)
        if found is not None:
            scores[anchor.item.no] = found
    return scores


def _anchors(lines: Sequence[TextLine], rubric: Rubric) -> list[_Anchor]:
    """Where each item's name is printed as a cell's text: whole or close to it (a typo, another
    wording), on one line or wrapped in its cell onto the lines below."""
    grammar = rubric.grammar
    entries = keyed([(item.name, item) for item in rubric.items])
    longest = max(len(name) for name, _ in entries)
    heads = {key(w) for w in rubric.vocabulary.header_words}
    name_chars = {c for name, _ in entries for c in name}
    found: list[_Anchor] = []
    for i, line in enumerate(lines):
        for word in line.words:
            k = key(word.text)
            if len(k) < _MIN_PART or len(k) > longest + _NAME_EXTRA or k in heads:
                continue
            start = _HAN.findall(grammar.name_part(word.text))[:_MIN_PART]
            if len(start) < _MIN_PART:
                continue  # `(100`, `分)得分：`: the rest of a cell, not the start of a name
            if not any(c in name_chars for c in start):
                continue  # no item's name has any of these characters: none begins in this word
            text = word.text
            for below in [None, *lines[i + 1 : i + 1 + _WRAP_LINES]]:
                if below is not None:
                    part = next((w for w in below.words if _same_column(word.bbox, w.bbox)), None)
                    if part is None:
                        break
                    text += part.text
                    if len(key(text)) > longest + _NAME_EXTRA:
                        break
                match = best_match(text, entries, grammar)
                # A name printed with its maximum or score is an item's cell: a typo there
                # (創心服務) is taken at the matcher's own threshold, a bare name only when close.
                marked = grammar.max_in(text) is not None or grammar.has_score(text)
                item = match.entry
                if item is None or not any(c in key(item.name) for c in start):
                    continue  # the name must begin in this word: one of its first characters is the name's
                if marked or match.score >= HEADERLESS_MATCH:
                    found.append(_Anchor(i, word, item))
                    break
    return _first_of_each_run(found)


def _first_of_each_run(anchors: list[_Anchor]) -> list[_Anchor]:
    """A wrapped name matches from its first line and again from its second: keep the first."""
    kept: list[_Anchor] = []
    for anchor in anchors:
        last = kept[-1] if kept else None
        if last is not None and last.item is anchor.item and anchor.line - last.line <= _WRAP_LINES:
            continue
        kept.append(anchor)
    return kept


def _same_column(a: BBox, b: BBox) -> bool:
    return a.x0 - _COLUMN_SLACK <= (b.x0 + b.x1) / 2 <= a.x1 + _COLUMN_SLACK or abs(a.x0 - b.x0) <= _COLUMN_SLACK


def _labelled(lines: Sequence[TextLine], anchor: _Anchor, end: int, grammar: Grammar) -> FlowScore | None:
    """A score after a label: in the name's cell (its column read down to the next item, so a
    label and figure wrapped apart still read as one), on the name's line, or in a short line
    of its own below (`本項得分：85分`)."""
    line = lines[anchor.line]
    below = lines[anchor.line + 1 : min(end, anchor.line + 1 + _LINES_BELOW)]
    column = [anchor.word]
    column += [w for ln in below for w in ln.words if _same_column(anchor.word.bbox, w.bbox) and _short(w)]
    value = grammar.score_in("".join(w.text for w in column))
    if value is not None:
        return FlowScore(value, line.page, anchor.word.text)
    candidates = [(w, line.page) for w in line.words if w is not anchor.word and _short(w)]
    candidates += [(ln.words[0], ln.page) for ln in below if len(ln.words) == 1 and _short(ln.words[0])]
    for word, page in candidates:
        value = grammar.score_in(word.text)
        if value is not None:
            return FlowScore(value, page, word.text)
    return _score_paragraph(lines[anchor.line + 1 : end], anchor, grammar)


def _score_paragraph(lines: Sequence[TextLine], anchor: _Anchor, grammar: Grammar) -> FlowScore | None:
    """A score in a short line of its own after the item's table (`本項得分：85分`), before the
    next item: it starts no further right than the name, so it is a paragraph at the margin,
    not a wrapped line of a narrative column, and names nothing but a word such as 本項."""
    for line in lines:
        if not line.words:
            continue
        text = "".join(w.text for w in line.words)  # a justified line may come as several words
        if line.words[0].bbox.x0 > anchor.word.bbox.x0 + _COLUMN_SLACK:
            continue
        value = grammar.score_line(text)
        if value is not None:
            return FlowScore(value, line.page, text)
    return None


def _short(word: Word) -> bool:
    """A cell's fragment, not a sentence: a label in a sentence (`整體得分5分`) is no score."""
    return len(key(word.text)) <= _SHORT


def _score_heads(lines: Sequence[TextLine], rubric: Rubric) -> list[tuple[int, BBox]]:
    """The line and box of every score column's head (`得分`, `自評` over `分數`)."""
    heads = {key(w) for w in rubric.vocabulary.score_headers}
    found: list[tuple[int, BBox]] = []
    for i, line in enumerate(lines):
        for word in line.words:
            k = key(word.text)
            if k in heads:
                found.append((i, word.bbox))
            elif i + 1 < len(lines) and any(k + key(w.text) in heads for w in lines[i + 1].words
                                            if _same_column(word.bbox, w.bbox)):
                found.append((i + 1, word.bbox))
    return found


def _in_score_column(
    lines: Sequence[TextLine], anchor: _Anchor, end: int, heads: list[tuple[int, BBox]]
) -> FlowScore | None:
    """A bare figure under the nearest score column head above, on the item's rows."""
    above = [box for line, box in heads if line < anchor.line or (line == anchor.line and box is not anchor.word.bbox)]
    if not above:
        return None
    head = above[-1]
    for line in lines[anchor.line : min(end, anchor.line + _LINES_BELOW)]:
        for word in line.words:
            if word is anchor.word or not (head.x0 - _COLUMN_SLACK <= (word.bbox.x0 + word.bbox.x1) / 2 <= head.x1
                                           + _COLUMN_SLACK):
                continue
            value = to_number(word.text)
            if value is not None and 0 <= value <= anchor.item.max_points * 10:
                return FlowScore(value, line.page, word.text)
    return None


def reconcile(rows: Sequence[ItemRow], flow: dict[str, FlowScore]) -> tuple[ItemRow, ...]:
    """The table's rows with the flow's reading compared in: the row that stands for each item
    (the first with a score, as ``Extraction.items`` chooses) gets its review reason."""
    chosen: dict[str, int] = {}
    for i, row in enumerate(rows):
        if row.item_no is None:
            continue
        current = chosen.get(row.item_no)
        if current is None or (rows[current].score is None and row.score is not None):
            chosen[row.item_no] = i
    out = list(rows)
    for item_no, i in chosen.items():
        row, second = rows[i], flow.get(item_no)
        if row.score is None and second is not None:
            out[i] = replace(row, score=second.value, review=FLOW_ONLY)
        elif row.score is not None and second is None:
            out[i] = replace(row, review=row.review or TABLE_ONLY)
        elif row.score is not None and second is not None and abs(row.score - second.value) > SCORE_EQUAL:
            out[i] = replace(row, review=f"{DISAGREES} ({number(second.value)})")
    return tuple(out)
