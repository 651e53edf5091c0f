"""A folder of files, each read in a worker process of its own with a time and a memory limit.

Files arrive from many offices; some are broken and a few could be hostile. Each file is read
by ``pipeline.run.process_file`` in a worker of a pebble ``ProcessPool``, given the run's
``ReadContext`` (the rubrics and the parse switches, ``pipeline.options``): a file that takes
longer than the time limit, needs more memory than the limit (``RLIMIT_AS``, set inside the
worker) or crashes its worker outright becomes that file's ``failed`` row with a sentence, the
worker is replaced and the batch goes on. (``concurrent.futures`` has no per-task timeout and
fails every pending task when one worker dies.) Results come back in input order, whatever
order the workers finish in. A run of one file forks no pool: its file is read in one child of
its own (``pipeline.lone``), under the same limits and with the same sentences.

A file whose bytes are those of an earlier file (in path order) is not read again: it is
``skipped`` with ``duplicate of <first file>``, so the same report is never counted twice.
Every file gets a ``FileRecord``: its result, SHA-256, size and the seconds its reading took.

With a ``ResultCache`` (``pipeline.cache``) a file whose bytes, result-changing options (the
rubric, the parse switches) and program are those of an earlier run is not read at all: its
kept result is used (``cached``, 0 seconds), and each result read is kept for the next run. A
``ProgressBar`` (``pipeline.progress``) is told of every file as it is done, in whatever order
the workers finish.

A ``follow_up`` is more work on a file just read (the evidence pictures,
``pipeline.write.pictures``), run by the worker that read it, right after it, in the same task
(``pipeline.worker.work``): the file's pages are still loaded there, and other files are read
meanwhile. Its outcome is kept apart from the file's result, which a follow-up that fails never
touches: the result is written to a checkpoint before the follow-up starts, and a follow-up that
crashes its worker or outlasts its own time limit (``--timeout`` again, from when it starts)
costs only its outcome. A lone file's follow-up runs in a child of its own, forked while the file
is still read and given the follow-up's ``prepare`` work meanwhile (``_read_lone``); a caller
that asks (``defer_follow_ups``) goes on while it runs, and takes its outcome later
(``Batch.finish``).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import lone, memory_watch, ocr_clock, page_share
from pipeline.i18n import _
from pipeline.inputs import display_name, refusal, walk
from pipeline.options import GIB, Limits, ReadContext, default_workers
from pipeline.pools import busy, forks, new_pool
from pipeline.results import ReportResult
from pipeline.statuses import Status
from pipeline.worker import FollowUp, Outcome, Read, Reader, follow, load_checkpoint, outcome_of, work

if TYPE_CHECKING:
    from pebble import ProcessExpired, ProcessPool

    from pipeline.cache import ResultCache
    from pipeline.progress import ProgressBar

log = logging.getLogger("kaohe")


@dataclass(frozen=True)
class FileRecord:
    """One input file's line in run.json: what became of it and what it cost."""

    result: ReportResult
    sha256: str
    size: int
    seconds: float | None = None
    cached: bool = False  # taken from the cache of an earlier run, not read


@dataclass(frozen=True)
class Batch:
    records: list[FileRecord]
    limits: Limits
    seconds: float
    peak_memory: int | None = None  # largest resident size a worker reported, in bytes
    #: Each ``follow_up``'s outcome, by the ``source_file`` of the file it followed.
    follow_ups: dict[str, Outcome] = field(default_factory=dict)
    #: How many files were given to a reader (not taken from the cache, refused or duplicates).
    read: int = 0
    #: Follow-ups still running (``run_batch``'s ``defer_follow_ups``): in ``follow_ups`` once ``finish``ed.
    running: list[Running] = field(default_factory=list)

    def finish(self) -> dict[str, Outcome]:
        """Every follow-up's outcome, waiting for those still running."""
        while self.running:
            follow_up = self.running.pop(0)
            self.follow_ups[follow_up.source_file] = follow_up.outcome()
        return self.follow_ups

    def close(self) -> None:
        """End the follow-ups still running, their outcomes not wanted (the run stopped)."""
        while self.running:
            self.running.pop(0).child.close()

    @property
    def results(self) -> list[ReportResult]:
        return [r.result for r in self.records]


