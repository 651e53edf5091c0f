"""What is under INPUT, and which of it kaohe may read.

A folder of reports can hold more than reports: a symbolic link to ``/etc/passwd`` named
``report.docx``, a link to a colleague's folder elsewhere on the disk, a link that points back
at its own folder. kaohe reads nothing outside INPUT, follows no folder link, and still gives
every entry a row, so nothing under INPUT goes missing without a word:

- a regular file is read;
- a link to a regular file inside INPUT is ``skipped`` with the file's name, since the file is
  read under its own name; only a link to a hidden file inside INPUT (which is not listed by
  itself) is read, as that file, under the link's name;
- a link out of INPUT, to a file or a folder, is ``skipped`` unread; so is a link to a folder
  inside INPUT (its files are read under their own names), a link to a folder that holds it
  (a loop), a chain of links that comes back to itself, a link to nothing, and anything that is
  not a regular file (a named pipe would block its reader forever);
- a folder that cannot be listed is ``failed``: reports may be in it.

Hidden entries (a name starting with ``.``) and the output folder are not input at all.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pipeline.escape import visible
from pipeline.statuses import Status


def display_name(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with ``/``; bytes that are not UTF-8 shown as ``\\xff`` and
    control characters as ``\\n``, ``\\x1b`` (``pipeline.escape``): this is the ``source_file``
    of every output, and a file name must not be able to break a CSV row or a terminal."""
    relative = path.name if root.is_file() else path.relative_to(root).as_posix()
    return visible(os.fsencode(relative).decode("utf-8", "backslashreplace"))


@dataclass(frozen=True)
class Refusal:
    """Why an entry under INPUT is not read: its row's status and sentence."""

    status: Status
    sentence: str


def walk(folder: Path, exclude: Path | None = None) -> Iterator[Path]:
    """Every entry under ``folder`` that is not a folder (or is a folder that cannot be listed),
    in path order; folder links are listed, never entered; hidden entries and ``exclude`` are left out."""
    skip = exclude.resolve() if exclude is not None else None
    if skip is not None and folder.resolve().is_relative_to(skip):
        return
    yield from _visit(folder, skip)


def _visit(directory: Path, skip: Path | None) -> Iterator[Path]:
    try:
        with os.scandir(directory) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError:
        yield directory  # its row says it could not be listed (``refusal``)
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        try:
            is_folder = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_folder = False
        if not is_folder:
            yield path
        elif skip is None or not path.resolve().is_relative_to(skip):
            yield from _visit(path, skip)


_KINDS = {
    stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device",
}


def refusal(path: Path, root: Path) -> Refusal | None:
    """Why ``path`` (an entry ``walk`` found under ``root``) is not read; None when it is read."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None  # gone since it was listed: opening it says so
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        try:
            os.scandir(path).close()
        except OSError as err:
            return Refusal(Status.failed, f"a folder that cannot be opened ({err.strerror}): its files are not read")
        return None
    if stat.S_ISLNK(mode):
        return _link(path, root)
    return Refusal(Status.skipped, f"not a regular file ({_KINDS.get(stat.S_IFMT(mode), 'a special file')}): not read")


def _link(path: Path, root: Path) -> Refusal | None:
    try:
        target = path.resolve(strict=True)
    except (RuntimeError, OSError) as err:  # RuntimeError: Python's own loop detection
        if isinstance(err, FileNotFoundError):
            return Refusal(Status.skipped, "broken symbolic link: what it points to does not exist: not read")
        return Refusal(Status.skipped, "symbolic link in a loop (the links lead back to themselves): not read")
    home = root.resolve()
    if not target.is_relative_to(home):
        return Refusal(Status.skipped, "symbolic link out of the input folder: not read")
    if target.is_dir():
        if path.parent.resolve().is_relative_to(target):
            return Refusal(Status.skipped, "symbolic link to a folder that holds it (a loop): not followed")
        shown = visible(target.relative_to(home).as_posix())
        return Refusal(
            Status.skipped,
            f"symbolic link to the folder {shown} inside the input folder: not followed, so no file is read twice",
        )
    if not target.is_file():
        return Refusal(Status.skipped, "symbolic link to something that is not a regular file: not read")
    inside = target.relative_to(home)
    if any(part.startswith(".") for part in inside.parts):
        return None  # a hidden file is not listed by itself: read through the link
    return Refusal(
        Status.skipped, f"symbolic link to {visible(inside.as_posix())}, which is read under its own name"
    )
