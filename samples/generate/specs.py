"""The sample reports: one ``ReportSpec`` each (facts, scores, misprints, layout, producer).

The first four are the original corpus (a DOCX and its LibreOffice PDF each):

- ``110_keelung``     faithful copy of the seed (its one narrative sum that is off by 2,
                      847,600 件 vs parts adding up to 847,602, is kept as printed).
- ``110_hsinchu``     consistent; a few indicator rows dropped.
- ``110_taichung``    deliberate errors: a wrong 小計, a wrong summary figure, a wrong 總分
                      and a wrong 等第.
- ``111_kaohsiung``   consistent, another year and another layout: item name, maximum and
                      score on one line, full-width digits in two score cells, ``小計：N分``.

The others (``NEW_REPORTS``) add producers, table forms, text quirks and findings; each
spec's comment says what it is for.
"""

from __future__ import annotations

from .rubric import r
from .rubric112 import RUBRIC_112_TEST
from .spec import Extra, Layout, Misprints, ReportSpec

KEELUNG = ReportSpec(
    stem="110_keelung", unit="基隆分局", roc_year=110,
    scores={"1.1": 85, "1.2": 85, "2.1": 83, "2.2": 82, "2.3": 83, "3.1": 85, "3.2": 80,
            "4.1": 92, "4.2": 85, "5.1": 43, "5.2": 42},
    facts={
        "plan_date": "110年1月19日", "plan_no": "11090000750",
        "office_a": "五堵辦事處", "office_b": "蘇澳辦事處",
        "weather": "並因應基隆多雨特性，已設置雨具存放處及雨天室內通道，讓民眾免冒雨撐傘洽公",
        "region": "基隆市、宜蘭縣、連江縣", "university": "國立臺灣海洋大學",
        "cpc_office": "中油基隆營業處", "gas_extra_area": "新北", "a11y_date": "108年7月31日",
        "form_examples": 23, "download_forms": 22, "phone_tests": 96, "phone_avg": 93,
        "info_catalog": 16, "import_total": 47914, "import_online": 47906,
        "review_minutes": 32, "paper_review": 54530, "cert_hours": 25, "cert_online": 1892,
        "dispatch_minutes": 65, "work_days": 249, "inspector_trips": 4048,
        "vehicle_trips": 2059, "prerelease": 8262, "onsite_meters": 17338,
        "single_window": 49200, "form_suggestions": 9, "taxi_meters": 2254, "meetings": 20,
        "sat_score": "5.00", "mailbox": 450, "complaints": 450, "monitor_reports": 87,
        "monitors": 91, "market_checks": 16209, "promo_events": 61, "assist_batches": 2795,
        "reject_batches_returned": 47, "reject_batches_fixed": 54, "reject_batches_held": 58,
        "reject_pieces_returned": 19323, "reject_pieces_fixed": 21326,
        "reject_pieces_held": 806953,
        "gas_own": 97, "gas_extra": 7, "gas_public": 44, "gas_private": 44,
        "markets": 21, "market_registered": 20,
    },
    # The seed prints 847,600 件 although its parts add up to 847,602.
    misprints=Misprints(narrative={"reject_pieces": 847600}),
)

HSINCHU = ReportSpec(
    stem="110_hsinchu", unit="新竹分局", roc_year=110,
    scores={"1.1": 88, "1.2": 86, "2.1": 90, "2.2": 87, "2.3": 85, "3.1": 88, "3.2": 84,
            "4.1": 90, "4.2": 89, "5.1": 45, "5.2": 44},
    facts={
        "plan_date": "110年1月19日", "plan_no": "11090000750",
        "office_a": "竹北辦事處", "office_b": "苗栗辦事處",
        "weather": "並因應新竹風大特性，已於出入口設置防風門及室內等候區，讓民眾免受強風吹襲之苦",
        "region": "新竹市、新竹縣、苗栗縣", "university": "國立清華大學",
        "cpc_office": "中油新竹營業處", "gas_extra_area": "桃園", "a11y_date": "108年8月15日",
        "form_examples": 19, "download_forms": 20, "phone_tests": 84, "phone_avg": 92,
        "info_catalog": 16, "import_total": 21356, "import_online": 21340,
        "review_minutes": 30, "paper_review": 24815, "cert_hours": 24, "cert_online": 1204,
        "dispatch_minutes": 60, "work_days": 248, "inspector_trips": 2976,
        "vehicle_trips": 1488, "prerelease": 4113, "onsite_meters": 12906,
        "single_window": 22870, "form_suggestions": 6, "taxi_meters": 1318, "meetings": 22,
        "sat_score": "4.96", "mailbox": 312, "complaints": 298, "monitor_reports": 64,
        "monitors": 75, "market_checks": 11482, "promo_events": 43, "assist_batches": 1637,
        "reject_batches_returned": 25, "reject_batches_fixed": 31, "reject_batches_held": 27,
        "reject_pieces_returned": 12450, "reject_pieces_fixed": 8932,
        "reject_pieces_held": 215600,
        "gas_own": 152, "gas_extra": 5, "gas_public": 68, "gas_private": 61,
        "markets": 18, "market_registered": 16,
    },
    skip_rows=frozenset({"1.2.2.7", "1.2.2.8", "2.1.4.5"}),
)

