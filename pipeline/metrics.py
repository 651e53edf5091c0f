"""The quantity grammar: every count, duration, rate or score a narrative states.

A quantity is a number written in Arabic digits (thousands separators, full-width digits and
decimals allowed) or in Chinese numerals (三件, 十二場次), followed directly by a unit from a
known list (件, 批, 人次, 分鐘, %…), with an optional qualifier right before it (約, 逾, 近,
達…) or after it (以上, 以下, 內…). The unit list is what keeps dates (`108年7月31日`,
`8月26日`), years (`110年度`), list numbering (`1.`, `(2)`), document numbers
(`第11090000750號`) and version numbers (`2.0版`) out: none of them ends in a unit of count,
and the few that could (`26日` after a month, `第3次`) are masked first. Because a wrong
quantity in metrics.csv is worse than a missing one, anything not matching the grammar
exactly is left out.

The text is read on a normalized copy (NFKC, traditional characters) that maps every
character back to the printed one, so ``raw`` is the exact printed span.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import regex

from pipeline.numerals import NUMERAL_CHARS, chinese_number
from pipeline.results import IndicatorRow, Metric
from pipeline.text import FOOTNOTE_MARK, footnote_marks, nfkc, tidy, to_traditional

#: Units of count, longest first so that 人次 wins over 人 and 分鐘 over 分.
UNITS = (
    "人次", "車次", "天次", "場次", "家次", "件次", "梯次", "分鐘", "小時", "個月", "大項", "問項", "萬元",
    "億元", "公斤", "公噸", "人日", "週", "件", "批", "種", "分", "天", "日", "次", "具", "案", "項",
    "人", "員", "場", "站", "處", "家", "所", "間", "位", "名", "份", "張", "臺", "部", "筆", "則",
    "篇", "班", "期", "元", "噸", "座", "輛", "秒", "倍", "%", "度", "戶", "條", "支", "台",
)
PREFIXES = ("超過", "超越", "至少", "將近", "高達", "不到", "未滿", "約", "逾", "近", "達", "僅", "計")
SUFFIXES = ("以上", "以下", "以內", "左右", "內")
#: Prefixes that are kept as the quantity's qualifier (計 only marks a count, it qualifies nothing).
QUALIFYING_PREFIXES = frozenset(PREFIXES) - {"計"}


_CN = NUMERAL_CHARS

_UNIT = "|".join(regex.escape(u) for u in UNITS)
_LIST_NUMBER = regex.compile(r"\d{1,2}[.、](?!\d)|\(\d{1,2}\)")
_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_QUANTITY = regex.compile(
    rf"(?P<pre>{'|'.join(PREFIXES)})?"
    # `4萬7,914批`, `1億2,000萬元`: a figure written with a larger multiplier before it
    rf"(?:(?:(?P<high>\d+){FOOTNOTE_MARK}*(?P<highm>萬|億))?"
    rf"(?P<num>{_NUMBER}){FOOTNOTE_MARK}*(?P<mult>萬|億)?|(?<![{_CN}])(?P<cn>[{_CN}]+))"
    rf"(?P<unit>{_UNIT})"
    rf"(?P<suf>{'|'.join(SUFFIXES)})?"
)
#: The days that continue a date: `3月5日至7日`, `3月5日、12日及19日`.
_MORE_DAYS = r"(?:\s*(?:至|到|~|～|-|－|、|,|及|和|與)\s*\d+日)*"
#: A range of figures (`3至5天`, `3~5天`): one figure would misstate it, so it is left out.
_RANGE = r"\d+(?:\.\d+)?\s*(?:至|到|~|～|-|－)\s*\d+(?:\.\d+)?(?=\s*(?:" + "|".join(
    regex.escape(u) for u in UNITS) + r"))"
#: Spans that look like quantities but are not: dates, times of day, telephone numbers,
#: ordinals, years, ranges and numbered things.
_NOT_QUANTITY = regex.compile(
    r"\d+年\d+月(?:\d+日" + _MORE_DAYS + r")?|\d+月\d+日" + _MORE_DAYS + r"|\d+/\d+(?:/\d+)?"
    r"|\d+[時點]\d+分(?:\d+秒)?|\d+[:：]\d{2}(?:[:：]\d{2})?|[\d()\-#]+(?=分機)|分機\d+"
    r"|第\s*[\d" + _CN + r"]+\s*\S"
    r"|\d+年度?|[" + _CN + r"]+年度?|[\d" + _CN + r"]+月(?!份)|" + _RANGE
)
#: Chinese-numeral words that are no quantity: 單一窗口, 統一, 一站式, 一致, 一同, 數十件…
_CN_BEFORE_WORD = frozenset("單統唯同之任每某數幾")
_CN_AFTER_WORD = ("式", "化", "性", "般", "致", "同", "起", "切", "向", "直", "律", "分", "時", "體", "樣")
#: Units a Chinese numeral is read with: 十分 (very), 一度 (once), 一元化 are words, not counts.
CN_UNITS = frozenset((
    "件", "批", "種", "次", "人次", "場次", "車次", "梯次", "場", "項", "大項", "人", "位", "名", "處", "家", "所",
    "個月", "天", "日", "週", "小時", "分鐘", "案", "站", "份", "張", "篇", "則", "筆", "座", "輛", "戶", "員", "問項",
))


@dataclass(frozen=True)
class Quantity:
    """One quantity as found: its value, unit, qualifier and where it stands in the text."""

    value: float
    unit: str
    qualifier: str
    raw: str
    start: int
    end: int
    prefix: str = ""  # the word right before the number (計, 達…), qualifier or not


@lru_cache(maxsize=4096)
def normalized(text: str) -> tuple[str, tuple[int, ...]]:
    """NFKC + traditional characters, with the printed index of every normalized character.

    Kept for the texts seen last: a report's narratives are read for their metrics and again,
    cut into sentences, for their arithmetic; 5,271 calls on the 26 sample PDFs were 1,101 texts.

    Characters are folded one by one, out of context, so the footnote marks after a figure
    (`47,914¹批`) are told first (``footnote_marks``, one for one): folded alone, one is a digit."""
    chars: list[str] = []
    index: list[int] = []
    marked = footnote_marks(text)
    for i, ch in enumerate(marked):
        if ch.isspace() and _line_wrap(chars, marked[i + 1 : i + 5]):
            continue
        folded = _folded(ch)  # radical forms too: ⻋次 is 车次, that is 車次
        if len(folded) == 1:
            chars.append(folded)
            index.append(i)
        else:
            chars.extend(folded)
            index.extend([i] * len(folded))
    flat = "".join(chars)
    converted = to_traditional(flat)
    if len(converted) != len(flat):  # a phrase changed length: convert character by character
        converted = "".join(ch if len(t := to_traditional(ch)) != 1 else t for ch in flat)
    return converted, tuple(index)


@lru_cache(maxsize=16384)
def _folded(ch: str) -> str:
    """``nfkc`` of one character, kept: a report's narrative is a few thousand distinct
    characters repeated, and ``normalized`` folds each one of them."""
    return nfkc(ch)


def _line_wrap(before: list[str], rest: str) -> bool:
    """Whitespace that a line wrap put inside a figure (`47,\n914批`) or before one (`共計 104站`).

    Whitespace before a list number (` 2.`, ` (3)`) is kept: it separates points.
    """
    last = before[-1] if before else ""
    rest = unicodedata.normalize("NFKC", rest)
    if not last or not rest or rest[0].isspace() or _LIST_NUMBER.match(rest):
        return False
    if last in "0123456789,." and not rest[0].isascii():
        return True
    if last in "0123456789," and rest[0] in "0123456789,":
        return True
    return not last.isascii() and rest[0].isdigit() and last not in "。;；"


def quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``, in order; ``start``/``end`` index the printed text."""
    flat, index = normalized(text)
    masked = _mask(flat)
    found: list[Quantity] = []
    for m in _QUANTITY.finditer(masked):
        value = _value(m, flat)
        if value is None:
            continue
        pre = m.group("pre") or ""
        start, end = (m.start() if pre in QUALIFYING_PREFIXES else m.end("pre") if pre else m.start()), m.end()
        qualifier = m.group("suf") or (pre if pre in QUALIFYING_PREFIXES else "")
        raw_start, raw_end = index[start], index[end - 1] + 1
        unit = (m.group("mult") or "") + m.group("unit")  # as written: 1.2萬元 is 1.2 in 萬元
        found.append(Quantity(value, unit, qualifier, text[raw_start:raw_end], raw_start, raw_end, pre))
    return found


