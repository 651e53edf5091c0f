"""Every output CSV file's columns, in order, with each field's type and meaning: one place.

The CSV writer writes the columns in this order, ``datapackage.json`` describes them from here
and the workbook lays out its sheets by them, so a column added or renamed here is added or
renamed everywhere at once, and a column that is written but not described cannot exist (the
datapackage test fails). docs/OUTPUT.md says the same for people; a test compares the two.
Types are Table Schema's (``string``, ``number``, ``integer``): what pandas, R or a database
loads each column as.
"""

from __future__ import annotations

from typing import Any, Literal

from pipeline.statuses import ReadFrom, Severity, Status

FieldType = Literal["string", "number", "integer"]

#: Each file's columns in the order they are written (docs/OUTPUT.md).
COLUMNS: dict[str, tuple[str, ...]] = {
    "reports.csv": (
        "report_id", "source_file", "format", "status", "error", "organization", "unit", "roc_year", "year",
        "pages", "claimed_total", "recomputed_total", "claimed_grade", "recomputed_grade", "findings",
    ),
    "scores.csv": (
        "report_id", "dimension_no", "dimension", "item_no", "item", "max_points", "claimed_score",
        "match_score", "source_text", "page", "read_from", "review",
    ),
    "dimensions.csv": (
        "report_id", "dimension_no", "dimension", "max_points", "claimed_subtotal", "claimed_summary",
        "recomputed_subtotal",
    ),
    "indicators.csv": (
        "report_id", "dimension_no", "item_no", "indicator_no", "sub_indicator_no", "indicator", "units",
        "result", "match_score", "page",
    ),
    "metrics.csv": (
        "report_id", "dimension_no", "item_no", "indicator_no", "label", "value", "unit", "qualifier",
        "roc_year", "raw", "page",
    ),
    "findings.csv": (
        "report_id", "check", "severity", "dimension_no", "item_no", "claimed", "expected", "message", "page",
    ),
    "units.csv": (
        "unit", "roc_year", "files", "report_ids", "chosen_report_id", "claimed_totals", "recomputed_total",
        "recomputed_grade",
    ),
    "trends.csv": (
        "unit", "level", "no", "name", "roc_year_from", "roc_year_to", "value_from", "value_to", "change",
    ),
    "metric_trends.csv": (
        "unit", "item_no", "indicator_no", "quantity_unit", "position", "roc_year_from", "roc_year_to",
        "value_from", "value_to", "change", "label_from", "label_to", "raw_from", "raw_to",
    ),
}

#: What each file holds, one line (the resource's description in datapackage.json).
DESCRIPTIONS: dict[str, str] = {
    "reports.csv": "one row for every file found in the input folder, failures included",
    "scores.csv": "one row per report and rubric item, found or not",
    "dimensions.csv": "one row per report and rubric dimension: printed 小計, summary figure, recomputed sum",
    "indicators.csv": "the narrative's indicators: one row per indicator row matched to the rubric",
    "metrics.csv": "the narrative's quantities: one row per number read with its unit",
    "findings.csv": "one row per problem an auditor should look at",
    "units.csv": "one row per unit and ROC year: the files that are versions of its report and the one chosen",
    "trends.csv": "one row per unit, rubric entry and pair of consecutive years of its chosen reports",
    "metric_trends.csv": "the narrative's quantities paired across a unit's consecutive years (indicator and unit)",
}

#: The checks of findings.csv in the order findings of one place are listed (docs/OUTPUT.md).
CHECK_NAMES = (
    "subtotal_mismatch", "summary_mismatch", "total_mismatch", "grade_mismatch", "score_out_of_range",
    "missing_item", "duplicate_item", "unreadable_score", "unmatched_row", "arithmetic_mismatch",
)

_ID = "first 12 hex digits of the SHA-256 of the file's bytes; joins all the files"
_PAGE = "1-based page the figure was read from (PDF); empty for Word and ODT files"

