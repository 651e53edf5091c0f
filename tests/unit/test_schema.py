"""The one schema of the output files (pipeline.schema): what the docs say, every column described."""

from __future__ import annotations

import re
from dataclasses import replace

from pipeline.recompute import recompute
from pipeline.results import Evidence, ItemRow, ReportResult
from pipeline.rubric import load_rubric
from pipeline.schema import CHECK_NAMES, COLUMNS, CONSTRAINTS, DESCRIPTIONS, FIELDS, constraints, field, position
from pipeline.statuses import ReadFrom, Severity, Status
from pipeline.write.csv import score_rows
from tests.conftest import ROOT
from tests.unit.test_checks import seed

RUBRIC = load_rubric()
_SECTION = re.compile(r"^## (\w+\.csv) —.*?\n\n`([^`]+)`", re.MULTILINE | re.DOTALL)


def test_the_columns_are_those_docs_output_md_lists() -> None:
    docs = (ROOT / "docs" / "OUTPUT.md").read_text(encoding="utf-8")
    listed = {name: tuple(c.strip() for c in columns.split(",")) for name, columns in _SECTION.findall(docs)}
    assert listed == COLUMNS


def test_every_column_has_a_type_and_a_meaning() -> None:
    assert set(DESCRIPTIONS) == set(COLUMNS)
    for file, columns in COLUMNS.items():
        assert len(set(columns)) == len(columns), file
        for column in columns:
            kind, description = field(file, column)
            assert kind in {"string", "number", "integer"} and description, (file, column)
    assert {k if isinstance(k, str) else k[1] for k in FIELDS} == {c for cols in COLUMNS.values() for c in cols}


def test_a_file_s_own_meaning_overrides_the_shared_one() -> None:
    assert field("metrics.csv", "unit")[1] != field("reports.csv", "unit")[1]
    assert field("findings.csv", "page") != field("scores.csv", "page")


def test_allowed_values_are_the_enums() -> None:
    assert CONSTRAINTS["status"]["enum"] == ["ok", "partial", "failed", "skipped"] == list(Status)
    assert CONSTRAINTS["severity"]["enum"] == ["error", "warning"] == list(Severity)
    assert CONSTRAINTS["read_from"]["enum"] == ["text", "ocr"] == list(ReadFrom)
    assert CONSTRAINTS["check"]["enum"] == list(CHECK_NAMES) and "unreadable_score" in CHECK_NAMES
    assert constraints("reports.csv", "report_id") and constraints("scores.csv", "report_id") is None


def test_scores_take_read_from_and_review_from_the_item_row() -> None:
    rows = tuple(
        replace(r, read_from=ReadFrom.ocr, review="read by OCR") if r.item_no == "2.1"
        else replace(r, score=None) if r.item_no == "3.1" else r
        for r in seed().item_rows
        if r.item_no != "5.2"
    )
    x = seed(item_rows=(*rows, ItemRow("9.9", 1.0, 10.0, Evidence("not in the rubric"))))
    result = ReportResult("0123456789ab", "a.pdf", "pdf", "ok", extraction=x, recomputed=recompute(x, RUBRIC))
    shown = {
        row[position("scores.csv", "item_no")]: (row[position("scores.csv", "read_from")],
                                                  row[position("scores.csv", "review")])
        for row in score_rows(result, RUBRIC)
    }
    assert shown["2.1"] == ("ocr", "read by OCR")
    assert shown["1.1"] == ("text", ""), "a score read from the text layer, nothing to review"
    assert shown["3.1"] == (None, ""), "the row is there but its score was not read"
    assert shown["5.2"] == (None, None), "no row at all"
    assert all(len(row) == len(COLUMNS["scores.csv"]) for row in score_rows(result, RUBRIC))
