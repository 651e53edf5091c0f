"""Each report is read with the rubric of its year: the 112 test rubric's samples with it, the
110 and 111 ones with 110's, the 113 one with 112's (the nearest earlier) and a plain sentence,
and ``--rubric`` forces one for all. Figures are compared with the samples' truth files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.options import ReadContext
from pipeline.results import ReportResult
from pipeline.rubric import load_rubric
from pipeline.rubric_set import RUBRICS_DIR, RubricSet
from pipeline.run import process_file
from pipeline.statuses import Status
from tests.conftest import SAMPLES, TRUTH, read_csv

YEARS = RubricSet.load()
FALLBACK = "no rubric is for the reports of 113: read with the rubric for 112 (112.toml), the nearest earlier one"


def _read(name: str, context: ReadContext | None = None) -> ReportResult:
    return process_file(SAMPLES / name, SAMPLES, context or ReadContext(YEARS))


def _truth(name: str) -> dict[str, object]:
    loaded: dict[str, object] = json.loads((TRUTH / f"{name}.json").read_text(encoding="utf-8"))
    return loaded


def _figures(r: ReportResult) -> dict[str, object]:
    """The figures a truth file holds, as read."""
    x = r.extraction
    assert x is not None
    items = x.items()

    def whole(value: float | None) -> object:
        return int(value) if value is not None and value == int(value) else value

    return {
        "items": {no: whole(row.score) for no, row in items.items()},
        "subtotals": {no: whole(f.value) for no, f in x.subtotals.items()},
        "summary": {no: whole(f.value) for no, f in x.summary.items()},
        "claimed_total": whole(x.total.value) if x.total else None,
        "claimed_grade": x.grade.grade if x.grade else None,
        "roc_year": x.title.roc_year,
        "status": r.status,
    }


def _expected(name: str) -> dict[str, object]:
    t = _truth(name)
    return {
        "items": {k: v for k, v in t["items"].items() if v is not None},  # type: ignore[attr-defined]
        "subtotals": {k: v for k, v in t["subtotals"].items() if v is not None},  # type: ignore[attr-defined]
        "summary": {k: v for k, v in t["summary"].items() if v is not None},  # type: ignore[attr-defined]
        **{k: t[k] for k in ("claimed_total", "claimed_grade", "roc_year", "status")},
    }


@pytest.mark.parametrize("name", ["112_keelung_testrubric.docx", "112_keelung_testrubric.pdf",
                                  "112_hsinchu_testrubric_web.pdf"])
def test_a_112_report_is_read_with_the_112_test_rubric_and_every_figure_is_right(name: str) -> None:
    r = _read(name)
    assert r.rubric == "112.toml" and r.error == ""
    assert _figures(r) == _expected(name)
    assert "5.3" in r.extraction.items()  # type: ignore[union-attr]  # the item only 112 has


@pytest.mark.parametrize("name", ["110_keelung.docx", "111_kaohsiung.pdf", "111_keelung_bigtable.docx"])
def test_a_110_or_111_report_is_read_with_the_110_rubric(name: str) -> None:
    r = _read(name)
    assert r.rubric == "110.toml"
    assert _figures(r) == _expected(name)


@pytest.mark.parametrize("name", ["113_taichung_testrubric.docx", "113_taichung_testrubric.pdf"])
def test_a_113_report_falls_back_to_the_112_rubric_with_a_plain_sentence(name: str) -> None:
    r = _read(name)
    assert r.rubric == "112.toml" and r.status == Status.ok
    assert r.error == FALLBACK
    assert _figures(r) == _expected(name)
    # The author's 小計 of dimension 5 leaves the added item out: found because 5.3 is read.
    assert [(f.check, f.dimension_no, f.claimed, f.expected) for f in r.findings if f.check == "subtotal_mismatch"] == [
        ("subtotal_mismatch", "5", "64", "89")
    ]


def test_a_forced_rubric_reads_every_report_whatever_its_year() -> None:
    forced = ReadContext(load_rubric())  # --rubric rubrics/110.toml
    r = _read("112_keelung_testrubric.docx", forced)
    assert r.rubric == "110.toml" and r.status == Status.partial
    assert "the rubric is for the reports of 110–111, not 112: read with it anyway" in r.error
    assert len(r.extraction.items()) < 5  # type: ignore[union-attr]  # the renamed items match nothing
    forced_112 = ReadContext(load_rubric(RUBRICS_DIR / "112.toml"))
    assert _read("110_keelung.docx", forced_112).status == Status.partial


def test_every_file_is_written_in_its_own_reports_rubric(tmp_path: Path) -> None:
    """scores.csv and dimensions.csv list each report's own rubric's items; trends.csv pairs 111
    with 112 across the two rubrics (an item only 112 has gets no value for 111)."""
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in ("111_keelung_bigtable.docx", "112_keelung_testrubric.docx", "113_taichung_testrubric.docx"):
        shutil.copy(SAMPLES / name, inbox / name)
    out = tmp_path / "out"
    assert main(["extract", "--lang", "en", str(inbox), "-o", str(out), "--quiet", "--workers", "1"]) in (0, 1)
    reports = {r["source_file"]: r for r in read_csv(out / "reports.csv")}
    ids = {name: row["report_id"] for name, row in reports.items()}
    scores = read_csv(out / "scores.csv")
    items = {name: [(s["item_no"], s["item"], s["max_points"]) for s in scores if s["report_id"] == rid]
             for name, rid in ids.items()}
    assert len(items["111_keelung_bigtable.docx"]) == 11 and len(items["112_keelung_testrubric.docx"]) == 12
    assert items["112_keelung_testrubric.docx"][0] == ("1.1", "申辦流程標準化", "100")
    assert items["112_keelung_testrubric.docx"][-1] == ("5.3", "公私協力推動", "30")
    assert items["111_keelung_bigtable.docx"][0] == ("1.1", "服務一致及正確性", "100")
    assert reports["113_taichung_testrubric.docx"]["error"] == FALLBACK
    trends = [t for t in read_csv(out / "trends.csv") if t["unit"] == "基隆分局"]
    by_no = {(t["level"], t["no"]): t for t in trends}
    assert by_no["item", "1.1"]["name"] == "申辦流程標準化"  # the later year's rubric names it
    assert by_no["item", "5.3"]["value_from"] == "" and by_no["item", "5.3"]["value_to"] == "25"
    assert {(t["roc_year_from"], t["roc_year_to"]) for t in trends} == {("111", "112")}
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert {f["source_file"]: f["rubric"] for f in run["files"]} == {
        "111_keelung_bigtable.docx": "110.toml", "112_keelung_testrubric.docx": "112.toml",
        "113_taichung_testrubric.docx": "112.toml",
    }
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "公私協力推動" in page and "(112.toml)" in page and "(110.toml)" in page
