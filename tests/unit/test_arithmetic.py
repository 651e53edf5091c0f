"""pipeline.arithmetic: each rule raised when the text's own figures disagree, silent when they agree."""

from __future__ import annotations

import pytest

from pipeline.arithmetic import arithmetic_mismatches
from pipeline.checks import run_checks
from pipeline.recompute import recompute
from pipeline.results import Extraction, IndicatorRow, Title
from pipeline.rubric import load_rubric

RUBRIC = load_rubric()


def findings(text: str) -> list[tuple[str, str, str, str]]:
    row = IndicatorRow("5", "5.2", "5.2.1", "", "創新服務", (), text, 95.0, 11)
    extraction = Extraction(Title(), (), {}, {}, None, None, indicators=(row,))
    return [(f.dimension_no, f.item_no, f.claimed, f.expected) for f in arithmetic_mismatches(extraction, RUBRIC)]


SEED_REJECTS = (
    "7.進口檢驗發現不合格商品總計159批(847,600件)，其中47批(19,323件)退運或銷毀，54批(21,326件)經同意改善後"
    "重新報驗檢驗合格；其餘58批(806,953件)則留置海關或尚待後續處理，本分局將持續加強不符合案件後續追查。"
)
SEED_STATIONS = (
    "(1)本分局轄區(基隆市、宜蘭縣、連江縣)車用加油站計97站，含中油基隆營業處所轄新北7站加油站，共計104站，"
    "迄今已完成向加油站業者，推廣優良油量計量管理制度，共計有公營44站，民營44站，合計88站(登錄率84.6%)。"
)


def test_the_seed_s_parts_after_qi_zhong_do_not_make_its_total() -> None:
    # 19,323 + 21,326 + 806,953 = 847,602, not 847,600; the 批 (47 + 54 + 58 = 159) agree.
    assert findings(SEED_REJECTS) == [("5", "5.2", "847600", "847602")]


def test_parts_that_add_up_are_silent() -> None:
    assert findings(SEED_REJECTS.replace("847,600", "847,602")) == []


def test_parts_without_qi_yu_are_not_a_complete_list() -> None:
    assert findings(SEED_REJECTS.replace("其餘", "另")) == []


def test_a_wrong_batch_count_is_raised_in_its_own_unit() -> None:
    assert findings(SEED_REJECTS.replace("總計159批", "總計160批").replace("847,600", "847,602")) == [
        ("5", "5.2", "160", "159"),
    ]


def test_the_seed_s_stations_and_rate_agree() -> None:
    # 97 + 7 = 104; 44 + 44 = 88; 88 / 104 = 84.6%.
    assert findings(SEED_STATIONS) == []


def test_a_stated_total_that_its_parts_do_not_make() -> None:
    assert findings(SEED_STATIONS.replace("合計88站(登錄率84.6%)", "合計89站(登錄率85.6%)")) == [
        ("5", "5.2", "89", "88"),
    ]
    assert findings(SEED_STATIONS.replace("共計104站", "共計105站").replace("84.6%", "83.8%")) == [
        ("5", "5.2", "105", "104"),
    ]


def test_a_rate_that_is_not_part_over_whole() -> None:
    assert findings(SEED_STATIONS.replace("84.6%", "86.4%")) == [("5", "5.2", "86.4", "84.6")]


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        ("有使用衡器之公有市場計有21處，目前登錄為「優良衡器計量管理制度」者共20處(登錄率95.2%)。", False),
        ("有使用衡器之公有市場計有21處，目前登錄為「優良衡器計量管理制度」者共20處(登錄率92.5%)。", True),
        ("有使用衡器之公有市場計有21處，目前登錄者共20處(登錄率95%)。", False),  # 95.24 at whole percent
        ("110年度進口商品總報驗量47,914批，網路申辦計47,906批，線上申辦使用率達99%以上。", False),
        ("110年度進口商品總報驗量47,914批，網路申辦計46,906批，線上申辦使用率達99%以上。", True),  # 97.9% < 99%
        ("110年度進口商品總報驗量47,914批，網路申辦計46,906批，線上申辦使用率約99%。", False),  # 約 claims nothing
        ("以此模式申辦報驗的業者比率達99%以上。", False),  # no figures to check it against
        ("110年度用電量較前一年度減少5.2%。", False),  # not a rate of figures the sentence states
        ("109年受理120件，110年受理100件，減少率16.7%。", False),  # a rate of change, not part ÷ whole
        ("應出席40人，實際出席34人，出席率85%。", False),
        ("應出席40人，實際出席34人，出席率80%。", True),
        # the rate is of the figure whose words it repeats, not of the last figure before it
        ("總報驗量47,914批，網路申辦47,906批，臨櫃申辦8批，網路申辦率99.98%。", False),
        ("總報驗量47,914批，網路申辦47,906批，臨櫃申辦8批，網路申辦率98.5%。", True),
        ("受理案件1,000件，如期完成980件，逾期20件，如期完成率98%。", False),
        ("受理案件1,000件，如期完成980件，逾期20件，如期完成率90%。", True),
        # a rate whose words name none of the figures, printed apart from them: not checked
        ("發放問卷200份，回收有效問卷150份，整體滿意率92.5%。", False),
    ],
)
def test_rates(text: str, raised: bool) -> None:
    assert bool(findings(text)) is raised


def test_a_product_beside_its_result() -> None:
    assert findings("110年度共計執行派遣498天次(249天×2次)，總計服務檢驗人員4,048人次及2,059車次。") == []
    assert findings("110年度共計執行派遣496天次(249天×2次)。") == [("5", "5.2", "496", "498")]
    assert findings("共計執行派遣500天次(250天x2次)。") == []


def test_totals_in_different_sentences_or_units_are_not_compared() -> None:
    assert findings("召募義務監視員計91人。110年度共處理反映案件計87件，首長信箱反映案件共計450件。") == []
    assert findings("公營44站，民營44件，合計88站。") == []


def test_a_finding_is_a_warning_with_a_plain_message_and_its_page() -> None:
    row = IndicatorRow("5", "5.2", "5.2.1", "", "創新服務", (), SEED_REJECTS, 95.0, 11)
    extraction = Extraction(Title(), (), {}, {}, None, None, indicators=(row,))
    found = run_checks(extraction, recompute(extraction, RUBRIC), RUBRIC)
    (finding,) = [f for f in found if f.check == "arithmetic_mismatch"]
    assert (finding.severity, finding.page) == ("warning", 11)
    assert finding.message == (
        "「847,600件」 is stated as the total, but its parts 19323 + 21326 + 806953 add up to 847602 件."
    )
