"""Scanned pages end to end: a text report whose sealed summary page is a scan (samples/scans).

One OCRed page (about ten seconds): the scanned summary page of 111_keelung_bigtable_mixed.pdf is read by
the same table reader as a text page, every figure on it is marked as read by OCR, the seal is
found over it, a mismatch on it says it may be a misreading, and with OCR off the page is lost.
The five whole-report scans are measured by ``make eval`` (samples/scans against samples/scans_truth).
"""

from __future__ import annotations

import json
import multiprocessing
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TypeVar

import pytest

from pipeline.ocr_marks import READ_BY_OCR, UNDER_SEAL, mark_findings, ocr_figures
from pipeline.options import ParseSettings, ReadContext
from pipeline.results import Finding, ReportResult
from pipeline.rubric import load_rubric
from pipeline.run import process_file
from pipeline.statuses import ReadFrom, Severity, Status

T = TypeVar("T")
SCANS = Path(__file__).resolve().parents[2] / "samples" / "scans"
TRUTH = SCANS.parent / "scans_truth"
MIXED = SCANS / "111_keelung_bigtable_mixed.pdf"


def _spawned(function: Callable[..., T], *args: object) -> T:
    """``function(*args)`` in a fresh process: the OCR engine's threads must never be started in
    the test process, whose later batches fork their workers from it (a forked copy of a running
    ONNX thread pool deadlocks)."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


@pytest.fixture(scope="module")
def mixed() -> ReportResult:
    return _spawned(process_file, MIXED, SCANS, ReadContext(load_rubric(), ParseSettings(ocr=True)))


def test_the_scanned_summary_page_of_a_text_report_is_read(mixed: ReportResult) -> None:
    truth = json.loads((TRUTH / f"{MIXED.name}.json").read_text(encoding="utf-8"))
    extraction = mixed.extraction
    assert extraction is not None and mixed.status == Status.ok, mixed.error
    assert {k: v.value for k, v in extraction.summary.items()} == truth["summary"]
    assert extraction.total is not None and extraction.total.value == truth["claimed_total"]
    assert extraction.grade is not None and extraction.grade.grade == truth["claimed_grade"]
    assert {k: r.score for k, r in extraction.items().items()} == truth["items"]
    (page,) = extraction.ocr_pages
    assert {f.evidence.page for f in extraction.summary.values()} == {page}
    errors = {(f.check, f.dimension_no, f.claimed, f.expected) for f in mixed.findings if f.severity == Severity.error}
    planted = {(f["check"], f["dimension_no"], f["claimed"], f["expected"])
               for f in truth["findings"] if f["severity"] == "error"}
    assert errors == planted, "the scanned page adds no finding of its own (the text pages' planted one stays)"


def test_only_the_figures_of_the_scanned_page_are_marked(mixed: ReportResult) -> None:
    extraction = mixed.extraction
    assert extraction is not None
    (page,) = extraction.ocr_pages
    for row in extraction.items().values():  # the items are on the text pages
        assert row.read_from is ReadFrom.text and READ_BY_OCR not in row.review
    on_page = sum(1 for f in extraction.subtotals.values() if f.evidence.page == page)
    assert ocr_figures(extraction) == 5 + 2 + on_page  # five summary figures, 總分 and 等第


def test_a_mismatch_on_the_scanned_page_says_it_may_be_a_misreading_under_the_seal(mixed: ReportResult) -> None:
    from parsers import read

    doc = _spawned(read, "pdf", MIXED)
    extraction = mixed.extraction
    assert extraction is not None
    assert doc.ocr_pages == extraction.ocr_pages and doc.seals, "the red seal was found on the scan"
    figure = extraction.summary["3"]  # the seal of make_scans.py is stamped over 三、服務量能
    assert any(s.overlaps(figure.evidence.page, figure.evidence.bbox) for s in doc.seals)
    finding = Finding("summary_mismatch", Severity.error, "The summary table's figure of dimension 3 is printed as 1.",
                      dimension_no="3", claimed="1", expected="2", page=figure.evidence.page)
    (marked,) = mark_findings([finding], extraction, doc, load_rubric())
    assert "may be a misreading" in marked.message and f"page {figure.evidence.page}" in marked.message
    assert "seal" in marked.message
    unrelated = Finding("unmatched_row", Severity.warning, "A row.", page=figure.evidence.page)
    assert mark_findings([unrelated], extraction, doc, load_rubric()) == [unrelated]
    assert UNDER_SEAL == "under a seal"


def test_without_ocr_the_scanned_page_is_not_read() -> None:
    result = process_file(MIXED, SCANS, ReadContext(load_rubric(), ParseSettings(ocr=False)))
    assert result.extraction is not None and result.extraction.ocr_pages == ()
    assert result.status == Status.partial and result.extraction.total is None