def input_files(folder: Path, exclude: Path | None = None) -> Iterator[Path]:
    """Every entry under ``folder`` except hidden ones and the output folder, in a stable order.

    Not only regular files: symbolic links and special files are listed too, so each gets a row;
    ``pipeline.inputs.refusal`` says which are not read (a link out of INPUT is never followed)."""
    if folder.is_file():
        yield folder
        return
    yield from walk(folder, exclude)


def run_batch(
    folder: Path, context: ReadContext, output: Path | None = None, limits: Limits | None = None,
    reader: Reader | None = None, cache: ResultCache | None = None, progress: ProgressBar | None = None,
    scheduler: str | None = None, meanwhile: Callable[[], object] | None = None,
    follow_up: FollowUp | None = None, defer_follow_ups: bool = False,
) -> Batch:
    """Read every file under ``folder`` (files under ``output``, when it sits inside, are not input).

    ``meanwhile`` is work of this process's own (the writers' imports) done while the files are
    read in the workers, instead of after, where a core is free for it (``_core_to_spare``); it
    is not done at all otherwise, nor when no file is read. ``follow_up`` is run by the worker on
    each file it has read (not on one taken from the cache, nor on a cluster): picklable, it
    travels with the file. With ``defer_follow_ups``, a lone file's follow-up may still be running
    when this returns: ``Batch.finish`` waits for it, and ``Batch.close`` ends it (call both).
    ``reader`` reads one file: ``pipeline.run.process_file`` unless given, imported only when a
    file is to be read (a run whose files all come from the cache never loads the readers)."""
    limits = limits or Limits()
    started = time.perf_counter()
    paths = list(input_files(folder, output))
    if progress is not None:
        progress.start(len(paths))
    records: dict[int, FileRecord] = {}
    todo: list[tuple[int, Path, str, int]] = []
    first_of: dict[str, str] = {}
    for index, path in enumerate(paths):
        name = display_name(path, folder)
        refused = refusal(path, folder) if path != folder else None
        if refused is not None:  # not read at all, not even hashed: no report_id
            result = ReportResult("", name, _suffix(path), refused.status, refused.sentence)
            records[index] = FileRecord(result, "", 0, 0.0)
            _advance(progress, records[index])
            continue
        try:
            digest, size = _hash(path)
        except OSError as err:
            records[index] = _failed(name, path, "", 0, _("the file cannot be opened: {strerror}")
                .format(strerror=err.strerror or err))
            _advance(progress, records[index])
            continue
        if size and digest in first_of:
            result = ReportResult(digest[:12], name, _suffix(path), Status.skipped, _("duplicate of {first}")
                .format(first=first_of[digest]))
            records[index] = FileRecord(result, digest, size, 0.0)
            _advance(progress, records[index])
            continue
        first_of.setdefault(digest, name)
        kept = cache.get(digest, name) if cache is not None else None
        if kept is not None:
            records[index] = FileRecord(kept, digest, size, 0.0, cached=True)
            _advance(progress, records[index])
            continue
        todo.append((index, path, digest, size))
    follow_ups: dict[str, Outcome] = {}
    running: list[Running] = []
    if reader is None:
        reader = _process_file
    try:
        if scheduler is None:
            with page_share.counting():  # workers and their pages' helpers
                peak = _read_all(
                    todo, folder, context, limits, reader, records, cache, progress, meanwhile, follow_up,
                    follow_ups, running if defer_follow_ups else None,
                )
        else:  # a cluster reports no worker memory
            _read_on_cluster(todo, folder, context, scheduler, records, cache, progress)
            peak = None
    finally:
        if progress is not None:
            progress.finish()
    ordered = [records[i] for i in range(len(paths))]
    return Batch(ordered, limits, time.perf_counter() - started, peak, follow_ups, len(todo), running)


