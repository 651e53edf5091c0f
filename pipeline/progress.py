"""A one-line progress bar on the terminal: files done, pages per second, time left.

Written by hand to stderr with ``\\r`` (no dependency for one line). It shows only when stderr
and stdout are terminals, the run has more than a few files and ``--quiet`` was not given;
anywhere else (a pipe, a log file, CI) it prints nothing at all. Files taken from the cache or skipped count
as done but not in the speed or the time left, which only the files actually read measure.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, TextIO

from pipeline.i18n import _, ngettext
from pipeline.statuses import Status

if TYPE_CHECKING:
    from pipeline.batch import FileRecord

#: Runs of this many files or fewer show no bar.
FEW = 3
WIDTH = 24
_INTERVAL = 0.1  # seconds between redraws at most


def format_duration(seconds: float) -> str:
    seconds = max(0, round(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_line(
    done: int, total: int, pages: int, elapsed: float, read: int, to_read: int, ocr_pages: int = 0,
) -> str:
    """``[######------] 12/200 files  34.5 pages/s  1:23 left``, and ``  8 pages OCRed`` once
    a scanned page is being read.

    ``read`` files of the ``to_read`` that needed reading (not cached, not skipped) took
    ``elapsed`` seconds and had ``pages`` pages; the time left assumes the rest go as fast.
    ``ocr_pages``: pages OCRed so far, those of files still being read included, shown because
    one OCRed page takes as long as dozens of text pages and the bar alone would seem stuck.
    """
    filled = WIDTH * done // total if total else WIDTH
    bar = "#" * filled + "-" * (WIDTH - filled)
    line = f"[{bar}] " + _("{done}/{total} files").format(done=done, total=total)
    if ocr_pages:
        line += "  " + ngettext("{n} page OCRed", "{n} pages OCRed", ocr_pages).format(n=ocr_pages)
    if read and elapsed > 0:
        left = elapsed / read * max(0, to_read - read)
        line += "  " + _("{speed:.1f} pages/s  {left} left").format(speed=pages / elapsed, left=format_duration(left))
    else:
        line += "  " + _("-- pages/s  --:-- left")
    return line


class ProgressBar:
    """Told of every file as it is done (``pipeline.batch.run_batch``); draws one line."""

    def __init__(self, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.stream = stream if stream is not None else sys.stderr
        # On the real streams, both must be a terminal: `kaohe extract … > log` shows no bar either.
        terminal = _is_terminal(self.stream) and (stream is not None or _is_terminal(sys.stdout))
        self.enabled = not quiet and terminal
        self.total = 0
        self.done = 0
        self.read = 0
        self.skipped = 0
        self.pages = 0
        self.ocr_done = 0  # pages OCRed in the files done
        self.ocr_in_flight = 0  # pages OCRed so far in the files being read
        self._started = 0.0
        self._drawn = 0.0
        self._width = 0

    def start(self, total: int) -> None:
        self.total, self.done, self.read, self.skipped, self.pages = total, 0, 0, 0, 0
        self._started = time.perf_counter()
        if total <= FEW:
            self.enabled = False
        self._draw(force=True)

    def update(self, record: FileRecord) -> None:
        self.done += 1
        if record.cached or record.result.status == Status.skipped:
            self.skipped += 1
        else:
            self.read += 1
            self.pages += record.result.pages or 0
            extraction = record.result.extraction
            self.ocr_done += len(extraction.ocr_pages) if extraction is not None else 0
        self._draw(force=self.done == self.total)

    def ocr_running(self, pages: int) -> None:
        """Told by the batch meanwhile: the files being read have OCRed ``pages`` pages so far."""
        if pages != self.ocr_in_flight:
            self.ocr_in_flight = pages
            self._draw()

    def finish(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
        self._width = 0

    def _draw(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self._drawn < _INTERVAL:
            return
        self._drawn = now
        line = "kaohe: " + format_line(
            self.done, self.total, self.pages, now - self._started, self.read, self.total - self.skipped,
            self.ocr_done + self.ocr_in_flight,
        )
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = max(self._width, len(line))


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # a closed or odd stream
        return False
