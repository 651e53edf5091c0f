"""Everything a run can be told, checked once, before any file is read.

The console command and a Python caller build the same ``Options``; a value that cannot work
(no worker, a time limit of 0, a Dask executor with no scheduler, a rubric file that is not
there) is refused here with the sentence the console prints, as a ``UsageError``, so a bad
option never surfaces as a failed file or a traceback halfway through a batch.

Some options change what is read (the rubric, the parse switches) and some only how fast or
where (workers, limits, executor). ``Options.result_key`` digests the first kind alone: the
cache of earlier results is valid across runs that differ only in the second.

This module imports nothing heavy (no parser, no pandas), so ``import pipeline`` and building
an ``Options`` stay cheap in a notebook.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import math
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from pipeline.errors import UsageError
from pipeline.i18n import DEFAULT_LANGUAGE, LANGUAGES, N_, _, normalize
from pipeline.rubric import Rubric
from pipeline.rubric_set import RubricSet, files_digest, rubric_files

MIB = 1024**2
GIB = 1024**3
DEFAULT_TIMEOUT = 120.0
DEFAULT_MAX_MEMORY = 2 * GIB
#: Less address space than this cannot even import the parsers.
MIN_MEMORY = 64 * MIB

Executor = Literal["local", "dask"]
EXECUTORS: tuple[Executor, ...] = ("local", "dask")

# The sentences below are English msgids, put into the run's language where they are raised (``_``).
WORKERS_NEEDED = N_("a whole number of 1 or more is needed")
SECONDS_NEEDED = N_("a number of seconds above 0 is needed")
SIZE_NEEDED = N_("a size such as 512M or 2G is needed")
OCR_UNAVAILABLE = N_(
    "OCR is not available: the OCR engine (rapidocr, onnxruntime, opencv-python-headless) is not installed, "
    "so image-only pages cannot be read; reinstall kaohe, or turn OCR off (--no-ocr, ParseSettings(ocr=False))"
)
#: The packages the OCR pages need (pyproject.toml pins them).
OCR_MODULES = ("rapidocr", "onnxruntime", "cv2")


def default_workers() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def ocr_available() -> bool:
    """Whether image-only pages can be read with OCR on this machine: the engine's packages are
    installed. They are looked up, not imported (importing onnxruntime costs a second): the
    models themselves are checked when the first scanned page is read (``parsers.ocr_engine``)."""
    return all(importlib.util.find_spec(name) is not None for name in OCR_MODULES)


@dataclass(frozen=True)
class Limits:
    """What each local worker may spend on one file; recorded in run.json as the run's limits."""

    workers: int = field(default_factory=default_workers)
    timeout: float = DEFAULT_TIMEOUT  # seconds per file
    max_memory: int = DEFAULT_MAX_MEMORY  # bytes of address space per worker; 0 for no limit


@dataclass(frozen=True)
class ParseSettings:
    """Switches that change what the parsers read from a file, hence part of the cache key.

    ``ocr``: read the pages that are only a picture (scans) with OCR, every figure read so marked
    for review (on by default; ``--no-ocr`` turns it off). On by default because a scanned
    report read with every figure marked for review serves an auditor better than a file
    ``failed`` for lack of text; off, a scanned page is simply not read (see the README's
    "Scanned pages")."""

    ocr: bool = True
    #: The password that opens encrypted PDFs (``--password``); None: they are ``failed`` with
    #: ``encrypted PDF: a password is needed``. Not a switch: any password that opens a file
    #: gives the same reading of it, and one that does not leaves it failed (never cached), so it
    #: stays out of the cache key, and out of every repr so that no log or traceback shows it.
    password: str | None = field(default=None, repr=False, compare=False)

    def key(self) -> dict[str, object]:
        """The switches that change what is read, for ``Options.result_key`` (no password)."""
        return {name: value for name, value in asdict(self).items() if name != "password"}


