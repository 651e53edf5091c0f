"""PDF reading details (parsers.pdf) on tiny PDFs drawn with reportlab."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from parsers.pdf import parse
from pipeline.rubric import load_rubric

pytest.importorskip("reportlab")

from tests.parsers.drawing import draw, register_cid_font


def test_text_drawn_twice_for_bold_reads_once(tmp_path: Path) -> None:
    path = draw(tmp_path / "bold.pdf", [(100, [(60, "小計 170 分"), (60, "小計 170 分")]), (130, [(60, "正文")])])
    texts = [p.text for p in parse(path).paragraphs]
    assert texts == ["小計 170 分", "正文"]


def test_text_drawn_once_is_left_alone_and_page_numbers_dropped(tmp_path: Path) -> None:
    path = draw(tmp_path / "plain.pdf", [(100, [(60, "得分：85")]), (130, [(60, "得分：85")]), (800, [(290, "- 3 -")])])
    assert [p.text for p in parse(path).paragraphs] == ["得分：85", "得分：85"]


def _superscript_pdf(path: Path, font: str, label: str, rise: float = 4.0, size: float = 6.0) -> Path:
    """`{label}85` at 10 points with a `1` after it at ``size`` points, raised by ``rise``: a
    footnote mark as a word processor sets it (a Word superscript run, LibreOffice's too)."""
    from reportlab.pdfgen import canvas

    drawn = canvas.Canvas(str(path), pagesize=(595.0, 842.0))
    text = drawn.beginText(72, 700)
    text.setFont(font, 10)
    text.textOut(f"{label}85")
    text.setFont(font, size)
    text.setRise(rise)
    text.textOut("1")
    drawn.drawText(text)
    drawn.save()
    return path


def test_a_smaller_raised_digit_after_a_figure_reads_as_a_superscript(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """MSung-Light is not embedded: the characters are pdfminer's (``parsers.pdf_miner_chars``)."""
    caplog.set_level(logging.INFO, logger="parsers.pdf")
    path = _superscript_pdf(tmp_path / "superscript.pdf", register_cid_font(), "得分：")
    assert [p.text for p in parse(path).paragraphs] == ["得分：85¹"]
    assert "characters read by pdfminer" in caplog.text
    assert load_rubric().grammar.score_in("得分：85¹") == 85


def test_a_smaller_raised_digit_read_by_pdfium_reads_as_a_superscript(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Helvetica is a standard font: PDFium reads the characters."""
    caplog.set_level(logging.INFO, logger="parsers.pdf")
    path = _superscript_pdf(tmp_path / "superscript.pdf", "Helvetica", "Score ")
    assert [p.text for p in parse(path).paragraphs] == ["Score 85¹"]
    assert "read by pdfminer" not in caplog.text


@pytest.mark.parametrize(
    ("rise", "size"), [(0.0, 6.0), (2.6, 10.0)], ids=["smaller-on-the-baseline", "raised-at-full-size"],
)
def test_a_digit_neither_smaller_nor_raised_stays_a_digit(tmp_path: Path, rise: float, size: float) -> None:
    """Only both together make a superscript: the rule does not guess at a figure's digits."""
    path = _superscript_pdf(tmp_path / "plain.pdf", register_cid_font(), "得分：", rise, size)
    assert [p.text for p in parse(path).paragraphs] == ["得分：851"]


def test_pages_with_unmapped_glyphs_are_named_in_a_note() -> None:
    """A file read although some of its glyphs have no Unicode map says where: figures printed
    with them are unread, and the row should say why rather than only that they are."""
    from parsers.pdf import PageContent, _refuse_textless, _unmapped_sentence
    from pipeline.document import Paragraph

    pages = [
        PageContent(1, 595, 842, [Paragraph("經濟部標準檢驗局基隆分局提升服務效能執行績效與成果")], []),
        PageContent(2, 595, 842, [Paragraph("服務一致及正確性 得分：(cid:25)(cid:25)，其餘文字皆可讀出。" * 3)], []),
    ]
    assert _refuse_textless(pages) == [2]
    assert "page(s) 2 have no Unicode map" in _unmapped_sentence([2])
    assert _refuse_textless(pages[:1]) == []


def _struck_pdf(path: Path, font: str, lines: list[tuple[float, str, str]]) -> Path:
    """Lines of text at 10 points, each ``(y, text, mark)``: ``mark`` is ``strike`` (a rule
    through the text, 3 points above its baseline, as long as the text, as LibreOffice and
    Word print deleted text), ``underline`` (1 point below it), ``rule`` (a rule through it
    that runs on past it, 200 points) or ``""``."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    drawn = canvas.Canvas(str(path), pagesize=(595.0, 842.0))
    for y, text, mark in lines:
        drawn.setFont(font, 10)
        drawn.drawString(72, y, text)
        width = stringWidth(text, font, 10)
        drawn.setLineWidth(0.5)
        if mark == "strike":
            drawn.line(72, y + 3, 72 + width, y + 3)
        elif mark == "underline":
            drawn.line(72, y - 1, 72 + width, y - 1)
        elif mark == "rule":
            drawn.line(60, y + 3, 60 + max(200.0, width + 100), y + 3)
    drawn.save()
    return path


@pytest.mark.parametrize("font", ["Helvetica", "cid"], ids=["pdfium", "pdfminer"])
def test_struck_through_text_is_left_out_underlined_text_is_not(tmp_path: Path, font: str) -> None:
    """A document printed with its tracked changes shows the deleted score struck through beside
    the new one: read, it was a second score (a duplicate item and three false mismatches)."""
    name = register_cid_font() if font == "cid" else font
    lines = [(700, "Score 70", "strike"), (680, "Score 85", ""), (660, "Total 845", "underline"),
             (640, "Note 12", "rule")]
    texts = [p.text for p in parse(_struck_pdf(tmp_path / "struck.pdf", name, lines)).paragraphs]
    assert texts == ["Score 85", "Total 845", "Note 12"]
