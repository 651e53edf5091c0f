"""Evidence a person can see: the piece of the PDF page a figure was read from, as a small PNG.

Each figure is rendered from its page around the box it was read from, with the printed figure
outlined in red (and the cell in blue when the figure is a small part of a tall cell). The
renderer is pypdfium2, the one pdfplumber itself uses, called directly on the crop alone:
pdfplumber's ``page.crop(...).to_image()`` reopens the file and rasterises the whole page for
every picture (about 80 ms a page here, against 1 ms for a crop). Annotations and form fields
are never drawn: what is evidence is the page's own content, and an annotation's appearance is
where a hostile file hides drawings nested without end. Word and ODT files have no pages to show:
their evidence is the cell's text. Rendering never stops a run: a file that cannot be rendered
keeps the text, and says why there is no picture. ``pipeline.write.render_pool`` runs this in
worker processes with the run's time and memory limits.
"""

from __future__ import annotations

import base64
import io
import logging
from collections import defaultdict
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import pypdfium2
from PIL import Image, ImageDraw

from parsers import pdf_kept
from pipeline.document import BBox
from pipeline.i18n import _
from pipeline.logfile import about
from pipeline.write.shots import Shot, Wanted, no_picture, no_pictures, text_shot

log = logging.getLogger("kaohe")

RESOLUTION = 110  # dots per inch: small files, Chinese still legible
_SCALE = RESOLUTION / 72
_PAD_X, _PAD_Y = 36.0, 20.0  # points of context around the figure
_TALL = 130.0  # a box taller than this is a whole table cell: show only the part around the figure
_ABOVE, _BELOW = 96.0, 16.0  # points kept above and below the figure in a tall cell
_NEAR = 150.0  # a figure in its own column this close to the cell is shown in one piece with it

K = TypeVar("K", bound=Hashable)
_Colour = tuple[int, int, int]
_RED: _Colour = (220, 0, 0)
_BLUE: _Colour = (31, 111, 209)


def render_file(path: Path, name: str, wanted: Mapping[K, Wanted], password: str | None) -> dict[K, Shot]:
    """In a worker: the file's pictures, its name on every line it logs."""
    with about(name):
        return render_shots(path, wanted, password)


def warm() -> None:
    """Load what the first picture would load on its way (PIL's image plugins, its palette and
    PNG encoder): for a process that forks the renderers, so that each finds it loaded."""
    _data_uri(Image.new("RGB", (2, 2), (255, 255, 255)))


def preload(path: Path, password: str | None = None) -> None:
    """In the renderer, while the file is still being read by another process: the file opened
    and its pages loaded by PDFium (with their text pages), for ``render_shots`` to take from
    ``parsers.pdf_kept`` as it takes a reading worker's. Only what ``pdf_kept`` would keep: a
    longer file's document alone, and no page of more than ``pdf_kept.MAX_OBJECTS`` objects
    and characters. What goes wrong is left for ``render_shots`` to meet and say."""
    try:
        document = pypdfium2.PdfDocument(path, password=password)
    except Exception as err:  # pypdfium2.PdfiumError: damaged, encrypted; render_shots says so
        log.debug("%s: not opened ahead of its pictures: %r", path.name, err)
        return
    pages: dict[int, pdf_kept.Loaded] = {}
    holder = pdf_kept.hold(path, document, pages)
    if len(document) > pdf_kept.MAX_PAGES:
        return
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage()
        if pypdfium2.raw.FPDFPage_CountObjects(page.raw) + text.count_chars() > pdf_kept.MAX_OBJECTS:
            page.close()  # its text page with it; render_shots loads it again if it needs it
            continue
        holder.pages[index] = pdf_kept.Loaded(page, text)


