"""Where in the document a finding's figure stands: its Evidence, looked up in the Extraction.

A Finding carries a page but no box; the Extraction it came from holds every figure with its
Evidence (text, page, box). The check's name and the finding's dimension or item say which
figure it is about. An ``unreadable_score`` points to the item's row; a ``missing_item`` has
no row, so no evidence.
"""

from __future__ import annotations

from pipeline.results import Evidence, Extraction, Finding, ItemRow
from pipeline.text import number


def finding_evidence(finding: Finding, extraction: Extraction) -> Evidence | None:
    """The Evidence of the printed figure ``finding`` is about, or None when nothing was printed."""
    if finding.evidence is not None:  # a narrative figure, located where it is printed
        return finding.evidence
    check = finding.check
    if check == "subtotal_mismatch":
        figure = extraction.subtotals.get(finding.dimension_no)
        return figure.evidence if figure else None
    if check == "summary_mismatch":
        figure = extraction.summary.get(finding.dimension_no)
        return figure.evidence if figure else None
    if check == "total_mismatch":
        return extraction.total.evidence if extraction.total else None
    if check == "grade_mismatch":
        return extraction.grade.evidence if extraction.grade else None
    if check in {"score_out_of_range", "missing_item", "unreadable_score"}:
        row = extraction.items().get(finding.item_no)
        return row.evidence if row else None
    if check == "duplicate_item":
        return _row_evidence(
            [r for r in extraction.item_rows if r.item_no == finding.item_no][1:], finding
        )
    if check == "unmatched_row":
        return _row_evidence([r for r in extraction.item_rows if r.item_no is None], finding)
    return None


def _row_evidence(rows: list[ItemRow], finding: Finding) -> Evidence | None:
    """The row whose page and score are the finding's; the first candidate when none is exact."""
    for row in rows:
        score = number(row.score) if row.score is not None else ""
        if row.evidence.page == finding.page and score == finding.claimed:
            return row.evidence
    return rows[0].evidence if rows else None


def figure_text(finding: Finding) -> str:
    """The printed figure to outline inside the evidence box (the claimed value)."""
    return finding.claimed if finding.check != "missing_item" else ""
