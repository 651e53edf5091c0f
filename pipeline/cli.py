"""`kaohe extract INPUT -o OUTPUT` and `kaohe eval`: the only place that prints or exits.

The arguments become a validated ``pipeline.options.Options`` and the run is
``pipeline.extract``, the same call a Python caller makes; what is left here is a person's side
of it: the summary, and the outcome as an exit code. Library warnings (pdfminer's font
messages, for one) go to ``kaohe.log`` in the output folder; the terminal gets a person's
summary: files read, failed, findings.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from pipeline import __version__
from pipeline.api import extract
from pipeline.errors import ExitCode, KaoheError, UsageError
from pipeline.escape import visible
from pipeline.evaluate import evaluate
from pipeline.options import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT,
    EXECUTORS,
    GIB,
    Options,
    ParseSettings,
    default_workers,
    parse_seconds,
    parse_size,
    parse_workers,
)
from pipeline.results import ReportResult, figures_to_review, ocr_figures_to_review
from pipeline.statuses import Status
from pipeline.write.eval_report import format_table, write_eval_json

T = TypeVar("T")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kaohe",
        description="Read performance reports (PDF, DOCX, ODT), check their scores and write a dataset.",
    )
    parser.add_argument("--version", action="version", version=f"kaohe {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser(
        "extract",
        help="read every report in a folder and write the CSV dataset",
        description="Read every file under INPUT and write reports.csv, scores.csv, dimensions.csv, "
        "indicators.csv, metrics.csv, findings.csv, units.csv, trends.csv, run.json, report.html, report.xlsx and "
        "datapackage.json into OUTPUT.",
    )
    extract.add_argument("input", type=Path, help="folder of reports (or a single file)")
    extract.add_argument("-o", "--output", type=Path, default=Path("output"), help="output folder (default: output)")
    extract.add_argument("--rubric", type=Path, default=None, help="rubric TOML file (default: the 110 rubric)")
    extract.add_argument(
        "--prefer", action="append", default=[], metavar="FILE",
        help="use FILE as its unit's report of its year in units.csv and trends.csv, whatever version "
        "the rule would choose (repeatable)",
    )
    extract.add_argument(
        "--fail-on-findings", action="store_true", help="exit with 1 when any report has a finding"
    )
    extract.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
    _add_limit_options(extract)
    evaluation = commands.add_parser(
        "eval",
        help="read the sample reports and measure the output against their ground truth",
        description="Read every file under SAMPLES into OUTPUT (the CSV dataset, as extract does), compare "
        "it with the ground-truth JSON files in TRUTH, print the accuracy per figure, producer and layout, "
        "and write OUTPUT/eval.json. Exit 0 when everything is at 100%, 1 otherwise.",
    )
    evaluation.add_argument(
        "--samples", type=Path, default=Path("samples/reports"), help="folder of reports (default: samples/reports)"
    )
    evaluation.add_argument(
        "--truth", type=Path, default=Path("samples/truth"), help="folder of truth JSON files (default: samples/truth)"
    )
    evaluation.add_argument(
        "-o", "--output", type=Path, default=Path("output/eval"), help="output folder (default: output/eval)"
    )
    _add_limit_options(evaluation)
    return parser


def _add_limit_options(parser: argparse.ArgumentParser) -> None:
    """How files are read: the fields of ``pipeline.options.Options`` that do not change the results."""
    parser.add_argument(
        "--workers", type=_text_of(parse_workers), default=default_workers(), metavar="N",
        help="files read at once, each in its own process (default: all cores)",
    )
    parser.add_argument(
        "--timeout", type=_text_of(parse_seconds), default=DEFAULT_TIMEOUT, metavar="SECONDS",
        help=f"time limit per file; a file past it is failed (default: {DEFAULT_TIMEOUT:g})",
    )
    parser.add_argument(
        "--max-memory", type=_text_of(parse_size), default=DEFAULT_MAX_MEMORY, metavar="SIZE",
        help=f"memory limit per worker, e.g. 512M or 2G; 0 for none (default: {DEFAULT_MAX_MEMORY // GIB}G)",
    )
    parser.add_argument(
        "--executor", choices=EXECUTORS, default="local",
        help="where files are read: local worker processes (default) or an existing Dask cluster",
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", default=None,
        help="the Dask scheduler with --executor dask, e.g. tcp://HOST:8786 (workers need kaohe installed)",
    )
    parser.add_argument(
        "--ocr", dest="ocr", action=argparse.BooleanOptionalAction, default=True,
        help="read pages that are only a picture (scans) with OCR, every figure so read marked for review "
        "(on by default; --no-ocr leaves such pages unread: see the README's Scanned pages)",
    )
    parser.add_argument(
        "--no-cache", dest="cache", action="store_false",
        help="read every file again: neither use nor fill the cache of earlier results (OUTPUT/.cache)",
    )


def _text_of(parse: Callable[[str], T]) -> Callable[[str], T]:
    """An argparse type from a parser of ``pipeline.options``: its sentence becomes argparse's error
    (and so exit 3). Whether the number is acceptable is checked later, by ``Options``."""

    def convert(text: str) -> T:
        try:
            return parse(text)
        except UsageError as err:
            raise argparse.ArgumentTypeError(err.message) from None

    return convert


def _options(args: argparse.Namespace, rubric: Path | None = None, quiet: bool = False) -> Options:
    """The command line as validated ``Options``; a bad value is a UsageError with its sentence."""
    return Options(
        rubric=rubric, workers=args.workers, timeout=args.timeout, max_memory=args.max_memory,
        executor=args.executor, scheduler=args.scheduler, cache=args.cache, progress=not quiet,
        prefer=tuple(getattr(args, "prefer", ())),
        parse=ParseSettings(ocr=args.ocr),
    )


def _summary(results: Sequence[ReportResult], output: Path) -> str:
    statuses = Counter(r.status for r in results)
    findings = sum(len(r.findings) for r in results)
    reports_with = sum(1 for r in results if r.findings)
    lines = [
        f"kaohe: {len(results)} file(s): {statuses[Status.ok]} ok, {statuses[Status.partial]} partial, "
        f"{statuses[Status.failed]} failed, {statuses[Status.skipped]} skipped",
        f"  {findings} finding(s) in {reports_with} report(s)",
        f"  {figures_to_review(results)} figure(s) to review before trusting them (scores.csv: review)",
    ]
    ocr = ocr_figures_to_review(results)
    if ocr:
        lines.append(f"  {ocr} figure(s) read by OCR from scanned pages: compare each with its page's picture")
    unread = {Status.failed, Status.partial}
    # Names and sentences are escaped where they are made; escaped again here, as the last
    # guard before the terminal, so no control character from a file ever reaches it raw.
    lines += [f"  {r.status}: {visible(r.source_file)}: {visible(r.error)}" for r in results if r.status in unread]
    shown = visible(os.fsencode(output).decode("utf-8", "backslashreplace"))  # a folder name need not be UTF-8
    lines.append(f"  written to {shown}/")
    return "\n".join(lines)


def extract_command(args: argparse.Namespace) -> ExitCode:
    # --fail-on-findings stays here: it changes the exit code, not what a run reads or writes.
    results = extract(args.input, args.output, _options(args, args.rubric, args.quiet))
    if not args.quiet:
        print(_summary(results, args.output))
    if any(r.status == Status.failed for r in results):
        return ExitCode.files_failed
    if args.fail_on_findings and any(r.findings for r in results):
        return ExitCode.findings
    return ExitCode.ok


def eval_command(args: argparse.Namespace) -> ExitCode:
    if not args.truth.is_dir():
        raise UsageError(f"truth folder not found: {args.truth}")
    extract(args.samples, args.output, _options(args))
    evaluation = evaluate(args.output, args.truth)
    path = write_eval_json(evaluation, args.output)
    print(format_table(evaluation, args.output, args.truth))
    print(f"  written to {path}")
    # 1 is "below 100%", the same code extract uses for "findings present".
    return ExitCode.ok if evaluation.perfect else ExitCode.findings


COMMANDS = {"extract": extract_command, "eval": eval_command}


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage; our code for that is 3
        return int(ExitCode.bad_usage) if exc.code not in (0, None) else 0
    try:
        return int(COMMANDS[args.command](args))
    except KaoheError as err:
        print(f"kaohe: {err.message}", file=sys.stderr)
        return int(err.exit_code)
    except KeyboardInterrupt:  # the workers are stopped; each output file is the old one or the new one
        print("kaohe: interrupted", file=sys.stderr)
        return 130
    except Exception as err:  # a bug in kaohe, not in a file: its traceback goes to kaohe.log
        logging.getLogger("kaohe").exception("internal error")
        shown = visible(f"{type(err).__name__}: {err}")
        print(f"kaohe: internal error ({shown}); the details are in kaohe.log", file=sys.stderr)
        return int(ExitCode.internal_error)


if __name__ == "__main__":
    sys.exit(main())
