"""pipeline.indicators: 主辦單位 lists, cleaned narratives and rows matched to rubric indicators."""

from __future__ import annotations

import pytest

from pipeline.classify import classify
from pipeline.document import Cell, Document, Table
from pipeline.indicators import clean_result, read_indicators, split_units
from pipeline.metrics import read_metrics
from pipeline.results import IndicatorRow
from pipeline.rubric import load_rubric

RUBRIC = load_rubric()
HEADER = ("評核項目", "評核指標", "次評核指標", "主辦單位", "執行績效與成果")


@pytest.mark.parametrize(
    ("printed", "units"),
    [
        ("報驗發證課各辦事處", ("報驗發證課", "各辦事處")),
        ("報驗發證課 各辦事處", ("報驗發證課", "各辦事處")),
        ("報驗發證課\n各辦事處\n計量課", ("報驗發證課", "各辦事處", "計量課")),
        ("電資產品課 機械產品課 化工產品課 計量課 報驗發證課 市場監督課 各辦事處",
         ("電資產品課", "機械產品課", "化工產品課", "計量課", "報驗發證課", "市場監督課", "各辦事處")),
        ("人事室秘書室(研考)", ("人事室", "秘書室(研考)")),
        ("報驗發證課 人事室 秘書室 (研考)", ("報驗發證課", "人事室", "秘書室(研考)")),
        ("電資產品\n課\n機械產品\n課", ("電資產品課", "機械產品課")),  # a PDF wrapped inside the names
        ("人事室\n秘書室(研\n考)", ("人事室", "秘書室(研考)")),
        ("臺中港辦事\n處 彰化辦事處", ("臺中港辦事處", "彰化辦事處")),
        ("各業務單\n位", ("各業務單位",)),
        ("資訊⼩組 各單位", ("資訊小組", "各單位")),  # ⼩ is a Kangxi radical a PDF returns for 小
        ("报验发证课各办事处", ("报验发证课", "各办事处")),
        ("資訊小組 各單位", ("資訊小組", "各單位")),
        ("各業務單位", ("各業務單位",)),
        ("驗發證課 各辦事處", ("驗發證課", "各辦事處")),
        ("秘書室、人事室", ("秘書室", "人事室")),
        ("五堵辦事處蘇澳辦事處", ("五堵辦事處", "蘇澳辦事處")),
        ("", ()),
    ],
)
def test_units_are_split_on_lines_spaces_and_suffixes(printed: str, units: tuple[str, ...]) -> None:
    assert split_units(printed) == units


@pytest.mark.parametrize(
    ("printed", "clean"),
    [
        ('<ol style="list-style-type: none"> 1. 提供書表。 2. 除了服務現場</ol>', "1. 提供書表。 2. 除了服務現場"),
        ("<p>已完成並提供多元查詢管道：</p> <ol> <li>1.案件進度</li></ol>", "已完成並提供多元查詢管道： 1.案件進度"),
        ("1.完成設置服務中心\n2.完成將需攜帶證件清單", "1.完成設置服務中心 2.完成將需攜帶證件清單"),
        ("• 設置服務中心。\n• 主動引導", "設置服務中心。主動引導"),  # a wrap between Chinese is no space
        ("推廣優良油量計量管理\n制度，共計有公營44站", "推廣優良油量計量管理制度，共計有公營44站"),
        ("QR  code &amp; e-mail", "QR code & e-mail"),
        ("已達 -5% 之目標", "已達 -5% 之目標"),
    ],
)
def test_results_lose_markup_and_extra_whitespace_only(printed: str, clean: str) -> None:
    assert clean_result(printed) == clean


def _doc(*tables: Table) -> Document:
    return Document("t.docx", "docx", tables)


def _header() -> tuple[Cell, ...]:
    return tuple(Cell(0, c, t) for c, t in enumerate(HEADER))


SEED_ROWS = Table(
    (
        *_header(),
        Cell(1, 0, "服務友善性 (100分) 得分：85", row_span=3),
        Cell(1, 1, "1.提升服務設施合宜度", row_span=2),
        Cell(1, 2, "(1)進行環境美(綠)化及輔以舒適、明亮、整潔，建置民眾臨櫃洽公的合宜服務環境。"),
        Cell(1, 3, "各單位"),
        Cell(1, 4, "1.依規定定期陳報處理情形"),
        Cell(2, 2, "(4) 檢視各項無障礙措施是否妥適安全並定期檢測維護。"),
        Cell(2, 3, "報驗發證課各辦事處"),
        Cell(2, 4, "(4) 電腦系統子母畫面同時呈現電子申請書表及填寫範例計23種"),
        Cell(3, 1, "2. 提高網站使用便利性"),
        Cell(3, 2, "(8)機關(單位)網站(頁)通過無障礙檢測，並取得認證標章。"),
        Cell(3, 3, "資訊小組 各單位"),
        Cell(3, 4, "本分局網站於108年7月31日通過機器與人工檢測"),
    ),
    4, 5, header_rows=1,
)


