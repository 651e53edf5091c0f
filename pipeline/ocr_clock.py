"""How many pages a worker has OCRed of the file it is reading, known to the batch meanwhile.

A file's time limit (``--timeout``) was set for reading text: about a second a page. A scanned
page costs seconds of OCR, and which pages are scanned is known only once the file is read (the
batch never opens a file itself), so the limit of a file grows while it is read: each page the
worker starts to OCR gives the file ``OCR_PAGE_SECONDS`` more (``pipeline.batch`` watches the
deadline and stops the worker past it). The same count shows on the progress line.

The count is kept in a small table of memory shared with the workers, made when this module is
imported, so workers forked afterwards share it (as ``pipeline.memory_watch`` does): one slot
per file being read, keyed by the file's place in the batch. Where workers are not forked the
table is not shared: the batch then keeps the plain time limit (``shared``).
"""

from __future__ import annotations

import mmap
import struct

#: Seconds of time limit each OCRed page adds to its file's: several times what a page costs
#: on one core (2 to 5 s at ``parsers.scan.OCR_DPI``), for slower machines and busy cores.
OCR_PAGE_SECONDS = 30.0
_SLOTS = 4096
_SLOT = struct.Struct("<qq")  # job + 1 (0: empty), pages OCRed so far
_TABLE = mmap.mmap(-1, _SLOTS * _SLOT.size)

_job: int | None = None  # in a worker: the file it is reading


def begin(job: int) -> None:
    """In a worker: from now on, OCRed pages count for the file ``job`` (its place in the batch)."""
    global _job
    _job = job
    _SLOT.pack_into(_TABLE, (job % _SLOTS) * _SLOT.size, job + 1, 0)


def page_started() -> None:
    """In a worker: a page is about to be OCRed (called by ``parsers.scan``); nothing outside a batch."""
    if _job is None:
        return
    offset = (_job % _SLOTS) * _SLOT.size
    noted, pages = _SLOT.unpack_from(_TABLE, offset)
    if noted == _job + 1:
        _SLOT.pack_into(_TABLE, offset, noted, pages + 1)


def pages_of(job: int) -> int:
    """In the batch: how many pages the worker reading ``job`` has begun to OCR."""
    noted, pages = _SLOT.unpack_from(_TABLE, (job % _SLOTS) * _SLOT.size)
    return int(pages) if noted == job + 1 else 0


def allowance(timeout: float, pages: int) -> float:
    """A file's time limit in seconds once ``pages`` of it are OCRed."""
    return timeout + OCR_PAGE_SECONDS * max(0, pages)
