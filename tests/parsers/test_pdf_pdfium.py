"""The PDFium layer (parsers.pdf_pdfium, pdf_objects, pdf_fonts, pdf_cells) against pdfminer's
own objects, on samples of each producer: LibreOffice, Chromium (Type 3 fonts, a text object per
glyph, spaces that draw nothing), reportlab (a CID font that is not embedded), /Rotate."""

from __future__ import annotations

import ctypes
import logging
from collections import Counter
from pathlib import Path
from typing import Any

import pdfplumber
import pypdfium2
import pypdfium2.raw as pdfium_c
import pytest
from pdfplumber.utils import obj_to_edges

import parsers.pdf as pdf_reader
from parsers import pdf_pdfium
from parsers.pdf_cells import cell_texts
from parsers.pdf_fonts import FontDescents, descent
from parsers.pdf_miner_chars import miner_chars
from parsers.pdf_objects import plumber_objects
from parsers.pdf_pdfium import RawPage, read_page
from pipeline.text import key

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "reports"
#: One sample of each producer, and the page of it to compare.
PAGES = [
    ("110_hsinchu.pdf", 3),  # LibreOffice, ruled tables
    ("110_kaohsiung_web.pdf", 0),  # Chromium: Type 3 fonts, blank glyphs for spaces
    ("110_keelung_rotate90.pdf", 2),  # /Rotate 90
]
#: Largest difference (points) of a character's box from pdfminer's: a glyph that overhangs
#: its advance (a space or an italic letter of an embedded font) ends where its ink does.
BOX_TOLERANCE = 1.8


def _both(name: str, number: int) -> tuple[Any, dict[str, list[dict[str, Any]]]]:
    pdf = pdfplumber.open(SAMPLES / name)
    page = pdf.pages[number]
    document = pypdfium2.PdfDocument(SAMPLES / name)
    try:
        mine = plumber_objects(read_page(document[number], FontDescents().of_page(page.page_obj)), page)
    finally:
        document.close()
    return page, mine


