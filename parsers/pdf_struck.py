"""Struck-through text on a PDF page: what a document with tracked changes shows as deleted.

Word and LibreOffice print a document with its changes shown (a reviewer's PDF, a draft sent
in as final) with the deleted text struck through: the old score `70` and the new `85` side by
side, or an old summary row above the new one. Read as text, the deleted figure is a figure
like any other, and a report that adds up once its deletions are applied gets a duplicate item
and a mismatch in every sum the old figure enters. Such characters are left out here.

A strike is a horizontal rule through the characters themselves: above their baseline by a
fifth to two thirds of their size (an underline is at the baseline or below it), and covered by
them for most of its length (a table's rule runs on past its cell's text; a strike is drawn
word by word, as long as what it strikes). It is done on the page's character dicts, where
PDFium's reading and pdfminer's meet; a character's ``bottom`` is its baseline in PDFium's
reading and a little below it in pdfminer's, which the band allows for.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

Char = dict[str, Any]

#: The band above the baseline a strike runs in, as shares of the characters' size.
BAND = (0.18, 0.65)
#: How much of a strike the characters under it cover, at least.
COVERED = 0.6
#: How much of a character's width a strike must cross for it to be struck.
CROSSED = 0.5
#: Thicker than this (points), a filled rectangle is no rule (a cell's shading, a bar).
THIN = 1.5
#: Rules shorter than this (points) are no strike (a hyphen drawn as a path, a tick).
SHORTEST = 3.0


def drop_struck(page: Any) -> int:
    """Leave the struck-through characters out of ``page.chars`` (in place); how many."""
    rules = _horizontal_rules(page)
    chars = page.chars
    if not rules or not chars:
        return 0
    upright = sorted(
        (c for c in chars if c.get("upright", True) and float(c["size"]) > 0), key=lambda c: float(c["bottom"])
    )
    if not upright:
        return 0
    bottoms = [float(c["bottom"]) for c in upright]
    sizes = [float(c["size"]) for c in upright]
    below = (BAND[0] * min(sizes), BAND[1] * max(sizes))  # how far under a strike a baseline can be
    struck: set[int] = set()
    for x0, x1, y in rules:
        near = upright[bisect_left(bottoms, y + below[0]) : bisect_right(bottoms, y + below[1])]
        crossed = [c for c in near if _through(c, x0, x1, y)]
        covered = sum(min(x1, float(c["x1"])) - max(x0, float(c["x0"])) for c in crossed)
        if crossed and covered >= COVERED * (x1 - x0):
            struck.update(id(c) for c in crossed)
    if struck:
        chars[:] = [c for c in chars if id(c) not in struck]
    return len(struck)


def _horizontal_rules(page: Any) -> list[tuple[float, float, float]]:
    """(x0, x1, y) of the page's horizontal lines and thin filled rectangles."""
    rules = [
        (float(o["x0"]), float(o["x1"]), (float(o["top"]) + float(o["bottom"])) / 2)
        for o in (*page.lines, *page.rects)
        if float(o["bottom"]) - float(o["top"]) <= THIN and float(o["x1"]) - float(o["x0"]) >= SHORTEST
    ]
    return rules


def _through(char: Char, x0: float, x1: float, y: float) -> bool:
    """Whether the rule from ``x0`` to ``x1`` at ``y`` runs through ``char``'s body."""
    size, bottom = float(char["size"]), float(char["bottom"])
    if not BAND[0] * size <= bottom - y <= BAND[1] * size:
        return False
    left, right = float(char["x0"]), float(char["x1"])
    width = right - left
    return width > 0 and min(x1, right) - max(x0, left) >= CROSSED * width
