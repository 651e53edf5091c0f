"""One file read for a command other than ``extract``, in a worker process under extract's limits.

``kaohe rubric draft`` reads a single report that someone sent, as ``extract`` reads each file of
a folder: a hostile one could take the parser into an endless loop or past all the memory there
is. So it is read the batch's way (``pipeline.batch``): in a pebble worker started by
``start_worker`` (its address space capped at ``--max-memory``), stopped past ``--timeout`` (and
``pipeline.ocr_clock``'s allowance for each page it OCRs, where workers are forked), a death
told from running out of memory by ``pipeline.memory_watch``. Whatever the file does becomes one
typed error with the sentence extract's row would have (``StoppedError`` for a limit or a crash,
``InputFileError`` for a parser library's own failure): never a traceback.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, wait
from pathlib import Path
from typing import TypeVar

from pebble import ProcessExpired

from pipeline import ocr_clock
from pipeline.batch import stop_sentence, timeout_sentence
from pipeline.errors import InputFileError, KaoheError
from pipeline.i18n import language, using
from pipeline.logfile import no_log
from pipeline.options import Limits
from pipeline.pools import forks, new_pool
from pipeline.run import library_failure

T = TypeVar("T")

#: How often the deadline is looked at (seconds), as the batch does.
POLL_SECONDS = 0.2
#: The file's slot in ``pipeline.ocr_clock``'s table: the only file this process reads so.
_JOB = 0


class StoppedError(InputFileError):
    """The worker reading the file was stopped at a limit (time, memory) or died on the file."""


def read_limited(read: Callable[[Path], T], path: Path, limits: Limits) -> T:
    """``read(path)`` in a worker of its own under ``limits`` (``workers`` is not used): its value,
    or a ``KaoheError`` with one sentence. ``read`` must be importable by name (it is pickled)."""
    forked = forks()
    pool = new_pool(1, limits.max_memory)
    try:
        future: Future[T] = pool.submit(_in_worker, None if forked else limits.timeout, read, path, language())
        allowed = _wait(future, limits.timeout) if forked else None
        return _outcome(future, path.name, limits, allowed)
    except BaseException:
        pool.stop()  # type: ignore[no-untyped-call]  # Ctrl-C, or a file stopped: no worker is left behind
        raise
    finally:
        pool.close()  # type: ignore[no-untyped-call]
        pool.join()


def _wait(future: Future[T], timeout: float) -> tuple[float, int] | None:
    """Until ``future`` is done, or stopped past its time limit (grown by its OCRed pages): the
    limit it had and those pages when it was stopped, None when it finished in time."""
    began = time.monotonic()  # from the start: a worker that cannot even start is stopped too
    every = min(POLL_SECONDS, timeout / 4)  # a limit shorter than the batch's poll still stops the read
    while not wait([future], timeout=every).done:
        pages = ocr_clock.pages_of(_JOB)
        allowed = ocr_clock.allowance(timeout, pages)
        if time.monotonic() - began > allowed and future.cancel():  # pebble stops the worker running it
            return allowed, pages
    return None


def _outcome(future: Future[T], name: str, limits: Limits, stopped: tuple[float, int] | None) -> T:
    if stopped is not None:
        raise StoppedError(timeout_sentence(limits.timeout, stopped[1]))
    try:
        return future.result()
    except (TimeoutError, MemoryError, ProcessExpired) as err:
        raise StoppedError(stop_sentence(err, name, limits)) from None


# --- in the worker ------------------------------------------------------------------------


def _in_worker(read: Callable[[Path], T], path: Path, lang: str) -> T:
    """``read(path)`` in the caller's language; a library's own failure becomes the sentence
    ``pipeline.run`` gives it. What the libraries log is not for the terminal, which gets the
    one sentence (``pipeline.logfile.no_log``)."""
    ocr_clock.begin(_JOB)
    if not logging.getLogger().handlers:  # not forked from a caller that set its log up
        no_log()
    with using(lang):
        try:
            return read(path)
        except (KaoheError, MemoryError):
            raise
        except Exception as err:
            raise InputFileError(library_failure(err)) from None
