"""PDF → Document: ruled tables with their spans, text lines, page stitching.

Characters, rules and pictures are read by PDFium (``parsers.pdf_pdfium``, written as
pdfplumber's objects by ``parsers.pdf_objects``); pdfplumber's table finder and word extractor
run on them. pdfminer still opens the file (``parsers.pdf_open``: passwords, damage, page tree),
reads the fonts' descents (``parsers.pdf_fonts``), reads a page PDFium cannot, and reads the
characters of a page whose text is in a font the file does not embed (``_pdfium_page``).

Spans are rebuilt from geometry, not from ``extract_tables()`` (which leaves ``None`` in the
slots of a merged cell): the distinct x and y edges of all cells of a table are its grid
lines, and a cell's span is how many of them it crosses. A table that runs over a page break
comes back as one table per page; ``parsers.pdf_stitch`` joins them back.
"""

from __future__ import annotations

import contextlib
import logging
import mmap
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pdfplumber.page

from parsers import pdf_kept
from parsers.pdf_cells import cell_texts
from parsers.pdf_fonts import FontDescents
from parsers.pdf_lines import page_paragraphs, page_words, text_lines
from parsers.pdf_miner_chars import miner_reading
from parsers.pdf_objects import attach
from parsers.pdf_open import open_pdf, reading_error
from parsers.pdf_pdfium import RawPage, open_document, read_page
from parsers.pdf_rules import closing_lines, without_frames
from parsers.pdf_skim import RawObjects, file_bytes
from parsers.pdf_stitch import PageTable, stitch_pages
from parsers.pdf_stream import stream_tables
from parsers.pdf_struck import drop_struck
from parsers.pdf_superscripts import mark_superscripts
from parsers.scan import ScanReading, is_scanned, ocr_page
from pipeline import page_share
from pipeline.document import BBox, Cell, Document, Paragraph, Region, Table, TextLine
from pipeline.errors import KaoheError, NoTextError
from pipeline.i18n import _
from pipeline.options import ParseSettings
from pipeline.vocabulary import Vocabulary

log = logging.getLogger(__name__)

#: Edges closer than this (points) are the same grid line.
EDGE_TOLERANCE = 2.0
#: A page whose text is mostly `(cid:N)` glyphs has a font without a Unicode map.
CID_SHARE = 0.3


@dataclass(frozen=True)
class PageContent:
    number: int
    width: float
    height: float
    blocks: list[Paragraph | PageTable]
    lines: list[TextLine]
    #: What OCR made of the page when it was a scanned picture (``parsers.scan``), else None.
    scan: ScanReading | None = None
    #: The rotation the page was read at, when not the one the file gives it.
    turned_to: int | None = None


def parse(path: Path, vocabulary: Vocabulary | None = None, settings: ParseSettings | None = None) -> Document:
    """Read ``path``; whatever the file does wrong becomes a ``KaoheError`` with one sentence.

    ``vocabulary`` is the rubric's words (default: the default rubric's), which tell where a
    table without rules begins and whether a page's first row is a repeated header.
    ``settings.ocr`` (on by default): a page that is only a picture is OCRed (``parsers.scan``).
    Where the worker allows it, helpers read some of the pages meanwhile (``pipeline.page_share``)."""
    ocr = (settings or ParseSettings()).ocr
    password = (settings or ParseSettings()).password
    with open_pdf(path, password) as pdf:  # parsers.pdf_open: passwords, damage, cycles, page count
        try:
            page_count = len(pdf.pages)
        except Exception as exc:  # the page tree, walked for the first time
            raise reading_error(exc, None) from exc
        # The pages PDFium loaded, kept for the file's evidence pictures (``parsers.pdf_kept``),
        # where the document is never opened again (which would close them).
        keeper = pdf_kept.holder() if page_count <= min(pdf_kept.MAX_PAGES, REOPEN_PAGES) else None
        with _Pages(path, pdf, vocabulary, ocr, keep=keeper is not None) as reader:
            pages = page_share.read_pages(page_count, reader.read, lambda: _reopened(path, password, vocabulary, ocr))
            if keeper is not None:
                reader.hand_over(keeper)
    unmapped = _refuse_textless(pages)
    blocks = stitch_pages([p.blocks for p in pages], vocabulary)
    lines = tuple(line for p in pages for line in p.lines)
    return Document(
        source=str(path), format="pdf", blocks=tuple(blocks), page_count=page_count, lines=lines,
        ocr_pages=tuple(p.number for p in pages if p.scan is not None),
        seals=tuple(Region(p.number, box) for p in pages if p.scan is not None for box in p.scan.seals),
        rotations=tuple((p.number, p.turned_to) for p in pages if p.turned_to is not None),
        warnings=(_unmapped_sentence(unmapped),) if unmapped else (),
    )


