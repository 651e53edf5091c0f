"""pipeline.text: the normalizations every stage compares and parses through."""

from __future__ import annotations

import pytest

from pipeline.rubric import load_rubric
from pipeline.text import compact, footnote_marks, key, nfkc, tidy, to_traditional


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("得分：８５", "得分:85"),
        ("（１００分）", "(100分)"),
        ("小計，１７０", "小計,170"),
        ("ＡＢＣ", "ABC"),
        ("得分:85", "得分:85"),
    ],
    ids=["full-width-digits-and-colon", "full-width-parentheses", "full-width-comma", "full-width-latin", "ascii-kept"],
)
def test_nfkc_folds_full_width_forms(printed: str, expected: str) -> None:
    assert nfkc(printed) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("积极回应民众意见", "積極回應民眾意見"),
        ("提升服务效能执行绩效与成果", "提升服務效能執行績效與成果"),
        ("台南分局", "臺南分局"),
        ("跨平台服務", "跨平臺服務"),
        ("綫上申辦", "線上申辦"),
        ("臺北", "臺北"),
    ],
    ids=["item-name", "report-title", "tai-variant", "tai-inside-word", "xian-variant", "already-traditional"],
)
def test_to_traditional(printed: str, expected: str) -> None:
    assert to_traditional(printed) == expected


def test_to_traditional_leaves_every_rubric_name_alone() -> None:
    rubric = load_rubric()
    names = [d.name for d in rubric.dimensions] + [i.name for i in rubric.items]
    assert [to_traditional(n) for n in names] == names


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("開 放 參 與", "開放參與"),
        ("服務一致\n及正確性", "服務一致及正確性"),
        ("  開 放\u3000參 與  ", "開放參與"),
        ("open  data\tportal", "open data portal"),
        ("委外 call center 人員", "委外 call center 人員"),
        ("ISO 9001 認 證", "ISO 9001 認證"),
        ("first line\n  second line", "first line second line"),
        ("", ""),
    ],
    ids=[
        "cjk-gaps-removed",
        "line-break-inside-name",
        "ideographic-space-and-padding",
        "latin-words-keep-one-space",
        "latin-inside-chinese",
        "digits-keep-their-space",
        "latin-lines-joined-with-space",
        "empty",
    ],
)
def test_tidy(printed: str, expected: str) -> None:
    assert tidy(printed) == expected


def test_tidy_does_not_fold_characters() -> None:
    """tidy is for display: the printed characters stay as printed, only whitespace changes."""
    assert tidy("积极 回应 得分：８５") == "积极回应得分：８５"


@pytest.mark.parametrize(
    "printed",
    ["積極回應民眾意見", "积极回应民众意见", "積 極 回 應\n民 眾 意 見", "积极回应 民众意见"],
    ids=["traditional", "simplified", "spaced-and-broken", "simplified-spaced"],
)
def test_key_makes_variants_compare_equal(printed: str) -> None:
    assert key(printed) == "積極回應民眾意見"


def test_key_folds_full_width_and_tai() -> None:
    assert key("台 南 分 局 得 分：８５") == "臺南分局得分:85"


def test_key_keeps_latin_case_and_drops_spaces() -> None:
    assert key("Call Center") == "CallCenter"


def test_compact_folds_width_but_not_script() -> None:
    assert compact("积极 得分：８５ 分") == "积极得分:85分"


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("得分：85¹", "得分:85⁎"),
        ("得分：85①", "得分:85⁎"),
        ("845¹", "845⁎"),
        ("８５²", "85⁎"),
        ("84.5³", "84.5⁎"),
        ("85分²", "85分⁎"),
        ("85 ¹", "85⁎"),
        ("85¹²", "85⁎⁎"),
        ("85⁺", "85⁎"),
        ("85₁", "85⁎"),
        ("85⑴", "85⁎"),
        ("85⒈", "85⁎"),
        ("85❶", "85⁎"),
        ("85㉑", "85⁎"),
    ],
    ids=[
        "superscript-after-score", "circled-after-score", "superscript-after-total", "after-full-width-digits",
        "after-decimal", "after-fen", "after-a-space", "two-marks", "superscript-sign", "subscript",
        "parenthesized", "digit-full-stop", "negative-circled", "circled-twenty-one",
    ],
)
def test_a_mark_after_a_figure_is_no_digit_of_it(printed: str, expected: str) -> None:
    """NFKC alone folds ¹ and ① to 1: `得分：85¹` would be read 851."""
    assert key(printed) == expected


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("面積120m²", "面積120m2"),
        ("10km²", "10km2"),
        ("①網路申辦", "1網路申辦"),
        ("說明：\n②臨櫃申辦", "說明:\n2臨櫃申辦"),
        ("85*", "85*"),
    ],
    ids=[
        "unit-after-letter", "unit-after-letters", "list-number-at-line-start", "list-number-after-a-line",
        "asterisk",
    ],
)
def test_a_mark_elsewhere_is_folded_as_before(printed: str, expected: str) -> None:
    assert nfkc(printed) == expected


def test_footnote_marks_keeps_every_index() -> None:
    """``pipeline.metrics`` maps each normalized character back to the printed one."""
    printed = "共計47,914¹批，滿意度84.6%"
    marked = footnote_marks(printed)
    assert len(marked) == len(printed)
    assert marked == "共計47,914⁎批，滿意度84.6%"


def test_a_glyph_without_a_unicode_map_is_one_unknown_character() -> None:
    """`(cid:17)` is how the PDF readers write a glyph whose font gives no Unicode: its own
    digits are not the figure's, and the digits around it do not join into one."""
    from pipeline.grammar import to_number
    from pipeline.match import best_match, keyed

    assert nfkc("得分：(cid:25)(cid:25)") == "得分:\ufffd\ufffd"
    grammar = load_rubric().grammar
    assert grammar.score_in("得分：(cid:25)(cid:25)") is None
    assert to_number("8(cid:17)5") is None and to_number("(cid:18)") is None
    entries = keyed([(item.name, item) for item in load_rubric().items])
    match = best_match("服務一致及正確性 ((cid:18)(cid:17)(cid:17)分) 得分：(cid:25)(cid:25)", entries, grammar)
    assert match.entry is not None and match.entry.no == "1.1"
