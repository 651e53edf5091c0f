"""``datapackage.json``: a Frictionless Data Package that describes every CSV file.

Each resource carries its Table Schema: the fields in the CSV's order with their types and the
meanings of docs/OUTPUT.md, ``report_id`` (with ``source_file``) as the primary key of reports.csv
and a foreign key from every other file, so that pandas, R, a database or ``frictionless validate`` can load and
join the set without guessing. Columns, types, meanings, keys and allowed values are all
``pipeline.schema``'s; this module only lays them out. The descriptor is written by hand (plain
JSON, no library at run time); the tests validate it with frictionless.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pipeline import __version__
from pipeline.schema import COLUMNS, DESCRIPTIONS, PRIMARY_KEYS, constraints, field
from pipeline.write.csv import atomic_write
from pipeline.write.sqlite import SQLITE, VIEWS, table_name


def _field(file: str, column: str) -> dict[str, Any]:
    kind, description = field(file, column)
    described: dict[str, Any] = {"name": column, "type": kind, "description": description}
    allowed = constraints(file, column)
    if allowed is not None:
        described["constraints"] = allowed
    return described


def _resource(file: str, columns: Sequence[str]) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [_field(file, c) for c in columns], "missingValues": [""]}
    if file in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[file]
    # Every report_id column joins reports.csv; units.csv and trends.csv are keyed by unit and
    # year instead, units.csv's chosen version joining it too.
    schema["foreignKeys"] = [
        {"fields": [key], "reference": {"resource": "reports", "fields": ["report_id"]}}
        for key in ("report_id", "chosen_report_id")
        if key in columns and file != "reports.csv"
    ]
    if not schema["foreignKeys"]:
        del schema["foreignKeys"]
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
        # Not a resource: a tabular data package lists CSV files only. The same rows as one
        # database, each resource a table of its name typed by its schema (docs/OUTPUT.md).
        "sqlite": {
            "path": SQLITE, "mediatype": "application/vnd.sqlite3",
            "description": "every resource as a typed table of its name (string TEXT, integer INTEGER, number "
            "REAL, empty NULL), the primary keys above, report_id referring to the table documents (each "
            "report_id once, with its first file), and the views " + ", ".join(VIEWS),
            "tables": ["documents", *(table_name(file) for file in COLUMNS)],
            "views": list(VIEWS),
        },
    }


def write_datapackage(folder: Path) -> Path:
    path = folder / "datapackage.json"
    text = json.dumps(descriptor(), ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, text.encode("utf-8"))
    return path
