"""Links from report.html to the source files: ``../reports/110_keelung.pdf#page=3``.

The page lies in OUTPUT and the files in INPUT; a link relative to the page keeps working when
both folders are moved or shared together (a network drive, a zip), and opens the PDF at the
page in any browser's viewer (``#page=N``, the PDF open parameters). When no relative path
exists (another drive) the link is the file's absolute ``file:`` URI.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from urllib.parse import quote


def source_links(source_files: Iterable[str], root: Path | None, page_folder: Path) -> dict[str, str]:
    """Each ``source_file`` (relative to ``root``, with ``/``) as a URL relative to ``page_folder``;
    none when ``root`` is unknown."""
    if root is None:
        return {}
    base = page_folder.absolute()
    links = {}
    for name in source_files:
        target = (root / PurePosixPath(name)).absolute()  # the path in INPUT, not where a link leads
        try:
            relative = Path(os.path.relpath(target, base)).as_posix()
        except ValueError:  # another drive (Windows): no relative path
            links[name] = target.as_uri()
            continue
        # A name need not be UTF-8 (surrogate escapes): its bytes, percent-encoded, are the file's.
        links[name] = quote(os.fsencode(relative), safe="/")
    return links


def page_link(href: str, page: int | None) -> str:
    """``href`` opened at ``page`` (PDF open parameters); the file itself when there is no page."""
    return f"{href}#page={page}" if href and page else href
