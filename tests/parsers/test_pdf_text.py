"""A cell's text and a page's lines (parsers.pdf_text): pdfplumber's, to the character."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfplumber.utils.text import extract_text

from parsers.pdf_cells import _text

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "reports"


def _char(text: str, x0: float, top: float, width: float = 10.0, upright: bool = True) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + 10.0, "doctop": top,
            "upright": upright, "size": 10.0, "height": 10.0, "width": width}


CASES = {
    "one line": [_char("總", 0, 0), _char("分", 10, 0)],
    "given out of order": [_char("分", 10, 0), _char("總", 0, 0)],
    "a space and a gap": [_char("a", 0, 0), _char(" ", 10, 0), _char("b", 20, 0), _char("c", 34, 0)],
    "a step back": [_char("a", 20, 0), _char("b", 5, 0.5)],
    "two lines": [_char("甲", 0, 0), _char("乙", 0, 14), _char("丙", 10, 14)],
    "a drift within the tolerance": [_char("8", 0, 0), _char("5", 10, 2.9)],
    "a chain of drifts": [_char("a", 0, 0), _char("b", 10, 2.5), _char("c", 20, 5.0)],
    "a ligature": [_char("\ufb01", 0, 0), _char("x", 10, 0)],
    "a turned character": [_char("a", 0, 0), _char("b", 10, 0, upright=False)],
    "a character without text": [_char("a", 0, 0), _char("", 10, 0), _char("b", 20, 0)],
    "words that make two lines again": [_char("a", 0, 0), _char("b", 10, 2.5), _char("c", 40, 5.0)],
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_cells_text_is_extract_texts(name: str) -> None:
    assert _text(CASES[name]) == extract_text(CASES[name])


def test_every_sample_pages_text_is_extract_texts() -> None:
    """Whole pages: many lines, tables and turned pages (those go to ``extract_text``)."""
    for path in sorted(SAMPLES.glob("*.pdf"))[::3]:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages[:4]:
                assert _text(page.chars) == extract_text(page.chars), (path.name, page.page_number)


def test_every_sample_pages_lines_are_extract_text_lines() -> None:
    """The lines ``page_paragraphs`` makes paragraphs of, with and without the tables' text."""
    from parsers.pdf_lines import _outside
    from parsers.pdf_text import text_lines, upright_words
    from pipeline.document import BBox

    compared = 0
    for path in sorted(SAMPLES.glob("*.pdf"))[1::3]:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages[:4]:
                boxes = [BBox(*t.bbox) for t in page.find_tables()]
                for rest in (page, page.filter(_outside(boxes))):
                    words = upright_words(rest.chars)
                    if words is not None:
                        compared += 1
                        assert text_lines(words) == rest.extract_text_lines(return_chars=False), path.name
    assert compared > 20


@pytest.mark.parametrize("name", list(CASES))
def test_a_cells_lines_are_extract_text_lines(name: str) -> None:
    from parsers.pdf_text import text_lines, upright_words

    words = upright_words(CASES[name])
    if words is not None:
        page = pdfplumber.utils.text.chars_to_textmap(CASES[name], layout_bbox=(0, 0, 100, 100))
        assert text_lines(words) == page.extract_text_lines(return_chars=False)


@pytest.mark.parametrize("tolerance", [2, 3])
def test_every_sample_pages_words_are_extract_words(tolerance: int) -> None:
    from parsers.pdf_text import upright_words, word_dicts

    compared = 0
    for path in sorted(SAMPLES.glob("*.pdf"))[2::3]:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages[:4]:
                words = upright_words(page.chars, tolerance, tolerance)
                if words is not None:
                    compared += 1
                    assert word_dicts(words) == page.extract_words(
                        x_tolerance=tolerance, y_tolerance=tolerance, keep_blank_chars=False
                    ), (path.name, page.page_number)
    assert compared > 20


@pytest.mark.parametrize("name", list(CASES))
def test_a_cells_words_are_extract_words(name: str) -> None:
    from pdfplumber.utils.text import extract_words

    from parsers.pdf_text import upright_words, word_dicts

    words = upright_words(CASES[name], 2, 2)
    if words is not None:
        assert word_dicts(words) == extract_words(CASES[name], x_tolerance=2, y_tolerance=2)
