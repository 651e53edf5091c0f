"""Each PDF's evidence pictures made by the worker that read it, as the batch's follow-up.

report.html shows, beside each finding and item score, the piece of the page it was read from
(``pipeline.write.evidence``). Made after the run, in a pool of their own
(``pipeline.write.render_pool``), they cost a second round of worker processes and wait for
the last file to be read; made as a follow-up (``pipeline.batch``), a file's pictures are
rendered by the worker that has just read it, right after reading it, with its libraries
loaded and the file's pages still loaded (``parsers.pdf_kept``), while other files are still
being read. Its outcome is not the file's: a file whose pictures cannot be made keeps its
result and rows (``pipeline.worker.work``). A file taken from the cache has no follow-up:
``render_pool`` renders its pictures as before.

This module is imported by the run before any file is read, so it imports the renderer only
inside the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.results import ReportResult
from pipeline.rubric_set import RubricSet

if TYPE_CHECKING:
    from collections.abc import Callable

    from pipeline.write.shots import Shot

#: A finding's key without its report's anchor (``view.report_views`` adds it).
NO_ANCHOR = ""


@dataclass(frozen=True)
class Pictures:
    """The batch's follow-up: for a PDF read with figures to show, the rendering of them. A class,
    not a closure, because it travels to the workers with each file."""

    rubrics: RubricSet
    password: str | None = None

    def load(self) -> None:
        """Import the renderer (pypdfium2, PIL and its plugins) here: for a process that forks the
        child that renders (``pipeline.batch``'s lone file), so that the child need not import it first."""
        from pipeline.write.evidence import warm

        warm()

    def prepare(self, path: Path) -> Callable[[], object] | None:
        """What the renderer of ``path``'s pictures can do before the file is read (a PDF's pages
        loaded, ``evidence.preload``), for ``pipeline.batch`` to have it done meanwhile."""
        if path.suffix.lower() != ".pdf":
            return None
        from pipeline.write.evidence import preload

        return partial(preload, path, self.password)

    def __call__(self, result: ReportResult, path: Path) -> Callable[[], object] | None:
        if result.format != "pdf" or result.extraction is None:
            return None
        return partial(render_figures, self.rubrics, path, result, self.password)


def follow_up(rubrics: RubricSet, password: str | None = None) -> Pictures:
    """The batch's follow-up that renders each PDF's pictures (``Pictures``)."""
    return Pictures(rubrics, password)


def render_figures(
    rubrics: RubricSet, path: Path, result: ReportResult, password: str | None,
) -> dict[tuple[str, str], Shot]:
    """In the worker: the Shots of the figures ``report_views`` shows for ``result``, keyed
    without the report's anchor (``NO_ANCHOR``)."""
    from pipeline.write.evidence import render_file
    from pipeline.write.view import wanted_figures

    return render_file(path, result.source_file, wanted_figures(result, rubrics.of(result), NO_ANCHOR), password)


def anchored(shots: dict[tuple[str, str], Shot], anchor: str) -> dict[tuple[str, str], Shot]:
    """``render_figures``' Shots keyed as the report's view keys them (its findings' by ``anchor``)."""
    return {(kind, anchor + name if kind == "finding" else name): shot for (kind, name), shot in shots.items()}