TAICHUNG = ReportSpec(
    stem="110_taichung", unit="臺中分局", roc_year=110,
    scores={"1.1": 90, "1.2": 88, "2.1": 92, "2.2": 90, "2.3": 91, "3.1": 93, "3.2": 90,
            "4.1": 94, "4.2": 92, "5.1": 46, "5.2": 47},
    facts={
        "plan_date": "110年1月19日", "plan_no": "11090000750",
        "office_a": "臺中港辦事處", "office_b": "彰化辦事處",
        "weather": "並因應臺中夏季午後雷陣雨特性，已設置雨具存放處及騎樓遮雨通道，讓民眾免冒雨撐傘洽公",
        "region": "臺中市、彰化縣、南投縣", "university": "國立中興大學",
        "cpc_office": "中油臺中營業處", "gas_extra_area": "苗栗", "a11y_date": "108年9月10日",
        "form_examples": 25, "download_forms": 24, "phone_tests": 108, "phone_avg": 94,
        "info_catalog": 16, "import_total": 52480, "import_online": 52455,
        "review_minutes": 35, "paper_review": 58214, "cert_hours": 25, "cert_online": 2416,
        "dispatch_minutes": 70, "work_days": 246, "inspector_trips": 4522,
        "vehicle_trips": 2318, "prerelease": 9105, "onsite_meters": 21774,
        "single_window": 53690, "form_suggestions": 11, "taxi_meters": 2937, "meetings": 24,
        "sat_score": "4.98", "mailbox": 527, "complaints": 503, "monitor_reports": 112,
        "monitors": 104, "market_checks": 18655, "promo_events": 72, "assist_batches": 3148,
        "reject_batches_returned": 52, "reject_batches_fixed": 61, "reject_batches_held": 63,
        "reject_pieces_returned": 23117, "reject_pieces_fixed": 25408,
        "reject_pieces_held": 612345,
        "gas_own": 318, "gas_extra": 6, "gas_public": 142, "gas_private": 131,
        "markets": 35, "market_registered": 33,
    },
    # True sums 178/273/183/186/93 = 913 (優). The summary row adds up to the printed 915.
    misprints=Misprints(subtotals={"2": 275}, summary={"4": 188}, total=915, grade="甲"),
)

KAOHSIUNG = ReportSpec(
    stem="111_kaohsiung", unit="高雄分局", roc_year=111,
    scores={"1.1": 88, "1.2": 87, "2.1": 88, "2.2": 86, "2.3": 87, "3.1": 89, "3.2": 87,
            "4.1": 90, "4.2": 86, "5.1": 44, "5.2": 43},
    facts={
        "plan_date": "111年1月18日", "plan_no": "11190000620",
        "office_a": "前鎮辦事處", "office_b": "屏東辦事處",
        "weather": "並因應南部夏季炎熱多雨特性，已設置遮陽避雨廊道及雨具存放處，讓民眾免受日曬雨淋之苦",
        "region": "高雄市、屏東縣、澎湖縣", "university": "國立中山大學",
        "cpc_office": "中油高雄營業處", "gas_extra_area": "臺南", "a11y_date": "109年3月20日",
        "form_examples": 24, "download_forms": 23, "phone_tests": 102, "phone_avg": 93,
        "info_catalog": 17, "import_total": 58903, "import_online": 58880,
        "review_minutes": 32, "paper_review": 63127, "cert_hours": 26, "cert_online": 2085,
        "dispatch_minutes": 65, "work_days": 250, "inspector_trips": 4816,
        "vehicle_trips": 2407, "prerelease": 10342, "onsite_meters": 19851,
        "single_window": 60214, "form_suggestions": 8, "taxi_meters": 2611, "meetings": 21,
        "sat_score": "4.97", "mailbox": 488, "complaints": 471, "monitor_reports": 96,
        "monitors": 98, "market_checks": 17320, "promo_events": 58, "assist_batches": 3402,
        "reject_batches_returned": 66, "reject_batches_fixed": 72, "reject_batches_held": 63,
        "reject_pieces_returned": 31506, "reject_pieces_fixed": 27988,
        "reject_pieces_held": 702114,
        "gas_own": 286, "gas_extra": 4, "gas_public": 120, "gas_private": 118,
        "markets": 28, "market_registered": 26,
    },
    layout=Layout(slug="grid-one-line-item", item_cell_one_line=True,
                  fullwidth_score_items=frozenset({"2.1", "4.2"}), subtotal_format="小計：{}分"),
)


