"""pipeline.table_years: the year a summary's row or column is for."""

from __future__ import annotations

import pytest

from pipeline.table_years import of_the_year, years_in


@pytest.mark.parametrize(("text", "years"), [
    ("109年度得分", {109}), ("110 年", {110}), ("１１０年度", {110}), ("110/01 110/12", {110}),
    ("2021年", {110}), ("總分", set()), ("85/100", set()), ("170", set()), ("考核年月", set()),
])
def test_years_named(text: str, years: set[int]) -> None:
    assert years_in(text) == years


def test_which_rows_or_columns_are_read() -> None:
    named = {1: {109}, 2: {110}}
    assert of_the_year(named, 110) == {2}
    assert of_the_year(named, 109) == {1}
    assert of_the_year(named, None) == {2}  # the latest, when the report's year is unknown
    assert of_the_year(named, 111) == set()  # other years compared: none is the report's
    assert of_the_year({1: set(), 2: set()}, 110) is None  # no year named: read as it is
    assert of_the_year({1: {110}}, 111) == {1}  # one year named (a misprint?): still read
