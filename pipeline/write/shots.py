"""What the report shows for each figure, as data: the figure wanted (``Wanted``) and what it
got (``Shot``: a picture, or the text and why there is no picture).

Kept apart from ``pipeline.write.evidence``, which renders the pictures with pypdfium2 and PIL:
the main process builds and reads Shots for every report it writes, and renders none of them
when the workers made them, so it need not import the renderer at all.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from pipeline.results import Evidence

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Wanted:
    """A figure to show: where it was read from, and the printed figure to outline there."""

    evidence: Evidence
    figure: str = ""
    #: The rotation the figure's page was read at, when not the file's (``Extraction.rotations``).
    rotation: int | None = None


@dataclass(frozen=True)
class Shot:
    """What the report shows for one figure: a cropped page image (a data: URI) or the text."""

    text: str
    page: int | None = None
    image: str = ""
    width: int = 0
    height: int = 0
    #: Why a figure that has a place on a page has no picture (the renderer's limit, a damaged
    #: file); empty when there is a picture, or nothing to picture (Word, ODT).
    reason: str = ""


def text_shot(evidence: Evidence) -> Shot:
    return Shot(evidence.text, evidence.page)


def no_picture(evidence: Evidence, reason: str) -> Shot:
    """The text of a figure whose picture could not be made, with why (only if it has a place to crop)."""
    placed = evidence.page is not None and evidence.bbox is not None
    return Shot(evidence.text, evidence.page, reason=reason if placed else "")


def no_pictures(wanted: Mapping[K, Wanted], reason: str) -> dict[K, Shot]:
    return {key: no_picture(w.evidence, reason) for key, w in wanted.items()}