def _unmapped_sentence(pages: list[int]) -> str:
    shown = ", ".join(str(n) for n in pages[:5]) + (" …" if len(pages) > 5 else "")
    return _(
        "some characters on page(s) {pages} have no Unicode map in the PDF's fonts: they print, but"
        " cannot be read as text, so figures written with them are not read"
    ).format(pages=shown)


#: PDFium's document is opened again after this many pages. It keeps each font program it has
#: loaded (decoded, with its glyph cache) as long as the document is open: a long report whose
#: pages carry their own copies of the fonts (pages put together from other files, Chromium's
#: one font per page) grew the worker by half a megabyte a page (291 MiB on 400 pages).
REOPEN_PAGES = 20


class _Pages:
    """The pages of an open PDF, read one at a time in any order (``pipeline.page_share`` hands
    them out): PDFium's document beside pdfminer's, opened again every ``REOPEN_PAGES`` pages read."""

    def __init__(self, path: Path, pdf: Any, vocabulary: Vocabulary | None, ocr: bool, keep: bool) -> None:
        self.path, self.pdf, self.vocabulary, self.ocr = path, pdf, vocabulary, ocr
        self.data: bytes | mmap.mmap | None = None
        self.document = None
        try:
            self.document = open_document(path)
            if self.document is not None and len(self.document) != len(pdf.pages):
                log.info("%s: PDFium finds %s pages, pdfminer %s: read by pdfminer", path.name, len(self.document),
                         len(pdf.pages))
                self.document.close()
                self.document = None
            self.data = file_bytes(pdf.stream)
            self.fonts = FontDescents(RawObjects(pdf.doc, self.data))
        except BaseException as exc:
            self.close()
            if isinstance(exc, (KaoheError, MemoryError)) or not isinstance(exc, Exception):
                raise
            raise reading_error(exc, None) from exc
        self.loaded: dict[int, Any] | None = {} if keep else None
        self.done = 0

    def __enter__(self) -> _Pages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, index: int) -> PageContent:
        """The page at ``index`` (from 0); what goes wrong on it, as a sentence that names it."""
        number = index + 1
        try:
            page = self.pdf.pages[index]
            number = page.page_number
            if self.document is not None and self.done and self.done % REOPEN_PAGES == 0:
                self.document.close()  # PDFium keeps every font it loaded until then
                self.document = open_document(self.path)
            self.done += 1
            document = self.document
            raw = _pdfium_page(document, index, self.fonts, page, self.loaded) if document is not None else None
            return _read_page(page, self.vocabulary, self.ocr, raw)
        except (KaoheError, MemoryError):
            raise
        except Exception as exc:  # pdfminer and pdfplumber fail in many ways on a hostile file
            raise reading_error(exc, number) from exc

    def hand_over(self, keeper: pdf_kept.Kept) -> None:
        """Give the document and the pages it kept loaded to ``keeper``, which closes them."""
        if self.document is not None and self.loaded is not None:
            keeper.adopt(self.path, self.document, self.loaded)
            self.document = None

    def close(self) -> None:
        if self.document is not None:
            self.document.close()  # the pages kept in ``loaded`` with it
            self.document = None
        if isinstance(self.data, mmap.mmap):
            self.data.close()
        self.data = None


@contextlib.contextmanager
def _reopened(path: Path, password: str | None, vocabulary: Vocabulary | None, ocr: bool) -> Iterator[Any]:
    """In a helper (``pipeline.page_share``): the file opened anew, to read pages from."""
    with open_pdf(path, password) as pdf, _Pages(path, pdf, vocabulary, ocr, keep=False) as reader:
        yield reader.read


