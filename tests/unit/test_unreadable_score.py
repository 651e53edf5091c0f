"""A Word report that adds up, with one 得分 kaohe cannot read: one warning, no accusation.

The report below prints every figure consistently (the seed's scores, 小計 and summary, 總分
845, 甲). Only item 2.1's 得分 is written in a way kaohe does not read, so kaohe must say so
and leave the figures that need it unchecked, instead of calling the item missing and the
小計, summary figure, 總分 and 等第 wrong.
"""

from __future__ import annotations

import csv
from pathlib import Path

import docx as python_docx
import pytest

from pipeline.options import ReadContext
from pipeline.results import ReportResult, figures_to_review
from pipeline.rubric import load_rubric
from pipeline.run import process_file
from pipeline.write.csv import write_all

RUBRIC = load_rubric()

#: dimension heading -> its items (name, max, score) and its 小計
BODY = [
    ("評核構面一（基礎服務）", [("服務一致及正確性", 100, "85"), ("服務友善性", 100, "85")], 170),
    ("評核構面二（服務遞送）", [("服務便捷性", 100, "83"), ("服務可近性", 100, "82"),
                            ("服務成長及優化", 100, "83")], 248),
    ("評核構面三（服務量能）", [("內部作業簡化", 100, "85"), ("服務機制精進", 100, "80")], 165),
    ("評核構面四（服務評價）", [("提高服務滿意度", 100, "92"), ("積極回應民眾意見", 100, "85")], 177),
    ("評核構面五（開放創新）", [("開放參與", 50, "43"), ("創新服務", 50, "42")], 85),
]


def _report(folder: Path, score_2_1: str, name: str) -> Path:
    """The seed's figures as a Word report, item 2.1's score cell reading ``得分：<score_2_1>``."""
    document = python_docx.Document()
    document.add_paragraph("經濟部標準檢驗局基隆分局110年度提升服務效能執行績效與成果")
    for heading, items, subtotal in BODY:
        document.add_paragraph(heading)
        table = document.add_table(rows=len(items) + 1, cols=3)
        for c, text in enumerate(("評核項目", "主辦單位", "執行績效與成果")):
            table.cell(0, c).text = text
        for r, (item, max_points, score) in enumerate(items, 1):
            shown = score_2_1 if item == "服務便捷性" else score
            table.cell(r, 0).text = f"{item}\n({max_points}分)\n得分：{shown}"
            table.cell(r, 1).text = "各單位"
            table.cell(r, 2).text = "依計畫辦理"
        document.add_paragraph(f"小計 {subtotal} 分")
    document.add_paragraph("自行考核結果統計表")
    summary = document.add_table(rows=2, cols=7)
    for r, row in enumerate([("基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"),
                             ("170", "248", "165", "177", "85", "845", "甲")]):
        for c, text in enumerate(row):
            summary.cell(r, c).text = text
    path = folder / name
    document.save(str(path))
    return path


def _rows(folder: Path, file: str, report_id: str) -> list[dict[str, str]]:
    with (folder / file).open(encoding="utf-8-sig", newline="") as fh:
        return [row for row in csv.DictReader(fh) if row["report_id"] == report_id]


def _written(tmp_path: Path, result: ReportResult) -> Path:
    out = tmp_path / "out"
    write_all([result], RUBRIC, out)
    return out


def test_the_report_read_whole_adds_up_and_has_no_finding(tmp_path: Path) -> None:
    result = process_file(_report(tmp_path, "83", "whole.docx"), tmp_path, ReadContext(RUBRIC))
    assert (result.status, result.error, result.findings) == ("ok", "", ())
    assert result.recomputed is not None and (result.recomputed.total, result.recomputed.grade) == (845, "甲")
    assert figures_to_review([result]) == 0


@pytest.mark.parametrize("score", ["", "八十五", "八十五分以上"], ids=["empty", "numerals", "words"])
def test_an_unreadable_score_is_a_warning_and_nothing_else(tmp_path: Path, score: str) -> None:
    result = process_file(_report(tmp_path, score, "one-unread.docx"), tmp_path, ReadContext(RUBRIC))
    assert [(f.check, f.severity, f.dimension_no, f.item_no) for f in result.findings] == [
        ("unreadable_score", "warning", "2", "2.1")
    ]
    assert "check the score by eye" in result.findings[0].message
    assert result.status == "partial"
    assert result.error == (
        "the 得分 of item 2.1 服務便捷性 could not be read, so the 小計 and summary figure of dimension 2"
        " 服務遞送, the 總分 and the 等第 cannot be checked"
    )
    assert "without a score" not in result.error, "the report is not said to lack the item"
    assert figures_to_review([result]) == 1

    out = _written(tmp_path, result)
    rid = result.report_id
    scores = {r["item_no"]: r for r in _rows(out, "scores.csv", rid)}
    assert (scores["2.1"]["claimed_score"], scores["2.1"]["read_from"], scores["2.1"]["review"]) == (
        "", "", "row found, score unreadable"
    )
    assert "服務便捷性" in scores["2.1"]["source_text"]
    assert (scores["2.2"]["claimed_score"], scores["2.2"]["read_from"], scores["2.2"]["review"]) == ("82", "text", "")
    dims = {r["dimension_no"]: r for r in _rows(out, "dimensions.csv", rid)}
    assert (dims["2"]["claimed_subtotal"], dims["2"]["claimed_summary"], dims["2"]["recomputed_subtotal"]) == (
        "248", "248", ""
    )
    assert dims["1"]["recomputed_subtotal"] == "170" and dims["5"]["recomputed_subtotal"] == "85"
    (report,) = _rows(out, "reports.csv", rid)
    assert (report["claimed_total"], report["recomputed_total"]) == ("845", "")
    assert (report["claimed_grade"], report["recomputed_grade"]) == ("甲", "")
    assert (report["status"], report["findings"]) == ("partial", "1")
    assert [r["check"] for r in _rows(out, "findings.csv", rid)] == ["unreadable_score"]


def test_a_wrong_subtotal_elsewhere_is_still_raised_on_the_real_file(tmp_path: Path) -> None:
    path = _report(tmp_path, "", "wrong-elsewhere.docx")
    document = python_docx.Document(str(path))
    (subtotal,) = [p for p in document.paragraphs if p.text == "小計 177 分"]
    subtotal.text = "小計 178 分"
    document.save(str(path))
    result = process_file(path, tmp_path, ReadContext(RUBRIC))
    assert [(f.check, f.dimension_no, f.item_no, f.claimed, f.expected) for f in result.findings] == [
        ("subtotal_mismatch", "4", "", "178", "177"),
        ("unreadable_score", "2", "2.1", "", ""),
    ]
