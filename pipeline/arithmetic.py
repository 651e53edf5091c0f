"""The narrative's own arithmetic: totals, rates and products that a sentence states itself.

Only relations the text spells out are checked, each in one sentence, figures compared with
figures of the same unit (批 with 批, 件 with 件):

- ``總計159批(847,600件)，其中47批…，54批…；其餘58批…``: the parts after 其中 … 其餘 make up
  the total (其餘 says the list is complete);
- ``公營44站，民營44站，合計88站``: the same-unit figures before a 合計 / 共計 / 總計 (back to the
  previous such total) make it up, when there are at least two;
- ``合計88站(登錄率84.6%)``: a rate (…率) is a figure over its whole (the last total of that
  unit before it, else the sentence's first figure of that unit), at the printed precision;
  the figure is the one whose words the rate repeats (``如期完成980件…如期完成率``), else the
  one it is printed beside in brackets, else the rate is left alone (a 滿意率 after a count of
  questionnaires is no rate of them); ``達99%以上`` is a lower bound and ``約`` asserts nothing;
- ``498天次(249天×2次)``: a product beside its result.

A report's prose is not a ledger: anything less explicit is left alone, since a false alarm
costs an auditor more than the slip it would catch. One function per check, like checks.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from difflib import SequenceMatcher

import regex

from pipeline.i18n import _
from pipeline.metrics import Quantity, normalized, quantities
from pipeline.results import Evidence, Extraction, Finding, IndicatorRow
from pipeline.rubric import Rubric
from pipeline.statuses import Severity
from pipeline.text import number
from pipeline.tolerances import QUANTITY_EQUAL, rate_tolerance

#: Sentences end at 。!? and before a list number that starts a new point (` 2.`, ` (3)`).
_SENTENCE_END = regex.compile(r"[。!?！？]|\s(?=(?:\d{1,2}[.、](?!\d)|\(\d{1,2}\)))")
_TOTAL_MARK = regex.compile(r"(?:合計|總計|共計|總共)(?:為|有|達)?$")
_RATE_LABEL = regex.compile(r"率(?:達|為|是|約|計)?$")
#: Rates of change (成長率, 減少率…) compare two figures of different times, not a part and its whole.
_CHANGE_RATE = regex.compile(r"(?:成長|增|減|降|升|變|差|漲|跌)\w{0,2}率(?:達|為|是|約|計)?$")
#: A rate printed beside its figure: `88站(登錄率` (a bracket, then the rate's own words).
_BESIDE = regex.compile(r"^\s*[(（][^\p{P}\d]*$")
#: Where the words naming a figure begin: after punctuation.
_LABEL_BREAK = regex.compile(r"[\p{P}\s]+")
_LEADS_TO_FIGURE = regex.compile(r"(?:共計|總計|合計|計有|共有|共|計|達|為|是|約|有|已)+$")
_PRODUCT = regex.compile(r"^\s*[(（]\s*$")
_TIMES = regex.compile(r"^\s*[×xX*＊]\s*$")


@dataclass(frozen=True)
class Sentence:
    """A sentence of a narrative row: its normalized text and its quantities (indexed in it)."""

    text: str
    quantities: tuple[Quantity, ...]
    row: IndicatorRow

    def before(self, q: Quantity) -> str:
        return self.text[: q.start]

    def between(self, a: Quantity, b: Quantity) -> str:
        return self.text[a.end : b.start]


def sentences(row: IndicatorRow) -> list[Sentence]:
    """The row's narrative cut into sentences, each read on its normalized text (NFKC, 繁體).

    A relation is only checked within one sentence: figures of two sentences are two statements.
    """
    flat, _ = normalized(row.result)
    out: list[Sentence] = []
    start = 0
    for m in [*_SENTENCE_END.finditer(flat), None]:
        end = m.end() if m is not None else len(flat)
        text = flat[start:end]
        if text.strip():
            out.append(Sentence(text, tuple(quantities(text)), row))
        start = end
    return out


def _is_total(s: Sentence, q: Quantity) -> bool:
    return bool(_TOTAL_MARK.search(s.before(q).rstrip()))


def _finding(s: Sentence, claimed: str, expected: str, message: str, quote: str = "") -> Finding:
    """A finding about ``quote`` (the claimed figure as printed), cited at its row's first page
    until ``pipeline.locate`` finds the page the words are printed on."""
    return Finding(
        "arithmetic_mismatch", Severity.warning, message, dimension_no=s.row.dimension_no, item_no=s.row.item_no or "",
        claimed=claimed, expected=expected, page=s.row.page, evidence=Evidence(quote, s.row.page) if quote else None,
    )


def _sum_finding(s: Sentence, total: Quantity, parts: list[Quantity]) -> Finding | None:
    added = sum(p.value for p in parts)
    if abs(added - total.value) <= QUANTITY_EQUAL:
        return None
    listed = " + ".join(number(p.value) for p in parts)
    return _finding(
        s, number(total.value), number(added),
        _(
            "「{raw}」 is stated as the total, but its parts {listed} add up to {added} {unit}."
        ).format(raw=total.raw, listed=listed, added=number(added), unit=total.unit),
        total.raw,
    )


def listed_parts(s: Sentence) -> list[Finding]:
    """``…總計A(B)，其中 a(b)…，c(d)…；其餘 e(f)``: per unit, the parts make the total."""
    at = s.text.find("其中")
    rest = s.text.find("其餘", at + 1) if at >= 0 else -1
    if at < 0 or rest < 0:
        return []
    totals = [q for q in s.quantities if q.end <= at and not q.qualifier]
    parts = [q for q in s.quantities if q.start > at]
    findings = []
    for unit in dict.fromkeys(q.unit for q in totals):
        total = [q for q in totals if q.unit == unit][-1]
        same = [q for q in parts if q.unit == unit]
        if len(same) >= 2 and not any(q.qualifier for q in same):
            finding = _sum_finding(s, total, same)
            if finding is not None:
                findings.append(finding)
    return findings


def stated_totals(s: Sentence) -> list[Finding]:
    """``A站…B站，合計C站``: the same-unit figures since the previous total make this one."""
    findings = []
    since = 0
    for i, q in enumerate(s.quantities):
        if not _is_total(s, q):
            continue
        parts = [p for p in s.quantities[since:i] if p.unit == q.unit]
        since = i + 1
        if "其中" in s.text[q.end :] or len(parts) < 2 or q.qualifier or any(p.qualifier for p in parts):
            continue
        finding = _sum_finding(s, q, parts)
        if finding is not None:
            findings.append(finding)
    return findings


def stated_rates(s: Sentence) -> list[Finding]:
    """``合計88站(登錄率84.6%)``: the rate is the figure before it over its whole."""
    findings = []
    for i, rate in enumerate(s.quantities):
        before = s.before(rate)
        if rate.unit != "%" or not _RATE_LABEL.search(before) or _CHANGE_RATE.search(before):
            continue
        if rate.qualifier in ("約", "近", "將近"):
            continue
        counts = [q for q in s.quantities[:i] if q.unit != "%"]
        part = _part_of(s, rate, counts)
        if part is None:
            continue
        same = [q for q in counts[: counts.index(part)] if q.unit == part.unit]
        totals = [q for q in same if _is_total(s, q) and q.value >= part.value]
        whole = totals[-1] if totals else (same[0] if same else None)
        if whole is None or whole.value <= 0 or whole.value < part.value:
            continue
        computed = 100 * part.value / whole.value
        decimals = len(rate.raw.split(".")[1].rstrip("%以上下")) if "." in rate.raw else 0
        if _rate_agrees(computed, rate.value, rate.qualifier, decimals):
            continue
        expected = f"{computed:.{max(decimals, 1)}f}"
        findings.append(_finding(
            s, number(rate.value), expected,
            _(
                "「{raw}」 is stated, but {part} of {whole} {unit} is {expected}%."
            ).format(
                raw=rate.raw, part=number(part.value), whole=number(whole.value), unit=part.unit, expected=expected,
            ),
            rate.raw,
        ))
    return findings


def _part_of(s: Sentence, rate: Quantity, counts: list[Quantity]) -> Quantity | None:
    """The figure a rate is of: the one whose words the rate's repeat (`網路申辦47,906批，…，
    網路申辦率99.98%`), the most of them; else the figure it is printed beside, in brackets
    (`合計88站(登錄率84.6%)`); else none (`回收有效問卷150份，整體滿意率92.5%` is no rate of it)."""
    words = _RATE_LABEL.sub("", _label(s, rate))
    best, shared = None, 1
    for q in counts:
        common = _common_length(words, _label(s, q))
        if common >= shared:
            best, shared = q, common
    if best is not None:
        return best
    if counts and _BESIDE.match(s.between(counts[-1], rate)):
        return counts[-1]
    return None


def _label(s: Sentence, q: Quantity) -> str:
    """The words right before a figure, back to a punctuation mark or the figure before it,
    without the words that only lead to a figure (共計, 計, 達…)."""
    previous = max((p.end for p in s.quantities if p.end <= q.start), default=0)
    words = _LABEL_BREAK.split(s.text[previous : q.start])[-1]
    return _LEADS_TO_FIGURE.sub("", words)


def _common_length(a: str, b: str) -> int:
    """The length of the longest run of characters ``a`` and ``b`` share."""
    if not a or not b:
        return 0
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return int(match.size)


def _rate_agrees(computed: float, printed: float, qualifier: str, decimals: int) -> bool:
    if qualifier in ("以上", "達", "逾", "超過", "至少"):
        return computed >= printed - QUANTITY_EQUAL
    if qualifier in ("以下", "以內", "不到", "未滿"):
        return computed <= printed + QUANTITY_EQUAL
    return abs(computed - printed) <= rate_tolerance(decimals)


def stated_products(s: Sentence) -> list[Finding]:
    """``498天次(249天×2次)``: the result beside its product."""
    findings = []
    qs = s.quantities
    for a, b, c in zip(qs, qs[1:], qs[2:], strict=False):
        if not (_PRODUCT.match(s.between(a, b)) and _TIMES.match(s.between(b, c))):
            continue
        product = b.value * c.value
        if abs(product - a.value) > QUANTITY_EQUAL:
            findings.append(_finding(
                s, number(a.value), number(product),
                _(
                    "「{raw}」 is stated beside {factor}×{times}, which is {product}."
                ).format(raw=a.raw, factor=b.raw, times=c.raw, product=number(product)),
                a.raw,
            ))
    return findings


SENTENCE_CHECKS: tuple[Callable[[Sentence], list[Finding]], ...] = (
    listed_parts, stated_totals, stated_rates, stated_products,
)


def arithmetic_mismatches(extraction: Extraction, rubric: Rubric) -> list[Finding]:
    """Every narrative sentence whose own figures disagree (``arithmetic_mismatch``, a warning)."""
    return [f for row in extraction.indicators for s in sentences(row) for check in SENTENCE_CHECKS for f in check(s)]
