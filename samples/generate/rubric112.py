"""The 112 test rubric as its sample reports print it: not an official rubric.

It exists to prove that kaohe reads each report with the rubric of its year. It is the 110
rubric with every item renamed (names a 110 reading would not take for its own), dimension 5's
maxima shared anew (40 + 30 + 30) and one item added there (5.3). The narrative rows are the
110 ones; the new item has a row of its own. kaohe's copy is ``pipeline/rubrics/112.toml``;
this one is written by hand from the same intent, never read from it.
"""

from __future__ import annotations

from dataclasses import replace

from .rubric import RUBRIC, Dimension, Item, SampleRubric, ind, r

#: Item number → the name the 112 test rubric gives it.
NAMES_112 = {
    "1.1": "申辦流程標準化",
    "1.2": "洽公環境友善度",
    "2.1": "線上服務便利度",
    "2.2": "在地客製服務",
    "2.3": "服務精進與突破",
    "3.1": "行政流程精實",
    "3.2": "常態精進機制",
    "4.1": "滿意度調查與運用",
    "4.2": "民意回應處理",
    "5.1": "民眾參與共創",
    "5.2": "數位創新措施",
}
#: Dimension 5's items get new maxima to make room for the added one.
MAXIMA_112 = {"5.1": 40, "5.2": 30}

ADDED_ITEM = Item("5.3", "公私協力推動", 30, (
    ind("1.推動公私協力", r(
        "結合民間團體、企業或志工等資源，共同推動服務措施。",
        "各單位",
        "{Y}年度與{university}及在地公會合作辦理商品安全宣導活動計⟦{partner_events}場次⟧，參與民眾計⟦{partner_people:,}人次⟧。")),
))


def _renamed(dim: Dimension) -> Dimension:
    items = tuple(
        replace(item, name=NAMES_112[item.no], max_points=MAXIMA_112.get(item.no, item.max_points)) for item in dim.items
    )
    if dim.no == "5":
        items = (*items, ADDED_ITEM)
    return replace(dim, items=items)


RUBRIC_112_TEST = SampleRubric("112 (test rubric)", tuple(_renamed(d) for d in RUBRIC))
