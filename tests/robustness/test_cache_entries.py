"""What another person puts in ``OUTPUT/.cache`` neither runs nor changes a figure.

The output folder may be a shared drive or a zip of results sent back, and an entry's name is
computable from public inputs (the file's bytes, the rubric, kaohe's sources). A pickle planted
there ran its code as the next person to run kaohe; an entry with changed figures planted under
the right name became that file's result. Both must now be misses: the file is read again.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from pipeline.api import extract
from pipeline.cache import ResultCache
from pipeline.options import Options
from pipeline.results import Figure
from tests.conftest import SAMPLES, read_csv

FILES = ["110_keelung.docx", "110_tainan.odt"]
CSVS = ["reports.csv", "scores.csv", "dimensions.csv", "findings.csv"]


class Payload:
    """Unpickling this makes a folder: proof that the planted code ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.mkdir, (str(self.marker),)


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in FILES:
        shutil.copy(SAMPLES / name, folder / name)
    return folder


def _run(inbox: Path, out: Path) -> dict[str, bool]:
    extract(inbox, out, Options(workers=2))
    import json

    files = json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]
    return {f["source_file"]: f["cached"] for f in files}


def _csvs(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in CSVS}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_planted_pickle_never_runs(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(inbox, out)
    written = _csvs(out)
    marker = tmp_path / "the-payload-ran"
    payload = pickle.dumps(Payload(marker))
    cache = ResultCache(out / ".cache", Options().result_key())
    planted = [cache._path(_sha256(inbox / name)) for name in FILES]  # the very names a run looks up
    planted += [p for p in (out / ".cache").iterdir() if p.is_file()]
    for path in planted:
        path.write_bytes(payload)
    assert _run(inbox, out) == dict.fromkeys(FILES, False), "a planted entry is a miss: the file is read again"
    assert not marker.exists(), "the planted pickle's code ran"
    assert _csvs(out) == written


def test_a_forged_entry_under_the_right_name_changes_no_figure(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))  # the forger runs kaohe too
    _run(inbox, out)
    truth = _csvs(out)
    forger = ResultCache(out / ".cache", Options().result_key())
    digest = _sha256(inbox / FILES[0])
    result = forger.get(digest, FILES[0])
    assert result is not None and result.extraction is not None and result.extraction.total is not None
    total = result.extraction.total
    forged = replace(result, extraction=replace(result.extraction, total=Figure(999.0, total.evidence)))
    forger.put(digest, forged)  # well formed, under the right name, signed with the forger's own key
    assert forger.get(digest, FILES[0]) == forged

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "me"))
    assert _run(inbox, out) == dict.fromkeys(FILES, False)
    totals = {r["source_file"]: r["claimed_total"] for r in read_csv(out / "reports.csv")}
    assert totals[FILES[0]] != "999" and _csvs(out) == truth
    log = (out / "kaohe.log").read_text(encoding="utf-8")
    assert f"{FILES[0]}: ignoring its cache entry" in log and "not signed with your key" in log


def test_an_edited_entry_is_a_miss_and_its_own_entries_still_hit(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    _run(inbox, out)
    truth = _csvs(out)
    assert _run(inbox, out) == dict.fromkeys(FILES, True), "the user's own entries are used"
    edited = 0
    for entry in (out / ".cache").glob("*.result"):
        data = entry.read_bytes()
        if b'"value":' in data:
            entry.write_bytes(data.replace(b'"value":', b'"value":1', 1))  # one figure changed, signature kept
            edited += 1
    assert edited == len(FILES)
    assert _run(inbox, out) == dict.fromkeys(FILES, False)
    assert _csvs(out) == truth


def test_the_key_is_the_users_alone(inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    out = tmp_path / "out"
    _run(inbox, out)
    key = home / "kaohe" / "key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert not any(p.suffix == ".pickle" for p in (out / ".cache").iterdir())
    key.chmod(0o644)  # readable by others: anyone could sign with it
    assert _run(inbox, out) == dict.fromkeys(FILES, False), "a key others can read is not used"
    assert "the cache is off for this run" in (out / "kaohe.log").read_text(encoding="utf-8")
