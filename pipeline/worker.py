"""What runs in a worker process, whichever way it was started: a pool's worker
(``pipeline.batch``, ``pipeline.write.render_pool``, ``pipeline.isolate``) or the child a one-file
run reads its file in (``pipeline.lone``).

It imports nothing heavy (no parser, no pool), so ``pipeline.lone`` can fork its child before
the rest of kaohe is imported; the readers are imported in the worker, by the reader.
"""

from __future__ import annotations

import contextlib
import faulthandler
import gc
import logging
import os
import pickle
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, NamedTuple

from pipeline import memory_watch, ocr_clock, page_share
from pipeline.inputs import display_name
from pipeline.logfile import about

if TYPE_CHECKING:
    from pipeline.options import ReadContext
    from pipeline.results import ReportResult

#: What reads one file: ``process_file`` in the product, something misbehaving in tests.
Reader = Callable[[Path, Path, "ReadContext"], "ReportResult"]
#: More work on a file just read (its evidence pictures): given the file's result and path, the
#: work to do, or None for none. Run by the worker that read the file, after reading it.
FollowUp = Callable[["ReportResult", Path], "Callable[[], object] | None"]
#: A follow-up's value, or the exception it ended with (a limit's, a crash's, its own).
Outcome = tuple[object, BaseException | None]


class Read(NamedTuple):
    """What a worker hands back for one file."""

    result: ReportResult
    seconds: float  # reading it, the follow-up not included
    rss: int  # the worker's peak memory once the file was read (bytes)
    #: The follow-up's outcome; None when there was none to run.
    follow_up: Outcome | None = None


#: The worker's garbage collector thresholds (Python's own are 700, 10, 10). A page read makes
#: tens of thousands of objects and keeps most of them until the file is done, so the collector,
#: run every 700 allocations, traced the same live objects over and over: 3% of reading the
#: samples, 0.5% at these thresholds. The 400-page report's worker peaks at the same 166 MiB.
#: What a file leaves in cycles (PDFium's pages and bitmaps among it) would then wait longer to
#: be freed and pile up over a worker's files (192 MiB against 139 after 37 files), so each file
#: after the first starts with a full collection (``_tidy``).
GC_THRESHOLDS = (10_000, 10, 10)

#: Files this worker has been given (``work``).
_files = 0


def _tidy() -> None:
    """Free what earlier files left in cycles before the next one is read. After the first file,
    what it left alive (the readers' modules, OpenCC's tables, caches) is frozen: the collector
    never traces it again, and a full collection takes a few milliseconds, not twenty. Done when
    a file starts, not when one ends, so that the last file's result (a lone file's, the only
    one) is not held back by it."""
    global _files
    _files += 1
    if _files == 1:
        return
    gc.collect()
    if _files == 2:
        gc.freeze()


def start_worker(max_memory: int) -> None:
    """Cap the worker's address space and watch how much of it is used (``pipeline.memory_watch``),
    send a crash's traceback and whatever libraries print to kaohe.log, not the terminal, take
    LibreOffice down with the worker when it is stopped, and collect garbage less often."""
    logs = [h.stream for h in logging.getLogger().handlers if isinstance(h, logging.FileHandler) and h.stream]
    if logs:
        faulthandler.enable(file=logs[0])
        _print_to_log(logs[0].fileno())
    else:
        faulthandler.disable()
    limit = 0
    if max_memory > 0 and sys.platform != "win32":
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = max_memory if hard == resource.RLIM_INFINITY else min(max_memory, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    memory_watch.watch(limit)
    signal.signal(signal.SIGTERM, _stop_worker)
    gc.set_threshold(*GC_THRESHOLDS)


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
    follow_up: FollowUp | None = None, checkpoint: Path | None = None,
) -> Read:
    """One file in a worker: its result, the seconds it took and the worker's peak memory, then
    its ``follow_up`` run here. ``job``, the file's place in the batch, is where its OCRed pages
    are counted (``pipeline.ocr_clock``). Where a core would idle meanwhile, processes forked from
    this one read some of the file's pages (``pipeline.page_share``).

    The follow-up runs right after the read so that it finds the file's pages still loaded
    (``parsers.pdf_kept``), where a task of its own would load them again in whichever worker
    took it. Its failure is its own: an exception is its outcome, and before it starts the
    file's result is written to ``checkpoint``, from where the batch takes it should the
    follow-up crash the worker or outlast its time limit."""
    _tidy()
    ocr_clock.begin(job)
    started = time.perf_counter()
    with contextlib.ExitStack() as stack:
        stack.enter_context(page_share.reading())  # the follow-up too: this worker's core is taken
        if follow_up is not None:
            from parsers.pdf_kept import keeping  # light, and the reader imports the parsers anyway

            stack.enter_context(keeping())
        with about(display_name(path, root)):  # each line kaohe.log gets meanwhile names the file
            result = reader(path, root, context)
        read = Read(result, time.perf_counter() - started, max(peak_rss(), page_share.helpers_peak()))
        then = follow_up(result, path) if follow_up is not None else None
        if then is None:
            return read
        if checkpoint is not None:
            try:
                save_checkpoint(checkpoint, read)
            except OSError as err:  # a full disk: the follow-up still runs, and its crash would cost the file
                logging.getLogger("kaohe").warning("could not keep the result before its follow-up: %r", err)
        with about(display_name(path, root)):
            return read._replace(follow_up=outcome_of(then))


def outcome_of(work: Callable[[], object]) -> Outcome:
    """``work()``'s value, or the exception it ended with."""
    try:
        return work(), None
    except Exception as err:  # a limit (TimeoutError, MemoryError), a crash (WorkerDied), its own
        return None, err


def follow(work: Callable[[], object]) -> object:
    """A follow-up on its own (a file's evidence pictures in a child of their own, ``pipeline.lone``)."""
    return work()


def save_checkpoint(path: Path, read: Read) -> None:
    """``read`` written whole to ``path`` (renamed into place), for ``load_checkpoint``."""
    part = path.with_name(path.name + ".part")
    part.write_bytes(pickle.dumps(read, protocol=pickle.HIGHEST_PROTOCOL))
    os.replace(part, path)


def load_checkpoint(path: Path) -> Read | None:
    """What ``save_checkpoint`` wrote to ``path``, or None when nothing was (or it cannot be read)."""
    try:
        read = pickle.loads(path.read_bytes())
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError):
        return None
    return read if isinstance(read, Read) else None


def peak_rss() -> int:
    """The largest resident size this process has had, in bytes."""
    if sys.platform == "win32":
        return 0
    import resource

    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return kib * (1 if sys.platform == "darwin" else 1024)
