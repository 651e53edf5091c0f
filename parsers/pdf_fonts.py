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


def _number(value: Any, default: float = 0.0) -> float:
    value = resolve1(value)
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def descent(spec: dict[Any, Any]) -> float | None:
    """The descent pdfminer gives a font (``PDFFont.get_descent``), from its dictionary alone;
    None for a font pdfminer takes from its built-in metrics (a standard font without a
    descriptor), whose figure PDFium has as well.

    Simple and CID fonts: ``/Descent`` of the descriptor (the descendant font's for Type 0),
    made negative, in thousandths. Type 3: the bottom of its ``/FontBBox`` times the font
    matrix's vertical scale, as pdfminer computes it."""
    subtype = getattr(resolve1(spec.get("Subtype")), "name", None)
    if subtype == "Type3":
        # pdfminer takes the box from the descriptor when there is one (Chromium's has none
        # in it: the box, and so the descent, is then 0), else from the font.
        holder = resolve1(spec.get("FontDescriptor")) if "FontDescriptor" in spec else spec
        bbox = resolve1(holder.get("FontBBox")) if isinstance(holder, dict) else None
        matrix = resolve1(spec.get("FontMatrix"))
        if not isinstance(bbox, list) or len(bbox) != 4 or not all(isinstance(resolve1(v), (int, float)) for v in bbox):
            return 0.0
        scale = 0.001
        if isinstance(matrix, list) and len(matrix) == 6:
            scale = _number(matrix[1]) + _number(matrix[3])
        return _number(bbox[1]) * scale
    if subtype == "Type0":
        descendants = resolve1(spec.get("DescendantFonts"))
        if not isinstance(descendants, list) or not descendants:
            return 0.0
        inner = resolve1(descendants[0])
        spec = inner if isinstance(inner, dict) else {}
    descriptor = resolve1(spec.get("FontDescriptor"))
    if not isinstance(descriptor, dict):
        return None if subtype in ("Type1", "MMType1", "TrueType") else 0.0
    value = _number(descriptor.get("Descent"))
    return -abs(value) * 0.001


class FontDescents:
    """The descents of a document's fonts, each font dictionary read once for all its pages
    (a report's pages share their fonts; Chromium gives each page a hundred and more)."""

    def __init__(self) -> None:
        self._fonts: dict[int, tuple[str, float | None]] = {}
        self._forms: dict[int, list[tuple[str, float | None]]] = {}

    def _font(self, ref: Any) -> tuple[str, float | None] | None:
        objid = ref.objid if isinstance(ref, PDFObjRef) else None
        if objid is not None and objid in self._fonts:
            return self._fonts[objid]
        spec = resolve1(ref)
        if not isinstance(spec, dict):
            return None
        subtype = getattr(resolve1(spec.get("Subtype")), "name", None)
        key = "" if subtype == "Type3" else _base(resolve1(spec.get("BaseFont", "")))
        entry = (key, descent(spec))
        if objid is not None:
            self._fonts[objid] = entry
        return entry

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
