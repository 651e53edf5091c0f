"""A page's characters, rules and pictures read by PDFium, as pdfplumber's page objects.

pdfminer interprets a page's content in Python, and pdfplumber turns every one of its layout
objects into a dict: three quarters of the time of reading a report. PDFium (C++, through
pypdfium2) interprets the same content ten times faster. This module reads from PDFium what
pdfplumber's table finder and word extractor use and writes it in pdfplumber's own object
dicts, in pdfplumber's frame (``/Rotate`` applied as pdfminer applies it, y from the top), so
that ``find_tables``, ``extract_words``, ``dedupe_chars``, ``filter`` and ``crop`` run unchanged
on top (see ``attach``).

What is read, and how it matches pdfminer's objects:

* characters: the code point PDFium maps the glyph to (generated spaces and line ends left
  out), the font's name and size, the character's matrix, and a box made as pdfminer makes it:
  from the origin along the baseline by the advance, and from the font's descent up by the
  font size (not the glyph's ink box, which is smaller and varies from glyph to glyph);
* paths: each subpath as pdfminer classifies it: a single segment is a ``line``, a closed
  axis-aligned four-sided one a ``rect``, anything else a ``curve`` with its points;
* pictures: the box of each image object (``parsers.scan`` tells a scanned page by them);
* what a viewer does not show is left out (``parsers.pdf_hidden``): text in render mode 3,
  white or fully transparent where nothing is painted under it, and glyphs too small to see.
  PDFium is asked for a text object's render mode and fill colour once per object, and for a
  path's colours once per path (``Backdrops``).

Coordinates come from PDFium as 32-bit floats; they are rounded to ``DECIMALS`` places, which
gives back the decimal a content stream writes (``95.3`` rather than ``95.30000305``), so that
edges that coincide in the file coincide here too.
"""

from __future__ import annotations

import ctypes
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import pypdfium2
import pypdfium2.raw as pdfium_c
import pypdfium2_raw.bindings as _bindings

from parsers import pdf_hidden
from parsers.pdf_hidden import Backdrops, Box

log = logging.getLogger(__name__)

#: Decimal places kept of PDFium's 32-bit coordinates.
DECIMALS = 3
#: Form XObjects nested deeper than this are not entered (a hostile file may nest them without end).
MAX_FORM_DEPTH = 12

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class RawChar(NamedTuple):
    """One character in PDF user space (before ``/Rotate``); a tuple, not a frozen dataclass,
    because a page makes thousands and a frozen dataclass sets each field through a call."""

    text: str
    fontname: str
    size: float
    #: The text matrix times the CTM, without the font size, as pdfminer's ``LTChar.matrix``.
    matrix: Matrix
    #: Advance along the baseline and the font's descent, in the font size's units.
    adv: float
    descent: float


@dataclass(frozen=True)
class RawPath:
    """One painted path in user space: pdfminer's operators with their end points."""

    ops: tuple[tuple[str, tuple[tuple[float, float], ...]], ...]
    stroke: bool
    fill: bool
    evenodd: bool
    linewidth: float


@dataclass(frozen=True)
class RawPage:
    chars: tuple[RawChar, ...]
    paths: tuple[RawPath, ...]
    #: Each image's four corners in user space.
    images: tuple[tuple[tuple[float, float], ...], ...]
    #: Fonts of the page's text that the file does not embed and PDFium does not carry, by
    #: name: no character was read (``substituted_fonts``); pdfminer gives them
    #: (``parsers.pdf_miner_chars``).
    substituted: tuple[str, ...] = ()
    #: What is painted under text that would show it though white or invisible (``parsers.pdf_hidden``).
    backdrops: Backdrops = pdf_hidden.NOTHING
    #: How many characters were left out as not shown: a page whose text is all hidden is not
    #: one without text (which pdfminer reads again, hidden text and all: ``parsers.pdf``).
    hidden: int = 0


