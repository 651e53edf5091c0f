"""One run of the console command over samples/bad, shared by the tests of this folder."""

from __future__ import annotations

import json
import resource
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main
from tests.conftest import ROOT, read_csv

BAD = ROOT / "samples" / "bad"


@dataclass(frozen=True)
class BadRun:
    folder: Path
    exit_code: int
    seconds: float
    peak_children_rss: int  # bytes: the largest worker of this run (or of any earlier child)

    @property
    def rows(self) -> dict[str, dict[str, str]]:
        return {r["source_file"]: r for r in read_csv(self.folder / "reports.csv")}

    @property
    def run(self) -> dict[str, Any]:
        document: dict[str, Any] = json.loads((self.folder / "run.json").read_text(encoding="utf-8"))
        return document


@pytest.fixture(scope="session")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> BadRun:
    import time

    folder = tmp_path_factory.mktemp("bad-output")
    started = time.perf_counter()
    code = main(["extract", "--lang", "en", str(BAD), "-o", str(folder), "--quiet"])
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return BadRun(folder, code, seconds, peak)
