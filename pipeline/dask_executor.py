"""A batch's per-file work on an existing Dask cluster (`--executor dask --scheduler ADDRESS`).

For reviews too big for one machine. Each task carries the file's name and bytes, so workers
need only kaohe installed, not the input folder; a worker writes the bytes under the same
relative name in a temporary folder and reads them with ``process_file``, so every result —
report_id, source_file, figures, pages — is what a local run gives, byte for byte in the CSVs.
The time and memory limits of a local run do not apply here: a cluster has its own (Dask's
worker memory limits and nanny restarts); a task that fails becomes that file's failed row.
"""

from __future__ import annotations

import logging
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.errors import UsageError
from pipeline.i18n import _
from pipeline.inputs import display_name
from pipeline.options import ReadContext
from pipeline.results import ReportResult
from pipeline.run import process_file

log = logging.getLogger("kaohe")

#: (index, path, sha256, size) of each file still to read, as pipeline.batch lists them.
Job = tuple[int, Path, str, int]


def read_remote(name: str, data: bytes, context: ReadContext) -> tuple[ReportResult, float]:
    """On a worker: one file's result, read from its bytes under its own relative name."""
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="kaohe-") as tmp:
        root = Path(tmp)
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        result = process_file(path, root, context)
    return result, time.perf_counter() - started


def read_on_dask(
    todo: list[Job], folder: Path, context: ReadContext, scheduler: str,
    done: Callable[[Job, ReportResult | None, float | None, str], None],
) -> None:
    """Send every job to the cluster at ``scheduler``; ``done(job, result, seconds, error)`` is
    called as each one finishes (result None and a sentence in ``error`` when it failed)."""
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise UsageError(_("--executor dask needs the 'distributed' package: pip install 'kaohe[dask]'")) from exc
    try:
        client = Client(scheduler, timeout=30)  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise UsageError(_("cannot reach the Dask scheduler at {scheduler}: {exc}")
            .format(scheduler=scheduler, exc=exc)) from exc
    with client:
        futures: dict[Any, Job] = {}
        for job in todo:
            name = display_name(job[1], folder)
            future = client.submit(read_remote, name, job[1].read_bytes(), context, key=f"kaohe-{job[2]}-{job[0]}")
            futures[future] = job
        for future in as_completed(futures):  # type: ignore[no-untyped-call]
            job = futures[future]
            try:
                result, seconds = future.result()
            except Exception as err:  # the task failed on its worker: that file's row, not the batch
                log.error("cluster task for %s failed: %r", job[1], err)
                done(job, None, None, f"could not be read on the cluster: {type(err).__name__}")
                continue
            done(job, result, seconds, "")
