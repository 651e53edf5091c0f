"""``kaohe.sqlite``: the run's CSV files as one typed database, with keys and views, for analysts.

A CSV file says nothing of its types: a spreadsheet or ``pandas.read_csv`` takes item ``1.10``
for the number 1.1 and a score column with one empty cell for text. The database is made from
the CSV files of the set just written (so its rows are theirs, cell for cell) and types each
column as ``pipeline.schema`` does for datapackage.json: ``string`` is TEXT (``item_no`` too),
``integer`` INTEGER, ``number`` REAL, an empty cell NULL. Text is stored as the CSV cell holds
it, a formula-looking text with its leading ``'``.

``report_id`` is not unique in reports.csv (a file found twice has two rows), and a foreign key
must name a unique key, so a table ``documents`` holds each distinct ``report_id`` once, with the
first file that has those bytes; every ``report_id`` column refers to it. The views join what
an analyst joins first: findings and scores with their report's unit, year and file, and each
unit's totals per year.

Written with the standard library's sqlite3 into a temporary file beside the target, then
renamed: a reader never opens half a database.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import secrets
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from pipeline.files import file_mode
from pipeline.schema import COLUMNS, PRIMARY_KEYS, FieldType, constraints, field

SQLITE = "kaohe.sqlite"
SQL_TYPES: dict[FieldType, str] = {"string": "TEXT", "integer": "INTEGER", "number": "REAL"}

_DOCUMENTS = """CREATE TABLE documents (
  report_id TEXT PRIMARY KEY NOT NULL,
  source_file TEXT NOT NULL
)"""

# A text that is a plain number (a finding's claimed 275 or 84.6; not 甲, not the range 0-100).
_NUMERIC = "({0} <> '' AND {0} NOT GLOB '*[^0-9.-]*' AND {0} NOT GLOB '?*-*' AND {0} GLOB '*[0-9]*')"

#: name -> SELECT; each view is documented in docs/OUTPUT.md.
VIEWS: dict[str, str] = {
    "mismatches": f"""
SELECT r.unit, r.roc_year, d.source_file, f.report_id, f."check", f.severity, f.dimension_no, f.item_no,
       f.claimed, f.expected,
       CASE WHEN {_NUMERIC.format("f.claimed")} AND {_NUMERIC.format("f.expected")}
            THEN CAST(f.claimed AS REAL) - CAST(f.expected AS REAL) END AS difference,
       f.message, f.page
FROM findings AS f
JOIN documents AS d ON d.report_id = f.report_id
JOIN reports AS r ON r.report_id = d.report_id AND r.source_file = d.source_file
WHERE f."check" LIKE '%\\_mismatch' ESCAPE '\\'""",
    "report_scores": """
SELECT r.unit, r.roc_year, d.source_file, s.*
FROM scores AS s
JOIN documents AS d ON d.report_id = s.report_id
JOIN reports AS r ON r.report_id = d.report_id AND r.source_file = d.source_file""",
    "unit_year_totals": """
SELECT u.unit, u.roc_year, u.files, d.source_file AS chosen_file, r.claimed_total, u.recomputed_total,
       r.claimed_total - u.recomputed_total AS difference, r.claimed_grade, u.recomputed_grade, r.findings,
       (SELECT count(*) FROM findings AS f WHERE f.report_id = u.chosen_report_id AND f.severity = 'error')
         AS errors
FROM units AS u
LEFT JOIN documents AS d ON d.report_id = u.chosen_report_id
LEFT JOIN reports AS r ON r.report_id = d.report_id AND r.source_file = d.source_file""",
}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _column(file: str, column: str) -> str:
    kind, _ = field(file, column)
    allowed = constraints(file, column) or {}
    sql = f"{_quote(column)} {SQL_TYPES[kind]}"
    if "enum" in allowed:
        values = ", ".join("'" + str(v).replace("'", "''") + "'" for v in allowed["enum"])
        sql += f" CHECK ({_quote(column)} IN ({values}))"
    return sql


def table_sql(file: str, columns: Sequence[str]) -> str:
    """The CREATE TABLE of one CSV file: its columns typed, its primary key and foreign keys."""
    parts = [_column(file, c) for c in columns]
    if file in PRIMARY_KEYS:
        parts.append(f"PRIMARY KEY ({', '.join(map(_quote, PRIMARY_KEYS[file]))})")
    for key in ("report_id", "chosen_report_id"):
        if key in columns:
            parts.append(f"FOREIGN KEY ({_quote(key)}) REFERENCES documents (report_id)")
    return f"CREATE TABLE {_quote(table_name(file))} (\n  " + ",\n  ".join(parts) + "\n)"


def table_name(file: str) -> str:
    return file.removesuffix(".csv")


def _typed(kind: FieldType, text: str) -> str | int | float | None:
    if text == "":
        return None
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    return text


def _rows(folder: Path, file: str) -> tuple[list[str], list[list[str]]]:
    text = (folder / file).read_bytes().decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text, newline="")))
    if tuple(header) != COLUMNS[file]:
        raise ValueError(f"{file}: the columns are not those of pipeline.schema")
    return header, rows


def fill(con: sqlite3.Connection, folder: Path) -> None:
    """The tables, rows and views of the CSV files in ``folder``, in one transaction on ``con``."""
    tables = {file: _rows(folder, file) for file in COLUMNS}
    header, reports = tables["reports.csv"]
    first: dict[str, str] = {}
    for row in reports:  # in source_file order: the first file with those bytes
        report_id, source_file = row[header.index("report_id")], row[header.index("source_file")]
        if report_id:
            first.setdefault(report_id, source_file)
    with con:
        con.execute(_DOCUMENTS)
        con.executemany("INSERT INTO documents VALUES (?, ?)", sorted(first.items()))
        for file, (columns, rows) in tables.items():
            con.execute(table_sql(file, columns))
            kinds = [field(file, c)[0] for c in columns]
            marks = ", ".join("?" * len(columns))
            con.executemany(
                f"INSERT INTO {_quote(table_name(file))} VALUES ({marks})",
                ([_typed(k, v) for k, v in zip(kinds, row, strict=True)] for row in rows),
            )
        for name, select in VIEWS.items():
            con.execute(f"CREATE VIEW {_quote(name)} AS {select.strip()}")
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:  # a writer's bug, not a file's: the CSV files do not join
            raise ValueError(f"{SQLITE}: rows whose report_id joins nothing: {problems[:3]}")


def write_sqlite(folder: Path) -> Path:
    """``folder/kaohe.sqlite`` from the CSV files already in ``folder``."""
    path = folder / SQLITE
    tmp = folder / f".{SQLITE}.{secrets.token_hex(4)}"
    try:
        con = sqlite3.connect(tmp)
        try:
            fill(con, folder)
        finally:
            con.close()
        os.chmod(tmp, file_mode())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return path
