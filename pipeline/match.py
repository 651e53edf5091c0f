"""Printed names → canonical rubric entries, with rapidfuzz.

Both sides are compared on their normalized key (full-width, simplified characters and spaces
already folded), so what is left to tolerate is real variation: a typo of a character or two
(`服務友善姓`), small wording changes (`提升服務滿意度`), extra words around the name. A match
must clear a threshold and beat the runner-up by a margin, because several item names share
most of their characters (服務便捷性 / 服務可近性 / 服務友善性) and a wrong match is worse than
none: an unmatched row is shown to the auditor, a wrong one silently moves a score.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz

from pipeline.grammar import Grammar
from pipeline.text import key

T = TypeVar("T")

#: Minimum similarity (0–100) for a printed name to be taken as a rubric name.
THRESHOLD = 60.0
#: How far the best candidate must lead the second best.
MARGIN = 10.0


@dataclass(frozen=True)
class Match(Generic[T]):
    entry: T | None
    score: float
    runner_up: float


def similarity(printed: str, canonical: str) -> float:
    """0–100: edit-distance similarity, lifted when the whole canonical name is printed inside."""
    if not printed or not canonical:
        return 0.0
    score = fuzz.ratio(printed, canonical)
    if canonical in printed and len(printed) <= 2 * len(canonical):
        score = max(score, 95.0)
    return float(score)


def best_match(printed: str, entries: list[tuple[str, T]], grammar: Grammar) -> Match[T]:
    """The entry whose name (first of each pair, already a key) is most like ``printed``.

    ``printed`` is compared without its maximum, score or list number (``Grammar.name_part``)."""
    target = grammar.name_part(printed)
    scored = sorted(((similarity(target, name), i) for i, (name, _) in enumerate(entries)), reverse=True)
    if not scored:
        return Match(None, 0.0, 0.0)
    best, index = scored[0]
    runner_up = scored[1][0] if len(scored) > 1 else 0.0
    if best >= THRESHOLD and best - runner_up >= MARGIN:
        return Match(entries[index][1], round(best, 1), round(runner_up, 1))
    return Match(None, round(best, 1), round(runner_up, 1))


def keyed(names_and_entries: list[tuple[str, T]]) -> list[tuple[str, T]]:
    """Pairs with their names turned into comparison keys, ready for ``best_match``."""
    return [(key(name), entry) for name, entry in names_and_entries]
