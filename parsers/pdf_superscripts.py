"""Superscript digits on a PDF page: a footnote mark set smaller and raised after a figure.

A PDF has no superscript: a word processor draws the `1` of `85¹` as an ordinary `1`, in a
smaller size and raised, and its text reads `851`. Such a digit is given its Unicode superscript
form here (`¹`), so that ``pipeline.text.footnote_marks`` reads it as the mark it is, as it does
the superscripts a DOCX or an ODT gives in its text.

It is done on the page's character dicts, where every reading of a page meets: PDFium's, the
characters pdfminer reads where the fonts are not embedded (``parsers.pdf_miner_chars``), and
pdfplumber's own. What each of them reads stays as it is, and is compared as it is.
"""

from __future__ import annotations

from typing import Any

Char = dict[str, Any]

#: A superscript is at most this share of the size of the digit it follows (Word and LibreOffice
#: set them at 58–67 %; a digit of another size in running text differs by less).
SIZE_SHARE = 0.8
#: ...and its bottom is raised above that digit's by at least this share of the digit's size (a
#: superscript by a third of it or more; a smaller digit on the same baseline by its descent's
#: difference, a tenth at most).
RISE_SHARE = 0.25
#: ...and it starts where the one before it ends, give or take this share of the digit's size.
GAP_SHARE = 0.3

_DIGITS = "0123456789０１２３４５６７８９"
_SUPERSCRIPT = dict(zip(_DIGITS, "⁰¹²³⁴⁵⁶⁷⁸⁹" * 2, strict=True))
_MARKS = frozenset(_SUPERSCRIPT.values())


def mark_superscripts(chars: list[Char]) -> None:
    """Give each digit set as a superscript right after a figure its superscript form, in place.

    ``chars`` are in the order the page draws them; a run of them after one digit (`85¹²`, or
    a glyph drawn twice for bold) is raised above that digit alike."""
    base: Char | None = None
    prev: Char | None = None
    for char in chars:
        text = char["text"]
        if base is not None and prev is not None and text in _SUPERSCRIPT and _raised_after(char, base, prev):
            char["text"] = _SUPERSCRIPT[text]
        elif text in _SUPERSCRIPT and char["upright"]:
            base = char
        elif text not in _MARKS:
            base = None
        prev = char


def _raised_after(char: Char, base: Char, prev: Char) -> bool:
    """Whether ``char`` is smaller than the digit ``base``, raised above it on its line, and
    set right after ``prev`` (``base`` or a superscript after it)."""
    size = float(base["size"])
    if not char["upright"] or size <= 0 or float(char["size"]) > SIZE_SHARE * size:
        return False
    bottom = float(char["bottom"])
    if float(base["bottom"]) - bottom < RISE_SHARE * size or bottom <= float(base["top"]):
        return False
    return float(base["x1"]) - GAP_SHARE * size <= float(char["x0"]) <= float(prev["x1"]) + GAP_SHARE * size