def _pdfium_page(
    document: Any, index: int, fonts: FontDescents, page: Any, loaded: dict[int, Any] | None = None,
) -> RawPage | None:
    """The page read by PDFium, given to ``page`` as its objects; None when PDFium cannot load
    it or finds neither a character nor a picture on it: the page is then read by pdfminer,
    from its content, as pdfplumber does. Where its text is in a font the file does not embed
    (``pdf_pdfium.substituted_fonts``), the characters are pdfminer's (``pdf_miner_chars``),
    the rules and pictures still PDFium's. With ``loaded``, the PDFium page is left open in it
    (by ``index``) for the evidence pictures rather than closed, when it is small enough."""
    try:
        pdfium_page = document[index]
    except Exception as exc:  # pypdfium2.PdfiumError: a page PDFium cannot load
        log.info("page %s: PDFium cannot load it (%s): read by pdfminer", page.page_number, exc)
        return None
    kept = False
    try:
        # Kept, the text page too: the renderer looks up each figure in it.
        text = pdfium_page.get_textpage() if loaded is not None else None
        raw = read_page(pdfium_page, fonts.of_page(page.page_obj), text)
        if loaded is not None and pdf_kept.small(raw):
            loaded[index] = pdf_kept.Loaded(pdfium_page, text)
            kept = True
    finally:
        if not kept:
            pdfium_page.close()  # its text page with it
    if raw.substituted:
        reading = miner_reading(page, raw.backdrops)
        fonts_named = ", ".join(raw.substituted)
        if reading is None:
            log.info("page %s: fonts not embedded in the file (%s), set vertically: read by pdfminer",
                     page.page_number, fonts_named)
            return None
        log.info("page %s: fonts not embedded in the file (%s): characters read by pdfminer", page.page_number,
                 fonts_named)
        raw = replace(raw, chars=reading.chars, hidden=reading.hidden)
    if not raw.chars and not raw.images and not raw.hidden:
        # Nothing to read, by PDFium's reading: a blank page costs pdfminer nothing, and one
        # whose content PDFium passed over (an operand nested 100,000 deep) gets pdfminer's
        # sentence for what is wrong with it rather than "no text layer". A page whose text
        # is all hidden (``parsers.pdf_hidden``) is not read again: pdfminer would read it all.
        return None
    attach(page, raw)
    return raw


def _read_page(page: Any, vocabulary: Vocabulary | None, ocr: bool = False, raw: RawPage | None = None) -> PageContent:
    number = page.page_number
    try:
        # A scanned page gets characters and rules read from its picture in place of its own
        # objects; from there on it is read as any other page. A page whose text runs another
        # way than the page is displayed is read turned upright, and its digits set as
        # superscripts after a figure are read as superscripts (`85¹`, not 851); text struck
        # through (deleted, in a document printed with its tracked changes) is left out.
        scan = ocr_page(page) if ocr and is_scanned(page) else None
        given = page.rotation
        if scan is None:
            page = upright(page, raw)
            mark_superscripts(page.chars)
            if drop_struck(page):
                log.info("page %s: struck-through text left out", number)
        clean = page.dedupe_chars() if _has_doubled_chars(page) else page
        ruled = without_frames(clean)
        found = ruled.find_tables({"explicit_horizontal_lines": closing_lines(ruled)})
        tables = [t for t in (_page_table(t, number) for t in found) if t is not None]
        words = page_words(clean)
        if not any(t.table.n_rows >= 2 and t.table.n_cols >= 3 for t in tables):
            tables = _with_stream_tables(tables, stream_tables(clean, number, vocabulary, words))
        table_boxes = [t.bbox for t in tables]
        paragraphs = page_paragraphs(clean, number, table_boxes)
        blocks: list[Paragraph | PageTable] = [*paragraphs, *tables]
        blocks.sort(key=lambda b: b.bbox.top if b.bbox else 0.0)
        lines = text_lines(clean, number, words)
        turned_to = page.rotation if page.rotation != given else None
        return PageContent(number, float(page.width), float(page.height), blocks, lines, scan, turned_to)
    finally:
        page.close()


#: A page is turned when more than this share of its characters run in one other direction.
TURNED_SHARE = 0.5
#: Clockwise turn (degrees) that makes text running in this direction read left to right: the
#: direction of a character's baseline in PDF space (y up), from its text matrix's sign.
_TURN_FOR = {(1, 0): 0, (0, 1): 90, (-1, 0): 180, (0, -1): 270}


