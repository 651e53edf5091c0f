"""How close a worker came to its memory limit, known after it died.

Python code that hits the limit (``RLIMIT_AS``) raises ``MemoryError``, and the file's row says
the limit was reached. C code in a parser library often does not check what ``malloc`` gives
back: it dies of a segmentation fault or an abort, and the row would say the reader crashed
(signal 11) when the file simply needed more memory than it was allowed. To tell the two apart,
each worker notes its peak address-space size (``VmPeak``, the figure ``RLIMIT_AS`` caps) every
few milliseconds in a small table of memory shared with the parent, keyed by its process id;
when a worker dies of a signal, the parent looks up how high it got. A worker that got within
``MARGIN`` of its limit (256 MiB, or 15 % of a limit below 1.7 GiB) ran out of memory; one that
did not really crashed. (A worker starts with its parent's address space, so the margin is
kept small: a crash in a worker forked from a large parent is not taken for want of memory.)

The table is an anonymous shared mapping made when this module is imported, so workers forked
from the parent afterwards share it. Where workers are not forked (or ``/proc`` is missing)
nothing is noted and every crash is reported as a crash, as before.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import struct
import threading
import time

#: A worker whose peak got this close to its limit is taken to have run out of memory.
MARGIN_BYTES = 256 * 1024 * 1024
MARGIN_SHARE = 0.15
#: How often the peak is noted once it is past half the limit, and before that (seconds). Each
#: look wakes a thread that takes the interpreter's lock from the reader: at 5 ms all the time
#: that was 2% of a worker's reading. Memory that climbs from below half the limit into the
#: margin within the slower interval was reserved at once, which the faster one misses as well.
INTERVAL_SECONDS = 0.005
FAR_INTERVAL_SECONDS = 0.05
_SLOTS = 1024
_SLOT = struct.Struct("<qq")  # pid, peak bytes
_TABLE = mmap.mmap(-1, _SLOTS * _SLOT.size)


def _vm_peak(status: int | None = None) -> int | None:
    """``VmPeak`` in bytes, read from the open ``/proc/self/status`` file ``status`` (a file
    descriptor: the watcher reads it 200 times a second, and one ``pread`` costs a third of an
    open, a read and a close) or, without one, from the file opened anew."""
    try:
        if status is None:
            with open("/proc/self/status", "rb") as fh:
                data = fh.read()
        else:
            data = os.pread(status, 8192, 0)
        start = data.index(b"VmPeak:")
        return int(data[start + 7:data.index(b"\n", start)].split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        return None


def _note(pid: int, peak: int) -> None:
    _SLOT.pack_into(_TABLE, (pid % _SLOTS) * _SLOT.size, pid, peak)


def watch(limit: int = 0) -> None:
    """In a worker: note this process's peak memory from now on, in a thread of its own; every
    ``INTERVAL_SECONDS`` once it is past half of ``limit`` (bytes, 0 for none), every
    ``FAR_INTERVAL_SECONDS`` before (and without a limit, which no peak can come near)."""
    pid = os.getpid()
    if _vm_peak() is None:
        return

    try:
        status: int | None = os.open("/proc/self/status", os.O_RDONLY)
    except OSError:
        status = None

    def loop() -> None:
        while True:
            peak = _vm_peak(status)
            if peak is not None:
                _note(pid, peak)
            time.sleep(interval(peak, limit))

    with contextlib.suppress(RuntimeError):  # no thread under a very tight limit: crashes stay crashes
        threading.Thread(target=loop, name="kaohe-memory-watch", daemon=True).start()


def interval(peak: int | None, limit: int) -> float:
    """Seconds until the next look, for a worker whose peak is ``peak`` under ``limit``."""
    near = limit > 0 and peak is not None and peak >= limit / 2
    return INTERVAL_SECONDS if near else FAR_INTERVAL_SECONDS


def peak_of(pid: int | None) -> int | None:
    """The last peak a worker with this pid noted, in bytes; None when it noted none."""
    if pid is None:
        return None
    noted_pid, peak = _SLOT.unpack_from(_TABLE, (pid % _SLOTS) * _SLOT.size)
    return int(peak) if noted_pid == pid else None


def ran_out(pid: int | None, limit: int) -> bool:
    """Whether the worker ``pid`` got within the margin of ``limit`` (bytes, 0 for none) before it died."""
    peak = peak_of(pid)
    margin = min(MARGIN_BYTES, MARGIN_SHARE * limit)
    return limit > 0 and peak is not None and peak >= limit - margin
