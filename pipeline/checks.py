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
from pipeline.i18n import _
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
            _("No {score} was found for item {item_no} {item}: no row of the report was matched to it.").format(
                score=rubric.vocabulary.score, item_no=item.no, item=item.name),
            dimension_no=item.dimension_no, item_no=item.no,
        )
        for item in rubric.items
        if item.no not in found
    ]


def unchecked_figures(item: Item, rubric: Rubric) -> str:
    """What cannot be checked while ``item``'s 得分 is unknown, in words (for messages and errors)."""
    dim, v = rubric.dimension(item.dimension_no), rubric.vocabulary
    return _(
        "the {subtotal} and summary figure of dimension {dimension_no} {dimension}, the {total} and the {grade}"
    ).format(subtotal=v.subtotal, dimension_no=dim.no, dimension=dim.name, total=v.total, grade=v.grade)


def unreadable_scores(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    """One warning per item whose row is in the report but whose 得分 could not be read."""
    unread = unreadable_items(extraction)
    findings = []
    for item in rubric.items:
        row = unread.get(item.no)
        if row is None:
            continue
        page = row.evidence.page
        if page is not None:
            sentence = _(
                "The row of item {item_no} {item} is on page {page} but its {score} could not be read,"
                " so {unchecked} cannot be checked: check the score by eye."
            )
        else:
            sentence = _(
                "The row of item {item_no} {item} was found (「{text}」) but its {score} could not be read,"
                " so {unchecked} cannot be checked: check the score by eye."
            )
        findings.append(Finding(
            "unreadable_score", Severity.warning,
            sentence.format(
                item_no=item.no, item=item.name, page=page, text=_short(row.evidence.text),
                score=rubric.vocabulary.score, unchecked=unchecked_figures(item, rubric),
            ),
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
            _("Item {item_no} {item} is scored {score}, outside 0–{max_points}.").format(
                item_no=item.no, item=item.name, score=number(row.score), max_points=number(item.max_points)),
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
                _("Item {item_no} {item} appears twice, scored {first} and {second}; the first is used.").format(
                    item_no=item.no, item=item.name, first=number(first.score), second=number(row.score)),
                dimension_no=item.dimension_no, item_no=item.no,
                claimed=number(row.score), expected=number(first.score), page=row.evidence.page,
            ))
    return findings


def unmatched_rows(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    return [
        Finding(
            "unmatched_row", Severity.warning,
            _("The row 「{text}」 matches no rubric item (best similarity {similarity:g}).").format(
                text=_short(row.evidence.text), similarity=row.match_score),
            claimed=number(row.score) if row.score is not None else "", page=row.evidence.page,
        )
        for row in extraction.item_rows
        if row.item_no is None
    ]


def _dimension_figures(
    check: str, sentence: str, figures: dict[str, Figure], recomputed: Recomputed, rubric: Rubric
) -> list[Finding]:
    """``sentence`` (in the run's language) says it with ``dimension_no``, ``dimension``, ``printed``,
    ``added`` and ``subtotal`` (the rubric's word for 小計)."""
    sums = recomputed.subtotals
    findings = []
    for dim in rubric.dimensions:
        figure = figures.get(dim.no)
        if figure is None or dim.no not in sums or not _differs(figure.value, sums[dim.no]):
            continue
        findings.append(Finding(
            check, Severity.error,
            sentence.format(
                dimension_no=dim.no, dimension=dim.name, printed=number(figure.value), added=number(sums[dim.no]),
                subtotal=rubric.vocabulary.subtotal,
            ),
            dimension_no=dim.no, claimed=number(figure.value), expected=number(sums[dim.no]),
            page=figure.evidence.page,
        ))
    return findings


def subtotal_mismatches(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    sentence = _(
        "The {subtotal} of dimension {dimension_no} {dimension} is printed as {printed}"
        " but its item scores add up to {added}."
    )
    return _dimension_figures("subtotal_mismatch", sentence, extraction.subtotals, recomputed, rubric)


def summary_mismatches(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    sentence = _(
        "The summary table's figure of dimension {dimension_no} {dimension} is printed as {printed}"
        " but its item scores add up to {added}."
    )
    return _dimension_figures("summary_mismatch", sentence, extraction.summary, recomputed, rubric)


def total_mismatch(extraction: Extraction, recomputed: Recomputed, rubric: Rubric) -> list[Finding]:
    total = recomputed.total
    claimed = extraction.total
    if claimed is None or total is None or not _differs(claimed.value, total):
        return []
    return [Finding(
        "total_mismatch", Severity.error,
        _("The {total} is printed as {printed} but the item scores add up to {added}.").format(
            total=rubric.vocabulary.total, printed=number(claimed.value), added=number(total)),
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
        _("The {grade} is printed as {printed} but a total of {added} earns {expected}.").format(
            grade=rubric.vocabulary.grade, printed=claimed.grade, added=number(total), expected=expected),
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