def render_shots(source: Path | None, wanted: Mapping[K, Wanted], password: str | None = None) -> dict[K, Shot]:
    """One Shot per key: cropped from the PDF ``source`` where a page and box are known;
    ``password`` opens an encrypted one (the run's ``--password``, as for reading it)."""
    shots = {key: text_shot(w.evidence) for key, w in wanted.items()}
    by_page: dict[int, list[K]] = defaultdict(list)
    for key, w in wanted.items():
        if w.evidence.page is not None and w.evidence.bbox is not None:
            by_page[w.evidence.page].append(key)
    if source is None or not by_page:
        return shots
    kept = pdf_kept.pages_of(source)  # the reader's, when this worker has just read the file
    try:
        doc = kept.document if kept is not None else pypdfium2.PdfDocument(source, password=password)
    except (MemoryError, RecursionError):
        raise  # the worker's limit: reported with it (render_pool)
    except Exception as err:  # a damaged or changed file: the report keeps the text
        log.warning("%s: could not open it to render evidence: %r", source.name, err)
        if getattr(err, "err_code", None) == pypdfium2.raw.FPDF_ERR_PASSWORD:  # its result came from the cache
            return no_pictures(wanted, _("the file is encrypted and this run was given no password that opens it"
                                         " (--password)"))
        return no_pictures(wanted, _("the file could not be opened to render it"))
    try:
        for page_no, keys in sorted(by_page.items()):
            if not 1 <= page_no <= len(doc):
                continue
            rotation = next((wanted[k].rotation for k in keys if wanted[k].rotation is not None), None)
            loaded = kept.pages.get(page_no - 1) if kept is not None else None
            if loaded is not None:
                page = _Page(loaded.page, rotation, loaded.text)
            else:
                page = _Page(doc[page_no - 1], rotation)
            for key in keys:
                shots[key] = page.shot(wanted[key])
    except (MemoryError, RecursionError):
        raise
    except Exception as err:
        log.warning("%s: could not render evidence: %r", source.name, err)
        reason = _("rendering failed ({error_type})").format(error_type=type(err).__name__)
        shots = {k: s if s.image else no_picture(wanted[k].evidence, reason) for k, s in shots.items()}
    finally:
        if kept is None:
            doc.close()  # a kept document is closed by its keeper (``parsers.pdf_kept``)
    return shots


