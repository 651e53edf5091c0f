"""``datapackage.json``: a Frictionless Data Package that describes every CSV file.

Each resource carries its Table Schema: the fields in the CSV's order with their types and the
meanings of docs/OUTPUT.md, ``report_id`` (with ``source_file``) as the primary key of reports.csv
and a foreign key from every other file, so that pandas, R, a database or ``frictionless validate`` can load and
join the set without guessing. The descriptor is written by hand (plain JSON, no library at
run time); the tests validate it with frictionless.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.write.csv import CHECK_NAMES, COLUMNS, atomic_write

_ID = "first 12 hex digits of the SHA-256 of the file's bytes; joins all the files"
_PAGE = "1-based page the figure was read from (PDF); empty for Word and ODT files"

# column -> (type, description); a (file, column) key overrides the column's meaning in one file.
FIELDS: dict[str | tuple[str, str], tuple[str, str]] = {
    "report_id": ("string", _ID),
    "source_file": ("string", "path relative to the input folder, with /"),
    "format": ("string", "pdf, docx, odt or doc, told from the content, not the extension"),
    "status": ("string", "ok, partial (items or 總分 not found), failed (see error) or skipped (not a report)"),
    "error": ("string", "one plain sentence for a person when the status is not ok"),
    "organization": ("string", "the organization named in the title, e.g. 經濟部標準檢驗局"),
    "unit": ("string", "the unit named in the title, e.g. 基隆分局"),
    "roc_year": ("integer", "year of the Republic of China calendar, e.g. 110"),
    "year": ("integer", "the same year in the Gregorian calendar, e.g. 2021"),
    "pages": ("integer", "page count (PDF); empty for Word and ODT files"),
    "claimed_total": ("number", "總分 as printed in the summary table"),
    "recomputed_total": ("number", "sum of the item scores found"),
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
    "claimed_subtotal": ("number", "the 小計 printed under the dimension in the body"),
    "claimed_summary": ("number", "the dimension's figure in the summary table (自行考核結果統計表)"),
    "recomputed_subtotal": ("number", "sum of the dimension's item scores found"),
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
}

DESCRIPTIONS = {
    "reports.csv": "one row for every file found in the input folder, failures included",
    "scores.csv": "one row per report and rubric item, found or not",
    "dimensions.csv": "one row per report and rubric dimension: printed 小計, summary figure, recomputed sum",
    "indicators.csv": "the narrative's indicators: one row per indicator row matched to the rubric",
    "metrics.csv": "the narrative's quantities: one row per number read with its unit",
    "findings.csv": "one row per problem an auditor should look at",
}

# A file found twice (the same bytes) has one report_id and two rows in reports.csv, the second
# skipped as a duplicate: source_file keeps the key unique. The other files hold one report's rows
# once, so report_id alone joins them to reports.csv.
PRIMARY_KEYS: dict[str, list[str]] = {
    "reports.csv": ["report_id", "source_file"],
    "scores.csv": ["report_id", "item_no"],
    "dimensions.csv": ["report_id", "dimension_no"],
}

CONSTRAINTS: dict[str, dict[str, Any]] = {
    "report_id": {"required": True, "pattern": "[0-9a-f]{12}"},
    "status": {"enum": ["ok", "partial", "failed", "skipped"]},
    "severity": {"enum": ["error", "warning"]},
    "check": {"enum": list(CHECK_NAMES)},
}


def _field(file: str, column: str) -> dict[str, Any]:
    kind, description = FIELDS.get((file, column)) or FIELDS[column]
    field: dict[str, Any] = {"name": column, "type": kind, "description": description}
    if column in CONSTRAINTS and (column != "report_id" or file == "reports.csv"):
        field["constraints"] = CONSTRAINTS[column]
    return field


def _resource(file: str, columns: Sequence[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(file, c) for c in columns], "missingValues": [""]}
    if file in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[file]
    if file != "reports.csv":
        schema["foreignKeys"] = [
            {"fields": ["report_id"], "reference": {"resource": "reports", "fields": ["report_id"]}}
        ]
    return {
        "name": file.removesuffix(".csv"), "path": file, "profile": "tabular-data-resource",
        "description": DESCRIPTIONS[file], "format": "csv", "mediatype": "text/csv", "encoding": "utf-8-sig",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "lineTerminator": "\r\n", "header": True},
        "schema": schema,
    }


def descriptor() -> dict[str, Any]:
    return {
        "profile": "tabular-data-package",
        "name": "kaohe-output",
        "title": "提升服務效能 self-evaluation reports: scores, subtotals and findings",
        "description": f"Written by kaohe {__version__}. Every figure read from the reports, recomputed and "
        "checked; report_id joins the files. Column meanings: docs/OUTPUT.md.",
        "resources": [_resource(file, columns) for file, columns in COLUMNS.items()],
    }


def write_datapackage(folder: Path) -> Path:
    path = folder / "datapackage.json"
    text = json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, text.encode("utf-8"))
    return path
