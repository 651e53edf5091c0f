"""pipeline.cite: a narrative finding cites the page where its quoted figure is printed."""

from __future__ import annotations

from pipeline.cite import locate_findings
from pipeline.document import BBox, Document, TextLine, Word
from pipeline.results import Evidence, Finding
from pipeline.statuses import Severity


def _line(page: int, *texts: str) -> TextLine:
    return TextLine(tuple(Word(t, BBox(60.0 * i, 100.0, 60.0 * i + 50, 110.0)) for i, t in enumerate(texts)), page)


def _finding(quote: str, page: int | None) -> Finding:
    return Finding("arithmetic_mismatch", Severity.warning, "…", page=page, evidence=Evidence(quote, page))


DOC = Document("t.pdf", "pdf", (), page_count=3, lines=(
    _line(2, "制度，共計有公營44站，"),
    _line(3, "其中", "總計159批(847,600", "件)，其中47批"),
))


def test_the_page_and_box_of_the_printed_figure_are_cited() -> None:
    (found,) = locate_findings([_finding("847,600件", 2)], DOC)
    assert found.page == 3
    assert found.evidence is not None and found.evidence.bbox == BBox(60.0, 100.0, 170.0, 110.0)


def test_a_figure_not_printed_after_its_rows_page_keeps_the_rows_page() -> None:
    (kept,) = locate_findings([_finding("999件", 2)], DOC)
    assert kept.page == 2 and kept.evidence is not None and kept.evidence.bbox is None


def test_findings_without_a_quote_and_documents_without_lines_are_left_alone() -> None:
    plain = Finding("total_mismatch", Severity.error, "…", page=4)
    assert locate_findings([plain], DOC) == (plain,)
    quoted = _finding("847,600件", 2)
    assert locate_findings([quoted], Document("t.docx", "docx", ())) == (quoted,)
