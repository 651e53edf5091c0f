"""What the workbook adds to the CSV rows: figures as numbers, reports by name, links to the page.

findings.csv keeps ``claimed`` and ``expected`` as text, since a finding compares a grade (甲)
or a range (0-100) as often as a figure; in Excel a figure stored as text neither sums nor
sorts, so here each is a number whenever it is one. Rows of the other sheets name their report
by ``report_id`` alone, which no auditor can read: the workbook names it by unit, year and
file. Each finding links to the source file at its page (``file.pdf#page=N``), relative to the
workbook, so the output folder and the input folder can be moved together.
"""

from __future__ import annotations

import os
from pathlib import Path

import regex

from pipeline.results import ReportResult
from pipeline.text import number
from pipeline.write.csv import Value

_FIGURE = regex.compile(r"-?\d+(?:\.\d+)?")
_RANGE = regex.compile(r"(-?\d+(?:\.\d+)?)-(-?\d+(?:\.\d+)?)")


def figure(text: Value) -> Value:
    """``"95"`` as 95 and ``"84.6"`` as 84.6; any other text (a grade, a range) as it is."""
    if not isinstance(text, str) or not _FIGURE.fullmatch(text):
        return text
    value = float(text)
    return int(value) if value.is_integer() and "." not in text else value


def difference(claimed: Value, expected: Value) -> int | float | None:
    """How far the printed figure is from the expected one: claimed − expected; for a range
    (``0-100``, a score out of range) the distance past its nearer end; None for a grade."""
    claimed = figure(claimed)
    if not isinstance(claimed, int | float):
        return None
    expected_figure = figure(expected)
    if isinstance(expected_figure, int | float):
        return _plain(claimed - expected_figure)
    bounds = _RANGE.fullmatch(expected) if isinstance(expected, str) else None
    if bounds is None:
        return None
    low, high = float(bounds[1]), float(bounds[2])
    return _plain(claimed - high if claimed > high else claimed - low if claimed < low else 0)


def _plain(value: float) -> int | float:
    """A difference as people write it: 2, not 2.0000000000000284 (the sum of two decimals)."""
    value = float(number(value))
    return int(value) if value.is_integer() else value


def report_name(r: ReportResult) -> str:
    """``基隆分局 110 · 111/keelung.pdf``: what a person calls the report, then the file it is;
    the file alone when its title was not read."""
    title = r.extraction.title if r.extraction is not None else None
    named = " ".join(str(part) for part in (title.unit, title.roc_year) if part) if title else ""
    return f"{named} · {r.source_file}" if named else r.source_file


def source_link(source: Path | None, home: Path, source_file: str, page: int | None) -> str | None:
    """The relative link from the folder ``home`` (where the workbook lives) to ``source_file`` in
    the input folder ``source``, at ``page`` for a PDF; None when the input folder is not known.

    The link always starts with ``./`` or ``../``: a file or folder named ``https:`` in INPUT
    can never make it an address on the network. No link is made to a file that is not there
    (a name shown with its escapes, ``\xff``, is not the file's own) nor along a path that is not
    UTF-8 (the workbook's XML cannot hold it)."""
    if source is None or not (source / source_file).is_file():
        return None
    link = Path(os.path.relpath(source / source_file, home)).as_posix()
    try:
        link.encode("utf-8")
    except UnicodeEncodeError:
        return None
    if not link.startswith("../"):
        link = "./" + link
    return f"{link}#page={page}" if page else link
