"""The small grammars that read figures out of printed cells and lines.

Every function takes printed text and works on its normalized key (``pipeline.text.key``), so
`得 分：８５`, `得分:85分` and `得分 85` all read as 85. They return ``None`` rather than guess
when the text does not say.
"""

from __future__ import annotations

import regex

from pipeline.text import key, nfkc

_NUM = r"-?\d+(?:,\d{3})*(?:\.\d+)?"
_SCORE = regex.compile(rf"(?:自評得分|自評分數|得分|評分|自評)[:：]?(?P<v>{_NUM})分?")
_MAX = regex.compile(rf"[(\[](?:滿分|配分)?(?P<v>{_NUM})分[)\]]")
_SUBTOTAL = regex.compile(rf"小計[:：]?(?P<v>{_NUM})分?")
_TOTAL = regex.compile(rf"(?:總分|總計|合計)[:：]?(?P<v>{_NUM})分?")
_SPLIT_DIGITS = regex.compile(r"\d[ \t\u00a0\n]+\d")
_PLAIN = regex.compile(rf"^(?P<v>{_NUM})分?$")
_NUMBERING = regex.compile(r"^(?:[一二三四五六七八九十]+[、.]|\d+[.、)]|\(\d+\)|\([一二三四五六七八九十]+\))")
_GRADE = regex.compile(r"^(?:等第[:：]?)?(?P<g>[優甲乙丙丁])(?:等)?$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
_HEADING = regex.compile(r"(?:評核)?構面(?P<n>[一二三四五六七八九十]+|\d+)")


def to_number(text: str) -> float | None:
    """A plain figure (`845`, `１７０分`, `47,914`), or None when the text is more than that.

    Two figures side by side (`170 248`, two columns read as one cell) are not one number:
    a wrong figure is worse than none, so digits separated by a space give None.
    """
    if _SPLIT_DIGITS.search(nfkc(text)):
        return None
    m = _PLAIN.match(key(text))
    return _value(m.group("v")) if m else None


def score_in(text: str) -> float | None:
    """The 得分 written in a cell or line (`得分：85`, `自評分數 85分`)."""
    m = _SCORE.search(key(text))
    return _value(m.group("v")) if m else None


def max_in(text: str) -> float | None:
    """The maximum written after a name: `(100分)`, `（100 分）`."""
    m = _MAX.search(key(text))
    return _value(m.group("v")) if m else None


def subtotal_in(text: str) -> float | None:
    """The figure of a 小計 line (`小計 170 分`, `小計：176分`)."""
    m = _SUBTOTAL.search(key(text))
    return _value(m.group("v")) if m else None


def total_in(text: str) -> float | None:
    m = _TOTAL.search(key(text))
    return _value(m.group("v")) if m else None


def grade_in(text: str) -> str | None:
    """A 等第 cell: one of 優甲乙丙丁, optionally written `甲等` or `等第：甲`."""
    m = _GRADE.match(key(text))
    return str(m.group("g")) if m else None


def name_part(text: str) -> str:
    """The item name of an item cell, without its maximum, its score or a list number."""
    k = key(text)
    k = _SCORE.sub("", k)
    k = _MAX.sub("", k)
    k = _NUMBERING.sub("", k)
    return k.strip(":：、.。,，")


def heading_dimension(text: str) -> int | None:
    """The dimension number a heading names (`評核構面三`, `構面五(開放創新)`), if any."""
    m = _HEADING.search(key(text))
    if not m:
        return None
    n = m.group("n")
    if n.isdigit():
        return int(n)
    return _CN_DIGITS[n] if len(n) == 1 else _cn_compound(n)


def _cn_compound(n: str) -> int:
    if n.startswith("十"):
        return 10 + _CN_DIGITS.get(n[1:], 0)
    tens, _, ones = n.partition("十")
    return _CN_DIGITS[tens] * 10 + _CN_DIGITS.get(ones, 0)


def _value(text: str) -> float:
    return float(text.replace(",", ""))