def _mask(flat: str) -> str:
    """The text with every non-quantity (date, year, ordinal) blanked out, lengths kept."""
    return _NOT_QUANTITY.sub(lambda m: "\x00" * len(m.group()), flat)


_SCALE = {None: 1, "萬": 10_000, "億": 100_000_000}


def _value(m: regex.Match[str], flat: str) -> float | None:
    if m.group("num"):
        value = float(m.group("num").replace(",", ""))
        if m.group("high"):
            low = m.group("mult") or (m.group("unit")[0] if m.group("unit") in ("萬元", "億元") else None)
            step = _SCALE[m.group("highm")] // _SCALE[low]  # 4萬 in 批: 10000 each; 1億 in 萬元: 10000
            if step <= 1 or value >= step:
                return None  # `1萬2萬元`, `4萬12,000批`: no figure as written
            value += int(m.group("high")) * step
        return value
    cn = m.group("cn")
    start, end = m.start("cn"), m.end("unit")
    if m.group("unit") not in CN_UNITS:
        return None
    if start > 0 and flat[start - 1] in _CN_BEFORE_WORD:
        return None
    if flat[end:].startswith(_CN_AFTER_WORD) or flat[m.end("cn"):].startswith(_CN_AFTER_WORD):
        return None
    number = chinese_number(cn)
    return float(number) if number is not None else None


