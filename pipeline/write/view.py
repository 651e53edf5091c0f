"""What the auditor's report shows, computed once: rows of plain strings, flags and evidence.

The template only lays these out; every comparison (does the printed 小計 differ from the sum of
the item scores?) is made here, against the result's own recomputed figures, the ones the CSV
files show and the findings were raised against.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from pipeline import labels
from pipeline.i18n import _
from pipeline.options import Limits
from pipeline.results import Finding, ReportResult, figures_to_review
from pipeline.rubric import Rubric
from pipeline.rubric_set import Rubrics, as_set
from pipeline.statuses import Severity, Status
from pipeline.text import number, tidy
from pipeline.tolerances import SCORE_EQUAL
from pipeline.worker import Outcome
from pipeline.write.csv import finding_order
from pipeline.write.locate import figure_text, finding_evidence
from pipeline.write.pictures import anchored
from pipeline.write.render_pool import failed_pictures, render_evidence
from pipeline.write.shots import Shot, Wanted, text_shot


@dataclass(frozen=True)
class ReportRow:
    anchor: str
    source_file: str
    format: str
    status: str
    error: str
    unit: str
    roc_year: str
    claimed_total: str
    recomputed_total: str
    claimed_grade: str
    recomputed_grade: str
    findings: int
    errors: int
    rank: int
    #: An item's 得分 could not be read: the total and grade are unknown, not a smaller sum.
    total_unchecked: bool = False
    #: The printed 總分 less the recomputed one (``+20``), empty when either is unknown or they agree.
    difference: str = ""
    #: How many of the report's item scores a person should look at before trusting them.
    to_review: int = 0
    #: The source file, as a link from report.html's folder (``pipeline.write.links``); "" for none.
    href: str = ""

    @property
    def needs_review(self) -> bool:
        """What the page's "needs review" filter keeps: a file not read in full, a finding, or a
        figure marked for review."""
        return self.status in {Status.failed, Status.partial} or self.findings > 0 or self.to_review > 0

    @property
    def total_differs(self) -> bool:
        return bool(self.claimed_total and self.recomputed_total) and self.claimed_total != self.recomputed_total

    @property
    def grade_differs(self) -> bool:
        return bool(self.claimed_grade and self.recomputed_grade) and self.claimed_grade != self.recomputed_grade


@dataclass(frozen=True)
class FindingView:
    anchor: str
    finding: Finding
    shot: Shot | None
    #: What the evidence picture shows, in words (its caption).
    label: str = ""


@dataclass(frozen=True)
class Figure:
    """A printed figure in the dimension table: its text, and the finding it is wrong in, if any."""

    text: str = ""
    page: int | None = None
    finding: str = ""  # anchor of the finding that says it is wrong


@dataclass(frozen=True)
class DimensionView:
    no: str
    name: str
    max_points: str
    subtotal: Figure
    summary: Figure
    recomputed: str
    #: One of the dimension's 得分 could not be read: its sum is unknown, not a smaller sum.
    unchecked: bool = False


@dataclass(frozen=True)
class ItemView:
    no: str
    name: str
    max_points: str
    score: str
    match_score: str
    source_text: str
    page: int | None
    shot: Shot | None
    finding: str  # anchor of the first finding about this item
    review: str = ""  # why a person should look at the score before trusting it (scores.csv)
    label: str = ""  # what the evidence picture shows, in words (its caption)


@dataclass(frozen=True)
class ReportView:
    result: ReportResult
    row: ReportRow
    pages: int | None
    findings: tuple[FindingView, ...]
    dimensions: tuple[DimensionView, ...]
    items: tuple[ItemView, ...]


def _rank(r: ReportResult) -> int:
    """Errors first: failed files, then reports with error findings, partial ones, warnings, the rest."""
    if r.status == Status.failed:
        return 0
    if any(f.severity == Severity.error for f in r.findings):
        return 1
    if r.status == Status.partial:
        return 2
    if r.findings:
        return 3
    return 5 if r.status == Status.skipped else 4


def report_views(
    results: Sequence[ReportResult], rubrics: Rubrics, root: Path | None, limits: Limits | None = None,
    links: Mapping[str, str] | None = None, password: str | None = None,
    pictures: Mapping[str, Outcome] | None = None,
) -> list[ReportView]:
    """One view per result, errors first, then by file; ``root`` is where the source files are.

    The PDF pictures are rendered in worker processes under ``limits`` (``render_pool``): a PDF is
    untrusted input to the renderer as much as to the reader. ``pictures`` are those the reading
    workers made already (``pipeline.write.pictures``), by ``source_file``: only the others are
    rendered here. Each report is shown in the rubric it was read with. ``links`` gives each
    ``source_file`` its link from the page (``pipeline.write.links``); ``password`` opens
    encrypted PDFs to render them."""
    of = as_set(rubrics).of
    limits = limits or Limits()
    ordered = sorted(results, key=lambda r: (_rank(r), r.source_file, r.report_id))
    anchors = [f"r{n}" for n in range(1, len(ordered) + 1)]
    pdfs = {
        anchor: (root / r.source_file, r.source_file, wanted_figures(r, of(r), anchor))
        for anchor, r in zip(anchors, ordered, strict=True)
        if root is not None and r.format == "pdf" and r.extraction is not None
    }
    made: dict[str, dict[tuple[str, str], Shot]] = {}
    for anchor, (_path, name, wanted) in list(pdfs.items()):
        outcome = (pictures or {}).get(name)
        if outcome is None:
            continue
        value, err = outcome
        del pdfs[anchor]
        if err is None and isinstance(value, dict):
            made[anchor] = anchored(value, anchor)
        else:
            made[anchor] = failed_pictures(name, wanted, err or TypeError(), limits)
    shots = {**(render_evidence(pdfs, limits, password) if pdfs else {}), **made}
    links = links or {}
    return [
        _view(r, of(r), anchor, shots.get(anchor), links.get(r.source_file, ""))
        for anchor, r in zip(anchors, ordered, strict=True)
    ]


def wanted_figures(r: ReportResult, rubric: Rubric, anchor: str) -> dict[tuple[str, str], Wanted]:
    """The figures of ``r`` the page shows evidence for: each finding's, then each item's."""
    x = r.extraction
    if x is None:
        return {}
    findings = sorted(r.findings, key=finding_order(rubric))
    turns = dict(x.rotations)
    wanted: dict[tuple[str, str], Wanted] = {}
    for n, f in enumerate(findings, 1):
        evidence = finding_evidence(f, x)
        if evidence is not None:
            wanted["finding", f"{anchor}-f{n}"] = Wanted(evidence, figure_text(f), turns.get(evidence.page or 0))
    for no, item_row in x.items().items():
        score = number(item_row.score) if item_row.score is not None else ""
        wanted["item", no] = Wanted(item_row.evidence, score, turns.get(item_row.evidence.page or 0))
    return wanted


def _difference(claimed: float | None, recomputed: float | None) -> str:
    """``claimed − recomputed`` with its sign, or "" when either is unknown or they agree."""
    if claimed is None or recomputed is None or abs(claimed - recomputed) <= SCORE_EQUAL:
        return ""
    return ("+" if claimed > recomputed else "−") + number(abs(claimed - recomputed))


def _row(r: ReportResult, rubric: Rubric, anchor: str, href: str = "") -> ReportRow:
    x, rc = r.extraction, r.recomputed
    total = rc.total if rc else None
    claimed = x.total.value if x and x.total else None
    return ReportRow(
        anchor=anchor, source_file=r.source_file, format=r.format, status=r.status, error=r.error,
        unit=x.title.unit if x else "", roc_year=str(x.title.roc_year or "") if x else "",
        claimed_total=number(x.total.value) if x and x.total else "",
        recomputed_total=number(total) if total is not None else "",
        claimed_grade=x.grade.grade if x and x.grade else "",
        recomputed_grade=(rc.grade or "") if rc else "",
        findings=len(r.findings), errors=sum(f.severity == Severity.error for f in r.findings), rank=_rank(r),
        total_unchecked=bool(rc and rc.unreadable),
        difference="" if rc and rc.unreadable else _difference(claimed, total),
        to_review=figures_to_review([r]), href=href,
    )


def _finding_label(f: Finding, rubric: Rubric) -> str:
    """What a finding's picture shows: the figure's place and what was printed there."""
    if f.item_no:
        item = next((i for i in rubric.items if i.no == f.item_no), None)
        where = _("item {item_no} {item}").format(item_no=f.item_no, item=item.name if item else "")
    elif f.dimension_no:
        dim = next((d for d in rubric.dimensions if d.no == f.dimension_no), None)
        where = _("dimension {dimension_no} {dimension}").format(
            dimension_no=f.dimension_no, dimension=dim.name if dim else "")
    else:
        where = _("the whole report")
    shown = labels.check(f.check) + " · " + where.strip()
    if f.claimed:
        shown += " · " + _("printed {figure}").format(figure=f.claimed)
    return shown + (" · " + _("page {page}").format(page=f.page) if f.page else "")


def _view(
    r: ReportResult, rubric: Rubric, anchor: str, rendered: Mapping[tuple[str, str], Shot] | None, href: str = ""
) -> ReportView:
    row = _row(r, rubric, anchor, href)
    x, rc = r.extraction, r.recomputed
    if x is None or rc is None:
        return ReportView(r, row, r.pages, (), (), ())
    findings = sorted(r.findings, key=finding_order(rubric))
    anchors = [f"{anchor}-f{n}" for n in range(1, len(findings) + 1)]
    chosen = x.items()
    wanted = wanted_figures(r, rubric, anchor)
    shots = rendered if rendered is not None else {k: text_shot(w.evidence) for k, w in wanted.items()}

    def about(check: str, dimension_no: str = "", item_no: str = "") -> str:
        for name, f in zip(anchors, findings, strict=True):
            if f.check == check and f.dimension_no == dimension_no and (not item_no or f.item_no == item_no):
                return name
        return ""

    sums = rc.subtotals
    dimensions = []
    for dim in rubric.dimensions:
        sub, summ = x.subtotals.get(dim.no), x.summary.get(dim.no)
        dimensions.append(DimensionView(
            dim.no, dim.name, number(dim.max_points),
            Figure(number(sub.value), sub.evidence.page, about("subtotal_mismatch", dim.no)) if sub else Figure(),
            Figure(number(summ.value), summ.evidence.page, about("summary_mismatch", dim.no)) if summ else Figure(),
            number(sums[dim.no]) if dim.no in sums else "",
            any(item.no in rc.unreadable for item in dim.items),
        ))
    items = []
    for dim in rubric.dimensions:
        for item in dim.items:
            found = chosen.get(item.no)
            flagged = next((n for n, f in zip(anchors, findings, strict=True) if f.item_no == item.no), "")
            score = number(found.score) if found and found.score is not None else ""
            label = _("item {item_no} {item}").format(item_no=item.no, item=item.name)
            if score:
                label += f" · {rubric.vocabulary.score} {score}"
            if found and found.evidence.page:
                label += " · " + _("page {page}").format(page=found.evidence.page)
            items.append(ItemView(
                item.no, item.name, number(item.max_points), score,
                f"{found.match_score:g}" if found else "", tidy(found.evidence.text) if found else "",
                found.evidence.page if found else None, shots.get(("item", item.no)), flagged,
                labels.review(found.review) if found else "", label,
            ))
    finding_views = tuple(
        FindingView(name, f, shots.get(("finding", name)), _finding_label(f, rubric))
        for name, f in zip(anchors, findings, strict=True)
    )
    return ReportView(r, row, r.pages, finding_views, tuple(dimensions), tuple(items))
