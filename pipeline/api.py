"""``pipeline.extract``: a whole run as one call, for the console command and for Python alike.

The recipe, one call per stage: load the rubric, send the log to the output folder, open the
cache, read the batch, write the CSV files and run.json, then the auditor's files unless those
in the output folder are already what this run would write. It prints nothing and exits
nothing: ``pipeline.cli`` turns the results into a summary and an exit code, a notebook looks
at them directly.
"""

from __future__ import annotations

import logging
import os
import warnings
from pathlib import Path

from pipeline.batch import run_batch
from pipeline.cache import ResultCache, outputs_key
from pipeline.errors import UsageError
from pipeline.options import Options, ReadContext
from pipeline.progress import ProgressBar
from pipeline.results import ReportResult
from pipeline.rubric import load_rubric
from pipeline.write.csv import write_all
from pipeline.write.run_json import write_run_json


def extract(
    input: str | os.PathLike[str], output: str | os.PathLike[str], options: Options | None = None
) -> list[ReportResult]:
    """Read every file under ``input`` (a folder, or one file) and write the dataset into ``output``.

    One result per file found, in path order, failures included: a file that cannot be read is
    a ``failed`` result, never an exception. Exceptions are for the run itself: a
    ``UsageError`` when ``input`` or the rubric is not there or the rubric is invalid.
    Results of earlier runs into ``output`` are taken from ``output/.cache`` when the file, the
    result-changing options (``Options.result_key``) and the program are unchanged."""
    options = options or Options()
    input_folder, output_folder = Path(input), Path(output)
    if not input_folder.exists():
        raise UsageError(f"input folder not found: {input_folder}")
    rubric = load_rubric(options.rubric)
    _log_to(output_folder)
    key = options.result_key()
    cache_folder = output_folder / ".cache"
    cache = ResultCache(cache_folder, key) if options.cache else None
    batch = run_batch(
        input_folder, ReadContext(rubric, options.parse), output_folder, options.limits, cache=cache,
        progress=ProgressBar(quiet=not options.progress),
        scheduler=options.scheduler if options.executor == "dask" else None,
    )
    results = batch.results
    write_all(results, rubric, output_folder)
    write_run_json(batch, input_folder, output_folder)
    outputs = outputs_key(results, [r.sha256 for r in batch.records], key)
    if not (cache is not None and cache.outputs_current(output_folder, outputs)):
        from pipeline.write.auditor import write_auditor_files  # openpyxl and jinja2: only when needed

        written = write_auditor_files(results, rubric, output_folder, input_folder, options.limits)
        if cache is not None:
            cache.remember_outputs(outputs, written)
    return results


def _log_to(folder: Path) -> None:
    """Send every library message to a log file in the output folder, none to the terminal."""
    folder.mkdir(parents=True, exist_ok=True)
    handler = logging.FileHandler(folder / "kaohe.log", mode="w", encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    for old in root.handlers:
        old.close()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.captureWarnings(True)
    warnings.simplefilter("default")
