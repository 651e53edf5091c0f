"""One run's output files, put in place together: never new reports beside old findings.

Each file used to be renamed into place as it was written, so a run killed between two of them
left a folder whose reports.csv was new and whose findings.csv was the previous run's, each file
whole and the set wrong. Now a run writes its whole set into a staging folder inside OUTPUT
(``.kaohe-staging-<run id>``), and run.json last, with the run id and the SHA-256 of every other
file of the set (its manifest). The set is committed by one atomic write, a marker in the staging
folder listing the files; only then are they renamed into place, run.json last. A run stopped
before the marker leaves the old set untouched (its staging folder is removed by the next run);
one stopped after it, in the few milliseconds of renames, is finished by the next run before
anything else (``recover``). ``mixed_files`` compares a folder with its run.json's manifest.

Runs into one folder take turns: a second run while one is writing is refused (``UsageError``),
since two runs' renames interleaved would mix the sets again. The cache (``OUTPUT/.cache``) and
kaohe.log stay where they are: the cache's entries are each whole and keyed by content, and the
log is appended to by every run.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import secrets
import shutil
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from pipeline.errors import UsageError
from pipeline.files import atomic_write
from pipeline.i18n import _

#: What the system says when a folder cannot be written into (permissions, a read-only disk).
_NOT_WRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS}

_STAGING = ".kaohe-staging-"
_MARKER = ".commit"
RUN_JSON = "run.json"


def new_run_id() -> str:
    """When the run started and a few random hex digits: sortable, and unique between runs."""
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


def published_folder(folder: Path) -> Path:
    """The folder a file written into ``folder`` will be read from: the output folder for a
    staging folder (whose files are renamed into it), ``folder`` itself otherwise. A file that
    links to another by a relative path (the workbook to a source PDF) links from there."""
    return folder.parent if folder.name.startswith(_STAGING) else folder


def take_output_folder(folder: Path) -> None:
    """Make ``folder`` (and its parents) if it is not there; a ``UsageError`` with one sentence when
    it is a file, or cannot be made, before anything is read."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(_("the output folder {folder} is a file, not a folder: name a folder with -o").format(
            folder=folder))
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):  # a parent is a file
        raise UsageError(_("the output folder {folder} cannot be made: part of its path is a file").format(
            folder=folder)) from None
    except OSError as err:
        raise UsageError(_("the output folder {folder} cannot be made: {reason}").format(
            folder=folder, reason=(err.strerror or str(err)).lower())) from None


def _not_writable(folder: Path, err: OSError) -> UsageError:
    return UsageError(_("the output folder {folder} cannot be written into ({reason}): choose another with -o").format(
        folder=folder, reason=(err.strerror or str(err)).lower()))


@contextlib.contextmanager
def output_lock(folder: Path) -> Iterator[None]:
    """Hold ``folder`` for this run; another run into it meanwhile is a ``UsageError``."""
    try:
        import fcntl
    except ImportError:  # not on a POSIX system: no lock, as before
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)  # the folder itself is locked: no lock file is left in it
    except OSError as err:  # a folder that cannot even be opened (no permission to read it)
        raise _not_writable(folder, err) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(_("another kaohe run is writing into {folder}: wait for it to end")
                .format(folder=folder)) from None
        yield
    finally:
        os.close(fd)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class OutputRun:
    """The staging folder of one run into ``folder``."""

    def __init__(self, folder: Path, run_id: str | None = None) -> None:
        self.folder = folder
        self.run_id = run_id or new_run_id()
        self.staging = folder / f"{_STAGING}{self.run_id}"
        try:
            self.staging.mkdir()
        except OSError as err:  # the first write into the folder: a read-only one is found here
            if err.errno in _NOT_WRITABLE:
                raise _not_writable(folder, err) from None
            raise
        self._committed = False

    def manifest(self, kept: Sequence[str] = ()) -> dict[str, str]:
        """The SHA-256 of every file of the set: those staged, and ``kept`` (left in place, unchanged)."""
        staged = {p.name for p in self.staging.iterdir() if p.is_file()} - {RUN_JSON, _MARKER}
        return {
            name: _digest(self.staging / name if name in staged else self.folder / name)
            for name in sorted(staged | set(kept))
        }

    def commit(self) -> None:
        """Mark the staged set as the folder's (one atomic write), then rename it into place."""
        names = sorted(p.name for p in self.staging.iterdir() if p.is_file() and p.name != RUN_JSON)
        if not (self.staging / RUN_JSON).is_file():
            raise ValueError("a set is committed with its run.json")
        atomic_write(self.staging / _MARKER, json.dumps([*names, RUN_JSON]).encode("utf-8"))
        self._committed = True
        _finish(self.staging, self.folder)

    def discard(self) -> None:
        """Remove the staging folder of a set that was not committed (an error, an interruption)."""
        if not self._committed:
            shutil.rmtree(self.staging, ignore_errors=True)


def _finish(staging: Path, folder: Path) -> None:
    """Rename a committed set's files into place, run.json last, and remove its staging folder."""
    names = json.loads((staging / _MARKER).read_text(encoding="utf-8"))
    for name in names:
        if isinstance(name, str) and "/" not in name and (staging / name).is_file():
            os.replace(staging / name, folder / name)
    (staging / _MARKER).unlink()
    shutil.rmtree(staging, ignore_errors=True)


def recover(folder: Path) -> None:
    """Finish the set of a run stopped while renaming it; remove what runs stopped earlier left."""
    for staging in sorted(folder.glob(f"{_STAGING}*")):
        if staging.is_symlink() or not staging.is_dir():
            continue
        if (staging / _MARKER).is_file():
            with contextlib.suppress(OSError, ValueError):  # tried again by the next run
                _finish(staging, folder)
        else:
            shutil.rmtree(staging, ignore_errors=True)


def mixed_files(folder: Path) -> list[str]:
    """The files of ``folder``'s set that are not those its run.json lists (missing or changed);
    every name when there is no manifest to check against."""
    try:
        outputs = json.loads((folder / RUN_JSON).read_text(encoding="utf-8"))["outputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return [RUN_JSON]
    return [
        name for name, digest in sorted(outputs.items())
        if not (folder / name).is_file() or _digest(folder / name) != digest
    ]
