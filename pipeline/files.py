"""Writing a file so that a reader sees the old one or the new one, never half, with the
permissions the user's umask gives.

``tempfile.mkstemp`` creates its files with mode 0600 whatever the umask, so a file renamed
into place from it would be readable by its owner alone: on a shared folder the colleagues the
results are for could not open them. The temporary file is given the mode an ordinary
``open()`` would have given it (0666 less the umask) before it is renamed.
"""

from __future__ import annotations

import os
import tempfile
import threading
from pathlib import Path

_UMASK_LOCK = threading.Lock()


def umask() -> int:
    """The process's umask (only readable by setting it, so it is set back at once)."""
    with _UMASK_LOCK:
        mask = os.umask(0o077)
        os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode ``open(path, "w")`` gives a new file: 0644 under the usual umask 022."""
    return 0o666 & ~umask()


def atomic_write(path: Path, data: bytes) -> None:
    """``data`` into ``path`` through a temporary file in the same folder and a rename."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            if hasattr(os, "fchmod"):
                os.fchmod(fh.fileno(), file_mode())
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
