"""Tables without ruled grids (parsers.pdf_stream), on tiny PDFs drawn with reportlab.

Each PDF is drawn in tmp_path with a non-embedded CID font, as some offices' tools do; the
words' x positions make the columns, as a reader of the printed page would see them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.pdf import parse
from pipeline.classify import classify
from pipeline.document import Table
from pipeline.rubric import load_rubric
from pipeline.summary import read_summary

pytest.importorskip("reportlab")

from tests.parsers.drawing import Line, draw


def grid_texts(table: Table) -> list[list[str]]:
    return [[c.text.replace("\n", "/") if c else "" for c in row] for row in table.grid]


COLS = (60.0, 130.0, 200.0, 300.0, 380.0)
DIMENSION_FIRST_LINES = ["一、基礎", "二、服務", "三、服務", "四、服務", "五、開放"]


def test_borderless_table_rows_start_where_a_column_starts_a_new_block(tmp_path: Path) -> None:
    # 評核項目 | 評核指標 | 次評核指標 | 主辦單位 | 執行績效與成果   (no rules at all)
    # 服務友善性 | 1.設施     | (1)環境       | 各單位   | 第一行 / 第二行 / 第三行
    # (100分)   |            |              |         |
    # 得分：85   |            | (2)標示       | 報驗課   | 第四行            ← a new sub-indicator: new row
    lines: list[Line] = [
        (100, list(zip(COLS, ["評核項目", "評核指標", "次評核指標", "主辦單位", "執行績效與成果"], strict=True))),
        (114, list(zip(COLS, ["服務友善性", "1.設施", "(1)環境", "各單位", "第一行"], strict=True))),
        (128, [(60, "(100分)"), (380, "第二行")]),
        (142, [(60, "得分：85"), (380, "第三行")]),
        (156, [(200, "(2)標示"), (300, "報驗課"), (380, "第四行")]),
    ]
    doc = parse(draw(tmp_path / "borderless.pdf", lines))
    (table,) = doc.tables
    assert grid_texts(table) == [
        ["評核項目", "評核指標", "次評核指標", "主辦單位", "執行績效與成果"],
        ["服務友善性/(100分)/得分：85", "1.設施", "(1)環境", "各單位", "第一行/第二行/第三行"],
        ["", "", "(2)標示", "報驗課", "第四行"],
    ]


def test_rules_drawn_cell_by_cell_still_separate_rows(tmp_path: Path) -> None:
    # a summary turned on its side, each rule drawn as one segment per cell
    cols = (60.0, 200.0, 300.0)
    rows = [("評核構面", "配分", "自評分數"), ("一、基礎服務", "200", "170"), ("二、服務遞送", "300", "248"),
            ("三、服務量能", "200", "165"), ("四、服務評價", "200", "177"), ("五、開放創新", "100", "85"),
            ("總分", "1000", "845"), ("等第", "", "甲")]
    lines: list[Line] = [
        (100 + 20 * i, [(x, t) for x, t in zip(cols, row, strict=True) if t]) for i, row in enumerate(rows)
    ]
    rules = [(96 + 20 * i, x0, x1) for i in range(len(rows) + 1) for x0, x1 in ((55, 195), (195, 295), (295, 360))]
    doc = parse(draw(tmp_path / "vertical.pdf", lines, rules))
    rubric = load_rubric()
    summary = read_summary(classify(doc, rubric), rubric)
    assert {k: f.value for k, f in summary.figures.items()} == {"1": 170, "2": 248, "3": 165, "4": 177, "5": 85}
    assert summary.total is not None and summary.total.value == 845
    assert summary.grade is not None and summary.grade.grade == "甲"


def test_summary_with_its_header_wrapped_over_lines(tmp_path: Path) -> None:
    # 實施 編 受考 考核項目成績(1000分) 總 等        ← the heading spans the five dimension columns
    # 機關 號 單位 一、基礎 二、服務 三、服務 四、服務 五、開放 分 第
    #            服務   遞送   量能   評價   創新
    #            (200分)(300分)(200分)(200分)(100分)
    # 基隆 …      170    248    165    177    85   845 甲
    xs = (60.0, 95.0, 120.0, 160.0, 210.0, 260.0, 310.0, 360.0, 410.0, 440.0)
    lines: list[Line] = [
        (100, [(60, "實施"), (95, "編"), (120, "受考"), (200, "考核項目成績(1000分)"), (410, "總"), (440, "等")]),
        (114, list(zip(xs, ["機關", "號", "單位", *DIMENSION_FIRST_LINES, "分", "第"], strict=True))),
        (128, list(zip(xs[3:8], ["服務", "遞送", "量能", "評價", "創新"], strict=True))),
        (142, list(zip(xs[3:8], ["(200分)", "(300分)", "(200分)", "(200分)", "(100分)"], strict=True))),
        (156, list(zip(xs, ["基隆", "", "基隆", "170", "248", "165", "177", "85", "845", "甲"], strict=True))),
    ]
    lines = [(top, [(x, t) for x, t in words if t]) for top, words in lines]
    doc = parse(draw(tmp_path / "summary.pdf", lines))
    rubric = load_rubric()
    summary = read_summary(classify(doc, rubric), rubric)
    assert {k: f.value for k, f in summary.figures.items()} == {"1": 170, "2": 248, "3": 165, "4": 177, "5": 85}
    assert summary.total is not None and summary.total.value == 845
    assert summary.grade is not None and summary.grade.grade == "甲"


def test_a_gap_no_word_leaves_clear_goes_where_the_fewest_lines_cross() -> None:
    """An item name as wide as its column (`積極回應民眾意見`) reaches within a few points of the
    wrapped 評核指標 beside it, and a heading line runs over both: no x is clear of every line,
    but the gap belongs where only the heading crosses, not through the name."""
    from parsers.pdf_stream import _settle

    left = 50.0
    # x 50..59: name and heading (2 lines); 60..64: heading only (1 line); 65..69: indicator too.
    cover = [2] * 10 + [1] * 5 + [2] * 5
    assert _settle(55.0, [(50.0, 70.0)], cover, left) == 62.5
    # Where part of the span is clear of every line, the gap goes there as before.
    cover = [2] * 10 + [0] * 5 + [2] * 5
    assert _settle(55.0, [(50.0, 70.0)], cover, left) == 62.5
    # A gap no line crosses stays where it is.
    assert _settle(61.0, [(50.0, 70.0)], cover, left) == 61.0
