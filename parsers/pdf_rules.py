"""The rules drawn on a page, the lines that close the rows a page break cut open, and the
boxes around a page that are no table.

A row cut by a page break is left open (browsers draw no border at the break), and a cell
without all four edges is no cell to pdfplumber: its text would be lost. Each such row is
closed where its own rules stop: between two neighbouring vertical rules that stop at the same
height, with no rule across there and no vertical going on through that height between them,
a line is drawn across, as wide as they are. Closing at one page-wide height instead (the
lowest end of any vertical edge on the page) misses the cut row whenever something else reaches
further: a cell's background painted down to the page foot, an outer table the cut table sits
in, a box around the page.

Rules are lines, curves' straight segments and rectangles' sides, but not the sides of a filled
rectangle wider than a rule in both directions: that is a background (a shaded cell or column),
which pdfplumber still sees, and whose own sides close whatever cell it makes.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import pairwise
from typing import Any, NamedTuple

#: A filled rectangle no thicker than this (points) in one direction is a rule (Chromium draws
#: every border as one; 4 px is 3 pt); thicker in both, it is a background.
RULE_WIDTH = 3.0
#: Rules closer than this (points) across are one rule, ends closer than this along meet.
JOIN = 2.0
#: A rectangle at least this share of the page's width and height is a frame around the page.
FRAME_SHARE = 0.8
#: Rules shorter than this (points), joined, take no part: a thin rectangle's short sides, a tick.
MIN_LENGTH = 5.0


class Rule(NamedTuple):
    """A vertical rule (``lo``..``hi`` across in x, ``start``..``end`` down the page) or a
    horizontal one (``lo``..``hi`` across in y, ``start``..``end`` along x)."""

    lo: float
    hi: float
    start: float
    end: float


def closing_lines(page: Any) -> list[dict[str, Any]]:
    """pdfplumber ``explicit_horizontal_lines`` (as edges) closing the page's open rows."""
    verticals, horizontals = page_rules(page)
    verticals = [v for v in joined(verticals) if v.end - v.start > MIN_LENGTH]
    if len(verticals) < 2:
        return []
    # A thin rectangle's short sides (a vertical border's ends) close nothing.
    horizontals = [h for h in joined(horizontals) if h.end - h.start > MIN_LENGTH]
    lines: list[dict[str, Any]] = []
    for bottom in (False, True):
        for group in _by_height([(v.end if bottom else v.start, v) for v in verticals]):
            y = max(g[0] for g in group) if bottom else min(g[0] for g in group)
            through = [v.lo for v in verticals if v.start < y - JOIN and v.end > y + JOIN]
            stopping = sorted((v for _, v in group), key=lambda v: v.lo)
            for left, right in pairwise(stopping):
                # A vertical going on through y between them: a line across would cut the
                # cell that spans the height. A horizontal rule there: the cell is closed.
                if not any(left.hi < x < right.lo for x in through) and not _closed(y, left, right, horizontals):
                    lines.append(_edge(y, left.lo, right.hi))
    return lines


def without_frames(page: Any) -> Any:
    """The page without the rectangles about its size, for pdfplumber's table finder.

    A box around the page (a page border, a ``position:fixed`` one that Chromium draws on every
    page, its neighbours' copies reaching in from above and below) is no table: taken as one,
    its cells would hold the page's headings and paragraphs, and its sides would cut the
    tables inside it. Nor is a background as large as the page."""
    width, height = FRAME_SHARE * float(page.width), FRAME_SHARE * float(page.height)
    if not any(r["width"] >= width and r["height"] >= height for r in page.rects):
        return page
    return page.filter(lambda obj: obj["object_type"] != "rect" or obj["width"] < width or obj["height"] < height)


def page_rules(page: Any) -> tuple[list[Rule], list[Rule]]:
    """The page's vertical and horizontal rules, as drawn (not joined)."""
    verticals: list[Rule] = []
    horizontals: list[Rule] = []
    for edge in page.lines:
        _add(edge, verticals, horizontals)
    for edge in page.curve_edges:
        _add(edge, verticals, horizontals)
    for rect in page.rects:
        if not rect.get("stroke") and min(rect["width"], rect["height"]) > RULE_WIDTH:
            continue  # a background
        x0, x1, top, bottom = rect["x0"], rect["x1"], rect["top"], rect["bottom"]
        verticals += [Rule(x0, x0, top, bottom), Rule(x1, x1, top, bottom)]
        horizontals += [Rule(top, top, x0, x1), Rule(bottom, bottom, x0, x1)]
    return verticals, horizontals


def _add(edge: dict[str, Any], verticals: list[Rule], horizontals: list[Rule]) -> None:
    x0, x1, top, bottom = edge["x0"], edge["x1"], edge["top"], edge["bottom"]
    if x0 == x1:
        verticals.append(Rule(x0, x0, top, bottom))
    elif top == bottom:
        horizontals.append(Rule(top, top, x0, x1))


def joined(rules: Iterable[Rule]) -> list[Rule]:
    """Rules on one line (within ``JOIN`` across) that touch or overlap, as one: Chromium draws
    a table's borders cell by cell, so a column's rule is as many pieces as it has rows."""
    out: list[Rule] = []
    for line in _lines(rules):
        line.sort(key=lambda r: r.start)
        lo, hi = min(r.lo for r in line), max(r.hi for r in line)
        start, end = line[0].start, line[0].end
        for rule in line[1:]:
            if rule.start > end + JOIN:
                out.append(Rule(lo, hi, start, end))
                start, end = rule.start, rule.end
            else:
                end = max(end, rule.end)
        out.append(Rule(lo, hi, start, end))
    return out


def _lines(rules: Iterable[Rule]) -> list[list[Rule]]:
    """Rules grouped by where they lie across, neighbours within ``JOIN`` in one group."""
    groups: list[list[Rule]] = []
    for rule in sorted(rules, key=lambda r: r.lo):
        if groups and rule.lo - groups[-1][-1].hi <= JOIN:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    return groups


def _closed(y: float, left: Rule, right: Rule, horizontals: list[Rule]) -> bool:
    """Whether a horizontal rule at ``y`` runs from the ``left`` vertical to the ``right`` one."""
    return any(
        h.lo - JOIN <= y <= h.hi + JOIN and h.start <= left.hi + JOIN and h.end >= right.lo - JOIN
        for h in horizontals
    )


def _by_height(ends: list[tuple[float, Rule]]) -> list[list[tuple[float, Rule]]]:
    groups: list[list[tuple[float, Rule]]] = []
    for end in sorted(ends, key=lambda e: e[0]):
        if groups and end[0] - groups[-1][-1][0] <= JOIN:
            groups[-1].append(end)
        else:
            groups.append([end])
    return groups


def _edge(y: float, x0: float, x1: float) -> dict[str, Any]:
    return {
        "object_type": "closing_edge", "orientation": "h",
        "x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
    }
