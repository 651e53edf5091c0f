"""Text a viewer does not show is not read as printed (parsers.pdf_hidden), on tiny reportlab
PDFs read both ways: Helvetica, a standard font, by PDFium (``parsers.pdf_pdfium``), and
MSung-Light, a CID font the file does not embed, by pdfminer (``parsers.pdf_miner_chars``)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from parsers import pdf_hidden
from parsers.pdf import parse
from parsers.pdf_pdfium import RawChar

pytest.importorskip("reportlab")

from reportlab.pdfgen import canvas

from tests.parsers.drawing import register_cid_font

#: (font, label) for each reading path: the label is what the font can draw before the figure.
PATHS = [pytest.param("Helvetica", "Score ", id="pdfium"), pytest.param("cid", "得分：", id="pdfminer")]

Draw = Callable[[Any, str, str], None]


def _font(name: str) -> str:
    return register_cid_font() if name == "cid" else name


def _pdf(path: Path, font: str, label: str, draw: Draw, caplog: pytest.LogCaptureFixture | None = None) -> Path:
    """A page with ``{label}88`` on it at 10 points and whatever ``draw`` adds (given the
    canvas, the font and the label)."""
    drawn = canvas.Canvas(str(path), pagesize=(595.0, 842.0))
    drawn.setFont(font, 10)
    drawn.drawString(72, 700, f"{label}88")
    drawn.drawString(72, 600, "text of the page at its normal size")
    draw(drawn, font, label)
    drawn.save()
    return path


def _texts(path: Path, caplog: pytest.LogCaptureFixture, font: str) -> list[str]:
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="parsers.pdf"):
        texts = [p.text for p in parse(path).paragraphs]
    assert ("characters read by pdfminer" in caplog.text) == (font == register_cid_font())
    return texts


def _white_line_above(drawn: Any, font: str, label: str) -> None:
    drawn.setFillColorRGB(1, 1, 1)
    drawn.drawString(72, 720, f"{label}99")
    drawn.setFillColorRGB(0, 0, 0)


def _invisible_line_above(drawn: Any, font: str, label: str) -> None:
    text = drawn.beginText(72, 720)
    text.setFont(font, 10)
    text.setTextRenderMode(3)
    text.textOut(f"{label}99")
    drawn.drawText(text)


def _tiny_digit_after(drawn: Any, font: str, label: str) -> None:
    text = drawn.beginText(72 + drawn.stringWidth(f"{label}88", font, 10), 700)
    text.setFont(font, 1)
    text.textOut("0")
    drawn.drawText(text)


def _white_digit_on_the_figure(drawn: Any, font: str, label: str) -> None:
    """A white `7` set where the printed `88` stands, as a white `786` under a total of 876."""
    drawn.setFillColorRGB(1, 1, 1)
    drawn.drawString(72 + drawn.stringWidth(label, font, 10), 700, "7")
    drawn.setFillColorRGB(0, 0, 0)


@pytest.mark.parametrize(("font", "label"), PATHS)
@pytest.mark.parametrize(
    "draw", [_white_line_above, _invisible_line_above, _white_digit_on_the_figure],
    ids=["white-line-above", "render-mode-3-line-above", "white-digit-on-the-figure"],
)
def test_text_a_viewer_does_not_show_is_not_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, font: str, label: str, draw: Draw,
) -> None:
    """Without the rule these read a `{label}99` above the score, and `7 88`."""
    name = _font(font)
    texts = _texts(_pdf(tmp_path / "hidden.pdf", name, label, draw), caplog, name)
    assert [t for t in texts if t.startswith(label.strip())] == [f"{label}88".strip()]
    assert not any("99" in t or "7" in t for t in texts)


@pytest.mark.parametrize(("font", "label"), PATHS)
def test_a_1pt_digit_after_a_score_in_its_cell_is_not_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, font: str, label: str,
) -> None:
    """The cell read `得分：88\n0` without the rule, which the grammar reads as 880."""
    name = _font(font)
    path = tmp_path / "tiny.pdf"
    drawn = canvas.Canvas(str(path), pagesize=(595.0, 842.0))
    drawn.setFont(name, 10)
    for y in (680, 720, 760):
        drawn.line(60, y, 460, y)
    for x in (60, 200, 330, 460):
        drawn.line(x, 680, x, 760)
    for x, top, bottom in ((72, "Item", f"{label}88"), (210, "Unit", "Office"), (340, "Notes", "text")):
        drawn.drawString(x, 740, top)
        drawn.drawString(x, 700, bottom)
    _tiny_digit_after(drawn, name, label)
    drawn.save()
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="parsers.pdf"):
        (table,) = parse(path).tables
    assert ("characters read by pdfminer" in caplog.text) == (font == "cid")
    assert [c.text for c in table.cells] == ["Item", "Unit", "Notes", f"{label}88", "Office", "text"]


def _white_on_black(drawn: Any, font: str, label: str) -> None:
    """A table header's white heading on its dark fill."""
    drawn.setFillColorRGB(0, 0, 0)
    drawn.rect(70, 716, 120, 16, stroke=0, fill=1)
    drawn.setFillColorRGB(1, 1, 1)
    drawn.drawString(72, 720, f"{label}77")
    drawn.setFillColorRGB(0, 0, 0)


