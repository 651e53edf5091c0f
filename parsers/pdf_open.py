"""Opening a PDF from an untrusted source: every way it can fail becomes one sentence.

``open_pdf`` is what ``parsers.pdf.parse`` uses in place of ``pdfplumber.open``:

- a file that needs a password → ``EncryptedError``, unless the password given (``--password``)
  opens it; one with only an owner password (it opens without one, as every viewer does) is
  read as usual;
- a file cut short, or whose structure cannot be parsed → ``DamagedFileError``;
- a cross-reference table whose offsets do not point at the objects (a file edited by hand or
  mangled in transfer) is rebuilt by scanning the objects, as PDF viewers do, instead of
  silently giving empty pages;
- an object that refers to itself through a chain of references, which sends pdfminer round
  in circles for ever, or a cross-reference stream that claims billions of objects, which
  pdfminer would look up one by one → ``DamagedFileError`` at once instead of a hang;
- no pages, or more than ``MAX_PAGES`` → a sentence before any page is read.

``reading_error`` turns what goes wrong later, while the pages are read, into a sentence too.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect, PDFXRefFallback
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFObjRef
from pdfminer.psparser import PSEOF, PSException

from pipeline.errors import DamagedFileError, EncryptedError, KaoheError, TooLargeError
from pipeline.i18n import N_, _

PASSWORD_NEEDED = N_("encrypted PDF: a password is needed")
WRONG_PASSWORD = "encrypted PDF: the password given (--password) does not open it"

#: A report has tens of pages; a file with more than this is refused before it is read.
MAX_PAGES = 1000
#: How many cross-reference entries are checked against the bytes they point at.
XREF_SAMPLE = 200


class CircularReference(Exception):
    """An indirect object that resolves, through references only, back to itself."""


def _getobj_without_cycles(self: Any, objid: int) -> Any:
    """``PDFDocument.getobj`` that follows a chain of bare references itself, refusing a cycle.

    pdfminer's ``resolve1`` loops ``while`` the value is a reference: ``5 0 obj 5 0 R endobj``
    never ends. Returning the end of the chain is what ``resolve1`` would compute anyway.
    """
    obj = _original_getobj(self, objid)
    seen = {objid}
    while isinstance(obj, PDFObjRef):
        if obj.objid in seen:
            raise CircularReference(f"object {objid} refers to itself")
        seen.add(obj.objid)
        obj = _original_getobj(self, obj.objid)
    return obj


_original_getobj = PDFDocument.getobj
PDFDocument.getobj = _getobj_without_cycles  # type: ignore[method-assign]


@contextlib.contextmanager
def open_pdf(path: Path, password: str | None = None) -> Iterator[Any]:
    """A ``pdfplumber.PDF`` for ``path``, or a ``KaoheError`` that says why it cannot be read;
    ``password`` opens a file that needs one (it is never put in a sentence)."""
    pdf = _open(path, password)
    try:
        _check_xref_size(pdf, path.stat().st_size)
        if _xref_is_broken(pdf, path):
            _close(pdf)
            pdf = _open(io.BytesIO(_without_xref(path.read_bytes())), password)
        _check_pages(pdf)
        yield pdf
    finally:
        _close(pdf)


def _close(pdf: Any) -> None:
    """Close the file without ``pdf.close()``, which walks the whole page tree first (to close
    pages ``parse`` closes itself): on a broken file that walk fails again, or never ends."""
    pdf.flush_cache()
    pdf.stream.close()


def _open(source: Path | io.BytesIO, password: str | None = None) -> Any:
    try:
        return pdfplumber.open(source, password=password or "")
    except Exception as exc:
        sentence = _sentence(exc, opening=True)
        if password and sentence.message == _(PASSWORD_NEEDED):
            raise EncryptedError(WRONG_PASSWORD) from None  # from None: no traceback holds the password
        raise sentence from exc


def _check_pages(pdf: Any) -> None:
    try:
        count = sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), MAX_PAGES + 1))
    except Exception as exc:
        raise _sentence(exc, opening=True) from exc
    if count == 0:
        raise DamagedFileError(_("damaged PDF: it has no pages that can be read"))
    if count > MAX_PAGES:
        raise TooLargeError(_(
            "too many pages: more than {limit}, far more than any report (refused unread)"
        ).format(limit=MAX_PAGES))


def _check_xref_size(pdf: Any, file_size: int) -> None:
    """An xref stream may claim billions of objects (``/Size 2147483648``); pdfminer, finding no
    page tree, would then look each of them up in turn. A file cannot hold more objects than bytes."""
    for xref in pdf.doc.xrefs:
        ranges = getattr(xref, "ranges", None)
        if ranges and sum(max(0, int(count)) for _, count in ranges) > file_size:
            raise DamagedFileError(_("damaged PDF: its cross-reference table lists more objects than the file holds"))


def _xref_is_broken(pdf: Any, path: Path) -> bool:
    """True when most sampled cross-reference offsets do not point at ``N G obj``."""
    checked = wrong = 0
    with path.open("rb") as fh:
        for xref in pdf.doc.xrefs:
            if isinstance(xref, PDFXRefFallback):
                continue  # pdfminer already rebuilt this one by scanning
            try:
                objids = list(itertools.islice(xref.get_objids(), XREF_SAMPLE))
            except TypeError:  # an /Index whose count is no whole number (``[0 3.5]``): broken
                return True
            for objid in objids:
                try:
                    stream_id, pos, _ = xref.get_pos(objid)
                except (KeyError, TypeError, ValueError):
                    continue
                if stream_id is not None or not isinstance(pos, int):
                    continue  # inside an object stream: not a file offset
                fh.seek(max(pos, 0))
                checked += 1
                if not re.match(rb"\s*%d\s+\d+\s+obj" % objid, fh.read(64)):
                    wrong += 1
    return checked > 0 and wrong * 2 > checked


def _without_xref(data: bytes) -> bytes:
    """The file with its last ``startxref`` pointing nowhere, so pdfminer scans the objects."""
    at = data.rfind(b"startxref")
    match = re.compile(rb"startxref\s+(\d+)").match(data, at) if at >= 0 else None
    if match is None:
        return data
    digits = match.span(1)
    return data[: digits[0]] + b"0" * (digits[1] - digits[0]) + data[digits[1] :]


def reading_error(exc: BaseException, page: int | None = None) -> KaoheError:
    """The sentence for an exception raised while the pages were read (``MemoryError`` aside)."""
    return _sentence(exc, opening=False, page=page)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and what it wraps: pdfplumber's ``PdfminerException(e)`` carries ``e`` in ``args``."""
    seen: set[int] = set()
    todo = [exc]
    while todo and len(seen) < 20:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [a for a in current.args if isinstance(a, BaseException)]
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]


