"""One file's pages read at once by the worker reading it and by helpers forked from it, on
cores that would otherwise idle.

A PDF's pages are read one at a time, each on its own (``parsers.pdf``: a page's characters,
rules and tables need nothing of the other pages; the document is put together from them
afterwards). A core idles while a file is read when there is nothing else for it: the console
process waiting for a run's one file (``pipeline.lone``), a pool's workers done with their files
while the last ones are read. So at each page, a worker whose file has at least ``MIN_PAGES``
pages untaken looks whether fewer processes are reading than the batch allows (``allow``:
``--workers``, at most one per core, once every file left has a worker) and, if so, forks a
helper that opens the file again and takes pages from the same queue: each page is read once,
by whichever process is free, and each helper hands back what it read when the queue is empty.

A helper only ever saves time. A page it did not hand back (it failed on it, it died, the system
killed it) is read by the worker itself, which then fails or crashes on it just as a read
without helpers would, with the same sentence; a failure is always that of the first failing
page in page order, as in a plain read. A helper dies with its worker (``PR_SET_PDEATHSIG``), so
a worker stopped at its time limit leaves none behind; it has the worker's memory limit, as
forked, and its peak memory counts as the worker's (``helpers_peak``).

Who is reading is kept in a small table of memory shared with the workers, made when this
module is imported (as ``pipeline.memory_watch`` does): the batch's allowance, and one slot per
worker, written by that worker alone, with how many processes it has reading (itself and its
helpers). Where workers are not forked the table is not shared: the allowance is 0 there, and
no helper is forked. A worker that died while it read leaves its slot counted, which can only
keep a helper from being forked; two workers that look at once may both fork one, and share a
core for a while.

The queue is a pipe filled with every page's number before any helper is forked: a read of one
number is atomic, and a helper killed while it holds nothing can take nothing with it (a lock
held by a process the system killed would stop the others for good).

Only on Linux (``os.fork`` with ``prctl``).
"""

from __future__ import annotations

import contextlib
import logging
import mmap
import os
import pickle
import signal
import struct
import sys
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")

log = logging.getLogger("kaohe")

#: A helper is forked only while at least this many pages are untaken for each helper: fork,
#: opening the file again and the helper's first page cost about two pages' time (20 to 60 ms
#: a page here).
MIN_PAGES = 4
#: How a page's number is written into the queue.
_NUMBER = struct.Struct("<I")
#: The most pages a queue holds: their numbers are written at once into a pipe nobody reads yet,
#: which holds at least 4 KiB (Linux gives a user past its pipe quota pipes of one memory page).
_QUEUE_PAGES = 4096 // _NUMBER.size
#: Linux's ``prctl`` option that sends a process a signal when its parent dies.
_PR_SET_PDEATHSIG = 1

_SLOTS = 256
_SLOT = struct.Struct("<qq")  # the header: processes allowed, 0; a worker's: pid, processes reading
_TABLE = mmap.mmap(-1, (1 + _SLOTS) * _SLOT.size)

#: The largest peak memory (bytes) of a helper of this process so far.
_helper_peak = 0


def available() -> bool:
    """Whether helpers can be forked here."""
    return sys.platform.startswith("linux") and hasattr(os, "fork")


@contextlib.contextmanager
def counting() -> Iterator[None]:
    """In the batch, around its reading: no process counted as reading yet, and no helper
    allowed until ``allow`` says how many may read; none again on the way out."""
    _TABLE[:] = bytes(len(_TABLE))
    try:
        yield
    finally:
        _TABLE[:] = bytes(len(_TABLE))


def allow(processes: int) -> None:
    """In the batch: from now on up to ``processes`` processes read at once, workers and helpers
    together. Said once no file waits for a worker: before that, a worker between two files is
    no core to spare."""
    _SLOT.pack_into(_TABLE, 0, max(0, processes) if available() else 0, 0)


@contextlib.contextmanager
def reading() -> Iterator[None]:
    """In a worker, around one file: this process counts as reading while inside."""
    _note(1)
    try:
        yield
    finally:
        _note(0)


def _note(processes: int) -> None:
    """This worker's slot: ``processes`` reading (0 frees the slot)."""
    pid = os.getpid()
    offset = _slot_of(pid)
    if offset is not None:
        _SLOT.pack_into(_TABLE, offset, pid if processes else 0, processes)


def _mine() -> int:
    """How many processes this worker has noted as reading."""
    pid = os.getpid()
    offset = _slot_of(pid)
    if offset is None:
        return 0
    noted, processes = _SLOT.unpack_from(_TABLE, offset)
    return int(processes) if noted == pid else 0


def _slot_of(pid: int) -> int | None:
    """Where ``pid``'s slot is: the one it holds, else the first free one from ``pid``'s own place
    (two workers' ids rarely share a place; the table has room for far more workers than cores)."""
    free = None
    for step in range(_SLOTS):
        offset = (1 + (pid + step) % _SLOTS) * _SLOT.size
        noted, _ = _SLOT.unpack_from(_TABLE, offset)
        if noted == pid:
            return offset
        if noted == 0 and free is None:
            free = offset
    return free


