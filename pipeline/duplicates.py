"""A byte-identical copy of a file shows its first copy's figures in the one row it has.

``pipeline.batch`` does not read a file whose bytes are those of an earlier one: it is
``skipped`` with ``duplicate of <first file>`` and shares the first copy's ``report_id``. Its
row in reports.csv (and the workbook's and the page's overview) should still say what the file
is, so a person filtering by unit or year finds both copies with the same unit, year, pages,
totals, grades and findings count. Only that row is filled: the other files hold one report's
rows once per ``report_id``, so the copy adds nothing to them (their keys would repeat).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.results import ReportResult
from pipeline.statuses import Status


def _originals(results: Sequence[ReportResult]) -> dict[str, ReportResult]:
    """Per report_id, the result that was read: the first one not skipped."""
    read: dict[str, ReportResult] = {}
    for r in results:
        if r.status != Status.skipped:
            read.setdefault(r.report_id, r)
    return read


def with_copies_filled(results: Sequence[ReportResult]) -> list[ReportResult]:
    """``results`` in the same order, each skipped copy carrying its original's figures.

    A copy keeps its own file name, status and sentence (``duplicate of …``); it takes the
    format (told from the same bytes), pages, extraction, recomputed figures and findings of
    the result read for those bytes. Use the filled results for one row per file (reports.csv), never for the per-report
    files, where a copy's rows would repeat its original's.
    """
    read = _originals(results)
    filled = []
    for r in results:
        original = read.get(r.report_id)
        if r.status == Status.skipped and original is not None and r.extraction is None:
            r = replace(original, source_file=r.source_file, status=r.status, error=r.error)
        filled.append(r)
    return filled
