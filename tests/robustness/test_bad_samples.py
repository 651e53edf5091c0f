"""Every bad file in samples/bad gets a clear answer: its status and its sentence, one by one.

The files are made by samples/make_bad_samples.py; the run over the whole folder is the
``bad_run`` fixture (tests/robustness/conftest.py), through the console command, with the
default isolated workers and limits.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest

from tests.robustness.conftest import BAD, BadRun

UNSAFE_XML = re.escape("declares a DOCTYPE or entities, which are refused (never expanded, never fetched)")

#: source_file -> (format, status, error as a regular expression; "" for none)
EXPECTED: dict[str, tuple[str, str, str]] = {
    "empty.pdf": ("pdf", "failed", r"file is empty"),
    "truncated.pdf": ("pdf", "failed", r"damaged PDF: the file ends too early \(it may be truncated\)"),
    "broken_xref.pdf": ("pdf", "ok", r""),  # rebuilt by scanning the objects, then read as usual
    "encrypted_user_password.pdf": ("pdf", "failed", r"encrypted PDF: a password is needed"),
    "encrypted_owner_only.pdf": ("pdf", "ok", r""),  # opens without a password: read normally
    "text_named.docx": ("docx", "failed", r"not a Word document although named \.docx"),
    "docx_named.pdf": ("docx", "ok", r""),  # told by its content
    "not_a_report.docx": ("docx", "failed", r"no rubric items found: this does not look like a performance report"),
    # a picture of grey bars: OCR on, it reads no text from it, and says so
    "scanned.pdf": ("pdf", "failed", r"no text layer: the pages are scanned images, and OCR read no text from them"),
    "zip_bomb.docx": (
        "docx", "failed",
        r"unsafe Word document: part word/document\.xml would inflate from [\d.]+ KB to [\d.]+ MB, \d+ times "
        r"\(a zip bomb\?\): refused unread",
    ),
    "zip_bomb.odt": (
        "odt", "failed",
        r"unsafe ODT document: part content\.xml would inflate from [\d.]+ KB to [\d.]+ MB, \d+ times "
        r"\(a zip bomb\?\): refused unread",
    ),
    "entity_expansion.docx": ("docx", "failed", r"unsafe Word document: part word/document\.xml " + UNSAFE_XML),
    "external_entity.docx": ("docx", "failed", r"unsafe Word document: part docProps/core\.xml " + UNSAFE_XML),
    "external_entity.odt": ("odt", "failed", r"unsafe ODT document: part content\.xml " + UNSAFE_XML),
    "zip_slip.docx": (
        "docx", "failed",
        r"unsafe Word document: a part is named '\.\./\.\./kaohe_zip_slip\.txt', a path out of the package: refused",
    ),
    "cid_no_unicode.pdf": ("pdf", "failed", r"no Unicode map for the text: the PDF must be OCRed or re-exported"),
    "many_pages.pdf": ("pdf", "failed", r"too many pages: more than 1000, far more than any report \(refused unread\)"),
    "circular_reference.pdf": ("pdf", "failed", r"damaged PDF: its objects refer to each other in a circle"),
    "deeply_nested.pdf": ("pdf", "failed", r"damaged PDF: its objects are nested too deeply to read \(page 1\)"),
    "名稱 有 空格 (副本).docx": ("docx", "ok", r""),
    "'=1+1 考核.docx": ("docx", "ok", r""),  # the CSV formula guard writes the name with a leading '
    "duplicate_first.docx": ("docx", "ok", r""),
    "duplicate_second.docx": ("docx", "skipped", r"duplicate of duplicate_first\.docx"),
    "fuzz_seeds/report.docx": ("docx", "ok", r""),
    "fuzz_seeds/report.odt": ("odt", "ok", r""),
    "fuzz_seeds/report_page1.pdf": ("pdf", "partial", r"10 rubric item\(s\) without a score .*; no 總分 found"),
    "fuzz_seeds/report_page1_compressed.pdf": ("pdf", "partial", r"10 rubric item\(s\) without a score .*"),
    # mutants the fuzz test once broke (tests/robustness/test_fuzz.py), named after seed and case
    "fuzz_seeds/found/seed1001-01579-xref-index-count-not-whole.pdf": (
        "pdf", "failed", r"damaged PDF: the file structure cannot be read",
    ),
    "fuzz_seeds/found/seed1002-02857-part-name-with-control-characters.odt": (
        "odt", "failed", r"damaged ODT document: part \\n\S+ \S+ cannot be inflated",
    ),
    "fuzz_seeds/found/seed1003-00356-relationship-without-target.docx": (
        "docx", "failed", r"damaged Word document: the file could not be opened",
    ),
}


def test_every_sample_has_an_expectation_and_a_row(bad_run: BadRun) -> None:
    on_disk = {p.relative_to(BAD).as_posix() for p in BAD.rglob("*") if p.is_file()}
    in_csv = {name.removeprefix("'") for name in bad_run.rows}
    assert in_csv == on_disk, "every file is accounted for in reports.csv"
    assert {name.removeprefix("'") for name in EXPECTED} == on_disk, "every sample has its expectation here"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_status_and_sentence(bad_run: BadRun, name: str) -> None:
    fmt, status, error = EXPECTED[name]
    row = bad_run.rows[name]
    assert (row["format"], row["status"]) == (fmt, status), row["error"]
    assert re.fullmatch(error, row["error"]), f"{name}: {row['error']!r}"
    assert "Traceback" not in row["error"] and "\n" not in row["error"]


def test_read_normally_means_the_figures_are_there(bad_run: BadRun) -> None:
    for name in ("broken_xref.pdf", "encrypted_owner_only.pdf", "docx_named.pdf"):
        row = bad_run.rows[name]
        assert row["claimed_total"] and row["recomputed_total"] and row["unit"], name


def test_exit_code_says_some_files_failed(bad_run: BadRun) -> None:
    assert bad_run.exit_code == 2


def test_run_json_accounts_for_every_file(bad_run: BadRun) -> None:
    run = bad_run.run
    files = {f["source_file"]: f for f in run["files"]}  # JSON needs no formula guard: names as they are
    rows = {name.removeprefix("'"): row for name, row in bad_run.rows.items()}
    assert set(files) == set(rows)
    assert run["files_total"] == len(files) == sum(run["counts"].values())
    for name, entry in files.items():
        path = BAD / name
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest(), name
        assert entry["report_id"] == entry["sha256"][:12] == rows[name]["report_id"]
        assert entry["bytes"] == path.stat().st_size
        assert (entry["status"], entry["error"]) == (rows[name]["status"], rows[name]["error"])
        assert entry["seconds"] is not None and entry["seconds"] >= 0, name
    assert files["broken_xref.pdf"]["pages"] == 10
    assert run["limits"]["timeout_seconds"] == 120 and run["limits"]["max_memory_bytes"] == 2 * 1024**3


def test_duplicates_share_the_report_id_and_only_the_first_has_scores(bad_run: BadRun) -> None:
    first, second = bad_run.rows["duplicate_first.docx"], bad_run.rows["duplicate_second.docx"]
    assert first["report_id"] == second["report_id"]
    scores = (bad_run.folder / "scores.csv").read_text(encoding="utf-8-sig")
    assert scores.count(first["report_id"]) == 11, "one row per rubric item, not two"


def test_nothing_of_a_zip_slip_is_written_anywhere(bad_run: BadRun) -> None:
    for folder in (bad_run.folder, bad_run.folder.parent, bad_run.folder.parent.parent, BAD, BAD.parent, Path.cwd()):
        assert not (folder / "kaohe_zip_slip.txt").exists(), folder


def test_no_temporary_file_is_left_in_the_output(bad_run: BadRun) -> None:
    assert not [p.name for p in bad_run.folder.iterdir() if p.name.startswith(".") and p.name != ".cache"]
    assert not [p.name for p in (bad_run.folder / ".cache").iterdir() if p.name.startswith(".")]


def test_peak_memory_stays_well_under_the_limit(bad_run: BadRun) -> None:
    peak = bad_run.run["peak_worker_memory_bytes"]
    assert 0 < peak < 1024**3, "a worker of the run over samples/bad stayed under 1 GiB (the limit is 2 GiB)"
    assert bad_run.peak_children_rss < 2 * 1024**3


def test_the_run_over_all_bad_samples_is_quick(bad_run: BadRun) -> None:
    assert bad_run.seconds < 90, "no bad file makes the batch wait for a time limit"
