"""The PDF reader keeps the pages it loaded for the file's evidence pictures (``parsers.pdf_kept``),
only while asked, only for a short file, and the pictures made from them are those a page
loaded afresh gives."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from parsers import pdf, pdf_kept
from pipeline.document import BBox
from pipeline.options import ReadContext
from pipeline.results import Evidence
from pipeline.rubric import load_rubric
from pipeline.run import process_file
from pipeline.write.evidence import preload, render_shots
from pipeline.write.pictures import NO_ANCHOR
from pipeline.write.shots import Wanted
from pipeline.write.view import wanted_figures
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "110_taichung.pdf"


def test_pages_are_kept_only_while_asked_and_closed_after() -> None:
    pdf.parse(SAMPLE)
    assert pdf_kept.holder() is None, "outside ``keeping`` nothing is kept"
    with pdf_kept.keeping() as kept:
        document = pdf.parse(SAMPLE)
        assert pdf_kept.pages_of(SAMPLE) is kept and kept.document is not None
        assert sorted(kept.pages) == list(range(document.page_count)), "every page the reader loaded"
        assert pdf_kept.pages_of(SAMPLES / "110_keelung.pdf") is None, "another file's pages are not these"
        loaded = kept.pages[0]
        assert loaded.text is not None, "its text page too"
    assert kept.document is None and not kept.pages and pdf_kept.holder() is None
    assert loaded.page.raw is None and loaded.text.raw is None, "closed with their document"


def test_a_long_file_keeps_no_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_kept, "MAX_PAGES", 3)
    with pdf_kept.keeping() as kept:
        pdf.parse(SAMPLE)
        assert kept.document is None and pdf_kept.pages_of(SAMPLE) is None


def test_a_page_past_the_size_keeps_nothing_of_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_kept, "MAX_OBJECTS", 0)
    with pdf_kept.keeping() as kept:
        pdf.parse(SAMPLE)
        assert kept.document is not None and not kept.pages, "each page loaded again to render it"


@pytest.fixture()
def held() -> Iterator[None]:
    """What ``preload`` holds in this process, closed after the test (a renderer ends instead)."""
    yield
    kept = pdf_kept._kept
    pdf_kept._kept = None
    if kept is not None:
        kept.close()


@pytest.mark.parametrize("name", ["110_taichung.pdf", "110_keelung_rotate90.pdf"])
@pytest.mark.parametrize("how", ["kept by the reader", "loaded ahead"])
def test_pictures_from_pages_kept_or_loaded_ahead_are_those_of_pages_loaded_afresh(
    tmp_path: Path, name: str, how: str, held: None,
) -> None:
    path = tmp_path / name
    shutil.copy(SAMPLES / name, path)
    rubric = load_rubric()
    result = process_file(path, tmp_path, ReadContext(rubric))
    wanted = wanted_figures(result, rubric, NO_ANCHOR)
    afresh = render_shots(path, wanted)
    if how == "kept by the reader":
        with pdf_kept.keeping():
            kept = process_file(path, tmp_path, ReadContext(rubric))
            assert pdf_kept.pages_of(path) is not None
            again = render_shots(path, wanted_figures(kept, rubric, NO_ANCHOR))
    else:
        preload(path)
        ahead = pdf_kept.pages_of(path)
        assert ahead is not None and sorted(ahead.pages) == list(range(result.pages or 0)), "every page"
        again = render_shots(path, wanted)
        assert ahead.document is not None, "left open for the renderer's keeper, not closed by render_shots"
    assert again == afresh
    assert sum(1 for s in afresh.values() if s.image) >= 5


def test_a_long_file_is_opened_ahead_without_its_pages(monkeypatch: pytest.MonkeyPatch, held: None) -> None:
    monkeypatch.setattr(pdf_kept, "MAX_PAGES", 3)
    preload(SAMPLE)
    kept = pdf_kept.pages_of(SAMPLE)
    assert kept is not None and kept.document is not None and not kept.pages


def test_a_page_past_the_size_is_not_loaded_ahead(monkeypatch: pytest.MonkeyPatch, held: None) -> None:
    monkeypatch.setattr(pdf_kept, "MAX_OBJECTS", 0)
    preload(SAMPLE)
    kept = pdf_kept.pages_of(SAMPLE)
    assert kept is not None and not kept.pages


def test_a_file_that_cannot_be_opened_ahead_leaves_its_sentence_to_the_renderer(tmp_path: Path, held: None) -> None:
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.4\nnot a PDF at all\n")
    preload(path)
    assert pdf_kept.pages_of(path) is None
    evidence = Evidence(text="85", page=1, bbox=BBox(10, 10, 50, 30))
    shots = render_shots(path, {"a": Wanted(evidence, "85")})
    assert shots["a"].image == "" and shots["a"].reason == "the file could not be opened to render it"