ORIGINAL_REPORTS: tuple[ReportSpec, ...] = (KEELUNG, HSINCHU, TAICHUNG, KAOHSIUNG)


# --------------------------------------------------------------------------- more facts

PLAN_110 = {"plan_date": "110年1月19日", "plan_no": "11090000750"}
PLAN_111 = {"plan_date": "111年1月18日", "plan_no": "11190000620"}

#: Facts that are durations, averages or catalogue sizes: kept as they are by ``vary``.
STEADY_FACTS = frozenset({"work_days", "review_minutes", "cert_hours", "dispatch_minutes", "phone_avg",
                          "info_catalog", "form_examples", "download_forms", "sat_score"})


def vary(base: dict[str, int | str], percent: int, **overrides: int | str) -> dict[str, int | str]:
    """Another year's facts for a branch: every count scaled by ``percent``, then ``overrides``."""
    facts: dict[str, int | str] = {
        k: round(v * (100 + percent) / 100) if isinstance(v, int) and k not in STEADY_FACTS else v
        for k, v in base.items()
    }
    facts.update(overrides)
    return facts


TAINAN_FACTS: dict[str, int | str] = {
    **PLAN_110,
    "office_a": "嘉義辦事處", "office_b": "安平辦事處",
    "weather": "並因應南部日照強烈特性，已於入口設置遮陽棚及室內等候區，讓民眾免受日曬之苦",
    "region": "臺南市、嘉義市、嘉義縣", "university": "國立成功大學",
    "cpc_office": "中油臺南營業處", "gas_extra_area": "嘉義", "a11y_date": "108年10月4日",
    "form_examples": 22, "download_forms": 21, "phone_tests": 90, "phone_avg": 92,
    "info_catalog": 16, "import_total": 30472, "import_online": 30455,
    "review_minutes": 31, "paper_review": 35806, "cert_hours": 24, "cert_online": 1511,
    "dispatch_minutes": 62, "work_days": 249, "inspector_trips": 3390,
    "vehicle_trips": 1702, "prerelease": 5874, "onsite_meters": 16022,
    "single_window": 32158, "form_suggestions": 7, "taxi_meters": 1873, "meetings": 21,
    "sat_score": "4.95", "mailbox": 376, "complaints": 362, "monitor_reports": 79,
    "monitors": 83, "market_checks": 13918, "promo_events": 52, "assist_batches": 2211,
    "reject_batches_returned": 38, "reject_batches_fixed": 41, "reject_batches_held": 35,
    "reject_pieces_returned": 15204, "reject_pieces_fixed": 17730,
    "reject_pieces_held": 301288,
    "gas_own": 241, "gas_extra": 6, "gas_public": 101, "gas_private": 96,
    "markets": 26, "market_registered": 24,
}

HUALIEN_FACTS: dict[str, int | str] = {
    **PLAN_110,
    "office_a": "臺東辦事處", "office_b": "花蓮港辦事處",
    "weather": "並因應花蓮颱風季節特性，已設置防颱擋水設施及雨具存放處，讓民眾於颱風季節亦能安心洽公",
    "region": "花蓮縣、臺東縣", "university": "國立東華大學",
    "cpc_office": "中油花蓮供油服務中心", "gas_extra_area": "宜蘭", "a11y_date": "108年11月22日",
    "form_examples": 18, "download_forms": 18, "phone_tests": 60, "phone_avg": 91,
    "info_catalog": 15, "import_total": 6215, "import_online": 6208,
    "review_minutes": 30, "paper_review": 7342, "cert_hours": 22, "cert_online": 402,
    "dispatch_minutes": 55, "work_days": 247, "inspector_trips": 1236,
    "vehicle_trips": 741, "prerelease": 1127, "onsite_meters": 6510,
    "single_window": 6890, "form_suggestions": 4, "taxi_meters": 517, "meetings": 18,
    "sat_score": "4.93", "mailbox": 142, "complaints": 131, "monitor_reports": 38,
    "monitors": 46, "market_checks": 5127, "promo_events": 29, "assist_batches": 684,
    "reject_batches_returned": 12, "reject_batches_fixed": 15, "reject_batches_held": 9,
    "reject_pieces_returned": 4310, "reject_pieces_fixed": 5022,
    "reject_pieces_held": 61875,
    "gas_own": 88, "gas_extra": 3, "gas_public": 39, "gas_private": 35,
    "markets": 14, "market_registered": 13,
}

OTHER_INNOVATION = r("機關自行提報之其他創新作為。", "各單位",
                     "辦理「商品安全走入社區」宣導活動，{Y}年度計辦理⟦{promo_events}場次⟧，擴大民眾參與並蒐集民眾對商品安全之意見。")
