"""Where a narrative finding's figure is printed: its page and box in the text flow.

A narrative row that runs over a page break is one stitched cell, cited at the page where it
starts; the sentence whose figure disagrees may stand pages later. The figure's own words are
looked up in the document's printed lines from that page on, so the finding cites the page a
person will find them on, and its evidence picture shows them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.document import BBox, Document, TextLine
from pipeline.results import Evidence, Finding
from pipeline.text import key


def locate_findings(findings: Sequence[Finding], doc: Document) -> tuple[Finding, ...]:
    """``findings`` with each quoted figure's page and box taken from where it is printed."""
    return tuple(_located(f, doc.lines) for f in findings)


def _located(finding: Finding, lines: Sequence[TextLine]) -> Finding:
    evidence = finding.evidence
    if evidence is None or not evidence.text or evidence.bbox is not None or not lines:
        return finding
    quote = _plain(evidence.text)
    first = evidence.page or 0
    for line in lines:
        if line.page is not None and line.page < first:
            continue
        if quote in _plain(line.text):
            box = _words_box(line, quote)
            return replace(finding, page=line.page, evidence=Evidence(evidence.text, line.page, box))
    return finding


def _plain(text: str) -> str:
    """Text as compared for locating: the normalized key, without digit group commas."""
    return key(text).replace(",", "")


def _words_box(line: TextLine, quote: str) -> BBox | None:
    """The box of the fewest consecutive words of ``line`` that hold ``quote`` (None: no words)."""
    words = line.words
    if not words:
        return None
    for size in range(1, len(words) + 1):
        for start in range(len(words) - size + 1):
            run = words[start : start + size]
            if quote in _plain("".join(w.text for w in run)):
                return BBox(
                    min(w.bbox.x0 for w in run), min(w.bbox.top for w in run),
                    max(w.bbox.x1 for w in run), max(w.bbox.bottom for w in run),
                )
    return BBox(
        min(w.bbox.x0 for w in words), min(w.bbox.top for w in words),
        max(w.bbox.x1 for w in words), max(w.bbox.bottom for w in words),
    )
