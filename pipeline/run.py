"""The recipe for one file.

``process_file`` reads like the product does: detect and parse, read the title, the body and
the summary, recompute, check. The recomputed figures are worked out here once and kept in the
result: the checks and every writer use those. Whatever goes wrong inside becomes the file's
status and one sentence; nothing a file does can stop the batch or drop it from ``reports.csv``.
``pipeline.batch`` runs it for every file of a folder, each in a worker process with limits.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from functools import partial
from pathlib import Path

import parsers
from pipeline import page_share
from pipeline.body import read_body
from pipeline.checks import run_checks, unchecked_figures
from pipeline.cite import locate_findings
from pipeline.classify import classify
from pipeline.document import Document
from pipeline.errors import KaoheError, NotAReportError
from pipeline.flow import FlowScore, read_flow_scores, reconcile, text_flow
from pipeline.i18n import _, using
from pipeline.indicators import read_indicators
from pipeline.inputs import display_name
from pipeline.layout import Layout
from pipeline.metrics import read_metrics
from pipeline.ocr_marks import mark_findings, mark_items
from pipeline.options import ReadContext
from pipeline.recompute import recompute, unreadable_items
from pipeline.results import Extraction, IndicatorRow, ItemRow, Metric, ReportResult, Unread
from pipeline.rubric import Item, Rubric
from pipeline.rubric_set import RubricChoice, rubric_id
from pipeline.statuses import Status
from pipeline.summary import read_summary
from pipeline.title import read_title

log = logging.getLogger("kaohe")


def report_id(path: Path) -> str:
    """First 12 hex digits of the SHA-256 of the file's bytes: the key that joins the CSVs."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()[:12]


def extract(doc: Document, rubric: Rubric) -> Extraction:
    """Every figure of ``doc``; those read by OCR marked for review (``pipeline.ocr_marks``).
    The text flow's scores are read on a free core, where there is one, while the tables are
    (``pipeline.page_share.aside``)."""
    with page_share.aside(partial(_flow_scores, doc, rubric), "the second reading (the text flow's scores)") as flow:
        title = read_title(doc, rubric.vocabulary)
        layout = classify(doc, rubric, title.roc_year)
        item_rows, subtotals = read_body(layout, rubric)
        summary = read_summary(layout, rubric, title.roc_year)
        indicators, metrics = _narrative(layout, rubric)
        return Extraction(
            title=title,
            item_rows=mark_items(_second_reading(doc, item_rows, flow), doc),
            subtotals=subtotals,
            summary=summary.figures,
            total=summary.total,
            grade=summary.grade,
            indicators=indicators,
            metrics=metrics,
            ocr_pages=doc.ocr_pages,
            rotations=doc.rotations,
            unread=tuple(summary.unread),
        )


def _flow_scores(doc: Document, rubric: Rubric) -> dict[str, FlowScore]:
    return read_flow_scores(text_flow(doc), rubric)


def _second_reading(
    doc: Document, rows: list[ItemRow], flow: Callable[[], dict[str, FlowScore]],
) -> tuple[ItemRow, ...]:
    """The table's scores compared with the text flow's (``pipeline.flow``, ``flow()``); should
    the flow reader fail, every score is marked as read once, and the table's figures are kept."""
    try:
        return reconcile(rows, flow())
    except (MemoryError, RecursionError):
        raise
    except Exception:
        log.exception("the second reading of %s failed; its table reading is kept", doc.source)
        return reconcile(rows, {})


def _narrative(layout: Layout, rubric: Rubric) -> tuple[tuple[IndicatorRow, ...], tuple[Metric, ...]]:
    """Indicator rows and quantities; a failure here costs the narrative, never the scores."""
    try:
        indicators = tuple(read_indicators(layout, rubric))
        return indicators, tuple(read_metrics(indicators))
    except (MemoryError, RecursionError):
        raise
    except Exception:
        log.exception("the narrative of %s could not be read; its scores are kept", layout.document.source)
        return (), ()


def read_with_rubric(fmt: str, path: Path, context: ReadContext) -> tuple[Document, RubricChoice]:
    """The document, parsed in the words of the rubric of its year, and that rubric.

    The year is in the title, and the title is read like the rest of the document: parsed in the
    default rubric's words first, its year read in each rubric's words until one gives it. The
    body is matched only after the rubric is chosen; a rubric that prints other words than the
    one the document was parsed in has it parsed again in its own (header words and row starts
    are the parser's business too, ``parsers.words``)."""
    rubrics = context.rubric_set
    vocabulary = rubrics.default.vocabulary
    doc = parsers.read(fmt, path, vocabulary, context.parse)
    year = next((y for v in rubrics.vocabularies if (y := read_title(doc, v).roc_year) is not None), None)
    choice = rubrics.for_year(year)
    if choice.rubric.vocabulary != vocabulary:
        doc = parsers.read(fmt, path, choice.rubric.vocabulary, context.parse)
    return doc, choice