def _by_place(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(chars, key=lambda c: (round(c["top"]), round(c["x0"]), key(c["text"])))


@pytest.mark.parametrize(("name", "number"), PAGES)
def test_characters_are_pdfminers(name: str, number: int) -> None:
    page, mine = _both(name, number)
    theirs = page.chars
    assert Counter(key(c["text"]) for c in mine["char"]) == Counter(key(c["text"]) for c in theirs)
    for a, b in zip(_by_place(theirs), _by_place(mine["char"]), strict=True):
        assert key(a["text"]) == key(b["text"])
        assert abs(a["x0"] - b["x0"]) < 0.01 and abs(a["top"] - b["top"]) < 0.01, (a, b)
        assert abs(a["x1"] - b["x1"]) < BOX_TOLERANCE and abs(a["bottom"] - b["bottom"]) < BOX_TOLERANCE, (a, b)
        assert a["upright"] == b["upright"]
    page.close()


@pytest.mark.parametrize(("name", "number"), PAGES)
def test_rules_are_pdfminers(name: str, number: int) -> None:
    page, mine = _both(name, number)

    def edges(objs: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        return sorted(
            (e["orientation"], *(round(e[k], 2) for k in ("x0", "top", "x1", "bottom")))
            for o in objs for e in obj_to_edges(o)
        )

    for kind in ("line", "rect", "curve"):
        assert len(mine.get(kind, [])) == len(page.objects.get(kind, [])), kind
    ours = mine.get("line", []) + mine.get("rect", []) + mine.get("curve", [])
    assert edges(ours) == edges(page.edges)
    page.close()


def test_a_font_the_file_does_not_embed_leaves_the_characters_to_pdfminer(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """reportlab's MSung-Light is not embedded: PDFium would box its glyphs with whatever
    font the machine has (none at all for CJK on a bare one, and then it drops a lone `。`).
    The characters are pdfminer's, so the page reads the same on every machine, and the page
    reads as it does by pdfminer alone; the rules are still PDFium's."""
    name = "110_taichung_drawn.pdf"
    with pdfplumber.open(SAMPLES / name) as pdf:
        document = pypdfium2.PdfDocument(SAMPLES / name)
        try:
            raw = read_page(document[1], FontDescents().of_page(pdf.pages[1].page_obj))
        finally:
            document.close()
    assert raw.substituted == ("MSung-Light",) and not raw.chars and raw.paths
    with caplog.at_level(logging.INFO, logger="parsers.pdf"):
        read = pdf_reader.parse(SAMPLES / name)
    assert "fonts not embedded in the file (MSung-Light): characters read by pdfminer" in caplog.text
    monkeypatch.setattr(pdf_reader, "open_document", lambda _path: None)
    alone = pdf_reader.parse(SAMPLES / name)
    assert [key(b.text) for b in read.paragraphs] == [key(b.text) for b in alone.paragraphs]
    assert [b.bbox for b in read.paragraphs] == [b.bbox for b in alone.paragraphs]  # the characters' boxes
    for ours, theirs in zip(read.tables, alone.tables, strict=True):
        assert [(c.row, c.col, c.row_span, c.col_span, c.text) for c in ours.cells] == [
            (c.row, c.col, c.row_span, c.col_span, c.text) for c in theirs.cells
        ]
        for a, b in zip(ours.cells, theirs.cells, strict=True):  # PDFium's rules: 3 decimals kept
            assert a.bbox is not None and b.bbox is not None
            assert a.bbox.x0 == pytest.approx(b.bbox.x0, abs=1e-3) and a.bbox.top == pytest.approx(b.bbox.top, abs=1e-3)


#: What pdfplumber gives a character that ``miner_chars`` must give alike.
CHAR_KEYS = ("text", "fontname", "size", "adv", "upright", "matrix", "x0", "x1", "y0", "y1", "top", "bottom",
             "doctop", "width", "height")


@pytest.mark.parametrize("name", ["111_keelung_drawn_split.pdf", "110_keelung_rotate90.pdf", "110_kaohsiung_web.pdf"])
def test_pdfminers_characters_without_its_layout_objects_are_pdfplumbers(name: str) -> None:
    with pdfplumber.open(SAMPLES / name) as pdf:
        for page in pdf.pages[:3]:
            chars = miner_chars(page)
            assert chars is not None
            mine = plumber_objects(RawPage(chars=chars, paths=(), images=()), page)["char"]
            assert len(mine) == len(page.chars)
            for a, b in zip(page.chars, mine, strict=True):
                for k in CHAR_KEYS:
                    assert a[k] == pytest.approx(b[k], abs=1e-9), (page.page_number, k, a, b)


def test_a_vertical_font_the_file_does_not_embed_is_read_by_pdfminer(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A vertical font's box is not the one ``RawChar`` holds: pdfplumber reads the page."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    path = tmp_path / "vertical.pdf"
    registered = pdfmetrics._fonts.get("MSung-Light")  # tests.parsers.drawing's horizontal one
    pdfmetrics.registerFont(UnicodeCIDFont("MSung-Light", "UniCNS-UCS2-V"))
    try:
        drawn = canvas.Canvas(str(path), pagesize=(595.0, 842.0))
        drawn.setFont("MSung-Light", 12)
        drawn.drawString(100, 700, "總分" * 20)
        drawn.save()
    finally:
        pdfmetrics._fonts.pop("MSung-Light", None)
        if registered is not None:
            pdfmetrics._fonts["MSung-Light"] = registered
    with pdfplumber.open(path) as pdf:
        assert miner_chars(pdf.pages[0]) is None
    with caplog.at_level(logging.INFO, logger="parsers.pdf"):
        read = pdf_reader.parse(path)
    assert "set vertically: read by pdfminer" in caplog.text
    assert len(read.lines) == 40  # a character a line: pdfminer boxes a vertical font one under the other


def test_a_standard_font_the_file_does_not_embed_is_read_by_pdfium(tmp_path: Path) -> None:
    """Helvetica not embedded: PDFium draws it with its own copy, the same on every machine."""
    from reportlab.pdfgen import canvas

    path = tmp_path / "helvetica.pdf"
    drawn = canvas.Canvas(str(path), pagesize=(595.0, 842.0))
    drawn.setFont("Helvetica", 10)
    drawn.drawString(72, 700, "Total 905 (A) 84.6%")
    drawn.save()
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        document = pypdfium2.PdfDocument(path)
        try:
            raw = read_page(document[0], FontDescents().of_page(page.page_obj))
        finally:
            document.close()
        assert raw.substituted == ()
        mine = plumber_objects(raw, page)["char"]
        assert "".join(c["text"] for c in mine) == "".join(c["text"] for c in page.chars) == "Total 905 (A) 84.6%"
        for a, b in zip(page.chars, mine, strict=True):
            assert abs(a["x0"] - b["x0"]) < 0.01 and abs(a["x1"] - b["x1"]) < 0.01, (a, b)


def test_a_space_that_draws_nothing_is_kept() -> None:
    page, mine = _both("110_kaohsiung_web.pdf", 0)
    spaces = [c for c in page.chars if c["text"] == " "]
    assert spaces
    assert len([c for c in mine["char"] if c["text"] == " "]) == len(spaces)
    page.close()


def test_cells_get_the_characters_table_extract_gives_them() -> None:
    with pdfplumber.open(SAMPLES / "111_keelung_bigtable.pdf") as pdf:
        for page in pdf.pages[2:5]:
            for table in page.find_tables():
                cells = [c for row in table.rows for c in row.cells if c is not None]
                expected = [t for row in table.extract() for t in row if t is not None]
                texts = cell_texts(cells, page.chars)
                assert [texts[c] for c in cells] == expected


def test_descents_as_pdfminer_reads_them() -> None:
    type3_without_box = {"Subtype": _name("Type3"), "FontDescriptor": {"FontName": _name("X")}}
    assert descent(type3_without_box) == 0.0
    type3 = {"Subtype": _name("Type3"), "FontBBox": [0, -200, 1000, 800], "FontMatrix": [0.001, 0, 0, 0.001, 0, 0]}
    assert descent(type3) == pytest.approx(-0.2)
    positive = {"Subtype": _name("TrueType"), "FontDescriptor": {"Descent": 212}}
    assert descent(positive) == pytest.approx(-0.212)
    assert descent({"Subtype": _name("Type1"), "BaseFont": _name("Helvetica")}) is None


def _name(text: str) -> Any:
    from pdfminer.psparser import LIT

    return LIT(text)


def test_a_file_pdfium_cannot_open_is_read_by_pdfminer(monkeypatch: pytest.MonkeyPatch) -> None:
    path = SAMPLES / "110_hsinchu.pdf"
    with_pdfium = pdf_reader.parse(path)
    monkeypatch.setattr(pdf_reader, "open_document", lambda _path: None)
    by_pdfminer = pdf_reader.parse(path)
    assert [key(b.text) for b in by_pdfminer.paragraphs] == [key(b.text) for b in with_pdfium.paragraphs]
    assert [[key(c.text) for c in t.cells] for t in by_pdfminer.tables] == [
        [key(c.text) for c in t.cells] for t in with_pdfium.tables
    ]


class _OnePage:
    """A PDFium document that finds one page where pdfminer finds thirteen."""

    closed = False

    def __len__(self) -> int:
        return 1

    def close(self) -> None:
        self.closed = True


def test_a_page_count_pdfium_disagrees_with_is_read_by_pdfminer(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _OnePage()
    read: list[int] = []
    monkeypatch.setattr(pdf_reader, "open_document", lambda _path: fake)
    monkeypatch.setattr(pdf_reader, "_pdfium_page", lambda *a: read.append(1))
    document = pdf_reader.parse(SAMPLES / "110_hsinchu.pdf")
    assert document.page_count == 13 and document.tables
    assert not read and fake.closed


def test_reading_is_the_same_with_the_document_opened_again_every_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """PDFium's document is opened again every REOPEN_PAGES pages to let go of its fonts: a
    page read after that reads as it does in one go."""
    path = SAMPLES / "110_kaohsiung_web.pdf"  # Chromium: fonts on every page
    whole = pdf_reader.parse(path)
    monkeypatch.setattr(pdf_reader, "REOPEN_PAGES", 1)
    assert pdf_reader.parse(path) == whole


@pytest.mark.parametrize(("name", "number"), PAGES)
def test_pdfiums_generated_characters_are_those_without_a_text_object(name: str, number: int) -> None:
    """``read_page`` leaves out PDFium's generated spaces and line ends by their missing text
    object, which saves asking ``FPDFText_IsGenerated`` of every character."""
    import pypdfium2.raw as pdfium_c

    document = pypdfium2.PdfDocument(SAMPLES / name)
    try:
        textpage = document[number].get_textpage()
        generated = [
            (pdfium_c.FPDFText_IsGenerated(textpage.raw, i) == 1, not pdfium_c.FPDFText_GetTextObject(textpage.raw, i))
            for i in range(textpage.count_chars())
        ]
        textpage.close()
    finally:
        document.close()
    assert any(g for g, _ in generated)
    assert all(g == missing for g, missing in generated)


def test_the_unchecked_calls_answer_as_pdfium_s_checked_ones() -> None:
    """``pdf_pdfium._unchecked``: the same library functions, called without ctypes' checks."""
    document = pypdfium2.PdfDocument(SAMPLES / "110_hsinchu.pdf")
    try:
        textpage = document[2].get_textpage()
        tp = textpage.raw
        count = pdfium_c.FPDFText_CountChars(tp)
        assert count > 500
        for unchecked, checked in [
            (pdf_pdfium._GET_UNICODE, pdfium_c.FPDFText_GetUnicode),
            (pdf_pdfium._HAS_MAP_ERROR, pdfium_c.FPDFText_HasUnicodeMapError),
        ]:
            assert [unchecked(tp, i) for i in range(count)] == [checked(tp, i) for i in range(count)]
        for i in range(0, count, 7):
            x, y, x2, y2 = (ctypes.c_double() for _ in range(4))
            assert pdf_pdfium._GET_ORIGIN(tp, i, ctypes.byref(x), ctypes.byref(y)) == 1
            assert pdfium_c.FPDFText_GetCharOrigin(tp, i, x2, y2) == 1
            assert (x.value, y.value) == (x2.value, y2.value)
            loose, loose2 = pdfium_c.FS_RECTF(), pdfium_c.FS_RECTF()
            assert pdf_pdfium._GET_LOOSE_BOX(tp, i, ctypes.byref(loose)) == pdfium_c.FPDFText_GetLooseCharBox(
                tp, i, loose2)
            assert (loose.left, loose.right, loose.bottom, loose.top) == (
                loose2.left, loose2.right, loose2.bottom, loose2.top)
            box = [ctypes.c_double() for _ in range(4)]
            box2 = [ctypes.c_double() for _ in range(4)]
            assert pdf_pdfium._GET_BOX(tp, i, *(ctypes.byref(v) for v in box)) == pdfium_c.FPDFText_GetCharBox(
                tp, i, *box2)
            assert [v.value for v in box] == [v.value for v in box2]
            obj = pdfium_c.FPDFText_GetTextObject(tp, i)
            if not obj:
                continue  # a space PDFium generates
            assert pdf_pdfium._GET_RENDER_MODE(obj) == pdfium_c.FPDFTextObj_GetTextRenderMode(obj) == 0
            rgba = [ctypes.c_uint() for _ in range(4)]
            rgba2 = [ctypes.c_uint() for _ in range(4)]
            assert pdf_pdfium._GET_FILL_COLOR(obj, *(ctypes.byref(v) for v in rgba)) == (
                pdfium_c.FPDFPageObj_GetFillColor(obj, *rgba2)) == 1
            assert [v.value for v in rgba] == [v.value for v in rgba2]
    finally:
        document.close()