def _process_file(path: Path, root: Path, context: ReadContext) -> ReportResult:
    """``pipeline.run.process_file``, imported where a file is read: a run whose files all come
    from the cache never loads the readers (a fifth of such a run was their import)."""
    from pipeline.run import process_file

    return process_file(path, root, context)


def _read_all(
    todo: list[tuple[int, Path, str, int]], folder: Path, context: ReadContext, limits: Limits, reader: Reader,
    records: dict[int, FileRecord], cache: ResultCache | None = None, progress: ProgressBar | None = None,
    meanwhile: Callable[[], object] | None = None, follow_up: FollowUp | None = None,
    follow_ups: dict[str, Outcome] | None = None, running: list[Running] | None = None,
) -> int | None:
    """Read ``todo`` in the pool, filling ``records`` (and the cache) and ``follow_ups``; the
    largest worker memory seen, in bytes.

    With forked workers the time limit of each file grows with the pages OCRed in it
    (``pipeline.ocr_clock``): the batch watches each running file's deadline and stops its
    worker past it. Otherwise pebble's own time limit, the plain ``--timeout``, applies."""
    if not todo:
        return None
    if len(todo) == 1 and lone.available():
        return _read_lone(todo[0], folder, context, limits, reader, records, cache, progress, meanwhile,
                          follow_up, follow_ups, running)
    forked = forks()
    workers = min(limits.workers, len(todo))
    pool = new_pool(workers, limits.max_memory)
    # Where each file's result is kept before its follow-up starts (``pipeline.worker.work``).
    checkpoints = Path(tempfile.mkdtemp(prefix="kaohe-read-")) if follow_up is not None else None
    peak: int | None = None
    try:
        futures: dict[Future[Read], tuple[int, Path, str, int]] = {
            pool.submit(
                work, None if forked else _task_seconds(limits, follow_up), reader, job[1], folder, context, job[0],
                follow_up, _checkpoint(checkpoints, job[0]),
            ): job
            for job in sorted(todo, key=_longest_first)
        }
        clock = _Deadlines(limits.timeout, checkpoints) if forked else None
        pending: set[Future[Read]] = set(futures)
        if meanwhile is not None and _core_to_spare(workers, len(todo)):
            _while_reading(futures, meanwhile)
        stall = _Stall()
        busy(len(pending) > workers)
        if len(pending) <= workers:
            _allow_helpers(limits)
        while pending:
            finished, pending = wait(pending, timeout=_POLL_SECONDS, return_when=FIRST_COMPLETED)
            if finished and len(pending) <= workers:
                busy(False)  # the last files are running: the pool is soon closed
                _allow_helpers(limits)
            if stall.stuck(finished, pending):
                _give_up(pool, pending, futures, records, folder, progress)
                break
            if clock is not None:
                clock.stop_overdue(pending, futures)
                if progress is not None:
                    progress.ocr_running(sum(ocr_clock.pages_of(futures[f][0]) for f in pending if f.running()))
            for future in finished:
                index, path, digest, size = futures[future]
                stopped = clock.stopped.get(future) if clock is not None else None
                record, rss, outcome = _outcome(
                    future, path, folder, digest, size, limits, stopped, _checkpoint(checkpoints, index))
                records[index] = record
                if rss is not None:  # the reader's own result, not a limit's: worth keeping
                    peak = max(peak or 0, rss)
                    if cache is not None:
                        cache.put(digest, record.result)
                if outcome is not None and follow_ups is not None:
                    follow_ups[record.result.source_file] = outcome
                _advance(progress, record)
    except BaseException:
        pool.stop()  # type: ignore[no-untyped-call]  # Ctrl-C or an error of kaohe's own: no worker is left behind
        raise
    finally:
        busy(False)
        pool.close()  # type: ignore[no-untyped-call]
        pool.join()
        if checkpoints is not None:
            shutil.rmtree(checkpoints, ignore_errors=True)
    return peak