@dataclass(frozen=True)
class ReadContext:
    """All that reading one file needs besides the file, in one picklable argument: it travels to
    every worker process and Dask task, so a new parse switch reaches the parsers without a new
    parameter on every function between the batch and them."""

    #: The rubrics a report may be read with (``pipeline.rubric_set``); one ``Rubric`` given here
    #: stands for the set of it alone, read for every report whatever its year.
    rubrics: RubricSet | Rubric
    parse: ParseSettings = field(default_factory=ParseSettings)
    #: The language of the sentences a result holds (findings' messages, the error sentence).
    #: A run passes its ``Options.lang``; read on its own, a file's sentences are the English
    #: source text (what the catalogs translate), as a check called directly writes them.
    lang: str = "en"

    def __post_init__(self) -> None:
        if isinstance(self.rubrics, Rubric):
            object.__setattr__(self, "rubrics", RubricSet.one(self.rubrics))

    @property
    def rubric_set(self) -> RubricSet:
        assert isinstance(self.rubrics, RubricSet)  # made one by __post_init__
        return self.rubrics


@dataclass(frozen=True)
class Options:
    """One run's settings, valid by construction (see the module's docstring).

    ``rubric``: a rubric TOML file read for every report, or None: each report is read with the
    rubric of its year among those that come with kaohe (``pipeline.rubric_set``).
    ``progress``: draw a progress line on stderr when it is a terminal (the console command does
    unless ``--quiet``); off by default, since a library should not write to a terminal unasked.
    ``cache``: take unchanged files' results from, and keep new ones in, ``OUTPUT/.cache``.
    ``prefer``: files (paths in INPUT, as in reports.csv's ``source_file``) chosen over the other
    versions of their unit and year (``pipeline.versions``), whatever the rule would choose; it
    changes units.csv, trends.csv and the auditor's files, not what is read from a file.
    ``lang``: the language of every sentence the run writes or prints (``pipeline.i18n.LANGUAGES``:
    ``zh-TW``, the default, or ``en``); part of ``result_key``, since results hold sentences.
    ``log_level``: the least severe message kaohe.log keeps (``logging.WARNING``; ``-v`` gives
    ``logging.INFO``, ``-vv`` ``logging.DEBUG``).
    """

    rubric: Path | None = None
    workers: int = field(default_factory=default_workers)
    timeout: float = DEFAULT_TIMEOUT
    max_memory: int = DEFAULT_MAX_MEMORY
    executor: Executor = "local"
    scheduler: str | None = None
    cache: bool = True
    progress: bool = False
    parse: ParseSettings = field(default_factory=ParseSettings)
    prefer: tuple[str, ...] = ()
    lang: str = DEFAULT_LANGUAGE
    log_level: int = logging.WARNING

    def __post_init__(self) -> None:
        if not isinstance(self.lang, str) or normalize(self.lang) not in LANGUAGES:
            raise UsageError(_("--lang: zh-TW or en is needed, not {given!r}").format(given=self.lang))
        object.__setattr__(self, "lang", normalize(self.lang))
        if isinstance(self.prefer, str) or not all(isinstance(p, str | os.PathLike) for p in self.prefer):
            raise UsageError(_("--prefer: file names are needed, not {given!r}").format(given=self.prefer))
        object.__setattr__(self, "prefer", tuple(os.fspath(p) for p in self.prefer))
        if self.rubric is not None and not isinstance(self.rubric, Path):
            object.__setattr__(self, "rubric", Path(self.rubric))  # a str from a notebook
        object.__setattr__(self, "timeout", checked_limits(self.workers, self.timeout, self.max_memory).timeout)
        if not _whole(self.log_level) or logging.getLevelName(self.log_level).startswith("Level "):
            raise UsageError(_("log level: logging.DEBUG, INFO, WARNING or ERROR is needed, not {value!r}").format(
                value=self.log_level))
        self._check_executor()
        self._check_rubric()
        if self.parse.ocr and not ocr_available():
            raise UsageError(_(OCR_UNAVAILABLE))

    def _check_executor(self) -> None:
        if self.executor not in EXECUTORS:
            raise UsageError(_("--executor: local or dask is needed, not {given!r}").format(given=self.executor))
        if self.executor == "dask" and not self.scheduler:
            raise UsageError(_("--executor dask needs --scheduler ADDRESS (e.g. tcp://HOST:8786)"))
        if self.executor == "local" and self.scheduler:
            raise UsageError(_("--scheduler is for --executor dask"))

    def _check_rubric(self) -> None:
        if self.rubric is None:
            return
        if not self.rubric.exists():
            raise UsageError(_("rubric file not found: {path}").format(path=self.rubric))
        if not self.rubric.is_file():
            raise UsageError(_("rubric file is a folder, not a file: {path}").format(path=self.rubric))

    @property
    def limits(self) -> Limits:
        return Limits(self.workers, self.timeout, self.max_memory)

    @property
    def rubric_files(self) -> list[Path]:
        """The rubric given, or every rubric file that comes with kaohe (any may read a report)."""
        return [self.rubric] if self.rubric is not None else rubric_files()

    def result_key(self) -> str:
        """A digest of the options that change what is read from a file: the rubrics' names and
        bytes (not their paths; every rubric file, since a report's year chooses among them), the
        parse switches and the language of the sentences (results hold sentences). Workers, limits,
        executor, cache and progress are left out: runs that differ only in them share cached
        results."""
        rubric = files_digest(self.rubric_files)
        text = json.dumps({"rubric": rubric, "parse": self.parse.key(), "lang": self.lang}, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()


def checked_limits(
    workers: int = 1, timeout: float = DEFAULT_TIMEOUT, max_memory: int = DEFAULT_MAX_MEMORY
) -> Limits:
    """``Limits`` as ``Options`` accepts them, else a ``UsageError`` with the sentence the console
    prints: one check for a batch and for a command that reads a single file (``rubric draft``)."""
    if not _whole(workers) or workers < 1:
        raise UsageError(_("--workers: {needed}, not {given!r}").format(needed=_(WORKERS_NEEDED), given=workers))
    if not _number(timeout) or not (timeout > 0 and math.isfinite(timeout)):
        raise UsageError(_("--timeout: {needed}, not {given!r}").format(needed=_(SECONDS_NEEDED), given=timeout))
    if not _whole(max_memory) or max_memory < 0:
        raise UsageError(_("--max-memory: {needed}, not {given!r}").format(needed=_(SIZE_NEEDED), given=max_memory))
    if 0 < max_memory < MIN_MEMORY:
        raise UsageError(
            _("--max-memory: {size} is too little memory to read anything: use 64M or more, or 0").format(
                size=format_size(max_memory))
        )
    return Limits(workers, float(timeout), max_memory)


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


# --- option text, as typed on the command line ----------------------------------------------
#
# These turn text into the value an Options field takes and refuse text that is not a number
# of the right kind; whether the number is acceptable is for Options to say.

_SIZE = re.compile(r"(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?", re.IGNORECASE)
_UNITS = "_kmgt"


def parse_workers(text: str) -> int:
    if not text.isdigit():
        raise UsageError(_("{needed}, not {given!r}").format(needed=_(WORKERS_NEEDED), given=text))
    return int(text)


def parse_seconds(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise UsageError(_("{needed}, not {given!r}").format(needed=_(SECONDS_NEEDED), given=text)) from None


def parse_size(text: str) -> int:
    """``2G``, ``512M``, ``1.5GiB``, ``1048576`` (bytes; units are powers of 1024); 0 for no limit."""
    match = _SIZE.fullmatch(text.strip())
    if match is None:
        raise UsageError(_("{needed}, not {given!r}").format(needed=_(SIZE_NEEDED), given=text))
    return int(float(match[1]) * 1024 ** _UNITS.index(match[2].lower() or "_"))


def format_size(size: int) -> str:
    """``10M`` for 10 MiB: a size as a person would type it, in the largest unit that divides it."""
    for power in range(len(_UNITS) - 1, 0, -1):
        if size and size % 1024**power == 0:
            return f"{size // 1024**power}{_UNITS[power].upper()}"
    return f"{size} bytes"
