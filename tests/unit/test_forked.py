"""``pipeline.forked``: a writer's work done in a forked child, its failure told to the parent."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from pipeline import forked

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork here: the work is done in place")


@pytest.fixture
def alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """This process taken for one without other threads (an earlier test's Dask cluster leaves one)."""
    monkeypatch.setattr(forked.threading, "active_count", lambda: 1)


def _write_pid(path: Path) -> None:
    path.write_text(str(os.getpid()), encoding="utf-8")


def test_the_work_is_done_in_a_child_and_waited_for(tmp_path: Path, alone: None) -> None:
    started = forked.start(lambda: _write_pid(tmp_path / "pid"))
    assert started.pid is not None and started.pid != os.getpid()
    child = started.pid
    started.wait()
    assert int((tmp_path / "pid").read_text(encoding="utf-8")) == child, "written by the child"
    started.wait()  # a second wait has nothing to wait for


def _fail() -> None:
    raise ValueError("no room on the disk")


def test_the_child_s_exception_is_raised_in_the_parent(alone: None) -> None:
    started = forked.start(_fail)
    with pytest.raises(ValueError, match="no room on the disk"):
        started.wait()


def _die_unless(parent: int) -> None:
    if os.getpid() != parent:  # never this process, should the work be done in place
        os.kill(os.getpid(), signal.SIGKILL)


def test_a_child_that_dies_says_how(alone: None) -> None:
    parent = os.getpid()
    started = forked.start(lambda: _die_unless(parent))
    with pytest.raises(forked.ChildFailed, match="signal 9"):
        started.wait()


def test_where_no_child_can_be_forked_the_work_is_done_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alone: None,
) -> None:
    def no_fork() -> int:
        raise OSError("Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    started = forked.start(lambda: _write_pid(tmp_path / "pid"))
    assert started.pid is None
    assert int((tmp_path / "pid").read_text(encoding="utf-8")) == os.getpid()
    started.wait()


def test_while_another_thread_runs_the_work_is_done_here(tmp_path: Path) -> None:
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        started = forked.start(lambda: _write_pid(tmp_path / "pid"))
    finally:
        release.set()
        other.join()
    assert started.pid is None, "no fork beside a thread that may hold a lock"
    assert int((tmp_path / "pid").read_text(encoding="utf-8")) == os.getpid()


def test_a_child_no_longer_wanted_is_stopped_and_reaped(alone: None) -> None:
    import time

    started = forked.start(lambda: time.sleep(30))
    child = started.pid
    assert child is not None
    began = time.monotonic()
    started.stop()
    assert time.monotonic() - began < 5, "killed, not waited for"
    assert started.pid is None
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # reaped already: no zombie left
    started.stop()  # nothing left to stop
    started.wait()  # nor to wait for


def test_stopping_a_child_waited_for_does_nothing(tmp_path: Path, alone: None) -> None:
    started = forked.start(lambda: _write_pid(tmp_path / "pid"))
    started.wait()
    started.stop()
    assert (tmp_path / "pid").exists()
