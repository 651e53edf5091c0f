"""The output folder holds one run's files, readable by whoever the user's umask lets read them.

A run killed between two output files used to leave new reports and scores beside the previous
run's findings; every file was created 0600 (``tempfile.mkstemp``), so colleagues on a shared
folder could not open the results; and kaohe.log was emptied by each run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import pipeline.outputs
from pipeline.api import extract
from pipeline.errors import UsageError
from pipeline.options import Options
from pipeline.outputs import mixed_files, output_lock, recover
from tests.conftest import SAMPLES, read_csv

FILES = ["110_keelung.docx", "110_tainan.odt"]


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in FILES:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_outputs_get_the_users_umask(inbox: Path, tmp_path: Path, umask_022: None) -> None:
    out = tmp_path / "out"
    extract(inbox, out, Options(workers=1))
    extract(inbox, out, Options(workers=1))  # the cache's files too, and a second run's
    made = [p for p in out.rglob("*") if p.is_file()]
    assert {p.name for p in made} >= {"reports.csv", "report.html", "report.xlsx", "run.json", "kaohe.log"}
    modes = {p.relative_to(out).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in made}
    assert modes == dict.fromkeys(modes, 0o644)


def _run_json(out: Path) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((out / "run.json").read_text(encoding="utf-8"))
    return document


def _set(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and p.name != "kaohe.log"}


def test_a_run_that_dies_between_two_files_leaves_the_old_set_whole(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    extract(inbox, out, Options(workers=1))
    old = _set(out)
    old_id = _run_json(out)["run_id"]
    assert old_id and mixed_files(out) == [], "run.json lists every file of its set"
    assert set(_run_json(out)["outputs"]) == set(old) - {"run.json"}

    (inbox / FILES[0]).unlink()  # the next run's set differs in every file
    import pipeline.write.auditor

    def dies(*args: object, **kwargs: object) -> None:
        raise OSError("the disk is full")

    monkeypatch.setattr(pipeline.write.auditor, "write_xlsx", dies)  # after the CSV files and report.html
    with pytest.raises(OSError, match="disk is full"):
        extract(inbox, out, Options(workers=1))
    assert _set(out) == old, "every file is the previous run's"
    assert _run_json(out)["run_id"] == old_id and mixed_files(out) == []
    assert [p.name for p in out.iterdir() if p.name.startswith(".kaohe-staging")] == []

    monkeypatch.undo()
    extract(inbox, out, Options(workers=1))
    assert _run_json(out)["run_id"] != old_id and mixed_files(out) == []
    assert {r["source_file"] for r in read_csv(out / "reports.csv")} == {FILES[1]}


def test_a_run_stopped_while_putting_its_set_in_place_is_finished_by_the_next(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    extract(inbox, out, Options(workers=1))
    (inbox / FILES[0]).unlink()
    real_replace = os.replace
    moved: list[str] = []

    def killed_after_two(src: Any, dst: Any) -> None:
        into_place = Path(src).parent.name.startswith(".kaohe-staging") and Path(dst).parent == out
        if into_place and len(moved) == 2:
            raise KeyboardInterrupt
        real_replace(src, dst)
        if into_place:
            moved.append(Path(dst).name)

    monkeypatch.setattr(pipeline.outputs.os, "replace", killed_after_two)
    with pytest.raises(KeyboardInterrupt):
        extract(inbox, out, Options(workers=1))
    monkeypatch.undo()
    assert len(moved) == 2 and "dimensions.csv" in mixed_files(out), "a mixed folder is told by its manifest"
    recover(out)  # what the next run does first
    assert mixed_files(out) == []
    assert {r["source_file"] for r in read_csv(out / "reports.csv")} == {FILES[1]}
    assert [p.name for p in out.iterdir() if p.name.startswith(".kaohe-staging")] == []


def test_a_second_run_into_a_folder_in_use_is_refused(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with output_lock(out), pytest.raises(UsageError, match="another kaohe run is writing"):
        extract(inbox, out, Options(workers=1, lang="en"))


LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ \[(?P<file>[^\]]*)\] ")


def test_the_log_keeps_earlier_runs_and_every_line_names_its_file(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.run

    def broken(*args: object) -> None:
        raise ValueError("a narrative that breaks\nover two lines")

    monkeypatch.setattr(pipeline.run, "read_metrics", broken)  # logged with its traceback, in the worker
    out = tmp_path / "out"
    extract(inbox, out, Options(workers=2, cache=False))
    first = (out / "kaohe.log").read_text(encoding="utf-8")
    extract(inbox, out, Options(workers=2, cache=False))
    log = (out / "kaohe.log").read_text(encoding="utf-8")
    assert log.startswith(first), "the previous run's lines are kept"
    runs = [line for line in log.splitlines() if " RUN [-] kaohe: run " in line]
    assert len(runs) == 2 and _run_json(out)["run_id"] in runs[1]
    lines = log.splitlines()
    assert all(LINE.match(line) for line in lines), [line for line in lines if not LINE.match(line)][:3]
    for name in FILES:
        about = [line for line in lines if LINE.match(line)["file"] == name]  # type: ignore[index]
        assert any("Traceback" in line for line in about) and any("over two lines" in line for line in about)
        assert any('raise ValueError("a narrative that breaks' in line for line in about), name