def _sentence(exc: BaseException, opening: bool, page: int | None = None) -> KaoheError:
    causes = list(_causes(exc))
    for cause in causes:
        if isinstance(cause, KaoheError):
            return cause
        if isinstance(cause, MemoryError):
            raise cause  # the batch reports the memory limit itself
    kinds = tuple(type(c) for c in causes)
    where = _(" (page {page})").format(page=page) if page is not None else ""
    if any(issubclass(k, PDFPasswordIncorrect) for k in kinds):
        return EncryptedError(_(PASSWORD_NEEDED))
    if any(issubclass(k, PDFEncryptionError) for k in kinds):
        return EncryptedError(_("encrypted PDF: its encryption method cannot be opened"))
    if any(issubclass(k, CircularReference) for k in kinds):
        return DamagedFileError(_("damaged PDF: its objects refer to each other in a circle{where}")
            .format(where=where))
    if any(issubclass(k, RecursionError) for k in kinds):
        return DamagedFileError(_("damaged PDF: its objects are nested too deeply to read{where}").format(where=where))
    if any(issubclass(k, PSEOF) for k in kinds):
        return DamagedFileError(_("damaged PDF: the file ends too early (it may be truncated)"))
    if opening and any(issubclass(k, PSException) for k in kinds):
        return DamagedFileError(_("damaged PDF: the file structure cannot be read"))
    name = type(causes[-1]).__name__
    if opening:
        return DamagedFileError(_("damaged PDF: it cannot be opened ({name})").format(name=name))
    return DamagedFileError(_("damaged PDF: a page cannot be read{where} ({name})").format(where=where, name=name))
