"""A file's follow-up (its evidence pictures) runs in the task that read it
(``pipeline.worker.work``): whatever becomes of the follow-up, the file keeps its result."""

from __future__ import annotations

import functools
import os
import signal
import time
from pathlib import Path

import pytest

from pipeline import lone
from pipeline.batch import run_batch
from pipeline.options import Limits, ReadContext
from pipeline.results import ReportResult
from pipeline.rubric import load_rubric
from pipeline.worker import Read, load_checkpoint, save_checkpoint
from pipeline.write.render_pool import failure_sentence
from tests.robustness.test_batch import misbehaving

SKIPPED = "not a report format (.txt): skipped"


@pytest.fixture(scope="module")
def context() -> ReadContext:
    return ReadContext(load_rubric(None))


def _inbox(tmp_path: Path, *names: str) -> Path:
    inbox = tmp_path / "in"
    inbox.mkdir(parents=True)
    for name in names:
        (inbox / name).write_text(f"not a report format: {name}", encoding="utf-8")  # not duplicates
    return inbox


def _crash() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def _hang() -> None:
    time.sleep(600)


def _value(name: str) -> str:
    return f"pictures of {name}"


def crash_on_a(result: ReportResult, path: Path) -> functools.partial[object]:
    """A follow-up that crashes its worker on a.txt and hangs on h.txt (module level: it travels to the pool)."""
    if path.name.startswith("a"):
        return functools.partial(_crash)
    if path.name.startswith("h"):
        return functools.partial(_hang)
    return functools.partial(_value, path.name)


@pytest.mark.skipif(not lone.available(), reason="the deadline of a follow-up is watched where workers are forked")
def test_a_follow_up_that_crashes_or_hangs_costs_only_its_own_outcome(tmp_path: Path, context: ReadContext) -> None:
    inbox = _inbox(tmp_path, "a.txt", "b.txt", "h.txt")
    started = time.perf_counter()
    batch = run_batch(inbox, context, limits=Limits(workers=2, timeout=3), reader=misbehaving, follow_up=crash_on_a)
    assert time.perf_counter() - started < 30, "the hanging follow-up is stopped at its own time limit"
    assert [(r.source_file, r.status, r.error) for r in batch.results] == [
        ("a.txt", "skipped", SKIPPED), ("b.txt", "skipped", SKIPPED), ("h.txt", "skipped", SKIPPED),
    ], "each file's result is kept, from its checkpoint where the follow-up took its worker down"
    assert batch.follow_ups["b.txt"] == ("pictures of b.txt", None)
    value, err = batch.follow_ups["a.txt"]
    assert value is None and isinstance(err, lone.WorkerDied)
    assert failure_sentence(err, Limits()) == "the renderer crashed on this file (signal 11)"
    value, err = batch.follow_ups["h.txt"]
    assert value is None and isinstance(err, TimeoutError)
    assert failure_sentence(err, Limits(timeout=3)) == "rendering took longer than the 3 s time limit (--timeout)"
    assert all(r.seconds is not None and r.seconds < 3 for r in batch.records), "the reading's own seconds"


def test_a_checkpoint_gives_back_what_was_written_and_nothing_else(tmp_path: Path) -> None:
    read = Read(ReportResult("abc", "a.pdf", "pdf", "ok", ""), 1.5, 1024)
    save_checkpoint(tmp_path / "1.pickle", read)
    assert load_checkpoint(tmp_path / "1.pickle") == read
    assert load_checkpoint(tmp_path / "2.pickle") is None, "none written"
    (tmp_path / "3.pickle").write_bytes(b"\x80\x05 cut short")
    assert load_checkpoint(tmp_path / "3.pickle") is None, "a torn file is no result"