def _white_on_grey(drawn: Any, font: str, label: str) -> None:
    drawn.setFillColorRGB(0.6, 0.6, 0.6)
    drawn.rect(70, 716, 120, 16, stroke=0, fill=1)
    drawn.setFillColorRGB(1, 1, 1)
    drawn.drawString(72, 720, f"{label}77")
    drawn.setFillColorRGB(0, 0, 0)


def _white_on_a_thick_stroke(drawn: Any, font: str, label: str) -> None:
    drawn.setLineWidth(16)
    drawn.line(70, 724, 190, 724)
    drawn.setFillColorRGB(1, 1, 1)
    drawn.drawString(72, 720, f"{label}77")
    drawn.setFillColorRGB(0, 0, 0)


def _light_grey(drawn: Any, font: str, label: str) -> None:
    drawn.setFillColorRGB(0.85, 0.85, 0.85)
    drawn.drawString(72, 720, f"{label}77")
    drawn.setFillColorRGB(0, 0, 0)


def _small_but_legible(drawn: Any, font: str, label: str) -> None:
    drawn.setFont(font, 4)
    drawn.drawString(72, 720, f"{label}77")


@pytest.mark.parametrize(("font", "label"), PATHS)
@pytest.mark.parametrize(
    "draw", [_white_on_black, _white_on_grey, _white_on_a_thick_stroke, _light_grey, _small_but_legible],
    ids=["white-on-black-fill", "white-on-grey-fill", "white-on-a-thick-rule", "light-grey", "4pt"],
)
def test_text_a_viewer_shows_is_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, font: str, label: str, draw: Draw,
) -> None:
    name = _font(font)
    texts = _texts(_pdf(tmp_path / "shown.pdf", name, label, draw), caplog, name)
    assert [t for t in texts if t.startswith(label.strip())] == [f"{label}77".strip(), f"{label}88".strip()]


