"""kaohe.sqlite: every CSV file as a typed table with its keys, the views, and the README's query."""

from __future__ import annotations

import csv
import io
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from pipeline.schema import COLUMNS, PRIMARY_KEYS, field
from pipeline.write.sqlite import SQLITE, VIEWS, write_sqlite
from tests.conftest import ROOT, Output, read_csv

SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL"}
STORED = {"string": "text", "integer": "integer", "number": "real"}


def _figure(text: str) -> float | None:
    return float(text) if text else None


def _connect(folder: Path) -> sqlite3.Connection:
    con = sqlite3.connect(f"file:{folder / SQLITE}?mode=ro", uri=True)
    con.execute("PRAGMA foreign_keys = ON")
    return con


def readme_query() -> str:
    """The SQL block of the README's "For analysts", as a person would paste it."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("### For analysts"):]
    match = re.search(r"```sql\n(.*?)```", section, re.DOTALL)
    assert match, "the README shows a query"
    return match[1].strip()


def test_every_csv_is_a_typed_table_with_the_same_rows(sample_output: Output) -> None:
    con = _connect(sample_output.folder)
    for file, columns in COLUMNS.items():
        table = file.removesuffix(".csv")
        declared = [(row[1], row[2], row[5]) for row in con.execute(f'PRAGMA table_info("{table}")')]
        assert [(name, kind) for name, kind, _ in declared] == [
            (c, SQL_TYPES[field(file, c)[0]]) for c in columns
        ], table
        keys = [name for name, _, pk in sorted(declared, key=lambda d: d[2]) if pk]
        assert keys == PRIMARY_KEYS.get(file, []), table
        stored = con.execute(f'SELECT * FROM "{table}"').fetchall()
        written = read_csv(sample_output.folder / file)
        assert len(stored) == len(written), table
        for row, csv_row in zip(stored, written, strict=True):
            for column, value in zip(columns, row, strict=True):
                text, kind = csv_row[column], field(file, column)[0]
                if text == "":
                    assert value is None, (table, column)
                    continue
                assert type(value).__name__ == {"text": "str", "integer": "int", "real": "float"}[STORED[kind]]
                assert (value if kind == "string" else float(value)) == (text if kind == "string" else float(text))
    item_types = {t for (t,) in con.execute("SELECT DISTINCT typeof(item_no) FROM scores")}
    assert item_types == {"text"}, "1.10 is not 1.1"


def test_every_report_id_joins_and_the_keys_hold(sample_output: Output) -> None:
    con = _connect(sample_output.folder)
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    referring = [
        (table, row[3]) for table in ("reports", *(f.removesuffix(".csv") for f in COLUMNS))
        for row in con.execute(f'PRAGMA foreign_key_list("{table}")')
    ]
    assert ("scores", "report_id") in referring and ("units", "chosen_report_id") in referring
    ids = {r["report_id"] for r in read_csv(sample_output.folder / "reports.csv") if r["report_id"]}
    assert {i for (i,) in con.execute("SELECT report_id FROM documents")} == ids
    with pytest.raises(sqlite3.Error):  # read-only, and a status outside the enum is refused
        con.execute("UPDATE reports SET status = 'fine'")
    writable = sqlite3.connect(":memory:", isolation_level=None)  # autocommit: the PRAGMA below applies
    source = _connect(sample_output.folder)
    source.backup(writable)
    with pytest.raises(sqlite3.IntegrityError):
        writable.execute("UPDATE reports SET status = 'fine'")
    writable.execute("PRAGMA foreign_keys = ON")
    with pytest.raises(sqlite3.IntegrityError):
        writable.execute("INSERT INTO findings (report_id, \"check\", severity) VALUES ('000000000000', "
                         "'total_mismatch', 'error')")


def test_the_views_name_units_and_years(sample_output: Output) -> None:
    con = _connect(sample_output.folder)
    assert {name for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'view'")} == set(VIEWS)
    reports = {r["report_id"]: r for r in reversed(read_csv(sample_output.folder / "reports.csv"))}
    findings = [f for f in read_csv(sample_output.folder / "findings.csv") if f["check"].endswith("_mismatch")]
    rows = con.execute(
        'SELECT unit, roc_year, source_file, report_id, "check", claimed, expected, difference FROM mismatches'
    ).fetchall()
    assert len(rows) == len(findings) > 0
    for unit, year, source_file, report_id, check, claimed, expected, difference in rows:
        report = reports[report_id]
        assert (unit, str(year), source_file) == (report["unit"], report["roc_year"], report["source_file"])
        if check == "grade_mismatch":
            assert difference is None
        else:
            assert difference == pytest.approx(float(claimed) - float(expected))
    totals = con.execute("SELECT unit, roc_year, claimed_total, recomputed_total, difference FROM unit_year_totals")
    units = read_csv(sample_output.folder / "units.csv")
    seen = 0
    for unit, year, claimed, recomputed, difference in totals:
        row = next(u for u in units if (u["unit"], u["roc_year"]) == (unit, str(year)))
        assert _figure(row["recomputed_total"]) == recomputed
        chosen = reports[row["chosen_report_id"]]
        assert claimed == _figure(chosen["claimed_total"])
        assert difference == (None if claimed is None or recomputed is None else pytest.approx(claimed - recomputed))
        seen += 1
    assert seen == len(units)


def _expected_answer(folder: Path) -> list[tuple[str, int, str, float, float, float, int]]:
    """What the README's query should answer, worked out from the CSV files."""
    reports = {r["report_id"]: r for r in reversed(read_csv(folder / "reports.csv"))}
    errors: dict[str, int] = {}
    for f in read_csv(folder / "findings.csv"):
        errors[f["report_id"]] = errors.get(f["report_id"], 0) + (f["severity"] == "error")
    answer = []
    for u in read_csv(folder / "units.csv"):
        chosen = reports[u["chosen_report_id"]]
        claimed, recomputed = _figure(chosen["claimed_total"]), _figure(u["recomputed_total"])
        if claimed is not None and recomputed is not None and claimed != recomputed:
            answer.append((
                u["unit"], int(u["roc_year"]), chosen["source_file"], claimed, recomputed, claimed - recomputed,
                errors.get(u["chosen_report_id"], 0),
            ))
    return sorted(answer)


