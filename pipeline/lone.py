"""A run of one file reads it in one forked child of its own, not in a pool.

A pool (``pipeline.batch``) costs a run of one file more than it saves: its threads and pipes,
and a worker forked only once the run is set up, which then imports the readers and loads
OpenCC's dictionaries (about a quarter of a second) while the parent waits for it. So the
console command forks this child as soon as it has read its arguments (``prefork``), before it
imports the rest of kaohe: the child loads the readers while the parent loads the writers,
takes the output folder and hashes the file, and is ready when it is given the file. A
caller of ``pipeline.extract`` gets a child forked when its one file is read (``take``). While
the child reads, the parent only waits: the child's helpers read some of a PDF's pages on the
other cores (``pipeline.page_share``).

The child keeps every limit a pool's worker has (``pipeline.worker.start_worker``): its address
space capped at ``--max-memory``, stopped past its time limit (grown by the pages it OCRs,
``pipeline.ocr_clock``), a death told from running out of memory (``pipeline.memory_watch``),
what the libraries print and log sent to kaohe.log. Where processes are not forked, a run of
one file uses the pool as any other run does.

This module imports nothing heavy: it is imported before the fork, and the child imports the
rest (``_warm``).
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import multiprocessing
import signal
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from pipeline import ocr_clock
from pipeline.inputs import walk
from pipeline.logfile import join_log, log_target
from pipeline.pools import forks
from pipeline.worker import start_worker

#: How often the deadline is looked at while the child reads (seconds), as the batch does.
POLL_SECONDS = 0.2
#: How long a child that was asked to end is given before it is stopped (seconds).
_END_SECONDS = 2.0
#: The modules each kind of file is read with, imported by the child while it waits for its file.
_READERS = {
    ".pdf": ("parsers.pdf",), ".docx": ("parsers.docx",), ".odt": ("parsers.odt",),
    ".doc": ("parsers.doc", "parsers.docx"),
}


#: Whether a child can be forked here (not on Windows, where the pool spawns its workers).
available = forks


class WorkerDied(Exception):
    """The worker died before it answered (a signal, an exit of its own): pebble's
    ``ProcessExpired``, told the same way whichever started the worker."""

    def __init__(self, exitcode: int, pid: int) -> None:
        super().__init__(f"the worker {pid} ended with {exitcode}")
        self.exitcode = exitcode
        self.pid = pid


class Overdue(TimeoutError):
    """The child was stopped past its time limit: the limit it had (seconds) and the pages it
    had OCRed by then, which the limit grew with."""

    def __init__(self, allowed: float, pages: int) -> None:
        super().__init__(f"stopped after {allowed:g} s")
        self.allowed = allowed
        self.pages = pages


class Lone:
    """The child, from the parent's side: work is sent to it one call at a time."""

    def __init__(self, suffix: str = "", warm: bool = True) -> None:
        """Fork the child; with ``warm`` it loads the readers of ``suffix`` files meanwhile, without
        it it has only what this process has loaded."""
        context = multiprocessing.get_context("fork")
        self._conn, theirs = context.Pipe()
        self._process = context.Process(
            target=_child, args=(theirs, self._conn, suffix.lower() if warm else None), daemon=True,
            name="kaohe-reader",
        )
        self._process.start()
        theirs.close()  # the child's end is the child's: its death is this end's EOF
        self._set_up = False
        self._sent_at = 0.0

    def alive(self) -> bool:
        return self._process.is_alive()

    def send(self, fn: Callable[..., Any], args: tuple[Any, ...], max_memory: int) -> None:
        """Have the child run ``fn(*args)`` (both pickled); its time limit runs from now."""
        try:
            if not self._set_up:
                self._conn.send(("setup", max_memory, log_target()))
                self._set_up = True
            self._conn.send(("call", fn, args))
        except (BrokenPipeError, ConnectionResetError, EOFError):
            pass  # it died already: ``result`` says how
        self._sent_at = time.monotonic()

    def result(self, timeout: float, job: int | None = None, tick: Callable[[int], None] | None = None) -> Any:
        """What the call sent last returned in the child, or the exception it raised there;
        ``Overdue`` when it ran past ``timeout`` (grown by the pages OCRed for ``job``), the
        child then stopped; ``WorkerDied`` when the child died. ``tick`` is told the pages OCRed
        so far at each look."""
        every = min(POLL_SECONDS, timeout / 4)  # a limit shorter than the poll still stops it
        while True:
            try:
                ready = self._conn.poll(every)
                answer = self._conn.recv() if ready else None
            except (EOFError, OSError):
                raise self._died() from None
            if answer is not None:
                kind, value = answer
                if kind == "error":
                    raise value
                return value
            pages = ocr_clock.pages_of(job) if job is not None else 0
            if tick is not None:
                tick(pages)
            allowed = ocr_clock.allowance(timeout, pages)
            if time.monotonic() - self._sent_at > allowed:
                self.stop()
                raise Overdue(allowed, pages)

    def call(self, fn: Callable[..., Any], args: tuple[Any, ...], timeout: float, max_memory: int) -> Any:
        self.send(fn, args, max_memory)
        return self.result(timeout)

    def _died(self) -> WorkerDied:
        self._process.join(_END_SECONDS)
        code = self._process.exitcode
        return WorkerDied(code if code is not None else -signal.SIGKILL, self._process.pid or 0)

    def stop(self) -> None:
        """End the child now: SIGTERM (its LibreOffice goes with it, ``pipeline.worker``), then
        SIGKILL if it is still there."""
        if self._process.is_alive():
            self._process.terminate()
            self._process.join(_END_SECONDS)
        if self._process.is_alive():
            self._process.kill()
        self._process.join()

    def close(self) -> None:
        """Ask the child to end; stopped if it has not within ``_END_SECONDS``."""
        if self._process.is_alive():
            with contextlib.suppress(OSError):
                self._conn.send(("end",))
            self._process.join(_END_SECONDS)
        self.stop()
        self._conn.close()


