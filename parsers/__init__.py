"""Format backends: each module turns one file format into a ``pipeline.document.Document``.

The format is told from the bytes, not the file name: offices rename files, and a DOCX sent
as ``.pdf`` should still be read while a text file named ``.docx`` is refused with a sentence.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

from pipeline.document import Document
from pipeline.errors import EmptyFileError, UnsupportedFormat, WrongFormatError
from pipeline.i18n import N_, _
from pipeline.options import ParseSettings
from pipeline.vocabulary import Vocabulary

#: A format's parse function: the file, and the rubric's words (None: the default rubric's).
Parser = Callable[[Path, Vocabulary | None], Document]

#: Extensions that promise a report format; anything else that is not one is skipped.
#: What each extension says a file is, with its article, as an English msgid (``_`` where shown).
REPORT_EXTENSIONS = {
    ".pdf": N_("a PDF"), ".docx": N_("a Word document"), ".odt": N_("an ODT document"), ".doc": N_("a Word document"),
}

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(path: Path) -> str:
    """Return ``pdf``, ``docx``, ``odt`` or ``doc`` from the file's content.

    Raises ``EmptyFileError``, ``WrongFormatError`` (named like a report, content is not one)
    or ``UnsupportedFormat`` (not a report format at all).
    """
    with path.open("rb") as fh:
        head = fh.read(1024)
    if not head:
        if path.suffix.lower() not in REPORT_EXTENSIONS:
            raise UnsupportedFormat(_(
                "not a report format ({extension}): skipped"
            ).format(extension=path.suffix.lower() or _('no extension')))
        raise EmptyFileError()
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(_OLE_MAGIC):
        return "doc"
    if head.startswith(b"PK"):
        kind = _zip_kind(path)
        if kind == _BROKEN_ZIP:  # a damaged package named .docx/.odt: its reader says so
            kind = _ZIP_EXTENSIONS.get(path.suffix.lower())
        if kind:
            return kind
    return _refuse(path, head)


_BROKEN_ZIP = "broken zip"
_ZIP_EXTENSIONS = {".docx": "docx", ".odt": "odt"}


def _zip_kind(path: Path) -> str | None:
    """``docx``, ``odt``, ``None`` for another kind of ZIP, ``_BROKEN_ZIP`` when it cannot be read."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "mimetype" in names:
                with zf.open("mimetype") as fh:  # never inflate more than a mimetype needs
                    mimetype = fh.read(100).strip()
                if mimetype == b"application/vnd.oasis.opendocument.text":
                    return "odt"
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, OSError):
        return _BROKEN_ZIP
    return None


def _refuse(path: Path, head: bytes) -> str:
    ext = path.suffix.lower()
    if ext in REPORT_EXTENSIONS:
        what = REPORT_EXTENSIONS[ext]
        raise WrongFormatError(_("not {what} although named {ext}").format(what=_(what), ext=ext))
    raise UnsupportedFormat(_("not a report format ({extension}): skipped").format(extension=ext or _('no extension')))


def parser_for(fmt: str) -> Parser:
    """The parse function for a detected format (imported lazily: each pulls a big library)."""
    if fmt == "pdf":
        from parsers.pdf import parse as parse_pdf

        return parse_pdf
    if fmt == "docx":
        from parsers.docx import parse as parse_docx

        return parse_docx
    if fmt == "odt":
        from parsers.odt import parse as parse_odt

        return parse_odt
    if fmt == "doc":
        from parsers.doc import parse as parse_doc

        return parse_doc
    raise UnsupportedFormat(_("no reader for {fmt} files").format(fmt=fmt))


def read(fmt: str, path: Path, vocabulary: Vocabulary | None = None, settings: ParseSettings | None = None) -> Document:
    """Parse ``path`` of the detected format ``fmt`` with the parse switches.

    Only the PDF reader has a switch (OCR of image-only pages), so only it is given them; the
    other formats keep the plain ``Parser`` shape."""
    if fmt == "pdf":
        from parsers.pdf import parse as parse_pdf

        return parse_pdf(path, vocabulary, settings)
    return parser_for(fmt)(path, vocabulary)


def parse(path: Path, vocabulary: Vocabulary | None = None, settings: ParseSettings | None = None) -> Document:
    """Detect the format of ``path`` and parse it."""
    return read(detect_format(path), path, vocabulary, settings)
