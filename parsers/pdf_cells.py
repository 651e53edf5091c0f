"""The text of each cell of a table pdfplumber found, with each character placed once.

pdfplumber's ``Table.extract`` tests every character of the page against every row, then every
character of a row against every cell of it: rows × characters and cells × characters tests,
the largest share of a ruled page's reading time once characters come from PDFium. Here the
distinct x and y edges of the table's cells make a grid; each character's centre falls in one
slot of it (two bisections), and a slot belongs to the cell, or cells, that cover it. The
result is pdfplumber's to the character: a character is in a cell when its centre is, the cell's
left and top edges included and its right and bottom edges not, and a cell's characters keep
the page's order before they are joined as ``pdfplumber.utils.extract_text`` joins them
(``parsers.pdf_text``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

from pdfplumber.utils.text import extract_text

from parsers.pdf_text import text, upright_words

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


def _text(chars: list[dict[str, Any]]) -> str:
    """``extract_text(chars)``, written out for upright text (``parsers.pdf_text``)."""
    words = upright_words(chars)
    return str(extract_text(chars)) if words is None else text(words)
