"""pdfplumber's text extraction with its default settings, written out for upright text.

Every cell of a table and the text around the tables are put together from characters by
pdfplumber's ``extract_text`` and ``extract_text_lines``. Their generality (any direction,
options, a text map searched with a regular expression) costs more than most pages'
characters. The steps here are pdfplumber's, in its order and with its tests (``WordExtractor``,
``cluster_objects``, ``WordMap.to_textmap``, ``TextMap.search``):

* the characters clustered into lines by ``top`` (``cluster_list``: each distinct top within
  ``Y_TOLERANCE`` of the one before it), each line sorted by ``x0``;
* a word ended by a blank, a gap past ``X_TOLERANCE``, a step back or a drift in ``top``;
  ligatures expanded;
* the words clustered into lines again by their tops, joined by spaces.

A turned character or one without text is left to pdfplumber itself (``None``): pdfplumber
groups the characters by direction first, and makes a character without text a word of its own.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, NamedTuple, TypeVar

from pdfplumber.utils.text import DEFAULT_X_TOLERANCE, DEFAULT_Y_TOLERANCE, LIGATURES

Char = dict[str, Any]
#: pdfplumber's defaults: the gap that starts a word, the drift that starts a line.
X_TOLERANCE = DEFAULT_X_TOLERANCE
Y_TOLERANCE = DEFAULT_Y_TOLERANCE


class Word(NamedTuple):
    top: float
    text: str
    chars: list[Char]


def upright_words(
    chars: list[Char], x_tolerance: float = X_TOLERANCE, y_tolerance: float = Y_TOLERANCE,
) -> list[Word] | None:
    """The words of ``chars`` in pdfplumber's order; None where pdfplumber must make them."""
    if not all(c["upright"] and c["text"] for c in chars):
        return None
    words: list[Word] = []
    for line in clusters_of(chars, [c["top"] for c in chars], y_tolerance):
        current: list[Char] = []
        for char in sorted(line, key=_X0):
            if char["text"].isspace():
                _close(current, words)
                current = []
                continue
            if current:
                prev = current[-1]
                if (char["x0"] < prev["x0"] or char["x0"] > prev["x1"] + x_tolerance
                        or abs(char["top"] - prev["top"]) > y_tolerance):
                    _close(current, words)
                    current = []
            current.append(char)
        _close(current, words)
    return words


def word_dicts(words: list[Word]) -> list[dict[str, Any]]:
    """``extract_words``: each word as pdfplumber's dict (``WordExtractor.merge_chars``)."""
    found = []
    for word in words:
        chars = word.chars
        if len(chars) == 1:
            (c,) = chars
            x0, x1, top, bottom = c["x0"], c["x1"], c["top"], c["bottom"]
        else:
            x0, x1 = min(c["x0"] for c in chars), max(c["x1"] for c in chars)
            top, bottom = word.top, max(c["bottom"] for c in chars)
        found.append({
            "text": word.text, "x0": x0, "x1": x1, "top": top, "doctop": top + (chars[0]["doctop"] - chars[0]["top"]),
            "bottom": bottom, "upright": chars[0]["upright"], "height": bottom - top, "width": x1 - x0,
            "direction": "ltr",
        })
    return found


def text(words: list[Word]) -> str:
    """``extract_text``: the words clustered into lines, in the clusters' order."""
    return "\n".join(" ".join(w.text for w in line) for line in clusters_of(words, [w.top for w in words]))


def text_lines(words: list[Word]) -> list[dict[str, Any]]:
    """``extract_text_lines(return_chars=False)``: each line's text and box. Here the lines are
    runs of words in one cluster, in the words' order (``preserve_order``), as the text map
    makes them."""
    if not words:
        return []
    cluster = _cluster_numbers([w.top for w in words])
    lines: list[list[Word]] = []
    last = None
    for word in words:
        number = cluster[word.top]
        if lines and number == last:
            lines[-1].append(word)
        else:
            lines.append([word])
        last = number
    found = []
    for line in lines:
        chars = [c for w in line for c in w.chars]
        found.append({
            "text": " ".join(w.text for w in line),
            "x0": min(c["x0"] for c in chars), "top": min(c["top"] for c in chars),
            "x1": max(c["x1"] for c in chars), "bottom": max(c["bottom"] for c in chars),
        })
    return found


def _close(word: list[Char], words: list[Word]) -> None:
    """A finished word (``WordExtractor.merge_chars``)."""
    if word:
        letters = "".join(str(LIGATURES.get(c["text"], c["text"])) for c in word)
        words.append(Word(min(c["top"] for c in word), letters, word))


_X0 = itemgetter("x0")  # pdfplumber sorts a line by (x0, x0): the same order, the sort being stable


T = TypeVar("T")


def _cluster_numbers(tops: list[float], tolerance: float = Y_TOLERANCE) -> dict[float, int]:
    """``make_cluster_dict``: each distinct top's cluster, a new one where a top is more than
    ``tolerance`` below the one before it."""
    numbers: dict[float, int] = {}
    number, last = 0, None
    for top in sorted(set(tops)):
        if last is not None and top > last + tolerance:
            number += 1
        numbers[top] = number
        last = top
    return numbers


def clusters_of(items: list[T], tops: list[float], tolerance: float = Y_TOLERANCE) -> list[list[T]]:
    """``cluster_objects(items, top, tolerance)``: the clusters in order of their tops, each
    item in its own order within its cluster."""
    numbers = _cluster_numbers(tops, tolerance)
    grouped: list[list[T]] = [[] for _ in range(max(numbers.values(), default=-1) + 1)]
    for item, top in zip(items, tops, strict=True):
        grouped[numbers[top]].append(item)
    return grouped