#: Formats by how long a file of a given size takes to read, the slowest first: a .doc goes
#: through LibreOffice, a PDF's pages are laid out, a Word or ODT file's XML is only parsed.
_SLOWEST_FIRST = {".doc": 0, ".pdf": 1}


def _longest_first(job: tuple[int, Path, str, int]) -> tuple[int, int]:
    """The order files are given to the workers: those likely to take longest first, so that the
    last file to be read is a short one and no worker waits long for another to finish (with two
    workers on the 24 files of ``make bench``, the last one ended 0.3 s after the first in path
    order). Results are kept in path order whatever the order of reading."""
    _, path, _, size = job
    return _SLOWEST_FIRST.get(path.suffix.lower(), 2), -size


def _checkpoint(folder: Path | None, index: int) -> Path | None:
    return folder / f"{index}.pickle" if folder is not None else None


def _task_seconds(limits: Limits, follow_up: FollowUp | None) -> float:
    """pebble's time limit of a task where workers are not forked (no ``_Deadlines``): the file's,
    and its follow-up's after it (a follow-up past it still leaves the file's checkpoint)."""
    return limits.timeout * (2 if follow_up is not None else 1)


class _Stall:
    """Whether the pool has stopped taking work: files wait, none is being read and none has
    finished for ``STALL_SECONDS``. A file's own time limit starts when a worker takes it, so a
    worker that hangs before it takes one (a lock another thread held at the fork, an
    initializer that never returns) would otherwise keep the batch waiting for ever."""

    def __init__(self) -> None:
        self.last = time.monotonic()

    def stuck(self, finished: set[Future[Any]], pending: set[Future[Any]]) -> bool:
        now = time.monotonic()
        if finished or not pending or any(f.running() for f in pending):
            self.last = now
            return False
        return now - self.last > STALL_SECONDS


#: How long the batch waits for a worker to take a file while none is being read (seconds).
STALL_SECONDS = 120.0


def _give_up(
    pool: ProcessPool, pending: set[Future[Read]], futures: dict[Future[Read], tuple[int, Path, str, int]],
    records: dict[int, FileRecord], folder: Path, progress: ProgressBar | None,
) -> None:
    """Stop a pool that takes no work: every file still waiting gets a row that says so."""
    log.error("no worker took a file for %g s: the workers were stopped", STALL_SECONDS)
    pool.stop()  # type: ignore[no-untyped-call]
    sentence = _("kaohe's reader stopped taking files ({seconds:g} s without one): not read").format(
        seconds=STALL_SECONDS)
    for future in pending:
        index, path, digest, size = futures[future]
        records[index] = _failed(display_name(path, folder), path, digest, size, sentence)
        _advance(progress, records[index])


def _read_lone(
    job: tuple[int, Path, str, int], folder: Path, context: ReadContext, limits: Limits, reader: Reader,
    records: dict[int, FileRecord], cache: ResultCache | None, progress: ProgressBar | None,
    meanwhile: Callable[[], object] | None, follow_up: FollowUp | None, follow_ups: dict[str, Outcome] | None,
    running: list[Running] | None = None,
) -> int | None:
    """``_read_all`` for a run of one file: read in a child of its own (``pipeline.lone``), under
    the same limits. Its follow-up (the evidence pictures) is run in a child forked from this
    process: the follow-up's ``load``, when it has one, has imported the renderer here meanwhile,
    which the child would have to import first. That child is forked while the file is still
    being read, when the follow-up has work that needs only the file (``prepare``: its pages
    loaded), on the core this process would otherwise leave idle until the file is read. Given
    ``running``, the follow-up is left running there once it is sent (``Batch.finish``)."""
    index, path, digest, size = job
    child = lone.take(path.suffix)
    _allow_helpers(limits)
    renderer: lone.Lone | None = None
    sent: Running | None = None
    try:
        try:
            child.send(work, (reader, path, folder, context, index), limits.max_memory)
            if meanwhile is not None:  # the child is forked already: this process may import at will
                meanwhile()
            load = getattr(follow_up, "load", None)  # the follow-up's own libraries, for the child that runs it
            if load is not None:
                load()
            if follow_ups is not None:
                renderer = _prepared(follow_up, path, limits)
            tick = None if progress is None else progress.ocr_running
            record, rss, _ = _settle(lambda: child.result(limits.timeout, index, tick), path, folder, digest, size,
                                     limits)
            records[index] = record
            then_work = follow_up(record.result, path) if follow_up is not None and rss is not None else None
            if then_work is not None and follow_ups is not None:
                sent = Running.start(record.result.source_file, renderer, then_work, limits)
                renderer = None  # the follow-up's now
            if cache is not None and rss is not None:
                cache.put(digest, record.result)
            _advance(progress, record)
        finally:
            child.close()  # while the follow-up runs
    finally:
        if renderer is not None:
            renderer.close()
    if sent is not None and follow_ups is not None:
        if running is not None:
            running.append(sent)
        else:
            follow_ups[sent.source_file] = sent.outcome()
    return rss