def process_file(path: Path, root: Path, context: ReadContext) -> ReportResult:
    """One file's row; ``context`` carries the rubrics and the parse switches in one picklable value,
    so a new switch reaches the parsers without changing this signature or the batch's."""
    with using(context.lang):  # the worker's sentences in the run's language
        return _process_file(path, root, context)


def library_failure(err: Exception) -> str:
    """The sentence for a parser library's own failure on a file (not a ``KaoheError``)."""
    if isinstance(err, RecursionError):
        return _("damaged file: its structure is nested too deeply to read")
    return _("could not be read: {error_type} in the parser").format(error_type=type(err).__name__)


def _process_file(path: Path, root: Path, context: ReadContext) -> ReportResult:
    relative = display_name(path, root)
    rid = report_id(path)
    fmt = path.suffix.lower().lstrip(".")
    try:
        fmt = parsers.detect_format(path)
        doc, choice = read_with_rubric(fmt, path, context)
        rubric = choice.rubric
        extraction = extract(doc, rubric)
        if not any(row.item_no for row in extraction.item_rows) and extraction.total is None:
            raise NotAReportError(_("no rubric items found: this does not look like a performance report"))
    except KaoheError as err:
        return ReportResult(rid, relative, fmt, err.status, err.message)
    except MemoryError:
        raise  # the worker reports it with its limit (pipeline.batch)
    except Exception as err:  # a parser library's own failure: still one row, one sentence
        if not isinstance(err, RecursionError):
            log.exception("unexpected error reading %s", relative)
        return ReportResult(rid, relative, fmt, Status.failed, library_failure(err))
    recomputed = recompute(extraction, rubric)
    findings = locate_findings(run_checks(extraction, recomputed, rubric), doc)
    findings = tuple(mark_findings(list(findings), extraction, doc, rubric))
    status, error = _status(extraction, rubric, "; ".join(n for n in (choice.note, *doc.warnings) if n))
    return ReportResult(
        rid, relative, doc.format, status, error, doc.page_count, extraction, findings, recomputed, rubric_id(rubric)
    )


def _status(extraction: Extraction, rubric: Rubric, note: str = "") -> tuple[Status, str]:
    """``partial`` with a sentence when rubric items, their 得分 or the printed 總分 are missing,
    or a figure of the summary table (a dimension's, the 總分, the 等第) is printed but unread.

    An item whose row was found but whose 得分 could not be read is told apart from an absent
    one: the sentence says that kaohe could not read it and what therefore went unchecked. A
    report read with a rubric that is not its year's keeps its status, with the plain note of
    the choice (``pipeline.rubric_set``: a forced rubric of other years, the nearest earlier one);
    so does one with a part the parser could not read (``Document.warnings``, an altChunk).
    """
    found, unread = extraction.items(), unreadable_items(extraction)
    missing = [i for i in rubric.items if i.no not in found]
    problems = []
    if missing:
        names = ", ".join(f"{i.no} {i.name}" for i in missing[:3]) + (" …" if len(missing) > 3 else "")
        problems.append(_("{count} rubric item(s) without a score ({names})").format(count=len(missing), names=names))
    problems += [_unread_sentence(item, unread[item.no], rubric) for item in rubric.items if item.no in unread]
    problems += [_unread_summary_sentence(u, rubric) for u in extraction.unread if u.what != "total"]
    if extraction.total is None:
        cell = next((u for u in extraction.unread if u.what == "total"), None)
        missing_total = _("no {total} found").format(total=rubric.vocabulary.total)
        problems.append(_unread_summary_sentence(cell, rubric) if cell else missing_total)
    if not problems:
        return Status.ok, note
    return Status.partial, "; ".join([*problems, note] if note else problems)


def _unread_summary_sentence(unread: Unread, rubric: Rubric) -> str:
    """A figure of the summary table that is printed but could not be read: said, since what
    it would check is not checked (never a mismatch blamed on the report)."""
    v = rubric.vocabulary
    page = _(" (page {page})").format(page=unread.evidence.page) if unread.evidence.page is not None else ""
    if unread.what == "total":
        return _("the {total} could not be read{page}, so it and the {grade} cannot be checked").format(
            total=v.total, grade=v.grade, page=page)
    if unread.what == "grade":
        return _("the {grade} could not be read{page}, so it cannot be checked").format(grade=v.grade, page=page)
    dim = rubric.dimension(unread.dimension_no)
    return _(
        "the summary figure of dimension {dimension_no} {dimension} could not be read{page}, so it cannot be checked"
    ).format(dimension_no=dim.no, dimension=dim.name, page=page)


def _unread_sentence(item: Item, row: ItemRow, rubric: Rubric) -> str:
    page = _(" (page {page})").format(page=row.evidence.page) if row.evidence.page is not None else ""
    return (
        _(
            "the {score} of item {item_no} {item} could not be read{page}, so {unchecked} cannot be checked"
        ).format(
            score=rubric.vocabulary.score, item_no=item.no, item=item.name, page=page,
            unchecked=unchecked_figures(item, rubric),
        )
    )
