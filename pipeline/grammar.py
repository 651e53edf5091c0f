"""The small grammars that read figures out of printed cells and lines.

Every function takes printed text and works on its normalized key (``pipeline.text.key``), so
`得 分：８５`, `得分:85分` and `得分 85` all read as 85. They return ``None`` rather than guess
when the text does not say.

The labels (得分, 小計, 總分, 等第…) and the grade letters are the rubric's (``Vocabulary``), so the
grammars are built per rubric: ``Grammar.of(rubric)``, built once and kept. ``to_number`` needs
no words and stands alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

import regex

from pipeline.numerals import SMALL_NUMERAL_CHARS, chinese_number
from pipeline.text import FOOTNOTE_MARK, key, nfkc
from pipeline.vocabulary import Vocabulary

_NUM = r"-?\d+(?:,\d{3})*(?:\.\d+)?"
_SPLIT_DIGITS = regex.compile(r"\d[ \t\u00a0\n]+\d")
#: Footnote marks after a figure (`845¹`, `85分①`: ``pipeline.text.footnote_marks``; `845*`,
#: `845※`, `845†`).
_MARKS = rf"[{FOOTNOTE_MARK}*※†‡]*"
_PLAIN = regex.compile(rf"^(?P<v>{_NUM}){_MARKS}分?{_MARKS}(?:\(?註\d*\)?)?$")
#: A figure as one line prints it: digits, with thousands separators where it has them.
_WHOLE_FIGURE = regex.compile(r"\d{1,3}(?:,\d{3})+|\d+")
_DIGIT_LINE = regex.compile(r"[\d,]+")
_SMALL = SMALL_NUMERAL_CHARS
#: A line giving the score of the item above is at most this long, naming at most this much.
_SCORE_LINE_LENGTH = 20
_SCORE_LINE_NAME = 4
#: How many characters may name the dimension before a 小計 label (`評核構面二小計`).
_SUBTOTAL_PREFIX = 6
_NUMBERING = regex.compile(rf"^(?:[{_SMALL}]+[、.]|\d+[.、)]|\(\d+\)|\([{_SMALL}]+\))")


def to_number(text: str) -> float | None:
    """A plain figure (`845`, `１７０分`, `47,914`, `845¹` with its footnote mark), or None when
    the text is more than that.

    Two figures side by side (`170 248`, two columns read as one cell) are not one number:
    a wrong figure is worse than none, so digits separated by a space give None; a figure a
    narrow cell wrapped over lines is read whole (``_wrapped_figure``).
    """
    flat = nfkc(text)
    if _SPLIT_DIGITS.search(flat):
        wrapped = _wrapped_figure(flat)
        if wrapped is None:
            return None
        text = wrapped
    m = _PLAIN.match(key(text))
    return _value(m.group("v")) if m else None


def _wrapped_figure(flat: str) -> str | None:
    """A figure a narrow cell wrapped over lines (`8` / `4` / `5`, `1,00` / `0`), joined; None
    for anything else, such as two figures on two lines (`170` / `248`).

    Lines are taken as one figure only when they cannot be figures each: every line but the
    last a single digit, or a line whose thousands separators are misplaced on its own."""
    lines = [line.strip() for line in flat.splitlines() if line.strip()]
    digits = [regex.sub(r"[^\d,]+$", "", line) if i == len(lines) - 1 else line for i, line in enumerate(lines)]
    if len(lines) < 2 or not all(_DIGIT_LINE.fullmatch(d) for d in digits):
        return None
    if all(len(d) == 1 for d in digits[:-1]) or not all(_WHOLE_FIGURE.fullmatch(d) for d in digits):
        return "".join(lines)
    return None


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of printed words, compared as keys, longest first (自評得分 before 自評)."""
    return "|".join(regex.escape(w) for w in sorted({key(w) for w in words}, key=lambda w: (-len(w), w)))


