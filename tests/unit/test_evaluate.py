"""The accuracy harness (pipeline.evaluate) on tiny hand-made output folders and truth files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from pipeline.evaluate import Evaluation, FindingTally, evaluate
from pipeline.schema import COLUMNS
from pipeline.write.csv import write_csv
from pipeline.write.eval_report import eval_json, format_table, percent

ITEMS = {"1.1": 88.0, "1.2": 86.0, "2.1": 90.0, "2.2": 87.0}
DIMS = {"1": ("1.1", "1.2"), "2": ("2.1", "2.2")}
TAICHUNG_FINDING = {
    "check": "subtotal_mismatch", "severity": "error", "dimension_no": "2", "item_no": "", "claimed": "275",
    "expected": "273",
}
NARRATIVE_FINDING = {
    "check": "arithmetic_mismatch", "severity": "warning", "dimension_no": "2", "item_no": "2.1",
    "claimed": "847600", "expected": "847602",
}


def truth(name: str, **changes: Any) -> dict[str, Any]:
    subtotals = {d: sum(ITEMS[i] for i in items) for d, items in DIMS.items()}
    base: dict[str, Any] = {
        "source_file": name, "format": "pdf", "status": "ok", "organization": "經濟部標準檢驗局",
        "unit": "基隆分局", "roc_year": 110, "year": 2021, "items": dict(ITEMS), "subtotals": subtotals,
        "summary": dict(subtotals), "claimed_total": sum(ITEMS.values()), "claimed_grade": "甲",
        "recomputed_total": sum(ITEMS.values()), "recomputed_grade": "甲", "findings": [],
    }
    return base | changes


def write_truths(folder: Path, truths: list[dict[str, Any]]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for t in truths:
        (folder / f"{t['source_file']}.json").write_text(json.dumps(t, ensure_ascii=False), encoding="utf-8")
    return folder


def write_output(folder: Path, truths: list[dict[str, Any]]) -> Path:
    """The CSV files a perfect run would write for these truths."""
    folder.mkdir(parents=True, exist_ok=True)
    reports, scores, dims, findings = [], [], [], []
    for n, t in enumerate(truths):
        rid = f"{n:012x}"
        reports.append([
            rid, t["source_file"], t["format"], t["status"], "", t["organization"], t["unit"], t["roc_year"],
            t["year"], None, t["claimed_total"], t["recomputed_total"], t["claimed_grade"], t["recomputed_grade"],
            len(t["findings"]),
        ])
        for dim, items in DIMS.items():
            for no in items:
                ocr = t.get("ocr_items", {})  # item_no → review, for the scores read by OCR
                read_from, review = ("ocr", ocr[no]) if no in ocr else ("text", "")
                scores.append([rid, dim, "", no, "", 100, t["items"].get(no), 100, "", None, read_from, review])
            dims.append([rid, dim, "", 200, t["subtotals"].get(dim), t["summary"].get(dim), None])
        for f in t["findings"]:
            findings.append([rid, f["check"], f["severity"], f["dimension_no"], f["item_no"], f["claimed"],
                             f["expected"], "", None])
    metrics = [
        [f"{n:012x}", "", m["item_no"], m["indicator_no"], "", m["value"], m["unit"], m["qualifier"], None, m["raw"],
         None]
        for n, t in enumerate(truths) for m in t.get("metrics") or []
    ]
    for name, rows in (("reports.csv", reports), ("scores.csv", scores), ("dimensions.csv", dims),
                       ("findings.csv", findings), ("metrics.csv", metrics)):
        write_csv(folder / name, COLUMNS[name], rows)
    return folder


def run(tmp_path: Path, produced: list[dict[str, Any]], expected: list[dict[str, Any]]) -> Evaluation:
    return evaluate(write_output(tmp_path / "out", produced), write_truths(tmp_path / "truth", expected))


def test_a_perfect_output_is_at_100_percent(tmp_path: Path) -> None:
    truths = [truth("a.pdf", findings=[TAICHUNG_FINDING]), truth("b.docx", unit="新竹分局")]
    ev = run(tmp_path, truths, truths)
    assert ev.perfect and not ev.short and not ev.without_truth
    overall = ev.overall
    assert overall.documents == 2
    assert {name: (t.correct, t.total) for name, t in overall.figures.items()} == {
        "items": (8, 8), "subtotals": (4, 4), "summary": (4, 4), "total": (2, 2), "grade": (2, 2),
        "unit": (2, 2), "roc_year": (2, 2), "status": (2, 2),
    }
    assert overall.findings["score"] == FindingTally(1, 1, 1)
    assert overall.findings["narrative"] == FindingTally(0, 0, 0)
    assert (overall.findings["narrative"].precision, overall.findings["narrative"].recall) == (1.0, 1.0)


def test_one_wrong_score_lowers_item_accuracy_and_lists_the_document(tmp_path: Path) -> None:
    expected = [truth("a.pdf"), truth("b.pdf")]
    produced = [truth("a.pdf"), truth("b.pdf", items=ITEMS | {"2.1": 80.0})]
    ev = run(tmp_path, produced, expected)
    items = ev.overall.figures["items"]
    assert (items.correct, items.total) == (7, 8)
    assert items.accuracy == pytest.approx(7 / 8)
    assert all(t.accuracy == 1.0 for name, t in ev.overall.figures.items() if name != "items")
    assert [d.source_file for d in ev.short] == ["b.pdf"]
    assert ev.short[0].differences == ("item 2.1 got 80 truth 90",)
    assert not ev.perfect


def test_an_item_absent_from_the_truth_is_expected_empty(tmp_path: Path) -> None:
    expected = [truth("a.pdf", items={k: v for k, v in ITEMS.items() if k != "2.2"}, status="partial")]
    produced = [truth("a.pdf", status="partial")]
    ev = run(tmp_path, produced, expected)
    assert ev.overall.figures["items"].correct == 3
    assert ev.documents[0].differences == ("item 2.2 got 87 truth empty",)


def test_an_extra_finding_lowers_precision(tmp_path: Path) -> None:
    expected = [truth("a.pdf", findings=[TAICHUNG_FINDING])]
    extra = TAICHUNG_FINDING | {"check": "total_mismatch", "dimension_no": "", "claimed": "915", "expected": "913"}
    produced = [truth("a.pdf", findings=[TAICHUNG_FINDING, extra])]
    ev = run(tmp_path, produced, expected)
    score = ev.overall.findings["score"]
    assert (score.precision, score.recall) == (0.5, 1.0)
    assert ev.documents[0].differences == ("unexpected finding (total_mismatch, , , 915, 913)",)


def test_a_missing_finding_lowers_recall(tmp_path: Path) -> None:
    expected = [truth("a.pdf", findings=[TAICHUNG_FINDING])]
    ev = run(tmp_path, [truth("a.pdf")], expected)
    score = ev.overall.findings["score"]
    assert (score.precision, score.recall) == (1.0, 0.0)
    assert ev.documents[0].differences == ("missing finding (subtotal_mismatch, 2, , 275, 273)",)


def test_narrative_findings_are_counted_apart(tmp_path: Path) -> None:
    expected = [truth("a.pdf", findings=[TAICHUNG_FINDING, NARRATIVE_FINDING])]
    ev = run(tmp_path, [truth("a.pdf", findings=[TAICHUNG_FINDING])], expected)
    assert ev.overall.findings["score"] == FindingTally(1, 1, 1)
    assert ev.overall.findings["narrative"] == FindingTally(0, 0, 1)
    assert ev.overall.scores_perfect and not ev.overall.perfect
    assert [d.source_file for d in ev.short] == ["a.pdf"]


def test_dimension_title_and_status_figures_are_compared(tmp_path: Path) -> None:
    expected = [truth("a.pdf")]
    produced = [truth(
        "a.pdf", subtotals={"1": 174.0, "2": 175.0}, summary={"1": 174.0}, claimed_total=None,
        claimed_grade="乙", unit="臺中分局", roc_year=111, status="partial",
    )]
    ev = run(tmp_path, produced, expected)
    doc = ev.documents[0]
    assert {name: t.correct for name, t in doc.scores.figures.items()} == {
        "items": 4, "subtotals": 1, "summary": 1, "total": 0, "grade": 0, "unit": 0, "roc_year": 0, "status": 0,
    }
    assert doc.differences == (
        "subtotal 2 got 175 truth 177", "summary 2 got empty truth 177", "total got empty truth 351",
        "grade got 乙 truth 甲", "unit got 臺中分局 truth 基隆分局", "roc_year got 111 truth 110",
        "status got partial truth ok",
    )


def test_a_document_missing_from_the_output_counts_as_wrong(tmp_path: Path) -> None:
    ev = run(tmp_path, [truth("a.pdf")], [truth("a.pdf"), truth("b.pdf")])
    assert ev.overall.figures["items"].correct == 4
    assert ev.overall.figures["items"].total == 8
    assert [d.source_file for d in ev.short] == ["b.pdf"]
    assert ev.short[0].differences[0] == "no row in reports.csv"


def test_a_document_without_truth_is_listed_and_not_perfect(tmp_path: Path) -> None:
    ev = run(tmp_path, [truth("a.pdf"), truth("new.pdf")], [truth("a.pdf")])
    assert ev.without_truth == ("new.pdf",)
    assert ev.overall.perfect and not ev.perfect


def test_breakdowns_by_producer_and_layout(tmp_path: Path) -> None:
    expected = [
        truth("a.pdf", producer="LibreOffice", layout="grid"),
        truth("b.pdf", producer="Word", layout="grid"),
        truth("c.pdf"),  # no producer or layout: unknown
    ]
    produced = [expected[0], truth("b.pdf", items=ITEMS | {"1.1": 0.0}), expected[2]]
    ev = run(tmp_path, produced, expected)
    producers = ev.by("producer")
    assert sorted(producers) == ["LibreOffice", "Word", "unknown"]
    assert producers["Word"].figures["items"].accuracy == 0.75
    assert producers["LibreOffice"].perfect
    layouts = ev.by("layout")
    assert (layouts["grid"].documents, layouts["unknown"].documents) == (2, 1)
    assert layouts["grid"].figures["items"].correct == 7


def test_the_table_and_json_say_the_same(tmp_path: Path) -> None:
    expected = [truth("a.pdf", findings=[TAICHUNG_FINDING], producer="Word")]
    ev = run(tmp_path, [truth("a.pdf", items=ITEMS | {"2.1": 80.0})], expected)
    table = format_table(ev, tmp_path / "out", tmp_path / "truth")
    assert "items        75.0%  3/4" in table
    assert "producer Word" in table
    assert "a.pdf: item 2.1 got 80 truth 90; missing finding (subtotal_mismatch, 2, , 275, 273)" in table
    data = eval_json(ev)
    json.dumps(data)  # serializable as it is
    assert data["perfect"] is False
    assert data["overall"]["figures"]["items"] == {"correct": 3, "total": 4, "accuracy": 0.75}
    assert data["overall"]["findings"]["score"]["recall"] == 0.0
    assert data["by_producer"]["Word"]["documents"] == 1
    assert data["short"] == ["a.pdf"]
    assert data["documents"][0]["differences"][0] == "item 2.1 got 80 truth 90"


@pytest.mark.parametrize(
    ("part", "whole", "shown"), [(0, 0, "100.0%"), (3, 4, "75.0%"), (9999, 10000, "99.9%"), (0, 2, "0.0%")]
)
def test_percent_never_rounds_up_to_100(part: int, whole: int, shown: str) -> None:
    assert percent(part, whole) == shown


METRICS = [
    {"item_no": "2.1", "indicator_no": "2.1.2", "value": 47914, "unit": "批", "qualifier": "", "raw": "47,914批"},
    {"item_no": "2.1", "indicator_no": "2.1.2", "value": 99, "unit": "%", "qualifier": "以上", "raw": "達99%以上"},
    {"item_no": "4.1", "indicator_no": "4.1.1", "value": 5.0, "unit": "分", "qualifier": "", "raw": "5.00分"},
    {"item_no": "4.1", "indicator_no": "4.1.1", "value": 5.0, "unit": "分", "qualifier": "", "raw": "5.00分"},
]


def test_metrics_are_compared_as_a_multiset_for_precision_and_recall(tmp_path: Path) -> None:
    expected = [truth("a.pdf", metrics=METRICS)]
    assert run(tmp_path / "same", expected, expected).perfect
    # One 5.00分 missing, one quantity with the wrong qualifier, one the truth does not list.
    produced = [truth("a.pdf", metrics=[
        METRICS[0], {**METRICS[1], "qualifier": ""}, METRICS[2],
        {"item_no": "2.1", "indicator_no": "2.1.2", "value": 110, "unit": "年", "qualifier": "", "raw": "110年"},
    ])]
    ev = run(tmp_path / "short", produced, expected)
    tally = ev.overall.findings["metrics"]
    assert (tally.matched, tally.produced, tally.expected) == (2, 4, 4)
    (doc,) = ev.short
    assert "missing metric (4.1, 5, 分, )" in doc.differences
    assert "unexpected metric (2.1, 110, 年, )" in doc.differences
    assert "missing metric (2.1, 99, %, 以上)" in doc.differences


def test_a_truth_without_metrics_vouches_for_none(tmp_path: Path) -> None:
    produced = [truth("a.pdf", metrics=METRICS)]
    ev = run(tmp_path, produced, [truth("a.pdf")])
    assert ev.overall.findings["metrics"] == FindingTally(0, 0, 0)
    assert ev.perfect


def test_item_scores_read_by_ocr_are_counted_apart_and_each_needs_a_review_reason(tmp_path: Path) -> None:
    expected = [truth("scan.pdf"), truth("text.pdf")]
    ocr_items = {"1.1": "read by OCR", "1.2": "under a seal", "2.1": ""}
    produced = [truth("scan.pdf", items=ITEMS | {"1.2": 36.0}, ocr_items=ocr_items), truth("text.pdf")]
    ev = run(tmp_path, produced, expected)
    ocr = ev.overall.ocr
    assert (ocr.read, ocr.correct, ocr.with_review) == (3, 2, 2)
    assert ev.overall.figures["items"].correct == 7, "OCR's items are items too"
    (short,) = ev.short
    assert "1 item score(s) read by OCR without a review reason" in short.differences
    table = format_table(ev, tmp_path / "out", tmp_path / "truth")
    assert "read by OCR" in table and "66.7%  2/3" in table
    assert eval_json(ev)["overall"]["ocr_items"] == {"read": 3, "correct": 2, "with_review": 2, "accuracy": 2 / 3}
    right = [truth("scan.pdf", ocr_items={"1.1": "read by OCR"})]
    assert run(tmp_path / "again", right, right[:1]).perfect