_waiting: Lone | None = None


def prefork(suffix: str) -> None:
    """Fork the child for a run whose one file has ``suffix``, to be taken by the batch."""
    global _waiting
    if _waiting is None and available():
        _waiting = Lone(suffix)


def take(suffix: str) -> Lone:
    """The child forked before (``prefork``), or one forked now."""
    global _waiting
    child, _waiting = _waiting, None
    if child is not None and child.alive():
        return child
    if child is not None:
        child.close()
    return Lone(suffix)


def discard() -> None:
    """End a child forked before and not taken (the file was in the cache, the run stopped)."""
    global _waiting
    child, _waiting = _waiting, None
    if child is not None:
        child.close()


@contextlib.contextmanager
def forked_early(input_path: Path, output: Path) -> Iterator[None]:
    """Meanwhile, a child is waiting for the run's file when INPUT is one file to read (a file,
    or a folder holding one file and nothing else but hidden entries and OUTPUT)."""
    suffix = _lone_file_suffix(input_path, output)
    if suffix is not None:
        prefork(suffix)
    try:
        yield
    finally:
        discard()


def _lone_file_suffix(input_path: Path, output: Path) -> str | None:
    """The suffix of the one file the batch will find under ``input_path`` (``pipeline.inputs.walk``,
    as the batch lists it), or None for none or more than one."""
    try:
        if input_path.is_file():
            return input_path.suffix
        found = list(itertools.islice(walk(input_path, output), 2))
        return found[0].suffix if len(found) == 1 and found[0].is_file() else None
    except OSError:
        return None


# --- in the child -------------------------------------------------------------------------


def _child(conn: Connection, parents: Connection, suffix: str | None) -> None:
    """Load the readers (of ``suffix`` files; none for None), then run each call sent until told
    to end (or the parent is gone)."""
    parents.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's, which then stops this child
    if suffix is not None:
        _warm(suffix)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message[0] == "setup":
            _, max_memory, log = message
            if log is not None:
                join_log(*log)
            start_worker(max_memory)
        elif message[0] == "call":
            _, fn, args = message
            try:
                answer: tuple[str, Any] = ("ok", fn(*args))
            except Exception as err:  # a pool's worker hands it back too: the caller tells what it was
                answer = ("error", err)
            try:
                conn.send(answer)
            except Exception as err:  # a value or an exception that cannot be pickled
                conn.send(("error", RuntimeError(f"{type(err).__name__} sending back {answer[0]}")))
        else:
            return


def _warm(suffix: str) -> None:
    """Import what reading a file of ``suffix`` needs and load OpenCC's dictionaries, then keep
    all of it out of the garbage collector's way (``gc.freeze``): what is imported stays."""
    try:
        import importlib

        import pipeline.run  # noqa: F401  # the stages, the rubric matcher
        from pipeline.text import warm

        for name in _READERS.get(suffix, ()):
            importlib.import_module(name)
        warm()
    except Exception as err:  # the read itself will say what is missing
        logging.getLogger("kaohe").debug("warming the reader: %r", err)
    gc.freeze()
