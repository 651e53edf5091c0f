"""`kaohe extract INPUT -o OUTPUT` and `kaohe eval`: the only place that prints or exits.

The arguments become a validated ``pipeline.options.Options`` and the run is
``pipeline.extract``, the same call a Python caller makes; what is left here is a person's side
of it: the summary, and the outcome as an exit code. Library warnings (pdfminer's font
messages, for one) go to ``kaohe.log`` in the output folder; the terminal gets a person's
summary: files read, failed, findings. The options an office always gives come from kaohe.toml
(``pipeline.config``), under whatever is typed.

Everything printed, ``--help`` included, is in the language of ``--lang`` (``zh-TW`` unless told
``en``): it is read from the command line before the parser is built, since the parser's help
sentences are put into words when it is made (``pipeline.i18n``).
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pipeline import __version__, lone
from pipeline.config import office_defaults
from pipeline.errors import ExitCode, KaoheError, UsageError
from pipeline.escape import visible
from pipeline.i18n import DEFAULT_LANGUAGE, LANGUAGES, _, normalize, using
from pipeline.logfile import no_log
from pipeline.options import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT,
    EXECUTORS,
    GIB,
    Options,
    ParseSettings,
    checked_limits,
    default_workers,
    parse_seconds,
    parse_size,
    parse_workers,
)
from pipeline.statuses import Status

if TYPE_CHECKING:
    from pipeline.results import ReportResult

T = TypeVar("T")

#: kaohe.log's level for no -v, -v and -vv.
LOG_LEVELS = (logging.WARNING, logging.INFO, logging.DEBUG)
#: Where --password is taken from when it is not typed (a command line is visible to other users).
PASSWORD_VARIABLE = "KAOHE_PASSWORD"


def build_parser(office: Mapping[str, Any] | None = None) -> argparse.ArgumentParser:
    """The command line, its help in the current language (``pipeline.i18n.set_language`` first);
    ``office`` holds the defaults of kaohe.toml (``pipeline.config``), which the options typed on
    the command line beat."""
    parser = argparse.ArgumentParser(
        prog="kaohe",
        description=_("Read performance reports (PDF, DOCX, ODT), check their scores and write a dataset."),
    )
    parser.add_argument(
        "--version", action="version", version=f"kaohe {__version__}", help=_("show the version of kaohe and exit")
    )
    _add_language_option(parser, DEFAULT_LANGUAGE)
    commands = parser.add_subparsers(dest="command", required=True, title=_("commands"))
    extract = commands.add_parser(
        "extract",
        help=_("read every report in a folder and write the CSV dataset"),
        description=_(
            "Read every file under INPUT and write reports.csv, scores.csv, dimensions.csv, indicators.csv,"
            " metrics.csv, findings.csv, units.csv, trends.csv, run.json, report.html, report.xlsx and"
            " datapackage.json into OUTPUT."
        ),
    )
    extract.add_argument("input", type=Path, help=_("folder of reports (or a single file)"))
    extract.add_argument(
        "-o", "--output", type=Path, default=Path("output"), help=_("output folder (default: output)")
    )
    extract.add_argument(
        "--rubric", type=Path, default=None,
        help=_("rubric TOML file for every report (default: each report's year's rubric of pipeline/rubrics)"),
    )
    extract.add_argument(
        "--prefer", action="append", default=[], metavar="FILE",
        help=_(
            "use FILE as its unit's report of its year in units.csv and trends.csv, whatever version"
            " the rule would choose (repeatable)"
        ),
    )
    extract.add_argument(
        "--fail-on-findings", action=argparse.BooleanOptionalAction, default=False,
        help=_("exit with 1 when any report has a finding"),
    )
    extract.add_argument("-q", "--quiet", action=argparse.BooleanOptionalAction, default=False,
                         help=_("print nothing but errors"))
    _add_limit_options(extract)
    _add_person_options(extract)
    extract.set_defaults(**(office or {}))
    evaluation = commands.add_parser(
        "eval",
        help=_("read the sample reports and measure the output against their ground truth"),
        description=_(
            "Read every file under SAMPLES into OUTPUT (the CSV dataset, as extract does), compare it with"
            " the ground-truth JSON files in TRUTH, print the accuracy per figure, producer and layout, and"
            " write OUTPUT/eval.json. Exit 0 when everything is at 100%, 1 otherwise."
        ),
    )
    evaluation.add_argument(
        "--samples", type=Path, default=Path("samples/reports"),
        help=_("folder of reports (default: samples/reports)"),
    )
    evaluation.add_argument(
        "--truth", type=Path, default=Path("samples/truth"),
        help=_("folder of truth JSON files (default: samples/truth)"),
    )
    evaluation.add_argument(
        "-o", "--output", type=Path, default=Path("output/eval"), help=_("output folder (default: output/eval)")
    )
    _add_limit_options(evaluation)
    _add_person_options(evaluation)
    _add_rubric_command(commands)
    return parser


def _add_language_option(parser: argparse.ArgumentParser, default: str | None) -> None:
    """``--lang`` on the main parser and each command's (so it may stand before or after the
    command); a command's leaves the main parser's value alone unless given (``SUPPRESS``)."""
    parser.add_argument(
        "--lang", choices=LANGUAGES, type=normalize, default=default if default else argparse.SUPPRESS,
        help=_("language of the report, the findings' sentences and what is printed (default: zh-TW)"),
    )


def _language(argv: Sequence[str]) -> str:
    """The ``--lang`` of ``argv``, read before the parser is made (its help is in that language);
    a value that is not a language is left for the parser to refuse, in the default language."""
    for n, arg in enumerate(argv):
        given = argv[n + 1] if arg == "--lang" and n + 1 < len(argv) else arg.partition("=")[2]
        if (arg == "--lang" or arg.startswith("--lang=")) and normalize(given) in LANGUAGES:
            return normalize(given)
        if arg == "--":
            break
    return DEFAULT_LANGUAGE


def _add_person_options(parser: argparse.ArgumentParser) -> None:
    """What a person adds to a run: the detail kaohe.log keeps, and the password of encrypted PDFs."""
    parser.add_argument(
        "-v", "--verbose", action="count", default=0,
        help=_("more detail in kaohe.log (-v: what kaohe does, -vv: everything), and a traceback on the terminal "
               "when kaohe itself fails"),
    )
    parser.add_argument(
        "--password", metavar="PASSWORD", default=os.environ.get(PASSWORD_VARIABLE) or None,
        help=_("the password that opens encrypted PDFs (default: the environment variable {variable}, which "
               "keeps it out of the shell's history); it is never written anywhere").format(
                   variable=PASSWORD_VARIABLE),
    )


def _add_rubric_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """`kaohe rubric draft REPORT -o FILE` (``pipeline.rubric_draft``)."""
    rubric = commands.add_parser("rubric", help=_("work with rubric files"), description=_("Work with rubric files."))
    actions = rubric.add_subparsers(dest="action", required=True)
    draft = actions.add_parser(
        "draft", help=_("write a rubric file from a clean report's structure"),
        description=_(
            "Read REPORT's dimensions, items and their maximum points, indicators and sub-indicators"
            " and grade legend, and write them as a rubric TOML file to check and use with extract --rubric."
        ),
    )
    draft.add_argument("report", type=Path, help=_("a report that prints its whole rubric (PDF, DOCX, ODT)"))
    draft.add_argument("-o", "--output", type=Path, required=True, help=_("the rubric TOML file to write"))
    _add_time_and_memory_limits(draft)


def _add_limit_options(parser: argparse.ArgumentParser) -> None:
    """How files are read: the fields of ``pipeline.options.Options`` that do not change the results,
    and the language."""
    parser.add_argument(
        "--workers", type=_text_of(parse_workers), default=default_workers(), metavar="N",
        help=_("processes reading at once: a file each, or pages of a file where a core is free (default: all cores)"),
    )
    _add_time_and_memory_limits(parser)
    parser.add_argument(
        "--executor", choices=EXECUTORS, default="local",
        help=_("where files are read: local worker processes (default) or an existing Dask cluster"),
    )
    parser.add_argument(
        "--scheduler", metavar="ADDRESS", default=None,
        help=_("the Dask scheduler with --executor dask, e.g. tcp://HOST:8786 (workers need kaohe installed)"),
    )
    parser.add_argument(
        "--ocr", dest="ocr", action=argparse.BooleanOptionalAction, default=True,
        help=_(
            "read pages that are only a picture (scans) with OCR, every figure so read marked for review"
            " (on by default; --no-ocr leaves such pages unread: see the README's Scanned pages)"
        ),
    )
    parser.add_argument(
        "--cache", dest="cache", action=argparse.BooleanOptionalAction, default=True,
        help=_(
            "take unchanged files' results from the cache of earlier runs (OUTPUT/.cache; the default);"
            " --no-cache reads every file again, neither using nor filling it"
        ),
    )
    _add_language_option(parser, None)


def _add_time_and_memory_limits(parser: argparse.ArgumentParser) -> None:
    """What the worker reading a file may spend: extract's, eval's and rubric draft's alike."""
    parser.add_argument(
        "--timeout", type=_text_of(parse_seconds), default=DEFAULT_TIMEOUT, metavar="SECONDS",
        help=_("time limit per file; a file past it is failed (default: {seconds:g})").format(seconds=DEFAULT_TIMEOUT),
    )
    parser.add_argument(
        "--max-memory", type=_text_of(parse_size), default=DEFAULT_MAX_MEMORY, metavar="SIZE",
        help=_("memory limit per worker, e.g. 512M or 2G; 0 for none (default: {size}G)").format(
            size=DEFAULT_MAX_MEMORY // GIB),
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
        prefer=tuple(getattr(args, "prefer", ())), lang=args.lang,
        parse=ParseSettings(ocr=args.ocr, password=args.password),
        log_level=LOG_LEVELS[min(args.verbose, len(LOG_LEVELS) - 1)],
    )


def _summary(results: Sequence[ReportResult], output: Path) -> str:
    statuses = Counter(r.status for r in results)
    findings = sum(len(r.findings) for r in results)
    reports_with = sum(1 for r in results if r.findings)
    from pipeline.labels import status as status_label
    from pipeline.results import figures_to_review, ocr_figures_to_review

    review = figures_to_review(results)
    lines = [
        "kaohe: " + _("{files} file(s): {ok} ok, {partial} partial, {failed} failed, {skipped} skipped").format(
            files=len(results), ok=statuses[Status.ok], partial=statuses[Status.partial],
            failed=statuses[Status.failed], skipped=statuses[Status.skipped],
        ),
        "  " + _("{findings} finding(s) in {reports} report(s)").format(findings=findings, reports=reports_with),
        "  " + _("{count} figure(s) to review before trusting them (scores.csv: review)").format(count=review),
    ]
    ocr = ocr_figures_to_review(results)
    if ocr:
        lines.append("  " + _(
            "{count} figure(s) read by OCR from scanned pages: compare each with its page's picture"
        ).format(count=ocr))
    unread = {Status.failed, Status.partial}
    # Names and sentences are escaped where they are made; escaped again here, as the last
    # guard before the terminal, so no control character from a file ever reaches it raw.
    lines += [
        f"  {status_label(r.status)}: {visible(r.source_file)}: {visible(r.error)}"
        for r in results if r.status in unread
    ]
    shown = visible(os.fsencode(output).decode("utf-8", "backslashreplace"))  # a folder name need not be UTF-8
    lines.append("  " + _("written to {folder}/").format(folder=shown))
    return "\n".join(lines)


def extract_command(args: argparse.Namespace) -> ExitCode:
    # --fail-on-findings stays here: it changes the exit code, not what a run reads or writes.
    options = _options(args, args.rubric, args.quiet)
    # The rest of kaohe is imported only now: a run of one file has its reader loading meanwhile.
    with lone.forked_early(args.input, args.output) if options.executor == "local" else nullcontext():
        from pipeline.api import extract

        results = extract(args.input, args.output, options)
    if not args.quiet:
        print(_summary(results, args.output))
    if any(r.status == Status.failed for r in results):
        return ExitCode.files_failed
    if args.fail_on_findings and any(r.findings for r in results):
        return ExitCode.findings
    return ExitCode.ok


def eval_command(args: argparse.Namespace) -> ExitCode:
    if not args.truth.is_dir():
        raise UsageError(_("truth folder not found: {folder}").format(folder=args.truth))
    from pipeline.api import extract
    from pipeline.evaluate import evaluate
    from pipeline.write.eval_report import format_table, write_eval_json

    extract(args.samples, args.output, _options(args))
    evaluation = evaluate(args.output, args.truth)
    path = write_eval_json(evaluation, args.output)
    print(format_table(evaluation, args.output, args.truth))
    print("  " + _("written to {folder}").format(folder=path))
    # 1 is "below 100%", the same code extract uses for "findings present".
    return ExitCode.ok if evaluation.perfect else ExitCode.findings


def rubric_command(args: argparse.Namespace) -> ExitCode:
    """Draft the rubric, write it where asked and say what it holds. The report is read in a worker
    under extract's limits (``pipeline.isolate``); a file it cannot read is one sentence and exit 2.
    This command writes no kaohe.log, and what the libraries log is not for the terminal."""
    from pipeline.rubric_draft import write_draft

    limits = checked_limits(1, args.timeout, args.max_memory)
    no_log()
    draft = write_draft(args.report, args.output, limits)
    items = sum(len(d.items) for d in draft.dimensions)
    print(_("wrote {file}: {dimensions} dimension(s), {items} item(s), grade bands {grades}").format(
        file=args.output, dimensions=len(draft.dimensions), items=items,
        grades=_("as printed") if draft.grades_printed else _("of the default rubric (none printed)"),
    ))
    return ExitCode.ok


COMMANDS = {"extract": extract_command, "eval": eval_command, "rubric": rubric_command}


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line over the kaohe.toml files of the working folder and INPUT (extract only)."""
    args = build_parser().parse_args(argv)
    if args.command == "extract":
        office = office_defaults(args.input, Path.cwd())
        if office:
            args = build_parser(office).parse_args(argv)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """The command, in the language its ``--lang`` asks for; the caller's language is left as it was."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    with using(_language(arguments)):
        return _main(arguments)


def console() -> int:
    """The ``kaohe`` command: ``main``, in a process that ends right after it."""
    code = main()
    # Every output is written and closed and the process ends now: what the collector would trace
    # at exit is freed by the exit anyway, and tracing it cost a one-file run 40 ms. (Not in
    # ``main``: a process that goes on would keep every object it has for good.)
    gc.freeze()
    return code


def _main(argv: Sequence[str]) -> int:
    verbose = 0
    try:
        args = parse_arguments(argv)
        verbose = getattr(args, "verbose", 0)  # `rubric draft` has no -v
        return int(COMMANDS[args.command](args))
    except SystemExit as exc:  # argparse exits 2 on bad usage; our code for that is 3
        return int(ExitCode.bad_usage) if exc.code not in (0, None) else 0
    except KaoheError as err:
        print(f"kaohe: {err.message}", file=sys.stderr)
        return int(err.exit_code)
    except KeyboardInterrupt:  # the workers are stopped; each output file is the old one or the new one
        print("kaohe: " + _("interrupted"), file=sys.stderr)
        return 130
    except Exception as err:  # a bug in kaohe, not in a file: its traceback goes to kaohe.log
        logging.getLogger("kaohe").exception("internal error")
        shown = visible(f"{type(err).__name__}: {err}")
        print(_("kaohe: internal error ({error}); the details are in kaohe.log").format(error=shown), file=sys.stderr)
        if verbose:
            traceback.print_exc(file=sys.stderr)
        return int(ExitCode.internal_error)


if __name__ == "__main__":
    sys.exit(console())
