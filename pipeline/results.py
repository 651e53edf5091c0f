"""What the stages produce: figures with their evidence, findings, and a report's result.

Every figure carries the printed text, page and box it was read from, so that a number in the
output can always be traced back to the place in the document that says it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from pipeline.document import BBox
from pipeline.i18n import N_
from pipeline.statuses import ReadFrom, Severity, Status

#: scores.csv ``review`` of an item whose row was found but whose 得分 could not be read.
UNREADABLE_SCORE = N_("row found, score unreadable")


@dataclass(frozen=True)
class Evidence:
    text: str
    page: int | None = None
    bbox: BBox | None = None


@dataclass(frozen=True)
class Figure:
    value: float
    evidence: Evidence


@dataclass(frozen=True)
class Unread:
    """A figure of the summary table whose cell is there but could not be read (a seal or OCR
    broke it, two figures ran into one cell): what it is (``summary`` with its dimension,
    ``total``, ``grade``) and the cell as read."""

    what: str
    evidence: Evidence
    dimension_no: str = ""


@dataclass(frozen=True)
class ItemRow:
    """A row of a rubric table that names an item, matched to the rubric or not."""

    item_no: str | None
    score: float | None
    match_score: float
    evidence: Evidence
    #: Where the score was read (scores.csv ``read_from``); only a score that was read has one.
    read_from: ReadFrom = ReadFrom.text
    #: Why a person should look at the score before trusting it, in a few words; empty when
    #: nothing calls for a look (scores.csv ``review``).
    review: str = ""


@dataclass(frozen=True)
class Grade:
    grade: str
    evidence: Evidence


@dataclass(frozen=True)
class Title:
    organization: str = ""
    unit: str = ""
    roc_year: int | None = None

    @property
    def year(self) -> int | None:
        return self.roc_year + 1911 if self.roc_year is not None else None


@dataclass(frozen=True)
class IndicatorRow:
    """One table row matched to a rubric indicator (and sub-indicator, when it has several)."""

    dimension_no: str
    item_no: str | None
    indicator_no: str | None
    sub_indicator_no: str
    indicator: str
    units: tuple[str, ...]
    result: str
    match_score: float
    page: int | None

@dataclass(frozen=True)
class Metric:
    """One quantity of a narrative, with the row it was read from (docs/OUTPUT.md, metrics.csv)."""

    dimension_no: str
    item_no: str | None
    indicator_no: str | None
    label: str
    value: float
    unit: str
    qualifier: str
    roc_year: int | None
    raw: str
    page: int | None


@dataclass(frozen=True)
class Extraction:
    """Everything read from one document, before any recomputation."""

    title: Title
    item_rows: tuple[ItemRow, ...]
    subtotals: dict[str, Figure]
    summary: dict[str, Figure]
    total: Figure | None
    grade: Grade | None
    #: The narrative: rubric-table rows with their indicator, and the quantities they state.
    indicators: tuple[IndicatorRow, ...] = ()
    metrics: tuple[Metric, ...] = ()
    #: The pages read by OCR from a scanned picture (``Document.ocr_pages``): every figure printed
    #: on them is a machine's reading (``pipeline.ocr_marks``).
    ocr_pages: tuple[int, ...] = ()
    #: Pages read turned, as (page, rotation read at): boxes on them are in that frame.
    rotations: tuple[tuple[int, int], ...] = ()
    #: The summary table's figures whose cells are there but could not be read.
    unread: tuple[Unread, ...] = ()

    def items(self) -> dict[str, ItemRow]:
        """The row that stands for each matched item: the first one that carries a score."""
        chosen: dict[str, ItemRow] = {}
        for row in self.item_rows:
            if row.item_no is None:
                continue
            current = chosen.get(row.item_no)
            if current is None or (current.score is None and row.score is not None):
                chosen[row.item_no] = row
        return chosen


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    message: str
    dimension_no: str = ""
    item_no: str = ""
    claimed: str = ""
    expected: str = ""
    page: int | None = None
    #: Where the claimed figure is printed, for findings about a figure the extraction holds no
    #: Figure for (the narrative's): the quoted words, their page and box (``pipeline.locate``).
    evidence: Evidence | None = None


@dataclass(frozen=True)
class Recomputed:
    """What the item scores found add up to (``pipeline.recompute``), worked out once per report.

    The checks compare the printed figures with these and every writer shows these, so the
    recomputed figures in the CSV files, the workbook and the auditor's page are the very ones
    the findings were raised against.
    """

    #: Per dimension_no, the sum of its item scores found; a dimension with none is left out,
    #: and so is one with an item whose row was found but whose 得分 could not be read: its
    #: sum is unknown, and a sum of fewer items than the report shows is no sum to compare with.
    subtotals: dict[str, float]
    #: The sum of every item score found; None when no item score was found, or when an item's
    #: row was found without a readable 得分 (the total is then unknown, not the smaller sum).
    total: float | None
    #: The rubric's grade band of ``total``; None when there is no total.
    grade: str | None
    #: The items (item_no, rubric order) whose row was found but whose 得分 could not be read.
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReportResult:
    """One input file's outcome: always produced, whatever happened to the file.

    ``recomputed`` is there exactly when ``extraction`` is: a file that was not read has
    nothing to add up, and one that was read is never shown without its sums.
    """

    report_id: str
    source_file: str
    format: str
    status: Status
    error: str = ""
    pages: int | None = None
    extraction: Extraction | None = None
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    recomputed: Recomputed | None = None
    #: The rubric file the report was read with (``110.toml``), chosen by the report's year
    #: (``pipeline.rubric_set``); empty for a file that was not read. Writers show the report in
    #: this rubric's dimensions and items.
    rubric: str = ""

    def __post_init__(self) -> None:
        if (self.extraction is None) != (self.recomputed is None):
            raise ValueError("a ReportResult has recomputed figures exactly when it has an extraction")


def figures_to_review(results: Iterable[ReportResult]) -> int:
    """How many item scores a person should look at before trusting them (scores.csv ``review``
    not empty), over all ``results``: the count a run's summary tells its reader."""
    return sum(
        1
        for r in results
        if r.extraction is not None
        for row in r.extraction.items().values()
        if row.review
    )


def ocr_figures_to_review(results: Iterable[ReportResult]) -> int:
    """How many figures (item scores, 小計, summary figures, 總分, 等第) were read by OCR from a
    scanned page, over all ``results``: each is to be checked against the page's picture."""
    from pipeline.ocr_marks import ocr_figures

    return sum(ocr_figures(r.extraction) for r in results if r.extraction is not None)