ENERGY_SAVING = r("配合政府節能減碳政策，檢討辦公廳舍用電。", "秘書室",
                  "辦公廳舍全面汰換LED燈具並設定空調溫度⟦26度以上⟧，{Y}年度用電量較前一年度減少⟦5.2%⟧。")


# --------------------------------------------------------------------------- new reports
# Findings noted per spec are those of the ground truth (spec.expected_findings).

# Word → LibreOffice PDF and ODT; horizontal rules only; scores in a 自評分數 column printed
# "85分"; typos 服務友善姓 / 內部做業簡化; maxima "（100 分）". Consistent.
TAINAN_110 = ReportSpec(
    stem="110_tainan", unit="臺南分局", roc_year=110,
    scores={"1.1": 87, "1.2": 86, "2.1": 89, "2.2": 85, "2.3": 86, "3.1": 88, "3.2": 85,
            "4.1": 91, "4.2": 87, "5.1": 44, "5.2": 45},
    facts=TAINAN_FACTS,
    layout=Layout(slug="hrules-score-column", rules="hrules", score_column="自評分數", column_format="{}分",
                  names={"1.2": "服務友善姓", "3.1": "內部做業簡化"}, max_format="（{} 分）",
                  subtotal_format="小計：{} 分"),
    outputs=("docx", "pdf", "odt"),
)

# LibreOffice PDF with no table rules at all; 得分:85分 / 得 分：85 / 得分:85; headings with
# full-width parentheses, 評核構面三 without its name; no grade legend. Consistent.
HUALIEN_111_BORDERLESS = ReportSpec(
    stem="111_hualien_borderless", unit="花蓮分局", roc_year=111,
    scores={"1.1": 84, "1.2": 83, "2.1": 85, "2.2": 82, "2.3": 84, "3.1": 86, "3.2": 83,
            "4.1": 88, "4.2": 84, "5.1": 42, "5.2": 41},
    facts=vary(HUALIEN_FACTS, 3, **PLAN_111),
    layout=Layout(slug="borderless", rules="none", score_format="得分:{}分",
                  score_formats={"1.2": "得 分：{}", "3.1": "得 分：{}", "5.1": "得分:{}"},
                  headings={"1": "評核構面一（基礎服務）（200分）", "3": "評核構面三",
                            "5": "構面五（開放創新）（100 分）"},
                  grade_legend=False),
    outputs=("pdf",),
)

# One big table: a full-width row per dimension, 小計 rows inside, header repeated; item 2.2
# printed twice (86, then 80: duplicate_item); dimension 4's 小計 printed 179 for 177
# (subtotal_mismatch); 提升服務滿意度, 服務成長與優化; 得分 85 without a colon.
KEELUNG_111_BIGTABLE = ReportSpec(
    stem="111_keelung_bigtable", unit="基隆分局", roc_year=111,
    scores={"1.1": 86, "1.2": 85, "2.1": 84, "2.2": 86, "2.3": 85, "3.1": 86, "3.2": 82,
            "4.1": 90, "4.2": 87, "5.1": 44, "5.2": 43},
    facts=vary(KEELUNG.facts, 4, **PLAN_111),
    misprints=Misprints(subtotals={"4": 179}),
    layout=Layout(slug="one-big-table", form="one-big-table",
                  names={"4.1": "提升服務滿意度", "2.3": "服務成長與優化"},
                  score_formats={"1.1": "得分 {}", "3.2": "得分 {}"}),
    extras=(Extra("2", "服務可近性", 100, 80, item_no="2.2"),),
    outputs=("docx", "pdf"),
)

# ODT (Word → LibreOffice); a 得分 column at the right end; items in another order in
# dimensions 2 and 4; 開 放 參 與 and a line break inside 服務一致及/正確性; no 小計 lines;
# item 3.2 left out (missing_item, status partial), so the summary's 170 for dimension 3,
# the 總分 863 and its 甲 all disagree with the 780 (乙) the items add up to.
HSINCHU_110_ODT = ReportSpec(
    stem="110_hsinchu_scorecol", unit="新竹分局", roc_year=110,
    scores={"1.1": 86, "1.2": 85, "2.1": 88, "2.2": 86, "2.3": 84, "3.1": 87, "3.2": 83,
            "4.1": 89, "4.2": 88, "5.1": 44, "5.2": 43},
    facts=HSINCHU.facts,
    layout=Layout(slug="score-column", score_column="得分", score_column_last=True,
                  order={"2": ("2.3", "2.1", "2.2"), "4": ("4.2", "4.1")},
                  names={"5.1": "開 放 參 與", "1.1": "服務一致及\n正確性"}, print_subtotals=False),
    missing=frozenset({"3.2"}),
    outputs=("odt",),
)

