"""The rubric's words as the PDF layout readers use them, compiled once per vocabulary.

Where a table without rules begins, whether a page's first row is a repeated header or the
rest of a row cut by the break: these are decided from the words a rubric table prints
(``pipeline.vocabulary``), compared as normalized keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import regex

from pipeline.grammar import alternation
from pipeline.text import key
from pipeline.vocabulary import Vocabulary, default_vocabulary


@dataclass(frozen=True)
class LayoutWords:
    #: Every word of a rubric table's header row (and of a summary turned on its side).
    header_words: frozenset[str]
    #: Parts of a header over free text (主辦單位, 執行績效與成果, 備註…).
    free_text_parts: tuple[str, ...]
    #: A score or maximum written in a cell (`得分：85`, `自評：88`, `(100分)`).
    scored: regex.Pattern[str]
    #: Labels that always begin a row of their own (小計, 總分, 等第…).
    row_labels: tuple[str, ...]
    #: The head over a summary table's dimension columns, and its 總分 and 等第 heads.
    summary_heads: tuple[str, ...]
    total: str
    grade: str


@cache
def layout_words(vocabulary: Vocabulary | None = None) -> LayoutWords:
    vocab = vocabulary or default_vocabulary()
    labels = alternation((*vocab.score_labels, *vocab.score_headers))
    return LayoutWords(
        header_words=frozenset(key(w) for w in vocab.header_words),
        free_text_parts=tuple(key(w) for w in vocab.free_text_header_parts),
        scored=regex.compile(rf"(?:{labels})[:：]?-?\d|\(\d+(?:\.\d+)?分\)"),
        row_labels=tuple(key(w) for w in vocab.row_labels),
        summary_heads=tuple(key(w) for w in vocab.summary_headers),
        total=key(vocab.total),
        grade=key(vocab.grade),
    )
