"""pipeline.rubric: the default rubric's shape, grade bands, and refusal of broken rubric files."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import RubricError, UsageError
from pipeline.rubric import DEFAULT_RUBRIC, load_rubric

RUBRIC = load_rubric()


def test_default_rubric_is_the_110_file() -> None:
    assert RUBRIC.source == str(DEFAULT_RUBRIC)
    assert RUBRIC.name == "提升服務效能執行績效與成果"


def test_default_rubric_has_five_dimensions_and_eleven_items() -> None:
    assert [d.no for d in RUBRIC.dimensions] == ["1", "2", "3", "4", "5"]
    assert [d.name for d in RUBRIC.dimensions] == ["基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新"]
    assert [i.no for i in RUBRIC.items] == ["1.1", "1.2", "2.1", "2.2", "2.3", "3.1", "3.2", "4.1", "4.2", "5.1", "5.2"]


def test_default_rubric_maxima() -> None:
    assert [d.max_points for d in RUBRIC.dimensions] == [200, 300, 200, 200, 100]
    assert RUBRIC.total == 1000
    for dim in RUBRIC.dimensions:
        assert sum(i.max_points for i in dim.items) == dim.max_points, dim.name
        assert all(i.dimension_no == dim.no for i in dim.items)


def test_open_innovation_items_are_worth_fifty() -> None:
    assert [(i.name, i.max_points) for i in RUBRIC.dimension("5").items] == [("開放參與", 50), ("創新服務", 50)]


def test_every_item_has_indicators_numbered_under_it() -> None:
    for item in RUBRIC.items:
        assert item.indicators, item.no
        assert all(x.no.startswith(item.no + ".") for x in item.indicators), item.no


@pytest.mark.parametrize(
    ("total", "grade"),
    [(1000, "優"), (900, "優"), (899, "甲"), (845, "甲"), (800, "甲"), (799, "乙"), (700, "乙"), (699, "丙"),
     (600, "丙"), (599, "丁"), (0, "丁")],
    ids=lambda v: str(v),
)
def test_grade_for(total: float, grade: str) -> None:
    assert RUBRIC.grade_for(total) == grade


# A minimal valid rubric; each broken variant below changes one thing in it.
VALID = """
name = "小考"
total = 100
grades = [
  { grade = "優", min = 90 },
  { grade = "甲", min = 0 },
]

[[dimensions]]
no = "1"
name = "基礎服務"
max = 100

  [[dimensions.items]]
  no = "1.1"
  name = "服務一致及正確性"
  max = 60

  [[dimensions.items]]
  no = "1.2"
  name = "服務友善性"
  max = 40
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_minimal_rubric_is_valid(tmp_path: Path) -> None:
    """So that each broken variant fails for the one change it makes."""
    rubric = load_rubric(_write(tmp_path, VALID))
    assert [i.no for i in rubric.items] == ["1.1", "1.2"]
    assert rubric.grade_for(95) == "優"
    assert rubric.grade_for(89.5) == "甲"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("max = 40", "max = 30", "item maxima add up to 90, not 100"),
        ("total = 100", "total = 120", "dimension maxima add up to 100, not the total 120"),
        ('{ grade = "優", min = 90 },\n  { grade = "甲", min = 0 },',
         '{ grade = "甲", min = 0 },\n  { grade = "優", min = 90 },', "highest first"),
        ("grades = [\n  { grade = \"優\", min = 90 },\n  { grade = \"甲\", min = 0 },\n]", "grades = []",
         "highest first"),
        ('no = "1.2"', 'no = "1.1"', "1.1 is used twice"),
        ("max = 40\n", "\n", "missing or has a wrong field: 'max'"),
        ("total = 100\n", "\n", "missing or has a wrong field: 'total'"),
        ("max = 60", 'max = "sixty"', "missing or has a wrong field"),
        ("max = 40", "max = 40 = 40", "is not valid TOML"),
    ],
    ids=[
        "items-do-not-add-up",
        "dimensions-do-not-add-up",
        "grades-out-of-order",
        "no-grades",
        "duplicate-number",
        "item-without-max",
        "without-total",
        "max-not-a-number",
        "not-toml",
    ],
)
def test_a_broken_rubric_is_refused_with_a_sentence(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert VALID.count(old) == 1, "the fixture edit must change exactly one place"
    path = _write(tmp_path, VALID.replace(old, new))
    with pytest.raises(RubricError) as caught:
        load_rubric(path)
    assert message in str(caught.value)
    assert str(caught.value) == caught.value.message
    assert str(caught.value).startswith("rubric")


def test_an_item_sum_error_names_the_dimension(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="dimension 1 基礎服務"):
        load_rubric(_write(tmp_path, VALID.replace("max = 40", "max = 30")))


def test_a_rubric_without_dimensions_is_refused(tmp_path: Path) -> None:
    text = VALID.split("[[dimensions]]")[0]
    with pytest.raises(RubricError, match="missing or has a wrong field: 'dimensions'"):
        load_rubric(_write(tmp_path, text))


def test_an_empty_dimension_list_is_refused(tmp_path: Path) -> None:
    text = VALID.split("[[dimensions]]")[0] + "dimensions = []\n"
    with pytest.raises(RubricError, match="has no dimensions"):
        load_rubric(_write(tmp_path, text))


def test_a_dimension_without_items_is_refused(tmp_path: Path) -> None:
    text = VALID.split("  [[dimensions.items]]")[0] + "items = []\n"
    with pytest.raises(RubricError, match="dimension 1 基礎服務 has no items"):
        load_rubric(_write(tmp_path, text))


def test_a_file_that_is_not_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rubric.toml"
    path.write_bytes(b"\xff\xfe\x00binary")
    with pytest.raises(RubricError, match="not valid TOML"):
        load_rubric(path)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RubricError, match="not found"):
        load_rubric(tmp_path / "nowhere.toml")


def test_a_rubric_error_is_a_usage_error() -> None:
    """A broken rubric is the operator's configuration: the CLI exits with bad_usage, not a file failure."""
    assert issubclass(RubricError, UsageError)