def _mult(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF's row-vector convention, as pdfminer's ``mult_matrix``)."""
    a1, b1, c1, d1, e1, f1 = m
    a0, b0, c0, d0, e0, f0 = n
    return (
        a0 * a1 + c0 * b1, b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1, b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0,
    )


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _r(v: float) -> float:
    return round(v, DECIMALS)


def read_page(
    page: pypdfium2.PdfPage, descents: Callable[[str], float | None] | None = None,
    textpage: pypdfium2.PdfTextPage | None = None,
) -> RawPage:
    """Everything the layout readers use from one page, in PDF user space.

    ``descents`` gives a font's descent as pdfminer reads it (``parsers.pdf_fonts``), by the
    font's base name (``""`` for a Type 3 font); None where it cannot tell, and then PDFium's
    own (from the font program) is taken. A page with text in a font the file does not embed
    comes back without characters, the fonts named in ``substituted``. The characters are read
    from ``textpage`` when one is given (and it is left open: ``parsers.pdf_kept``), else from
    a text page made and closed here."""
    paths: list[RawPath] = []
    images: list[tuple[tuple[float, float], ...]] = []
    texts: list[tuple[Any, Matrix]] = []
    painted: list[Box] = []
    for obj, matrix in _objects(page.raw):
        kind = pdfium_c.FPDFPageObj_GetType(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            found = list(_paths(obj, matrix))
            paths.extend(found)
            painted.extend(_painted(obj, found))
        elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            corners = tuple((_r(x), _r(y)) for x, y in (_apply(matrix, *p) for p in _UNIT_SQUARE))
            images.append(corners)
            painted.append(_bounds(corners))
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            texts.append((obj, matrix))
        elif kind == pdfium_c.FPDF_PAGEOBJ_SHADING:
            painted.append(pdf_hidden.EVERYWHERE)  # its extent is its clip's: taken as the page's
    backdrops = Backdrops(tuple(painted))
    substituted = substituted_fonts(obj for obj, _ in texts)
    if substituted:
        return RawPage(
            chars=(), paths=tuple(paths), images=tuple(images), substituted=substituted, backdrops=backdrops,
        )
    tiny: list[int] = []
    unseen: list[RawChar] = []
    chars = list(_chars(page, texts, descents or (lambda name: None), textpage, backdrops, tiny, unseen))
    shown = pdf_hidden.without_tiny(chars, tiny)
    return RawPage(
        chars=shown, paths=tuple(paths), images=tuple(images), backdrops=backdrops,
        hidden=len(unseen) + len(chars) - len(shown),
    )


def _bounds(points: Iterable[tuple[float, float]]) -> Box:
    xs, ys = zip(*points, strict=True)
    return (min(xs), min(ys), max(xs), max(ys))


def _color(getter: Callable[..., int], obj: Any) -> pdf_hidden.Rgba:
    """A page object's fill or stroke colour by ``getter``; None where PDFium gives none (a pattern)."""
    r, g, b, a = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
    if not getter(obj, r, g, b, a):
        return None
    return (r.value, g.value, b.value, a.value)


def _painted(obj: Any, subpaths: list[RawPath]) -> Iterator[Box]:
    """The boxes a path object paints in a colour other than white (``parsers.pdf_hidden``):
    each filled subpath's, and each stroked segment's widened by half the line width. A
    colour PDFium does not give counts as painted."""
    if not subpaths:
        return
    if subpaths[0].fill and not pdf_hidden.pale(_color(pdfium_c.FPDFPageObj_GetFillColor, obj)):
        for path in subpaths:
            yield _bounds(pt for _, pts in path.ops for pt in pts)
    if subpaths[0].stroke and not pdf_hidden.pale(_color(pdfium_c.FPDFPageObj_GetStrokeColor, obj)):
        for path in subpaths:
            points = [pt for _, pts in path.ops for pt in pts]
            if any(op == "h" for op, _ in path.ops):
                points.append(points[0])
            half = path.linewidth / 2
            for (x0, y0), (x1, y1) in zip(points, points[1:] or points, strict=False):
                yield (min(x0, x1) - half, min(y0, y1) - half, max(x0, x1) + half, max(y0, y1) + half)


#: The standard 14 fonts: PDFium draws them with fonts of its own (built into the library)
#: when a file does not embed them, the same on every machine.
STANDARD_FONTS = frozenset({
    "Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique",
    "Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Helvetica-Oblique",
    "Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic", "Symbol", "ZapfDingbats",
})


