"""Recomputation and findings (pipeline.checks), in both directions: raised when due, never else."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.checks import run_checks
from pipeline.recompute import recompute
from pipeline.results import Evidence, Extraction, Figure, Finding, Grade, ItemRow, Recomputed, Title
from pipeline.rubric import Rubric, load_rubric
from pipeline.text import number

RUBRIC: Rubric = load_rubric()
SEED_SCORES = {
    "1.1": 85, "1.2": 85, "2.1": 83, "2.2": 82, "2.3": 83, "3.1": 85,
    "3.2": 80, "4.1": 92, "4.2": 85, "5.1": 43, "5.2": 42,
}
SEED_SUBTOTALS = {"1": 170, "2": 248, "3": 165, "4": 177, "5": 85}


def fig(value: float, page: int = 1) -> Figure:
    return Figure(value, Evidence(str(value), page))


def seed(**changes: object) -> Extraction:
    rows = tuple(ItemRow(no, float(v), 100.0, Evidence(f"item {no}", 2)) for no, v in SEED_SCORES.items())
    base = Extraction(
        title=Title("經濟部標準檢驗局", "基隆分局", 110),
        item_rows=rows,
        subtotals={k: fig(v, 3) for k, v in SEED_SUBTOTALS.items()},
        summary={k: fig(v, 13) for k, v in SEED_SUBTOTALS.items()},
        total=fig(845, 13),
        grade=Grade("甲", Evidence("甲", 13)),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def findings(extraction: Extraction) -> list[Finding]:
    return run_checks(extraction, recompute(extraction, RUBRIC), RUBRIC)


def checks(extraction: Extraction) -> list[tuple[str, str, str, str, str]]:
    return [(f.check, f.dimension_no, f.item_no, f.claimed, f.expected) for f in findings(extraction)]


def test_consistent_report_has_no_finding() -> None:
    assert checks(seed()) == []



def test_the_checks_compare_with_the_recomputed_figures_they_are_given() -> None:
    # The figures are worked out once (pipeline.recompute) and every check uses those: given
    # other sums, the checks compare with those, not with the item scores added up again.
    x = seed(subtotals={**seed().subtotals, "2": fig(250, 6)}, total=fig(905), grade=Grade("優", Evidence("優", 13)))
    assert [f.check for f in findings(x)] == ["subtotal_mismatch", "total_mismatch", "grade_mismatch"]
    given = Recomputed({**recompute(x, RUBRIC).subtotals, "2": 250.0}, 905.0, "優")
    found = [(f.check, f.dimension_no, f.item_no, f.claimed, f.expected) for f in run_checks(x, given, RUBRIC)]
    assert found == [("summary_mismatch", "2", "", "248", "250")]

def test_subtotal_mismatch() -> None:
    x = seed(subtotals={**seed().subtotals, "2": fig(250, 6)})
    assert checks(x) == [("subtotal_mismatch", "2", "", "250", "248")]
    assert findings(x)[0].page == 6


def test_summary_mismatch() -> None:
    x = seed(summary={**seed().summary, "4": fig(178)})
    assert checks(x) == [("summary_mismatch", "4", "", "178", "177")]


def test_total_and_grade_mismatch() -> None:
    x = seed(total=fig(905), grade=Grade("優", Evidence("優", 13)))
    assert checks(x) == [("total_mismatch", "", "", "905", "845"), ("grade_mismatch", "", "", "優", "甲")]


def test_grade_follows_the_recomputed_total_not_the_printed_one() -> None:
    # printed 總分 900 with 優 is self-consistent, but the items add up to 845 (甲)
    x = seed(total=fig(900), grade=Grade("優", Evidence("優", 13)))
    assert ("grade_mismatch", "", "", "優", "甲") in checks(x)


def test_score_out_of_range_and_its_cascade() -> None:
    rows = tuple(replace(r, score=55.0) if r.item_no == "5.1" else r for r in seed().item_rows)
    found = checks(seed(item_rows=rows))
    assert ("score_out_of_range", "5", "5.1", "55", "0-50") in found
    assert ("subtotal_mismatch", "5", "", "85", "97") in found


def test_missing_item_compares_what_was_found() -> None:
    rows = tuple(r for r in seed().item_rows if r.item_no != "3.2")
    found = checks(seed(item_rows=rows))
    assert ("missing_item", "3", "3.2", "", "") in found
    assert ("subtotal_mismatch", "3", "", "165", "85") in found


def test_absent_figures_raise_nothing() -> None:
    x = seed(subtotals={}, summary={}, total=None, grade=None)
    assert checks(x) == []


def test_duplicate_item_only_when_scores_differ() -> None:
    same = seed(item_rows=(*seed().item_rows, ItemRow("1.1", 85.0, 90.0, Evidence("again", 4))))
    assert checks(same) == []
    other = seed(item_rows=(*seed().item_rows, ItemRow("1.1", 80.0, 90.0, Evidence("again", 4))))
    assert checks(other) == [("duplicate_item", "1", "1.1", "80", "85")]


def test_unmatched_row_is_a_warning() -> None:
    x = seed(item_rows=(*seed().item_rows, ItemRow(None, 70.0, 41.0, Evidence("其他事項 得分：70", 5))))
    found = findings(x)
    assert [(f.check, f.severity, f.page) for f in found] == [("unmatched_row", "warning", 5)]
    assert "其他事項" in found[0].message



def test_float_noise_in_a_sum_is_no_mismatch_but_a_hundredth_is() -> None:
    rows = tuple(replace(r, score={"5.1": 42.1, "5.2": 42.2}.get(r.item_no or "", r.score)) for r in seed().item_rows)
    noisy = seed(item_rows=rows, subtotals={**seed().subtotals, "5": fig(84.3, 3)}, summary={}, total=None, grade=None)
    assert checks(noisy) == []  # 42.1 + 42.2 is 84.30000000000001 in floats
    off = replace(noisy, subtotals={**noisy.subtotals, "5": fig(84.31, 3)})
    assert checks(off) == [("subtotal_mismatch", "5", "", "84.31", "84.3")]

@pytest.mark.parametrize(
    ("value", "text"), [(85.0, "85"), (84.6, "84.6"), (0.5, "0.5"), (-3.0, "-3"), (1000.0, "1000")]
)
def test_numbers_are_written_plainly(value: float, text: str) -> None:
    assert number(value) == text


# --- a score kaohe could not read is never an accusation ------------------------------------


def unreadable(*item_nos: str, **changes: object) -> Extraction:
    """The seed with the rows of ``item_nos`` found (page 4) but their 得分 unread."""
    rows = tuple(
        replace(r, score=None, evidence=Evidence(f"item {r.item_no} 得分：", 4)) if r.item_no in item_nos else r
        for r in seed().item_rows
    )
    return seed(item_rows=rows, **changes)


def test_an_unreadable_score_is_one_warning_and_none_of_the_five_errors() -> None:
    found = findings(unreadable("2.1"))
    assert [(f.check, f.severity, f.dimension_no, f.item_no, f.page) for f in found] == [
        ("unreadable_score", "warning", "2", "2.1", 4)
    ]
    message = found[0].message
    assert "2.1 服務便捷性" in message and "page 4" in message and "could not be read" in message
    assert "dimension 2 服務遞送" in message and "總分" in message and "等第" in message


def test_an_unreadable_score_leaves_its_sums_unknown_not_smaller() -> None:
    rc = recompute(unreadable("2.1"), RUBRIC)
    assert "2" not in rc.subtotals, "no sum of fewer items than the report shows"
    assert rc.subtotals["1"] == 170 and rc.subtotals["5"] == 85
    assert (rc.total, rc.grade, rc.unreadable) == (None, None, ("2.1",))


def test_an_unreadable_score_is_no_out_of_range_and_no_duplicate() -> None:
    x = unreadable("2.1")
    again = seed(item_rows=(*x.item_rows, ItemRow("2.1", None, 90.0, Evidence("2.1 again", 5))))
    assert checks(again) == [("unreadable_score", "2", "2.1", "", "")]


def test_a_row_found_later_with_a_score_is_read_not_unreadable() -> None:
    x = unreadable("2.1")
    later = seed(item_rows=(*x.item_rows, ItemRow("2.1", 83.0, 90.0, Evidence("2.1 得分：83", 5))))
    assert checks(later) == []


def test_an_absent_item_is_still_missing_and_its_sums_still_compared() -> None:
    rows = tuple(r for r in unreadable("2.1").item_rows if r.item_no != "3.2")
    found = checks(seed(item_rows=rows))
    assert ("missing_item", "3", "3.2", "", "") in found
    assert ("subtotal_mismatch", "3", "", "165", "85") in found
    assert ("unreadable_score", "2", "2.1", "", "") in found
    assert not [f for f in found if f[0] in {"total_mismatch", "grade_mismatch"}], "the total needs 2.1"
    assert not [f for f in found if f[1] == "2" and f[0] != "unreadable_score"]


def test_a_real_mismatch_in_another_dimension_is_still_raised() -> None:
    x = unreadable("2.1", subtotals={**seed().subtotals, "4": fig(178, 9)}, summary={**seed().summary, "5": fig(86)})
    assert checks(x) == [
        ("subtotal_mismatch", "4", "", "178", "177"),
        ("summary_mismatch", "5", "", "86", "85"),
        ("unreadable_score", "2", "2.1", "", ""),
    ]


def test_a_wrong_figure_in_the_unreadable_item_s_dimension_is_not_raised() -> None:
    # dimension 2's 小計 may well be wrong, but kaohe cannot tell without 2.1's score
    x = unreadable("2.1", subtotals={**seed().subtotals, "2": fig(999, 6)}, total=fig(1))
    assert checks(x) == [("unreadable_score", "2", "2.1", "", "")]
