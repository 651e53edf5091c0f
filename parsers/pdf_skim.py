"""A font dictionary read from the file's bytes, its width arrays passed over unparsed.

pdfminer parses every token of a font dictionary when it resolves one, and a font's
``/Widths`` or ``/W`` array holds hundreds to thousands of numbers: Chromium gives each page a
dozen fonts and more, so reading their descents (``parsers.pdf_fonts``) took about a fifth of a
web page's reading time. Here an object that sits plainly in the file (not in an object stream,
not encrypted) is scanned by a few regular expressions: the values ``parsers.pdf_fonts`` reads
become pdfminer's own types (``PSLiteral``, ``PDFObjRef``, numbers, lists, dicts), every other
value is only stepped over (a dictionary or an array in one match). Anything this scanner does not
know for certain (a name with ``#`` escapes, a string where a read value should be, an object
that is not a dictionary ending in ``endobj``, a position that is not the object's) gives None,
and the caller asks pdfminer as before: the descents are pdfminer's either way.
"""

from __future__ import annotations

import io
import mmap
import re
from typing import Any

from pdfminer.pdftypes import PDFObjRef
from pdfminer.psparser import LIT

Bytes = bytes | mmap.mmap
#: The keys whose values are built; every other key's value is only stepped over.
READ_KEYS = frozenset({"Type", "Subtype", "BaseFont", "DescendantFonts", "FontDescriptor", "Descent",
                       "FontBBox", "FontMatrix"})
_WS = rb"(?:\s|%[^\r\n]*)*"  # pdfminer's whitespace and comments
_NUM = rb"[+-]?(?:\d+(?:\.\d*)?|\.\d+)"
_DELIM = rb"(?=[#/%\[\]()<>{}\s]|$)"  # where pdfminer ends a token
_SEP = rb"(?:\s|%[^\r\n]*)+"  # at least one: "12" is never the numbers 1 and 2
_ws = re.compile(_WS)
_head = re.compile(_WS + rb"(\d+)" + _SEP + rb"(\d+)" + _WS + rb"obj" + _DELIM)
_endobj = re.compile(_WS + rb"endobj" + _DELIM)
_name = re.compile(rb"/([^#/%\[\]()<>{}\s]*)(#?)")
_ref = re.compile(rb"(\d+)" + _SEP + rb"(\d+)" + _WS + rb"R" + _DELIM)
_number = re.compile(_NUM + _DELIM)
_keyword = re.compile(rb"(?:true|false|null)" + _DELIM)
_hex = re.compile(rb"<[0-9A-Fa-f\s]*>")
# A value that is stepped over, in one match: a dictionary or an array of names, numbers,
# references, keywords and plain strings, nested two deep (a Type 3 font's /CharProcs and
# /Encoding, a /CIDSystemInfo). Every token is an atomic group and every repetition possessive
# (Python 3.11), so a value it cannot take fails at once, without backtracking, and is then
# stepped over token by token as before; a name ends only at a delimiter, so `/g12` is never
# the name `/g` and the number 12.
_TOKEN = (
    rb"(?>\s++|%[^\r\n]*+|\d++" + _SEP + rb"\d++" + _WS + rb"R" + _DELIM + rb"|" + _NUM + _DELIM
    + rb"|/[^#/%\[\]()<>{}\s]*+(?=[/%\[\]()<>{}\s]|$)|(?:true|false|null)" + _DELIM
    + rb"|\([^()\\]*+\)|<[0-9A-Fa-f\s]*+>(?!>))"
)
_ARRAY1 = rb"\[(?:" + _TOKEN + rb")*+\]"
_DICT1 = rb"<<(?:" + _TOKEN + rb"|" + _ARRAY1 + rb")*+>>"
_ARRAY2 = rb"\[(?:" + _TOKEN + rb"|" + _ARRAY1 + rb"|" + _DICT1 + rb")*+\]"
_DICT2 = rb"<<(?:" + _TOKEN + rb"|" + _ARRAY1 + rb"|" + _DICT1 + rb"|" + _ARRAY2 + rb")*+>>"
_container = re.compile(rb"(?>" + _DICT2 + rb"|" + _ARRAY2 + rb")")


class _Unsure(Exception):
    """The scanner met something it leaves to pdfminer."""


def skim_object(data: Bytes, start: int, objid: int, doc: Any) -> dict[str, Any] | None:
    """The dictionary object ``objid`` at ``start`` in ``data``; None when unsure."""
    head = _head.match(data, start)
    if head is None or int(head.group(1)) != objid:
        return None
    try:
        value, end = _value(data, _ws.match(data, head.end()).end(), doc, True)  # type: ignore[union-attr]
    except (_Unsure, IndexError, RecursionError):
        return None
    if not isinstance(value, dict) or _endobj.match(data, end) is None:
        return None
    return value


