"""Text normalization shared by every stage.

Reports arrive with full-width digits (８５), full-width punctuation (：（）), spaces that PDF
extraction puts between evenly spread CJK characters (`開 放 參 與`), line breaks inside names,
simplified characters (积极回应) and the 台/臺 variant. Matching and number parsing work on a
normalized key so that all of these compare equal; what is shown to people keeps the printed
text, with only its whitespace tidied.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

# Han ideographs and CJK punctuation; whitespace between two of these is an extraction artefact.
_CJK = r"[\p{Han}\u3000-\u303f\uff00-\uffef]"
_CJK_GAP = regex.compile(rf"(?<={_CJK})\s+(?={_CJK})")
_SPACES = regex.compile(r"[ \t\u00a0\u3000]+")
_ALL_SPACE = regex.compile(r"\s+")

#: Superscript and subscript digits and signs (¹, ², ⁺, ₁) and enclosed numbers (①, ⑴, ⒈, ⓫, ❶,
#: ➀, ㉑, ㊱, 🄁). NFKC folds most of them into plain digits, so a footnote mark printed after a
#: figure (`得分：85¹`, `85①`, a Word superscript run) would become one of its digits: 851.
_MARKS = (
    "\u00b2\u00b3\u00b9\u2070\u2074-\u207e\u2080-\u208e\u2460-\u249b\u24ea-\u24ff"
    "\u2776-\u2793\u3248-\u324f\u3251-\u325f\u32b1-\u32bf\U0001f100-\U0001f10c"
)
#: What such a mark after a figure reads as: no digit, and a character NFKC leaves alone.
FOOTNOTE_MARK = "\u204e"
#: A run of those marks right after a figure's digits (or its 分), spaces allowed between: the
#: key drops the spaces, so `85 ¹` would read 851 as well. After a letter (m², km²) or at the start
#: of a line (the list number of `①網路申辦`) they are folded as NFKC folds them.
_AFTER_FIGURE = regex.compile(rf"(?<=\p{{Nd}}分?[ \t\u00a0\u3000]*)[{_MARKS}]+")
_HAS_MARK = regex.compile(rf"[{_MARKS}]")

#: CJK radical forms that PDF text extraction returns for whole characters (Chromium's PDFs
#: print 民 as ⺠ and 長 as ⻑) and that NFKC leaves alone (it folds only the Kangxi radicals).
_RADICALS = str.maketrans(
    "⺠⻑⻄⻅⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻥⻦⻨⻩⻬⻮⻰⻳⻗⻣⻤⺟⺩",
    "民長西见车长门青韦页风飞食马鱼鸟麦黄齐齿龙龟雨骨鬼母王",
)

#: What an unmapped glyph is compared as (``nfkc``).
UNMAPPED = "\ufffd"
_UNMAPPED = regex.compile(r"\(cid:\d+\)")

# Variants OpenCC's s2tw leaves alone but Taiwanese documents write one way.
_VARIANTS = str.maketrans({"台": "臺", "着": "著", "裏": "裡", "綫": "線"})


@lru_cache(maxsize=1)
def _s2tw() -> object:
    import opencc

    return opencc.OpenCC("s2tw")


def warm() -> None:
    """Load OpenCC's dictionaries now (a tenth of a second), before the first text needs them."""
    _s2tw()


def nfkc(text: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms (８５ → 85, ：→ :), and
    radical forms to the characters they stand for (⺠ → 民); footnote marks after a figure
    (``footnote_marks``) to ``FOOTNOTE_MARK``, never to digits; a glyph the PDF's font gives
    no Unicode for (`(cid:17)`, as the PDF readers write it) to one U+FFFD, so that it counts as
    one unknown character: its own digits are never read, nor do the digits around it join."""
    if "(cid:" in text:
        text = _UNMAPPED.sub(UNMAPPED, text)
    return unicodedata.normalize("NFKC", footnote_marks(text)).translate(_RADICALS)


def footnote_marks(text: str) -> str:
    """``text`` with each superscript or enclosed number printed right after a figure (`85¹`,
    `845①`, `85分²`) replaced by ``FOOTNOTE_MARK``, one for one, so that indices still match.

    A mark is a reference to a note, not a digit: read as NFKC reads it, `得分：85¹` would give
    851, a score out of range and a false mismatch in every sum it enters."""
    if not _HAS_MARK.search(text):
        return text
    return _AFTER_FIGURE.sub(lambda m: FOOTNOTE_MARK * len(m.group()), text)


def to_traditional(text: str) -> str:
    """Simplified to Taiwan traditional characters, and the 台/臺 family to one form."""
    converter = _s2tw()
    converted: str = converter.convert(text)  # type: ignore[attr-defined]
    return converted.translate(_VARIANTS)


def tidy(text: str) -> str:
    """Printed text with its whitespace made readable: no gaps inside Chinese, single spaces."""
    text = _CJK_GAP.sub("", text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return " ".join(line for line in lines if line)


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The form two strings are compared in: NFKC, traditional, no whitespace at all."""
    return str(_ALL_SPACE.sub("", to_traditional(nfkc(text))))


def compact(text: str) -> str:
    """NFKC with all whitespace removed, for grammars that read numbers and labels."""
    return str(_ALL_SPACE.sub("", nfkc(text)))


def number(value: float) -> str:
    """A figure as people write it: `85`, `84.6`, never `85.0`."""
    return f"{value:.4f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
