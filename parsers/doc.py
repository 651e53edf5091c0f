"""Legacy Word (.doc) backend: LibreOffice converts the file to DOCX, which parsers.docx reads.

The registry calls every OLE compound file ``doc``, so this module first tells apart what
else an OLE file can be: a password-protected DOCX (OOXML encryption wraps the package in an
OLE ``EncryptedPackage`` stream) or another Office file such as a spreadsheet. Stream names
sit in the OLE directory as UTF-16LE, so a byte scan finds them without an OLE library.

Each conversion gets its own temporary LibreOffice profile: two soffice processes sharing a
profile block on its lock, and kaohe may run several conversions at once. The conversion runs
with no network (``parsers.offline``: a network namespace of its own where the system allows
one, and a profile that sends every fetch to a closed port), so a linked picture in the file is
never fetched. A worker stopped at its time limit calls ``stop_conversions`` first, so no
LibreOffice outlives it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from parsers import docx, offline
from pipeline.document import Document
from pipeline.errors import ConversionError, EncryptedError, UnsupportedFormat, WrongFormatError
from pipeline.i18n import _
from pipeline.vocabulary import Vocabulary

TIMEOUT_SECONDS = 120
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_WORD_STREAM = "WordDocument".encode("utf-16-le")
_CHUNK = 1 << 20
#: Process groups of the LibreOffice conversions running in this process.
_RUNNING: set[int] = set()


def parse(path: Path, vocabulary: Vocabulary | None = None) -> Document:
    streams = _stream_names_present(path, (_ENCRYPTED_STREAM, _WORD_STREAM))
    if _ENCRYPTED_STREAM in streams:
        raise EncryptedError(_("encrypted Word document: a password is needed"))
    if _WORD_STREAM not in streams:
        _refuse_other_office_file(path)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise ConversionError(_("LibreOffice is needed to read .doc files"))
    with tempfile.TemporaryDirectory(prefix="kaohe-doc-") as tmp:
        converted = _convert(soffice, path, Path(tmp))
        document = docx.parse(converted, vocabulary)
    return replace(document, source=str(path), format="doc")


def _stream_names_present(path: Path, needles: tuple[bytes, ...]) -> set[bytes]:
    """Which of ``needles`` occur in the file, read in chunks so a large .doc is not loaded whole."""
    found: set[bytes] = set()
    overlap = max(len(n) for n in needles) - 1
    tail = b""
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            window = tail + chunk
            found.update(n for n in needles if n in window)
            tail = window[-overlap:]
    return found


def _refuse_other_office_file(path: Path) -> None:
    """An OLE file without a WordDocument stream is a spreadsheet, slide deck, mail, etc."""
    ext = path.suffix.lower()
    if ext in (".doc", ".docx"):
        raise WrongFormatError(_("not a Word document although named {ext}").format(ext=ext))
    raise UnsupportedFormat(_("not a report format ({extension}): skipped").format(extension=ext or _('no extension')))


def _convert(soffice: str, path: Path, tmp: Path) -> Path:
    """Run LibreOffice on a copy with a plain ASCII name (soffice mangles some names by locale)."""
    source = tmp / "input.doc"
    shutil.copyfile(path, source)
    outdir = tmp / "out"
    how = offline.isolation()
    offline.announce(how)
    with offline.closed_port() as proxy_port:
        offline.write_profile(tmp / "profile", proxy_port)
        command = [
            *how.prefix,
            soffice,
            f"-env:UserInstallation={(tmp / 'profile').as_uri()}",
            "--headless", "--norestore", "--nologo", "--nolockcheck",
            "--convert-to", "docx:MS Word 2007 XML",
            "--outdir", str(outdir),
            str(source),
        ]
        return _run(command, outdir / "input.docx")


def _run(command: list[str], converted: Path) -> Path:
    """Run one conversion; what LibreOffice prints goes to kaohe.log when it fails, never to the terminal."""
    # A session of its own so that on timeout the whole soffice process group can be killed:
    # the launcher starts soffice.bin as a child that would outlive it.
    proc = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    _RUNNING.add(proc.pid)
    try:
        _output, errors = proc.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        raise ConversionError(
            _(
                "LibreOffice did not finish converting the .doc file within {TIMEOUT_SECONDS} "
                "seconds"
            ).format(TIMEOUT_SECONDS=TIMEOUT_SECONDS)
        ) from None
    finally:
        _RUNNING.discard(proc.pid)
    if proc.returncode != 0 or not converted.is_file() or converted.stat().st_size == 0:
        said = errors.decode("utf-8", "replace")[-2000:]
        offline.log.warning("LibreOffice exited with %s: %r", proc.returncode, said)
        raise ConversionError(
            _("LibreOffice could not convert the .doc file (it may be damaged or password-protected)")
        )
    return converted


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.communicate()


def stop_conversions() -> None:
    """Kill every LibreOffice this process started and that still runs (its whole group)."""
    for pgid in list(_RUNNING):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pgid, signal.SIGKILL)