class Grammar:
    """The grammars of one vocabulary and set of grade letters."""

    def __init__(self, vocabulary: Vocabulary, grades: tuple[str, ...]) -> None:
        self.vocabulary = vocabulary
        # a score label whose figure is not one kaohe reads (`得分：八十五`, `得分：`), and what follows it
        self._unread_score = regex.compile(rf"(?:{alternation(vocabulary.score_labels)}).*$", regex.DOTALL)
        maxima = rf"(?:{alternation(vocabulary.max_labels)})?" if vocabulary.max_labels else ""
        self._max = regex.compile(rf"[(\[]{maxima}(?P<v>{_NUM})分[)\]]")
        # the maximum may stand between a label and its figure: `小計(300分) 248分`
        of_max = rf"(?:[(\[]{maxima}{_NUM}分[)\]])?"
        self._score = regex.compile(rf"(?:{alternation(vocabulary.score_labels)}){of_max}[:：]?(?P<v>{_NUM})分?")
        self._subtotal = regex.compile(
            rf"(?:{alternation(vocabulary.subtotal_labels)}){of_max}[:：]?(?P<v>{_NUM})分?"
        )
        self._total = regex.compile(rf"(?:{alternation(vocabulary.total_labels)}){of_max}[:：]?(?P<v>{_NUM})分?")
        suffix = alternation(vocabulary.grade_suffixes)
        self._grades = {key(g): g for g in grades}
        self._grade = regex.compile(
            rf"^(?:(?:{alternation(vocabulary.grade_labels)})[:：]?)?(?P<g>{alternation(grades)})"
            + (rf"(?:{suffix})?" if suffix else "")
            + r"(?:\([^()]*\))?$"  # with its band after it: `甲（800-899分）`
        )
        self._heading = regex.compile(rf"(?:{alternation(vocabulary.dimension_words)})(?P<n>[{_SMALL}]+|\d+)")
        self._subtotal_keys = tuple(key(w) for w in vocabulary.subtotal_labels)
        self._dimension_keys = tuple(key(w) for w in vocabulary.dimension_words)
        self._subtotal_after = regex.compile(
            rf"^(?P<prefix>\p{{Han}}{{1,{_SUBTOTAL_PREFIX}}}?)(?:{alternation(vocabulary.subtotal_labels)})"
        )

    @staticmethod
    @cache
    def of(vocabulary: Vocabulary, grades: tuple[str, ...]) -> Grammar:
        """The grammar of a vocabulary and grade letters, built once per pair."""
        return Grammar(vocabulary, grades)

    def score_in(self, text: str) -> float | None:
        """The 得分 written in a cell or line (`得分：85`, `自評分數 85分`)."""
        m = self._score.search(key(text))
        return _value(m.group("v")) if m else None

    def score_line(self, text: str) -> float | None:
        """The score of a short line of its own that gives the item above its score and names
        nothing itself but a word such as 本項 (`本項得分：85分`); None for anything longer (a
        narrative sentence that says 得分 gives no score)."""
        if len(key(text)) > _SCORE_LINE_LENGTH or len(self.name_part(text)) > _SCORE_LINE_NAME:
            return None
        return self.score_in(text)

    def has_score(self, text: str) -> bool:
        return self._score.search(key(text)) is not None

    def max_in(self, text: str) -> float | None:
        """The maximum written after a name: `(100分)`, `（100 分）`."""
        m = self._max.search(key(text))
        return _value(m.group("v")) if m else None

    def subtotal_in(self, text: str) -> float | None:
        """The figure of a 小計 line (`小計 170 分`, `小計：176分`)."""
        m = self._subtotal.search(key(text))
        return _value(m.group("v")) if m else None

    def is_subtotal(self, text: str) -> bool:
        """Whether a line or cell is a 小計 line: it begins with a 小計 label, or names its
        dimension first (`評核構面二小計：248分`, `本構面小計 165 分`)."""
        k = key(text)
        if k.startswith(self._subtotal_keys):
            return True
        m = self._subtotal_after.match(k)
        return m is not None and any(w in m.group("prefix") for w in self._dimension_keys)

    def total_in(self, text: str) -> float | None:
        m = self._total.search(key(text))
        return _value(m.group("v")) if m else None

    def grade_in(self, text: str) -> str | None:
        """A 等第 cell: one of the rubric's grades, optionally written `甲等` or `等第：甲`."""
        m = self._grade.match(key(text))
        return self._grades[m.group("g")] if m else None

    def name_part(self, text: str) -> str:
        """The item name of an item cell, without its maximum, its score or a list number.

        A 得分 that cannot be read goes too, label and all: the row is still the item's row, and
        matching it keeps kaohe from calling the item missing when only its score is unread.
        """
        k = key(text)
        k = self._score.sub("", k)
        k = self._max.sub("", k)
        k = self._unread_score.sub("", k)
        k = _NUMBERING.sub("", k)
        return k.strip(":：、.。,，")

    def heading_dimension(self, text: str) -> int | None:
        """The dimension number a heading names (`評核構面三`, `構面五(開放創新)`), if any."""
        m = self._heading.search(key(text))
        if not m:
            return None
        n = m.group("n")
        return int(n) if n.isdigit() else chinese_number(n)


def _value(text: str) -> float:
    return float(text.replace(",", ""))
