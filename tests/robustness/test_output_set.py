"""The output folder holds one run's files, readable by whoever the user's umask lets read them.

A run killed between two output files used to leave new reports and scores beside the previous
run's findings; every file was created 0600 (``tempfile.mkstemp``), so colleagues on a shared
folder could not open the results; and kaohe.log was emptied by each run.
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.api import extract
from pipeline.options import Options
from tests.conftest import SAMPLES

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
