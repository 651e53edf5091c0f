"""Text a PDF carries but a viewer does not show, told from text it prints.

A figure hidden in a page is read as printed unless it is left out: a white `得分：99` above
the visible `得分：88` gave 1.1 = 99, a white 1 pt `0` after `88` gave 880. A character is left
out when it is certainly not seen:

* it paints nothing: text render mode 3 (invisible) or 7 (clip only), or a fill (and stroke)
  of alpha 0 — where nothing is painted under it;
* it is painted only in white (every channel at least ``WHITE``) — where nothing is painted
  under it: white on a white page;
* its glyph is smaller than ``TINY`` points on a page whose text is of normal size.

"Nothing painted under it": no picture and no fill or stroke other than white covers the
middle of its box (``Backdrops``), in whatever order they are painted. A white heading on a
dark header fill is seen, and kept. An OCR tool's text layer is invisible text over the
scanned picture: it is kept, so such a page is read from its text layer as before (and not
OCRed, ``parsers.scan.is_scanned``), and so is an invisible text layer over text drawn as
outlines. Where a colour is one this module does not know (a pattern, a spot colour, a
colour PDFium does not give), the text is kept: it may well be seen.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # parsers.pdf_pdfium uses this module
    from parsers.pdf_pdfium import RawChar

#: A channel (0-255) at least this light is white: nothing a reader tells from the paper.
WHITE = 250
#: The same for a colour component in 0-1 (pdfminer's colours).
WHITE_SHARE = WHITE / 255
#: A glyph below this height (points) cannot be read at any usual zoom …
TINY = 2.0
#: … on a page whose characters are mostly at least this high (the median).
NORMAL = 6.0

#: Text render modes (ISO 32000-1, 9.3.6) by what they paint.
FILL_MODES = frozenset({0, 4})
STROKE_MODES = frozenset({1, 5})
FILL_STROKE_MODES = frozenset({2, 6})
NO_PAINT_MODES = frozenset({3, 7})

#: A box in user space: x0, y0, x1, y1.
Box = tuple[float, float, float, float]
#: A colour as PDFium gives it (red, green, blue, alpha, 0-255), None where it gives none.
Rgba = tuple[int, int, int, int] | None

#: The whole page, for a backdrop whose extent is not read (a shading).
EVERYWHERE: Box = (float("-inf"), float("-inf"), float("inf"), float("inf"))


@dataclass(frozen=True)
class Backdrops:
    """What is painted on a page that could show text white or invisible on it: the boxes of
    its pictures and of its fills and strokes in any colour but white, in user space."""

    boxes: tuple[Box, ...] = ()

    def under(self, x: float, y: float) -> bool:
        return any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in self.boxes)


#: A page with nothing painted on it.
NOTHING = Backdrops()


def pale(color: Rgba) -> bool:
    """Whether PDFium's colour paints nothing a reader sees: white, or fully transparent."""
    if color is None:
        return False
    r, g, b, a = color
    return a == 0 or (r >= WHITE and g >= WHITE and b >= WHITE)


def unseen_by_pdfium(mode: int, fill: Rgba, stroke: Rgba) -> bool:
    """Whether a text object with render ``mode`` and these colours shows nothing on white
    paper. An unknown mode (PDFium's -1) or colour is taken as seen."""
    if mode in NO_PAINT_MODES:
        return True
    if mode in FILL_MODES:
        return pale(fill)
    if mode in STROKE_MODES:
        return pale(stroke)
    if mode in FILL_STROKE_MODES:
        return pale(fill) and pale(stroke)
    return False


#: pdfminer's colour spaces whose components this module reads, by name.
_DEVICE_SPACES = frozenset({"DeviceGray", "DeviceRGB", "DeviceCMYK", "ICCBased", "CalGray", "CalRGB"})


def _pale_components(space: object, color: object) -> bool:
    """Whether pdfminer's colour is white: gray or RGB components all light, CMYK all none."""
    if getattr(space, "name", None) not in _DEVICE_SPACES:
        return False
    values = color if isinstance(color, (tuple, list)) else (color,)
    if not values or not all(isinstance(v, (int, float)) for v in values):
        return False
    components = [float(v) for v in values]
    if len(components) == 4:
        return all(v <= 1 - WHITE_SHARE for v in components)
    if len(components) in (1, 3):
        return all(v >= WHITE_SHARE for v in components)
    return False


def unseen_by_pdfminer(mode: int, fill_space: object, fill: object, stroke_space: object, stroke: object) -> bool:
    """``unseen_by_pdfium`` for pdfminer's graphic state (which reads no alpha: ``gs`` is not
    interpreted, so a transparent glyph is kept)."""
    if mode in NO_PAINT_MODES:
        return True
    if mode in FILL_MODES:
        return _pale_components(fill_space, fill)
    if mode in STROKE_MODES:
        return _pale_components(stroke_space, stroke)
    if mode in FILL_STROKE_MODES:
        return _pale_components(fill_space, fill) and _pale_components(stroke_space, stroke)
    return False


def middle(char: RawChar) -> tuple[float, float]:
    """The middle of the character's box (as ``parsers.pdf_objects`` makes it), in user space."""
    a, b, c, d, e, f = char.matrix
    u, v = char.adv / 2, (char.descent + 0.5) * char.size
    return (a * u + c * v + e, b * u + d * v + f)


def shown(char: RawChar, backdrops: Backdrops) -> bool:
    """Whether a character that paints nothing seen on paper is seen anyway: something is
    painted under it (see the module)."""
    return backdrops.under(*middle(char))


def height(char: RawChar) -> float:
    """The glyph's height on the page: the font size times the matrix's scale across the baseline."""
    _a, _b, c, d, _e, _f = char.matrix
    return char.size * math.hypot(c, d)


def without_tiny(chars: Sequence[RawChar], tiny: Iterable[int]) -> tuple[RawChar, ...]:
    """``chars`` without those at the indices ``tiny`` (glyphs below ``TINY`` points) when the
    page's other characters are mostly of normal size. A page set small throughout (a
    thumbnail, a page scaled down to be printed two to a sheet) is zoomed to be read: its small
    glyphs are its text, and stay."""
    dropped = set(tiny)
    if not dropped:
        return tuple(chars)
    rest = [height(c) for i, c in enumerate(chars) if i not in dropped and c.text.strip()]
    if not rest or statistics.median(rest) < NORMAL:
        return tuple(chars)
    return tuple(c for i, c in enumerate(chars) if i not in dropped)