class _Page:
    """One PDF page in pdfplumber's frame (points, origin at the media box's top-left corner)."""

    def __init__(self, page: Any, rotation: int | None = None, text: Any = None) -> None:
        if rotation == 0:
            page.set_rotation(0)  # read upright as drawn: its boxes are in the unrotated frame
        self._page = page
        self._turned = rotation is not None and rotation != 0
        # The reader's text page when it kept one: its characters' boxes are in page space,
        # whatever the page's rotation.
        self._text = text if text is not None else page.get_textpage()
        self._count = int(self._text.count_chars())
        left, _, _, top = page.get_mediabox()
        crop_left, crop_bottom, crop_right, crop_top = page.get_cropbox()
        self._left, self._top = float(left), float(top)
        # The crop box, in the same frame: what pdfium draws.
        self._frame = BBox(crop_left - left, top - crop_top, crop_right - left, top - crop_bottom)

    def shot(self, w: Wanted) -> Shot:
        box = w.evidence.bbox
        if box is not None and self._turned:
            return no_picture(w.evidence, _("its page is drawn turned and was read turned upright"))
        if box is None or self._page.get_rotation():
            return text_shot(w.evidence)
        inside = self._hits(w.figure, box) if w.figure else []
        # A figure in its own column (得分 / 自評分數) stands in the same row, to the right.
        row = BBox(box.x1, box.top, self._frame.x1, box.bottom)
        beside = self._hits(w.figure, row) if w.figure and not inside else []
        far = max(beside, key=lambda b: b.x0) if beside else None
        if inside:
            pieces = [self._piece(_cut(box, inside[-1]), [(box, _BLUE, 1, 0), (inside[-1], _RED, 2, 2)])]
        elif far is not None and far.x0 - box.x1 < _NEAR:
            cut = _cut(box, None)
            region = BBox(cut.x0, cut.top, far.x1, max(cut.bottom, far.bottom))
            pieces = [self._piece(region, [(box, _BLUE, 1, 0), (far, _RED, 2, 2)])]
        elif far is not None:
            pieces = [self._piece(_cut(box, None), [(box, _BLUE, 1, 0)]), self._piece(far, [(far, _RED, 2, 2)])]
        else:
            pieces = [self._piece(_cut(box, None), [(box, _RED, 2, 1)])]
        if any(p is None for p in pieces):
            return text_shot(w.evidence)
        picture = _join([p for p in pieces if p is not None])
        return Shot(w.evidence.text, w.evidence.page, _data_uri(picture), picture.width, picture.height)

    def _piece(self, region: BBox, outlines: list[tuple[BBox, _Colour, int, float]]) -> Image.Image | None:
        """``region`` and some context around it, rendered, with ``outlines`` drawn on it."""
        f = self._frame
        view = BBox(
            max(f.x0, region.x0 - _PAD_X), max(f.top, region.top - _PAD_Y),
            min(f.x1, region.x1 + _PAD_X), min(f.bottom, region.bottom + _PAD_Y),
        )
        if view.x1 <= view.x0 or view.bottom <= view.top:
            return None
        picture: Image.Image = self._page.render(
            scale=_SCALE, crop=(view.x0 - f.x0, f.bottom - view.bottom, f.x1 - view.x1, view.top - f.top),
            draw_annots=False, may_draw_forms=False,
        ).to_pil().convert("RGB")
        draw = ImageDraw.Draw(picture)
        for b, colour, width, pad in outlines:
            draw.rectangle(
                (
                    (b.x0 - pad - view.x0) * _SCALE, (b.top - pad - view.top) * _SCALE,
                    (b.x1 + pad - view.x0) * _SCALE, (b.bottom + pad - view.top) * _SCALE,
                ),
                outline=colour, width=width,
            )
        return picture

    def _hits(self, figure: str, area: BBox) -> list[BBox]:
        """Where ``figure`` is printed inside ``area`` (not as part of a longer number), in text order."""
        found: list[BBox] = []
        searcher = self._text.search(figure, match_case=True)
        while (hit := searcher.get_next()) is not None:
            start, count = hit
            if self._digit_at(start - 1) or self._digit_at(start + count):
                continue
            boxes = [self._text.get_charbox(i, loose=True) for i in range(start, start + count)]
            here = BBox(
                min(b[0] for b in boxes) - self._left, self._top - max(b[3] for b in boxes),
                max(b[2] for b in boxes) - self._left, self._top - min(b[1] for b in boxes),
            )
            centre_x, centre_y = (here.x0 + here.x1) / 2, (here.top + here.bottom) / 2
            if area.x0 <= centre_x <= area.x1 and area.top <= centre_y <= area.bottom:
                found.append(here)
        return found

    def _digit_at(self, index: int) -> bool:
        return 0 <= index < self._count and bool(self._text.get_text_range(index, 1).isdigit())


def _cut(box: BBox, figure: BBox | None) -> BBox:
    """A tall cell cut down to the part around its figure (or to its top when there is none)."""
    if box.bottom - box.top <= _TALL:
        return box
    if figure is None:
        return BBox(box.x0, box.top, box.x1, box.top + _TALL)
    return BBox(box.x0, max(box.top, figure.top - _ABOVE), box.x1, min(box.bottom, figure.bottom + _BELOW))


def _join(pieces: list[Image.Image]) -> Image.Image:
    """Pictures side by side, a grey bar between them (the row's cells that are left out)."""
    gap = 8
    width = sum(p.width for p in pieces) + gap * (len(pieces) - 1)
    height = max(p.height for p in pieces)
    joined = Image.new("RGB", (width, height), (255, 255, 255))
    draw = ImageDraw.Draw(joined)
    x = 0
    for n, piece in enumerate(pieces):
        if n:
            draw.rectangle((x - gap + 2, 0, x - 3, height), fill=(190, 190, 190))
        joined.paste(piece, (x, 0))
        x += piece.width + gap
    return joined


def _data_uri(image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.quantize(colors=32, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
