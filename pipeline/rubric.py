"""The rubric as data: load a TOML rubric file and check it before any report is read.

A rubric that is wrong (an item's maximum that does not add up to its dimension, a grade band
out of order) would make every report look inconsistent, so it is refused at load time with
a sentence naming the offending entry.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.errors import RubricError
from pipeline.i18n import _
from pipeline.vocabulary import DEFAULT_RUBRIC, Vocabulary, build_vocabulary, default_vocabulary

if TYPE_CHECKING:
    from pipeline.grammar import Grammar

__all__ = ["DEFAULT_RUBRIC", "Dimension", "GradeBand", "Indicator", "Item", "Rubric", "load_rubric"]


@dataclass(frozen=True)
class Indicator:
    no: str
    name: str
    subs: tuple[str, ...]


@dataclass(frozen=True)
class Item:
    no: str
    name: str
    max_points: float
    dimension_no: str
    indicators: tuple[Indicator, ...]


@dataclass(frozen=True)
class Dimension:
    no: str
    name: str
    max_points: float
    items: tuple[Item, ...]


@dataclass(frozen=True)
class GradeBand:
    grade: str
    min_points: float


@dataclass(frozen=True)
class Rubric:
    name: str
    total: float
    dimensions: tuple[Dimension, ...]
    grades: tuple[GradeBand, ...]
    source: str
    vocabulary: Vocabulary
    #: The ROC years whose reports this rubric is for (`roc_years = [110, 111]`); empty: any year.
    roc_years: tuple[int, ...] = ()
    #: What the rubric is, in the words of its file (``description = "…"``): a test rubric says so.
    description: str = ""

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for dim in self.dimensions for item in dim.items)

    @property
    def grade_letters(self) -> tuple[str, ...]:
        return tuple(band.grade for band in self.grades)

    @cached_property
    def grammar(self) -> Grammar:
        """The figure grammars in this rubric's words (built once per vocabulary)."""
        from pipeline.grammar import Grammar

        return Grammar.of(self.vocabulary, self.grade_letters)

    def covers(self, roc_year: int | None) -> bool:
        """Whether a report of ``roc_year`` is one this rubric was written for (unknown years are)."""
        return roc_year is None or not self.roc_years or roc_year in self.roc_years

    def years_text(self) -> str:
        """The years as a person writes them: `110–111`, `110, 112`."""
        years = sorted(self.roc_years)
        if not years:
            return ""
        if years == list(range(years[0], years[-1] + 1)) and len(years) > 1:
            return f"{years[0]}–{years[-1]}"
        return ", ".join(str(y) for y in years)

    def dimension(self, no: str) -> Dimension:
        return next(d for d in self.dimensions if d.no == no)

    def grade_for(self, total: float) -> str:
        """The band a total falls in; bands are checked highest first."""
        for band in self.grades:
            if total >= band.min_points:
                return band.grade
        return self.grades[-1].grade


def load_rubric(path: Path | None = None) -> Rubric:
    path = path or DEFAULT_RUBRIC
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise RubricError(_("rubric file not found: {path}").format(path=path)) from exc
    except UnicodeDecodeError as exc:
        raise RubricError(_("rubric file {name} is not valid TOML: {exc}").format(name=path.name, exc=exc)) from exc
    return parse_rubric(text, path)


def parse_rubric(text: str, path: Path) -> Rubric:
    """The rubric a file at ``path`` holding ``text`` describes, checked (a drafted rubric is
    checked this way before it is written)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RubricError(_("rubric file {name} is not valid TOML: {exc}").format(name=path.name, exc=exc)) from exc
    try:
        rubric = _build(data, str(path))
    except (KeyError, TypeError, ValueError) as exc:
        raise RubricError(_("rubric file {name} is missing or has a wrong field: {exc}")
            .format(name=path.name, exc=exc)) from exc
    _validate(rubric)
    return rubric


def _build(data: dict[str, Any], source: str) -> Rubric:
    dimensions = []
    for d in data["dimensions"]:
        dim_no = str(d["no"])
        items = tuple(
            Item(
                no=str(i["no"]),
                name=str(i["name"]),
                max_points=float(i["max"]),
                dimension_no=dim_no,
                indicators=tuple(
                    Indicator(no=str(x["no"]), name=str(x["name"]), subs=tuple(str(s) for s in x.get("subs", ())))
                    for x in i.get("indicators", ())
                ),
            )
            for i in d["items"]
        )
        dimensions.append(Dimension(no=dim_no, name=str(d["name"]), max_points=float(d["max"]), items=items))
    grades = tuple(GradeBand(grade=str(g["grade"]), min_points=float(g["min"])) for g in data["grades"])
    name = Path(source).name
    vocabulary = data.get("vocabulary", {})
    if not isinstance(vocabulary, dict):
        raise RubricError(_("rubric file {name}: vocabulary must be a table ([vocabulary])").format(name=name))
    years = data.get("roc_years", [])
    if not isinstance(years, list) or not all(isinstance(y, int) and not isinstance(y, bool) and y > 0 for y in years):
        raise RubricError(_("rubric file {name}: roc_years must be a list of ROC years such as [110, 111]")
            .format(name=name))
    return Rubric(
        name=str(data.get("name", "")),
        total=float(data["total"]),
        dimensions=tuple(dimensions),
        grades=grades,
        source=source,
        vocabulary=build_vocabulary(vocabulary, name, default_vocabulary()),
        roc_years=tuple(years),
        description=str(data.get("description", "")),
    )


def _validate(rubric: Rubric) -> None:
    if not rubric.dimensions:
        raise RubricError(_("rubric has no dimensions"))
    seen: set[str] = set()
    for dim in rubric.dimensions:
        if not dim.items:
            raise RubricError(_("rubric dimension {no} {name} has no items").format(no=dim.no, name=dim.name))
        item_sum = sum(i.max_points for i in dim.items)
        if item_sum != dim.max_points:
            raise RubricError(
                _(
                    "rubric dimension {no} {name}: item maxima add up to {item_sum:g}, not "
                    "{max_points:g}"
                ).format(no=dim.no, name=dim.name, item_sum=item_sum, max_points=dim.max_points)
            )
        for entry in (dim.no, *(i.no for i in dim.items), *(x.no for i in dim.items for x in i.indicators)):
            if entry in seen:
                raise RubricError(_("rubric number {entry} is used twice").format(entry=entry))
            seen.add(entry)
    dim_sum = sum(d.max_points for d in rubric.dimensions)
    if dim_sum != rubric.total:
        raise RubricError(_(
            "rubric dimension maxima add up to {dim_sum:g}, not the total {total:g}"
        ).format(dim_sum=dim_sum, total=rubric.total))
    minima = [g.min_points for g in rubric.grades]
    if not minima or minima != sorted(minima, reverse=True):
        raise RubricError(_("rubric grade bands must be listed highest first"))
    letters = rubric.grade_letters
    if any(not g.strip() for g in letters) or len(set(letters)) != len(letters):
        raise RubricError(_("rubric grades must be distinct and not blank"))
