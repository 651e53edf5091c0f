"""pipeline.flow: the second reading of the scores from the text flow, and how it is compared.

The flows below are shaped like a PDF's lines (x in points, one word per cell fragment), as
pdfplumber gives them for the samples:

    x=62              x=127          x=195                 x=363
    服務一致及         1.訂定申辦      訂定申辦業務標準       完成訂定商品報驗…
    正確性             業流程          務措施處理一致         且於報驗發證課…
    (100
    分)得分：
    88
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.document import BBox, TextLine, Word
from pipeline.flow import DISAGREES, FLOW_ONLY, TABLE_ONLY, FlowScore, read_flow_scores, reconcile
from pipeline.results import Evidence, ItemRow
from pipeline.rubric import load_rubric

RUBRIC = load_rubric()


def flow(*rows: Sequence[tuple[float, str]]) -> list[TextLine]:
    """Lines of (x0, text) words, 12 points apart, on page 1."""
    return [
        TextLine(tuple(Word(text, BBox(x, 12.0 * n, x + 12.0 * len(text), 12.0 * n + 10)) for x, text in row), 1)
        for n, row in enumerate(rows)
    ]


def scores(lines: list[TextLine]) -> dict[str, float]:
    return {no: s.value for no, s in read_flow_scores(lines, RUBRIC).items()}


def test_a_name_and_label_wrapped_in_their_cell_read_as_one() -> None:
    lines = flow(
        [(62, "服務一致及"), (127, "1.訂定申辦"), (195, "訂定申辦業務標準"), (363, "完成訂定商品報驗")],
        [(62, "正確性"), (127, "業流程"), (195, "務措施處理一致")],
        [(62, "(100")],
        [(62, "分)得分："), (363, "且於報驗發證課")],
        [(62, "88")],
        [(62, "服務友善性"), (127, "1.提升服務"), (363, "整體滿意度得分5分")],
        [(62, "(100分)"), (363, "依規定定期陳報")],
        [(62, "得分：87")],
    )
    assert scores(lines) == {"1.1": 88, "1.2": 87}


def test_a_bare_figure_under_a_score_column_head() -> None:
    lines = flow(
        [(67, "評核項目"), (127, "自評"), (166, "評核指標"), (417, "執行績效與成果")],
        [(127, "分數")],
        [(62, "服務友善"), (130, "86"), (166, "1.提升服務"), (374, "運動計畫處理情形")],
        [(62, "性"), (374, "測試分數優良，平均"), (502, "92"), (516, "分")],
        [(62, "(100分)")],
    )
    assert scores(lines) == {"1.2": 86}


def test_a_label_in_a_narrative_sentence_on_the_line_is_no_score() -> None:
    lines = flow(
        [(62, "提高服務滿意度"), (363, "內部同仁滿意度調查整體得分5分顯示同仁高度肯定本分局各項服務")],
        [(62, "(100分)")],
    )
    assert scores(lines) == {}


def _row(item_no: str, score: float | None) -> ItemRow:
    return ItemRow(item_no, score, 100.0, Evidence("printed", 1))


def test_agreement_says_nothing_and_a_disagreement_keeps_the_table_and_says_so() -> None:
    rows = [_row("1.1", 85), _row("1.2", 88)]
    second = {"1.1": FlowScore(85, 1, "得分：85"), "1.2": FlowScore(86, 1, "得分：86")}
    agreed, disagreed = reconcile(rows, second)
    assert (agreed.score, agreed.review) == (85, "")
    assert (disagreed.score, disagreed.review) == (88, f"{DISAGREES} (86)")


def test_a_score_only_one_reading_found_is_marked_for_review() -> None:
    table_only, flow_only = reconcile([_row("1.1", 85), _row("1.2", None)], {"1.2": FlowScore(87, 2, "得分：87")})
    assert (table_only.score, table_only.review) == (85, TABLE_ONLY)
    assert (flow_only.score, flow_only.review) == (87, FLOW_ONLY)


def test_only_the_row_that_stands_for_the_item_is_compared() -> None:
    rows = [_row("1.1", None), _row("1.1", 85), _row(None, 70)]  # type: ignore[arg-type]
    out = reconcile(rows, {"1.1": FlowScore(85, 1, "85")})
    assert [r.review for r in out] == ["", "", ""]


def test_a_score_in_a_line_after_the_items_table_is_read() -> None:
    """Each item in a table of its own, its score in a paragraph at the margin after the table,
    many lines below the name (`本項得分：88` `分`, a justified line in two words); a narrative
    line of the result column that mentions 得分 is no score."""
    narrative = [[(363.0, f"第{n}行執行成果")] for n in range(12)]
    lines = flow(
        [(62.0, "服務一致及"), (127.0, "1.訂定申辦"), (363.0, "完成訂定")],
        [(62.0, "正確性")],
        [(62.0, "(100分)")],
        *narrative,
        [(363.0, "整體得分5分")],
        [(57.0, "本項得分：88"), (126.0, "分")],
    )
    assert read_flow_scores(lines, RUBRIC)["1.1"].value == 88
    assert "1.1" not in read_flow_scores(lines[:-1], RUBRIC)
