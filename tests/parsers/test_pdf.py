"""PDF reading details (parsers.pdf) on tiny PDFs drawn with reportlab."""

from __future__ import annotations

from pathlib import Path

import pytest

from parsers.pdf import parse

pytest.importorskip("reportlab")

from tests.parsers.drawing import draw


def test_text_drawn_twice_for_bold_reads_once(tmp_path: Path) -> None:
    path = draw(tmp_path / "bold.pdf", [(100, [(60, "小計 170 分"), (60, "小計 170 分")]), (130, [(60, "正文")])])
    texts = [p.text for p in parse(path).paragraphs]
    assert texts == ["小計 170 分", "正文"]


def test_text_drawn_once_is_left_alone_and_page_numbers_dropped(tmp_path: Path) -> None:
    path = draw(tmp_path / "plain.pdf", [(100, [(60, "得分：85")]), (130, [(60, "得分：85")]), (800, [(290, "- 3 -")])])
    assert [p.text for p in parse(path).paragraphs] == ["得分：85", "得分：85"]