#: column -> (type, description); a (file, column) key overrides the column's meaning in one file.
FIELDS: dict[str | tuple[str, str], tuple[FieldType, str]] = {
    "report_id": ("string", _ID),
    "source_file": ("string", "path relative to the input folder, with /"),
    "format": ("string", "pdf, docx, odt or doc, told from the content, not the extension"),
    "status": (
        "string", "ok, partial (items, their 得分 or the 總分 not found), failed (see error) or skipped (not a report)",
    ),
    "error": ("string", "one plain sentence for a person when the status is not ok"),
    "organization": ("string", "the organization named in the title, e.g. 經濟部標準檢驗局"),
    "unit": ("string", "the unit named in the title, e.g. 基隆分局"),
    "roc_year": ("integer", "year of the Republic of China calendar, e.g. 110"),
    "year": ("integer", "the same year in the Gregorian calendar, e.g. 2021"),
    "pages": ("integer", "page count (PDF); empty for Word and ODT files"),
    "claimed_total": ("number", "總分 as printed in the summary table"),
    "recomputed_total": (
        "number", "sum of the item scores found; empty when an item's row was found but its 得分 could not be read",
    ),
    "claimed_grade": ("string", "等第 as printed in the summary table"),
    "recomputed_grade": ("string", "the grade band of recomputed_total"),
    "findings": ("integer", "how many rows this report has in findings.csv"),
    "dimension_no": ("string", "the rubric dimension's number, e.g. 2"),
    "dimension": ("string", "the rubric dimension's canonical name"),
    "item_no": ("string", "the rubric item's number, e.g. 2.1"),
    "item": ("string", "the rubric item's canonical name"),
    "max_points": ("number", "the most points the rubric allows"),
    "claimed_score": ("number", "the 得分 printed for the item; empty when not found"),
    "match_score": ("number", "0-100: how closely the printed name matched the canonical one"),
    "source_text": ("string", "the printed cell that was matched"),
    "page": ("integer", _PAGE),
    "read_from": (
        "string", "where the 得分 was read: text (the file's text layer or XML) or ocr (a scanned image); "
        "empty when not found",
    ),
    "review": ("string", "empty, or why a person should look at this figure before trusting it, in a few words"),
    "claimed_subtotal": ("number", "the 小計 printed under the dimension in the body"),
    "claimed_summary": ("number", "the dimension's figure in the summary table (自行考核結果統計表)"),
    "recomputed_subtotal": (
        "number", "sum of the dimension's item scores found; empty when one of its 得分 could not be read",
    ),
    "indicator_no": ("string", "the indicator's number within its item"),
    "sub_indicator_no": ("string", "the sub-indicator's number within its indicator"),
    "indicator": ("string", "the indicator's canonical name"),
    "units": ("string", "the units responsible, as printed, separated by ;"),
    "result": ("string", "the narrative's result for the indicator"),
    "label": ("string", "what the quantity counts"),
    "value": ("number", "the quantity"),
    "qualifier": ("string", "a qualifier printed with the quantity, e.g. 以上"),
    "raw": ("string", "the text the quantity was read from"),
    ("metrics.csv", "unit"): ("string", "the quantity's unit, e.g. 件"),
    ("metrics.csv", "roc_year"): ("integer", "the ROC year the quantity refers to"),
    "check": ("string", "the check that found the problem (see docs/OUTPUT.md)"),
    "severity": ("string", "error or warning"),
    "claimed": ("string", "the figure as printed"),
    "expected": ("string", "the figure recomputed from the item scores (or the allowed range)"),
    "message": ("string", "the problem in one sentence"),
    ("findings.csv", "page"): ("integer", "where the printed figure stands (PDF)"),
    ("units.csv", "unit"): ("string", "the unit named in the title, e.g. 基隆分局"),
    "files": ("integer", "how many files report this unit and year (its versions)"),
    "report_ids": ("string", "the versions' report_id, ;-separated, in the order of source_file"),
    "chosen_report_id": (
        "string", "the version the year-over-year view uses (rule: docs/OUTPUT.md; --prefer overrides it)",
    ),
    "claimed_totals": (
        "string", "each version's printed 總分, ;-separated in the order of report_ids; empty when not found",
    ),
    ("units.csv", "recomputed_total"): ("number", "the chosen version's 總分 recomputed from its item scores"),
    ("units.csv", "recomputed_grade"): ("string", "the grade band of the chosen version's recomputed total"),
    ("trends.csv", "unit"): ("string", "the unit named in the title, e.g. 基隆分局"),
    "level": ("string", "total, dimension or item"),
    "no": ("string", "the rubric entry's number (dimension 2, item 2.1); empty for the total"),
    "name": ("string", "the rubric entry's canonical name (the later year's rubric's); empty for the total"),
    "roc_year_from": ("integer", "the earlier ROC year of the pair"),
    "roc_year_to": ("integer", "the later ROC year of the pair (the next year the unit has a report for)"),
    "value_from": (
        "number", "the figure in roc_year_from: recomputed 總分 or 小計, or the item's 得分; empty when unknown",
    ),
    "value_to": ("number", "the figure in roc_year_to; empty when unknown"),
    "change": ("number", "value_to minus value_from; empty when either is"),
    ("metric_trends.csv", "unit"): ("string", "the unit named in the title, e.g. 基隆分局"),
    ("metric_trends.csv", "value_from"): ("number", "the quantity as stated in roc_year_from"),
    ("metric_trends.csv", "value_to"): ("number", "the quantity as stated in roc_year_to"),
    ("metric_trends.csv", "change"): ("number", "value_to minus value_from"),
    "quantity_unit": ("string", "the unit both quantities are stated in, e.g. 批 or %"),
    "position": ("integer", "1 for the indicator's first quantity in that unit, 2 for its second… (narrative order)"),
    "label_from": ("string", "what the quantity counts, in roc_year_from's words"),
    "label_to": ("string", "what the quantity counts, in roc_year_to's words"),
    "raw_from": ("string", "the exact text the quantity was read from in roc_year_from"),
    "raw_to": ("string", "the exact text the quantity was read from in roc_year_to"),
}

