"""The words a rubric's reports print around their figures, as data from the rubric file.

Header words (評核項目, 主辦單位…), score labels (得分, 自評…), the 小計 / 總分 / 等第 words and the
grade letters differ between agencies and years, so they are not code: each rubric file has a
``[vocabulary]`` table. Every key it leaves out is taken from the vocabulary of the rubric that
ships with kaohe (``rubrics/110.toml``), so a rubric for another agency lists only the words that
differ. Parsers receive a ``Vocabulary`` too: telling a header row from a data row, or where a
row begins in a table without rules, needs the same words.

This module holds no words of its own: the defaults are read from the default rubric file.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from functools import cache
from pathlib import Path
from typing import Any

from pipeline.errors import RubricError
from pipeline.i18n import _

DEFAULT_RUBRIC = Path(__file__).with_name("rubrics") / "110.toml"


@dataclass(frozen=True)
class Vocabulary:
    """Each field is a list of printed words, canonical first (messages use the first)."""

    #: Column heads of the item column (評核項目…), of the indicator and sub-indicator columns,
    #: of the units responsible, and of the narrative (執行績效與成果…).
    item_headers: tuple[str, ...]
    indicator_headers: tuple[str, ...]
    sub_indicator_headers: tuple[str, ...]
    unit_headers: tuple[str, ...]
    result_headers: tuple[str, ...]
    #: A header that ends with one of these is the narrative column when no result header is exact.
    result_header_endings: tuple[str, ...]
    #: Column heads of a score column, and the labels written before a score in a cell or line.
    score_headers: tuple[str, ...]
    score_labels: tuple[str, ...]
    #: Labels of a maximum (`(滿分100分)`) and of a row or column that prints the maxima.
    max_labels: tuple[str, ...]
    subtotal_labels: tuple[str, ...]
    total_labels: tuple[str, ...]
    grade_labels: tuple[str, ...]
    #: Column heads of averages, which only tables other than the rubric's print (appendices).
    average_labels: tuple[str, ...]
    #: Written after a grade letter (`甲等`).
    grade_suffixes: tuple[str, ...]
    #: A dimension heading is one of these and its number (`評核構面三`, `構面 5`).
    dimension_words: tuple[str, ...]
    #: The head over the dimension columns of a summary table.
    summary_headers: tuple[str, ...]
    #: Further words a header row prints that none of the lists above holds.
    other_headers: tuple[str, ...]
    #: Parts of a header over free text (narrative, notes): a row that continues there may start
    #: with a list number without starting a new row.
    free_text_header_parts: tuple[str, ...]
    #: What a title says after the year (`110年度提升服務效能…`), whole or as its ending.
    title_words: tuple[str, ...]
    title_endings: tuple[str, ...]
    #: The label of the unit under review in the summary (`受考核單位：基隆分局`).
    under_review_labels: tuple[str, ...]

    @property
    def header_words(self) -> frozenset[str]:
        """Every word a rubric table's header row prints (and a summary turned on its side)."""
        return frozenset(
            (*self.item_headers, *self.indicator_headers, *self.sub_indicator_headers, *self.unit_headers,
             *self.result_headers, *self.score_headers, *self.dimension_words, *self.max_labels,
             *self.other_headers)
        )

    @property
    def row_labels(self) -> tuple[str, ...]:
        """Labels that always begin a row of their own: 小計, 總分, 等第…"""
        return (*self.subtotal_labels, *self.total_labels, *self.grade_labels)

    @property
    def subtotal(self) -> str:
        return self.subtotal_labels[0]

    @property
    def total(self) -> str:
        return self.total_labels[0]

    @property
    def grade(self) -> str:
        return self.grade_labels[0]

    @property
    def score(self) -> str:
        return self.score_labels[0]


_NAMES = tuple(f.name for f in fields(Vocabulary))


def build_vocabulary(table: dict[str, Any], source: str, base: Vocabulary | None) -> Vocabulary:
    """A vocabulary from a rubric file's ``[vocabulary]`` table; keys it lacks come from ``base``."""
    unknown = sorted(set(table) - set(_NAMES))
    if unknown:
        raise RubricError(_(
            "rubric file {source}: unknown vocabulary key(s) {unknown}"
        ).format(source=source, unknown=', '.join(unknown)))
    values: dict[str, tuple[str, ...]] = {}
    for name in _NAMES:
        if name in table:
            words = table[name]
            if not isinstance(words, list) or not all(isinstance(w, str) and w.strip() for w in words):
                raise RubricError(_(
                    "rubric file {source}: vocabulary {name} must be a list of words"
                ).format(source=source, name=name))
            values[name] = tuple(w.strip() for w in words)
        elif base is not None:
            values[name] = getattr(base, name)
        else:
            raise RubricError(_("rubric file {source}: vocabulary {name} is missing").format(source=source, name=name))
    for name in ("item_headers", "score_labels", "subtotal_labels", "total_labels", "grade_labels", "dimension_words"):
        if not values[name]:
            raise RubricError(_(
                "rubric file {source}: vocabulary {name} needs at least one word"
            ).format(source=source, name=name))
    return Vocabulary(**values)


@cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary of the rubric that ships with kaohe: the defaults of every other rubric."""
    try:
        data = tomllib.loads(DEFAULT_RUBRIC.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:  # a broken installation, not a user's file
        raise RubricError(_("the default rubric {name} cannot be read: {exc}")
            .format(name=DEFAULT_RUBRIC.name, exc=exc)) from exc
    return build_vocabulary(data.get("vocabulary", {}), DEFAULT_RUBRIC.name, None)
