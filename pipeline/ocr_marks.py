"""Figures read by OCR are marked as such, and no finding built on one reads as a fact.

A scanned page is read by a machine from a picture (``parsers.scan``): a 3 read as an 8 is
possible, and the engine's confidence does not say when (the cross-checks do). So every item
score read on such a page gets ``read_from = ocr`` and a review reason (``read by OCR``, or
``under a seal`` where red seal ink lay over its row and was taken out before OCR), and every
mismatch that involves a figure of such a page says that it may be a misreading and where the
picture is: a person compares, before any finding is held against a unit.
"""

from __future__ import annotations

from dataclasses import replace

from pipeline.document import BBox, Document, Region
from pipeline.i18n import N_, _
from pipeline.results import Extraction, Finding, ItemRow
from pipeline.rubric import Rubric
from pipeline.statuses import ReadFrom

#: Review reasons (scores.csv `review`, in English as its contract lists them; see pipeline.flow).
READ_BY_OCR = N_("read by OCR")
UNDER_SEAL = N_("under a seal")
#: The checks whose findings accuse a figure; a warning about a row or the narrative accuses none.
MISMATCHES = frozenset({
    "subtotal_mismatch", "summary_mismatch", "total_mismatch", "grade_mismatch", "score_out_of_range",
    "duplicate_item",
})
#: Wide enough to stand for a whole row of a page (points): a seal over a row's score cell is
#: over the row, whichever cell the row's evidence box is.
_ROW_WIDTH = 1e6


def under_seal(seals: tuple[Region, ...], page: int | None, box: BBox | None, whole_row: bool = False) -> bool:
    """Whether a seal's red lay over ``box`` (over its row of the page, with ``whole_row``)."""
    if box is None:
        return False
    if whole_row:
        box = BBox(0.0, box.top, _ROW_WIDTH, box.bottom)
    return any(seal.overlaps(page, box) for seal in seals)


def mark_items(rows: tuple[ItemRow, ...], doc: Document) -> tuple[ItemRow, ...]:
    """Each row whose score was read on an OCR page, with ``read_from = ocr`` and its reason first."""
    pages = set(doc.ocr_pages)
    out = []
    for row in rows:
        if row.score is None or row.evidence.page not in pages:
            out.append(row)
            continue
        sealed = under_seal(doc.seals, row.evidence.page, row.evidence.bbox, whole_row=True)
        reason = UNDER_SEAL if sealed else READ_BY_OCR
        review = f"{reason}; {row.review}" if row.review else reason
        out.append(replace(row, read_from=ReadFrom.ocr, review=review))
    return tuple(out)


def misreading_note(page: int | None, seal: bool) -> str:
    """The sentence added to a mismatch that involves a figure read by OCR."""
    where = _("the picture of page {page}").format(page=page) if page is not None else _("the scanned page's picture")
    if seal:
        note = _(
            "A figure here was read by OCR from a scanned page (red seal ink was removed over it before OCR):"
            " the disagreement may be a misreading; compare with {where} before holding it against the unit."
        )
    else:
        note = _(
            "A figure here was read by OCR from a scanned page: the disagreement may be a misreading;"
            " compare with {where} before holding it against the unit."
        )
    return " " + note.format(where=where)


def mark_findings(
    findings: list[Finding], extraction: Extraction, doc: Document, rubric: Rubric
) -> list[Finding]:
    """Mismatches that involve a figure read by OCR, with the sentence that says so."""
    if not doc.ocr_pages:
        return findings
    pages = set(doc.ocr_pages)
    chosen = extraction.items()
    ocr_items = {no for no, row in chosen.items() if row.read_from is ReadFrom.ocr}
    item_dims = {item.no: item.dimension_no for item in rubric.items}
    out = []
    for finding in findings:
        if finding.check not in MISMATCHES:
            out.append(finding)
            continue
        if finding.item_no:
            involved = {finding.item_no} & ocr_items
        elif finding.dimension_no:
            involved = {no for no in ocr_items if item_dims.get(no) == finding.dimension_no}
        else:
            involved = ocr_items
        on_scan = finding.page in pages
        if not on_scan and not involved:
            out.append(finding)
            continue
        page = finding.page if on_scan else chosen[min(involved)].evidence.page
        seal = _sealed(finding, extraction, doc) or any(chosen[no].review.startswith(UNDER_SEAL) for no in involved)
        out.append(replace(finding, message=finding.message + misreading_note(page, seal)))
    return out


def _sealed(finding: Finding, extraction: Extraction, doc: Document) -> bool:
    """Whether the printed figure the finding is about lay under a seal."""
    figure = None
    if finding.check == "subtotal_mismatch":
        figure = extraction.subtotals.get(finding.dimension_no)
    elif finding.check == "summary_mismatch":
        figure = extraction.summary.get(finding.dimension_no)
    elif finding.check == "total_mismatch":
        figure = extraction.total
    if finding.check == "grade_mismatch" and extraction.grade is not None:
        evidence = extraction.grade.evidence
        return under_seal(doc.seals, evidence.page, evidence.bbox)
    return figure is not None and under_seal(doc.seals, figure.evidence.page, figure.evidence.bbox)


def ocr_figures(extraction: Extraction) -> int:
    """How many figures of ``extraction`` were read by OCR: item scores, 小計, summary figures,
    總分 and 等第 printed on a scanned page."""
    pages = set(extraction.ocr_pages)
    if not pages:
        return 0
    items = sum(1 for row in extraction.items().values() if row.score is not None and row.read_from is ReadFrom.ocr)
    figures = [*extraction.subtotals.values(), *extraction.summary.values()]
    printed = sum(1 for f in figures if f.evidence.page in pages)
    printed += sum(1 for f in (extraction.total, extraction.grade) if f is not None and f.evidence.page in pages)
    return items + printed
