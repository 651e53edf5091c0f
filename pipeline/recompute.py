"""What a report's item scores add up to: per-dimension sums, the total and its grade band.

``recompute`` runs once per file, in ``pipeline.run.process_file``, and its ``Recomputed`` is
kept in the file's ``ReportResult``: the checks compare the printed 小計, summary figures, 總分
and 等第 with it, and the writers show it as it is. It is a module of its own rather than part
of ``pipeline.checks`` because two kinds of code need these figures and only one of them needs
the checks: the writers read the figures from the result and must never depend on the rules
that raise findings (or work the sums out again, and risk showing other numbers than the
findings were raised against). ``pipeline.checks`` stays one function per rule.

A sum is only worked out where every score it needs was read. An item whose row is in the
report but whose 得分 could not be read makes its dimension's sum and the total unknown (left
out, None): a sum of fewer items than the report shows would turn kaohe's failure to read into
a mismatch the report is blamed for. An item whose rows are absent altogether is another
matter: the report lacks it, so the sums are those of the items found (docs/OUTPUT.md).
"""

from __future__ import annotations

from pipeline.results import Extraction, ItemRow, Recomputed
from pipeline.rubric import Rubric


def scored_items(extraction: Extraction) -> dict[str, ItemRow]:
    """The row standing for each rubric item that has a score; items without one are absent."""
    return {no: row for no, row in extraction.items().items() if row.score is not None}


def unreadable_items(extraction: Extraction) -> dict[str, ItemRow]:
    """The row of each rubric item that is in the report but whose 得分 could not be read."""
    return {no: row for no, row in extraction.items().items() if row.score is None}


def recompute(extraction: Extraction, rubric: Rubric) -> Recomputed:
    """Sums of the item scores found: per dimension (in rubric order), in all, and the total's grade.

    A dimension with an unreadable item has no sum, and then neither has the report.
    """
    scores = {no: row.score for no, row in scored_items(extraction).items() if row.score is not None}
    unreadable = tuple(item.no for item in rubric.items if item.no in unreadable_items(extraction))
    subtotals: dict[str, float] = {}
    for dim in rubric.dimensions:
        if any(item.no in unreadable for item in dim.items):
            continue
        values = [scores[item.no] for item in dim.items if item.no in scores]
        if values:
            subtotals[dim.no] = float(sum(values))
    total = float(sum(scores.values())) if scores and not unreadable else None
    grade = rubric.grade_for(total) if total is not None else None
    return Recomputed(subtotals, total, grade, unreadable)
