"""`kaohe extract INPUT -o OUTPUT` and `kaohe eval`: the only place that prints or exits.

Library warnings (pdfminer's font messages, for one) go to ``kaohe.log`` in the output folder;
the terminal gets a person's summary: files read, failed, findings.
"""

from __future__ import annotations

import argparse
import logging
import sys
import warnings
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pipeline import __version__
from pipeline.errors import ExitCode, KaoheError, UsageError
from pipeline.evaluate import evaluate
from pipeline.results import ReportResult
from pipeline.rubric import load_rubric
from pipeline.run import process_batch
from pipeline.write.csv import write_all
from pipeline.write.eval_report import format_table, write_eval_json


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
        "indicators.csv, metrics.csv and findings.csv into OUTPUT.",
    )
    extract.add_argument("input", type=Path, help="folder of reports (or a single file)")
    extract.add_argument("-o", "--output", type=Path, default=Path("output"), help="output folder (default: output)")
    extract.add_argument("--rubric", type=Path, default=None, help="rubric TOML file (default: the 110 rubric)")
    extract.add_argument(
        "--fail-on-findings", action="store_true", help="exit with 1 when any report has a finding"
    )
    extract.add_argument("-q", "--quiet", action="store_true", help="print nothing but errors")
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
    return parser


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


def _summary(results: Sequence[ReportResult], output: Path) -> str:
    statuses = Counter(r.status for r in results)
    findings = sum(len(r.findings) for r in results)
    reports_with = sum(1 for r in results if r.findings)
    lines = [
        f"kaohe: {len(results)} file(s): {statuses['ok']} ok, {statuses['partial']} partial, "
        f"{statuses['failed']} failed, {statuses['skipped']} skipped",
        f"  {findings} finding(s) in {reports_with} report(s)",
    ]
    lines += [f"  {r.status}: {r.source_file}: {r.error}" for r in results if r.status in {"failed", "partial"}]
    lines.append(f"  written to {output}/")
    return "\n".join(lines)


def _extract_to(input_folder: Path, output: Path, rubric_file: Path | None) -> list[ReportResult]:
    """Read every file under ``input_folder`` and write the CSV dataset into ``output``."""
    if not input_folder.exists():
        raise UsageError(f"input folder not found: {input_folder}")
    rubric = load_rubric(rubric_file)
    _log_to(output)
    results = process_batch(input_folder, rubric, output)
    write_all(results, rubric, output)
    return results


def extract_command(args: argparse.Namespace) -> ExitCode:
    results = _extract_to(args.input, args.output, args.rubric)
    if not args.quiet:
        print(_summary(results, args.output))
    if any(r.status == "failed" for r in results):
        return ExitCode.files_failed
    if args.fail_on_findings and any(r.findings for r in results):
        return ExitCode.findings
    return ExitCode.ok


def eval_command(args: argparse.Namespace) -> ExitCode:
    if not args.truth.is_dir():
        raise UsageError(f"truth folder not found: {args.truth}")
    _extract_to(args.samples, args.output, None)
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


if __name__ == "__main__":
    sys.exit(main())
