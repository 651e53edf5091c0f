"""Which rubric a report of a year is read with (pipeline.rubric_set), on the shipped rubric files
and on sets built here."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.errors import RubricError
from pipeline.results import ReportResult
from pipeline.rubric import DEFAULT_RUBRIC, load_rubric
from pipeline.rubric_set import RUBRICS_DIR, RubricSet, rubric_id
from pipeline.statuses import Status

SHIPPED = RubricSet.load()


def _chosen(year: int | None) -> tuple[str, str]:
    choice = SHIPPED.for_year(year)
    return rubric_id(choice.rubric), choice.note


def test_the_shipped_rubrics_are_the_110_one_and_the_112_test_rubric() -> None:
    assert [rubric_id(r) for r in SHIPPED] == ["110.toml", "112.toml"]
    assert rubric_id(SHIPPED.default) == DEFAULT_RUBRIC.name
    assert [r.roc_years for r in SHIPPED] == [(110, 111), (112,)]


def test_the_112_rubric_says_plainly_that_it_is_a_test_rubric() -> None:
    test = SHIPPED.by_id("112.toml")
    assert test is not None
    assert "測試用評核表" in test.name and "test rubric, not an official one" in test.name
    assert "測試用評核表" in test.description and "Test rubric, not an official one" in test.description
    text = (RUBRICS_DIR / "112.toml").read_text(encoding="utf-8")
    assert text.startswith("# 測試用評核表 — a TEST rubric, not an official one.")


def test_the_112_test_rubric_renames_every_item_and_adds_one() -> None:
    old, new = SHIPPED.default, SHIPPED.by_id("112.toml")
    assert new is not None
    assert [i.no for i in new.items] == [*(i.no for i in old.items), "5.3"]
    assert not {i.name for i in old.items} & {i.name for i in new.items}
    assert [d.max_points for d in new.dimensions] == [d.max_points for d in old.dimensions]
    assert new.total == old.total and new.vocabulary == old.vocabulary


@pytest.mark.parametrize(
    ("year", "rubric"), [(110, "110.toml"), (111, "110.toml"), (112, "112.toml"), (None, "110.toml")]
)
def test_a_year_a_rubric_is_for_is_read_with_it_and_no_note(year: int | None, rubric: str) -> None:
    assert _chosen(year) == (rubric, "")


def test_a_later_year_is_read_with_the_nearest_earlier_rubric_and_says_so() -> None:
    rubric, note = _chosen(113)
    assert rubric == "112.toml"
    assert note == (
        "no rubric is for the reports of 113: read with the rubric for 112 (112.toml), the nearest earlier one"
    )
    assert _chosen(130)[0] == "112.toml"


def test_a_year_before_every_rubric_is_read_with_the_earliest_and_says_so() -> None:
    rubric, note = _chosen(109)
    assert rubric == "110.toml"
    assert note.startswith("no rubric is for the reports of 109: read with the rubric for 110–111 (110.toml)")


def test_the_nearest_earlier_rubric_is_the_one_of_the_latest_year_before() -> None:
    a = replace(SHIPPED.default, roc_years=(100, 101), source="/r/a.toml")
    b = replace(SHIPPED.default, roc_years=(105,), source="/r/b.toml")
    c = replace(SHIPPED.default, roc_years=(103, 110), source="/r/c.toml")
    rubrics = RubricSet((a, b, c), a)
    assert rubric_id(rubrics.for_year(106).rubric) == "b.toml"  # 105 is nearer than 103
    assert rubric_id(rubrics.for_year(104).rubric) == "c.toml"  # 103
    assert rubric_id(rubrics.for_year(111).rubric) == "c.toml"  # 110


def test_one_rubric_forced_reads_every_year_and_says_when_it_is_not_the_years() -> None:
    forced = RubricSet.one(load_rubric())
    assert forced.forced and rubric_id(forced.for_year(112).rubric) == "110.toml"
    assert forced.for_year(112).note == "the rubric is for the reports of 110–111, not 112: read with it anyway"
    assert forced.for_year(111).note == ""


def test_two_rubrics_for_one_year_are_refused() -> None:
    other = replace(SHIPPED.default, source="/r/other.toml", roc_years=(111, 112))
    with pytest.raises(RubricError, match=r"110\.toml and other\.toml are both for the reports of 111"):
        RubricSet((SHIPPED.default, other), SHIPPED.default)


def test_a_folder_of_rubric_files_is_loaded_in_name_order(tmp_path: Path) -> None:
    for name in ("120.toml", "110.toml"):
        (tmp_path / name).write_bytes(DEFAULT_RUBRIC.read_bytes().replace(b"roc_years = [110, 111]", (
            b"roc_years = [120]" if name == "120.toml" else b"roc_years = [110, 111]")))
    rubrics = RubricSet.load(folder=tmp_path)
    assert [rubric_id(r) for r in rubrics] == ["110.toml", "120.toml"]
    assert rubric_id(rubrics.for_year(125).rubric) == "120.toml"
    with pytest.raises(RubricError, match="no rubric file"):
        RubricSet.load(folder=tmp_path / "none")


def test_a_result_is_shown_in_the_rubric_it_names() -> None:
    read = ReportResult("a", "a.docx", "docx", Status.failed, rubric="112.toml")
    unread = ReportResult("b", "b.docx", "docx", Status.failed)
    assert rubric_id(SHIPPED.of(read)) == "112.toml"
    assert SHIPPED.of(unread) is SHIPPED.default
    assert RubricSet.one(load_rubric()).of(read).roc_years == (110, 111)  # forced: the one rubric
