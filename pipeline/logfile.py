"""kaohe.log: every run's messages appended, each line saying which input file it is about.

The log is where a person looks when a file came out wrong, so it keeps the previous runs' lines
(each run starts with a line naming its run id, the same as in run.json), and every line of a
message about a file names that file, continuation lines too (a traceback, a library's
multi-line warning): ``grep 'report.pdf' kaohe.log`` finds all of it. The file a message is about
is the one the process is working on (``about``, set in the reading and rendering workers, which
write to the same log) or the ``source_file`` a message gives as ``extra``; ``-`` for the run's
own messages. A name's control characters are escaped, so no file name starts a line of its own.

A library says the same thing once per page (pdfminer's font warnings: forty of them for a
forty-page report), which buries the one line that matters. Each warning is kept once per file
(``OnceFilter``); when the file is done, one more line says how many times it was repeated.
Errors and the run's own messages are always kept whole.
"""

from __future__ import annotations

import contextlib
import logging
import os
import warnings
from collections.abc import Iterator
from pathlib import Path

from pipeline import __version__

LOG = "kaohe.log"
_current = ""


@contextlib.contextmanager
def about(source_file: str) -> Iterator[None]:
    """The messages logged meanwhile are about ``source_file``; the warnings repeated meanwhile
    are counted in one line each when it is done."""
    global _current
    before, _current = _current, source_file
    try:
        yield
    finally:
        try:
            _log_repeats(source_file)
        finally:
            _current = before


_Key = tuple[str, str, int, str]


class OnceFilter(logging.Filter):
    """Keeps the first of each warning (file, logger, level, text) and counts the others."""

    def __init__(self) -> None:
        super().__init__()
        self.repeats: dict[_Key, int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno >= logging.ERROR or getattr(record, "repeats", False):
            return True
        name = getattr(record, "source_file", "") or _current
        if not name:
            return True  # the run's own messages: each says something of its own
        key = (name, record.name, record.levelno, record.getMessage())
        seen = key in self.repeats
        self.repeats[key] = self.repeats.get(key, 0) + seen
        return not seen

    def take(self, source_file: str) -> list[tuple[_Key, int]]:
        """The warnings about ``source_file`` that were repeated, and how often; forgotten after."""
        mine = [(key, n) for key, n in self.repeats.items() if key[0] == source_file]
        for key, _ in mine:
            del self.repeats[key]
        return [(key, n) for key, n in mine if n]


def _once_filter() -> OnceFilter | None:
    for handler in logging.getLogger().handlers:
        for f in handler.filters:
            if isinstance(f, OnceFilter):
                return f
    return None


def _log_repeats(source_file: str) -> None:
    once = _once_filter()
    if once is None:
        return
    for (name, logger, level, text), n in once.take(source_file):
        first = text.splitlines()[0] if text else ""
        logging.getLogger(logger).log(
            level, "the same warning came %d more time(s) for this file: %s", n, first[:120],
            extra={"source_file": name, "repeats": True},
        )


def _shown(name: str) -> str:
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name) or "-"


class PerLineFormatter(logging.Formatter):
    """``time LEVEL [file] logger: text`` on every line of a message."""

    def format(self, record: logging.LogRecord) -> str:
        name = getattr(record, "source_file", "") or _current
        prefix = f"{self.formatTime(record)} {record.levelname} [{_shown(name)}] {record.name}: "
        text = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            text += "\n" + record.exc_text
        if record.stack_info:
            text += "\n" + self.formatStack(record.stack_info)
        return "\n".join(prefix + line for line in (text.splitlines() or [""]))


class _Dropped(logging.Handler):
    """Formats each record as kaohe.log would, and keeps none of them."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.format(record)
        except RecursionError:
            raise  # as logging's own handlers do: the parser that logged it fails the file
        except Exception:
            pass


def no_log() -> None:
    """For a command that writes no kaohe.log (``rubric draft``): the libraries' messages and
    warnings are not printed on the terminal, which gets one sentence. They are still formatted
    as kaohe.log's are, so a record a hostile file makes that cannot even be formatted (an object
    nested without end) fails the file as it does in ``extract``, with the same sentence."""
    handler = _Dropped()
    handler.setFormatter(PerLineFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.WARNING)
    logging.captureWarnings(True)
    warnings.simplefilter("default")


def join_log(path: str, level: int) -> logging.FileHandler:
    """Send every library message at ``level`` or above to the log at ``path`` (appended), none to
    the terminal: the run's own, and a worker's that was forked before the run opened its log
    (``pipeline.lone``)."""
    # A FileHandler: the workers find its stream to send a crash's traceback to (pipeline.worker).
    handler = logging.FileHandler(path, mode="a", encoding="utf-8")
    handler.setFormatter(PerLineFormatter())
    handler.addFilter(OnceFilter())
    root = logging.getLogger()
    for old in root.handlers:
        old.close()
    root.handlers[:] = [handler]
    root.setLevel(level)
    logging.captureWarnings(True)
    warnings.simplefilter("default")
    return handler


def log_target() -> tuple[str, int] | None:
    """The log this process writes to (its path) and its level, for a worker to join; None
    when there is none."""
    root = logging.getLogger()
    for handler in root.handlers:
        if isinstance(handler, logging.FileHandler):
            return handler.baseFilename, root.level
    return None


def open_log(folder: Path, run_id: str, input_folder: Path, level: int = logging.WARNING) -> None:
    """Send every library message of this run at ``level`` or above to ``folder/kaohe.log``
    (appended), none to the terminal."""
    path = folder / LOG
    if path.is_symlink():  # planted to make kaohe write elsewhere: the log is a file of the folder
        path.unlink()
    handler = join_log(str(path), level)
    shown = os.fsencode(input_folder).decode("utf-8", "backslashreplace")
    record = logging.LogRecord("kaohe", logging.WARNING, __file__, 0, "", None, None)
    header = f"{PerLineFormatter().formatTime(record)} RUN [-] kaohe: run {run_id} of kaohe {__version__} on {shown}"
    stream = handler.stream  # opened by the FileHandler's constructor
    if stream is not None:
        stream.write(header + "\n")
        handler.flush()
