"""pipeline.grammar: each small grammar on the phrasings reports print, and on text it must refuse."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.grammar import to_number
from pipeline.rubric import load_rubric

GRAMMAR = load_rubric().grammar
grade_in, heading_dimension, max_in = GRAMMAR.grade_in, GRAMMAR.heading_dimension, GRAMMAR.max_in
name_part, score_in, subtotal_in, total_in = GRAMMAR.name_part, GRAMMAR.score_in, GRAMMAR.subtotal_in, GRAMMAR.total_in


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("得分：85", 85),
        ("得分:85分", 85),
        ("得 分：85", 85),
        ("得分 85", 85),
        ("得分：８５", 85),
        ("自評分數 88", 88),
        ("自評得分：90分", 90),
        ("得分：84.5", 84.5),
        ("服務一致及正確性\n(100分)\n得分：85", 85),
        ("服務一致及正確性 (100分) 得分：85", 85),
        ("服務一致及正確性 (100分)", None),
        ("得分：", None),
        ("服務友善性", None),
        ("", None),
    ],
    ids=[
        "fullwidth-colon",
        "ascii-colon-with-fen",
        "spaced-label",
        "space-no-colon",
        "fullwidth-digits",
        "self-evaluation-label",
        "self-score-label",
        "decimal",
        "seed-cell-with-line-breaks",
        "after-name-and-max",
        "max-is-not-a-score",
        "label-without-figure",
        "name-only",
        "empty",
    ],
)
def test_score_in(text: str, expected: float | None) -> None:
    assert score_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(100分)", 100),
        ("（100 分）", 100),
        ("(50分)", 50),
        ("開放參與 (50分) 得分：43", 50),
        ("(滿分100分)", 100),
        ("100分", None),
        ("得分：85", None),
    ],
    ids=["ascii", "fullwidth-spaced", "fifty", "in-item-cell", "with-manfen", "no-parentheses", "score-only"],
)
def test_max_in(text: str, expected: float | None) -> None:
    assert max_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("小計 170 分", 170),
        ("小計：176分", 176),
        ("小 計 85", 85),
        ("小計：１６５ 分", 165),
        ("小計", None),
        ("總分 845", None),
    ],
    ids=["seed-line", "fullwidth-colon", "spaced-label", "fullwidth-digits", "label-only", "total-is-not-subtotal"],
)
def test_subtotal_in(text: str, expected: float | None) -> None:
    assert subtotal_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("總 分 845", 845), ("總分：845分", 845), ("合計 1,000", 1000), ("小計 170", None)],
    ids=["spaced", "colon-and-fen", "heji-with-comma", "subtotal-is-not-total"],
)
def test_total_in(text: str, expected: float | None) -> None:
    assert total_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("甲", "甲"),
        ("甲等", "甲"),
        ("等第：優", "優"),
        ("等 第: 丁", "丁"),
        (" 乙 ", "乙"),
        ("A", None),
        ("", None),
        ("甲乙", None),
        ("優=900 分以上；甲=899-800 分", None),
    ],
    ids=["bare", "with-deng", "labelled", "labelled-spaced", "padded", "latin", "empty", "two-grades", "legend-line"],
)
def test_grade_in(text: str, expected: str | None) -> None:
    assert grade_in(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("845", 845),
        ("１７０", 170),
        ("47,914", 47914),
        ("170分", 170),
        (" 85 ", 85),
        ("84.5", 84.5),
        ("abc", None),
        ("", None),
        ("170 248", None),
        ("得分：85", None),
        ("110/01 110/12", None),
    ],
    ids=[
        "plain",
        "fullwidth",
        "thousands",
        "with-fen",
        "padded",
        "decimal",
        "letters",
        "empty",
        "two-figures",
        "labelled",
        "year-month-range",
    ],
)
def test_to_number(text: str, expected: float | None) -> None:
    assert to_number(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("評核構面一(基礎服務)(200分)", 1),
        ("構面三(服務量能)", 3),
        ("構面五(開放創新)(100分)", 5),
        ("評核構面十", 10),
        ("評核構面十二", 12),
        ("評核構面二十", 20),
        ("構面 5", 5),
        ("評 核 構 面 四", 4),
        ("一、計畫依據", None),
        ("二、執行策略及方法", None),
        ("基礎服務", None),
    ],
    ids=[
        "seed-heading",
        "without-pinghe",
        "with-max",
        "ten",
        "twelve",
        "twenty",
        "arabic-spaced",
        "spaced-heading",
        "numbered-section",
        "other-section",
        "dimension-name-only",
    ],
)
def test_heading_dimension(text: str, expected: int | None) -> None:
    assert heading_dimension(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("服務一致及正確性 (100分) 得分：85", "服務一致及正確性"),
        ("服務友善性\n(100分)\n得分：85", "服務友善性"),
        ("1.服務友善性（100分）", "服務友善性"),
        ("2. 服務可近性", "服務可近性"),
        ("一、服務便捷性", "服務便捷性"),
        ("(一)開放參與(50分)得分:43", "開放參與"),
        ("(2)創新服務", "創新服務"),
        ("积极回应民众意见 (100分)", "積極回應民眾意見"),
        ("服務可近性：(100分)得分：82", "服務可近性"),
        ("得分：85", ""),
        ("(100分)", ""),
        ("服務便捷性\n(100分)\n得分：", "服務便捷性"),
        ("服務便捷性 (100分) 得分：八十五分以上", "服務便捷性"),
        ("得分：八十五", ""),
    ],
    ids=[
        "seed-cell",
        "seed-cell-line-breaks",
        "arabic-numbering",
        "arabic-numbering-spaced",
        "chinese-numbering",
        "parenthesized-chinese-numbering",
        "parenthesized-arabic-numbering",
        "simplified",
        "trailing-colon",
        "score-only",
        "max-only",
        "empty-score",
        "unread-score",
        "unread-score-only",
    ],
)
def test_name_part(text: str, expected: str) -> None:
    assert name_part(text) == expected


def test_score_written_as_self_assessment() -> None:
    assert score_in("服務友善性(100分)\n自評：86分") == 86
    assert score_in("自評 90") == 90


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("小計 170 分", True),
        ("小計：176分", True),
        ("評核構面二小計：248分", True),
        ("本構面小計 165 分", True),
        ("構面五小計85分", True),
        ("本分局小計共辦理3場", False),
        ("服務一致及正確性小計", False),
        ("合計 845", False),
    ],
)
def test_subtotal_lines_in_the_wordings_reports_use(text: str, expected: bool) -> None:
    assert GRAMMAR.is_subtotal(text) is expected


def test_a_subtotal_line_that_names_its_dimension_gives_its_figure() -> None:
    assert subtotal_in("評核構面二小計：248分") == 248


@pytest.mark.parametrize(
    ("read", "text", "expected"),
    [
        (score_in, "得分：85¹", 85),
        (score_in, "得分：85①", 85),
        (score_in, "得分：84.5²", 84.5),
        (score_in, "得分：85分³", 85),
        (subtotal_in, "小計 248³ 分", 248),
        (total_in, "總分：845¹", 845),
        (to_number, "845¹", 845),
        (to_number, "845②", 845),
        (to_number, "170分¹", 170),
        (to_number, "248³ 分", 248),
        (to_number, "47,914¹", 47914),
    ],
    ids=[
        "score-superscript", "score-circled", "score-decimal", "score-after-fen", "subtotal-before-fen",
        "total", "cell-superscript", "cell-circled", "cell-after-fen", "cell-before-fen", "cell-thousands",
    ],
)
def test_a_footnote_mark_after_a_figure_is_not_one_of_its_digits(
    read: Callable[[str], float | None], text: str, expected: float
) -> None:
    """Folded by NFKC, `得分：85¹` read 851: a score out of range and five false mismatches."""
    assert read(text) == expected


@pytest.mark.parametrize(
    ("read", "text", "expected"),
    [
        (to_number, "845*", 845.0), (to_number, "845※", 845.0), (to_number, "845 †", 845.0),
        (GRAMMAR.grade_in, "甲（800-899分）", "甲"), (GRAMMAR.grade_in, "甲等(800~899分)", "甲"),
        (GRAMMAR.subtotal_in, "小計(300分) 248 分", 248.0), (GRAMMAR.total_in, "總分（1000分）：845", 845.0),
        (GRAMMAR.score_in, "得分(100分)：85", 85.0),
    ],
    ids=["star", "kome", "dagger", "grade-band", "grade-suffix-band", "subtotal-max", "total-max", "score-max"],
)
def test_figures_printed_with_a_mark_or_their_maximum_or_band_are_read(
    read: Callable[[str], object], text: str, expected: object
) -> None:
    """Printed so, a figure was left unread without the report being marked partial for it,
    so a wrong one went unchecked."""
    assert read(text) == expected


def test_a_maximum_alone_is_no_figure() -> None:
    assert GRAMMAR.subtotal_in("小計(300分)") is None and GRAMMAR.score_in("得分(100分)") is None
    assert GRAMMAR.grade_in("甲乙") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("８\n４\n５", 845.0), ("1,00\n0", 1000.0), ("8\n4\n5分", 845.0), ("845註1", 845.0), ("845(註1)", 845.0),
     ("170\n248", None), ("1,000\n2,000", None), ("170 248", None)],
    ids=["digit-a-line", "thousands-wrapped", "with-fen", "note", "note-bracketed", "two-figures",
         "two-figures-thousands", "two-columns"],
)
def test_a_figure_wrapped_by_a_narrow_cell_is_read_whole_two_figures_are_not(text: str, expected: float | None) -> None:
    assert to_number(text) == expected