def _prepared(follow_up: FollowUp | None, path: Path, limits: Limits) -> lone.Lone | None:
    """The child that will run the follow-up, forked now and set to the follow-up's ``prepare``
    work for ``path`` (None where it has none for this file)."""
    prepare = getattr(follow_up, "prepare", None)
    ahead = prepare(path) if prepare is not None else None
    if ahead is None:
        return None
    try:
        renderer = lone.Lone(warm=False)
    except OSError as err:  # no process to be had now: the follow-up forks its own when it is due
        log.debug("no child to prepare the follow-up in: %r", err)
        return None
    renderer.send(follow, (ahead,), limits.max_memory)
    return renderer


@dataclass
class Running:
    """A lone file's follow-up, sent to the child that runs it, its outcome not taken yet."""

    source_file: str
    child: lone.Lone
    timeout: float

    @classmethod
    def start(cls, source_file: str, prepared: lone.Lone | None, then_work: Callable[[], object],
              limits: Limits) -> Running:
        """``then_work`` sent to ``prepared`` once its preparation has answered (whatever the answer:
        what it prepared only saves time), or to a child forked now where there is none or it did
        not survive its preparation; its time limit runs from now."""
        child = prepared
        if child is not None:
            try:
                child.result(limits.timeout)
            except Exception as err:  # its failure is the follow-up's own to meet again, with its own sentence
                log.debug("the follow-up's preparation: %r", err)
            if not child.alive():
                child.close()
                child = None
        if child is None:
            child = lone.Lone(warm=False)
        child.send(follow, (then_work,), limits.max_memory)
        return cls(source_file, child, limits.timeout)

    def outcome(self) -> Outcome:
        """The follow-up's value or exception, once it has answered; its child ended then."""
        try:
            return outcome_of(lambda: self.child.result(self.timeout))
        finally:
            self.child.close()


def _allow_helpers(limits: Limits) -> None:
    """Every file left has a worker: a core that one frees reads pages of another's file
    (``pipeline.page_share``), up to one process a core, and no more than ``--workers``."""
    page_share.allow(min(limits.workers, default_workers()))


def _core_to_spare(workers: int, files: int) -> bool:
    """Whether this process's ``meanwhile`` work costs the workers nothing: fewer of them than
    cores, or one file each (they then end together, and this process would wait for them). With
    every core reading and files waiting, its CPU is taken from the workers: it is left to the
    caller, who does it beside the workbook's child, which takes longer than the other writers."""
    return workers < default_workers() or files <= workers


def _while_reading(futures: Iterable[Future[Read]], work: Callable[[], object]) -> None:
    """Run ``work`` here once the pool's workers have been forked (a file's task is running),
    never before: a fork while this thread is inside an import would leave the child that
    module's lock held by no one. (A worker that dies meanwhile is replaced, and the new one
    forked then; ``work`` imports only the writers, which no worker imports.)"""
    futures = list(futures)
    deadline = time.monotonic() + _POLL_SECONDS * 10
    while not any(f.running() or f.done() for f in futures) and time.monotonic() < deadline:
        time.sleep(0.002)
    if any(f.running() or f.done() for f in futures):
        work()


