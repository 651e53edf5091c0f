"""How close an output folder is to the ground truth: per figure, per document, per group.

``evaluate(output, truth)`` reads the CSV files of one ``kaohe extract`` run (docs/OUTPUT.md)
and the ground-truth JSON files (``<source_file>.json``) and compares them figure by figure:

- ``items``: every rubric item's ``claimed_score`` (an item absent from the truth is expected
  empty), ``subtotals`` and ``summary``: every dimension's printed 小計 and summary figure;
- ``total`` and ``grade``: the printed 總分 and 等第; ``unit``, ``roc_year`` and ``status``;
- findings as tuples ``(check, dimension_no, item_no, claimed, expected)``, counted with their
  multiplicity, for precision (matched / produced) and recall (matched / expected), the
  narrative's checks apart from the score checks;
- the narrative's quantities (metrics.csv) as tuples ``(item_no, value, unit, qualifier)``,
  a multiset, for precision and recall the same way (``metrics``).

A ratio over nothing counts as 100% (nothing to get wrong). Documents are joined on
``source_file``; a truth whose document has no row in ``reports.csv`` compares against empty
cells, and a document without a truth file is listed, since it cannot be vouched for.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.tolerances import SCORE_EQUAL
from pipeline.write.csv import cell

#: The compared figures, in the order they are reported.
FIGURES = ("items", "subtotals", "summary", "total", "grade", "unit", "roc_year", "status")
#: Checks about the narrative's own arithmetic; every other check is a score check.
NARRATIVE_CHECKS = frozenset({"arithmetic_mismatch"})
#: The two kinds of findings and the narrative's quantities, each with its own precision and recall.
FINDING_KINDS = ("score", "narrative", "metrics")
#: Where a truth file does not say, its producer and layout are this.
UNKNOWN = "unknown"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FindingKey = tuple[str, str, str, str, str]
MetricKey = tuple[str, str, str, str]
Row = dict[str, str]


@dataclass(frozen=True)
class Tally:
    """How many compared values agree with the truth."""

    correct: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.correct + other.correct, self.total + other.total)


@dataclass(frozen=True)
class FindingTally:
    """Findings produced, expected, and the ones in both (with multiplicity)."""

    matched: int = 0
    produced: int = 0
    expected: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.produced if self.produced else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def perfect(self) -> bool:
        return self.matched == self.produced == self.expected

    def __add__(self, other: FindingTally) -> FindingTally:
        return FindingTally(
            self.matched + other.matched, self.produced + other.produced, self.expected + other.expected
        )


@dataclass(frozen=True)
class OcrTally:
    """The item scores read by OCR (scores.csv ``read_from = ocr``), apart: how many there were,
    how many the truth agrees with, and how many say why they are to be reviewed (every one
    must: OCR's confidence does not flag a misreading, so a person compares each)."""

    read: int = 0
    correct: int = 0
    with_review: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.read if self.read else 1.0

    @property
    def perfect(self) -> bool:
        return self.correct == self.read == self.with_review

    def __add__(self, other: OcrTally) -> OcrTally:
        return OcrTally(self.read + other.read, self.correct + other.correct, self.with_review + other.with_review)


@dataclass(frozen=True)
class Scores:
    """The figures of one document or of a group of them; ``ocr``: those of its item scores
    read by OCR, counted again on their own (they are in ``figures["items"]`` too)."""

    documents: int
    figures: Mapping[str, Tally]
    findings: Mapping[str, FindingTally]
    ocr: OcrTally = OcrTally()

    @property
    def figures_perfect(self) -> bool:
        return all(t.correct == t.total for t in self.figures.values())

    @property
    def perfect(self) -> bool:
        return self.figures_perfect and all(f.perfect for f in self.findings.values()) and self.ocr.perfect

    @property
    def scores_perfect(self) -> bool:
        """Every figure and the score findings at 100%; the narrative's findings left aside."""
        return self.figures_perfect and self.findings["score"].perfect


@dataclass(frozen=True)
class DocumentEval:
    source_file: str
    producer: str
    layout: str
    scores: Scores
    differences: tuple[str, ...]


@dataclass(frozen=True)
class Evaluation:
    documents: tuple[DocumentEval, ...]
    without_truth: tuple[str, ...]

    @property
    def overall(self) -> Scores:
        return combine(d.scores for d in self.documents)

    def by(self, attribute: str) -> dict[str, Scores]:
        """Scores per value of ``producer`` or ``layout``, in name order."""
        groups: dict[str, list[Scores]] = {}
        for doc in self.documents:
            groups.setdefault(getattr(doc, attribute), []).append(doc.scores)
        return {name: combine(groups[name]) for name in sorted(groups)}

    @property
    def short(self) -> tuple[DocumentEval, ...]:
        """The documents below 100% on any figure or finding."""
        return tuple(d for d in self.documents if not d.scores.perfect)

    @property
    def perfect(self) -> bool:
        return not self.without_truth and all(d.scores.perfect for d in self.documents)


def combine(parts: Iterable[Scores]) -> Scores:
    figures = dict.fromkeys(FIGURES, Tally())
    findings = dict.fromkeys(FINDING_KINDS, FindingTally())
    documents = 0
    ocr = OcrTally()
    for part in parts:
        documents += part.documents
        ocr = ocr + part.ocr
        for name in FIGURES:
            figures[name] = figures[name] + part.figures[name]
        for kind in FINDING_KINDS:
            findings[kind] = findings[kind] + part.findings[kind]
    return Scores(documents, figures, findings, ocr)


# --------------------------------------------------------------------------- reading


@dataclass(frozen=True)
class Truth:
    source_file: str
    producer: str
    layout: str
    status: str | None
    unit: str | None
    roc_year: float | None
    items: dict[str, object]
    subtotals: dict[str, object]
    summary: dict[str, object]
    claimed_total: object
    claimed_grade: object
    findings: tuple[FindingKey, ...]
    metrics: tuple[MetricKey, ...] | None = None  # None: the truth file lists no quantities


@dataclass(frozen=True)
class Output:
    """One run's CSV rows, grouped by ``report_id``."""

    reports: dict[str, Row]  # by source_file
    scores: dict[str, dict[str, Row]]  # report_id → item_no → row
    dimensions: dict[str, dict[str, Row]]  # report_id → dimension_no → row
    findings: dict[str, Counter[FindingKey]]  # report_id → findings (one file's worth)
    metrics: dict[str, Counter[MetricKey]]  # report_id → quantities (one file's worth)


def read_rows(path: Path) -> list[Row]:
    """A contract CSV file as dictionaries (UTF-8 with BOM, RFC 4180)."""
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def unguard(text: str) -> str:
    """A cell as it was before the writer's formula guard (a leading ``'``) was added."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text


def read_output(folder: Path) -> Output:
    reports = {unguard(r["source_file"]): r for r in read_rows(folder / "reports.csv")}
    copies = Counter(r["report_id"] for r in reports.values())  # identical files share an id
    scores: dict[str, dict[str, Row]] = {}
    for row in read_rows(folder / "scores.csv"):
        scores.setdefault(row["report_id"], {}).setdefault(row["item_no"], row)
    dimensions: dict[str, dict[str, Row]] = {}
    for row in read_rows(folder / "dimensions.csv"):
        dimensions.setdefault(row["report_id"], {}).setdefault(row["dimension_no"], row)
    findings: dict[str, Counter[FindingKey]] = {}
    for row in read_rows(folder / "findings.csv"):
        key = (
            row["check"], row["dimension_no"], row["item_no"], unguard(row["claimed"]), unguard(row["expected"])
        )
        findings.setdefault(row["report_id"], Counter())[key] += 1
    for rid, counter in findings.items():
        findings[rid] = Counter({key: n // max(copies[rid], 1) for key, n in counter.items()})
    metrics: dict[str, Counter[MetricKey]] = {}
    path = folder / "metrics.csv"
    for row in read_rows(path) if path.exists() else []:
        metric = (row["item_no"], _plain(row["value"]), unguard(row["unit"]), unguard(row["qualifier"]))
        metrics.setdefault(row["report_id"], Counter())[metric] += 1
    for rid, quantities in metrics.items():
        metrics[rid] = Counter({m: n // max(copies[rid], 1) for m, n in quantities.items()})
    return Output(reports, scores, dimensions, findings, metrics)


def _plain(value: str) -> str:
    """A value cell as the CSV writer formats numbers (`5.00` and `5` compare equal)."""
    try:
        return cell(float(value))
    except ValueError:
        return value


def _text(value: object) -> str:
    """A truth value as the CSV files write it: numbers plain, nothing as empty."""
    if isinstance(value, (str, int, float)) or value is None:
        return value if isinstance(value, str) else cell(value)
    return str(value)


def _mapping(data: Mapping[str, object], key: str) -> dict[str, object]:
    value = data.get(key) or {}
    if not isinstance(value, dict):
        raise ValueError(f"'{key}' is not an object")
    return {str(k): v for k, v in value.items()}


def _optional_str(value: object) -> str | None:
    return None if value is None else str(value)


def load_truth(path: Path) -> Truth:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path.name}: not a JSON object")
    raw_findings = data.get("findings") or []
    if not isinstance(raw_findings, list):
        raise ValueError(f"{path.name}: 'findings' is not a list")
    findings = tuple(
        (_text(f.get("check")), _text(f.get("dimension_no")), _text(f.get("item_no")),
         _text(f.get("claimed")), _text(f.get("expected")))
        for f in raw_findings
        if isinstance(f, dict)
    )
    roc_year = data.get("roc_year")
    raw_metrics = data.get("metrics")
    metrics = None if not isinstance(raw_metrics, list) else tuple(
        (_text(m.get("item_no")), _plain(_text(m.get("value"))), _text(m.get("unit")), _text(m.get("qualifier")))
        for m in raw_metrics
        if isinstance(m, dict)
    )
    return Truth(
        source_file=str(data.get("source_file") or path.name.removesuffix(".json")),
        producer=str(data.get("producer") or UNKNOWN),
        layout=str(data.get("layout") or UNKNOWN),
        status=_optional_str(data.get("status")),
        unit=_optional_str(data.get("unit")),
        roc_year=float(roc_year) if isinstance(roc_year, (int, float)) else None,
        items=_mapping(data, "items"),
        subtotals=_mapping(data, "subtotals"),
        summary=_mapping(data, "summary"),
        claimed_total=data.get("claimed_total"),
        claimed_grade=data.get("claimed_grade"),
        findings=findings,
        metrics=metrics,
    )


def load_truths(folder: Path) -> list[Truth]:
    return [load_truth(path) for path in sorted(folder.glob("*.json"))]


# --------------------------------------------------------------------------- comparing


def same(got: str, want: object) -> bool:
    """A CSV cell against a truth value: numbers within a hair, text exactly, empty for None."""
    if want is None:
        return got == ""
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        try:
            return abs(float(got) - float(want)) <= SCORE_EQUAL
        except ValueError:
            return False
    return got == _text(want)


def _shown(text: str) -> str:
    return text if text != "" else "empty"


class _Comparison:
    """Tallies of one document, and a sentence for every value that differs."""

    def __init__(self) -> None:
        self.tallies = dict.fromkeys(FIGURES, Tally())
        self.differences: list[str] = []

    def compare(self, figure: str, label: str, got: str, want: object) -> None:
        ok = same(got, want)
        self.tallies[figure] = self.tallies[figure] + Tally(int(ok), 1)
        if not ok:
            self.differences.append(f"{label} got {_shown(got)} truth {_shown(_text(want))}")

    def compare_all(self, figure: str, label: str, got: Mapping[str, str], want: Mapping[str, object]) -> None:
        """Every key in either: the output's order first, then keys only the truth has."""
        for key in [*got, *sorted(k for k in want if k not in got)]:
            self.compare(figure, f"{label} {key}", got.get(key, ""), want.get(key))


def _finding_tally(got: Counter[FindingKey], want: Counter[FindingKey]) -> FindingTally:
    return FindingTally(sum((got & want).values()), sum(got.values()), sum(want.values()))


def _finding_differences(
    got: Counter[FindingKey] | Counter[MetricKey], want: Counter[FindingKey] | Counter[MetricKey], what: str = "finding"
) -> list[str]:
    def shown(key: tuple[str, ...]) -> str:
        return "(" + ", ".join(key) + ")"

    missing = [f"missing {what} {shown(k)}" for k in sorted((want - got).elements())]  # type: ignore[operator]
    extra = [f"unexpected {what} {shown(k)}" for k in sorted((got - want).elements())]  # type: ignore[operator]
    return missing + extra


def _kind(key: FindingKey) -> str:
    return "narrative" if key[0] in NARRATIVE_CHECKS else "score"


def evaluate_document(truth: Truth, output: Output) -> DocumentEval:
    report = output.reports.get(truth.source_file)
    rid = report["report_id"] if report else ""
    row: Mapping[str, str] = report or {}
    c = _Comparison()
    if report is None:
        c.differences.append("no row in reports.csv")
    items = {no: r["claimed_score"] for no, r in output.scores.get(rid, {}).items()}
    c.compare_all("items", "item", items, truth.items)
    dims = output.dimensions.get(rid, {})
    c.compare_all("subtotals", "subtotal", {no: r["claimed_subtotal"] for no, r in dims.items()}, truth.subtotals)
    c.compare_all("summary", "summary", {no: r["claimed_summary"] for no, r in dims.items()}, truth.summary)
    c.compare("total", "total", row.get("claimed_total", ""), truth.claimed_total)
    c.compare("grade", "grade", unguard(row.get("claimed_grade", "")), truth.claimed_grade)
    c.compare("unit", "unit", unguard(row.get("unit", "")), truth.unit)
    c.compare("roc_year", "roc_year", row.get("roc_year", ""), truth.roc_year)
    c.compare("status", "status", row.get("status", ""), truth.status)

    got_all = output.findings.get(rid, Counter())
    want_all: Counter[FindingKey] = Counter(truth.findings)
    findings: dict[str, FindingTally] = {}
    got_metrics = output.metrics.get(rid, Counter())
    if truth.metrics is None:  # a truth that lists no quantities vouches for none
        findings["metrics"] = FindingTally()
    else:
        want_metrics: Counter[MetricKey] = Counter(truth.metrics)
        findings["metrics"] = FindingTally(
            sum((got_metrics & want_metrics).values()), sum(got_metrics.values()), sum(want_metrics.values())
        )
        c.differences += _finding_differences(got_metrics, want_metrics, "metric")
    for kind in ("score", "narrative"):
        got = Counter({k: n for k, n in got_all.items() if _kind(k) == kind})
        want = Counter({k: n for k, n in want_all.items() if _kind(k) == kind})
        findings[kind] = _finding_tally(got, want)
        c.differences += _finding_differences(got, want)
    ocr = _ocr_tally(output.scores.get(rid, {}), truth.items)
    if ocr.with_review < ocr.read:
        c.differences.append(f"{ocr.read - ocr.with_review} item score(s) read by OCR without a review reason")
    return DocumentEval(
        truth.source_file, truth.producer, truth.layout, Scores(1, c.tallies, findings, ocr), tuple(c.differences)
    )


def _ocr_tally(rows: Mapping[str, Row], truth: Mapping[str, object]) -> OcrTally:
    """The item scores of one document read by OCR: right by the truth, and with a review reason."""
    read = [(no, r) for no, r in rows.items() if r.get("read_from") == "ocr"]
    return OcrTally(
        len(read),
        sum(1 for no, r in read if same(r["claimed_score"], truth.get(no))),
        sum(1 for _, r in read if r.get("review", "").strip()),
    )


def evaluate(output: Path, truth: Path) -> Evaluation:
    """Compare the CSV files in ``output`` with every ``*.json`` truth file in ``truth``."""
    out = read_output(output)
    truths = load_truths(truth)
    known = {t.source_file for t in truths}
    documents = tuple(evaluate_document(t, out) for t in sorted(truths, key=lambda t: t.source_file))
    without = tuple(sorted(name for name in out.reports if name not in known))
    return Evaluation(documents, without)

