"""Tiny PDFs drawn with reportlab for parser tests: text at given positions, optional rules.

The font is reportlab's MSung-Light, a CID font that is not embedded (as some offices' tools
produce), registered with the CMap of its own character collection so the text extracts.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from reportlab.pdfbase import _cidfontdata, pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "MSung-Light"
PAGE_HEIGHT = 842.0

Line = tuple[float, list[tuple[float, str]]]  # (top, [(x, text), ...])


def register_cid_font() -> str:
    """Registers ``FONT`` with reportlab (once) and gives its name."""
    if FONT not in pdfmetrics.getRegisteredFontNames():
        _cidfontdata.defaultUnicodeEncodings[FONT] = ("cht", "UniCNS-UCS2-H")
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    return FONT


def draw(path: Path, lines: Sequence[Line], rules: Sequence[tuple[float, float, float]] = ()) -> Path:
    """Text at (x, top) in points from the top-left corner; rules as (top, x0, x1)."""
    register_cid_font()
    pdf = canvas.Canvas(str(path), pagesize=(595.0, PAGE_HEIGHT))
    pdf.setFont(FONT, 10)
    for top, words in lines:
        for x, text in words:
            pdf.drawString(x, PAGE_HEIGHT - top - 9, text)
    for top, x0, x1 in rules:
        pdf.line(x0, PAGE_HEIGHT - top, x1, PAGE_HEIGHT - top)
    pdf.save()
    return path
