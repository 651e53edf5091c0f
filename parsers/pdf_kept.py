"""The PDFium pages of the PDF just read, kept loaded for its evidence pictures.

A PDF's evidence pictures are rendered right after it is read, by the worker that read it
(``pipeline.worker.work``). Loading a page in PDFium parses its whole content: about 2 ms a
page, paid once by the reader and once more by the renderer for each page it crops from (about
a third of the pictures' cost). While a worker asks for it (``keeping``), the reader hands the
pages it loaded here instead of closing them (with their text pages, which the renderer
searches for each figure), and their document; the renderer takes them from here
(``pages_of``); the worker closes them all when the pictures are made.

Kept only where that costs little memory: a file of at most ``MAX_PAGES`` pages (the reader
opens a longer one's document again every ``parsers.pdf.REOPEN_PAGES`` pages, which closes its
pages) and pages of at most ``MAX_OBJECTS`` characters, paths and pictures each; any other page is
loaded again by the renderer, as it would be without this module.

A run of one file reads it in one child and renders its pictures in another
(``pipeline.batch._read_lone``); there the renderer loads the pages itself while the file is
being read (``pipeline.write.evidence.preload``) and holds them here (``hold``) until it ends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: Files longer than this keep no page (``parsers.pdf.REOPEN_PAGES``: their document is reopened).
MAX_PAGES = 20
#: A page with more characters, paths and pictures than this is not kept: a page drawn with a hundred thousand paths
#: holds megabytes loaded, and twenty of them would crowd the worker's memory limit.
MAX_OBJECTS = 20_000


@dataclass(frozen=True)
class Loaded:
    """A page kept, and its text page (PDFium's characters), which the renderer searches."""

    page: Any
    text: Any = None


@dataclass
class Kept:
    """The document of the file read last and the pages kept of it, by index (from 0)."""

    path: Path | None = None
    document: Any = None
    pages: dict[int, Loaded] = field(default_factory=dict)

    def adopt(self, path: Path, document: Any, pages: dict[int, Loaded]) -> None:
        """Take ``document`` (and its loaded ``pages``) of ``path``: from now on this closes it."""
        self.close()
        self.path, self.document, self.pages = path, document, pages

    def close(self) -> None:
        if self.document is not None:
            self.document.close()  # its pages with it (pypdfium2 closes a document's children first)
        self.path, self.document, self.pages = None, None, {}


_kept: Kept | None = None


def small(raw: Any) -> bool:
    """Whether a page PDFium read (``parsers.pdf_pdfium.RawPage``) is small enough to keep."""
    return len(raw.chars) + len(raw.paths) + len(raw.images) <= MAX_OBJECTS


@contextlib.contextmanager
def keeping() -> Iterator[Kept]:
    """While inside, the PDF reader keeps what it loaded here; all of it is closed on the way out."""
    global _kept
    kept = _kept = Kept()
    try:
        yield kept
    finally:
        _kept = None
        kept.close()


def hold(path: Path, document: Any, pages: dict[int, Loaded]) -> Kept:
    """Keep ``document`` and ``pages`` of ``path`` in this process from now on, outside a
    ``keeping``: in a renderer that loads a file ahead of its pictures
    (``pipeline.write.evidence.preload``), which ends with the process."""
    global _kept
    if _kept is not None:
        _kept.close()
    kept = _kept = Kept()
    kept.adopt(path, document, pages)
    return kept


def holder() -> Kept | None:
    """Where the reader hands its pages, or None when no one asked for them."""
    return _kept


def pages_of(path: Path) -> Kept | None:
    """The kept document and pages of ``path``, when it is the file read last; None otherwise."""
    kept = _kept
    if kept is None or kept.document is None or kept.path is None:
        return None
    try:
        same = kept.path == path or kept.path.resolve() == path.resolve()
    except OSError:
        return None
    return kept if same else None