# A file found twice (the same bytes) has one report_id and two rows in reports.csv, the second
# skipped as a duplicate: source_file keeps the key unique. The other files hold one report's rows
# once, so report_id alone joins them to reports.csv.
PRIMARY_KEYS: dict[str, list[str]] = {
    "reports.csv": ["report_id", "source_file"],
    "scores.csv": ["report_id", "item_no"],
    "dimensions.csv": ["report_id", "dimension_no"],
    "units.csv": ["unit", "roc_year"],
}

#: The values a column may hold (Table Schema constraints); an empty cell is always allowed.
CONSTRAINTS: dict[str, dict[str, Any]] = {
    "report_id": {"required": True, "pattern": "[0-9a-f]{12}"},
    "status": {"enum": [s.value for s in Status]},
    "severity": {"enum": [s.value for s in Severity]},
    "check": {"enum": list(CHECK_NAMES)},
    "read_from": {"enum": [r.value for r in ReadFrom]},
    "level": {"enum": ["total", "dimension", "item"]},
}


def field(file: str, column: str) -> tuple[FieldType, str]:
    """The type and meaning of ``column`` in ``file``: its own meaning there, else the shared one."""
    return FIELDS.get((file, column)) or FIELDS[column]


def constraints(file: str, column: str) -> dict[str, Any] | None:
    """What ``column`` of ``file`` may hold, or None. ``report_id`` is required and checked only
    in reports.csv, where it is defined; elsewhere the foreign key to reports.csv checks it."""
    if column == "report_id" and file != "reports.csv":
        return None
    return CONSTRAINTS.get(column)


def position(file: str, column: str) -> int:
    """0-based position of ``column`` in ``file``'s rows (for code that lays rows out by column)."""
    return COLUMNS[file].index(column)
