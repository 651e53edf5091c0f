"""datapackage.json: valid for frictionless, and enough for pandas to load the set as typed tables."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
from frictionless import Package, validate

from pipeline.cli import main
from pipeline.schema import COLUMNS
from tests.conftest import SAMPLES, Output


def test_frictionless_validates_the_sample_output(sample_output: Output) -> None:
    report = validate(str(sample_output.folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    assert {task.name for task in report.tasks} == {name.removesuffix(".csv") for name in COLUMNS}


def test_every_column_is_described_and_report_id_joins_them(sample_output: Output) -> None:
    descriptor = json.loads((sample_output.folder / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["path"]: r for r in descriptor["resources"]}
    assert list(resources) == list(COLUMNS)
    for name, columns in COLUMNS.items():
        schema = resources[name]["schema"]
        assert tuple(f["name"] for f in schema["fields"]) == columns
        assert all(f["type"] and f["description"] for f in schema["fields"])
        joins = [key for key in ("report_id", "chosen_report_id") if key in columns]
        if name == "reports.csv":
            assert schema["primaryKey"] == ["report_id", "source_file"]
        elif joins:  # units.csv joins by its chosen version; trends.csv by unit alone
            assert schema["foreignKeys"] == [
                {"fields": [key], "reference": {"resource": "reports", "fields": ["report_id"]}} for key in joins
            ]
        else:
            assert "foreignKeys" not in schema


def test_a_broken_join_is_caught(sample_output: Output, tmp_path: Path) -> None:
    copy = tmp_path / "out"
    shutil.copytree(sample_output.folder, copy)
    text = (copy / "findings.csv").read_bytes().decode("utf-8-sig").split("\r\n")
    text[1] = "ffffffffffff" + text[1][12:]
    (copy / "findings.csv").write_text("\r\n".join(text), encoding="utf-8-sig", newline="")
    report = validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {error.type for task in report.tasks for error in task.errors}


def test_the_readme_pandas_example_runs(sample_output: Output) -> None:
    package = Package(str(sample_output.folder / "datapackage.json"))
    assert package.get_resource("reports").schema.primary_key == ["report_id", "source_file"]
    reports = pd.read_csv(sample_output.folder / "reports.csv", encoding="utf-8-sig")
    totals = reports.groupby("unit")[["claimed_total", "recomputed_total"]].sum()
    assert "臺中分局" in totals.index and totals.loc["臺中分局", "claimed_total"] > 0


def test_a_file_found_twice_keeps_the_package_valid(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    (inbox / "copy").mkdir(parents=True)
    shutil.copy(SAMPLES / "110_keelung.docx", inbox)
    shutil.copy(SAMPLES / "110_keelung.docx", inbox / "copy")
    main(["extract", str(inbox), "-o", str(tmp_path / "out"), "--quiet"])
    report = validate(str(tmp_path / "out" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