# LibreOffice PDF of one table whose first two columns (評核構面, 評核項目) are merged down
# over many rows; rows may break across pages; 其他創新作為 (10分) 得分：8 is no rubric item
# (unmatched_row); 等第 printed 優 for 893 (grade_mismatch); 服務可進性; maxima "（100分）".
TAICHUNG_111_DIMCOL = ReportSpec(
    stem="111_taichung_dimcol", unit="臺中分局", roc_year=111,
    scores={"1.1": 89, "1.2": 88, "2.1": 90, "2.2": 88, "2.3": 89, "3.1": 90, "3.2": 88,
            "4.1": 92, "4.2": 90, "5.1": 45, "5.2": 44},
    facts=vary(TAICHUNG.facts, -3, **PLAN_111),
    misprints=Misprints(grade="優"),
    layout=Layout(slug="grid-merged-dimension", form="dimension-column", keep_item_rows_whole=False,
                  max_format="（{}分）", names={"2.2": "服務可進性"}),
    extras=(Extra("5", "其他創新作為", 10, 8, row=OTHER_INNOVATION),),
    outputs=("pdf",),
)

# HTML printed by Chromium: ruled <table>s with rowspan, <thead> repeated on every page;
# full-width digits and punctuation everywhere (得分：８５, （１００分）, 小計：１７５分);
# 評核構面二 heading without its maximum. Consistent.
TAINAN_111_WEB = ReportSpec(
    stem="111_tainan_web", unit="臺南分局", roc_year=111,
    scores={"1.1": 88, "1.2": 87, "2.1": 90, "2.2": 86, "2.3": 88, "3.1": 89, "3.2": 86,
            "4.1": 92, "4.2": 88, "5.1": 45, "5.2": 44},
    facts=vary(TAINAN_FACTS, 5, **PLAN_111),
    layout=Layout(slug="grid-html-rowspan", fullwidth_digits=True, max_format="（{}分）",
                  subtotal_format="小計：{}分", headings={"2": "評核構面二(服務遞送)"}),
    builder="html", outputs=("pdf",),
)

# HTML printed by Chromium: horizontal rules only, a 得分 column, items in another order,
# 提升服務滿意度, the summary turned on its side (a row per dimension, 配分 column). Item 2.3
# scored 105 of 100 (score_out_of_range); dimension 1 printed 176 for 171 in the summary and
# the 總分 884 for 879 (summary_mismatch, total_mismatch).
KAOHSIUNG_110_WEB = ReportSpec(
    stem="110_kaohsiung_web", unit="高雄分局", roc_year=110,
    scores={"1.1": 86, "1.2": 85, "2.1": 87, "2.2": 85, "2.3": 105, "3.1": 87, "3.2": 85,
            "4.1": 89, "4.2": 85, "5.1": 43, "5.2": 42},
    facts=vary(KAOHSIUNG.facts, -5, **PLAN_110),
    misprints=Misprints(summary={"1": 176}, total=884),
    layout=Layout(slug="hrules-score-column", rules="hrules", score_column="得分",
                  order={"1": ("1.2", "1.1"), "4": ("4.2", "4.1")}, names={"4.1": "提升服務滿意度"},
                  summary="vertical"),
    out_of_range=frozenset({"2.3"}),
    builder="html", outputs=("pdf",),
)

# HTML printed by Chromium, the whole report in simplified characters (积极回应民众意见…),
# no table rules, 得分:85, 小计 lines, no grade legend. Consistent.
HUALIEN_111_SIMPLIFIED = ReportSpec(
    stem="111_hualien_simplified", unit="花蓮分局", roc_year=111,
    scores={"1.1": 85, "1.2": 84, "2.1": 86, "2.2": 84, "2.3": 85, "3.1": 87, "3.2": 84,
            "4.1": 89, "4.2": 86, "5.1": 43, "5.2": 42},
    facts=vary(HUALIEN_FACTS, 3, **PLAN_111),
    layout=Layout(slug="borderless", rules="none", simplified=True, score_format="得分:{}",
                  subtotal_format="小計：{}分", grade_legend=False),
    builder="html", outputs=("pdf",),
)

# HTML printed by Chromium: the seed's report as one big ruled table (colspan dimension rows,
# 小計 rows), without the summary page (no 總分: status partial, nothing to check it
# against); 服務機制精近. The seed's narrative slip (847,600 件) is kept.
KEELUNG_110_WEB = ReportSpec(
    stem="110_keelung_web", unit="基隆分局", roc_year=110,
    scores=dict(KEELUNG.scores),
    facts=KEELUNG.facts,
    misprints=Misprints(narrative={"reject_pieces": 847600}),
    layout=Layout(slug="one-big-table", form="one-big-table", summary="none",
                  names={"3.2": "服務機制精近"}, subtotal_format="小計：{}分"),
    builder="html", outputs=("pdf",),
)