def spare() -> int:
    """How many more processes may read now."""
    allowed, _ = _SLOT.unpack_from(_TABLE, 0)
    busy = sum(processes for _, processes in _SLOT.iter_unpack(_TABLE[_SLOT.size:]))
    return int(allowed) - int(busy)


def helpers_peak() -> int:
    """The largest peak memory a helper of this process has had (bytes; 0 for none)."""
    return _helper_peak


def read_pages(
    count: int, read: Callable[[int], T], reopen: Callable[[], AbstractContextManager[Callable[[int], T]]],
) -> list[T]:
    """Pages ``0 … count-1``, each ``read(index)`` here or in a helper; a helper reads with what
    ``reopen`` gives it (the file opened again in the helper: nothing open here is used there)."""
    queue = _Queue.of(count) if MIN_PAGES <= count <= _QUEUE_PAGES and available() else None
    if queue is None:
        return [read(index) for index in range(count)]
    running: list[_Helper[T]] = []
    mine = _mine()  # 1 in a worker reading this file (``reading``)
    try:
        return _read_with(count, read, reopen, queue, running, mine)
    finally:
        queue.close()
        for helper in running:
            helper.stop()
        if running:
            _note(mine)


def _read_with(
    count: int, read: Callable[[int], T], reopen: Callable[[], AbstractContextManager[Callable[[int], T]]],
    queue: _Queue, running: list[_Helper[T]], mine: int,
) -> list[T]:
    pages: dict[int, T] = {}
    while (index := queue.take()) is not None:
        untaken = count - index - 1  # at most: helpers may have taken some
        while untaken >= MIN_PAGES * (len(running) + 1) and spare() > 0:
            helper = _Helper.fork(queue, reopen)
            if helper is None:
                break
            running.append(helper)
            _note(mine + len(running))
            log.debug("a helper (process %s) reads pages of this file after page %s", helper.pid, index + 1)
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
        except OSError:
            os.close(self._out)
            raise
        finally:
            os.close(into)  # the queue ends where the numbers do: a read then finds nothing

    @classmethod
    def of(cls, count: int) -> _Queue | None:
        """A queue of ``count`` pages, or None where no pipe can be had (the pages are then read
        without helpers)."""
        try:
            return cls(count)
        except OSError:
            return None

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
        parent = os.getpid()
        return cls._forked(lambda answers: _help(parent, queue, reopen, answers))

    @classmethod
    def _forked(cls, run: Callable[[int], None]) -> _Helper[T] | None:
        """A helper forked now that does ``run(answers)`` and ends; None when none can be forked."""
        into_parent, into = -1, -1
        try:
            into_parent, into = os.pipe()
            pid = os.fork()
        except OSError:
            for fd in (into_parent, into):
                if fd >= 0:
                    os.close(fd)
            return None
        if pid == 0:  # pragma: no cover - runs in the helper, which ends in os._exit
            os.close(into_parent)
            try:
                run(into)
            finally:
                os._exit(0)
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


@contextlib.contextmanager
def aside(work: Callable[[], T], what: str = "a part of the work") -> Iterator[Callable[[], T]]:
    """``work`` begun now in a helper where a core is free for it (``spare``), for this worker to
    go on with something else inside; what it is given gives ``work``'s value. That is the
    helper's, or ``work()`` done here when no helper was forked or it handed none back (it
    raised, it died): then it raises here, if it does, as it would have without a helper. A
    helper whose value was not asked for is stopped on the way out. ``work`` and its value
    travel by fork and pickle: they must need nothing open in this process. ``what`` names it in
    kaohe.log (with -vv)."""
    if not available() or spare() <= 0:
        yield work
        return
    mine = _mine()
    parent = os.getpid()
    helper: _Helper[T] | None = _Helper._forked(lambda answers: _do(parent, work, answers))
    if helper is None:
        yield work
        return
    _note(mine + 1)
    log.debug("a helper (process %s) does %s meanwhile", helper.pid, what)

    def value() -> T:
        if helper.done:
            return work()
        got: dict[int, T] = {}
        try:
            _gather([helper], got)
        finally:
            _note(mine)
        return got[0] if 0 in got else work()

    try:
        yield value
    finally:
        if not helper.done:
            helper.stop()
            _note(mine)


def _do(parent: int, work: Callable[[], T], answers: int) -> None:  # pragma: no cover - in the helper
    """In the helper: ``work()``, its value handed back as the one page ``0`` (nothing if it raised)."""
    done: dict[int, T] = {}
    try:
        _die_with(parent)
        done[0] = work()
    except BaseException:  # done again by the worker, who meets it there
        pass
    _answer(done, answers)


def _answer(pages: Mapping[int, object], answers: int) -> None:  # pragma: no cover - in the helper
    try:
        data = pickle.dumps((pages, _own_peak()), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(data)
        while view:
            view = view[os.write(answers, view):]
    except BaseException:  # what it did is then done by the worker
        pass


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
    _answer(pages, answers)  # what it cannot hand back is read by the reader


def _die_with(parent: int) -> None:  # pragma: no cover - in the helper
    """Have the system kill this process when its parent ends (on Linux), and end now if it has."""
    import ctypes

    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(0)


def _own_peak() -> int:  # pragma: no cover - in the helper
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
