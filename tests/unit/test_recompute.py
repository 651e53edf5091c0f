"""What the item scores add up to (pipeline.recompute), and that a result carries it with its extraction."""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.recompute import recompute, scored_items
from pipeline.results import Evidence, Extraction, ItemRow, Recomputed, ReportResult, Title
from pipeline.rubric import load_rubric
from tests.unit.test_checks import SEED_SCORES, SEED_SUBTOTALS, seed

RUBRIC = load_rubric()


def test_the_seed_adds_up_to_its_printed_figures() -> None:
    rc = recompute(seed(), RUBRIC)
    assert rc.subtotals == {k: float(v) for k, v in SEED_SUBTOTALS.items()}
    assert list(rc.subtotals) == [d.no for d in RUBRIC.dimensions], "rubric order"
    assert (rc.total, rc.grade) == (845.0, "甲")


def test_a_dimension_with_no_item_found_is_left_out_and_absent_items_do_not_count() -> None:
    rows = tuple(r for r in seed().item_rows if r.item_no not in {"5.1", "5.2", "3.2"})
    rc = recompute(seed(item_rows=rows), RUBRIC)
    assert "5" not in rc.subtotals and rc.subtotals["3"] == SEED_SCORES["3.1"]
    assert rc.total == 845 - 85 - 80 and rc.unreadable == ()
    assert set(scored_items(seed(item_rows=rows))) == set(SEED_SCORES) - {"5.1", "5.2", "3.2"}


def test_a_row_without_a_score_makes_its_dimension_and_the_total_unknown() -> None:
    rows = tuple(replace(r, score=None) if r.item_no in {"5.1", "3.2"} else r for r in seed().item_rows)
    rc = recompute(seed(item_rows=rows), RUBRIC)
    assert set(rc.subtotals) == {"1", "2", "4"}, "dimensions 3 and 5 cannot be added up"
    assert (rc.total, rc.grade, rc.unreadable) == (None, None, ("3.2", "5.1"))
    assert set(scored_items(seed(item_rows=rows))) == set(SEED_SCORES) - {"5.1", "3.2"}


def test_the_first_scored_row_of_an_item_counts_once() -> None:
    again = ItemRow("1.1", 10.0, 90.0, Evidence("again", 4))
    unscored_first = ItemRow("1.2", None, 90.0, Evidence("no score", 1))
    x = seed(item_rows=(unscored_first, *seed().item_rows, again))
    assert recompute(x, RUBRIC).subtotals["1"] == 170.0


def test_no_score_at_all_means_no_total_and_no_grade() -> None:
    x = Extraction(Title(), (ItemRow(None, 70.0, 40.0, Evidence("其他")),), {}, {}, None, None)
    assert recompute(x, RUBRIC) == Recomputed({}, None, None)


@pytest.mark.parametrize(("scores", "grade"), [(92.0, "優"), (85.0, "甲"), (75.0, "乙"), (65.0, "丙"), (59.9, "丁")])
def test_the_grade_is_the_band_of_the_recomputed_total(scores: float, grade: str) -> None:
    # eleven items, the last two out of 50: a total of 9 × s + 2 × s/2 = 10 × s
    rows = tuple(replace(r, score=scores / 2 if r.item_no in {"5.1", "5.2"} else scores) for r in seed().item_rows)
    rc = recompute(seed(item_rows=rows), RUBRIC)
    assert rc.total == pytest.approx(10 * scores) and rc.grade == grade == RUBRIC.grade_for(10 * scores)


def test_a_result_has_recomputed_figures_exactly_when_it_has_an_extraction() -> None:
    x = seed()
    ReportResult("id", "a.pdf", "pdf", "ok", extraction=x, recomputed=recompute(x, RUBRIC))
    ReportResult("id", "a.pdf", "pdf", "failed", "broken")
    with pytest.raises(ValueError, match="exactly when"):
        ReportResult("id", "a.pdf", "pdf", "ok", extraction=x)
    with pytest.raises(ValueError, match="exactly when"):
        ReportResult("id", "a.pdf", "pdf", "failed", recomputed=Recomputed({}, None, None))