# Drawn with reportlab in a non-embedded CID font (MSung-Light): ruled grid drawn as lines,
# header row repeated on every page, item 2.1's cell split over a page break (name on one
# page, "(100分) / 得分 91" on the next); 得分 85 without a colon. Consistent.
TAICHUNG_110_DRAWN = ReportSpec(
    stem="110_taichung_drawn", unit="臺中分局", roc_year=110,
    scores={"1.1": 89, "1.2": 87, "2.1": 91, "2.2": 89, "2.3": 90, "3.1": 92, "3.2": 89,
            "4.1": 93, "4.2": 91, "5.1": 46, "5.2": 46},
    facts=TAICHUNG.facts,
    layout=Layout(slug="grid-split-row", score_format="得分 {}", split_item="2.1"),
    builder="reportlab", outputs=("pdf",),
)

# Drawn with reportlab: horizontal rules only, a 自評分數 column at the right end, the summary
# turned on its side; 積極回應民眾意建. Item 5.2 scored 52 of 50 (score_out_of_range);
# dimension 3's 小計 printed 176 for 173 (subtotal_mismatch).
HSINCHU_111_DRAWN = ReportSpec(
    stem="111_hsinchu_drawn", unit="新竹分局", roc_year=111,
    scores={"1.1": 87, "1.2": 86, "2.1": 89, "2.2": 87, "2.3": 86, "3.1": 88, "3.2": 85,
            "4.1": 90, "4.2": 88, "5.1": 45, "5.2": 52},
    facts=vary(HSINCHU.facts, 6, **PLAN_111),
    misprints=Misprints(subtotals={"3": 176}),
    layout=Layout(slug="hrules-score-column", rules="hrules", score_column="自評分數", score_column_last=True,
                  names={"4.2": "積極回應民眾意建"}, summary="vertical", subtotal_format="小計：{}分"),
    out_of_range=frozenset({"5.2"}),
    builder="reportlab", outputs=("pdf",),
)

# Drawn with reportlab, no rules at all, no 小計 lines. Item 1.1 printed again at the end of
# dimension 1 with 90 (duplicate_item); 推動節能減碳措施 (10分) 得分：9 (unmatched_row); item
# 4.2 printed with an empty 得分 (unreadable_score, status partial): its row is there, its score
# is not, so dimension 4's summary figure, the 總分 832 and its 甲 cannot be checked.
HUALIEN_110_DRAWN = ReportSpec(
    stem="110_hualien_drawn", unit="花蓮分局", roc_year=110,
    scores={"1.1": 84, "1.2": 82, "2.1": 84, "2.2": 81, "2.3": 82, "3.1": 85, "3.2": 81,
            "4.1": 87, "4.2": 83, "5.1": 42, "5.2": 41},
    facts=HUALIEN_FACTS,
    layout=Layout(slug="borderless", rules="none", print_subtotals=False, names={"4.2": "積極回應\n民眾意見"}),
    blank=frozenset({"4.2"}),
    extras=(Extra("1", "服務一致及正確性", 100, 90, item_no="1.1"),
            Extra("3", "推動節能減碳措施", 10, 9, row=ENERGY_SAVING)),
    builder="reportlab", outputs=("pdf",),
)

# ODT (Word → LibreOffice) of the one-line item cell layout with typos 服務便捷姓 and 創心服務;
# the summary prints 98 for dimension 5's 88, a 總分 of 882 for 872 and 優 for 甲
# (summary_mismatch, total_mismatch, grade_mismatch); a narrative sum off by one
# (公營 + 民營 加油站 stated as one more than its parts).
KAOHSIUNG_111_ODT = ReportSpec(
    stem="111_kaohsiung_typos", unit="高雄分局", roc_year=111,
    scores={"1.1": 87, "1.2": 86, "2.1": 88, "2.2": 87, "2.3": 86, "3.1": 88, "3.2": 86,
            "4.1": 89, "4.2": 87, "5.1": 44, "5.2": 44},
    facts=KAOHSIUNG.facts,
    misprints=Misprints(summary={"5": 98}, total=882, grade="優", narrative={"gas_registered": 239}),
    layout=Layout(slug="grid-one-line-item", item_cell_one_line=True, subtotal_format="小計：{}分",
                  names={"2.1": "服務便捷姓", "5.2": "創心服務"}),
    outputs=("odt",),
)

