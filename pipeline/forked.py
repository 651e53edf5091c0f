"""A piece of work done in a forked child while this process goes on with the rest.

After the batch, both cores are free and the writers run one after the other: report.xlsx alone
takes as long as the CSV files, kaohe.sqlite and report.html together. ``start`` forks a child
that does one of them (it has every result already, copied with the process) and ``Started.wait``
waits for it. The child ends with ``os._exit``: nothing of this process (its atexit handlers,
its buffered output, a test runner around it) runs twice. An exception in the child is raised
again by ``wait``, as if the work had been done here; a child that dies is a ``ChildFailed``
that says how. Where processes are not forked, another thread is running, or a fork fails, the
work is done here, in ``start``, as it was before.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable

#: Where a child's exception is told when it cannot be pickled.
_UNPICKLABLE = b"!"


class ChildFailed(RuntimeError):
    """The child died before it finished (or its exception could not be sent back)."""


class Started:
    """Work started in a child (``pid``), or already done here (``pid`` None)."""

    def __init__(self, pid: int | None, reader: int | None) -> None:
        self.pid = pid
        self._reader = reader

    def wait(self) -> None:
        """Wait for the child; its work's exception raised here, a ``ChildFailed`` if it died."""
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        assert self._reader is not None
        chunks = []
        while chunk := os.read(self._reader, 65536):
            chunks.append(chunk)
        os.close(self._reader)
        _, status = os.waitpid(pid, 0)
        told = b"".join(chunks)
        if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0 and not told:
            return
        if told and told != _UNPICKLABLE:
            try:
                err = pickle.loads(told)
            except Exception:  # whatever it was, the child failed
                err = None
            if isinstance(err, BaseException):
                err.add_note("(raised in the child that wrote it, pipeline.forked)")
                raise err
        how = (f"signal {os.WTERMSIG(status)}" if os.WIFSIGNALED(status)
               else f"exit code {os.WEXITSTATUS(status)}")
        raise ChildFailed(f"the child writing it ended with {how}")

    def stop(self) -> None:
        """End the child without its work (the run failed elsewhere): killed, and reaped here.
        Nothing once it has been waited for."""
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        if self._reader is not None:
            os.close(self._reader)
        os.waitpid(pid, 0)


def start(work: Callable[[], object]) -> Started:
    """Run ``work()`` in a forked child, or here where there is no fork."""
    if not hasattr(os, "fork") or sys.platform == "win32" or threading.active_count() > 1:
        # No fork while another thread runs (a Dask client's, a caller's): it may hold a lock the
        # child would wait on for ever.
        work()
        return Started(None, None)
    reader, writer = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no more processes: done here
        os.close(reader)
        os.close(writer)
        work()
        return Started(None, None)
    if pid == 0:  # the child
        code = 0
        try:
            os.close(reader)
            try:
                work()
            except BaseException as err:  # told to the parent, which raises it
                code = 1
                try:
                    told = pickle.dumps(err)
                except Exception:  # an exception that cannot be pickled
                    told = _UNPICKLABLE
                os.write(writer, told)
        finally:
            os._exit(code)
    os.close(writer)
    return Started(pid, reader)
