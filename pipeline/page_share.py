"""One file's pages read at once by the process reading it and by helpers forked from it.

A run of one file reads it in a child of its own (``pipeline.lone``) while the console process
only waits: on a machine of two cores, one of them idled through the whole read. A PDF's pages
are read one at a time, each on its own (``parsers.pdf``: a page's characters, rules and tables
need nothing of the other pages; the document is put together from the pages afterwards). So
while the worker allows it (``sharing``), the reader forks helpers that open the file again and
take pages from the same queue as the reader: each page is read once, by whichever process is
free, and each helper hands back what it read when the queue is empty.

A helper only ever saves time. A page it did not hand back (it failed on it, it died, the system
killed it) is read by the reader itself, which then fails or crashes on it just as a read
without helpers would, with the same sentence; a failure is always that of the first failing
page in page order, as in a plain read. A helper dies with its reader (``PR_SET_PDEATHSIG``),
so a reader stopped at its time limit leaves none behind; it has the reader's memory limit, as
forked, and its peak memory counts as the worker's (``helpers_peak``).

The queue is a pipe filled with every page's number before the helpers are forked: a read of one
number is atomic, and a helper killed while it holds nothing can take nothing with it (a lock
held by a process the system killed would stop the others for good).

Only on Linux (``os.fork`` with ``prctl``), and only for files of at least ``MIN_PAGES`` pages:
below that, forking and opening the file again cost about what a helper saves.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

#: Files with fewer pages than this are read by the reader alone: the 13-page sample gains
#: about a third of its read with one helper, a 3-page file would gain less than it costs.
MIN_PAGES = 6
#: How a page's number is written into the queue.
_NUMBER = struct.Struct("<I")
#: Linux's ``prctl`` option that sends a process a signal when its parent dies.
_PR_SET_PDEATHSIG = 1

#: Helpers each file may have, set by the worker (``sharing``); 0 outside it.
_helpers = 0
#: The largest peak memory (bytes) of a helper of this process so far.
_helper_peak = 0


def available() -> bool:
    """Whether helpers can be forked here."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


@contextlib.contextmanager
def sharing(helpers: int) -> Iterator[None]:
    """While inside, a file of ``MIN_PAGES`` pages or more is read with up to ``helpers`` helpers."""
    global _helpers
    before = _helpers
    _helpers = max(0, helpers) if available() else 0
    try:
        yield
    finally:
        _helpers = before


def helpers_peak() -> int:
    """The largest peak memory a helper of this process has had (bytes; 0 for none)."""
    return _helper_peak


def read_pages(
    count: int, read: Callable[[int], T], reopen: Callable[[], AbstractContextManager[Callable[[int], T]]],
) -> list[T]:
    """Pages ``0 … count-1``, each ``read(index)`` here or in a helper; a helper reads with what
    ``reopen`` gives it (the file opened again in the helper: nothing open here is used there)."""
    helpers = min(_helpers, count - 1) if count >= MIN_PAGES else 0
    if helpers <= 0:
        return [read(index) for index in range(count)]
    queue = _Queue(count)
    running: list[_Helper[T]] = []
    try:
        for _ in range(helpers):
            helper = _Helper.fork(queue, reopen)
            if helper is None:
                break
            running.append(helper)
        return _read_with(count, read, queue, running)
    finally:
        queue.close()
        for helper in running:
            helper.stop()


def _read_with(count: int, read: Callable[[int], T], queue: _Queue, running: list[_Helper[T]]) -> list[T]:
    pages: dict[int, T] = {}
    while (index := queue.take()) is not None:
        try:
            pages[index] = read(index)
        except MemoryError:
            raise  # nothing more is read: the helpers are stopped on the way out
        except Exception:
            # What a plain read raises is the first failing page's: the helpers finish the pages
            # they hold, and those before this one that no one read are read here, in order.
            queue.drain()
            _gather(running, pages)
            for earlier in range(index):
                if earlier not in pages:
                    pages[earlier] = read(earlier)
            raise
    _gather(running, pages)
    for index in range(count):
        if index not in pages:  # a helper did not hand it back: read here, as without helpers
            pages[index] = read(index)
    return [pages[index] for index in range(count)]


