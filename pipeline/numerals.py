"""Chinese numerals, read in one place: 三 → 3, 十二 → 12, 一百零五 → 105, 兩萬 → 20000.

Headings number their dimensions with them (`評核構面三`), list numbers use them (`一、`, `(二)`)
and narratives count with them (`十二場次`); all three read them with ``chinese_number``.
"""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "兩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}

#: Every character a Chinese numeral is written with.
NUMERAL_CHARS = "零〇一二兩三四五六七八九十百千萬"
#: The characters of the small numerals that number headings and lists (一 to 十, 十一…).
SMALL_NUMERAL_CHARS = "一二三四五六七八九十"


def chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral, or None when ``text`` is anything else.

    Digits written one after another without 十/百/千 are read by position, as years are
    written (一一〇 → 110, 一〇五 → 105); with them, as counted (一百零五 → 105)."""
    if len(text) > 1 and all(ch in _DIGITS for ch in text):
        return int("".join(str(_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            section += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        elif ch == "萬":
            total += (section + (digit or 0)) * 10000
            section, digit = 0, None
        else:
            return None
    result = total + section + (digit or 0)
    return result if result or text in ("零", "〇") else None