#: How often the batch looks at the running files' deadlines (seconds).
_POLL_SECONDS = 0.2


class _Deadlines:
    """Each running file's time limit, grown by its OCRed pages, and the files stopped past it
    (each with the limit it had, in seconds, for its sentence). Once a file is read and its
    follow-up has begun (its checkpoint is there), the follow-up has a limit of its own:
    ``timeout`` from when the batch first sees it."""

    def __init__(self, timeout: float, checkpoints: Path | None = None) -> None:
        self.timeout = timeout
        self.checkpoints = checkpoints
        self.began: dict[Future[Read], float] = {}
        self.following: dict[Future[Read], float] = {}
        self.stopped: dict[Future[Read], tuple[float, int]] = {}

    def stop_overdue(self, pending: set[Future[Read]], jobs: dict[Future[Read], tuple[int, Path, str, int]]) -> None:
        now = time.monotonic()
        for future in pending:
            if not future.running() or future in self.stopped:
                continue
            began = self.began.setdefault(future, now)
            index = jobs[future][0]
            pages = ocr_clock.pages_of(index)
            allowed = ocr_clock.allowance(self.timeout, pages)
            checkpoint = _checkpoint(self.checkpoints, index)
            if future not in self.following and checkpoint is not None and checkpoint.exists():
                self.following[future] = now
            if future in self.following:
                began, allowed = self.following[future], self.timeout
            if now - began > allowed and future.cancel():  # pebble stops the worker running it
                self.stopped[future] = (allowed, pages)


def _read_on_cluster(
    todo: list[tuple[int, Path, str, int]], folder: Path, context: ReadContext, scheduler: str,
    records: dict[int, FileRecord], cache: ResultCache | None, progress: ProgressBar | None,
) -> None:
    """Read ``todo`` on a Dask cluster (pipeline.dask_executor), filling ``records`` as _read_all does."""
    from pipeline.dask_executor import Job, read_on_dask

    def done(job: Job, result: ReportResult | None, seconds: float | None, error: str) -> None:
        index, path, digest, size = job
        if result is None:
            records[index] = _failed(display_name(path, folder), path, digest, size, error)
        else:
            records[index] = FileRecord(result, digest, size, seconds)
            if cache is not None:
                cache.put(digest, result)
        _advance(progress, records[index])

    if todo:
        read_on_dask(todo, folder, context, scheduler, done)


def _advance(progress: ProgressBar | None, record: FileRecord) -> None:
    if progress is not None:
        progress.update(record)


def _outcome(
    future: Future[Read], path: Path, folder: Path, digest: str, size: int, limits: Limits,
    stopped: tuple[float, int] | None = None, checkpoint: Path | None = None,
) -> tuple[FileRecord, int | None, Outcome | None]:
    """The file's record, its worker's peak memory and its follow-up's outcome. A task that
    failed after the file was read (its follow-up crashed the worker or ran past its limit) still
    gives the file's result, from its checkpoint; the failure is then the follow-up's outcome."""
    from pebble import ProcessExpired

    def get() -> Read:
        if stopped is not None:  # past its deadline (``_Deadlines``): cancelled, its worker stopped
            raise lone.Overdue(*stopped)
        try:
            return future.result()
        except ProcessExpired as err:
            raise lone.WorkerDied(err.exitcode, err.pid) from None

    def rescued() -> Read:
        try:
            return get()
        except Exception as err:
            read = load_checkpoint(checkpoint) if checkpoint is not None else None
            if read is None:
                raise
            if isinstance(err, lone.Overdue):
                err = TimeoutError(f"the follow-up was stopped after {err.allowed:g} s")
            return read._replace(follow_up=(None, err))

    return _settle(rescued, path, folder, digest, size, limits)