def upright(page: Any, raw: RawPage | None = None) -> Any:
    """The page turned so that most of its text reads left to right.

    A scanner or a viewer sets ``/Rotate`` on a page whose content is upright as drawn; a
    landscape table may be drawn turned on a portrait page. pdfplumber gives a page's objects
    as it is displayed (``/Rotate`` applied), so in both cases the words run down or up the
    page and no table or line is found. The page's rotation is set to the one that turns its
    characters' majority direction upright, and the page is read again in that frame (pdfminer
    applies the rotation to every object alike, rules included; a page read by PDFium gets
    its objects from ``raw`` again in the new frame, as ``parsers.pdf_objects`` turns them).
    """
    chars = page.chars
    if sum(1 for c in chars if c["matrix"][0] > 0 and c["matrix"][1] == 0) > TURNED_SHARE * len(chars):
        return page  # most of it reads left to right already: the count below would say turn 0
    directions: dict[tuple[int, int], int] = {}
    for char in chars:
        a, b = char["matrix"][0], char["matrix"][1]
        key = (int(a > 0) - int(a < 0), int(b > 0) - int(b < 0))
        directions[key] = directions.get(key, 0) + 1
    total = sum(directions.values())
    if not total:
        return page
    direction, count = max(directions.items(), key=lambda kv: kv[1])
    turn = _TURN_FOR.get(direction, 0)
    if not turn or count <= TURNED_SHARE * total:
        return page
    rotation = (page.rotation + turn) % 360
    obj = page.page_obj
    obj.attrs = {**obj.attrs, "Rotate": rotation}
    obj.rotate = rotation
    turned = pdfplumber.page.Page(page.pdf, obj, page_number=page.page_number, initial_doctop=page.initial_doctop)
    if raw is not None:
        attach(turned, raw)
    page.close()
    log.info("page %s read turned by %s degrees", page.page_number, turn)
    return turned


def _has_doubled_chars(page: Any) -> bool:
    """Whether some character is drawn twice in place (fake bold): only then is pdfplumber's
    ``dedupe_chars`` worth its cost, about a quarter of the reading time of a page."""
    seen: set[tuple[str, int, int]] = set()
    for char in page.chars:
        spot = (char["text"], round(char["x0"]), round(char["top"]))
        if spot in seen:
            return True
        seen.add(spot)
    return False


def _with_stream_tables(ruled: list[PageTable], stream: list[PageTable]) -> list[PageTable]:
    """Stream tables replace the ruled fragments they cover (a shaded header row alone)."""

    def overlaps(a: BBox, b: BBox) -> bool:
        return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom

    kept = [t for t in ruled if not any(overlaps(t.bbox, s.bbox) for s in stream)]
    return kept + stream


def _clusters(values: list[float]) -> list[float]:
    """Sorted distinct positions, positions closer than EDGE_TOLERANCE taken as one."""
    edges: list[float] = []
    for v in sorted(values):
        if not edges or v - edges[-1] > EDGE_TOLERANCE:
            edges.append(v)
    return edges


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def _page_table(found: Any, page_number: int) -> PageTable | None:
    boxes = [box for row in found.rows for box in row.cells if box is not None]
    texts_of = cell_texts(boxes, found.page.chars)  # parsers.pdf_cells: each character placed once
    texts = [texts_of[box] for box in boxes]
    if not boxes:
        return None
    xs = _clusters([b[0] for b in boxes] + [b[2] for b in boxes])
    ys = _clusters([b[1] for b in boxes] + [b[3] for b in boxes])
    if len(xs) < 2 or len(ys) < 2:
        return None
    cells = []
    for (x0, top, x1, bottom), text in zip(boxes, texts, strict=True):
        col, row = _index(xs, x0), _index(ys, top)
        cells.append(
            Cell(
                row=row,
                col=col,
                text=text,
                row_span=max(1, _index(ys, bottom) - row),
                col_span=max(1, _index(xs, x1) - col),
                page=page_number,
                bbox=BBox(x0, top, x1, bottom),
            )
        )
    table = Table(cells=tuple(cells), n_rows=len(ys) - 1, n_cols=len(xs) - 1, page=page_number)
    x0, top, x1, bottom = found.bbox
    return PageTable(table=table, col_edges=tuple(xs), bbox=BBox(x0, top, x1, bottom))


def _refuse_textless(pages: list[PageContent]) -> list[int]:
    """Scanned pages and fonts without a Unicode map give nothing to read: say so plainly. A
    file read anyway gives the pages where some glyphs have no map (`(cid:N)`), to be said."""
    texts = _page_texts(pages)
    joined = "".join(texts)
    if not joined.strip():
        if any(p.scan is not None for p in pages):
            raise NoTextError(_("no text layer: the pages are scanned images, and OCR read no text from them"))
        raise NoTextError(_("no text layer: the pages are scanned images"))
    cid = joined.count("(cid:")
    if cid * 6 > CID_SHARE * len(joined):
        raise NoTextError(_("no Unicode map for the text: the PDF must be OCRed or re-exported"))
    return [p.number for p, text in zip(pages, texts, strict=True) if "(cid:" in text] if cid else []


def _page_texts(pages: list[PageContent]) -> list[str]:
    """Each page's text, its paragraphs' and its tables' cells'."""
    return [
        "".join(b.text if isinstance(b, Paragraph) else " ".join(c.text for c in b.table.cells) for b in p.blocks)
        for p in pages
    ]