def substituted_fonts(text_objects: Iterable[Any]) -> tuple[str, ...]:
    """The names of the fonts among ``text_objects``' that the file does not embed and that
    are not a standard font: PDFium lays out their glyphs with whatever font of the machine it
    substitutes, so what it reads depends on the machine.

    Without a CJK font on the machine a CJK glyph has no outline: PDFium's text page leaves
    out a text object that draws nothing (a lone `。` is lost), and a digit's box is the
    substitute's ink, wider than the advance the PDF gives it. With one, the boxes still follow
    that font's glyphs. pdfminer takes the advances from the PDF's widths and its own CID
    metrics, which are the same everywhere, so such a page's characters are left to it."""
    seen: dict[bytes, str | None] = {}
    for obj in text_objects:
        font = pdfium_c.FPDFTextObj_GetFont(obj)
        if not font:
            continue
        handle = _handle(font)
        if handle in seen:
            continue
        name: str | None = None
        if not pdfium_c.FPDFFont_GetIsEmbedded(font):
            base = _base_name(font)
            name = None if base in STANDARD_FONTS else (base or "unnamed")
        seen[handle] = name
    return tuple(sorted({n for n in seen.values() if n is not None}))


def _base_name(font: Any) -> str:
    """The font's ``/BaseFont`` without its subset tag, as PDFium gives it (``""`` for none)."""
    length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    if length <= 1:
        return ""
    buf = ctypes.create_string_buffer(length)
    pdfium_c.FPDFFont_GetBaseFontName(font, buf, length)
    return buf.value.decode("utf-8", "replace")


_UNIT_SQUARE = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _objects(raw_page: Any) -> Iterator[tuple[Any, Matrix]]:
    """Every page object with the matrix from its own space to the page's, forms entered."""
    count = pdfium_c.FPDFPage_CountObjects(raw_page)
    stack: list[tuple[Any, Matrix, int]] = [
        (pdfium_c.FPDFPage_GetObject(raw_page, i), _IDENTITY, 0) for i in reversed(range(count))
    ]
    while stack:
        obj, parent, depth = stack.pop()
        if not obj:
            continue
        own = _mult(_matrix(obj), parent)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_FORM:
            if depth < MAX_FORM_DEPTH:
                inner = pdfium_c.FPDFFormObj_CountObjects(obj)
                stack += [(pdfium_c.FPDFFormObj_GetObject(obj, i), own, depth + 1) for i in reversed(range(inner))]
            continue
        yield obj, own


def _paths(obj: Any, matrix: Matrix) -> Iterator[RawPath]:
    """A path object's subpaths, each with pdfminer's operator letters (``m l c h``).

    PDFium gives a Bézier curve as three ``BEZIERTO`` points and a ``h`` as a flag on the
    segment it closes; pdfminer keeps only a curve's end point in ``pts``, so only that is
    kept here too."""
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    if not pdfium_c.FPDFPath_GetDrawMode(obj, fillmode, stroke):
        return
    width = ctypes.c_float()
    linewidth = float(width.value) if pdfium_c.FPDFPageObj_GetStrokeWidth(obj, width) else 1.0
    fill = fillmode.value != pdfium_c.FPDF_FILLMODE_NONE
    evenodd = fillmode.value == pdfium_c.FPDF_FILLMODE_ALTERNATE
    x, y = ctypes.c_float(), ctypes.c_float()
    ops: list[tuple[str, tuple[tuple[float, float], ...]]] = []
    bezier = 0
    for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not seg or not pdfium_c.FPDFPathSegment_GetPoint(seg, x, y):
            continue
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        px, py = _apply(matrix, float(x.value), float(y.value))
        point = (_r(px), _r(py))
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            if ops:
                yield RawPath(tuple(ops), bool(stroke.value), fill, evenodd, linewidth)
            ops = [("m", (point,))]
            bezier = 0
        elif kind == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            bezier += 1
            if bezier % 3:
                continue
            ops.append(("c", (point,)))
        else:
            ops.append(("l", (point,)))
            bezier = 0
        if pdfium_c.FPDFPathSegment_GetClose(seg):
            ops.append(("h", ()))
    if ops:
        yield RawPath(tuple(ops), bool(stroke.value), fill, evenodd, linewidth)


def _unchecked(name: str, restype: Any) -> Any:
    """A copy of PDFium's function ``name`` of its own, without argument types: ctypes then
    checks and converts nothing on the way in, which halves a call (0.47 µs to 0.23 µs here), and
    the character loop makes four of them a character. Its callers pass exactly what C takes: the
    text page's pointer, a Python int that fits a C int, and ``byref`` out-parameters. Where the
    binding does not give its library (another pypdfium2), the checked function is used."""
    try:
        fn = _bindings._libs["pdfium"][name]
    except (AttributeError, KeyError, TypeError, OSError):
        return getattr(pdfium_c, name)
    fn.restype = restype
    return fn


