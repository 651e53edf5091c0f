"""A byte-identical copy is skipped, but its reports.csv row shows what its first copy is."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from pipeline.batch import Limits, run_batch
from pipeline.duplicates import with_copies_filled
from pipeline.options import ReadContext
from pipeline.results import ReportResult
from pipeline.rubric import load_rubric
from pipeline.statuses import Status
from pipeline.write.csv import write_all
from tests.conftest import ROOT

RUBRIC = load_rubric()
FIRST = ROOT / "samples" / "bad" / "duplicate_first.docx"
SHOWN_AS_THE_FIRST = (
    "report_id", "format", "organization", "unit", "roc_year", "year", "pages", "claimed_total",
    "recomputed_total", "claimed_grade", "recomputed_grade", "findings",
)


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_a_copy_s_row_carries_its_first_copy_s_figures_and_nothing_repeats(tmp_path: Path) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    shutil.copy(FIRST, folder / "a.docx")
    shutil.copy(FIRST, folder / "b (copy).docx")
    batch = run_batch(folder, ReadContext(RUBRIC), limits=Limits(workers=1))
    write_all(batch.results, RUBRIC, out)

    reports = {r["source_file"]: r for r in _rows(out / "reports.csv")}
    first, copy = reports["a.docx"], reports["b (copy).docx"]
    assert (copy["status"], copy["error"]) == ("skipped", "duplicate of a.docx")
    assert first["status"] == "ok" and first["unit"] and first["claimed_total"] and first["recomputed_total"]
    assert {c: copy[c] for c in SHOWN_AS_THE_FIRST} == {c: first[c] for c in SHOWN_AS_THE_FIRST}
    rid = first["report_id"]
    assert len([r for r in _rows(out / "scores.csv") if r["report_id"] == rid]) == len(RUBRIC.items)
    assert len([r for r in _rows(out / "dimensions.csv") if r["report_id"] == rid]) == len(RUBRIC.dimensions)
    assert len([r for r in _rows(out / "findings.csv") if r["report_id"] == rid]) == int(first["findings"])


def test_only_skipped_copies_are_filled_and_the_rest_is_kept_as_it_is() -> None:
    read = ReportResult("0123456789ab", "a.docx", "docx", Status.failed, "file is damaged", pages=3)
    copy = ReportResult("0123456789ab", "b.docx", "docx", Status.skipped, "duplicate of a.docx")
    other = ReportResult("ba9876543210", "c.txt", "txt", Status.skipped, "not a report format")
    empty = ReportResult("e3b0c44298fc", "d.pdf", "pdf", Status.failed, "file is empty")
    again = ReportResult("e3b0c44298fc", "e.pdf", "pdf", Status.failed, "file is empty")
    filled = with_copies_filled([copy, read, other, empty, again])  # the copy may sort first
    assert filled[1:] == [read, other, empty, again]
    assert (filled[0].source_file, filled[0].status, filled[0].error, filled[0].pages) == (
        "b.docx", "skipped", "duplicate of a.docx", 3
    )
