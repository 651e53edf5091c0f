"""Fonts' descents as pdfminer reads them, for the character boxes of ``parsers.pdf_pdfium``.

pdfminer's character box runs from the font's descent up by the font size, the descent being
the font descriptor's ``/Descent`` (a Type 3 font's from its ``/FontBBox``). PDFium gives the
descent of the font program instead, which is another figure (LibreOffice writes
``/Descent 0``, the fonts' own descent is about a tenth of the size): boxes a point and a half
lower would sit differently against a table's rules. So the descriptors are read here, with
pdfminer's own font classes: this is one of the places where pdfminer still serves, since
PDFium's interface does not give a font's dictionary. Only the page's font dictionaries are
read (as pdfminer resolves them, without building its font objects, which parse every
embedded CMap), never the page's content.

PDFium names a font by its ``/BaseFont`` without the subset tag (``CAAAAA+``), so fonts are
matched by that name (Type 3 fonts, which have none, by ``""``); when fonts of one name
disagree on the descent, none is given and PDFium's own is used.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pdfminer.pdftypes import PDFObjRef, resolve1

from parsers.pdf_skim import RawObjects

log = logging.getLogger(__name__)

#: Form XObjects whose fonts are looked up, at most this deep.
MAX_DEPTH = 4


def _base(name: Any) -> str:
    text = name if isinstance(name, str) else getattr(name, "name", "")
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    text = str(text)
    if len(text) > 7 and text[6] == "+" and text[:6].isupper():
        return text[7:]
    return text


Resolve = Callable[[Any], Any]


def _number(value: Any, default: float = 0.0, resolve: Resolve = resolve1) -> float:
    value = resolve(value)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def descent(spec: dict[Any, Any], resolve: Resolve = resolve1) -> float | None:
    """The descent pdfminer gives a font (``PDFFont.get_descent``), from its dictionary alone;
    None for a font pdfminer takes from its built-in metrics (a standard font without a
    descriptor), whose figure PDFium has as well.

    Simple and CID fonts: ``/Descent`` of the descriptor (the descendant font's for Type 0),
    made negative, in thousandths. Type 3: the bottom of its ``/FontBBox`` times the font
    matrix's vertical scale, as pdfminer computes it. ``resolve`` is pdfminer's ``resolve1`` or
    one that reads the bytes first (``FontDescents``)."""
    subtype = getattr(resolve(spec.get("Subtype")), "name", None)
    if subtype == "Type3":
        # pdfminer takes the box from the descriptor when there is one (Chromium's has none
        # in it: the box, and so the descent, is then 0), else from the font.
        holder = resolve(spec.get("FontDescriptor")) if "FontDescriptor" in spec else spec
        bbox = resolve(holder.get("FontBBox")) if isinstance(holder, dict) else None
        matrix = resolve(spec.get("FontMatrix"))
        if not isinstance(bbox, list) or len(bbox) != 4 or not all(isinstance(resolve(v), (int, float)) for v in bbox):
            return 0.0
        scale = 0.001
        if isinstance(matrix, list) and len(matrix) == 6:
            scale = _number(matrix[1], resolve=resolve) + _number(matrix[3], resolve=resolve)
        return _number(bbox[1], resolve=resolve) * scale
    if subtype == "Type0":
        descendants = resolve(spec.get("DescendantFonts"))
        if not isinstance(descendants, list) or not descendants:
            return 0.0
        inner = resolve(descendants[0])
        spec = inner if isinstance(inner, dict) else {}
    descriptor = resolve(spec.get("FontDescriptor"))
    if not isinstance(descriptor, dict):
        return None if subtype in ("Type1", "MMType1", "TrueType") else 0.0
    value = _number(descriptor.get("Descent"), resolve=resolve)
    return -abs(value) * 0.001


class FontDescents:
    """The descents of a document's fonts, each font dictionary read once for all its pages
    (a report's pages share their fonts; Chromium gives each page a hundred and more).

    ``raw`` reads a dictionary from the file's bytes without parsing its width arrays
    (``parsers.pdf_skim``); where it is unsure, pdfminer resolves the object as before."""

    def __init__(self, raw: RawObjects | None = None) -> None:
        self.raw = raw
        self._fonts: dict[int, tuple[str, float | None]] = {}
        self._forms: dict[int, list[tuple[str, float | None]]] = {}

    def _font(self, ref: Any) -> tuple[str, float | None] | None:
        objid = ref.objid if isinstance(ref, PDFObjRef) else None
        if objid is not None and objid in self._fonts:
            return self._fonts[objid]
        spec = self.resolve(ref)
        if not isinstance(spec, dict):
            return None
        subtype = getattr(self.resolve(spec.get("Subtype")), "name", None)
        key = "" if subtype == "Type3" else _base(self.resolve(spec.get("BaseFont", "")))
        entry = (key, descent(spec, self.resolve))
        if objid is not None:
            self._fonts[objid] = entry
        return entry

    def resolve(self, value: Any) -> Any:
        """``resolve1``, a dictionary read from the bytes where it can be."""
        if self.raw is not None and isinstance(value, PDFObjRef):
            skimmed = self.raw.get(value.objid)
            if skimmed is not None:
                return skimmed
        return resolve1(value)

    def _entries(self, resources: Any, depth: int = 0) -> list[tuple[str, float | None]]:
        """(name, descent) of each font of ``resources`` and of its forms' resources."""
        resources = resolve1(resources)
        if not isinstance(resources, dict):
            return []
        entries: list[tuple[str, float | None]] = []
        fonts = resolve1(resources.get("Font"))
        if isinstance(fonts, dict):
            entries += [e for e in (self._font(ref) for ref in fonts.values()) if e is not None]
        xobjects = resolve1(resources.get("XObject"))
        if depth >= MAX_DEPTH or not isinstance(xobjects, dict):
            return entries
        for ref in xobjects.values():
            objid = ref.objid if isinstance(ref, PDFObjRef) else None
            if objid is not None and objid in self._forms:
                entries += self._forms[objid]
                continue
            self._forms[objid if objid is not None else -1] = []  # a form that holds itself: entered once
            form = resolve1(ref)
            attrs = getattr(form, "attrs", None)
            inner = (
                self._entries(attrs["Resources"], depth + 1)
                if isinstance(attrs, dict) and resolve1(attrs.get("Subtype")) is not None
                and getattr(resolve1(attrs.get("Subtype")), "name", None) == "Form" and "Resources" in attrs
                else []
            )
            if objid is not None:
                self._forms[objid] = inner
            entries += inner
        return entries

    def of_page(self, page_obj: Any) -> Callable[[str], float | None]:
        """A lookup of the descent (share of the font size) of the page's fonts by base name."""
        found: dict[str, set[float | None]] = {}
        try:
            for key, value in self._entries(page_obj.resources):
                found.setdefault(key, set()).add(value)
        except (RecursionError, TypeError, ValueError, AttributeError) as exc:  # a hostile resources tree
            log.debug("font descents not read: %r", exc)
            found = {}
        known = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
        return lambda name: known.get(name)