NEW_REPORTS: tuple[ReportSpec, ...] = (
    TAINAN_110, HUALIEN_111_BORDERLESS, KEELUNG_111_BIGTABLE, HSINCHU_110_ODT, TAICHUNG_111_DIMCOL,
    TAINAN_111_WEB, KAOHSIUNG_110_WEB, HUALIEN_111_SIMPLIFIED, KEELUNG_110_WEB,
    TAICHUNG_110_DRAWN, HSINCHU_111_DRAWN, HUALIEN_110_DRAWN, KAOHSIUNG_111_ODT,
)

REPORTS: tuple[ReportSpec, ...] = ORIGINAL_REPORTS + NEW_REPORTS


# --------------------------------------------------------------------------- layouts of real submissions
# Each adds a layout seen in real submissions (see tests/e2e/test_layout_samples.py).

# Word → LibreOffice PDF: a 得分 column right after 評核項目, item 2.1 scored 105 of 100 in it:
# a score above the maximum is still a score (score_out_of_range), never "not found".
TAINAN_111_RANGE = ReportSpec(
    stem="111_tainan_range", unit="臺南分局", roc_year=111,
    scores={"1.1": 87, "1.2": 86, "2.1": 105, "2.2": 85, "2.3": 86, "3.1": 88, "3.2": 85,
            "4.1": 90, "4.2": 87, "5.1": 44, "5.2": 45},
    facts=vary(TAINAN_FACTS, 2, **PLAN_111),
    layout=Layout(slug="grid-score-column", score_column="得分"),
    out_of_range=frozenset({"2.1"}),
    outputs=("docx", "pdf"),
)

# Drawn with reportlab: item 4.1's cell cut by a page break between its name and its 得分
# (name and maximum at the foot of a page, "得分 90" alone at the head of the next). Consistent.
KEELUNG_111_DRAWN_SPLIT = ReportSpec(
    stem="111_keelung_drawn_split", unit="基隆分局", roc_year=111,
    scores={"1.1": 86, "1.2": 84, "2.1": 85, "2.2": 83, "2.3": 84, "3.1": 86, "3.2": 81,
            "4.1": 90, "4.2": 86, "5.1": 43, "5.2": 43},
    facts=vary(KEELUNG.facts, 2, **PLAN_111),
    layout=Layout(slug="grid-split-before-score", score_format="得分 {}", split_item="4.1",
                  split_before_score=True),
    builder="reportlab", outputs=("pdf",),
)

# Drawn with reportlab: horizontal rules only, the seed's two-row summary header whose
# dimension heads wrap over two lines above the first figure column; a 自評分數 column at the
# right end. Dimension 2's summary figure printed 258 for 256 (summary_mismatch).
HUALIEN_111_DRAWN_HRULES = ReportSpec(
    stem="111_hualien_drawn_hrules", unit="花蓮分局", roc_year=111,
    scores={"1.1": 84, "1.2": 83, "2.1": 86, "2.2": 85, "2.3": 85, "3.1": 86, "3.2": 83,
            "4.1": 88, "4.2": 84, "5.1": 42, "5.2": 41},
    facts=vary(HUALIEN_FACTS, 4, **PLAN_111),
    misprints=Misprints(summary={"2": 258}),
    layout=Layout(slug="hrules-wrapped-summary-header", rules="hrules", score_column="自評分數",
                  score_column_last=True, subtotal_format="小計：{}分"),
    builder="reportlab", outputs=("pdf",),
)


# Drawn with reportlab, no rules at all; the 評核項目 column wide enough for a name on one line
# beside a 評核指標 that wraps, so that their lines interleave in the text flow
# (`提高服務滿意度 1. 辦理服務滿` / `(100分) 意度調查` / `得分：89`). Consistent.
TAINAN_110_DRAWN_INTERLEAVED = ReportSpec(
    stem="110_tainan_drawn_interleaved", unit="臺南分局", roc_year=110,
    scores={"1.1": 86, "1.2": 87, "2.1": 88, "2.2": 84, "2.3": 85, "3.1": 87, "3.2": 86,
            "4.1": 89, "4.2": 86, "5.1": 45, "5.2": 44},
    facts=TAINAN_FACTS,
    layout=Layout(slug="borderless-interleaved", rules="none", item_width=82.0),
    builder="reportlab", outputs=("pdf",),
)

# Word → LibreOffice PDF: each item in a table of its own, its score in a line after the
# table (`本項得分：88分`); 小計 lines that name their dimension (`評核構面二小計：261分`).
# Dimension 5's 小計 printed 89 for 87 (subtotal_mismatch).
KAOHSIUNG_111_PER_ITEM = ReportSpec(
    stem="111_kaohsiung_peritem", unit="高雄分局", roc_year=111,
    scores={"1.1": 88, "1.2": 86, "2.1": 87, "2.2": 86, "2.3": 88, "3.1": 89, "3.2": 86,
            "4.1": 90, "4.2": 87, "5.1": 44, "5.2": 43},
    facts=vary(KAOHSIUNG.facts, 3, **PLAN_111),
    misprints=Misprints(subtotals={"5": 89}),
    layout=Layout(slug="table-per-item", form="per-item", score_format="本項得分：{}分",
                  subtotal_format="評核構面{numeral}小計：{}分"),
    outputs=("docx", "pdf"),
)

