"""Versions of one report: the files that report the same unit and year, and the one to use.

Auditors receive a unit's report more than once (a 修正版, the 定稿, a file sent twice with other
totals). Each file stays one row of reports.csv; this module groups them by unit and ROC year
(units.csv) and names the version the year-over-year view is built from, by a rule a person can
predict and override (docs/OUTPUT.md, "Which version is chosen"):

1. a file named with ``--prefer`` (``Options.prefer``), the first one listed;
2. a file whose name says 定稿, then one whose name says 修正版 (修正, 修訂);
3. a version read whole (``ok``) before one read in part (``partial``);
4. the file modified last (its modification time in INPUT);
5. the last file in path order (the order of ``source_file``).

Only files read as reports (``ok`` or ``partial``, with a unit and a year in the title) are
versions; a byte-identical copy is ``skipped`` in reports.csv and is no second version.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline.results import ReportResult
from pipeline.statuses import Status

#: Words in a file's name that say which version it is, the strongest first.
FINAL_WORDS = ("定稿",)
REVISED_WORDS = ("修正版", "修正", "修訂")


@dataclass(frozen=True)
class UnitYear:
    """One unit's report of one year: its versions in ``source_file`` order and the chosen one."""

    unit: str
    roc_year: int
    versions: tuple[ReportResult, ...]
    chosen: ReportResult

    @property
    def competing(self) -> bool:
        """Versions that claim different 總分 (one with none found claims nothing): a person should look."""
        return len({t for r in self.versions if (t := claimed_total(r)) is not None}) > 1


def claimed_total(r: ReportResult) -> float | None:
    x = r.extraction
    return x.total.value if x is not None and x.total is not None else None


def version_rank(name: str) -> int:
    """2 for a 定稿, 1 for a 修正版, 0 for a file whose name says neither."""
    stem = name.rsplit("/", 1)[-1]
    if any(word in stem for word in FINAL_WORDS):
        return 2
    if any(word in stem for word in REVISED_WORDS):
        return 1
    return 0


def modification_times(results: Sequence[ReportResult], source: Path) -> dict[str, float]:
    """Each read file's modification time, by ``source_file``; ``source`` is INPUT (or the one file).

    Links are not followed (``pipeline.inputs`` reads none out of INPUT); a name that cannot be
    found again (its bytes were not UTF-8 and it is shown escaped) simply has no time."""
    times: dict[str, float] = {}
    for r in results:
        if r.extraction is None:
            continue
        path = source if source.is_file() else source / r.source_file
        try:
            times[r.source_file] = os.stat(path, follow_symlinks=False).st_mtime
        except OSError:
            continue
    return times


def group_versions(
    results: Sequence[ReportResult], modified: Mapping[str, float] | None = None, prefer: Collection[str] = ()
) -> list[UnitYear]:
    """The unit-years of ``results``, sorted by unit then year, each with its chosen version."""
    modified = modified or {}
    preferred = {name: n for n, name in enumerate(prefer)}
    groups: dict[tuple[str, int], list[ReportResult]] = {}
    for r in results:
        x = r.extraction
        if x is None or r.status not in (Status.ok, Status.partial) or not x.title.unit or x.title.roc_year is None:
            continue
        groups.setdefault((x.title.unit, x.title.roc_year), []).append(r)

    def strength(r: ReportResult) -> tuple[int, int, int, float, str]:
        wanted = -preferred[r.source_file] if r.source_file in preferred else -len(preferred) - 1
        return (
            wanted, version_rank(r.source_file), int(r.status == Status.ok),
            modified.get(r.source_file, float("-inf")), r.source_file,
        )

    return [
        UnitYear(unit, year, tuple(sorted(found, key=lambda r: (r.source_file, r.report_id))), max(found, key=strength))
        for (unit, year), found in sorted(groups.items())
    ]
