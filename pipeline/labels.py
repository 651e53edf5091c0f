"""The contract's codes as a person reads them: a status, a severity, a check, a review reason.

The CSV files, run.json and the workbook's code columns keep the contract's English codes
(``failed``, ``subtotal_mismatch``, ``read by OCR``: scripts filter on them, whatever language
the run is in); what a person reads (report.html, the terminal) shows them through these, in
the run's language (``pipeline.i18n``). A code with no label is shown as it is.
"""

from __future__ import annotations

import re

from pipeline.flow import DISAGREES, FLOW_ONLY, TABLE_ONLY
from pipeline.i18n import N_, _
from pipeline.ocr_marks import READ_BY_OCR, UNDER_SEAL
from pipeline.results import UNREADABLE_SCORE

_STATUSES = {
    "ok": N_("ok"), "partial": N_("partial"), "failed": N_("failed"), "skipped": N_("skipped"),
}
_SEVERITIES = {"error": N_("error"), "warning": N_("warning")}
_CHECKS = {
    "subtotal_mismatch": N_("subtotal mismatch"),
    "summary_mismatch": N_("summary table mismatch"),
    "total_mismatch": N_("total mismatch"),
    "grade_mismatch": N_("grade mismatch"),
    "score_out_of_range": N_("score out of range"),
    "missing_item": N_("missing item"),
    "duplicate_item": N_("item scored twice"),
    "unreadable_score": N_("score unreadable"),
    "unmatched_row": N_("row of no rubric item"),
    "arithmetic_mismatch": N_("narrative arithmetic"),
}
_REASONS = (DISAGREES, FLOW_ONLY, TABLE_ONLY, READ_BY_OCR, UNDER_SEAL, UNREADABLE_SCORE)
#: A reason, and what follows it in brackets (``second reading disagrees (85)``).
_REASON = re.compile(r"(?P<reason>[^(]*?)(?P<rest>\s*\(.*\))?")


def status(code: str) -> str:
    return _(_STATUSES[code]) if code in _STATUSES else code


def severity(code: str) -> str:
    return _(_SEVERITIES[code]) if code in _SEVERITIES else code


def check(code: str) -> str:
    return _(_CHECKS[code]) if code in _CHECKS else code


def review(text: str) -> str:
    """scores.csv's ``review`` (reasons joined by ``; ``) in the run's language."""
    parts = []
    for part in text.split("; ") if text else ():
        match = _REASON.fullmatch(part)
        if match and match["reason"] in _REASONS:
            parts.append(_(match["reason"]) + (match["rest"] or ""))
        else:
            parts.append(part)
    return _("; ").join(parts)
