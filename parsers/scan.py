"""A scanned PDF page made readable: its picture OCRed into characters and rules in place of
the text layer it lacks, so that the very table reader of text pages reads it.

A page is scanned when it prints no character and a picture covers most of it. Such a page is
rendered (``OCR_DPI``), the red of a seal is taken out (and remembered: a figure under it is
marked ``under a seal``), the page is straightened by the angle of its longest rules, and then:

* the engine's characters (``parsers.ocr_engine``) become pdfplumber character objects, in PDF
  points on the page's own frame, each a run's share of its line (a recognised line is printed
  without a gap, so its characters are made to touch, as a text layer's do);
* the table rules found in the image (OpenCV: openings with long thin kernels) become
  pdfplumber line objects.

The page's objects are then replaced by these, and ``parsers.pdf`` reads it as any other page:
ruled tables by ``find_tables``, tables with rules of one direction only or none by
``pdf_stream``, paragraphs and the text flow from the same characters. Nothing downstream has a
second reader for scans to keep in step with the first.

Boxes are those of the straightened picture, which for the slight rotations of a scanner (a
degree or two) stand within a few points of where the figure is on the page's picture: the
evidence crop, cut with a margin, shows it.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pipeline.document import BBox

if TYPE_CHECKING:  # numpy (a tenth of a second) is imported only when a page is OCRed
    import numpy as np

log = logging.getLogger(__name__)

#: Resolution at which a scanned page is rendered for OCR. 200 dpi reads every figure of the
#: samples' scans (14 pt digits are 40 pixels high) at about half the time of 300 dpi.
OCR_DPI = 200
#: A page is a picture when its images cover at least this share of it.
IMAGE_SHARE = 0.5
#: A rule is at least this long (pixels at OCR_DPI, about 29 pt): longer than any character.
RULE_LENGTH = 80
#: A piece of a rule is at least this long (pixels: longer than a character's strokes at
#: OCR_DPI); pieces in line closer than RULE_GAP are one rule.
RULE_PIECE = 45
RULE_GAP = 30
#: Rotations below this (degrees) are left alone; above MAX_SKEW the rules are not a page's.
MIN_SKEW = 0.05
MAX_SKEW = 5.0
#: Red ink: the red channel this much above both others (0-255), and at least RED_LEVEL. A
#: translucent seal's red over a black stroke or a grey rule is dark red: that is the stroke,
#: and stays; over paper it is bright (red above 200) and goes.
RED_MARGIN = 60
RED_LEVEL = 160
#: Red darker than the seal's own colour by this much (luminance, 0-255) is a stroke under it.
RED_DARKER = 35
#: A red patch smaller than this (points, each side) is a stray pixel, not a seal.
SEAL_SIDE = 12.0
#: A gap between two recognised characters of one line wider than this share of its height is a space.
SPACE_SHARE = 0.5


@dataclass(frozen=True)
class ScanReading:
    """What OCR made of one page: the seals' boxes, the rotation undone and the seconds spent."""

    seals: tuple[BBox, ...]
    angle: float
    seconds: float


def is_scanned(page: Any) -> bool:
    """No character to read, and a picture over most of the page."""
    if any(c["text"].strip() for c in page.chars):
        return False
    area = float(page.width) * float(page.height)
    if area <= 0:
        return False
    covered = 0.0
    for image in page.images:
        x0, x1 = max(0.0, float(image["x0"])), min(float(page.width), float(image["x1"]))
        top, bottom = max(0.0, float(image["top"])), min(float(page.height), float(image["bottom"]))
        covered += max(0.0, x1 - x0) * max(0.0, bottom - top)
    return covered >= IMAGE_SHARE * area


def ocr_page(page: Any) -> ScanReading | None:
    """Replace ``page``'s objects by the characters and rules read from its picture; None, and
    the page left as it is (without text), when its picture cannot be rendered."""
    import numpy as np

    from parsers.ocr_engine import recognise
    from pipeline import ocr_clock

    ocr_clock.page_started()  # the file's time limit grows by a page's allowance
    start = time.perf_counter()
    try:
        picture = np.asarray(page.to_image(resolution=OCR_DPI).original.convert("RGB"))
    except (MemoryError, RecursionError):
        raise
    except Exception as err:  # pdfium refuses a damaged image stream in many ways
        log.warning("page %s is a picture that cannot be rendered for OCR: %r", page.page_number, err)
        return None
    clean, red = remove_red(picture)
    angle = skew_angle(clean)
    if abs(angle) >= MIN_SKEW:
        clean, red = rotate(clean, angle), rotate(red, angle, fill=0)
    scale = 72.0 / OCR_DPI
    chars = [_char(c, page, scale) for line in recognise(clean, page.page_number) for c in _touching(line)]
    lines = [_line(x0, top, x1, bottom, page, scale) for x0, top, x1, bottom in find_rules(clean)]
    page._objects = {"char": chars, "line": lines, "rect": [], "curve": [], "image": []}
    return ScanReading(seal_boxes(red, scale), angle, time.perf_counter() - start)


