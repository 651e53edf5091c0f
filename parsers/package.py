"""Checks on a ZIP package (DOCX, ODT) from an untrusted source, made before any part is used.

- **Sizes.** The central directory records each part's compressed and uncompressed size, and
  Python's ``zipfile`` never inflates a part past its recorded size (it stops there and fails
  the CRC check). So the number of parts, each part's size, the total and the compression ratio
  are checked on those records first: a zip bomb is refused before a byte of it is inflated.
  Then every part is inflated once, a chunk at a time, to the end: a part whose records lie
  fails its CRC check here, with bounded memory, before python-docx reads parts whole.
- **Names.** A part named like a path out of the package (``../../x``, ``/etc/x``, ``C:\\x``)
  is refused. kaohe never extracts a package to disk; such a name only shows hostile intent.
- **XML.** A part that python-docx or the ODT reader parses as XML and that holds a DOCTYPE or
  an ENTITY declaration (where entity bombs and external entities live) is refused, so no
  entity is ever expanded and nothing is ever fetched. The markers are looked for in UTF-8 and
  UTF-16, the encodings XML parsers detect on their own.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import PurePosixPath
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from pipeline.errors import DamagedFileError, TooLargeError, UnsafeFileError

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
_MARKERS = tuple(word.encode(enc) for word in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be"))
_OVERLAP = max(len(m) for m in _MARKERS)
_DRIVE = re.compile(r"^[A-Za-z]:")
_CONTENT_TYPES = "[Content_Types].xml"
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"

#: What a failure to inflate a part looks like (lying records fail the CRC check).
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError)


def check_package(zf: zipfile.ZipFile, what: str) -> None:
    """Refuse ``zf`` (a DOCX or ODT, ``what`` names it for the sentence) unless reading it is safe."""
    infos = zf.infolist()
    if len(infos) > MAX_MEMBERS:
        raise TooLargeError(f"{what} too large: it holds {len(infos)} parts (kaohe reads at most {MAX_MEMBERS})")
    total = 0
    for info in infos:
        _check_name(info.filename, what)
        _check_size(info, what)
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise UnsafeFileError(
            f"unsafe {what}: its parts would inflate to {_size(total)} in all (a zip bomb?): refused unread"
        )
    xml_parts = _xml_parts(zf, infos, what)
    try:
        for info in infos:
            if _inflate(zf, info, scan=info.filename in xml_parts):
                raise UnsafeFileError(
                    f"unsafe {what}: part {info.filename} declares a DOCTYPE or entities, which are refused "
                    "(never expanded, never fetched)"
                )
    except READ_ERRORS as err:
        raise DamagedFileError(f"damaged {what}: part {info.filename} cannot be inflated") from err


def _check_name(name: str, what: str) -> None:
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts or "\x00" in name:
        raise UnsafeFileError(f"unsafe {what}: a part is named {name!r}, a path out of the package: refused")


def _check_size(info: zipfile.ZipInfo, what: str) -> None:
    size, packed = info.file_size, info.compress_size
    bomb = f"unsafe {what}: part {info.filename} would inflate from {_size(packed)} to {_size(size)}"
    if size > MAX_MEMBER_BYTES:
        raise UnsafeFileError(f"{bomb}, more than the {_size(MAX_MEMBER_BYTES)} a part may have: refused unread")
    if size > RATIO_FLOOR and size > MAX_RATIO * max(packed, 1):
        raise UnsafeFileError(f"{bomb}, {size // max(packed, 1)} times (a zip bomb?): refused unread")


def _xml_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], what: str) -> set[str]:
    """Parts an XML parser will read: ``*.xml``, ``*.rels`` and what [Content_Types].xml says is XML."""
    names = {i.filename for i in infos}
    parts = {n for n in names if n.lower().endswith((".xml", ".rels"))}
    if _CONTENT_TYPES not in names:
        return parts
    try:
        with zf.open(_CONTENT_TYPES) as fh:
            data = fh.read(MAX_MEMBER_BYTES)
        if any(m in data for m in _MARKERS):
            raise UnsafeFileError(f"unsafe {what}: part {_CONTENT_TYPES} declares a DOCTYPE or entities: refused")
        root = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except (DefusedXmlException, ParseError, *READ_ERRORS):
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


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, scan: bool) -> bool:
    """Inflate one part to its end a chunk at a time; True when ``scan`` finds a DTD marker."""
    tail = b""
    with zf.open(info) as fh:
        while chunk := fh.read(_CHUNK):
            if scan:
                window = tail + chunk
                if any(m in window for m in _MARKERS):
                    return True
                tail = window[-_OVERLAP:]
    return False


def _size(n: int) -> str:
    for unit, factor in (("GB", 1024**3), ("MB", MIB), ("KB", 1024)):
        if n >= factor:
            return f"{n / factor:.1f} {unit}".replace(".0 ", " ")
    return f"{n} bytes"