_GET_UNICODE = _unchecked("FPDFText_GetUnicode", ctypes.c_uint)
_HAS_MAP_ERROR = _unchecked("FPDFText_HasUnicodeMapError", ctypes.c_int)
_GET_ORIGIN = _unchecked("FPDFText_GetCharOrigin", ctypes.c_int)
_GET_LOOSE_BOX = _unchecked("FPDFText_GetLooseCharBox", ctypes.c_int)
_GET_BOX = _unchecked("FPDFText_GetCharBox", ctypes.c_int)
_GET_RENDER_MODE = _unchecked("FPDFTextObj_GetTextRenderMode", ctypes.c_int)
_GET_FILL_COLOR = _unchecked("FPDFPageObj_GetFillColor", ctypes.c_int)


def _handle(ptr: Any) -> bytes:
    """A pointer's address as a key: its bytes, the cheapest way ctypes gives it."""
    return bytes(ptr)


def _chars(
    page: pypdfium2.PdfPage, texts: list[tuple[Any, Matrix]], descents: Callable[[str], float | None],
    given: pypdfium2.PdfTextPage | None = None, backdrops: Backdrops = pdf_hidden.NOTHING,
    tiny: list[int] | None = None, left_out: list[RawChar] | None = None,
) -> Iterator[RawChar]:
    """The page's characters, those a viewer does not show left out (``parsers.pdf_hidden``)
    into ``left_out``; the indices among them of glyphs too small to see go to ``tiny``, for the
    page to decide."""
    tiny = [] if tiny is None else tiny
    unseen_chars = [] if left_out is None else left_out
    textpage = given if given is not None else page.get_textpage()
    try:
        tp = textpage.raw
        ox, oy = ctypes.c_double(), ctypes.c_double()
        m = pdfium_c.FS_MATRIX()
        loose = pdfium_c.FS_RECTF()
        left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
        fonts: dict[bytes, tuple[str, float]] = {}
        read: set[bytes] = set()
        last, fontname, descent, size = b"", "unknown", 0.0, 0.0
        a = b = c = d = 0.0
        rounded_size = 0.0
        ra, rb, rc, rd = 1.0, 0.0, 0.0, 1.0
        along, scale = True, 1.0
        unseen, small = False, False
        yielded = 0
        new_tuple = tuple.__new__
        count = pdfium_c.FPDFText_CountChars(tp)
        # Five calls into PDFium per character, a sixth for some, two more per text object:
        # each bound once here, its pointers made once (a module attribute and a ctypes
        # conversion per call were a third of the loop), six of them without argument checks
        # (``_unchecked``).
        text_object = pdfium_c.FPDFText_GetTextObject
        get_unicode, map_error, get_origin, get_loose = _GET_UNICODE, _HAS_MAP_ERROR, _GET_ORIGIN, _GET_LOOSE_BOX
        get_box, render_mode, fill_color = _GET_BOX, _GET_RENDER_MODE, _GET_FILL_COLOR
        ox_p, oy_p, loose_p = ctypes.byref(ox), ctypes.byref(oy), ctypes.byref(loose)
        left_p, right_p, bottom_p, top_p = (ctypes.byref(v) for v in (left, right, bottom, top))
        red, green, blue, alpha = ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint(), ctypes.c_uint()
        red_p, green_p, blue_p, alpha_p = (ctypes.byref(v) for v in (red, green, blue, alpha))
        white, tiny_size = pdf_hidden.WHITE, pdf_hidden.TINY
        for i in range(count):
            # A space or line end PDFium generates (``FPDFText_IsGenerated``) belongs to no text
            # object: asking for the object tells it as well, and the object is needed anyway.
            obj = text_object(tp, i)
            if not obj:
                continue
            code = get_unicode(tp, i)
            if code in (0, 0xFFFE, 0xFFFF) or 0xD800 <= code <= 0xDFFF:
                continue
            # PDFium gives the character code where the font maps it to no Unicode; pdfminer
            # writes `(cid:N)`, which is how a font without a map is told apart.
            text = f"(cid:{code})" if map_error(tp, i) == 1 else chr(code)
            handle = bytes(obj)  # the pointer's address as a key (``_handle``)
            if handle != last:
                # A text object's characters come together and share its font, size and matrix
                # (PDFium gives each the object's text matrix times the CTM): read them once.
                if not pdfium_c.FPDFText_GetMatrix(tp, i, m):
                    continue
                read.add(handle)
                fontname, descent = _font(obj, fonts, descents)
                size = float(pdfium_c.FPDFText_GetFontSize(tp, i))
                rounded_size = _r(size)
                a, b, c, d = float(m.a), float(m.b), float(m.c), float(m.d)
                ra, rb, rc, rd = _r(a), _r(b), _r(c), _r(d)
                # ``_loose_advance``, written out below: the baseline's direction and scale.
                along, scale = abs(a) >= abs(b), (a * a + b * b) ** 0.5 or 1.0
                # Filled in a colour that is not white, the common case, told without a call of Python's.
                mode = render_mode(obj)
                unseen = mode != 0 or not fill_color(obj, red_p, green_p, blue_p, alpha_p) or not alpha.value or (
                    red.value >= white and green.value >= white and blue.value >= white)
                if unseen:
                    unseen = _unseen(obj, mode)
                small = size * (c * c + d * d) ** 0.5 < tiny_size
                last = handle
            get_origin(tp, i, ox_p, oy_p)
            x0, y0 = round(ox.value, DECIMALS), round(oy.value, DECIMALS)
            adv = size
            if get_loose(tp, i, loose_p):
                if along:
                    adv = round(abs((loose.right if a > 0 else loose.left) - x0) / scale, DECIMALS)
                else:
                    adv = round(abs((loose.top if b > 0 else loose.bottom) - y0) / scale, DECIMALS)
                # The ink box tells an overhang (``_advance``), which only a full-width character's
                # advance depends on, and only where the loose box is not one em already.
                if code >= _FULL_WIDTH_FROM and adv != size and get_box(tp, i, left_p, right_p, bottom_p, top_p):
                    adv = _advance(
                        (a, b), size, (x0, y0),
                        (loose.left, loose.right, loose.bottom, loose.top),
                        (left.value, right.value, bottom.value, top.value), code,
                    )
            # ``RawChar(...)`` without its Python ``__new__``: a page makes a thousand of them.
            char = new_tuple(RawChar, (text, fontname, rounded_size, (ra, rb, rc, rd, x0, y0), adv, descent))
            if unseen and not pdf_hidden.shown(char, backdrops):
                unseen_chars.append(char)
                continue
            # A glyph drawn larger than its font size says (a Type 3 font's own matrix) is not small.
            if small and get_box(tp, i, left_p, right_p, bottom_p, top_p) and max(
                    right.value - left.value, top.value - bottom.value) < pdf_hidden.TINY:
                tiny.append(yielded)
            yielded += 1
            yield char
        yield from _blanks(texts, read, fonts, descents)
    finally:
        if given is None:
            textpage.close()


