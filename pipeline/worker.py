"""What runs in a worker process, whichever way it was started: a pool's worker
(``pipeline.batch``, ``pipeline.write.render_pool``, ``pipeline.isolate``) or the child a one-file
run reads its file in (``pipeline.lone``).

It imports nothing heavy (no parser, no pool), so ``pipeline.lone`` can fork its child before
the rest of kaohe is imported; the readers are imported in the worker, by the reader.
"""

from __future__ import annotations

import faulthandler
import logging
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from pipeline import memory_watch, ocr_clock
from pipeline.inputs import display_name
from pipeline.logfile import about

if TYPE_CHECKING:
    from pipeline.options import ReadContext
    from pipeline.results import ReportResult

#: What reads one file: ``process_file`` in the product, something misbehaving in tests.
Reader = Callable[[Path, Path, "ReadContext"], "ReportResult"]


def start_worker(max_memory: int) -> None:
    """Cap the worker's address space and watch how much of it is used (``pipeline.memory_watch``),
    send a crash's traceback and whatever libraries print to kaohe.log, not the terminal, and
    take LibreOffice down with the worker when it is stopped."""
    logs = [h.stream for h in logging.getLogger().handlers if isinstance(h, logging.FileHandler) and h.stream]
    if logs:
        faulthandler.enable(file=logs[0])
        _print_to_log(logs[0].fileno())
    else:
        faulthandler.disable()
    if max_memory > 0 and sys.platform != "win32":
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    memory_watch.watch()
    signal.signal(signal.SIGTERM, _stop_worker)


def _print_to_log(fd: int) -> None:
    """What C libraries and the runtime write to stdout or stderr in a worker (a font warning,
    ``Fatal Python error: …``, glibc's ``malloc(): …``, which otherwise goes to the terminal
    itself) lands in kaohe.log: the terminal is for the summary alone."""
    sys.stdout.flush()
    sys.stderr.flush()
    os.environ["LIBC_FATAL_STDERR_"] = "1"
    os.dup2(fd, 1)
    os.dup2(fd, 2)


def _stop_worker(signum: int, frame: FrameType | None) -> None:
    """A worker past its time limit is stopped with SIGTERM: end its LibreOffice first."""
    doc = sys.modules.get("parsers.doc")
    if doc is not None:
        doc.stop_conversions()
    os._exit(1)


def work(
    reader: Reader, path: Path, root: Path, context: ReadContext, job: int = 0,
) -> tuple[ReportResult, float, int]:
    """One file in a worker: its result, the seconds it took and the worker's peak memory (bytes).
    ``job``, the file's place in the batch, is where its OCRed pages are counted (``pipeline.ocr_clock``)."""
    ocr_clock.begin(job)
    started = time.perf_counter()
    with about(display_name(path, root)):  # each line kaohe.log gets meanwhile names the file
        result = reader(path, root, context)
    return result, time.perf_counter() - started, peak_rss()


def follow(work: Callable[[], object]) -> object:
    """A follow-up (more work on a file just read, ``pipeline.batch``) in the worker."""
    return work()


def peak_rss() -> int:
    """The largest resident size this process has had, in bytes."""
    if sys.platform == "win32":
        return 0
    import resource

    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib * (1 if sys.platform == "darwin" else 1024)
