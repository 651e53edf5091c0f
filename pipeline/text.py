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

#: CJK radical forms that PDF text extraction returns for whole characters (Chromium's PDFs
#: print 民 as ⺠ and 長 as ⻑) and that NFKC leaves alone (it folds only the Kangxi radicals).
_RADICALS = str.maketrans(
    "⺠⻑⻄⻅⻋⻓⻔⻘⻙⻚⻛⻜⻝⻢⻥⻦⻨⻩⻬⻮⻰⻳⻗⻣⻤⺟⺩",
    "民長西见车长门青韦页风飞食马鱼鸟麦黄齐齿龙龟雨骨鬼母王",
)

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
    radical forms to the characters they stand for (⺠ → 民)."""
    return unicodedata.normalize("NFKC", text).translate(_RADICALS)


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