def _unseen(obj: Any, mode: int) -> bool:
    """Whether a text object paints nothing seen on white paper (``pdf_hidden.unseen_by_pdfium``),
    asked where its render mode or fill colour leaves it in doubt; the stroke colour is asked
    only where the mode strokes."""
    stroked = mode in pdf_hidden.STROKE_MODES or mode in pdf_hidden.FILL_STROKE_MODES
    stroke = _color(pdfium_c.FPDFPageObj_GetStrokeColor, obj) if stroked else None
    return pdf_hidden.unseen_by_pdfium(mode, _color(pdfium_c.FPDFPageObj_GetFillColor, obj), stroke)


def _draws_nothing(obj: Any) -> bool:
    """Whether a text object's bounds are empty: its glyphs draw nothing (a space)."""
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        return False
    return right.value - left.value < 0.01 or top.value - bottom.value < 0.01


#: A blank glyph's advance when nothing after it on its line tells it, as a share of the size.
BLANK_ADVANCE = 0.25


def _blanks(
    texts: list[tuple[Any, Matrix]], read: set[bytes], fonts: dict[bytes, tuple[str, float]],
    descents: Callable[[str], float | None],
) -> Iterator[RawChar]:
    """A space for each text object that draws nothing, which PDFium's text page leaves out.

    PDFium skips a text object whose glyphs draw nothing (Chromium prints every character as
    a text object of its own, a space as one with an empty Type 3 glyph); pdfminer keeps it
    as a space, and the space is what splits two words set closer than the word gap. Its
    advance is the step to the next text object on the same baseline (Chromium sets glyphs
    one after the other)."""
    size = ctypes.c_float()
    for n, (obj, matrix) in enumerate(texts):
        if _handle(obj) in read or not _draws_nothing(obj):
            continue  # a text object drawn again in place (fake bold) PDFium leaves out as well: no space
        if not pdfium_c.FPDFTextObj_GetFontSize(obj, size) or size.value <= 0:
            continue
        a, b, c, d, e, f = matrix
        scale = (a * a + b * b) ** 0.5 or 1.0
        adv = BLANK_ADVANCE * float(size.value)
        if n + 1 < len(texts):
            nxt = texts[n + 1][1]
            along = ((nxt[4] - e) * a + (nxt[5] - f) * b) / scale
            across = abs((nxt[5] - f) * a - (nxt[4] - e) * b) / scale
            if across < 0.01 and 0 < along / scale <= float(size.value):
                adv = along / scale
        fontname, descent = _font(obj, fonts, descents)
        yield RawChar(
            text=" ", fontname=fontname, size=_r(float(size.value)),
            matrix=(_r(a), _r(b), _r(c), _r(d), _r(e), _r(f)), adv=_r(adv), descent=descent,
        )


