"""pipeline.body: item rows and 小計 figures read from tiny documents shaped like real reports."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from pipeline.body import read_body
from pipeline.classify import classify
from pipeline.document import Block, Cell, Document, Paragraph, Table
from pipeline.results import Figure, ItemRow
from pipeline.rubric import load_rubric

RUBRIC = load_rubric()
HEADER = ("評核項目", "評核指標", "次評核指標", "主辦單位", "執行績效與成果")


def body(*blocks: Block) -> tuple[list[ItemRow], dict[str, Figure]]:
    return read_body(classify(Document("t.pdf", "pdf", blocks), RUBRIC), RUBRIC)


def scores(rows: list[ItemRow]) -> list[tuple[str | None, float | None]]:
    return [(row.item_no, row.score) for row in rows]


def subtotals(figures: dict[str, Figure]) -> dict[str, float]:
    return {no: f.value for no, f in figures.items()}


def header_cells(texts: Sequence[str] = HEADER) -> tuple[Cell, ...]:
    return tuple(Cell(0, c, text) for c, text in enumerate(texts))


def plain(rows: Sequence[Sequence[str]], header_rows: int = 0) -> Table:
    """A table without merges, one cell per slot."""
    cells = tuple(Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row))
    return Table(cells, len(rows), max(len(row) for row in rows), header_rows=header_rows)


# Dimension 1 as the seed prints it: each item cell merged down over its indicators' rows.
#
#      0                    1                       2              3          4
#   +--------------------+-----------------------+--------------+----------+------------------+
# 0 | 評核項目           | 評核指標              | 次評核指標   | 主辦單位 | 執行績效與成果   |
#   +--------------------+-----------------------+--------------+----------+------------------+
# 1 | 服務一致及正確性   | 1.訂定申辦業務標準…   | 訂定申辦…    | 各單位   | 完成訂定…        |
#   | (100分)            +-----------------------+--------------+----------+------------------+
# 2 | 得分：85           | 2.提升服務及時性      | 提升民眾…    | 各單位   | 已完成…          |
#   | (row_span 3)       +-----------------------+--------------+----------+------------------+
# 3 |                    | 3.提高服務人員專業度  | 強化機關…    | 各單位   | 服務櫃檯…        |
#   +--------------------+-----------------------+--------------+----------+------------------+
# 4 | 服務友善性         | 1.提升服務設施合宜度  | (1)進行環境… | 各單位   | 1.依規定…        |
#   | (100分) 得分：85   +-----------------------+--------------+----------+------------------+
# 5 | (row_span 2)       |                       | (2)確保服務… | 報驗發證 | 1.櫃檯服務…      |
#   +--------------------+-----------------------+--------------+----------+------------------+
SEED_DIMENSION_1 = Table(
    (
        *header_cells(),
        Cell(1, 0, "服務一致及正確性\n(100分)\n得分：85", row_span=3, page=2),
        Cell(1, 1, "1.訂定申辦業務標準作業流程"),
        Cell(1, 2, "訂定申辦業務標準作業流程，維持服務措施處理一致性"),
        Cell(1, 3, "各單位"),
        Cell(1, 4, "完成訂定商品報驗發證、免驗案件、度量衡器等申辦業務標準作業流程"),
        Cell(2, 1, "2.提升服務及時性"),
        Cell(2, 2, "提升民眾申辦案件的處理效率，確保於處理時限內完成。"),
        Cell(2, 3, "各單位"),
        Cell(2, 4, "已完成商品報驗流程簡化，全程線上申辦免臨櫃"),
        Cell(3, 1, "3.提高服務人員專業度"),
        Cell(3, 2, "強化機關(單位)服務人員對涉及服務業務處理流程及相關法規之專業"),
        Cell(3, 3, "各單位"),
        Cell(3, 4, "服務櫃檯已完成設置服務中心，由專人主動引導"),
        Cell(4, 0, "服務友善性 (100分) 得分：85", row_span=2, page=3),
        Cell(4, 1, "1.提升服務設施合宜度", row_span=2),
        Cell(4, 2, "(1)進行環境美(綠)化及輔以舒適、明亮、整潔"),
        Cell(4, 3, "各單位"),
        Cell(4, 4, "1.依規定定期陳報「清淨家園全民運動計畫」處理情形"),
        Cell(5, 2, "(2)確保服務項目、服務人員(姓名及代理人)、方向引導等標示正確"),
        Cell(5, 3, "報驗發證課各辦事處"),
        Cell(5, 4, "1.櫃檯服務項目及服務人員姓名雙語標示明確"),
    ),
    n_rows=6,
    n_cols=5,
    header_rows=1,
)


def test_seed_shaped_table_gives_item_rows_with_scores() -> None:
    rows, _ = body(SEED_DIMENSION_1)
    assert scores(rows) == [("1.1", 85), ("1.2", 85)]


def test_item_rows_keep_their_evidence_and_match_score() -> None:
    rows, _ = body(SEED_DIMENSION_1)
    assert rows[0].evidence.text == "服務一致及正確性\n(100分)\n得分：85"
    assert rows[0].evidence.page == 2
    assert rows[1].evidence.page == 3
    assert all(row.match_score == 100 for row in rows)


def test_seed_dimension_with_heading_and_subtotal_paragraph() -> None:
    rows, figures = body(
        Paragraph("二、執行策略及方法"),
        Paragraph("評核構面一(基礎服務)(200分)"),
        SEED_DIMENSION_1,
        Paragraph("小計 170 分", page=3),
    )
    assert scores(rows) == [("1.1", 85), ("1.2", 85)]
    assert subtotals(figures) == {"1": 170}
    assert figures["1"].evidence.text == "小計 170 分"
    assert figures["1"].evidence.page == 3


def test_items_in_another_order() -> None:
    # +----------------------------+----------------+
    # | 評核項目                   | 執行績效與成果 |
    # | 服務機制精進 (100分) 得分：80 | ...         |
    # | 內部作業簡化 (100分) 得分：85 | ...         |
    # +----------------------------+----------------+
    table = plain([
        ["評核項目", "執行績效與成果"],
        ["服務機制精進 (100分) 得分：80", "設置「行動服務團」"],
        ["內部作業簡化 (100分) 得分：85", "本分局精實作業"],
    ])
    rows, _ = body(table)
    assert scores(rows) == [("3.2", 80), ("3.1", 85)]


def test_items_of_several_dimensions_in_one_table_are_matched_by_name() -> None:
    # | 評核項目 | 執行績效與成果 |   with 5.2, 1.2, 4.2, 2.3 in that order
    table = plain([
        ["評核項目", "執行績效與成果"],
        ["創新服務 (50分) 得分：42", "..."],
        ["服務友善性 (100分) 得分：85", "..."],
        ["积极回应民众意见 (100分) 得分：85", "..."],
        ["服務成長及優化 (100分) 得分：83", "..."],
    ])
    rows, _ = body(table)
    assert scores(rows) == [("5.2", 42), ("1.2", 85), ("4.2", 85), ("2.3", 83)]


@pytest.mark.parametrize("score_header", ["得分", "自評分數", "自 評 分 數"], ids=["defen", "zipingfenshu", "spaced"])
def test_score_in_its_own_column(score_header: str) -> None:
    # +---------------------+----------+----------------+
    # | 評核項目            | 得分     | 執行績效與成果 |
    # | 服務便捷性 (100分)  | 83       | ...            |
    # | 服務可近性 (100分)  | 82分     | ...            |
    # | 服務成長及優化      | ８３     | ...            |
    # +---------------------+----------+----------------+
    table = plain([
        ["評核項目", score_header, "執行績效與成果"],
        ["服務便捷性 (100分)", "83", "案件處理查詢管道完成"],
        ["服務可近性 (100分)", "82分", "於服務櫃檯設置服務人員"],
        ["服務成長及優化 (100分)", "８３", "運用創新策略"],
    ])
    rows, _ = body(table)
    assert scores(rows) == [("2.1", 83), ("2.2", 82), ("2.3", 83)]
    assert rows[0].evidence.text == "服務便捷性 (100分)"


def test_score_column_merged_down_with_the_item() -> None:
    #      0                       1          2
    #   +-----------------------+----------+----------------+
    # 0 | 評核項目              | 自評分數 | 執行績效與成果 |
    #   +-----------------------+----------+----------------+
    # 1 | 服務機制精進 (100分)  | 80       | 1.設置…        |
    #   | (row_span 2)          | (rs 2)   +----------------+
    # 2 |                       |          | 2.辦理…        |
    #   +-----------------------+----------+----------------+
    # 3 | 內部作業簡化 (100分)  |          | 本分局…        |
    #   | (row_span 2)          +----------+----------------+
    # 4 |                       | 85       | ...            |
    #   +-----------------------+----------+----------------+
    table = Table(
        (
            *header_cells(["評核項目", "自評分數", "執行績效與成果"]),
            Cell(1, 0, "服務機制精進 (100分)", row_span=2),
            Cell(1, 1, "80", row_span=2),
            Cell(1, 2, "1.設置「行動服務團」"),
            Cell(2, 2, "2.辦理服務精進會議"),
            Cell(3, 0, "內部作業簡化 (100分)", row_span=2),
            Cell(3, 1, ""),
            Cell(3, 2, "本分局精實作業"),
            Cell(4, 1, "85"),
            Cell(4, 2, "減省不必要的審核"),
        ),
        n_rows=5,
        n_cols=3,
    )
    rows, _ = body(table)
    assert scores(rows) == [("3.2", 80), ("3.1", 85)]


def test_subtotal_paragraph_goes_to_the_dimension_of_the_items_above() -> None:
    """Not to the heading: the heading says 構面一 but the items above belong to 構面二."""
    table = plain([
        ["評核項目", "執行績效與成果"],
        ["服務便捷性 (100分) 得分：83", "..."],
        ["服務可近性 (100分) 得分：82", "..."],
        ["服務成長及優化 (100分) 得分：83", "..."],
    ])
    _, figures = body(Paragraph("評核構面一(基礎服務)(200分)"), table, Paragraph("小計 248 分"))
    assert subtotals(figures) == {"2": 248}


def test_each_subtotal_paragraph_follows_its_own_items() -> None:
    dim_3 = plain([
        ["評核項目", "執行績效與成果"],
        ["內部作業簡化 (100分) 得分：85", "..."],
        ["服務機制精進 (100分) 得分：80", "..."],
    ])
    dim_4 = plain([
        ["評核項目", "執行績效與成果"],
        ["提高服務滿意度 (100分) 得分：92", "..."],
        ["積極回應民眾意見 (100分) 得分：85", "..."],
    ])
    _, figures = body(
        Paragraph("構面三(服務量能)(200分)"),
        dim_3,
        Paragraph("小計 165 分"),
        Paragraph("評核構面四(服務評價)(200分)"),
        dim_4,
        Paragraph("小計：177分"),
    )
    assert subtotals(figures) == {"3": 165, "4": 177}


def test_subtotal_with_no_items_read_goes_to_the_heading() -> None:
    _, figures = body(Paragraph("構面五(開放創新)(100分)"), Paragraph("小 計 85"))
    assert subtotals(figures) == {"5": 85}


def test_long_paragraph_mentioning_a_dimension_is_not_a_heading() -> None:
    _, figures = body(
        Paragraph("構面三(服務量能)(200分)"),
        Paragraph("本分局依評核構面五之精神，透過實體或網路管道運用多元方法蒐集民眾對服務需求並邀集民眾共同參與服務設計"),
        Paragraph("小計 165 分"),
    )
    assert subtotals(figures) == {"3": 165}


def test_subtotal_with_neither_items_nor_heading_is_dropped() -> None:
    _, figures = body(Paragraph("一、計畫依據"), Paragraph("小計 170 分"))
    assert figures == {}


def test_narrative_paragraph_mentioning_subtotal_is_not_one() -> None:
    table = plain([["評核項目", "執行績效與成果"], ["開放參與 (50分) 得分：43", "..."]])
    _, figures = body(table, Paragraph("本項目小計共辦理12場次，小計 12 場"))
    assert figures == {}


@pytest.mark.parametrize(
    ("subtotal_row", "value"),
    [
        (["小計 165 分", "", ""], 165),
        (["小計", "165", ""], 165),
        (["小計", "", "165分"], 165),
        (["小 計：１６５", "", ""], 165),
    ],
    ids=["in-the-label-cell", "next-cell", "last-cell", "spaced-fullwidth"],
)
def test_subtotal_row_inside_a_table(subtotal_row: list[str], value: float) -> None:
    # +-----------------------+----------+--------+
    # | 評核項目              | 自評分數 | 備註   |
    # | 內部作業簡化 (100分)  | 85       |        |
    # | 服務機制精進 (100分)  | 80       |        |
    # | 小計 ...              | ...      | ...    |
    # +-----------------------+----------+--------+
    table = plain([
        ["評核項目", "自評分數", "備註"],
        ["內部作業簡化 (100分)", "85", ""],
        ["服務機制精進 (100分)", "80", ""],
        subtotal_row,
    ])
    rows, figures = body(table)
    assert scores(rows) == [("3.1", 85), ("3.2", 80)]
    assert subtotals(figures) == {"3": value}


def test_subtotal_row_spanning_the_table() -> None:
    # +------------------------------+----------------+
    # | 評核項目                     | 執行績效與成果 |
    # | 開放參與 (50分) 得分：43     | ...            |
    # | 創新服務 (50分) 得分：42     | ...            |
    # | 小計：85分   (col_span 2)                     |
    # +-----------------------------------------------+
    table = Table(
        (
            *header_cells(["評核項目", "執行績效與成果"]),
            Cell(1, 0, "開放參與 (50分) 得分：43"),
            Cell(1, 1, "..."),
            Cell(2, 0, "創新服務 (50分) 得分：42"),
            Cell(2, 1, "..."),
            Cell(3, 0, "小計：85分", col_span=2, page=8),
        ),
        n_rows=4,
        n_cols=2,
    )
    rows, figures = body(table)
    assert scores(rows) == [("5.1", 43), ("5.2", 42)]
    assert subtotals(figures) == {"5": 85}
    assert figures["5"].evidence.page == 8


# The whole report as one table: full-width heading rows, item rows, 小計 rows.
#
#      0                                 1
#   +--------------------------------+-----------------+
# 0 | 評核項目                       | 執行績效與成果  |
#   +--------------------------------+-----------------+
# 1 | 評核構面一(基礎服務)(200分)   (col_span 2)      |
#   +--------------------------------+-----------------+
# 2 | 服務一致及正確性(100分)得分：85 | ...            |
# 3 | 服務友善性(100分)得分：85       | ...            |
#   +--------------------------------+-----------------+
# 4 | 小計 170 分                   (col_span 2)      |
#   +--------------------------------+-----------------+
# 5 | 評核構面二(服務遞送)(300分)   (col_span 2)      |
#   +--------------------------------+-----------------+
# 6 | 服務便捷性(100分)得分：83       | ...            |
# 7 | 服務可近性(100分)得分：82       | ...            |
# 8 | 服務成長及優化(100分)得分：83   | ...            |
#   +--------------------------------+-----------------+
# 9 | 小計                           | 248             |
#   +--------------------------------+-----------------+
#10 | 評核構面三(服務量能)(200分)   (col_span 2)      |
#   +--------------------------------+-----------------+
#11 | 小計 165 分                   (col_span 2)      |
#   +--------------------------------+-----------------+
def big_table(heading_1: str = "評核構面一(基礎服務)(200分)") -> Table:
    return Table(
        (
            *header_cells(["評核項目", "執行績效與成果"]),
            Cell(1, 0, heading_1, col_span=2),
            Cell(2, 0, "服務一致及正確性(100分)得分：85"),
            Cell(2, 1, "完成訂定申辦業務標準作業流程"),
            Cell(3, 0, "服務友善性(100分)得分：85"),
            Cell(3, 1, "櫃檯服務項目雙語標示"),
            Cell(4, 0, "小計 170 分", col_span=2),
            Cell(5, 0, "評核構面二(服務遞送)(300分)", col_span=2),
            Cell(6, 0, "服務便捷性(100分)得分：83"),
            Cell(6, 1, "案件處理查詢管道"),
            Cell(7, 0, "服務可近性(100分)得分：82"),
            Cell(7, 1, "到府服務"),
            Cell(8, 0, "服務成長及優化(100分)得分：83"),
            Cell(8, 1, "運用創新策略"),
            Cell(9, 0, "小計"),
            Cell(9, 1, "248"),
            Cell(10, 0, "評核構面三(服務量能)(200分)", col_span=2),
            Cell(11, 0, "小計 165 分", col_span=2),
        ),
        n_rows=12,
        n_cols=2,
        header_rows=1,
    )


def test_whole_report_as_one_big_table() -> None:
    rows, figures = body(big_table())
    assert scores(rows) == [("1.1", 85), ("1.2", 85), ("2.1", 83), ("2.2", 82), ("2.3", 83)]
    assert subtotals(figures) == {"1": 170, "2": 248, "3": 165}


def test_big_table_heading_row_without_goumian_is_not_an_item() -> None:
    rows, figures = body(big_table(heading_1="一、基礎服務(200分)"))
    assert scores(rows) == [("1.1", 85), ("1.2", 85), ("2.1", 83), ("2.2", 82), ("2.3", 83)]
    assert subtotals(figures) == {"1": 170, "2": 248, "3": 165}


def test_row_whose_name_matches_nothing_is_kept_unmatched() -> None:
    # +--------------------------------+-----------------+
    # | 評核項目                       | 執行績效與成果  |
    # | 服務友善性 (100分) 得分：85    | ...             |
    # | 綜合行政效能 (100分) 得分：70  | ...             |
    # | 服務可近性 (100分) 得分：82    | ...             |
    # +--------------------------------+-----------------+
    table = plain([
        ["評核項目", "執行績效與成果"],
        ["服務友善性 (100分) 得分：85", "..."],
        ["綜合行政效能 (100分) 得分：70", "..."],
        ["服務可近性 (100分) 得分：82", "..."],
    ])
    rows, _ = body(table)
    assert scores(rows) == [("1.2", 85), (None, 70), ("2.2", 82)]
    unmatched = rows[1]
    assert unmatched.evidence.text == "綜合行政效能 (100分) 得分：70"
    assert unmatched.match_score < 60


def test_unmatched_row_does_not_take_a_subtotal() -> None:
    table = plain([["評核項目", "執行績效與成果"], ["綜合行政效能 (100分) 得分：70", "..."]])
    _, figures = body(Paragraph("構面三(服務量能)"), table, Paragraph("小計 70 分"))
    assert subtotals(figures) == {"3": 70}


def test_score_in_the_next_rows_item_cell_joins_the_item_above() -> None:
    # +------------------------+-------------------------+----------------+
    # | 評核項目               | 評核指標                | 執行績效與成果 |
    # | 服務友善性 (100分)     | 1.提升服務設施合宜度    | ...            |
    # | 得分：85               | 2.提高網站使用便利性    | ...            |
    # | 服務便捷性 (100分)     | 1.檢討既有服務措施      | ...            |
    # | 得分：83               | 2.建置單一窗口整合服務  | ...            |
    # +------------------------+-------------------------+----------------+
    table = plain([
        ["評核項目", "評核指標", "執行績效與成果"],
        ["服務友善性 (100分)", "1.提升服務設施合宜度", "..."],
        ["得分：85", "2.提高網站使用便利性", "..."],
        ["服務便捷性 (100分)", "1.檢討既有服務措施", "..."],
        ["得分：83", "2.建置單一窗口整合服務", "..."],
    ])
    rows, _ = body(table)
    assert scores(rows) == [("1.2", 85), ("2.1", 83)]
    assert rows[0].evidence.text == "服務友善性 (100分)"


def test_a_lone_score_does_not_overwrite_a_scored_item() -> None:
    table = plain([
        ["評核項目", "執行績效與成果"],
        ["服務友善性 (100分) 得分：85", "..."],
        ["得分：90", "..."],
    ])
    rows, _ = body(table)
    assert scores(rows) == [("1.2", 85)]


def test_item_without_a_score_is_kept_with_none() -> None:
    table = plain([["評核項目", "執行績效與成果"], ["服務可近性 (100分)", "..."]])
    rows, _ = body(table)
    assert scores(rows) == [("2.2", None)]


def test_continuation_table_and_repeated_header_rows_add_no_items() -> None:
    """A table continued over a page repeats its header and leaves the item column empty."""
    #   +-----------------------+---------------+--------------+----------+--------+
    # 0 | 評核項目              | 評核指標      | 次評核指標   | 主辦單位 | 執行…  |
    # 1 |                       |               | (2)確保…     | 各單位   | ...    |
    # 2 | 評核項目              | 評核指標      | 次評核指標   | 主辦單位 | 執行…  |
    # 3 | 服務可近性 (100分)…   | 1.客製化服務  | 因應所轄…    | 各單位   | ...    |
    #   +-----------------------+---------------+--------------+----------+--------+
    table = plain(
        [
            list(HEADER),
            ["", "", "(2)確保服務項目標示正確", "各單位", "櫃檯服務項目雙語標示"],
            list(HEADER),
            ["服務可近性 (100分) 得分：82", "1.客製化服務", "因應所轄地區或業務之特性", "各單位", "..."],
        ],
        header_rows=1,
    )
    rows, _ = body(table)
    assert scores(rows) == [("2.2", 82)]


def test_item_column_found_by_its_header_when_not_first() -> None:
    # +----------+-----------------------------+----------------+
    # | 構面     | 評核項目                    | 執行績效與成果 |
    # | 服務評價 | 提高服務滿意度 (100分) 得分：92 | ...        |
    # +----------+-----------------------------+----------------+
    table = plain([["構面", "評核項目", "執行績效與成果"], ["服務評價", "提高服務滿意度 (100分) 得分：92", "..."]])
    rows, _ = body(table)
    assert scores(rows) == [("4.1", 92)]


def test_headerless_table_keeps_only_confident_or_scored_names() -> None:
    # +---------------------------+-----+     no 評核項目 header: column 0 is read,
    # | 服務便捷性 (100分)        | ... |     a name is an item only when it matches
    # | 開放參于 (50分)           | ... |     well (>= 80) or carries a score
    # | 各單位                    | ... |
    # | 創新服務 (50分) 得分：42  | ... |
    # +---------------------------+-----+
    table = plain([
        ["服務便捷性 (100分)", "..."],
        ["開放參于 (50分)", "..."],
        ["各單位", "..."],
        ["創新服務 (50分) 得分：42", "..."],
    ])
    rows, _ = body(table)
    assert scores(rows) == [("2.1", None), ("5.2", 42)]


def test_summary_table_is_not_read_as_body() -> None:
    # +----------+----------+----------+----------+----------+------+------+
    # | 基礎服務 | 服務遞送 | 服務量能 | 服務評價 | 開放創新 | 總分 | 等第 |
    # | 170      | 248      | 165      | 177      | 85       | 845  | 甲   |
    # +----------+----------+----------+----------+----------+------+------+
    summary = plain([
        ["基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"],
        ["170", "248", "165", "177", "85", "845", "甲"],
    ])
    rows, figures = body(SEED_DIMENSION_1, Paragraph("小計 170 分"), summary)
    assert scores(rows) == [("1.1", 85), ("1.2", 85)]
    assert subtotals(figures) == {"1": 170}


def test_first_subtotal_of_a_dimension_is_kept() -> None:
    table = plain([
        ["評核項目", "執行績效與成果"],
        ["開放參與 (50分) 得分：43", "..."],
        ["創新服務 (50分) 得分：42", "..."],
    ])
    _, figures = body(table, Paragraph("小計 85 分"), Paragraph("構面五(開放創新)"), Paragraph("小計 86 分"))
    assert subtotals(figures) == {"5": 85}