def test_the_readme_query_answers(sample_output: Output) -> None:
    expected = _expected_answer(sample_output.folder)
    assert expected, "the samples have units whose claimed total is not their items' sum"
    rows = _connect(sample_output.folder).execute(readme_query()).fetchall()
    assert rows == expected


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 console is not installed (apt sqlite3)")
def test_the_sqlite3_console_answers_the_readme_query(sample_output: Output) -> None:
    done = subprocess.run(
        ["sqlite3", "-readonly", "-csv", str(sample_output.folder / SQLITE)], input=readme_query(),
        capture_output=True, text=True, check=True, timeout=60,
    )
    lines = list(csv.reader(io.StringIO(done.stdout)))
    expected = _expected_answer(sample_output.folder)
    assert [
        (unit, int(year), file, *map(float, figures), int(errors))
        for unit, year, file, *figures, errors in lines
    ] == expected


def test_a_set_that_cannot_be_written_leaves_no_database(sample_output: Output, tmp_path: Path) -> None:
    for file in COLUMNS:
        shutil.copy(sample_output.folder / file, tmp_path / file)
    write_sqlite(tmp_path)
    before = (tmp_path / SQLITE).read_bytes()
    (tmp_path / "units.csv").write_text("\ufeffunit,year\r\n", encoding="utf-8")  # not the schema's columns
    with pytest.raises(ValueError, match=r"units\.csv"):
        write_sqlite(tmp_path)
    assert (tmp_path / SQLITE).read_bytes() == before, "the previous database is left as it was"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