def _value(data: Bytes, i: int, doc: Any, read: bool, depth: int = 0) -> tuple[Any, int]:
    """The value at ``i`` (built when ``read``) and where it ends, whitespace after it skipped."""
    if depth > 32:
        raise _Unsure
    c = data[i:i + 1]
    if c == b"/":
        m = _name.match(data, i)
        assert m is not None
        if m.group(2):
            raise _Unsure  # a #xx escape: pdfminer decodes it
        return (_literal(m.group(1)) if read else None), _skip_ws(data, m.end())
    if not read and c in (b"<", b"["):
        m = _container.match(data, i)
        if m is not None:
            return None, _skip_ws(data, m.end())
    if c == b"<" and data[i + 1:i + 2] == b"<":
        return _dict(data, i + 2, doc, read, depth)
    if c == b"[":
        return _array(data, i + 1, doc, read, depth)
    if read and c in (b"(", b"<"):
        raise _Unsure  # a string: nothing parsers.pdf_fonts reads is one
    if c == b"(":
        return None, _skip_ws(data, _string_end(data, i))
    if c == b"<":
        m = _hex.match(data, i)
        if m is None:
            raise _Unsure
        return None, _skip_ws(data, m.end())
    m = _ref.match(data, i)
    if m is not None:
        return (PDFObjRef(doc, int(m.group(1))) if read else None), _skip_ws(data, m.end())
    m = _number.match(data, i)
    if m is not None:
        token = m.group(0)
        if not read:
            return None, _skip_ws(data, m.end())
        return (float(token) if b"." in token else int(token)), _skip_ws(data, m.end())
    m = _keyword.match(data, i)
    if m is not None and not read:
        return None, _skip_ws(data, m.end())
    raise _Unsure


def _dict(data: Bytes, i: int, doc: Any, read: bool, depth: int) -> tuple[dict[str, Any] | None, int]:
    i = _skip_ws(data, i)
    out: dict[str, Any] = {}
    while data[i:i + 2] != b">>":
        m = _name.match(data, i)
        if m is None or m.group(2):
            raise _Unsure
        key = m.group(1).decode("latin-1")
        value, i = _value(data, _skip_ws(data, m.end()), doc, read and key in READ_KEYS, depth + 1)
        if read:
            out[key] = value  # pdfminer keeps the last of a repeated key too
    return (out if read else None), _skip_ws(data, i + 2)


def _array(data: Bytes, i: int, doc: Any, read: bool, depth: int) -> tuple[list[Any] | None, int]:
    i = _skip_ws(data, i)
    out: list[Any] = []
    while data[i:i + 1] != b"]":
        if i >= len(data):
            raise _Unsure
        value, i = _value(data, i, doc, read, depth + 1)
        out.append(value)
    return (out if read else None), _skip_ws(data, i + 1)


def _string_end(data: Bytes, i: int) -> int:
    """Past the literal string that opens at ``i`` (nested brackets, backslash escapes)."""
    level, i = 0, i
    while True:
        c = data[i]  # IndexError past the end: unsure
        if c == 0x5C:  # backslash: the next byte is taken as it is
            i += 2
            continue
        if c == 0x28:
            level += 1
        elif c == 0x29:
            level -= 1
            if level == 0:
                return i + 1
        i += 1


def _literal(raw: bytes) -> Any:
    """The name as pdfminer makes it: its text when UTF-8, else its bytes."""
    try:
        return LIT(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


def _skip_ws(data: Bytes, i: int) -> int:
    return _ws.match(data, i).end()  # type: ignore[union-attr]  # it matches the empty string


def file_bytes(stream: Any) -> Bytes | None:
    """The bytes pdfminer parses: the stream's own (a repaired copy), else the file mapped; None
    when neither can be had (an empty file, a stream without a descriptor)."""
    if isinstance(stream, io.BytesIO):
        return stream.getvalue()
    try:
        return mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError, AttributeError, io.UnsupportedOperation):
        return None


class RawObjects:
    """Dictionaries of one PDF read from its bytes (see the module); None where pdfminer must read."""

    def __init__(self, doc: Any, data: Bytes | None) -> None:
        self.doc = doc
        self.data = data if data is not None and getattr(doc, "decipher", None) is None else None

    def get(self, objid: int) -> dict[str, Any] | None:
        if self.data is None:
            return None
        for xref in getattr(self.doc, "xrefs", ()):
            try:
                strmid, index, _ = xref.get_pos(objid)
            except KeyError:
                continue
            if strmid is not None or not 0 <= index < len(self.data):
                return None
            return skim_object(self.data, index, objid, self.doc)
        return None
