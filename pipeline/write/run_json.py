"""``run.json``: the account of a run, one entry for every input file, written atomically.

Where the CSV files hold what was read, run.json says what happened to each file: its
status and sentence, SHA-256, size, pages and the seconds its reading took, with the limits
the run had and the largest memory a worker used. A file whose result came from the cache of
an earlier run (``pipeline.cache``) has ``cached: true`` and 0 seconds. Timings differ from
run to run, so unlike the CSV files it is not byte-identical across runs. It is the last file of
a run's set, with the run's id and the SHA-256 of every other file of the set (``outputs``).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from pipeline import __version__
from pipeline.batch import Batch, FileRecord
from pipeline.statuses import Status
from pipeline.write.csv import atomic_write


def write_run_json(
    batch: Batch, input_folder: Path, folder: Path, run_id: str = "", outputs: Mapping[str, str] | None = None
) -> Path:
    """run.json in ``folder``; ``outputs``, the SHA-256 of every other file of the run's set, is
    the manifest a reader checks the set against (``pipeline.outputs``)."""
    path = folder / "run.json"
    records = sorted(batch.records, key=lambda r: (r.result.source_file, r.sha256))
    counts = Counter(r.result.status for r in records)
    document = {
        "kaohe": __version__,
        "run_id": run_id,
        "input": os.fsencode(input_folder).decode("utf-8", "backslashreplace"),
        "finished": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(batch.seconds, 3),
        "limits": {
            "workers": batch.limits.workers,
            "timeout_seconds": batch.limits.timeout,
            "max_memory_bytes": batch.limits.max_memory or None,
        },
        "peak_worker_memory_bytes": batch.peak_memory,
        "files_total": len(records),
        "counts": {status.value: counts[status] for status in Status},
        "files": [_entry(r) for r in records],
        "outputs": dict(sorted((outputs or {}).items())),
    }
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, text.encode("utf-8"))
    return path


def _entry(record: FileRecord) -> dict[str, object]:
    r = record.result
    return {
        "source_file": r.source_file,
        "status": r.status,
        "error": r.error,
        "format": r.format,
        "report_id": r.report_id,
        "sha256": record.sha256,
        "bytes": record.size,
        "pages": r.pages,
        "seconds": round(record.seconds, 3) if record.seconds is not None else None,
        "cached": record.cached,
        "findings": len(r.findings),
        "rubric": r.rubric or None,
    }