# Word → LibreOffice PDF: the title only in the page header, repeated on every page (the body
# and the summary page print no unit or year of their own); `本構面小計 170 分`. Consistent.
HSINCHU_110_HEADER_TITLE = ReportSpec(
    stem="110_hsinchu_header_title", unit="新竹分局", roc_year=110,
    scores={"1.1": 86, "1.2": 84, "2.1": 88, "2.2": 86, "2.3": 84, "3.1": 87, "3.2": 84,
            "4.1": 89, "4.2": 87, "5.1": 44, "5.2": 43},
    facts=HSINCHU.facts,
    layout=Layout(slug="title-in-page-header", title_in_header=True, subtotal_format="本構面小計 {} 分",
                  keep_item_rows_whole=False),
    outputs=("docx", "pdf"),
)

LAYOUT_REPORTS: tuple[ReportSpec, ...] = (
    TAINAN_111_RANGE, KEELUNG_111_DRAWN_SPLIT, HUALIEN_111_DRAWN_HRULES, TAINAN_110_DRAWN_INTERLEAVED,
    KAOHSIUNG_111_PER_ITEM, HSINCHU_110_HEADER_TITLE,
)

REPORTS = (*REPORTS, *LAYOUT_REPORTS)

# Reports of the years after the 110 rubric, in the 112 TEST rubric (generate/rubric112.py:
# every item renamed, 5.1/5.2 at 40/30 and an added item 5.3 公私協力推動 of 30 points). They
# prove that kaohe reads a report with the rubric of its year: in 110's names these would
# match almost nothing.
PLAN_112 = {"plan_date": "112年1月17日", "plan_no": "11290000580"}
PLAN_113 = {"plan_date": "113年1月16日", "plan_no": "11390000410"}

# Word → LibreOffice PDF, the seed's layout, 112: consistent (852, 甲).
KEELUNG_112_TEST = ReportSpec(
    stem="112_keelung_testrubric", unit="基隆分局", roc_year=112,
    scores={"1.1": 86, "1.2": 85, "2.1": 84, "2.2": 83, "2.3": 84, "3.1": 86, "3.2": 82,
            "4.1": 91, "4.2": 86, "5.1": 34, "5.2": 26, "5.3": 25},
    facts=vary(KEELUNG.facts, 4, **PLAN_112, partner_events=12, partner_people=3480),
    misprints=Misprints(narrative={"reject_pieces": 880000}),
    rubric=RUBRIC_112_TEST,
    outputs=("docx", "pdf"),
)

# HTML printed by Chromium, 112: a 得分 column; consistent (874, 甲).
HSINCHU_112_TEST_WEB = ReportSpec(
    stem="112_hsinchu_testrubric_web", unit="新竹分局", roc_year=112,
    scores={"1.1": 89, "1.2": 87, "2.1": 90, "2.2": 88, "2.3": 86, "3.1": 88, "3.2": 85,
            "4.1": 90, "4.2": 89, "5.1": 36, "5.2": 27, "5.3": 26},
    facts=vary(HSINCHU.facts, 6, **PLAN_112, partner_events=9, partner_people=2215),
    layout=Layout(slug="grid-html-score-column", score_column="得分", subtotal_format="小計：{}分"),
    rubric=RUBRIC_112_TEST,
    builder="html", outputs=("pdf",),
)

# Word (and its LibreOffice PDF), 113: no rubric is for 113, so kaohe reads it with the 112
# test rubric, the nearest earlier one, and says so in its row. The author's 小計 of dimension
# 5 leaves out the added item 5.3 (64 printed for 89: subtotal_mismatch).
TAICHUNG_113_TEST = ReportSpec(
    stem="113_taichung_testrubric", unit="臺中分局", roc_year=113,
    scores={"1.1": 90, "1.2": 88, "2.1": 91, "2.2": 90, "2.3": 90, "3.1": 92, "3.2": 90,
            "4.1": 93, "4.2": 91, "5.1": 36, "5.2": 28, "5.3": 25},
    facts=vary(TAICHUNG.facts, 8, **PLAN_113, partner_events=15, partner_people=4120),
    misprints=Misprints(subtotals={"5": 64}),
    rubric=RUBRIC_112_TEST,
    outputs=("docx", "pdf"),
)

YEAR_REPORTS: tuple[ReportSpec, ...] = (KEELUNG_112_TEST, HSINCHU_112_TEST_WEB, TAICHUNG_113_TEST)

REPORTS = (*REPORTS, *YEAR_REPORTS)
