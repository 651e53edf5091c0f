"""Year over year: how each unit's chosen report moved from one year to the next (trends.csv).

Built from the versions ``pipeline.versions`` chose, never from every file: a unit with three
files for 110 has one 110 in the trend. Each pair of consecutive years the unit has reports for
(110 → 111; 110 → 112 when it has no 111) gives one row for the total, one per dimension and
one per item. The values are kaohe's: the 總分 and 小計 recomputed from the item scores (the
figures findings were checked against), and each item's 得分 as read. Entries are paired by
their rubric number, so an item a later rubric renames stays one line (named as the later
year's rubric names it), and one only a year's rubric has gets an empty value for the other.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise

from pipeline.results import Metric, ReportResult
from pipeline.rubric import Rubric
from pipeline.versions import UnitYear

LEVELS = ("total", "dimension", "item")


@dataclass(frozen=True)
class Trend:
    """One row of trends.csv."""

    unit: str
    level: str
    no: str
    name: str
    roc_year_from: int
    roc_year_to: int
    value_from: float | None
    value_to: float | None

    @property
    def change(self) -> float | None:
        if self.value_from is None or self.value_to is None:
            return None
        return round(self.value_to - self.value_from, 4)  # 93.5 - 90.2 is 3.3, not 3.2999999999999972


def _values(r: ReportResult, rubric: Rubric) -> dict[tuple[str, str], tuple[str, float | None]]:
    """(level, no) -> (name, value) for every rubric entry of ``r``'s rubric, in rubric order."""
    x, rc = r.extraction, r.recomputed
    values: dict[tuple[str, str], tuple[str, float | None]] = {("total", ""): ("", rc.total if rc else None)}
    scores = x.items() if x is not None else {}
    for dim in rubric.dimensions:
        values["dimension", dim.no] = (dim.name, rc.subtotals.get(dim.no) if rc else None)
        for item in dim.items:
            row = scores.get(item.no)
            values["item", item.no] = (item.name, row.score if row is not None else None)
    return values


def _order(entries: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The total first, then each dimension followed by its items (a ``2.3`` item after dimension 2)."""
    def place(entry: tuple[str, str]) -> tuple[int, list[int], int]:
        level, no = entry
        parts = [int(p) if p.isdigit() else 0 for p in no.split(".")] if no else []
        return (0 if level == "total" else 1, parts, LEVELS.index(level))

    return sorted(entries, key=place)


def unit_trends(unit_years: Sequence[UnitYear], rubric_of: Callable[[ReportResult], Rubric]) -> Iterator[Trend]:
    """Every trends.csv row, by unit, then year pair, then rubric order; ``rubric_of`` is the
    rubric each report was read with."""
    by_unit: dict[str, list[UnitYear]] = {}
    for uy in unit_years:
        by_unit.setdefault(uy.unit, []).append(uy)
    for unit in sorted(by_unit):
        years = sorted(by_unit[unit], key=lambda uy: uy.roc_year)
        for before, after in pairwise(years):
            old = _values(before.chosen, rubric_of(before.chosen))
            new = _values(after.chosen, rubric_of(after.chosen))
            for level, no in _order([*new, *(k for k in old if k not in new)]):
                name = (new.get((level, no)) or old[level, no])[0]
                yield Trend(
                    unit, level, no, name, before.roc_year, after.roc_year,
                    old[level, no][1] if (level, no) in old else None,
                    new[level, no][1] if (level, no) in new else None,
                )


@dataclass(frozen=True)
class MetricTrend:
    """One row of metric_trends.csv: a quantity of the narrative stated in two consecutive years."""

    unit: str
    item_no: str
    indicator_no: str
    quantity_unit: str
    position: int
    roc_year_from: int
    roc_year_to: int
    before: Metric
    after: Metric

    @property
    def change(self) -> float:
        return round(self.after.value - self.before.value, 4)


def _stated(r: ReportResult) -> dict[tuple[str, str], list[Metric]]:
    """(indicator_no, quantity unit) -> the quantities in document order; rows of no indicator left out."""
    stated: dict[tuple[str, str], list[Metric]] = {}
    for m in r.extraction.metrics if r.extraction is not None else ():
        if m.indicator_no:
            stated.setdefault((m.indicator_no, m.unit), []).append(m)
    return stated


def metric_trends(unit_years: Sequence[UnitYear]) -> Iterator[MetricTrend]:
    """The quantities paired across each unit's consecutive years (docs/OUTPUT.md, metric_trends.csv).

    A quantity is paired with the one the same indicator states in the same unit the next year
    (網路申辦 … 批 in 110 and in 111): the n-th with the n-th, in the order the narrative states
    them. When the two years state a different number of them, which would be which is unknown,
    so that indicator's quantities in that unit are not paired at all: a wrong pair would be a
    change nobody made."""
    by_unit: dict[str, list[UnitYear]] = {}
    for uy in unit_years:
        by_unit.setdefault(uy.unit, []).append(uy)
    for unit in sorted(by_unit):
        years = sorted(by_unit[unit], key=lambda uy: uy.roc_year)
        for before, after in pairwise(years):
            old, new = _stated(before.chosen), _stated(after.chosen)
            for key in sorted(old.keys() & new.keys(), key=_indicator_order):
                if len(old[key]) != len(new[key]):
                    continue
                for n, (a, b) in enumerate(zip(old[key], new[key], strict=True), 1):
                    yield MetricTrend(
                        unit, b.item_no or a.item_no or "", key[0], key[1], n, before.roc_year, after.roc_year, a, b,
                    )


def _indicator_order(key: tuple[str, str]) -> tuple[list[int], str]:
    return [int(p) if p.isdigit() else 0 for p in key[0].split(".")], key[1]