def test_rows_are_matched_to_indicators_and_sub_indicators() -> None:
    rows = read_indicators(classify(_doc(SEED_ROWS), RUBRIC), RUBRIC)
    assert [(r.item_no, r.indicator_no, r.sub_indicator_no, r.units) for r in rows] == [
        ("1.2", "1.2.1", "(1)", ("各單位",)),
        ("1.2", "1.2.1", "(4)", ("報驗發證課", "各辦事處")),
        ("1.2", "1.2.2", "(8)", ("資訊小組", "各單位")),
    ]
    assert rows[1].indicator == "提升服務設施合宜度"
    assert all(r.match_score >= 90 for r in rows)


def test_an_indicator_with_one_sub_indicator_has_no_sub_number() -> None:
    table = Table(
        (
            *_header(),
            Cell(1, 0, "內部作業簡化 (100分) 得分：85"),
            Cell(1, 1, "提升同仁行政效率"),
            Cell(1, 2, "聚焦核心業務，運用多元管道蒐集機關(單位)成員意見"),
            Cell(1, 3, "各單位"),
            Cell(1, 4, "110年度計召開20次會議"),
        ),
        2, 5, header_rows=1,
    )
    (row,) = read_indicators(classify(_doc(table), RUBRIC), RUBRIC)
    assert (row.item_no, row.indicator_no, row.sub_indicator_no) == ("3.1", "3.1.1", "")


def test_a_cell_split_over_a_page_break_continues_its_row_across_tables() -> None:
    first = Table(
        (
            *_header(),
            Cell(1, 0, "創新服務 (50分) 得分：42"),
            Cell(1, 2, "提出有別於現行的想法或方式，並對服務對象具有實質效益。如：在服務遞送構面"),
            Cell(1, 3, "各單位"),
            Cell(1, 4, "車用加油站計97站，含新北7站加油站，共計104站，推廣優良油量計量管理", page=9),
        ),
        2, 5, header_rows=1,
    )
    second = Table(
        (
            *_header(),
            Cell(1, 2, "可近性，或優化服務。"),
            Cell(1, 4, "制度，共計有公營44站，民營44站，合計88站(登錄率84.6%)。"),
        ),
        2, 5, header_rows=1,
    )
    (row,) = read_indicators(classify(_doc(first, second), RUBRIC), RUBRIC)
    assert (row.item_no, row.indicator_no, row.page) == ("5.2", "5.2.1", 9)
    assert "管理制度，共計有公營44站" in row.result
    assert [m.value for m in read_metrics([row])] == [97, 7, 104, 44, 44, 88, 84.6]


def test_a_row_of_no_rubric_item_is_kept_without_item_or_indicator() -> None:
    table = Table(
        (
            *_header(),
            Cell(1, 0, "其他創新作為 (10分) 得分：8"),
            Cell(1, 2, "機關自行提報之其他創新作為。"),
            Cell(1, 3, "各單位"),
            Cell(1, 4, "110年度計辦理43場次"),
        ),
        2, 5, header_rows=1,
    )
    (row,) = read_indicators(classify(_doc(table), RUBRIC), RUBRIC)
    assert (row.item_no, row.indicator_no) == (None, None)
    assert [(m.item_no, m.value, m.unit, m.roc_year) for m in read_metrics([row])] == [(None, 43, "場次", 110)]


def test_metrics_carry_their_row() -> None:
    row = IndicatorRow("2", "2.1", "2.1.2", "(1)", "建置單一窗口整合服務", (), "110年度進口商品總報驗量47,914批", 90, 4)
    (m,) = read_metrics([row])
    assert (m.dimension_no, m.item_no, m.indicator_no, m.label, m.value, m.unit, m.roc_year, m.raw, m.page) == (
        "2", "2.1", "2.1.2", "進口商品總報驗量", 47914, "批", 110, "47,914批", 4,
    )


def test_a_sub_indicator_in_simplified_characters_or_with_a_typo_still_matches() -> None:
    table = Table(
        (
            *_header(),
            Cell(1, 0, "积极回应民众意见 (100分) 得分:85"),
            Cell(1, 1, "有效及时处理民众之意见、抱怨及陈情"),
            Cell(1, 2, "(2)提供民众意见反映后续追踪处理。"),
            Cell(1, 3, "秘书室 各单位"),
            Cell(1, 4, "110年度计450件"),
            Cell(2, 2, "(3)定期演鍊及檢討對民眾意見反映之處理機制及標準作業程序。"),  # 鍊 for 練
            Cell(2, 3, "各單位"),
            Cell(2, 4, "本分局於8月26日模擬停電"),
        ),
        3, 5, header_rows=1,
    )
    rows = read_indicators(classify(_doc(table), RUBRIC), RUBRIC)
    assert [(r.item_no, r.indicator_no, r.sub_indicator_no, r.units) for r in rows] == [
        ("4.2", "4.2.1", "(2)", ("秘书室", "各单位")),
        ("4.2", "4.2.1", "(3)", ("各單位",)),
    ]
    assert [(m.value, m.unit) for m in read_metrics(rows)] == [(450, "件")]
