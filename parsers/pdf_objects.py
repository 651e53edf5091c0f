"""PDFium's reading of a page (``parsers.pdf_pdfium``) written as pdfplumber's object dicts.

pdfplumber's ``Page`` computes ``objects`` once, from pdfminer's layout, and everything else
(``chars``, ``edges``, ``find_tables``, ``extract_words``, ``filter``, ``crop``) is derived from
it. ``attach`` gives a page its objects from PDFium instead, so pdfminer never interprets the
page, and pdfplumber's algorithms run unchanged on top.

The frame is the one pdfminer gives its objects: user space turned by the page's ``/Rotate``
with pdfminer's own matrix (``PDFPageInterpreter.process_page``), then y measured from the top
of the page as pdfplumber does (``Page.process_object``). A page whose rotation is changed
(``parsers.pdf.upright``) gets its objects again in the new frame from the same reading.
"""

from __future__ import annotations

from typing import Any

from parsers.pdf_pdfium import Matrix, RawChar, RawPage, RawPath, _apply

Obj = dict[str, Any]


def page_matrix(mediabox: tuple[float, float, float, float], rotation: int) -> Matrix:
    """pdfminer's CTM for a page: the media box's corner to the origin, then ``/Rotate``."""
    x0, y0, x1, y1 = mediabox
    if rotation == 90:
        return (0, -1, 1, 0, -y0, x1)
    if rotation == 180:
        return (-1, 0, 0, -1, x1, y1)
    if rotation == 270:
        return (0, 1, -1, 0, y1, -x0)
    return (1, 0, 0, 1, -x0, -y0)


def attach(page: Any, raw: RawPage) -> None:
    """Give a pdfplumber ``Page`` the objects of ``raw`` in the page's current frame."""
    page._objects = plumber_objects(raw, page)


def plumber_objects(raw: RawPage, page: Any) -> dict[str, list[Obj]]:
    mediabox = tuple(float(v) for v in page.page_obj.mediabox)
    ctm = page_matrix((mediabox[0], mediabox[1], mediabox[2], mediabox[3]), int(page.page_obj.rotate) % 360)
    frame = _Frame(page, ctm)
    objects: dict[str, list[Obj]] = {"char": [frame.char(c) for c in raw.chars]}
    for path in raw.paths:
        for kind, obj in frame.path(path):
            objects.setdefault(kind, []).append(obj)
    images = [frame.image(corners) for corners in raw.images]
    if images:
        objects["image"] = images
    return objects


class _Frame:
    """Turns user-space geometry into a page's pdfplumber coordinates."""

    def __init__(self, page: Any, ctm: Matrix) -> None:
        self.ctm = ctm
        self.height = float(page.height)
        self.mb_x0 = float(page.mediabox[0])
        self.mb_top = float(page.mediabox[1])
        self.doctop = float(page.initial_doctop)
        self.number = page.page_number

    def _box(self, x0: float, y0: float, x1: float, y1: float) -> Obj:
        top = (self.height - y1) + self.mb_top
        bottom = (self.height - y0) + self.mb_top
        return {
            "x0": x0 + self.mb_x0, "y0": y0, "x1": x1 + self.mb_x0, "y1": y1,
            "width": x1 - x0, "height": y1 - y0,
            "top": top, "bottom": bottom, "doctop": self.doctop + top,
            "page_number": self.number,
        }

    def char(self, c: RawChar) -> Obj:
        """pdfminer's ``LTChar`` box: (0, descent) to (adv, descent + size) through the matrix."""
        # ``_mult(c.matrix, self.ctm)``, written out: a call per character was a third of this.
        a1, b1, c1, d1, e1, f1 = c.matrix
        a0, b0, c0, d0, e0, f0 = self.ctm
        a, b = a0 * a1 + c0 * b1, b0 * a1 + d0 * b1
        cc, d = a0 * c1 + c0 * d1, b0 * c1 + d0 * d1
        e, f = a0 * e1 + c0 * f1 + e0, b0 * e1 + d0 * f1 + f0
        low = c.descent * c.size
        high = low + c.size
        if b == 0 and cc == 0:  # upright or mirrored, the common case: no corners to sort
            # ``sorted`` of each pair, written out (two calls a character were a fifth of this).
            xa = a * c.adv + e
            x0, x1 = (xa, e) if xa < e else (e, xa)
            ya, yb = d * low + f, d * high + f
            y0, y1 = (yb, ya) if yb < ya else (ya, yb)
        else:
            spots = ((0.0, low), (c.adv, low), (c.adv, high), (0.0, high))
            corners = [(a * u + cc * v + e, b * u + d * v + f) for u, v in spots]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        top = (self.height - y1) + self.mb_top
        bottom = (self.height - y0) + self.mb_top
        return {
            "object_type": "char", "page_number": self.number, "text": c.text, "fontname": c.fontname,
            "size": y1 - y0, "adv": c.adv, "upright": a * d > 0 and b * cc <= 0, "matrix": (a, b, cc, d, e, f),
            "x0": x0 + self.mb_x0, "y0": y0, "x1": x1 + self.mb_x0, "y1": y1,
            "width": x1 - x0, "height": y1 - y0, "top": top, "bottom": bottom, "doctop": self.doctop + top,
            "stroking_color": None, "non_stroking_color": None, "mcid": None, "tag": None,
        }

    def path(self, path: RawPath) -> list[tuple[str, Obj]]:
        """pdfminer's ``paint_path`` for one subpath: a ``line``, a ``rect`` or a ``curve``."""
        if not path.ops or path.ops[0][0] != "m":
            return []
        start = path.ops[0][1][0]
        shape = "".join(op for op, _ in path.ops)
        pts = [_apply(self.ctm, *(pt[0] if pt else start)) for _, pt in path.ops]
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in {"mlh", "ml"}:
            return [("line", self._shape("line", path, pts[:2]))]
        if shape in {"mlllh", "mllll"}:
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
            )
            if pts[0] == pts[4] and square:
                rx0, ry0, rx1, ry1 = pts[0][0], pts[0][1], pts[2][0], pts[2][1]
                corners = [(rx0, ry0), (rx1, ry0), (rx1, ry1), (rx0, ry1)]
                return [("rect", self._shape("rect", path, corners))]
        return [("curve", self._shape("curve", path, pts))]

    def _shape(self, kind: str, path: RawPath, pts: list[tuple[float, float]]) -> Obj:
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        obj = self._box(min(xs), min(ys), max(xs), max(ys))
        obj.update(
            object_type=kind, linewidth=path.linewidth, stroke=path.stroke, fill=path.fill, evenodd=path.evenodd,
            stroking_color=None, non_stroking_color=None, dash=None, mcid=None, tag=None,
            pts=[(x + self.mb_x0, self.mb_top + self.height - y) for x, y in pts],
        )
        return obj

    def image(self, corners: tuple[tuple[float, float], ...]) -> Obj:
        pts = [_apply(self.ctm, x, y) for x, y in corners]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        obj = self._box(min(xs), min(ys), max(xs), max(ys))
        obj.update(object_type="image", name=None, srcsize=None, mcid=None, tag=None)
        return obj
