"""The evidence pictures of every PDF, rendered in worker processes under the run's limits.

A PDF that the reader got through can still be hostile to the renderer: an annotation's
appearance that nests drawings a billion deep passes pdfplumber (which never draws) and then
takes pdfium past any memory there is. So pictures are made as files are read: each file in a
worker of a pebble ``ProcessPool`` with the file's time limit (``--timeout``) and memory limit
(``--max-memory``, ``RLIMIT_AS`` set by ``pipeline.worker.start_worker``), and pdfium draws
neither annotations nor form fields (``pipeline.write.evidence``). A file whose pictures cannot
be made keeps every row of the report; its figures show their text and "no picture" with the
reason, and the run goes on.

Most files' pictures are made before this pool is needed, by the worker that read the file
(``pipeline.write.pictures``); it renders those of results taken from the cache.
"""

from __future__ import annotations

import logging
from collections.abc import Hashable, Mapping
from concurrent.futures import Future, as_completed
from pathlib import Path
from typing import TypeVar

from pipeline.i18n import _
from pipeline.lone import WorkerDied
from pipeline.options import GIB, Limits
from pipeline.pools import new_pool
from pipeline.write.shots import Shot, Wanted, no_pictures

log = logging.getLogger("kaohe")

A = TypeVar("A", bound=Hashable)
K = TypeVar("K", bound=Hashable)


def render_evidence(
    jobs: Mapping[A, tuple[Path, str, Mapping[K, Wanted]]], limits: Limits, password: str | None = None,
) -> dict[A, dict[K, Shot]]:
    """Per job (a report: its PDF, its name in the input folder, the figures to show): its Shots,
    rendered in a limited worker; never raises for a file. ``password`` opens encrypted PDFs: it
    reaches the worker as the reader's does (``pipeline.batch``), an argument pickled through the
    pool's pipe, never a command line, an environment variable or a file."""
    if not jobs:
        return {}
    from pipeline.write.evidence import render_file  # pypdfium2 and PIL: only where pictures are made here

    pool = new_pool(min(limits.workers, len(jobs)), limits.max_memory)
    shots: dict[A, dict[K, Shot]] = {}
    try:
        futures: dict[Future[dict[K, Shot]], A] = {
            pool.submit(render_file, limits.timeout, path, name, dict(wanted), password): key
            for key, (path, name, wanted) in jobs.items()
        }
        for future in as_completed(futures):
            key = futures[future]
            _, name, wanted = jobs[key]
            try:
                shots[key] = future.result()
            except Exception as err:  # a limit, a crash, kaohe's own failure: only the pictures are lost
                shots[key] = failed_pictures(name, wanted, err, limits)
    except BaseException:
        pool.stop()  # type: ignore[no-untyped-call]  # Ctrl-C or an error of kaohe's own: no worker is left behind
        raise
    finally:
        pool.close()  # type: ignore[no-untyped-call]
        pool.join()
    return shots


def failed_pictures(name: str, wanted: Mapping[K, Wanted], err: BaseException, limits: Limits) -> dict[K, Shot]:
    """The figures of a file whose pictures a worker could not make: their text, and why."""
    reason = failure_sentence(err, limits)
    log.warning("%s: no evidence pictures: %s", name, reason, extra={"source_file": name})
    return no_pictures(wanted, reason)


def failure_sentence(err: BaseException, limits: Limits) -> str:
    """Why the worker made no pictures, in words for the page."""
    if isinstance(err, TimeoutError):
        return _("rendering took longer than the {timeout:g} s time limit (--timeout)").format(timeout=limits.timeout)
    if isinstance(err, MemoryError):
        if limits.max_memory <= 0:
            return _("rendering ran out of memory")
        return _("rendering needed more than the {limit:g} GiB memory limit (--max-memory)").format(
            limit=limits.max_memory / GIB)
    from pebble import ProcessExpired  # only here: a run that renders in no pool never imports pebble (and asyncio)

    if isinstance(err, ProcessExpired | WorkerDied):
        code = err.exitcode
        return _("the renderer crashed on this file ({how})").format(
            how=_("signal {code}").format(code=-code) if code < 0 else _("exit code {code}").format(code=code))
    # kaohe's own failure in the worker: still only the pictures are lost
    return _("rendering failed ({error_type})").format(error_type=type(err).__name__)
