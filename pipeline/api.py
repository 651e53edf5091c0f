"""``pipeline.extract``: a whole run as one call, for the console command and for Python alike.

The recipe, one call per stage: load the rubrics, take the output folder (finishing what a run
stopped there left), append to its log, open the cache, read the batch, write the CSV files,
the database of the CSV files (kaohe.sqlite) and the auditor's files unless those in the output
folder are already what this run would write, and run.json, all into a staging folder, then
put the set in place at once. It prints nothing and exits nothing: ``pipeline.cli`` turns the
results into a summary and an exit code, a notebook looks at them directly.
"""

from __future__ import annotations

import contextlib
import logging
import os
from pathlib import Path

from pipeline.batch import run_batch
from pipeline.cache import KEPT_FILES, ResultCache, outputs_key
from pipeline.errors import UsageError
from pipeline.i18n import _, using
from pipeline.logfile import open_log
from pipeline.options import Options, ReadContext
from pipeline.outputs import OutputRun, output_lock, recover, take_output_folder
from pipeline.progress import ProgressBar
from pipeline.results import ReportResult
from pipeline.rubric_set import RubricSet
from pipeline.versions import group_versions, modification_times
from pipeline.write import pictures
from pipeline.write.csv import write_all
from pipeline.write.run_json import write_run_json
from pipeline.write.sqlite import write_sqlite

log = logging.getLogger("kaohe")


def extract(
    input: str | os.PathLike[str], output: str | os.PathLike[str], options: Options | None = None
) -> list[ReportResult]:
    """Read every file under ``input`` (a folder, or one file) and write the dataset into ``output``.

    One result per file found, in path order, failures included: a file that cannot be read is
    a ``failed`` result, never an exception. Exceptions are for the run itself: a
    ``UsageError`` when ``input`` or the rubric is not there or the rubric is invalid, or another
    run is writing into ``output``. Results of earlier runs into ``output`` are taken from
    ``output/.cache`` when the file, the result-changing options (``Options.result_key``) and the
    program are unchanged. The files are written as one set (``pipeline.outputs``): a run that
    stops halfway leaves the previous run's set as it was. Every sentence of the run (findings,
    errors, report.html) is in ``options.lang``."""
    options = options or Options()
    with using(options.lang):  # every sentence of the run, in this process and in the workers
        return _extract(Path(input), Path(output), options)


def _extract(input_folder: Path, output_folder: Path, options: Options) -> list[ReportResult]:
    if not input_folder.exists():
        raise UsageError(_("input folder not found: {input_folder}").format(input_folder=input_folder))
    rubrics = RubricSet.load(options.rubric)
    prefer = preferred_files(input_folder, options.prefer)
    take_output_folder(output_folder)
    with output_lock(output_folder):
        recover(output_folder)
        run = OutputRun(output_folder)
        try:
            open_log(output_folder, run.run_id, input_folder, options.log_level)
            return _run(input_folder, output_folder, rubrics, options, run, prefer)
        finally:
            run.discard()


def _run(
    input_folder: Path, output_folder: Path, rubrics: RubricSet, options: Options, run: OutputRun,
    prefer: tuple[str, ...] = (),
) -> list[ReportResult]:
    """The recipe, into ``run``'s staging folder, and the set committed at the end."""
    key = options.result_key()
    cache = ResultCache(output_folder / ".cache", key) if options.cache else None
    batch = run_batch(
        input_folder, ReadContext(rubrics, options.parse, options.lang), output_folder, options.limits, cache=cache,
        progress=ProgressBar(quiet=not options.progress),
        scheduler=options.scheduler if options.executor == "dask" else None, meanwhile=_warm_writers,
        follow_up=pictures.follow_up(rubrics, options.parse.password), defer_follow_ups=True,
    )
    # A lone file's pictures may still be rendering: the CSV files and the workbook are written
    # meanwhile, report.html once they are done (``batch.finish``).
    with contextlib.closing(batch):
        results = batch.results
        for record in batch.records:  # kaohe.log with -v: what became of each file, and what it cost
            r = record.result
            how = "taken from the cache" if record.cached else f"read in {record.seconds or 0:.1f} s"
            log.info("%s, %s, %d finding(s)", r.status, how, len(r.findings), extra={"source_file": r.source_file})
        modified = modification_times(results, input_folder)
        unit_years = group_versions(results, modified, prefer)
        # The versions chosen change the auditor's files too, and where INPUT is from OUTPUT changes
        # the workbook's links to the source files: their inputs are part of the key.
        versions = repr((prefer, sorted(modified.items()), os.path.relpath(input_folder, output_folder)))
        sha256s = [r.sha256 for r in batch.records]
        kept: list[str] = []
        outputs = None
        # Only a run that read no file can find its set in place: one that read any writes it anew.
        if cache is not None and not batch.read:
            outputs = outputs_key(results, sha256s, key + versions)
            if cache.outputs_current(output_folder, outputs):
                kept = list(KEPT_FILES)  # unchanged since the run that wrote them: left as they are
        if not kept:
            from pipeline.write.auditor import start_workbook, write_auditor_files  # XlsxWriter (Jinja2 later)

            # report.xlsx is written by a child meanwhile (``pipeline.forked``): the longest of the
            # writers, started first, and the key of what is written is taken while it runs.
            workbook = start_workbook(results, rubrics, run.staging, input_folder, unit_years)
            try:
                if cache is not None and outputs is None:
                    outputs = outputs_key(results, sha256s, key + versions)
                write_all(results, rubrics, run.staging, unit_years)
                write_sqlite(run.staging)  # from the CSV files just staged: the same rows, typed
                write_auditor_files(
                    results, rubrics, run.staging, input_folder, options.limits, unit_years,
                    page_folder=output_folder, password=options.parse.password, pictures=batch.finish(),
                    workbook=workbook,
                )
            finally:
                workbook.stop()  # waited for by write_auditor_files, unless a writer failed before
        manifest = run.manifest(kept)  # the SHA-256 of every file of the set
        write_run_json(batch, input_folder, run.staging, run.run_id, manifest)
        run.commit()
        if cache is not None and outputs is not None and not kept:
            cache.remember_outputs(outputs, {name: manifest[name] for name in KEPT_FILES if name in manifest})
        return results


def _warm_writers() -> None:
    """Import the auditor files' writers (XlsxWriter, Jinja2) and compile the page's template."""
    from pipeline.write.auditor import warm

    warm()


def preferred_files(input_folder: Path, prefer: tuple[str, ...]) -> tuple[str, ...]:
    """``--prefer`` names as ``source_file`` (relative to INPUT, with ``/``): each must be a file in
    INPUT, given relative to INPUT or as a path that leads into it; else a ``UsageError``, before any
    file is read, so a typo never silently leaves the rule's choice in place."""
    root = input_folder.resolve()
    names = []
    for given in prefer:
        path = Path(given)
        candidates = [path] if path.is_absolute() else [input_folder / path, path]
        found = next((c.resolve() for c in candidates if c.is_file()), None)
        if found is None or (found != root and root not in found.parents):
            raise UsageError(_(
                "--prefer: {given} is not a file in {input_folder}"
            ).format(given=given, input_folder=input_folder))
        names.append(found.name if found == root else found.relative_to(root).as_posix())
    return tuple(names)
