"""An evaluation (pipeline.evaluate) as a table for a person and as ``eval.json`` for a script.

Nothing here prints: ``format_table`` returns the text, and ``pipeline.cli`` shows it.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from pipeline.evaluate import FIGURES, FINDING_KINDS, DocumentEval, Evaluation, FindingTally, Scores, Tally
from pipeline.write.csv import atomic_write

_HEADERS = {"subtotals": "subtot", "roc_year": "roc_yr", "narrative": "narr"}


def percent(part: int, whole: int) -> str:
    """``part / whole`` as a percentage that shows 100.0% only when nothing is missing."""
    if whole == 0 or part == whole:
        return "100.0%"
    text = f"{100 * part / whole:.1f}%"
    return "99.9%" if text == "100.0%" else text


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _left(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def _right(text: str, width: int) -> str:
    return " " * max(width - _width(text), 0) + text


def _tally(t: Tally) -> str:
    return f"{_right(percent(t.correct, t.total), 7)}  {t.correct}/{t.total}"


def _precision(f: FindingTally) -> str:
    return percent(f.matched, f.produced)


def _recall(f: FindingTally) -> str:
    return percent(f.matched, f.expected)


def _matrix(rows: list[tuple[str, Scores]]) -> list[str]:
    """One line per group: document count, every figure's accuracy, the findings' P and R."""
    headers = ["docs", *(_HEADERS.get(f, f) for f in FIGURES)]
    for kind in FINDING_KINDS:
        headers += [f"{_HEADERS.get(kind, kind)} P", f"{_HEADERS.get(kind, kind)} R"]
    first = max([_width("group"), *(_width(name) for name, _ in rows)])
    widths = [max(len(h), 6) for h in headers]

    def line(name: str, cells: list[str]) -> str:
        return "  " + _left(name, first) + "".join("  " + _right(c, w) for c, w in zip(cells, widths, strict=True))

    lines = [line("group", headers)]
    for name, scores in rows:
        cells = [str(scores.documents), *(percent(scores.figures[f].correct, scores.figures[f].total) for f in FIGURES)]
        for kind in FINDING_KINDS:
            cells += [_precision(scores.findings[kind]), _recall(scores.findings[kind])]
        lines.append(line(name, cells))
    return lines


def format_table(evaluation: Evaluation, output: Path, truth: Path) -> str:
    overall = evaluation.overall
    lines = [f"kaohe eval: {overall.documents} document(s) in {output}/ against {truth}/", ""]
    lines.append("figure       accuracy")
    lines += [f"  {_left(name, 10)} {_tally(overall.figures[name])}" for name in FIGURES]
    lines += ["", "findings     precision          recall"]
    for kind in FINDING_KINDS:
        f = overall.findings[kind]
        lines.append(
            f"  {_left(kind, 10)} {_right(_precision(f), 7)}  {_left(f'{f.matched}/{f.produced}', 9)}"
            f" {_right(_recall(f), 7)}  {f.matched}/{f.expected}"
        )
    ocr = overall.ocr
    lines += [
        "",
        "read by OCR  accuracy           with a review reason",
        f"  {_left('items', 10)} {_right(percent(ocr.correct, ocr.read), 7)}  {_left(f'{ocr.correct}/{ocr.read}', 9)}"
        f" {_right(percent(ocr.with_review, ocr.read), 7)}  {ocr.with_review}/{ocr.read}",
    ]
    rows = [("overall", overall)]
    rows += [(f"producer {name}", s) for name, s in evaluation.by("producer").items()]
    rows += [(f"layout {name}", s) for name, s in evaluation.by("layout").items()]
    lines += ["", "by producer and layout", *_matrix(rows)]
    short = evaluation.short
    lines += ["", f"documents below 100%: {len(short)}"]
    lines += [f"  {d.source_file}: {'; '.join(d.differences)}" for d in short]
    if evaluation.without_truth:
        lines += ["", f"documents without a truth file: {len(evaluation.without_truth)}"]
        lines += [f"  {name}" for name in evaluation.without_truth]
    lines += ["", "everything at 100%" if evaluation.perfect else "not everything is at 100%"]
    return "\n".join(lines)


def scores_json(scores: Scores) -> dict[str, Any]:
    return {
        "documents": scores.documents,
        "figures": {
            name: {"correct": t.correct, "total": t.total, "accuracy": t.accuracy}
            for name, t in scores.figures.items()
        },
        "ocr_items": {
            "read": scores.ocr.read, "correct": scores.ocr.correct, "with_review": scores.ocr.with_review,
            "accuracy": scores.ocr.accuracy,
        },
        "findings": {
            kind: {
                "matched": f.matched, "produced": f.produced, "expected": f.expected,
                "precision": f.precision, "recall": f.recall,
            }
            for kind, f in scores.findings.items()
        },
    }


def _document_json(doc: DocumentEval) -> dict[str, Any]:
    return {
        "source_file": doc.source_file, "producer": doc.producer, "layout": doc.layout,
        "perfect": doc.scores.perfect, **scores_json(doc.scores), "differences": list(doc.differences),
    }


def eval_json(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "perfect": evaluation.perfect,
        "overall": scores_json(evaluation.overall),
        "by_producer": {name: scores_json(s) for name, s in evaluation.by("producer").items()},
        "by_layout": {name: scores_json(s) for name, s in evaluation.by("layout").items()},
        "short": [d.source_file for d in evaluation.short],
        "without_truth": list(evaluation.without_truth),
        "documents": [_document_json(d) for d in evaluation.documents],
    }


def write_eval_json(evaluation: Evaluation, folder: Path) -> Path:
    path = folder / "eval.json"
    text = json.dumps(eval_json(evaluation), ensure_ascii=False, indent=2) + "\n"
    atomic_write(path, text.encode("utf-8"))
    return path
