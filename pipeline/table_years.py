"""Which year a summary table's row or column speaks for.

Offices print last year's figures beside this year's: a column per year (`109年度得分 |
110年度得分`), or a row per year that its 考核年月 cell dates (`110/01 110/12`). The summary is
the report's own year: the row or column whose heading names it, else (the report's year
unknown) the latest year named. A table that compares other years only is no summary of the
report's year, and reading it as one would accuse the report of every difference between them.
"""

from __future__ import annotations

import regex

from pipeline.text import nfkc

# `110年度`, `110 年`, `2021年`, and the 考核年月 form `110/01`, `110.12` (a month after the year).
_YEAR = regex.compile(
    r"(?<!\d)(?:(?P<ad>(?:19|20)\d{2})\s*年|(?P<roc>\d{2,3})\s*(?:年|[/.]\s*(?:0?[1-9]|1[0-2])(?!\d)))"
)
#: ROC years a report of this kind can have (民國 50 to 200).
_ROC_YEARS = range(50, 201)


def years_in(text: str) -> set[int]:
    """The ROC years a heading or a label names."""
    found: set[int] = set()
    for m in _YEAR.finditer(nfkc(text)):
        year = int(m.group("roc")) if m.group("roc") else int(m.group("ad")) - 1911
        if year in _ROC_YEARS:
            found.add(year)
    return found


def of_the_year(named: dict[int, set[int]], year: int | None) -> set[int] | None:
    """Of rows or columns (index → the years their labels name), the ones to read.

    None when no label names a year: read the table as it is. An empty set when the report's
    year is known and the labels compare two or more other years without it."""
    if not any(named.values()):
        return None
    every = set().union(*named.values())
    if year is not None and year in every:
        target = year
    elif year is not None and len(every) >= 2:
        return set()
    else:
        target = max(every)
    return {i for i, years in named.items() if target in years}
