"""The console command on samples/: every figure and finding against each ground-truth file.

Both directions: nothing the truth lists may be missing, nothing it does not list may appear.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pytest

from pipeline.text import key as text_key
from tests.conftest import SAMPLES, TRUTH, Output, truths

TRUTHS = truths()
#: Findings about the narrative's arithmetic (compared like every other finding).
NARRATIVE_CHECKS = {"arithmetic_mismatch"}


def _all_findings(truth: dict[str, object]) -> list[dict[str, object]]:
    findings = truth["findings"]
    assert isinstance(findings, list)
    return findings


def _num(text: str) -> float | None:
    return float(text) if text != "" else None


def _by_file(output: Output, name: str) -> dict[str, dict[str, str]]:
    return {r["source_file"]: r for r in output.rows(name)}


def test_every_sample_has_a_truth_file() -> None:
    documents = sorted(p.name for p in SAMPLES.iterdir() if p.is_file())
    assert documents, "samples/reports is empty"
    assert sorted(p.stem for p in TRUTH.glob("*.json")) == documents


def test_the_batch_reads_every_sample(sample_output: Output) -> None:
    assert sample_output.exit_code == 0
    assert sorted(_by_file(sample_output, "reports.csv")) == sorted(str(t["source_file"]) for t in TRUTHS)


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: str(t["source_file"]))
def test_report_row(sample_output: Output, truth: dict[str, object]) -> None:
    row = _by_file(sample_output, "reports.csv")[str(truth["source_file"])]
    for field in ("format", "status", "organization", "unit", "claimed_grade", "recomputed_grade"):
        assert row[field] == (truth[field] or ""), (
            f"{truth['source_file']}: {field} is {row[field]!r}, truth {truth[field]!r}"
        )
    for field in ("roc_year", "year", "claimed_total", "recomputed_total"):
        assert _num(row[field]) == truth[field], f"{truth['source_file']}: {field} {row[field]!r} != {truth[field]!r}"
    assert int(row["findings"]) == len(_all_findings(truth)), f"{truth['source_file']}: finding count"


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: str(t["source_file"]))
def test_item_scores(sample_output: Output, truth: dict[str, object]) -> None:
    report_id = _by_file(sample_output, "reports.csv")[str(truth["source_file"])]["report_id"]
    rows = [r for r in sample_output.rows("scores.csv") if r["report_id"] == report_id]
    got = {r["item_no"]: _num(r["claimed_score"]) for r in rows}
    expected = truth["items"]
    assert isinstance(expected, dict)
    wrong = {no: (got.get(no), want) for no, want in expected.items() if got.get(no) != want}
    assert not wrong, f"{truth['source_file']}: item scores (got, truth): {wrong}"
    extra = {no: v for no, v in got.items() if no not in expected and v is not None}
    assert not extra, f"{truth['source_file']}: scores the truth does not list: {extra}"


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: str(t["source_file"]))
def test_dimension_figures(sample_output: Output, truth: dict[str, object]) -> None:
    report_id = _by_file(sample_output, "reports.csv")[str(truth["source_file"])]["report_id"]
    rows = {r["dimension_no"]: r for r in sample_output.rows("dimensions.csv") if r["report_id"] == report_id}
    for column, key in (("claimed_subtotal", "subtotals"), ("claimed_summary", "summary")):
        expected = truth[key]
        assert isinstance(expected, dict)
        got = {no: _num(r[column]) for no, r in rows.items()}
        want = {no: expected.get(no) for no in got}
        assert got == want, f"{truth['source_file']}: {column} (got vs truth)"


def _finding_tuples(rows: list[dict[str, str]]) -> list[tuple[str, str, str, str, str]]:
    return sorted((r["check"], r["dimension_no"], r["item_no"], r["claimed"], r["expected"]) for r in rows)


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: str(t["source_file"]))
def test_findings(sample_output: Output, truth: dict[str, object]) -> None:
    report_id = _by_file(sample_output, "reports.csv")[str(truth["source_file"])]["report_id"]
    got = _finding_tuples([r for r in sample_output.rows("findings.csv") if r["report_id"] == report_id])
    want = _finding_tuples([{k: str(v) for k, v in f.items()} for f in _all_findings(truth)])
    missing = [f for f in want if f not in got]
    extra = [f for f in got if f not in want]
    assert not missing and not extra, f"{truth['source_file']}: missing findings {missing}, unexpected {extra}"


def test_narrative_findings(sample_output: Output) -> None:
    want = [f for t in TRUTHS for f in t["findings"] if f["check"] in NARRATIVE_CHECKS]  # type: ignore[attr-defined]
    got = [r for r in sample_output.rows("findings.csv") if r["check"] in NARRATIVE_CHECKS]
    assert want, "the samples hold no narrative finding to look for"
    assert len(got) == len(want)


def _rows_of(output: Output, name: str, truth: dict[str, object]) -> list[dict[str, str]]:
    report_id = _by_file(output, "reports.csv")[str(truth["source_file"])]["report_id"]
    return [r for r in output.rows(name) if r["report_id"] == report_id]


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: str(t["source_file"]))
def test_metrics(sample_output: Output, truth: dict[str, object]) -> None:
    """Every quantity of the narrative, no more: (item_no, value, unit, qualifier) as a multiset."""
    expected = truth["metrics"]
    assert isinstance(expected, list) and expected, f"{truth['source_file']}: the truth lists no quantities"
    want = sorted((m["item_no"] or "", float(m["value"]), m["unit"], m["qualifier"]) for m in expected)
    got = sorted(
        (r["item_no"], float(r["value"]), r["unit"], r["qualifier"])
        for r in _rows_of(sample_output, "metrics.csv", truth)
    )
    missing = [m for m in want if m not in got]
    extra = [m for m in got if m not in want]
    assert got == want, f"{truth['source_file']}: missing quantities {missing}, unexpected {extra}"


@pytest.mark.parametrize("truth", TRUTHS, ids=lambda t: str(t["source_file"]))
def test_indicators(sample_output: Output, truth: dict[str, object]) -> None:
    rows = _rows_of(sample_output, "indicators.csv", truth)
    assert rows, f"{truth['source_file']}: no indicator rows"
    for row in rows:
        assert row["indicator_no"].startswith(row["item_no"] + "."), row
        assert row["result"] and row["result"] == " ".join(row["result"].split()), row
        assert "<" not in row["result"], row
        assert row["units"] and all(u and " " not in u for u in row["units"].split(";")), row
    expected = truth["metrics"]
    assert isinstance(expected, list)
    wanted = {(m["item_no"], m["indicator_no"]) for m in expected if m["item_no"]}
    found = {(r["item_no"], r["indicator_no"]) for r in rows}
    assert wanted <= found, f"{truth['source_file']}: indicators with quantities but no row: {wanted - found}"


def test_the_seed_s_counter_units_are_a_list(sample_output: Output) -> None:
    keelung = next(t for t in TRUTHS if t["source_file"] == "110_keelung.docx")
    rows = _rows_of(sample_output, "indicators.csv", keelung)
    row = next(r for r in rows if r["indicator_no"] == "1.2.1" and r["sub_indicator_no"] == "(2)")
    assert row["units"] == "報驗發證課;各辦事處"
    assert row["indicator"] == "提升服務設施合宜度"


#: Borderless PDFs whose rows pdfplumber reads as several lines; a few of their cut-short pieces
#: cannot be told apart from a new row (the ground truth still holds; kaohe is short of it).
KNOWN_SHORT_ROWS = {"111_hualien_borderless.pdf"}
KNOWN_SHORT_UNITS = {"111_hualien_borderless.pdf", "110_hualien_drawn.pdf"}


def _indicator_keys(rows: Sequence[Mapping[str, object]], with_units: bool) -> list[tuple[str, ...]]:
    def units(row: Mapping[str, object]) -> str:
        value = row["units"]
        listed = value if isinstance(value, list) else str(value).split(";")
        return ";".join(text_key(str(u)) for u in listed) if with_units else ""

    return sorted(
        (str(r["item_no"]), str(r["indicator_no"]), str(r["sub_indicator_no"]), units(r)) for r in rows
    )


def _mark(names: set[str], reason: str) -> list[object]:
    return [
        pytest.param(t, marks=pytest.mark.xfail(strict=True, reason=reason)) if t["source_file"] in names else t
        for t in TRUTHS
    ]


@pytest.mark.parametrize(
    "truth", _mark(KNOWN_SHORT_ROWS, "rows cut into lines by a borderless PDF"), ids=lambda t: str(t["source_file"])
)
def test_indicator_rows_against_the_truth(sample_output: Output, truth: dict[str, object]) -> None:
    expected = truth["indicators"]
    assert isinstance(expected, list)
    got = _indicator_keys(_rows_of(sample_output, "indicators.csv", truth), with_units=False)
    assert got == _indicator_keys(expected, with_units=False)


@pytest.mark.parametrize(
    "truth", _mark(KNOWN_SHORT_UNITS, "主辦單位 lines placed in the next row by the PDF reader"),
    ids=lambda t: str(t["source_file"]),
)
def test_indicator_units_against_the_truth(sample_output: Output, truth: dict[str, object]) -> None:
    expected = truth["indicators"]
    assert isinstance(expected, list)
    got = _indicator_keys(_rows_of(sample_output, "indicators.csv", truth), with_units=True)
    want = _indicator_keys(expected, with_units=True)
    assert got == want, f"missing {[k for k in want if k not in got]}, unexpected {[k for k in got if k not in want]}"