#: Full-width characters (CJK and their punctuation) advance by one em.
_FULL_WIDTH_FROM = 0x2E80


def _advance(
    direction: tuple[float, float], size: float, origin: tuple[float, float],
    loose: tuple[float, float, float, float], ink: tuple[float, float, float, float], code: int,
) -> float:
    """The advance in font-size units along the baseline, from PDFium's loose box.

    PDFium's loose box runs from the origin by the glyph's advance, but is widened to the ink
    where a glyph overhangs its advance (an italic, a wide CJK glyph): then the ink edge stands
    where the advance would, and the advance is taken as one em for a full-width character.
    """
    a, b = direction
    l_, r_, b_, t_ = loose
    il, ir, ib, it = ink
    if abs(a) >= abs(b):
        edge, ink_edge = (r_, ir) if a > 0 else (l_, il)
    else:
        edge, ink_edge = (t_, it) if b > 0 else (b_, ib)
    if edge == ink_edge and code >= _FULL_WIDTH_FROM:
        return size
    return _loose_advance(direction, origin, loose)


def _loose_advance(
    direction: tuple[float, float], origin: tuple[float, float], loose: tuple[float, float, float, float]
) -> float:
    """The advance the loose box gives, in font-size units: from the origin to its far edge."""
    a, b = direction
    scale = (a * a + b * b) ** 0.5 or 1.0
    l_, r_, b_, t_ = loose
    x, y = origin
    along = abs(a) >= abs(b)  # the baseline runs more across the page than up it
    length = abs((r_ if a > 0 else l_) - x) if along else abs((t_ if b > 0 else b_) - y)
    return _r(length / scale)


def _font(
    obj: Any, fonts: dict[bytes, tuple[str, float]], descents: Callable[[str], float | None]
) -> tuple[str, float]:
    """The text object's font name and descent (a share of the font size, never positive)."""
    font = pdfium_c.FPDFTextObj_GetFont(obj)
    handle = _handle(font) if font else b""
    known = fonts.get(handle)
    if known is not None:
        return known
    name, descent = "unknown", 0.0
    if font:
        base = _base_name(font)
        name = base or "Type3"
        given = descents(base)
        if given is not None:
            descent = given
        else:
            value = ctypes.c_float()
            if pdfium_c.FPDFFont_GetDescent(font, ctypes.c_float(1000.0), value):
                descent = -abs(float(value.value)) / 1000.0
    fonts[handle] = (name, descent)
    return name, descent


def open_document(path: Path) -> pypdfium2.PdfDocument | None:
    """PDFium's document for ``path``, or None where PDFium cannot open what pdfminer did
    (the page is then read by pdfminer, as before): the file has already passed
    ``parsers.pdf_open``, which says in one sentence what is wrong with a file neither reads."""
    try:
        return pypdfium2.PdfDocument(path)
    except (pypdfium2.PdfiumError, OSError, ValueError) as exc:
        log.info("PDFium cannot open %s (%s): read by pdfminer", path.name, exc)
        return None
