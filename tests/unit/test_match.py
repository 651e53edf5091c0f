"""pipeline.match against the default rubric's item names: what must match, and what must not."""

from __future__ import annotations

import pytest

from pipeline.match import MARGIN, THRESHOLD, best_match, keyed, similarity
from pipeline.rubric import Item, load_rubric

RUBRIC = load_rubric()
ITEMS = keyed([(item.name, item) for item in RUBRIC.items])
GRAMMAR = RUBRIC.grammar


def matched_no(printed: str) -> str | None:
    entry = best_match(printed, ITEMS, GRAMMAR).entry
    return entry.no if entry is not None else None


@pytest.mark.parametrize("item", RUBRIC.items, ids=lambda item: f"{item.no}-{item.name}")
def test_every_canonical_name_matches_itself(item: Item) -> None:
    match = best_match(item.name, ITEMS, GRAMMAR)
    assert match.entry is item
    assert match.score == 100


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("服務友善姓", "1.2"),
        ("內部做業簡化", "3.1"),
        ("開放參于", "5.1"),
        ("服務便捷姓", "2.1"),
        ("服務可近姓", "2.2"),
        ("积极回应民众意见", "4.2"),
        ("提升服务满意度", "4.1"),
        ("服 務 便 捷 性", "2.1"),
        ("服務一致\n及正確性", "1.1"),
        ("服務一致及正確性 (100分) 得分：85", "1.1"),
        ("服務友善性\n(100分)\n得分：85", "1.2"),
        ("開放參與 （50 分） 得分：４３", "5.1"),
        ("2.服務可近性(100分)", "2.2"),
        ("提升服務滿意度", "4.1"),
        ("服務友善性之提升", "1.2"),
    ],
    ids=[
        "typo-xing-1.2",
        "typo-zuo-3.1",
        "typo-yu-5.1",
        "typo-xing-2.1",
        "typo-xing-2.2",
        "simplified-4.2",
        "simplified-and-variant-4.1",
        "spaced-2.1",
        "line-break-1.1",
        "max-and-score-in-cell",
        "seed-cell-line-breaks",
        "fullwidth-max-and-score",
        "numbered",
        "wording-variant",
        "extra-words-around",
    ],
)
def test_variants_match_their_item(printed: str, expected: str) -> None:
    assert matched_no(printed) == expected


@pytest.mark.parametrize(
    "printed",
    [
        "備註",
        "資訊小組",
        "各單位",
        "評核項目",
        "執行績效與成果",
        "得分：85",
        "小計 170 分",
        "",
        "本分局於2月舉辦內部「5S稽核評比」活動，隨時維護辦公環境整潔，提升為民服務品質。",
        "2. 提高網站使用便利性",
        "開放創新",
        "基礎服務",
        "服務項目",
        "開放資料",
    ],
    ids=[
        "remark",
        "office-name",
        "every-unit",
        "column-header",
        "other-column-header",
        "score-only",
        "subtotal",
        "empty",
        "narrative-sentence",
        "indicator-name",
        "dimension-name-5",
        "dimension-name-1",
        "generic-words",
        "open-data-is-not-open-participation",
    ],
)
def test_unrelated_text_matches_nothing(printed: str) -> None:
    assert matched_no(printed) is None


@pytest.mark.parametrize(
    ("printed", "never"),
    [
        ("服務便捷性", "2.2"),
        ("服務可近性", "2.1"),
        ("服務友善性", "2.1"),
        ("服務便捷姓", "2.2"),
        ("服務可近姓", "2.1"),
        ("服務友善姓", "2.2"),
        ("服務機制精進", "2.3"),
        ("服務成長及優化", "3.2"),
    ],
    ids=[
        "bianjie-not-kejin",
        "kejin-not-bianjie",
        "youshan-not-bianjie",
        "bianjie-typo-not-kejin",
        "kejin-typo-not-bianjie",
        "youshan-typo-not-kejin",
        "jizhi-not-chengzhang",
        "chengzhang-not-jizhi",
    ],
)
def test_names_sharing_characters_are_not_swapped(printed: str, never: str) -> None:
    assert matched_no(printed) != never


@pytest.mark.parametrize(
    "printed",
    [
        "服務近便性",
        "服務性",
        "服務",
    ],
    ids=["scrambled-between-2.1-and-2.2", "common-part-only", "common-word-only"],
)
def test_ambiguous_names_match_nothing(printed: str) -> None:
    match = best_match(printed, ITEMS, GRAMMAR)
    assert match.entry is None, f"matched {match.entry}"


def test_a_match_reports_its_runner_up() -> None:
    match = best_match("服務便捷性", ITEMS, GRAMMAR)
    assert match.score == 100
    assert 0 < match.runner_up <= match.score - MARGIN


def test_a_near_tie_is_refused_even_above_the_threshold() -> None:
    entries = keyed([("服務便捷性", "a"), ("服務可近性", "b")])
    match = best_match("服務近便性", entries, GRAMMAR)
    assert match.score >= THRESHOLD
    assert match.entry is None


def test_no_entries_gives_no_match() -> None:
    assert best_match("服務便捷性", [], GRAMMAR).entry is None


@pytest.mark.parametrize(
    ("printed", "canonical", "low", "high"),
    [
        ("服務便捷性", "服務便捷性", 100, 100),
        ("服務便捷性之提升", "服務便捷性", 95, 95),
        ("", "服務便捷性", 0, 0),
        ("服務便捷性", "", 0, 0),
        ("備註", "服務便捷性", 0, 10),
    ],
    ids=["identical", "contained", "empty-printed", "empty-canonical", "unrelated"],
)
def test_similarity(printed: str, canonical: str, low: float, high: float) -> None:
    assert low <= similarity(printed, canonical) <= high


def test_containment_lift_does_not_apply_to_long_text() -> None:
    """A narrative sentence that mentions an item name is not that item."""
    sentence = "本分局為提升服務便捷性，持續檢討既有服務措施並推動線上申辦"
    assert similarity(sentence, "服務便捷性") < THRESHOLD
