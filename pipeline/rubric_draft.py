"""A rubric drafted from a report: ``kaohe rubric draft REPORT -o FILE``.

A new year's rubric reaches the auditors as reports written in it, long before anyone types it
into a TOML file. A clean report prints the whole rubric: each dimension's heading with its
maximum (`評核構面一(基礎服務)(200分)`), each item's name and maximum in the item column, the
評核指標 and 次評核指標 beside it, and often the grade legend under the summary. This module
reads that structure, without any rubric's item names (only the words of a vocabulary: header
words, score and 小計 labels), into a ``DraftRubric``; ``pipeline.rubric_toml`` writes it as a
rubric file. Reading the same report with the draft gives all its figures, which is the test
that the draft says what the report says; a person still checks it against the official rubric.

What it reads is the seed's layout: item tables with a header row, a dimension heading before
each table or as a full-width row inside it, the item's name and `(N分)` in its cell. A report
that prints an item's maximum nowhere, or a table per item, is drafted without what it lacks:
``DraftError`` says what could not be found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import regex

import parsers
from pipeline.classify import classify, header_columns, is_header_row
from pipeline.document import Cell, Document, Paragraph, Table
from pipeline.errors import KaoheError, RubricError, UsageError
from pipeline.grammar import Grammar
from pipeline.i18n import _
from pipeline.layout import TableKind
from pipeline.options import Limits
from pipeline.rubric import GradeBand, Rubric, load_rubric, parse_rubric
from pipeline.text import key, tidy
from pipeline.title import read_title
from pipeline.vocabulary import Vocabulary

#: A list number before an indicator's name (`1.`, `2、`, `三、`).
_NUMBERING = regex.compile(r"^\s*(?:\d+\s*[.、．]|[一二三四五六七八九十]+\s*、)\s*")
#: A name in parentheses after a dimension heading's word and numeral: `(基礎服務)`.
_PARENTHESES = regex.compile(r"[(（](?P<name>[^()（）]+)[)）]")
#: One band of a grade legend: `優=900分以上`, `甲=899-800分`, `丁=599分以下`.
_BAND = regex.compile(r"(?P<g>[^\d=;；,，。、\s]{1,3})=(?P<a>\d+)(?:[-~–～](?P<b>\d+))?分?(?P<dir>以上|以下)?")


class DraftError(KaoheError):
    """The report does not print enough of its rubric to draft one from it."""


@dataclass
class DraftIndicator:
    no: str
    name: str
    subs: list[str] = field(default_factory=list)


@dataclass
class DraftItem:
    no: str
    name: str
    max_points: float | None
    indicators: list[DraftIndicator] = field(default_factory=list)


@dataclass
class DraftDimension:
    no: str
    name: str
    max_points: float | None
    items: list[DraftItem] = field(default_factory=list)


@dataclass(frozen=True)
class DraftRubric:
    """What a report prints of its rubric; ``grades_printed`` says whether the bands are the
    report's legend or, when it prints none, the base rubric's."""

    name: str
    source: str
    roc_year: int | None
    dimensions: tuple[DraftDimension, ...]
    grades: tuple[GradeBand, ...]
    grades_printed: bool
    vocabulary: Vocabulary
    header_words: tuple[str, ...]


def draft_rubric(path: Path, base: Rubric | None = None) -> DraftRubric:
    """The rubric ``path`` prints, read in the words of ``base`` (the default rubric's)."""
    base = base or load_rubric()
    fmt = parsers.detect_format(path)
    doc = parsers.read(fmt, path, base.vocabulary)
    grammar = base.grammar
    walk = _Walk(grammar, base.vocabulary)
    layout = classify(doc, base)
    for block in layout.walk():
        if isinstance(block, Paragraph):
            walk.heading(block.text)
        elif block.kind is TableKind.item:
            walk.table(block.table)
    dimensions = tuple(d for d in walk.dimensions if d.items)
    if not dimensions:
        raise DraftError(_("no rubric table with a header row and dimension headings found in {file}").format(
            file=path.name))
    _fill_maxima(dimensions, path.name)
    legend = _legend(doc)
    title = read_title(doc, base.vocabulary)
    return DraftRubric(
        name=_title_name(doc, title.roc_year) or path.stem, source=path.name, roc_year=title.roc_year,
        dimensions=dimensions, grades=legend or base.grades, grades_printed=bool(legend),
        vocabulary=base.vocabulary, header_words=tuple(walk.header_words),
    )


class _Walk:
    """The dimensions, items and indicators met so far, in reading order."""

    def __init__(self, grammar: Grammar, vocabulary: Vocabulary) -> None:
        self.grammar, self.vocabulary = grammar, vocabulary
        self.dimensions: list[DraftDimension] = []
        self.header_words: list[str] = []
        #: The item whose rows are being read; None in the rows of an item printed again.
        self.current: DraftItem | None = None

    def heading(self, text: str) -> bool:
        """A dimension heading starts a dimension (the same number again continues it)."""
        n = self.grammar.heading_dimension(text)
        if n is None or self.grammar.is_subtotal(text):
            return False
        no = str(n)
        if self.dimensions and self.dimensions[-1].no == no:
            return True
        self.dimensions.append(DraftDimension(no, _dimension_name(text, self.vocabulary), self.grammar.max_in(text)))
        self.current = None
        return True

    def table(self, table: Table) -> None:
        columns = header_columns(table, self.vocabulary)
        if columns.item is None or (not self.dimensions and not self._has_heading_rows(table)):
            return
        grid = table.grid
        self.header_words += [tidy(c.text) for c in table.row_cells(columns.header_row) if tidy(c.text)
                              and tidy(c.text) not in self.header_words]
        for r in range(columns.header_row + 1, table.n_rows):
            cells = table.row_cells(r)
            if not cells or is_header_row(cells, self.vocabulary):
                continue
            if len(cells) == 1 and cells[0].col_span == table.n_cols:  # a full-width row
                self.heading(cells[0].text)
                continue
            first = grid[r][columns.item]
            if first is None or self.grammar.is_subtotal(first.text) or not self.dimensions:
                continue
            if first.row == r and first.text.strip():
                self._item(first)
            item = self.current
            if item is None:
                continue
            self._indicator(item, grid[r][columns.indicator] if columns.indicator is not None else None,
                            grid[r][columns.sub] if columns.sub is not None else None, r)

    def _has_heading_rows(self, table: Table) -> bool:
        return any(self.grammar.heading_dimension(c.text) is not None for c in table.cells if c.col == 0)

    def _item(self, cell: Cell) -> None:
        """A new item where its cell starts; a name the dimension already has is the same item
        printed again (a copy-paste slip), whose rows add nothing to the rubric."""
        dim = self.dimensions[-1]
        name = self.grammar.name_part(cell.text)
        if not name:
            return
        if any(item.name == name for item in dim.items):
            self.current = None
            return
        self.current = DraftItem(f"{dim.no}.{len(dim.items) + 1}", name, self.grammar.max_in(cell.text))
        dim.items.append(self.current)

    def _indicator(self, item: DraftItem, indicator: Cell | None, sub: Cell | None, r: int) -> None:
        """A row's 評核指標 (a new one where its cell starts) and its 次評核指標."""
        sub_text = tidy(sub.text) if sub is not None and sub.row == r else ""
        starts = indicator is not None and indicator.row == r and indicator.text.strip()
        if starts or not item.indicators:
            name = _NUMBERING.sub("", tidy(indicator.text)) if starts and indicator is not None else ""
            item.indicators.append(DraftIndicator(f"{item.no}.{len(item.indicators) + 1}", name or sub_text))
        if sub_text:
            item.indicators[-1].subs.append(sub_text)


def _dimension_name(text: str, vocabulary: Vocabulary) -> str:
    """`評核構面一(基礎服務)(200分)` → 基礎服務: the first parenthesised part that is not the maximum;
    without one, what follows the heading's word and numeral."""
    for m in _PARENTHESES.finditer(tidy(text)):
        name = m.group("name").strip()
        if not regex.fullmatch(r"[\p{N}\s]+分?|\D*\d+\s*分", name):
            return name
    k = key(text)
    for word in sorted(vocabulary.dimension_words, key=len, reverse=True):
        if key(word) in k:
            rest = k.split(key(word), 1)[1]
            return regex.sub(r"^[\d一二三四五六七八九十]+[、:：]?", "", rest)
    return k


def _fill_maxima(dimensions: tuple[DraftDimension, ...], source: str) -> None:
    """An item's maximum must be printed; a dimension's, when not printed, is its items' sum."""
    for dim in dimensions:
        missing = [i for i in dim.items if i.max_points is None]
        if missing:
            raise DraftError(_("{file}: item {no} {name} prints no maximum (such as (100分))").format(
                file=source, no=missing[0].no, name=missing[0].name))
        if dim.max_points is None:
            dim.max_points = sum(i.max_points or 0.0 for i in dim.items)


def _legend(doc: Document) -> tuple[GradeBand, ...]:
    """The grade legend under the summary (`優=900 分以上；甲=899-800 分；…`), highest first; empty
    when none is printed. A range's band starts at its lower end; `以下` starts at 0."""
    for paragraph in doc.paragraphs:
        bands = list(_BAND.finditer(key(paragraph.text)))
        if len(bands) < 2:
            continue
        out = []
        for m in bands:
            a, b = int(m["a"]), int(m["b"]) if m["b"] else None
            low = 0 if m["dir"] == "以下" else (min(a, b) if b is not None else a)
            out.append(GradeBand(m["g"], float(low)))
        return tuple(sorted(out, key=lambda band: -band.min_points))
    return ()


def _title_name(doc: Document, roc_year: int | None) -> str:
    """The rubric's name as the title prints it after the year (`…110年度提升服務效能執行績效與成果`)."""
    if roc_year is None:
        return ""
    marker = regex.compile(rf"{roc_year}年度?")
    for paragraph in doc.paragraphs:
        text = key(paragraph.text)
        m = marker.search(text)
        if m and len(text) - m.end() >= 4:
            return text[m.end():]
    return ""


def write_draft(report: Path, output: Path, limits: Limits | None = None) -> DraftRubric:
    """Draft ``report``'s rubric into ``output``, checked as a rubric file is when loaded: a draft
    ``load_rubric`` would refuse (items that do not add up to their dimension) is not written.

    The report is read as ``extract`` reads a file, in a worker under ``limits`` (extract's
    defaults: ``--timeout``, ``--max-memory``; ``pipeline.isolate``): it is a file someone sent,
    and may be hostile. A file that cannot be read is a ``KaoheError`` naming it, with the
    sentence extract's row would give it."""
    from pipeline.files import atomic_write
    from pipeline.isolate import read_limited
    from pipeline.rubric_toml import draft_toml

    if not report.is_file():
        raise UsageError(_("report not found: {file}").format(file=report))
    try:
        draft = read_limited(draft_rubric, report, limits or Limits())
    except (DraftError, UsageError):
        raise  # its sentence names the file already, or is not about the file
    except KaoheError as err:
        raise err.reworded(_("{file}: {reason}").format(file=report.name, reason=err.message)) from None
    text = draft_toml(draft)
    try:
        parse_rubric(text, output)
    except RubricError as err:
        raise DraftError(_("the rubric drafted from {file} does not add up: {reason}").format(
            file=report.name, reason=err.message)) from None
    atomic_write(output, text.encode("utf-8"))
    return draft
