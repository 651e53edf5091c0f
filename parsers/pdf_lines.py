"""Text outside tables on a PDF page, as paragraphs.

pdfplumber gives lines; a paragraph is a run of lines set close together (a gap under about
half a line) where the earlier line reaches the right edge of the run. Wrapped titles thus
come back whole, and a short line such as `小計 170 分` stays a paragraph of its own.
"""

from __future__ import annotations

from typing import Any

from parsers import pdf_text
from pipeline.document import BBox, Paragraph, TextLine, Word

#: A vertical gap larger than this share of the line height starts a new paragraph.
GAP_SHARE = 0.6
#: A line ending this far (points) left of the widest line's right edge ends its paragraph.
SHORT_LINE = 24.0
#: Words whose tops are this close (points) stand on one line of the text flow.
LINE_TOLERANCE = 3.0
#: pdfplumber's word tolerances for the text flow's and the stream tables' words (points).
WORD_TOLERANCE = 2


def _outside(boxes: list[BBox]) -> Any:
    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b.x0 <= cx <= b.x1 and b.top <= cy <= b.bottom for b in boxes)

    return keep


def page_paragraphs(page: Any, number: int, table_boxes: list[BBox]) -> list[Paragraph]:
    outside = _outside(table_boxes)
    words = pdf_text.upright_words([c for c in page.chars if outside(c)])  # pdfplumber's lines, written out
    if words is not None:
        found = pdf_text.text_lines(words)
    else:
        found = page.filter(outside).extract_text_lines(return_chars=False)
    lines = [ln for ln in found if ln["text"].strip()]
    if not lines:
        return []
    right = max(ln["x1"] for ln in lines)
    paragraphs: list[Paragraph] = []
    group: list[dict[str, Any]] = []
    for line in lines:
        if group and _breaks(group[-1], line, right):
            paragraphs.append(_paragraph(group, number))
            group = []
        group.append(line)
    paragraphs.append(_paragraph(group, number))
    return paragraphs


def _breaks(prev: dict[str, Any], line: dict[str, Any], right: float) -> bool:
    height = max(prev["bottom"] - prev["top"], 1.0)
    gap = line["top"] - prev["bottom"]
    return bool(gap > GAP_SHARE * height or prev["x1"] < right - SHORT_LINE or gap < -height / 2)


def _paragraph(lines: list[dict[str, Any]], number: int) -> Paragraph:
    box = BBox(
        min(ln["x0"] for ln in lines),
        min(ln["top"] for ln in lines),
        max(ln["x1"] for ln in lines),
        max(ln["bottom"] for ln in lines),
    )
    return Paragraph(text="\n".join(ln["text"] for ln in lines), page=number, bbox=box)


def page_words(page: Any) -> list[dict[str, Any]]:
    """The page's words as the line and stream-table readers both take them: made once a page
    and handed to both (pdfplumber's word extraction is a tenth of a page's reading)."""
    words = pdf_text.upright_words(page.chars, WORD_TOLERANCE, WORD_TOLERANCE)  # pdfplumber's, written out
    if words is not None:
        return pdf_text.word_dicts(words)
    return list(page.extract_words(x_tolerance=WORD_TOLERANCE, y_tolerance=WORD_TOLERANCE, keep_blank_chars=False))


def text_lines(page: Any, number: int, words: list[dict[str, Any]] | None = None) -> list[TextLine]:
    """Every line of the page, tables included, top to bottom, each with its words' boxes
    (``words``: the page's ``page_words``, when already made)."""
    words = sorted(page_words(page) if words is None else words, key=lambda w: w["top"])
    lines: list[list[dict[str, Any]]] = []
    for word in words:
        if lines and abs(word["top"] - lines[-1][0]["top"]) <= LINE_TOLERANCE:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [TextLine(tuple(_word(w) for w in sorted(ws, key=lambda w: w["x0"])), number) for ws in lines]


def _word(w: dict[str, Any]) -> Word:
    return Word(w["text"], BBox(w["x0"], w["top"], w["x1"], w["bottom"]))
