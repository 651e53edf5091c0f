"""The writers show the result's recomputed figures as they are: they never recompute or check.

The figures are worked out once, in ``process_file`` (pipeline.recompute), and the findings are
raised against them; a writer that added the item scores up again, or banded the total itself,
could show other numbers than the ones the findings speak of.
"""

from __future__ import annotations

import ast
import io
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from pipeline.options import ReadContext
from pipeline.results import Recomputed, ReportResult
from pipeline.rubric import load_rubric
from pipeline.run import process_file
from pipeline.text import number
from pipeline.write.chart import build_chart
from pipeline.write.csv import write_all
from pipeline.write.html import render_html
from pipeline.write.view import report_views
from pipeline.write.xlsx import build_workbook
from tests.conftest import ROOT, SAMPLES, read_csv

RUBRIC = load_rubric()
WRITERS = sorted((ROOT / "pipeline" / "write").rglob("*.py"))
#: What a writer must not import: the rules that raise findings and the arithmetic behind them.
FORBIDDEN_MODULES = ("pipeline.checks", "pipeline.recompute", "pipeline.arithmetic")
#: What a writer must not call: the grade band of a total, or a sum of item scores.
FORBIDDEN_CALLS = frozenset({"grade_for", "recompute", "run_checks", "scored_items"})


def _imported(module: str, node: ast.AST) -> list[str]:
    """The modules ``node`` imports, relative imports resolved against ``module``'s package."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = module.rsplit(".", node.level)[0]
            base = f"{package}.{base}" if base else package
        return [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return []


def problems(module: str, source: str) -> list[str]:
    """Every import of the checks and every recomputing call in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        for name in _imported(module, node):
            if any(name == m or name.startswith(m + ".") for m in FORBIDDEN_MODULES):
                found.append(f"imports {name}")
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if called in FORBIDDEN_CALLS:
                found.append(f"calls {called}()")
    return found


def test_the_scan_sees_what_it_forbids() -> None:
    assert problems("pipeline.write.x", "from pipeline.checks import run_checks") == [
        "imports pipeline.checks", "imports pipeline.checks.run_checks",
    ]
    assert problems("pipeline.write.x", "from pipeline import checks") == ["imports pipeline.checks"]
    assert problems("pipeline.write.x", "from .. import recompute") == ["imports pipeline.recompute"]
    assert problems("pipeline.write.x", "import pipeline.arithmetic as a") == ["imports pipeline.arithmetic"]
    assert problems("pipeline.write.x", "g = rubric.grade_for(total)") == ["calls grade_for()"]
    assert problems("pipeline.write.x", "from pipeline.text import number\nnumber(1.0)") == []


@pytest.mark.parametrize("path", WRITERS, ids=lambda p: p.name)
def test_no_writer_imports_the_checks_or_recomputes(path: Path) -> None:
    module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    assert problems(module, path.read_text(encoding="utf-8")) == []


@pytest.fixture(scope="module")
def results() -> list[ReportResult]:
    """Two reports read as the product reads them: one consistent, one with a wrong 小計."""
    names = ("110_keelung.docx", "110_taichung.docx")
    return [process_file(SAMPLES / name, SAMPLES, ReadContext(RUBRIC)) for name in names]


def _shown(folder: Path) -> dict[str, tuple[str, str, dict[str, str]]]:
    """Per report_id: reports.csv's recomputed total and grade, dimensions.csv's subtotals."""
    dims: dict[str, dict[str, str]] = {}
    for row in read_csv(folder / "dimensions.csv"):
        dims.setdefault(row["report_id"], {})[row["dimension_no"]] = row["recomputed_subtotal"]
    return {
        r["report_id"]: (r["recomputed_total"], r["recomputed_grade"], dims[r["report_id"]])
        for r in read_csv(folder / "reports.csv")
    }


def _expected(rc: Recomputed) -> tuple[str, str, dict[str, str]]:
    def plain(value: float | None) -> str:
        return "" if value is None else number(value)

    subtotals = {d.no: plain(rc.subtotals.get(d.no)) for d in RUBRIC.dimensions}
    return plain(rc.total), rc.grade or "", subtotals


def test_the_csv_shows_the_result_s_recomputed_figures(results: list[ReportResult], tmp_path: Path) -> None:
    write_all(results, RUBRIC, tmp_path)
    shown = _shown(tmp_path)
    for r in results:
        assert r.recomputed is not None and r.recomputed.total is not None
        assert shown[r.report_id] == _expected(r.recomputed), r.source_file
    taichung = next(r for r in results if r.source_file == "110_taichung.docx")
    assert any(f.check == "subtotal_mismatch" and f.expected == shown[taichung.report_id][2][f.dimension_no]
               for f in taichung.findings), "the finding's expected figure is the one the CSV shows"


def test_every_writer_shows_the_result_s_figures_even_when_the_items_say_otherwise(
    results: list[ReportResult], tmp_path: Path
) -> None:
    # Figures no sum of the item scores gives: a writer that recomputed would show others.
    odd = Recomputed({"1": 12.5, "3": 7.0}, 19.5, "乙")
    result = replace(results[0], recomputed=odd)
    write_all([result], RUBRIC, tmp_path)
    assert _shown(tmp_path)[result.report_id] == ("19.5", "乙", {"1": "12.5", "2": "", "3": "7", "4": "", "5": ""})

    (view,) = report_views([result], RUBRIC, None)
    assert (view.row.recomputed_total, view.row.recomputed_grade) == ("19.5", "乙")
    assert [d.recomputed for d in view.dimensions] == ["12.5", "", "7", "", ""]
    (bar,) = build_chart([(result, "r1")], RUBRIC).bars
    assert bar.total == "19.5" and [s.title.split(":")[0] for s in bar.segments] == ["1 基礎服務", "3 服務量能"]

    sheet = load_workbook(io.BytesIO(build_workbook([result], RUBRIC)))["reports"]
    header = [c.value for c in sheet[1]]
    row = [c.value for c in sheet[2]]
    assert (row[header.index("recomputed_total")], row[header.index("recomputed_grade")]) == (19.5, "乙")


def test_a_sum_that_needs_an_unread_score_is_shown_as_cannot_be_checked(results: list[ReportResult]) -> None:
    unknown = Recomputed({"1": 170.0, "3": 165.0, "4": 177.0, "5": 85.0}, None, None, ("2.1",))
    result = replace(results[0], recomputed=unknown)
    (view,) = report_views([result], RUBRIC, None)
    assert view.row.total_unchecked and (view.row.recomputed_total, view.row.recomputed_grade) == ("", "")
    assert [d.unchecked for d in view.dimensions] == [False, True, False, False, False]
    page = render_html([result], RUBRIC, None)
    assert page.count(">cannot be checked</span>") == 3, "the overview's total and grade, dimension 2's sum"

    known = replace(results[0], recomputed=replace(unknown, subtotals={"2": 248.0}, total=845.0, unreadable=()))
    (view,) = report_views([known], RUBRIC, None)
    assert not view.row.total_unchecked and not any(d.unchecked for d in view.dimensions)
    assert "cannot be checked" not in render_html([known], RUBRIC, None)
