"""parsers.pdf_content_objects against pdfminer's own content parser: the same objects for
every page of the samples pdfminer interprets, for pdfminer's quirks, and for token soup; None
(pdfminer's parser reads the stream) where the module says it is not sure."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from pdfminer.pdfinterp import PDFContentParser, PDFPageInterpreter
from pdfminer.pdftypes import PDFStream, stream_value
from pdfminer.psparser import PSEOF

import parsers.pdf_miner_chars as miner
from parsers.pdf_content_objects import content_objects
from parsers.pdf_miner_chars import miner_chars

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "reports"
#: The samples drawn by reportlab in a CID font they do not embed: pdfminer reads their pages.
DRAWN = sorted(p.name for p in SAMPLES.glob("*drawn*.pdf"))


def pdfminers(parts: list[bytes]) -> list[Any]:
    """What pdfminer's parser yields for a content stream made of ``parts``."""
    parser = PDFContentParser([PDFStream({}, part) for part in parts])
    out = []
    while True:
        try:
            _, obj = parser.nextobject()
        except PSEOF:
            return out
        out.append(obj)


def same(ours: list[Any] | None, parts: list[bytes]) -> None:
    assert ours is not None, parts
    theirs = pdfminers(parts)
    # repr tells 1 from 1.0 and True from 1, and shows PSLiteral/PSKeyword by name
    assert repr(ours) == repr(theirs), parts
    assert [type(o) for o in ours] == [type(o) for o in theirs], parts


@pytest.mark.parametrize("name", [*DRAWN, "110_hsinchu.pdf", "110_kaohsiung_web.pdf"])
def test_every_page_of_a_sample_gives_pdfminers_objects(name: str) -> None:
    with pdfplumber.open(SAMPLES / name) as pdf:
        for page in pdf.pages:
            parts = [stream_value(s).get_data() for s in page.page_obj.contents]
            same(content_objects(parts), parts)


@pytest.mark.parametrize("data", [
    b"1.2.3 -.5 +5 5. . - -- +.5 12abc 1e5",  # numbers as pdfminer splits and drops them
    b"/F1 /a#41#42 /a#4/b /a#zz /a# / /\xe4\xb8\xad /\xff",  # names: hex escapes, UTF-8 or bytes
    rb"(a\nb) (\101\0a) (\q) (a\
b) (a(b)c) (\)) (\() (\\) (a\r\nb) " b"(\\\r\nx)",  # escapes and nesting
    b"<41> <4 1\n4> <4> <> <41>>",  # hex strings: spaces, a lone digit, ">>" right after
    b"[1 [2 3] (x)] ] [/a] <</A 1 /B [2] /C <</D (e)>>>> >>",  # arrays, dictionaries, strays
    b"BT /F1 12 Tf 1 0 0 1 72 700 Tm (Hi) Tj T* [(a) -120 (b)] TJ 0 2 (c) \" (d) ' ET",
    b"true false null Tj\x00x \x00 ~ ) * # \xe4 %comment\nq%c2\rQ",
    b"1 2 re f\n% the end",
])
def test_pdfminers_quirks_are_kept(data: bytes) -> None:
    same(content_objects([data]), [data])


@pytest.mark.parametrize("parts", [
    [b"BT /F1 12 Tf\n", b"(a) Tj ET"],
    [b"q 1 0 0 1 0 0 cm ", b"", b"Q"],
    [b"[1 2\n", b"3] 0 d"],  # an array open across parts
])
def test_a_stream_in_parts(parts: list[bytes]) -> None:
    same(content_objects(parts), parts)


@pytest.mark.parametrize("parts", [
    [b"BI /W 1 /H 1 /BPC 1 /CS /G ID \x00 EI"],  # inline image
    [b"{ 1 2 add }"],
    [rb"(\777)"],  # pdfminer asserts
    [b"(a(b(c)d)e)"],  # nested deeper than the pattern reads
    [b"(never closed"],
    [b"<</A>>"],  # an odd dictionary: pdfminer raises
    [b"<41"],  # a hex string at the very end
    [b"/a#4"],  # a name's escape at the very end: pdfminer drops the name
    [b"1 0 0 1 0 0 c", b"m"],  # pdfminer's parser carries a token across parts
    [b"(a", b"b)"],
])
def test_what_the_module_is_not_sure_of_is_left_to_pdfminer(parts: list[bytes]) -> None:
    assert content_objects(parts) is None


def test_token_soup_is_pdfminers_or_left_to_it() -> None:
    """A fixed seed of random streams: each is read alike or left to pdfminer, and most are read."""
    fragments = [
        b" ", b"\n", b"\r\n", b"\x00", b"\t", b"1", b"-", b"+", b".", b"5", b"1.2.3", b"/F1", b"/", b"/a#41",
        b"/a#4", b"/a#zz", b"Tj", b"T*", b"'", b'"', b"true", b"false", b"null", b")", b"\\", b"\\n",
        b"\\101", b"<", b">", b"<<", b">>", b"<41>", b"<4 1 A>", b"[", b"]", b"%c", b"%x\n", b"e5",
        b"\xe4\xb8\xad", b"#", b"~", b"BT", b"12abc", b"(a(b)c)", b"(x\\)y)", b"<</A 1>>", b"*",
    ]
    rng = random.Random(20261202)
    read = 0
    for _ in range(3000):
        data = b"".join(rng.choice(fragments) for _ in range(rng.randint(1, 20)))
        parts = [data]
        if rng.random() < 0.3:
            cut = rng.randint(0, len(data))
            parts = [data[:cut], data[cut:]]
        ours = content_objects(parts)
        if ours is None:
            continue
        read += 1
        same(ours, parts)
    assert read > 1000


@pytest.mark.parametrize("name", DRAWN)
def test_the_characters_are_those_of_pdfminers_own_interpreter(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    with pdfplumber.open(SAMPLES / name) as pdf:
        ours = [miner_chars(page) for page in pdf.pages]
        monkeypatch.setattr(miner, "_Interpreter", PDFPageInterpreter)
        theirs = [miner_chars(page) for page in pdf.pages]
    assert ours == theirs
    assert all(chars for chars in ours)


def test_a_page_the_module_is_not_sure_of_is_interpreted_by_pdfminer(tmp_path: Path) -> None:
    """An inline image on a drawn page: pdfminer's own parser reads the stream, same characters."""
    from reportlab.pdfgen import canvas

    from tests.parsers.drawing import register_cid_font

    font = register_cid_font()
    path = tmp_path / "inline.pdf"
    drawn = canvas.Canvas(str(path), pagesize=(595.0, 842.0))
    drawn.setFont(font, 12)
    drawn.drawString(100, 700, "總分 95 分")
    drawn.drawInlineImage(_one_pixel(), 100, 600, 10, 10)
    drawn.save()
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        parts = [stream_value(s).get_data() for s in page.page_obj.contents]
        assert content_objects(parts) is None
        chars = miner_chars(page)
        assert chars is not None
        assert "".join(c.text for c in chars) == "總分 95 分"


def _one_pixel() -> Any:
    from PIL import Image

    return Image.new("L", (1, 1), 0)
