"""The font dictionaries read from bytes (parsers.pdf_skim): pdfminer's values, or None when unsure."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import PDFObjRef

from parsers.pdf_fonts import FontDescents
from parsers.pdf_skim import RawObjects, file_bytes, skim_object

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "reports"


def test_a_font_dictionary_is_read_and_its_widths_passed_over() -> None:
    data = (b"7 0 obj\n<</Type/Font/Subtype/Type0/BaseFont/ABCDEF+Noto-Bold %c\n"
            b"/W [1 [500 600.5] 3 9 1000] /CIDSystemInfo << /Registry (Ad(o)\\)be) /Supplement 0 >>"
            b"/DescendantFonts [12 0 R]/Encoding/Identity-H>>\nendobj\n")
    got = skim_object(data, 0, 7, None)
    assert got is not None
    assert got["Subtype"].name == "Type0" and got["BaseFont"].name == "ABCDEF+Noto-Bold"
    assert isinstance(got["DescendantFonts"][0], PDFObjRef) and got["DescendantFonts"][0].objid == 12
    assert got["W"] is None  # stepped over, not built


@pytest.mark.parametrize("data", [
    b"7 0 obj <</Type/Font/BaseFont/A#20B>> endobj",  # a #xx escape: pdfminer decodes it
    b"7 0 obj <</Type/Font/BaseFont (a string)>> endobj",  # a string where a read value should be
    b"8 0 obj <</Type/Font>> endobj",  # another object at the position
    b"7 0 obj <</Length 3>> stream\nabc\nendstream endobj",  # a stream, not a dictionary
    b"7 0 obj <</Type/Font/Descent 1e3>> endobj",  # a token pdfminer would read otherwise
    b"7 0 obj <</Type/Font/Widths [1 2 3",  # cut short
])
def test_what_the_scanner_is_unsure_of_is_left_to_pdfminer(data: bytes) -> None:
    assert skim_object(data, 0, 7, None) is None


def test_an_array_the_one_match_cannot_take_is_read_token_by_token() -> None:
    # A name after 50,000 digits: the one-match pattern fails here, and one that backtracked
    # would never return (the suite would hang); token by token, the array is stepped over.
    data = b"7 0 obj <</Type/Font/Widths [" + b"1" * 50_000 + b" /x]/Subtype/Type3>> endobj"
    got = skim_object(data, 0, 7, None)
    assert got is not None and got["Widths"] is None and got["Subtype"].name == "Type3"


def test_every_sample_font_gets_the_descent_pdfminer_gives_it() -> None:
    for path in sorted(SAMPLES.glob("*.pdf")):
        with pdfplumber.open(path) as pdf:
            plain, skimmed = FontDescents(), FontDescents(RawObjects(pdf.doc, file_bytes(pdf.stream)))
            for page in pdf.pages:
                plain.of_page(page.page_obj)
                skimmed.of_page(page.page_obj)
            assert skimmed._fonts == plain._fonts, path.name


def test_a_type3_fonts_glyph_table_and_encoding_are_stepped_over_in_one_match() -> None:
    data = (b"7 0 obj <</Type/Font/Subtype/Type3/FontBBox [0 -200 1000 800]/FontMatrix [0.001 0 0 0.001 0 0]"
            b"/CharProcs <</g12 12 0 R/g13 13 0 R /space 14 0 R>>"
            b"/Encoding <</Type/Encoding/Differences [0/g12/g13 32 /space]>>"
            b"/Resources <</ProcSet [/PDF /Text] /Info (a (plain) string) /Hex <0A1b>>>"
            b"/Widths [500 500 250]>> endobj")
    got = skim_object(data, 0, 7, None)
    assert got is not None and got["Subtype"].name == "Type3" and got["FontBBox"] == [0, -200, 1000, 800]
    assert got["CharProcs"] is None and got["Encoding"] is None and got["Resources"] is None


def test_a_glyph_table_the_one_match_cannot_take_is_read_token_by_token() -> None:
    # An escaped bracket in a string: the one match fails at once (no backtracking: the
    # suite would hang on 20,000 names), and the dictionary is stepped over token by token.
    data = (b"7 0 obj <</Type/Font/CharProcs <<" + b"/g 1 0 R " * 20_000 + b"/x (a \\) b)>>"
            b"/Subtype/Type3>> endobj")
    got = skim_object(data, 0, 7, None)
    assert got is not None and got["CharProcs"] is None and got["Subtype"].name == "Type3"