def remove_red(picture: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The picture with the seal's red on paper turned white, and the mask (uint8 0/255) of all
    the red, where the seal was.

    A translucent seal over a figure's strokes or a thin rule leaves them dark red: darker than
    the seal's own colour (RED_DARKER), they are the stroke and stay (the engine and the rule
    finder see them as ink); only the bright red of the seal on paper goes, so the engine sees
    the figure on white. The seal's red is widened by a pixel to take its pale fringe too, but
    nothing dark is whitened by that widening: where the seal's ring crosses a rule, the rule's
    pixels beside the ring are black (not red at all), and whitening them cut the rule into
    pieces too short to be found, so that two rows of a table under a seal read as one."""
    import cv2
    import numpy as np

    rgb = picture.astype(np.int16)
    r, g, b = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    reddish = (r - g >= RED_MARGIN) & (r - b >= RED_MARGIN)
    luminance = 0.299 * r + 0.587 * g + 0.114 * b
    # The seal's own colour is the commonest red of the page; red clearly darker is a stroke under it.
    seal_level = float(np.median(luminance[reddish])) if reddish.any() else 255.0
    bright = luminance >= seal_level - RED_DARKER
    kernel = np.ones((3, 3), np.uint8)
    paper = np.asarray(cv2.dilate((reddish & bright & (r >= RED_LEVEL)).astype(np.uint8) * 255, kernel))
    red = np.asarray(cv2.dilate(reddish.astype(np.uint8) * 255, kernel), dtype=np.uint8)
    clean = picture.copy()
    clean[(paper > 0) & bright] = 255
    return clean, red


def seal_boxes(red: np.ndarray, scale: float) -> tuple[BBox, ...]:
    """Boxes (points) of the red patches big enough to be a seal or a signature in red."""
    import cv2
    import numpy as np

    closed = cv2.morphologyEx(red, cv2.MORPH_CLOSE, np.ones((15, 15), np.uint8))
    count, _, stats, _ = cv2.connectedComponentsWithStats(closed)
    boxes = []
    for x, y, w, h, _area in stats[1:count]:
        if w * scale >= SEAL_SIDE and h * scale >= SEAL_SIDE:
            boxes.append(BBox(float(x * scale), float(y * scale), float((x + w) * scale), float((y + h) * scale)))
    return tuple(boxes)


def _ink(picture: np.ndarray) -> np.ndarray:
    """Dark pixels as 255 on 0, at Otsu's threshold. No blur: a thin rule is a pixel wide at
    OCR_DPI and a median filter erases it; the speckles of a noisy scan are too short to survive
    the openings of ``find_rules`` anyway."""
    import cv2
    import numpy as np

    gray = cv2.cvtColor(picture, cv2.COLOR_RGB2GRAY)
    _, ink = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return np.asarray(ink)


def skew_angle(picture: np.ndarray) -> float:
    """The page's rotation in degrees (positive: counter-clockwise), from its long straight lines.

    Table rules are the longest straight things on a report's page; the median angle of the long
    near-horizontal segments is the scanner's tilt. A page without rules is left as it is."""
    import cv2
    import numpy as np

    ink = _ink(picture)
    width = ink.shape[1]
    segments = cv2.HoughLinesP(ink, 1, math.pi / 1800, threshold=200, minLineLength=width // 4, maxLineGap=10)
    if segments is None:
        return 0.0
    angles = []
    for x0, y0, x1, y1 in np.asarray(segments).reshape(-1, 4):
        angle = math.degrees(math.atan2(float(y1 - y0), float(x1 - x0)))
        if abs(angle) <= MAX_SKEW:
            angles.append(angle)
    return float(np.median(angles)) if angles else 0.0


def rotate(picture: np.ndarray, angle: float, fill: int = 255) -> np.ndarray:
    """``picture`` turned by ``angle`` degrees about its centre, the corners filled with ``fill``."""
    import cv2
    import numpy as np

    height, width = picture.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    border = (fill, fill, fill) if picture.ndim == 3 else fill
    return np.asarray(cv2.warpAffine(picture, matrix, (width, height), flags=cv2.INTER_LINEAR,
                                     borderMode=cv2.BORDER_CONSTANT, borderValue=border))


def find_rules(picture: np.ndarray) -> list[tuple[float, float, float, float]]:
    """Horizontal and vertical rules (pixels: x0, top, x1, bottom; one of the two pairs equal).

    An opening with a kernel RULE_PIECE long and one pixel thin keeps only straight strokes
    longer than a character's; pieces in line with each other and less than RULE_GAP apart are
    one rule (a seal's ring, taken out, cuts a rule), and a rule is RULE_LENGTH long at least."""
    import cv2

    ink = _ink(picture)
    rules: list[tuple[float, float, float, float]] = []
    for kernel, horizontal in (((RULE_PIECE, 1), True), ((1, RULE_PIECE), False)):
        opened = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
        opened = cv2.dilate(opened, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        count, _, stats, _ = cv2.connectedComponentsWithStats(opened)
        pieces = []  # (position across, start, end) along the rule's direction
        for x, y, w, h, _area in stats[1:count]:
            # Python floats, not numpy's: the boxes end up in the result, whose cache entry
            # takes plain numbers only (a numpy float there left every scan uncached).
            if horizontal and w >= RULE_PIECE and h <= RULE_PIECE // 3:
                pieces.append((float(y + h / 2), float(x), float(x + w)))
            elif not horizontal and h >= RULE_PIECE and w <= RULE_PIECE // 3:
                pieces.append((float(x + w / 2), float(y), float(y + h)))
        for across, start, end in _joined(pieces):
            if end - start >= RULE_LENGTH:
                rules.append((start, across, end, across) if horizontal else (across, start, across, end))
    return rules


def _joined(pieces: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Collinear pieces (within 3 pixels across) with gaps under RULE_GAP, as one."""
    out: list[tuple[float, float, float]] = []
    for across, start, end in sorted(pieces, key=lambda p: (round(p[0] / 3), p[1])):
        last = out[-1] if out else None
        if last is not None and abs(last[0] - across) <= 3 and start - last[2] <= RULE_GAP:
            out[-1] = (last[0], last[1], max(last[2], end))
        else:
            out.append((across, start, end))
    return out


def _touching(line: list[Any]) -> list[Any]:
    """A recognised line's characters, one character each, each reaching to the next.

    The engine's character boxes leave gaps inside a word (its boxes are where the strokes were
    recognised); a text layer's characters touch, and the table and word readers split words at
    gaps. A gap wider than SPACE_SHARE of the line's height stays: that was a space."""
    from parsers.ocr_engine import OcrChar

    single: list[OcrChar] = []
    for piece in line:
        text = piece.text.replace(" ", "")
        share = (piece.x1 - piece.x0) / max(len(text), 1)
        for i, ch in enumerate(text):
            x0 = piece.x0 + i * share
            single.append(OcrChar(ch, x0, piece.top, x0 + share, piece.bottom, piece.confidence))
    out = []
    for ch, following in zip(single, [*single[1:], None], strict=True):
        height = ch.bottom - ch.top
        if following is not None and 0 < following.x0 - ch.x1 <= SPACE_SHARE * height:
            ch = OcrChar(ch.text, ch.x0, ch.top, following.x0, ch.bottom, ch.confidence)
        out.append(ch)
    return out


def _char(ch: Any, page: Any, scale: float) -> dict[str, Any]:
    x0, x1, top, bottom = ch.x0 * scale, ch.x1 * scale, ch.top * scale, ch.bottom * scale
    height = float(page.height)
    return {
        "object_type": "char", "page_number": page.page_number, "text": ch.text,
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "y0": height - bottom, "y1": height - top,
        "doctop": float(page.initial_doctop) + top, "width": x1 - x0, "height": bottom - top,
        "size": bottom - top, "adv": x1 - x0, "upright": True, "fontname": "OCR",
        "matrix": (1.0, 0.0, 0.0, 1.0, x0, height - bottom), "ncs": "DeviceGray",
        "stroking_color": None, "non_stroking_color": (0.0,), "stroking_pattern": None,
        "non_stroking_pattern": None, "mcid": None, "tag": None, "confidence": ch.confidence,
    }


def _line(x0: float, top: float, x1: float, bottom: float, page: Any, scale: float) -> dict[str, Any]:
    x0, x1, top, bottom = x0 * scale, x1 * scale, top * scale, bottom * scale
    height = float(page.height)
    return {
        "object_type": "line", "page_number": page.page_number,
        "x0": x0, "x1": x1, "top": top, "bottom": bottom, "y0": height - bottom, "y1": height - top,
        "doctop": float(page.initial_doctop) + top, "width": x1 - x0, "height": bottom - top,
        "linewidth": 1.0, "pts": [(x0, top), (x1, bottom)], "stroke": True, "fill": False,
        "stroking_color": (0.0,), "non_stroking_color": None, "evenodd": False,
        "stroking_pattern": None, "non_stroking_pattern": None, "mcid": None, "tag": None,
    }
