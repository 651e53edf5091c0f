"""Layouts real submissions use, built as Word files here and read end to end.

Each report carries the seed's figures (基隆分局 110: 170 / 248 / 165 / 177 / 85, 總分 845, 甲),
so every figure read can be checked against them and a consistent report must get no finding.
"""

from __future__ import annotations

from pathlib import Path

import docx as python_docx
import pytest

from pipeline.options import ReadContext
from pipeline.rubric import load_rubric
from pipeline.run import process_file

RUBRIC = load_rubric()
SCORES = {"1.1": 85, "1.2": 85, "2.1": 83, "2.2": 82, "2.3": 83, "3.1": 85, "3.2": 80, "4.1": 92, "4.2": 85,
          "5.1": 43, "5.2": 42}
SUBTOTALS = {"1": 170, "2": 248, "3": 165, "4": 177, "5": 85}


def _summary(document: python_docx.document.Document) -> None:
    table = document.add_table(rows=2, cols=7)
    heads = [f"{d.name}({d.max_points:g}分)" for d in RUBRIC.dimensions] + ["總分", "等第"]
    figures = [str(SUBTOTALS[d.no]) for d in RUBRIC.dimensions] + ["845", "甲"]
    for c, (head, figure) in enumerate(zip(heads, figures, strict=True)):
        table.cell(0, c).text = head
        table.cell(1, c).text = figure


def _table_per_item_with_score_after(path: Path, label: str, subtotal: str = "小計 {figure} 分") -> Path:
    """Each item in a table of its own; its score in a line after the table (`本項得分：85分`)."""
    document = python_docx.Document()
    document.add_paragraph("經濟部標準檢驗局基隆分局110年度提升服務效能執行績效與成果")
    for dim in RUBRIC.dimensions:
        document.add_paragraph(f"評核構面{'一二三四五'[int(dim.no) - 1]}({dim.name})({dim.max_points:g}分)")
        for item in dim.items:
            table = document.add_table(rows=2, cols=3)
            for c, text in enumerate(("評核項目", "評核指標", "執行績效與成果")):
                table.cell(0, c).text = text
            table.cell(1, 0).text = f"{item.name}\n({item.max_points:g}分)"
            table.cell(1, 1).text = item.indicators[0].name
            table.cell(1, 2).text = "已完成各項工作，共計辦理12場次。"
            document.add_paragraph(f"{label}{SCORES[item.no]}分")
        numeral = "一二三四五"[int(dim.no) - 1]
        document.add_paragraph(subtotal.format(figure=SUBTOTALS[dim.no], numeral=numeral))
    _summary(document)
    document.save(str(path))
    return path


@pytest.mark.parametrize("label", ["本項得分：", "本項自評分數：", "得分："])
def test_each_item_in_its_own_table_with_the_score_in_a_line_after_it(tmp_path: Path, label: str) -> None:
    path = _table_per_item_with_score_after(tmp_path / "per-item.docx", label)
    result = process_file(path, tmp_path, ReadContext(RUBRIC))
    assert result.status == "ok", result.error
    x = result.extraction
    assert x is not None
    assert {no: row.score for no, row in x.items().items()} == SCORES
    assert all(row.review == "" for row in x.items().values()), "a score read from its line leaves nothing to review"
    assert {no: f.value for no, f in x.subtotals.items()} == SUBTOTALS
    assert x.total is not None and x.total.value == 845
    assert result.findings == ()


def test_a_narrative_line_after_an_item_is_not_taken_for_its_score(tmp_path: Path) -> None:
    """A sentence that happens to say 得分 (a satisfaction survey's) gives the item no score."""
    document = python_docx.Document()
    table = document.add_table(rows=2, cols=3)
    for c, text in enumerate(("評核項目", "評核指標", "執行績效與成果")):
        table.cell(0, c).text = text
    table.cell(1, 0).text = "提高服務滿意度\n(100分)"
    table.cell(1, 1).text = "辦理服務滿意度調查"
    table.cell(1, 2).text = "完成調查"
    document.add_paragraph("內部同仁滿意度調查整體得分5分，顯示同仁對服務措施高度肯定。")
    path = tmp_path / "sentence.docx"
    document.save(str(path))
    x = process_file(path, tmp_path, ReadContext(RUBRIC)).extraction
    assert x is not None
    assert x.items()["4.1"].score is None


@pytest.mark.parametrize("wording", ["評核構面{numeral}小計：{figure}分", "本構面小計 {figure} 分", "小計：{figure}"])
def test_subtotal_lines_in_other_wordings(tmp_path: Path, wording: str) -> None:
    path = _table_per_item_with_score_after(tmp_path / "subtotals.docx", "得分：", wording)
    result = process_file(path, tmp_path, ReadContext(RUBRIC))
    x = result.extraction
    assert x is not None
    assert {no: f.value for no, f in x.subtotals.items()} == SUBTOTALS
    assert result.findings == ()
