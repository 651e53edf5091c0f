"""parsers.pdf_superscripts: which digits of a page are set as superscripts after a figure."""

from __future__ import annotations

from typing import Any

import pytest

from parsers.pdf_superscripts import mark_superscripts


def _char(text: str, x0: float, size: float = 10.0, rise: float = 0.0, upright: bool = True) -> dict[str, Any]:
    """A character on the line whose full-size glyphs' bottom is at 100 (y from the top)."""
    bottom = 100.0 - rise
    return {"text": text, "x0": x0, "x1": x0 + 0.55 * size, "top": bottom - size, "bottom": bottom,
            "size": size, "upright": upright}


def _read(chars: list[dict[str, Any]]) -> str:
    mark_superscripts(chars)
    return "".join(c["text"] for c in chars)


def test_a_run_of_superscripts_after_a_figure() -> None:
    chars = [_char("8", 0), _char("5", 5.5), _char("1", 11, 6, 4), _char("2", 14.3, 6, 4)]
    assert _read(chars) == "85¹²"


def test_a_superscript_drawn_twice_for_bold() -> None:
    chars = [_char("8", 0), _char("5", 5.5), _char("1", 11, 6, 4), _char("1", 11, 6, 4)]
    assert _read(chars) == "85¹¹"


def test_a_superscript_after_full_width_digits() -> None:
    chars = [_char("８", 0), _char("５", 5.5), _char("１", 11, 6, 4)]
    assert _read(chars) == "８５¹"


@pytest.mark.parametrize(
    "chars",
    [
        [_char("得", 0), _char("1", 10, 6, 4)],
        [_char("8", 0), _char("5", 5.5), _char(" ", 11), _char("1", 14, 6, 4)],
        [_char("8", 0), _char("5", 5.5), _char("1", 30, 6, 4)],
        [_char("8", 0), _char("5", 5.5), _char("1", 11, 6, 12)],
        [_char("8", 0), _char("5", 5.5, upright=False), _char("1", 11, 6, 4)],
    ],
    ids=["after-a-character", "after-a-space", "far-to-the-right", "above-the-line", "turned"],
)
def test_a_small_raised_digit_not_right_after_a_figure_stays_a_digit(chars: list[dict[str, Any]]) -> None:
    before = [c["text"] for c in chars]
    assert _read(chars) == "".join(before)
