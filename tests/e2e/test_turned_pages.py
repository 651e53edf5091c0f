"""Turned pages: a page displayed turned (/Rotate) and a report whose tables are drawn turned.

samples/make_turned.py makes both from built samples with qpdf; their truth is their source's
(tests/e2e/test_samples.py compares every figure with it). Here: that the samples really are
turned, and that what they show a person is right.
"""

from __future__ import annotations

import pdfplumber
import pypdfium2

from pipeline.options import ReadContext
from pipeline.rubric import load_rubric
from pipeline.run import process_file
from pipeline.write.evidence import render_shots
from pipeline.write.shots import Wanted
from tests.conftest import SAMPLES

ROTATED = SAMPLES / "110_keelung_rotate90.pdf"
DRAWN_TURNED = SAMPLES / "111_kaohsiung_turned.pdf"


def test_the_samples_are_turned_as_they_say() -> None:
    pdf = pypdfium2.PdfDocument(ROTATED)
    try:
        assert {pdf[i].get_rotation() for i in range(len(pdf))} == {90}
    finally:
        pdf.close()
    with pdfplumber.open(DRAWN_TURNED) as turned:
        page = turned.pages[0]
        assert page.rotation == 0 and page.width > page.height
        assert sum(not c["upright"] for c in page.chars) > 0.9 * len(page.chars)


def test_both_are_read_whole_and_cite_the_pages() -> None:
    rubric = load_rubric()
    for path, total in ((ROTATED, 845), (DRAWN_TURNED, 875)):
        result = process_file(path, SAMPLES, ReadContext(rubric))
        x = result.extraction
        assert result.status == "ok", (path.name, result.error)
        assert x is not None and x.total is not None and x.total.value == total
        assert all(r.evidence.page for r in x.items().values())
        assert x.rotations, "the pages are recorded as read turned"


def test_a_rotated_pages_evidence_is_cropped_upright_and_a_drawn_turned_one_says_why_not() -> None:
    rubric = load_rubric()
    for path, expect_picture in ((ROTATED, True), (DRAWN_TURNED, False)):
        x = process_file(path, SAMPLES, ReadContext(rubric)).extraction
        assert x is not None
        row = x.items()["1.1"]
        turned = dict(x.rotations).get(row.evidence.page or 0)
        shot = render_shots(path, {"a": Wanted(row.evidence, "", turned)})["a"]
        assert bool(shot.image) is expect_picture, path.name
        if not expect_picture:
            assert shot.reason == "its page is drawn turned and was read turned upright"