def test_a_fully_transparent_glyph_is_not_read(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Alpha 0 (an ``ExtGState``'s ``ca``): PDFium reads it; pdfminer does not interpret ``gs``."""

    def transparent(drawn: Any, font: str, label: str) -> None:
        drawn.saveState()
        drawn.setFillAlpha(0)
        drawn.drawString(72, 720, f"{label}99")
        drawn.restoreState()

    texts = _texts(_pdf(tmp_path / "alpha.pdf", "Helvetica", "Score ", transparent), caplog, "Helvetica")
    assert [t for t in texts if t.startswith("Score")] == ["Score 88"]


def _ocr_layer(path: Path, font: str, text: str) -> Path:
    """A scanned page as an OCR tool leaves it: the picture over the page, the text it read
    over the picture in render mode 3."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    picture = Image.new("RGB", (200, 280), "white")
    drawn = canvas.Canvas(str(path), pagesize=(595.0, 842.0))
    drawn.drawImage(ImageReader(picture), 0, 0, 595, 842)
    layer = drawn.beginText(72, 700)
    layer.setFont(font, 10)
    layer.setTextRenderMode(3)
    layer.textOut(text)
    drawn.drawText(layer)
    drawn.save()
    return path


@pytest.mark.parametrize(("font", "label"), PATHS)
def test_an_ocr_tools_invisible_text_layer_over_its_picture_is_read(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, font: str, label: str,
) -> None:
    """The page is read from its text layer as before, and not OCRed again."""
    name = _font(font)
    path = _ocr_layer(tmp_path / "ocred.pdf", name, f"{label}88")
    texts = _texts(path, caplog, name)
    assert texts == [f"{label}88".strip()]
    assert parse(path).ocr_pages == ()


def _char(text: str, size: float) -> RawChar:
    return RawChar(
        text=text, fontname="F", size=size, matrix=(1.0, 0.0, 0.0, 1.0, 0.0, 0.0), adv=size / 2, descent=-0.2,
    )


def test_a_page_set_small_throughout_keeps_its_small_glyphs() -> None:
    """A page scaled down (two to a sheet, a thumbnail) is zoomed to be read."""
    small = [_char("8", 1.5) for _ in range(20)]
    assert pdf_hidden.without_tiny(small, [3, 4]) == tuple(small)
    normal = [_char("8", 10.0) for _ in range(20)] + [_char("0", 1.0)]
    assert pdf_hidden.without_tiny(normal, [20]) == tuple(normal[:20])


@pytest.mark.parametrize(
    ("mode", "fill", "stroke", "unseen"),
    [
        (0, (255, 255, 255, 255), None, True),
        (0, (250, 252, 255, 255), None, True),
        (0, (0, 0, 0, 0), None, True),
        (0, (0, 0, 0, 255), None, False),
        (0, (249, 255, 255, 255), None, False),
        (0, None, None, False),  # a pattern: unknown, kept
        (3, (0, 0, 0, 255), None, True),
        (7, (0, 0, 0, 255), None, True),
        (1, (255, 255, 255, 255), (0, 0, 0, 255), False),  # an outline in black
        (2, (255, 255, 255, 255), (0, 0, 0, 255), False),
        (2, (255, 255, 255, 255), (255, 255, 255, 255), True),
        (-1, (255, 255, 255, 255), None, False),  # a mode PDFium does not tell
    ],
)
def test_what_pdfium_s_modes_and_colours_paint(
    mode: int, fill: pdf_hidden.Rgba, stroke: pdf_hidden.Rgba, unseen: bool,
) -> None:
    assert pdf_hidden.unseen_by_pdfium(mode, fill, stroke) is unseen


def test_what_pdfminer_s_colours_paint() -> None:
    from pdfminer.pdfcolor import PREDEFINED_COLORSPACE as SPACES

    gray, rgb, cmyk = SPACES["DeviceGray"], SPACES["DeviceRGB"], SPACES["DeviceCMYK"]
    assert pdf_hidden.unseen_by_pdfminer(0, gray, 1, gray, 0)
    assert pdf_hidden.unseen_by_pdfminer(0, rgb, (1, 1, 1), gray, 0)
    assert pdf_hidden.unseen_by_pdfminer(0, cmyk, (0, 0, 0, 0), gray, 0)
    assert not pdf_hidden.unseen_by_pdfminer(0, cmyk, (0, 0, 0, 1), gray, 0)
    assert not pdf_hidden.unseen_by_pdfminer(0, gray, 0.5, gray, 0)
    assert not pdf_hidden.unseen_by_pdfminer(0, SPACES["Pattern"], None, gray, 0)
    assert not pdf_hidden.unseen_by_pdfminer(1, gray, 1, gray, 0)
    assert pdf_hidden.unseen_by_pdfminer(3, gray, 0, gray, 0)


@pytest.mark.parametrize(("font", "label"), PATHS)
def test_a_page_whose_text_is_all_hidden_is_not_read_again_by_pdfminer(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, font: str, label: str,
) -> None:
    """A page PDFium finds no character on is read again by pdfminer, which leaves nothing out:
    a page of white text only is a page with nothing shown on it, not one PDFium passed over."""
    name = _font(font)
    path = tmp_path / "white.pdf"
    drawn = canvas.Canvas(str(path), pagesize=(595.0, 842.0))
    drawn.setFont(name, 10)
    drawn.drawString(72, 700, f"{label}88")
    drawn.showPage()
    drawn.setFont(name, 10)
    drawn.setFillColorRGB(1, 1, 1)
    drawn.drawString(72, 700, f"{label}99")
    drawn.save()
    texts = _texts(path, caplog, name)
    assert texts == [f"{label}88".strip()]