# --------------------------------------------------------------------------- context

_CLAUSE_END = regex.compile(r"[。；;!?！？\n]")
_YEAR = regex.compile(r"(?<!\d)(\d{2,3})\s*年度")
_LABEL_CUT = regex.compile(r"(?<!\d),|,(?!\d)|[，、:：(（「」)）\s。；;>及與和]")
_BRACKETED = regex.compile(r"[\d０-９][\d０-９,，.]*[^\d０-９,，.()（）\s]{1,3}\s*[(（]\s*(?:約|逾|近|達)?$")
_LABEL_TRIM = regex.compile(
    r"^(?:\d{2,3}年度|本年度|共計|總計|合計|計)+|(?:共計|總計|合計|共|計有|計|達|約|為|已|逾|近|高達|超過|超越|有)+$"
)


def roc_year(text: str, q: Quantity) -> int | None:
    """The ROC year (`110年度`) that the clause holding the quantity states, if it states one."""
    start = max((m.end() for m in _CLAUSE_END.finditer(text, 0, q.start)), default=0)
    ends = _CLAUSE_END.search(text, q.end)
    clause = text[start : ends.start() if ends else len(text)]
    m = _YEAR.search(unicodedata.normalize("NFKC", clause))
    return int(m.group(1)) if m else None


def label(text: str, q: Quantity) -> str:
    """A short name for what is counted: the words right before the number in its clause.

    A figure in brackets after another (`總計159批(847,600件)`) counts the same thing: it takes
    the label of the figure it follows.
    """
    before = text[: q.start]
    if before[-1:].isspace() or "\n" in before:  # a line wrap before the figure or inside its words
        before = tidy(before)
    companion = _BRACKETED.search(before)
    if companion:
        before = before[: companion.start()]
    cut = max((m.end() for m in _LABEL_CUT.finditer(before)), default=0)
    words = _LABEL_TRIM.sub("", _LABEL_TRIM.sub("", before[cut:].strip()))
    words = regex.sub(r"^\d+[.、]", "", words)
    return words[-16:]


def read_metrics(rows: tuple[IndicatorRow, ...] | list[IndicatorRow]) -> list[Metric]:
    """Every quantity of every narrative row, with the row's item, indicator and page."""
    return [
        Metric(
            row.dimension_no, row.item_no, row.indicator_no, label(row.result, q), q.value, q.unit, q.qualifier,
            roc_year(row.result, q), q.raw, row.page,
        )
        for row in rows
        for q in quantities(row.result)
    ]
