"""Checks on a ZIP package (DOCX, ODT) from an untrusted source, made before any part is used.

- **Sizes.** The central directory records each part's compressed and uncompressed size, and
  Python's ``zipfile`` never inflates a part past its recorded size (it stops there and fails
  the CRC check). So the number of parts, each part's size, the total and the compression ratio
  are checked on those records first: a zip bomb is refused before a byte of it is inflated.
  Then every part is inflated once, a chunk at a time, to the end: a part whose records lie
  fails its CRC check here, with bounded memory, before python-docx reads parts whole.
- **Names.** A part named like a path out of the package (``../../x``, ``/etc/x``, ``C:\\x``)
  is refused. kaohe never extracts a package to disk; such a name only shows hostile intent.
- **XML.** A part that python-docx or the ODT reader parses as XML and that declares a
  DOCTYPE (where entity declarations, so entity bombs and external entities, live) is refused,
  so no entity is ever expanded and nothing is ever fetched. The part is not scanned for bytes:
  it is parsed by libxml2 (through lxml, the parser python-docx itself uses, called the same
  way) with a target that builds nothing and stops at the DOCTYPE, before its internal subset
  is read. So the encodings the readers would understand (UTF-8, UTF-16,
  UTF-32, with or without a byte-order mark, or named in the XML declaration) are the ones the
  check understands; a part libxml2 cannot parse is not XML any reader here would read either.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import PurePosixPath

from lxml import etree  # type: ignore[import-untyped]  # lxml ships no type stubs

from pipeline.errors import DamagedFileError, TooLargeError, UnsafeFileError
from pipeline.i18n import _

MIB = 1024 * 1024
#: More parts than this is no document: a Word report has a few dozen.
MAX_MEMBERS = 5000
#: Largest uncompressed part, and all parts together.
MAX_MEMBER_BYTES = 256 * MIB
MAX_TOTAL_BYTES = 1024 * MIB
#: Largest compression ratio of a part above RATIO_FLOOR (XML compresses 5–30 times; a bomb 1000).
MAX_RATIO = 200
RATIO_FLOOR = 1 * MIB

_CHUNK = 1 * MIB
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"

#: What a failure to inflate a part looks like (lying records fail the CRC check).
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError)


def check_package(zf: zipfile.ZipFile, what: str) -> None:
    """Refuse ``zf`` (a DOCX or ODT, ``what`` names it for the sentence) unless reading it is safe."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise TooLargeError(_(
            "{what} too large: it holds {parts} parts (kaohe reads at most {limit})"
        ).format(what=what, parts=len(infos), limit=MAX_MEMBERS))
    total = 0
    for info in infos:
        _check_name(info.filename, what)
        _check_size(info, what)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise UnsafeFileError(
            _(
                "unsafe {what}: its parts would inflate to {total} in all (a zip bomb?): refused "
                "unread"
            ).format(what=what, total=_size(total))
        )
    xml_parts = _xml_parts(zf, infos, what)
    try:
        for info in infos:
            if _inflate(zf, info, parse=info.filename in xml_parts):
                raise UnsafeFileError(_doctype_sentence(what, info.filename))
    except READ_ERRORS as err:
        raise DamagedFileError(_("damaged {what}: part {filename} cannot be inflated")
            .format(what=what, filename=info.filename)) from err


def _check_name(name: str, what: str) -> None:
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts or "\x00" in name:
        raise UnsafeFileError(_(
            "unsafe {what}: a part is named {name!r}, a path out of the package: refused"
        ).format(what=what, name=name))


def _check_size(info: zipfile.ZipInfo, what: str) -> None:
    size, packed = info.file_size, info.compress_size
    bomb = _("unsafe {what}: part {part} would inflate from {packed} to {size}").format(
        what=what, part=info.filename, packed=_size(packed), size=_size(size))
    if size > MAX_MEMBER_BYTES:
        raise UnsafeFileError(_(
            "{bomb}, more than the {limit} a part may have: refused unread"
        ).format(bomb=bomb, limit=_size(MAX_MEMBER_BYTES)))
    if size > RATIO_FLOOR and size > MAX_RATIO * max(packed, 1):
        raise UnsafeFileError(_(
            "{bomb}, {ratio} times (a zip bomb?): refused unread"
        ).format(bomb=bomb, ratio=size // max(packed, 1)))


def _xml_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], what: str) -> set[str]:
    """Parts an XML parser will read: ``*.xml``, ``*.rels`` and what [Content_Types].xml says is XML."""
    names = {i.filename for i in infos}
    parts = {n for n in names if n.lower().endswith((".xml", ".rels"))}
    if _CONTENT_TYPES not in names:
        return parts
    try:
        data = zf.read(_CONTENT_TYPES)
        if _declares_doctype(data):
            raise UnsafeFileError(_doctype_sentence(what, _CONTENT_TYPES))
        root = etree.fromstring(data, _tree_parser())  # no DOCTYPE: nothing in it to expand or fetch
    except (etree.XMLSyntaxError, *READ_ERRORS):
        return parts  # the package reader refuses it with its own sentence
    xml_exts = set()
    for el in root:
        xml = el.get("ContentType", "").lower()
        if not (xml.endswith(("+xml", "/xml")) and not xml.startswith("image/")):
            continue
        if el.tag == f"{_CT_NS}Default":
            xml_exts.add("." + el.get("Extension", "").lower())
        elif el.tag == f"{_CT_NS}Override":
            parts.add(el.get("PartName", "").lstrip("/"))
    parts.update(n for n in names if PurePosixPath(n).suffix.lower() in xml_exts)
    return parts


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, parse: bool) -> bool:
    """Inflate one part to its end (which checks its CRC); True when ``parse`` finds it declares a
    DOCTYPE. An XML part is parsed whole, from memory, as python-docx parses it (libxml2's
    streaming reader does not detect every encoding its in-memory reader does, UTF-32 with a
    byte-order mark for one); python-docx holds every part whole anyway. Others go a chunk at a time."""
    if parse:
        return _declares_doctype(zf.read(info))
    with zf.open(info) as fh:
        while fh.read(_CHUNK):
            pass
    return False


class _DoctypeFound(Exception):
    """Raised by ``_StopAtDoctype``: the part declares a DOCTYPE."""


class _StopAtDoctype:
    """An lxml parser target that builds nothing and stops the parse at a DOCTYPE.

    libxml2 reports the DOCTYPE (its name and external id) before it reads the internal subset,
    so the entity declarations that follow are never looked at."""

    def doctype(self, name: str | None, public_id: str | None, system_id: str | None) -> None:
        raise _DoctypeFound(name)

    def close(self) -> None:
        return None


def _declares_doctype(data: bytes) -> bool:
    """Parse ``data`` (a part's bytes) with DTDs refused; True when it declares one."""
    parser = etree.XMLParser(
        target=_StopAtDoctype(), resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        etree.fromstring(data, parser)
    except _DoctypeFound:
        return True
    except etree.XMLSyntaxError:
        return False  # not XML python-docx's parser could read either: its reader says so
    return False


def _tree_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


def _doctype_sentence(what: str, part: str) -> str:
    return (
        f"unsafe {what}: part {part} declares a DOCTYPE or entities, which are refused "
        "(never expanded, never fetched)"
    )


def _size(n: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", MIB), ("KB", 1024)):
        if n >= factor:
            return f"{n / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"
