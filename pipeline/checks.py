"""Say where a report's printed figures disagree with what its item scores add up to.

One function per check, each from the extraction and its recomputed figures to a list of
findings (frictionless' shape: problems in the data are data). The recomputed figures are
worked out once, by ``pipeline.recompute``, and handed in: the checks compare with the same
numbers the output shows. A figure the report does not print is not checked, so nothing is
raised for what is absent except a rubric item whose rows are absent (``missing_item``).

A figure kaohe could not read is never turned into an accusation: an item whose row is in the
report but whose 得分 could not be read gets one warning (``unreadable_score``) saying what
cannot be checked, and the sums that would need it are unknown (``pipeline.recompute``), so
no mismatch is raised against them.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.arithmetic import arithmetic_mismatches
from pipeline.recompute import unreadable_items
from pipeline.results import Extraction, Figure, Finding, Recomputed
from pipeline.rubric import Item, Rubric
from pipeline.statuses import Severity
from pipeline.text import number
from pipeline.tolerances import SCORE_EQUAL

#: A check: the extraction, what its item scores add up to, and the rubric, to its findings.
Check = Callable[[Extraction, Recomputed, Rubric], list[Finding]]


def _differs(a: float, b: float) -> bool:
    return abs(a - b) > SCORE_EQUAL


def missing_items(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    """Items with no row in the report at all; a row found without a readable 得分 is not missing."""
    found = extraction.items()
    return [
        Finding(
            "missing_item", Severity.error,
            f"No {rubric.vocabulary.score} was found for item {item.no} {item.name}:"
            " no row of the report was matched to it.",
            dimension_no=item.dimension_no, item_no=item.no,
        )
        for item in rubric.items
        if item.no not in found
    ]


def unchecked_figures(item: Item, rubric: Rubric) -> str:
    """What cannot be checked while ``item``'s 得分 is unknown, in words (for messages and errors)."""
    dim, v = rubric.dimension(item.dimension_no), rubric.vocabulary
    return f"the {v.subtotal} and summary figure of dimension {dim.no} {dim.name}, the {v.total} and the {v.grade}"


def unreadable_scores(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    """One warning per item whose row is in the report but whose 得分 could not be read."""
    unread = unreadable_items(extraction)
    findings = []
    for item in rubric.items:
        row = unread.get(item.no)
        if row is None:
            continue
        page = row.evidence.page
        where = f"is on page {page}" if page is not None else f"was found (「{_short(row.evidence.text)}」)"
        findings.append(Finding(
            "unreadable_score", Severity.warning,
            f"The row of item {item.no} {item.name} {where} but its {rubric.vocabulary.score} could not be read, so"
            f" {unchecked_figures(item, rubric)} cannot be checked: check the score by eye.",
            dimension_no=item.dimension_no, item_no=item.no, page=page,
        ))
    return findings


def scores_out_of_range(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    chosen = extraction.items()
    findings = []
    for item in rubric.items:
        row = chosen.get(item.no)
        if row is None or row.score is None or 0 <= row.score <= item.max_points:
            continue
        findings.append(Finding(
            "score_out_of_range", Severity.error,
            f"Item {item.no} {item.name} is scored {number(row.score)}, outside 0–{number(item.max_points)}.",
            dimension_no=item.dimension_no, item_no=item.no,
            claimed=number(row.score), expected=f"0-{number(item.max_points)}", page=row.evidence.page,
        ))
    return findings


def duplicate_items(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    chosen = extraction.items()
    findings = []
    for row in extraction.item_rows:
        first = chosen.get(row.item_no) if row.item_no else None
        if first is None or row is first or row.score is None or first.score is None:
            continue
        if _differs(row.score, first.score):
            item = next(i for i in rubric.items if i.no == row.item_no)
            findings.append(Finding(
                "duplicate_item", Severity.warning,
                f"Item {item.no} {item.name} appears twice, scored {number(first.score)} and {number(row.score)};"
                f" the first is used.",
                dimension_no=item.dimension_no, item_no=item.no,
                claimed=number(row.score), expected=number(first.score), page=row.evidence.page,
            ))
    return findings


def unmatched_rows(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    return [
        Finding(
            "unmatched_row", Severity.warning,
            f"The row 「{_short(row.evidence.text)}」 matches no rubric item (best similarity {row.match_score:g}).",
            claimed=number(row.score) if row.score is not None else "", page=row.evidence.page,
        )
        for row in extraction.item_rows
        if row.item_no is None
    ]


def _dimension_figures(
    check: str, label: str, figures: dict[str, Figure], recomputed: Recomputed, rubric: Rubric
) -> list[Finding]:
    sums = recomputed.subtotals
    findings = []
    for dim in rubric.dimensions:
        figure = figures.get(dim.no)
        if figure is None or dim.no not in sums or not _differs(figure.value, sums[dim.no]):
            continue
        findings.append(Finding(
            check, Severity.error,
            f"{label} of dimension {dim.no} {dim.name} is printed as {number(figure.value)}"
            f" but its item scores add up to {number(sums[dim.no])}.",
            dimension_no=dim.no, claimed=number(figure.value), expected=number(sums[dim.no]),
            page=figure.evidence.page,
        ))
    return findings


def subtotal_mismatches(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    label = f"The {rubric.vocabulary.subtotal}"
    return _dimension_figures("subtotal_mismatch", label, extraction.subtotals, recomputed, rubric)


def summary_mismatches(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    return _dimension_figures("summary_mismatch", "The summary table's figure", extraction.summary, recomputed, rubric)


def total_mismatch(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    total = recomputed.total
    claimed = extraction.total
    if claimed is None or total is None or not _differs(claimed.value, total):
        return []
    return [Finding(
        "total_mismatch", Severity.error,
        f"The {rubric.vocabulary.total} is printed as {number(claimed.value)}"
        f" but the item scores add up to {number(total)}.",
        claimed=number(claimed.value), expected=number(total), page=claimed.evidence.page,
    )]


def grade_mismatch(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    total, expected = recomputed.total, recomputed.grade
    claimed = extraction.grade
    if claimed is None or total is None or expected is None:
        return []
    if claimed.grade == expected:
        return []
    return [Finding(
        "grade_mismatch", Severity.error,
        f"The {rubric.vocabulary.grade} is printed as {claimed.grade}"
        f" but a total of {number(total)} earns {expected}.",
        claimed=claimed.grade, expected=expected, page=claimed.evidence.page,
    )]


def _short(text: str, limit: int = 30) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def arithmetic_mismatch(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    """The narrative's own sums, rates and products (``pipeline.arithmetic``): no item score needed."""
    return arithmetic_mismatches(extraction, rubric)


CHECKS: tuple[Check, ...] = (
    subtotal_mismatches,
    summary_mismatches,
    total_mismatch,
    grade_mismatch,
    scores_out_of_range,
    missing_items,
    duplicate_items,
    unreadable_scores,
    unmatched_rows,
    arithmetic_mismatch,
)


def run_checks(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    """Every check's findings, in check order; ``recomputed`` is ``recompute(extraction, rubric)``."""
    return [finding for check in CHECKS for finding in check(extraction, recomputed, rubric)]
