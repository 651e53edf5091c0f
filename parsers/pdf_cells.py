"""The text of each cell of a table pdfplumber found, with each character placed once.

pdfplumber's ``Table.extract`` tests every character of the page against every row, then every
character of a row against every cell of it: rows × characters and cells × characters tests,
the largest share of a ruled page's reading time once characters come from PDFium. Here the
distinct x and y edges of the table's cells make a grid; each character's centre falls in one
slot of it (two bisections), and a slot belongs to the cell, or cells, that cover it. The
result is pdfplumber's to the character: a character is in a cell when its centre is, the cell's
left and top edges included and its right and bottom edges not, and a cell's characters keep
the page's order before ``pdfplumber.utils.extract_text`` joins them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any, TypeVar

from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES, extract_text

Box = tuple[float, float, float, float]


def cell_texts(cells: list[Box], chars: list[dict[str, Any]]) -> dict[Box, str]:
    """Each cell's text as ``Table.extract`` gives it (``""`` for a cell without characters)."""
    if not cells:
        return {}
    xs = sorted({c[0] for c in cells} | {c[2] for c in cells})
    ys = sorted({c[1] for c in cells} | {c[3] for c in cells})
    slots: dict[tuple[int, int], list[Box]] = {}
    for cell in dict.fromkeys(cells):
        x0, top, x1, bottom = cell
        for i in range(bisect_left(ys, top), bisect_left(ys, bottom)):
            for j in range(bisect_left(xs, x0), bisect_left(xs, x1)):
                slots.setdefault((i, j), []).append(cell)
    found: dict[Box, list[dict[str, Any]]] = {}
    last_x, last_y = len(xs) - 1, len(ys) - 1
    for char in chars:
        j = bisect_right(xs, (char["x0"] + char["x1"]) / 2) - 1
        i = bisect_right(ys, (char["top"] + char["bottom"]) / 2) - 1
        if 0 <= i < last_y and 0 <= j < last_x:
            for cell in slots.get((i, j), ()):
                found.setdefault(cell, []).append(char)
    return {cell: _text(found[cell]) if cell in found else "" for cell in cells}


#: pdfplumber's defaults for ``extract_text``: the gap that starts a word, the drift that starts a line.
X_TOLERANCE = DEFAULT_X_TOLERANCE
Y_TOLERANCE = DEFAULT_Y_TOLERANCE


def _text(chars: list[dict[str, Any]]) -> str:
    """``extract_text(chars)`` with pdfplumber's defaults, written out for upright text.

    A cell's text is most of the text ``extract_text`` is asked for, and its generality (any
    direction, options, a text map) costs more than the cell's characters. The steps are
    pdfplumber's, in its order and with its tests: the characters clustered into lines by
    ``top`` (``cluster_list``: each within ``Y_TOLERANCE`` of the one before), each line sorted by
    ``x0``; a word ended by a blank, a gap past ``X_TOLERANCE``, a step back or a drift in
    ``top``; the words clustered into lines again by their tops, joined by spaces and the lines
    by line ends; ligatures expanded. A turned character or one without text goes to
    ``extract_text`` itself."""
    if not all(c["upright"] and c["text"] for c in chars):
        return str(extract_text(chars))
    words: list[tuple[float, str]] = []
    for line in _clusters(chars):
        current: list[dict[str, Any]] = []
        for char in sorted(line, key=_x0):
            if char["text"].isspace():
                _close(current, words)
                current = []
                continue
            if current:
                prev = current[-1]
                if (char["x0"] < prev["x0"] or char["x0"] > prev["x1"] + X_TOLERANCE
                        or abs(char["top"] - prev["top"]) > Y_TOLERANCE):
                    _close(current, words)
                    current = []
            current.append(char)
        _close(current, words)
    return "\n".join(" ".join(text for _, text in line) for line in _clusters_of(words, [top for top, _ in words]))


def _close(word: list[dict[str, Any]], words: list[tuple[float, str]]) -> None:
    """A finished word as its top and text (``WordExtractor.merge_chars``)."""
    if word:
        words.append((min(c["top"] for c in word), "".join(LIGATURES.get(c["text"], c["text"]) for c in word)))


def _x0(char: dict[str, Any]) -> float:
    return float(char["x0"])


def _clusters(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    return _clusters_of(chars, [c["top"] for c in chars])


T = TypeVar("T")


def _clusters_of(items: list[T], tops: list[float]) -> list[list[T]]:
    """pdfplumber's ``cluster_objects(items, top, Y_TOLERANCE)``: the distinct tops in order,
    a new cluster where one is more than ``Y_TOLERANCE`` below the one before; clusters in
    that order, each item in its own order within its cluster."""
    ordered = sorted(set(tops))
    cluster_of: dict[float, int] = {}
    number, last = 0, ordered[0] if ordered else 0.0
    for top in ordered:
        if top > last + Y_TOLERANCE:
            number += 1
        cluster_of[top] = number
        last = top
    grouped: list[list[T]] = [[] for _ in range(number + 1)] if ordered else []
    for item, top in zip(items, tops, strict=True):
        grouped[cluster_of[top]].append(item)
    return grouped
