"""The content-hash cache: a second run reads nothing again and writes the same CSV files."""

from __future__ import annotations

import json
import pickle
import shutil
from pathlib import Path
from typing import Any

import pytest

from pipeline.api import extract
from pipeline.cache import ResultCache, program_version
from pipeline.cli import main
from pipeline.options import Options, ParseSettings
from pipeline.results import ReportResult
from pipeline.rubric import DEFAULT_RUBRIC
from tests.conftest import SAMPLES

FILES = ["110_hualien_drawn.pdf", "110_tainan.odt", "110_keelung.docx"]
CSVS = ["reports.csv", "scores.csv", "dimensions.csv", "indicators.csv", "metrics.csv", "findings.csv"]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in FILES:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def _run(inbox: Path, out: Path, *extra: str) -> dict[str, dict[str, Any]]:
    assert main(["extract", str(inbox), "-o", str(out), "--quiet", "--workers", "2", *extra]) in (0, 1)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return {entry["source_file"]: entry for entry in run["files"]}


def _csvs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in CSVS}


def _cached(files: dict[str, dict[str, Any]]) -> dict[str, bool]:
    return {name: entry["cached"] for name, entry in files.items()}


def test_a_second_run_takes_every_file_from_the_cache_and_writes_the_same_csvs(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _run(inbox, out)
    assert _cached(first) == dict.fromkeys(FILES, False)
    written = _csvs(out)
    times = {name: (out / name).stat().st_mtime_ns for name in ("report.html", "kaohe.sqlite", *CSVS)}
    second = _run(inbox, out)
    assert _cached(second) == dict.fromkeys(FILES, True)
    assert all(entry["seconds"] == 0 for entry in second.values())
    assert _csvs(out) == written, "cached results give byte-identical CSV files"
    assert {name: (out / name).stat().st_mtime_ns for name in times} == times, "unchanged files are not written again"
    assert json.loads((out / "run.json").read_text(encoding="utf-8"))["outputs"].keys() >= set(times), (
        "the files left in place are the set run.json lists")
    (out / "report.xlsx").unlink()
    _run(inbox, out)
    assert (out / "report.xlsx").is_file(), "a missing auditor's file is written again"
    edited = (out / "scores.csv").read_bytes()
    (out / "scores.csv").write_bytes(edited.replace(b",", b";", 1))
    _run(inbox, out)
    assert (out / "scores.csv").read_bytes() == edited, "a CSV file changed since is written again"
    (inbox / FILES[2]).rename(inbox / "renamed.docx")
    files = _run(inbox, out)
    assert files["renamed.docx"]["cached"] is True, "a renamed file is found by its bytes, under its new name"
    fresh = tmp_path / "fresh"
    assert not any(_cached(_run(inbox, fresh, "--no-cache")).values())
    assert _csvs(out) == _csvs(fresh), "cached results give the CSV files of a fresh run, byte for byte"
    assert not (fresh / ".cache").exists(), "--no-cache writes no cache"


def test_a_changed_file_is_read_again(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(inbox, out)
    with (inbox / FILES[0]).open("ab") as fh:
        fh.write(b"\n% changed after the end\n")
    files = _run(inbox, out)
    assert _cached(files) == {FILES[0]: False, FILES[1]: True, FILES[2]: True}


def test_a_changed_rubric_reads_every_file_again(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    rubric = tmp_path / "rubric.toml"
    rubric.write_bytes(DEFAULT_RUBRIC.read_bytes())
    _run(inbox, out, "--rubric", str(rubric))
    assert _cached(_run(inbox, out, "--rubric", str(rubric))) == dict.fromkeys(FILES, True)
    rubric.write_bytes(DEFAULT_RUBRIC.read_bytes() + b"\n# a comment changes the file\n")
    assert _cached(_run(inbox, out, "--rubric", str(rubric))) == dict.fromkeys(FILES, False)


def _cached_with(inbox: Path, out: Path, options: Options) -> dict[str, bool]:
    extract(inbox, out, options)
    files = json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]
    return {entry["source_file"]: entry["cached"] for entry in files}


def test_only_the_options_that_change_results_miss_the_cache(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    assert _cached_with(inbox, out, Options(workers=1)) == dict.fromkeys(FILES, False)
    written = _csvs(out)
    how_fast = Options(workers=2, timeout=60, max_memory=0, progress=True)
    assert _cached_with(inbox, out, how_fast) == dict.fromkeys(FILES, True), "workers and limits change no result"
    without_ocr = Options(workers=2, parse=ParseSettings(ocr=False))  # not the default: another key
    assert _cached_with(inbox, out, without_ocr) == dict.fromkeys(FILES, False), "a parse switch is part of the key"
    assert _cached_with(inbox, out, without_ocr) == dict.fromkeys(FILES, True)
    assert _cached_with(inbox, out, Options(workers=1)) == dict.fromkeys(FILES, True), "both kept side by side"
    assert _csvs(out) == written


def test_a_corrupt_cache_entry_is_ignored_and_the_file_read_again(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(inbox, out)
    written = _csvs(out)
    entries = sorted((out / ".cache").glob("*.result"))
    damages = [b"", b"not an entry", pickle.dumps(("something", "else"))]
    assert len(entries) == len(damages) == len(FILES)
    for entry, damage in zip(entries, damages, strict=True):
        entry.write_bytes(damage)
    page = (out / "report.html").stat().st_mtime_ns
    files = _run(inbox, out)
    assert _cached(files) == dict.fromkeys(FILES, False)
    assert _csvs(out) == written
    assert (out / "report.html").stat().st_mtime_ns != page, "a run that read its files writes the whole set"
    assert _cached(_run(inbox, out)) == dict.fromkeys(FILES, True), "the damaged entries were written anew"


def test_an_entry_of_another_program_version_is_a_miss(tmp_path: Path) -> None:
    result = ReportResult("abc", "a.pdf", "pdf", "ok")
    ResultCache(tmp_path, "options", version="old").put("f" * 64, result)
    assert ResultCache(tmp_path, "options", version="old").get("f" * 64, "b.pdf") == ReportResult(
        "abc", "b.pdf", "pdf", "ok"
    )
    assert ResultCache(tmp_path, "options").get("f" * 64, "a.pdf") is None
    assert ResultCache(tmp_path, "other options", version="old").get("f" * 64, "a.pdf") is None
    assert program_version() == program_version() and program_version().startswith("0.")


def test_failed_results_are_not_kept(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path, "options")
    cache.put("e" * 64, ReportResult("abc", "a.pdf", "pdf", "failed", "broken"))
    assert cache.get("e" * 64, "a.pdf") is None
    assert not list(tmp_path.iterdir())