def _gather(running: list[_Helper[T]], pages: dict[int, T]) -> None:
    global _helper_peak
    for helper in running:
        read, peak = helper.collect()
        for index, page in read.items():
            pages.setdefault(index, page)
        _helper_peak = max(_helper_peak, peak)


class _Queue:
    """The numbers of the pages no one has taken yet, in a pipe (see the module)."""

    def __init__(self, count: int) -> None:
        self._out, into = os.pipe()
        try:
            os.write(into, b"".join(_NUMBER.pack(i) for i in range(count)))  # 4 KiB for 1,000 pages
        finally:
            os.close(into)  # the queue ends where the numbers do: a read then finds nothing

    def take(self) -> int | None:
        """The next page no one has taken, or None when there is none."""
        if self._out < 0:
            return None
        data = os.read(self._out, _NUMBER.size)
        return _NUMBER.unpack(data)[0] if len(data) == _NUMBER.size else None

    def drain(self) -> None:
        """Take every number left, so that no one reads another page."""
        while self.take() is not None:
            pass

    def close(self) -> None:
        if self._out >= 0:
            os.close(self._out)
            self._out = -1


@dataclass
class _Helper(Generic[T]):
    """A helper from the reader's side: its process and the pipe it hands its pages back in."""

    pid: int
    answers: int
    done: bool = False

    @classmethod
    def fork(cls, queue: _Queue, reopen: Callable[[], AbstractContextManager[Callable[[int], T]]]) -> _Helper[T] | None:
        """A helper forked now, reading from ``queue``; None when no process can be forked."""
        into_parent, into = -1, -1
        try:
            into_parent, into = os.pipe()
            parent = os.getpid()
            pid = os.fork()
        except OSError:
            for fd in (into_parent, into):
                if fd >= 0:
                    os.close(fd)
            return None
        if pid == 0:  # pragma: no cover - runs in the helper, which ends in os._exit
            os.close(into_parent)
            _help(parent, queue, reopen, into)
        os.close(into)
        return cls(pid, into_parent)

    def collect(self) -> tuple[dict[int, T], int]:
        """The pages the helper read and its peak memory, once it has ended; nothing from a helper
        that died or sent what cannot be read."""
        chunks = []
        try:
            while chunk := os.read(self.answers, 1 << 20):
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            self._reap()
        try:
            pages, peak = pickle.loads(b"".join(chunks)) if chunks else ({}, 0)
        except Exception:  # cut short: it died while writing
            return {}, 0
        return pages, int(peak)

    def stop(self) -> None:
        """End the helper now, wherever it is (a reader that stops stops its helpers)."""
        if not self.done:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signal.SIGKILL)
            self._reap()

    def _reap(self) -> None:
        if not self.done:
            self.done = True
            os.close(self.answers)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)


def _help(
    parent: int, queue: _Queue, reopen: Callable[[], AbstractContextManager[Callable[[int], T]]], answers: int,
) -> None:  # pragma: no cover - the helper's side; its effects are tested from the reader's
    """In the helper: read pages until the queue is empty or one fails, hand them back, end."""
    pages: dict[int, T] = {}
    try:
        _die_with(parent)
        with reopen() as read:
            while (index := queue.take()) is not None:
                pages[index] = read(index)
    except BaseException:  # the page it failed on is read by the reader, who tells why
        pass
    try:
        data = pickle.dumps((pages, _own_peak()), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(answers, view):]
    except BaseException:  # what it read is then read by the reader
        pass
    os._exit(0)


def _die_with(parent: int) -> None:  # pragma: no cover - in the helper
    """Have the system kill this process when its parent ends (on Linux), and end now if it has."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


def _own_peak() -> int:  # pragma: no cover - in the helper
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
