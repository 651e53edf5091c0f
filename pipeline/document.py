"""The one document model every parser produces and every stage reads.

Parsers turn PDF, DOCX or ODT files into these frozen dataclasses; nothing after the parsers
touches a format library's objects. A table is a sparse list of cells with row/column offsets
and spans (the docling shape); ``Table.grid`` paints each spanning cell into every slot it
covers so that stages can read "the cell at row r, column c" without caring about merges.

Blocks sit in reading order on the document rather than inside pages because a table that
runs over a page break is stitched into one block; every block and cell still carries the
1-based page it came from (``None`` for formats without pages, such as DOCX) so each figure
can be traced back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class BBox:
    """A rectangle in PDF points, origin at the page's top-left corner (pdfplumber's frame)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Cell:
    """One table cell as printed: merged cells appear once, with their spans.

    ``blocks`` is the cell's content as paragraphs and tables, in order, when it holds tables
    of its own (Word and ODT allow it: a frame table that lays out the real ones); empty
    otherwise. ``text`` still holds everything, a nested table's rows one line each, so a reader
    that does not look inside loses nothing."""

    row: int
    col: int
    text: str
    row_span: int = 1
    col_span: int = 1
    page: int | None = None
    bbox: BBox | None = None
    blocks: tuple[Block, ...] = ()

    @property
    def last_row(self) -> int:
        return self.row + self.row_span - 1

    @property
    def last_col(self) -> int:
        return self.col + self.col_span - 1


@dataclass(frozen=True)
class Paragraph:
    text: str
    page: int | None = None
    bbox: BBox | None = None


@dataclass(frozen=True)
class Table:
    """A table as sparse cells; ``header_rows`` counts the leading rows that are headings."""

    cells: tuple[Cell, ...]
    n_rows: int
    n_cols: int
    header_rows: int = 0
    page: int | None = None

    @property
    def grid(self) -> list[list[Cell | None]]:
        """Row-major slots, each holding the cell that covers it (the same object for a merge)."""
        return [list(row) for row in self._slots]

    @cached_property
    def _slots(self) -> tuple[tuple[Cell | None, ...], ...]:
        """The grid, painted once per table: the stages ask for it row by row, thousands of times."""
        slots: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, min(cell.last_row, self.n_rows - 1) + 1):
                for c in range(cell.col, min(cell.last_col, self.n_cols - 1) + 1):
                    slots[r][c] = cell
        return tuple(tuple(row) for row in slots)

    def row_cells(self, row: int) -> list[Cell]:
        """The distinct cells that cover ``row``, left to right."""
        seen: list[Cell] = []
        for cell in self._slots[row]:
            if cell is not None and all(cell is not s for s in seen):
                seen.append(cell)
        return seen

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(sorted({c.page for c in self.cells if c.page is not None}))


Block = Paragraph | Table


@dataclass(frozen=True)
class Region:
    """A box on a page: where a seal's red ink is on a scanned page."""

    page: int
    bbox: BBox

    def overlaps(self, page: int | None, box: BBox | None) -> bool:
        b = self.bbox
        return page == self.page and box is not None and (
            box.x0 < b.x1 and b.x0 < box.x1 and box.top < b.bottom and b.top < box.bottom
        )


@dataclass(frozen=True)
class Word:
    """A run of characters printed without a gap, with its box."""

    text: str
    bbox: BBox


@dataclass(frozen=True)
class TextLine:
    """One printed line of a page, its words left to right, wherever tables are.

    The lines of a document are its text flow as printed, read without any table structure: a
    second, independent reading of the scores (``pipeline.flow``) compares against the tables.
    """

    words: tuple[Word, ...]
    page: int | None = None

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


@dataclass(frozen=True)
class Document:
    """A parsed file: its blocks in reading order and what is known of its pages."""

    source: str
    format: str
    blocks: tuple[Block, ...]
    page_count: int | None = None
    #: Sentences for a person about parts of the file that were not read (a Word altChunk):
    #: they become notes in the report's row, whatever its status.
    warnings: tuple[str, ...] = field(default_factory=tuple)
    #: The text flow of every page (PDF); formats without pages leave it empty and the flow is
    #: taken from their paragraphs and table rows (``pipeline.flow.text_flow``).
    lines: tuple[TextLine, ...] = ()
    #: The pages (1-based) read by OCR from a scanned picture: every figure on them is a machine's
    #: reading of an image and is marked for review (``pipeline.ocr_marks``).
    ocr_pages: tuple[int, ...] = ()
    #: Where red seal ink was taken out of those pages before OCR: a figure under it is marked so.
    seals: tuple[Region, ...] = ()
    #: Pages read at another rotation than the file gives them, as (page, rotation read at): a
    #: page whose text runs down or up as displayed is read turned upright (``parsers.pdf``).
    rotations: tuple[tuple[int, int], ...] = ()

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
