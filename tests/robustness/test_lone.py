"""A run of one file is read in a child of its own (``pipeline.lone``), not in a pool: it keeps
every limit and every sentence the pool's workers have, whichever way its child was forked."""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline import lone, ocr_clock
from pipeline.batch import memory_sentence, run_batch, timeout_sentence
from pipeline.options import Limits, ReadContext
from pipeline.results import ReportResult
from pipeline.rubric import load_rubric
from pipeline.write.render_pool import failure_sentence
from tests.robustness.test_batch import MIB, _vm_size, misbehaving

pytestmark = pytest.mark.skipif(not lone.available(), reason="no fork here: one file goes to the pool")

SKIPPED = "not a report format (.txt): skipped"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def context() -> ReadContext:
    return ReadContext(load_rubric(None))


def _one(tmp_path: Path, name: str) -> Path:
    inbox = tmp_path / "in"
    inbox.mkdir(parents=True)
    (inbox / name).write_text("not a report format", encoding="utf-8")
    return inbox


@pytest.mark.parametrize(("name", "sentence"), [
    ("crash.txt", "the reader crashed on this file (signal 11): stopped"),
    ("exit.txt", "the reader crashed on this file (exit code 3): stopped"),
    ("hang.txt", "reading it took longer than the 2 s time limit (--timeout): stopped"),
])
def test_the_lone_file_that_kills_its_child_is_one_failed_row(
    tmp_path: Path, context: ReadContext, name: str, sentence: str,
) -> None:
    started = time.perf_counter()
    batch = run_batch(_one(tmp_path, name), context, limits=Limits(workers=2, timeout=2), reader=misbehaving)
    assert time.perf_counter() - started < 20, "a hang is stopped at the time limit"
    assert [(r.source_file, r.status, r.error) for r in batch.results] == [(name, "failed", sentence)]
    assert batch.peak_memory is None, "no memory is reported for a file its child did not finish"


def test_the_lone_file_past_the_memory_limit_says_so(tmp_path: Path, context: ReadContext) -> None:
    limits = Limits(workers=1, timeout=30, max_memory=_vm_size() + 512 * MIB)
    for name in ("hog.txt", "cmem.txt"):  # Python's MemoryError, and C code's segfault at the limit
        inbox = tmp_path / name
        inbox.mkdir()
        (inbox / name).write_text("x", encoding="utf-8")
        batch = run_batch(inbox, context, limits=limits, reader=misbehaving)
        assert batch.results[0].error == memory_sentence(limits.max_memory), name


def test_the_lone_file_gets_the_time_its_ocred_pages_add(
    tmp_path: Path, context: ReadContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ocr_clock, "OCR_PAGE_SECONDS", 2.0)
    fits = run_batch(_one(tmp_path / "a", "ocr2-1.5.txt"), context, limits=Limits(timeout=2), reader=misbehaving)
    assert fits.results[0].error == SKIPPED, "3 s of OCR in the 6 s its two pages allow"
    late = run_batch(_one(tmp_path / "b", "ocr1-6.txt"), context, limits=Limits(timeout=2), reader=misbehaving)
    assert late.results[0].error == timeout_sentence(2, 1)
    assert late.records[0].seconds == 4.0, "the limit it had: 2 s and 2 s for its page"


def test_a_child_forked_early_is_the_one_that_reads(tmp_path: Path, context: ReadContext) -> None:
    inbox = _one(tmp_path, "pid.txt")
    with lone.forked_early(inbox, tmp_path / "out"):
        early = lone._waiting
        assert early is not None and early.alive(), "one file in INPUT: its child is forked at once"
        batch = run_batch(inbox, context, reader=_pid)
        assert lone._waiting is None, "the batch took it"
    assert batch.results[0].error == str(early._process.pid)
    assert not early.alive(), "ended once the file was read"


def _pid(path: Path, root: Path, context: ReadContext) -> ReportResult:
    result = misbehaving(path, root, context)
    return ReportResult(result.report_id, result.source_file, result.format, result.status, str(os.getpid()))