def _settle(
    get: Callable[[], Read], path: Path, folder: Path, digest: str, size: int, limits: Limits,
) -> tuple[FileRecord, int | None, Outcome | None]:
    """A worker's answer for a file as its record, with the worker's peak memory and the
    follow-up's outcome; no memory for a file the worker did not finish (stopped at a limit,
    died, failed around the file)."""
    name = display_name(path, folder)
    try:
        result, seconds, rss, outcome = get()
        return FileRecord(result, digest, size, seconds), rss, outcome
    except lone.Overdue as err:  # past its deadline: the child was stopped
        return (_failed(name, path, digest, size, timeout_sentence(limits.timeout, err.pages), err.allowed),
                None, None)
    except (TimeoutError, MemoryError, lone.WorkerDied) as err:
        seconds_spent = limits.timeout if isinstance(err, TimeoutError) else None
        return _failed(name, path, digest, size, stop_sentence(err, name, limits), seconds_spent), None, None
    except Exception as err:  # kaohe's own failure around a file: logged, and still one row
        log.error("error reading %s: %r", name, err, extra={"source_file": name})
        return _failed(name, path, digest, size, _("could not be read: {error_type} in the worker")
            .format(error_type=type(err).__name__)), None, None


#: How C code dies when an allocation fails and is not checked, or when the kernel kills it.
_OUT_OF_MEMORY_SIGNALS = {signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS, signal.SIGKILL}


def death_sentence(name: str, err: ProcessExpired | lone.WorkerDied, max_memory: int) -> str:
    """A worker that died outright: out of memory when it died of a signal near its memory limit
    (``pipeline.memory_watch``), or killed by the system; else a crash, with its signal."""
    code = err.exitcode
    how = _("signal {code}").format(code=-code) if code < 0 else _("exit code {code}").format(code=code)
    peak = memory_watch.peak_of(err.pid)
    log.error("worker crashed on %s (%s; its peak memory %s bytes)", name, how, peak)
    if code < 0 and -code in _OUT_OF_MEMORY_SIGNALS and memory_watch.ran_out(err.pid, max_memory):
        return memory_sentence(max_memory)
    if code == -signal.SIGKILL:  # not kaohe's time limit (that is a TimeoutError): the kernel's OOM killer
        return _("the reader was killed (signal 9), most likely by the system for using too much memory: stopped")
    return _("the reader crashed on this file ({how}): stopped").format(how=how)


def stop_sentence(
    err: TimeoutError | MemoryError | ProcessExpired | lone.WorkerDied, name: str, limits: Limits,
) -> str:
    """Why the worker reading ``name`` gave no result: a limit it reached, or how it died."""
    if isinstance(err, TimeoutError):
        return timeout_sentence(limits.timeout, 0)
    if isinstance(err, MemoryError):
        return memory_sentence(limits.max_memory)
    return death_sentence(name, err, limits.max_memory)


def timeout_sentence(timeout: float, ocr_pages: int) -> str:
    """Why a file was stopped for time: the limit, and what its OCRed pages added to it."""
    if not ocr_pages:
        return _("reading it took longer than the {seconds:g} s time limit (--timeout): stopped").format(
            seconds=timeout)
    return _(
        "reading it took longer than its time limit, {seconds:g} s (--timeout) and {extra:g} s for each "
        "of the {pages} page(s) read by OCR: stopped"
    ).format(seconds=timeout, extra=ocr_clock.OCR_PAGE_SECONDS, pages=ocr_pages)


def memory_sentence(limit: int) -> str:
    if limit <= 0:
        return _("reading it ran out of memory: stopped")
    return _(
        "reading it needed more than the {limit:g} GiB memory limit (--max-memory): stopped"
    ).format(limit=limit / GIB)


def _failed(
    name: str, path: Path, digest: str, size: int, sentence: str, seconds: float | None = None
) -> FileRecord:
    return FileRecord(ReportResult(digest[:12], name, _suffix(path), Status.failed, sentence), digest, size, seconds)


def _suffix(path: Path) -> str:
    return path.suffix.lower().lstrip(".")


def _hash(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size
