"""units.csv and trends.csv on the samples, field by field against the hand-made truth.

The samples hold every unit in 110 and 111, most years in several files (a .docx, a .pdf, an
.odt of one report): versions of one report. The truth files (samples/truth/units.csv,
trends.csv) were made from the samples' spec truth and the documented rule, never from kaohe's
output. Modification times are part of the rule, and a fresh clone gives its files whatever
times the checkout does, so the samples are copied with one time for all: the rule then falls
through to its last step, the last file in path order.

The truth was made for the versions corpus it lists (every report_id in samples/truth/units.csv):
samples added since for other layouts are not copied, so the truth keeps describing its corpus.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from pipeline import Options, UsageError, extract
from pipeline.cli import main
from pipeline.text import key
from tests.conftest import SAMPLES, TRUTH, Output, read_csv

SAME_TIME = 1_700_000_000


def _corpus() -> list[Path]:
    """The sample files the truth of units.csv lists, found by their report_id (their bytes)."""
    listed = {rid for row in read_csv(TRUTH / "units.csv") for rid in row["report_ids"].split(";")}
    found = [p for p in sorted(SAMPLES.iterdir()) if hashlib.sha256(p.read_bytes()).hexdigest()[:12] in listed]
    assert len(found) == len(listed), "a file of the versions corpus is missing from samples/reports"
    return found


def _copy(folder: Path, rename: dict[str, str] | None = None) -> Path:
    rename = rename or {}
    for path in _corpus():
        target = folder / rename.get(path.name, path.name)
        shutil.copyfile(path, target)
        os.utime(target, (SAME_TIME, SAME_TIME))
    return folder


def _run(tmp: Path, sample_output: Output, *extra: str, rename: dict[str, str] | None = None) -> Output:
    """The samples read again from the cache of the session's run (nothing is parsed twice)."""
    (tmp / "in").mkdir()
    samples, out = _copy(tmp / "in", rename), tmp / "out"
    out.mkdir()
    shutil.copytree(sample_output.folder / ".cache", out / ".cache")
    code = main(["extract", str(samples), "-o", str(out), "--quiet", *extra])
    return Output(out, code)


def test_metric_trends_match_the_truth_field_by_field(versions_output: Output) -> None:
    """The truth (from the specs' quantities) has no labels, and its raw text is the spec's: the
    printed span differs only in spacing, full-width forms or simplified characters (the 111
    hualien sample), so raw is compared as kaohe compares text (``pipeline.text.key``)."""
    got, want = versions_output.rows("metric_trends.csv"), read_csv(TRUTH / "metric_trends.csv")
    assert len(got) == len(want) > 100
    for n, (g, w) in enumerate(zip(got, want, strict=True), 2):
        for column, value in w.items():
            same = key(g[column]) == key(value) if column.startswith("raw") else g[column] == value
            assert same, f"metric_trends.csv line {n} ({w['unit']} {w['indicator_no']}): {column}"


@pytest.fixture(scope="module")
def versions_output(tmp_path_factory: pytest.TempPathFactory, sample_output: Output) -> Output:
    return _run(tmp_path_factory.mktemp("versions"), sample_output)


@pytest.mark.parametrize("name", ["units.csv", "trends.csv"])
def test_matches_the_truth_field_by_field(versions_output: Output, name: str) -> None:
    got, want = versions_output.rows(name), read_csv(TRUTH / name)
    assert [tuple(r) for r in got] == [tuple(r) for r in want]  # the columns, in order
    assert len(got) == len(want)
    for n, (g, w) in enumerate(zip(got, want, strict=True), 2):
        for column in w:
            assert g[column] == w[column], f"{name} line {n} ({w.get('unit')}): {column}"


def test_the_units_come_with_both_years(versions_output: Output) -> None:
    years = {(r["unit"], r["roc_year"]) for r in versions_output.rows("units.csv")}
    assert {y for _, y in years} == {"110", "111"}
    assert len(years) == 12


def test_prefer_overrides_the_rule(tmp_path: Path, sample_output: Output) -> None:
    out = _run(tmp_path, sample_output, "--prefer", "110_taichung.docx")
    reports = {r["source_file"]: r["report_id"] for r in out.rows("reports.csv")}
    row = next(r for r in out.rows("units.csv") if (r["unit"], r["roc_year"]) == ("臺中分局", "110"))
    assert row["chosen_report_id"] == reports["110_taichung.docx"]
    assert row["recomputed_total"] == "913"  # the .docx's, not the drawn PDF's 903
    total = next(r for r in out.rows("trends.csv") if r["unit"] == "臺中分局" and r["level"] == "total")
    assert (total["value_from"], total["value_to"], total["change"]) == ("913", "893", "-20")


def test_a_final_version_is_chosen_by_its_name(tmp_path: Path, sample_output: Output) -> None:
    out = _run(tmp_path, sample_output, rename={"110_keelung.docx": "110_keelung_定稿.docx"})
    reports = {r["source_file"]: r["report_id"] for r in out.rows("reports.csv")}
    row = next(r for r in out.rows("units.csv") if (r["unit"], r["roc_year"]) == ("基隆分局", "110"))
    assert row["chosen_report_id"] == reports["110_keelung_定稿.docx"]


def test_a_file_not_in_input_cannot_be_preferred(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"--prefer: no_such_report\.pdf is not a file in"):
        extract(SAMPLES, tmp_path / "out", Options(prefer=("no_such_report.pdf",), lang="en"))
    assert not (tmp_path / "out").exists()  # refused before anything is read or written


def test_report_html_lists_competing_versions_first_and_charts_each_unit(versions_output: Output) -> None:
    page = (versions_output.folder / "report.html").read_text(encoding="utf-8")
    section = page[page.index('<section id="units">'):page.index('<section id="unread">')]
    rows = section.split("<tr")[2:]  # the header row, then one per unit and year
    competing = ["competing" in row for row in rows]
    assert competing == sorted(competing, reverse=True) and any(competing) and not all(competing)
    assert section.count('<svg class="chart trend"') == 6  # one per unit: each has 110 and 111
    assert "基隆分局: 110 → 111" in section and "+13" in section  # 845 → 858, readable without script


def test_report_xlsx_has_a_sheet_for_units_and_trends(versions_output: Output) -> None:
    from openpyxl import load_workbook

    book = load_workbook(versions_output.folder / "report.xlsx", read_only=True)
    for name in ("units", "trends"):
        rows = list(book[name].iter_rows(values_only=True))
        csv_rows = versions_output.rows(f"{name}.csv")
        assert [str(c) if c is not None else "" for c in rows[1]][:2] == list(csv_rows[0].values())[:2]
        assert len(rows) - 1 == len(csv_rows)


def test_datapackage_describes_units_and_trends(versions_output: Output) -> None:
    import json

    package = json.loads((versions_output.folder / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["path"]: r for r in package["resources"]}
    assert [f["name"] for f in resources["units.csv"]["schema"]["fields"]][:2] == ["unit", "roc_year"]
    assert resources["units.csv"]["schema"]["foreignKeys"][0]["fields"] == ["chosen_report_id"]
    assert "foreignKeys" not in resources["trends.csv"]["schema"]