def test_no_child_is_forked_early_for_a_folder_of_files_nor_left_behind(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    for name in ("a.pdf", "b.pdf", ".hidden.pdf"):
        (inbox / name).write_bytes(b"")
    with lone.forked_early(inbox, tmp_path / "out"):
        assert lone._waiting is None
    (inbox / "b.pdf").unlink()
    (inbox / "out").mkdir()  # OUTPUT inside INPUT is not an input file
    with lone.forked_early(inbox, inbox / "out"):
        child = lone._waiting
        assert child is not None
    assert lone._waiting is None and not child.alive(), "a child not taken is ended with the run"


def test_a_run_of_one_pdf_imports_no_pool(tmp_path: Path) -> None:
    """pebble, and the asyncio it imports (a twentieth of a second), is for pools: a run of one
    file reads in its child and renders in a fork, and neither needs it."""
    argv = ["kaohe", "extract", str(ROOT / "samples/reports/110_hsinchu.pdf"), "-o", str(tmp_path / "out"), "-q"]
    code = (
        "import sys\n"
        "from pipeline.cli import console\n"
        f"sys.argv = {argv!r}\n"
        "code = 0\ntry:\n    console()\nexcept SystemExit as done:\n    code = done.code\n"
        "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('pebble', 'asyncio')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert done.stdout.split()[:2] == ["0", "[]"], done.stdout + done.stderr
    assert (tmp_path / "out" / "reports.csv").is_file()


def _crash() -> None:
    os.kill(os.getpid(), signal.SIGSEGV)


def test_a_follow_up_that_crashes_loses_only_its_own_outcome(tmp_path: Path, context: ReadContext) -> None:
    def follow_up(result: ReportResult, path: Path) -> functools.partial[None]:
        return functools.partial(_crash)

    batch = run_batch(_one(tmp_path, "a.txt"), context, limits=Limits(timeout=10), reader=misbehaving,
                      follow_up=follow_up)
    assert batch.results[0].error == SKIPPED, "the file's own result is kept"
    value, err = batch.follow_ups["a.txt"]
    assert value is None and isinstance(err, lone.WorkerDied)
    assert failure_sentence(err, Limits()) == "the renderer crashed on this file (signal 11)"


#: What the follow-up's preparation left in the process it ran in: (pid, file name).
_prepared: tuple[int, str] | None = None


def _prepare(name: str, how: str) -> None:
    global _prepared
    if how == "raise":
        raise RuntimeError("cannot prepare")
    if how == "crash":
        os.kill(os.getpid(), signal.SIGSEGV)
    if how == "hang":
        time.sleep(30)
    _prepared = (os.getpid(), name)


def _after_preparing() -> tuple[int, tuple[int, str] | None]:
    return os.getpid(), _prepared


class _Preparing:
    """A follow-up with work to do before its file is read (as the pictures load a PDF's pages)."""

    def __init__(self, how: str = "") -> None:
        self.how = how
        self.parent = os.getpid()

    def prepare(self, path: Path) -> functools.partial[None]:
        assert os.getpid() == self.parent, "asked in the batch's own process"
        return functools.partial(_prepare, path.name, self.how)

    def __call__(self, result: ReportResult, path: Path) -> functools.partial[tuple[int, tuple[int, str] | None]]:
        return functools.partial(_after_preparing)


def test_the_follow_up_runs_where_it_was_prepared_while_the_file_was_read(
    tmp_path: Path, context: ReadContext,
) -> None:
    batch = run_batch(_one(tmp_path, "a.txt"), context, limits=Limits(timeout=10), reader=misbehaving,
                      follow_up=_Preparing())
    assert batch.results[0].error == SKIPPED
    value, err = batch.follow_ups["a.txt"]
    assert err is None
    pid, prepared = value
    assert pid != os.getpid(), "in a child of its own"
    assert prepared == (pid, "a.txt"), "its preparation ran in the same child, before it"


@pytest.mark.parametrize("how", ["raise", "crash", "hang"])
def test_a_preparation_that_fails_costs_the_follow_up_nothing(
    tmp_path: Path, context: ReadContext, how: str, no_child_left: None,
) -> None:
    started = time.perf_counter()
    batch = run_batch(_one(tmp_path, "a.txt"), context, limits=Limits(timeout=2), reader=misbehaving,
                      follow_up=_Preparing(how))
    assert time.perf_counter() - started < 20, "a hanging preparation is stopped at the time limit"
    assert batch.results[0].error == SKIPPED, "the file's own result is kept"
    value, err = batch.follow_ups["a.txt"]
    assert err is None, "the follow-up ran, in a child forked anew where the first one did not survive"
    pid, prepared = value
    assert prepared is None and pid != os.getpid()


def test_a_follow_up_with_nothing_to_prepare_forks_no_child_ahead(
    tmp_path: Path, context: ReadContext, monkeypatch: pytest.MonkeyPatch,
) -> None:
    forked: list[bool] = []
    real = lone.Lone.__init__

    def counted(self: lone.Lone, suffix: str = "", warm: bool = True) -> None:
        forked.append(warm)
        real(self, suffix, warm)

    monkeypatch.setattr(lone.Lone, "__init__", counted)
    follow_up = _Preparing()
    monkeypatch.setattr(follow_up, "prepare", lambda path: None)
    batch = run_batch(_one(tmp_path, "a.txt"), context, limits=Limits(timeout=10), reader=misbehaving,
                      follow_up=follow_up)
    assert batch.follow_ups["a.txt"][1] is None
    assert forked == [True, False], "the reader, then the follow-up's child once the file was read"


def _children() -> set[int]:
    """This process's child processes (Linux)."""
    path = Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children")
    return {int(pid) for pid in path.read_text().split()} if path.exists() else set()


@pytest.fixture()
def no_child_left() -> Iterator[None]:
    """The test leaves no child of this process behind it (earlier tests' children aside)."""
    before = _children()
    yield
    deadline = time.monotonic() + 5
    while (left := _children() - before) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, "a child was left behind"


def _slow(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def _slow_follow_up(result: ReportResult, path: Path) -> functools.partial[int]:
    return functools.partial(_slow, 1.0)


def test_a_deferred_follow_up_runs_while_the_caller_goes_on(
    tmp_path: Path, context: ReadContext, no_child_left: None,
) -> None:
    started = time.perf_counter()
    batch = run_batch(_one(tmp_path, "a.txt"), context, limits=Limits(timeout=10), reader=misbehaving,
                      follow_up=_slow_follow_up, defer_follow_ups=True)
    assert time.perf_counter() - started < 1.0, "returned before the follow-up is done"
    assert batch.results[0].error == SKIPPED and not batch.follow_ups and len(batch.running) == 1
    outcomes = batch.finish()
    value, err = outcomes["a.txt"]
    assert err is None and value != os.getpid()
    assert not batch.running and batch.follow_ups is outcomes
    batch.close()


def test_a_deferred_follow_up_not_waited_for_is_ended(
    tmp_path: Path, context: ReadContext, no_child_left: None,
) -> None:
    batch = run_batch(_one(tmp_path, "a.txt"), context, limits=Limits(timeout=10), reader=misbehaving,
                      follow_up=_slow_follow_up, defer_follow_ups=True)
    (running,) = batch.running
    assert running.child.alive()
    batch.close()
    assert not running.child.alive() and not batch.follow_ups
