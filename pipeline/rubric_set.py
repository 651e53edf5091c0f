"""Which rubric a report is read with: the one written for its year.

The rubric changes from year to year (items renamed, an item added), and a folder of reports
often holds several years. Read with the wrong year's rubric, a renamed item matches nothing
and a good report looks incomplete, so each report is read with the rubric whose ``roc_years``
hold the year its title names (``pipeline.title``). ``RubricSet`` holds every rubric file of
``pipeline/rubrics/`` and chooses; ``--rubric FILE`` makes a set of that one rubric, used for
every report whatever its year (``forced``).

A year no rubric is for is read with the nearest earlier rubric (the one written for the most
recent year before it): a report of a year after the last rubric is most like the last
rubric's reports. The choice then carries a plain sentence for the report's row, so the
auditor knows its figures were matched to another year's items. A report whose year cannot be
read from its title is read with the default rubric (``rubrics/110.toml``), as before years
were told apart; a year before every rubric, with the earliest rubric and a sentence.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.errors import RubricError
from pipeline.i18n import _
from pipeline.rubric import DEFAULT_RUBRIC, Rubric, load_rubric

if TYPE_CHECKING:
    from pipeline.results import ReportResult
    from pipeline.vocabulary import Vocabulary

#: The folder of the rubrics that come with kaohe, one TOML file each.
RUBRICS_DIR = DEFAULT_RUBRIC.parent


def rubric_id(rubric: Rubric) -> str:
    """How a result names the rubric it was read with: the rubric file's name (``110.toml``)."""
    return Path(rubric.source).name


@dataclass(frozen=True)
class RubricChoice:
    """The rubric a report is read with and, when it was not written for the report's year, why
    it was taken anyway (a sentence for the report's row; empty when it is the year's own)."""

    rubric: Rubric
    note: str = ""


@dataclass(frozen=True)
class RubricSet:
    """Every rubric a run may read with, in file-name order; ``default`` reads reports of no known
    year. ``forced``: one rubric given by the person (``--rubric``), used for every report."""

    rubrics: tuple[Rubric, ...]
    default: Rubric
    forced: bool = False

    def __post_init__(self) -> None:
        if self.default not in self.rubrics:
            raise ValueError("the default rubric must be one of the set")
        owner: dict[int, str] = {}
        for rubric in self.rubrics:
            for year in rubric.roc_years:
                if year in owner:
                    raise RubricError(
                        _("rubric files {first} and {second} are both for the reports of {year}: "
                          "a year needs one rubric").format(first=owner[year], second=rubric_id(rubric), year=year)
                    )
                owner[year] = rubric_id(rubric)

    @classmethod
    def one(cls, rubric: Rubric) -> RubricSet:
        """The set of one rubric that reads every report (``--rubric FILE``)."""
        return cls((rubric,), rubric, forced=True)

    @classmethod
    def load(cls, forced: Path | None = None, folder: Path = RUBRICS_DIR) -> RubricSet:
        """The rubric ``forced`` alone, or every ``*.toml`` of ``folder`` (the default rubric among them)."""
        if forced is not None:
            return cls.one(load_rubric(forced))
        paths = rubric_files(folder)
        if not paths:
            raise RubricError(_("no rubric file (*.toml) in {folder}").format(folder=folder))
        rubrics = tuple(load_rubric(p) for p in paths)
        default = next((r for r in rubrics if Path(r.source).name == DEFAULT_RUBRIC.name), rubrics[0])
        return cls(rubrics, default)

    def __iter__(self) -> Iterator[Rubric]:
        return iter(self.rubrics)

    @property
    def vocabularies(self) -> tuple[Vocabulary, ...]:
        """The distinct vocabularies of the set, the default rubric's first: a title is read in
        each until one gives the report's year."""
        out = [self.default.vocabulary]
        for rubric in self.rubrics:
            if rubric.vocabulary not in out:
                out.append(rubric.vocabulary)
        return tuple(out)

    def for_year(self, roc_year: int | None) -> RubricChoice:
        """The rubric for a report of ``roc_year`` (see the module's docstring for the rules)."""
        if self.forced:
            note = "" if self.default.covers(roc_year) else _forced_note(self.default, roc_year)
            return RubricChoice(self.default, note)
        if roc_year is None:
            return RubricChoice(self.default)
        own = [r for r in self.rubrics if r.roc_years and roc_year in r.roc_years]
        if own:
            return RubricChoice(own[0])
        for_any = [r for r in self.rubrics if not r.roc_years]
        if for_any:
            return RubricChoice(for_any[0])
        earlier = [r for r in self.rubrics if min(r.roc_years) < roc_year]
        if earlier:
            nearest = max(earlier, key=lambda r: max(y for y in r.roc_years if y < roc_year))
            return RubricChoice(nearest, _fallback_note(nearest, roc_year, _("the nearest earlier one")))
        earliest = min(self.rubrics, key=lambda r: min(r.roc_years))
        return RubricChoice(earliest, _fallback_note(earliest, roc_year, _("the earliest one")))

    def by_id(self, name: str) -> Rubric | None:
        return next((r for r in self.rubrics if rubric_id(r) == name), None)

    def of(self, result: ReportResult) -> Rubric:
        """The rubric ``result`` was read with (the default for a file that was not read): every
        writer shows a report in its own rubric's dimensions and items."""
        if self.forced:
            return self.default
        return self.by_id(result.rubric) or self.default


#: A writer is given a set, or one rubric standing for the set of it alone.
Rubrics = RubricSet | Rubric


def as_set(rubrics: Rubrics) -> RubricSet:
    return rubrics if isinstance(rubrics, RubricSet) else RubricSet.one(rubrics)


def rubric_files(folder: Path = RUBRICS_DIR) -> list[Path]:
    """The rubric files of ``folder`` in name order (the files the cache key digests)."""
    return sorted(p for p in folder.glob("*.toml") if p.is_file())


def files_digest(paths: Iterable[Path]) -> str:
    """The SHA-256 of the files' names and bytes, without loading them as rubrics."""
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _forced_note(rubric: Rubric, roc_year: int | None) -> str:
    return _("the rubric is for the reports of {years}, not {year}: read with it anyway").format(
        years=rubric.years_text(), year=roc_year
    )


def _fallback_note(rubric: Rubric, roc_year: int, why: str) -> str:
    return _("no rubric is for the reports of {year}: read with the rubric for {years} ({file}), {why}").format(
        year=roc_year, years=rubric.years_text(), file=rubric_id(rubric), why=why
    )
