"""A content stream's objects as pdfminer's parser gives them, by one regular expression.

On a page pdfminer interprets (``parsers.pdf_miner_chars``), most of the time goes to its
content parser, not to the interpretation: ``PSBaseParser`` reads a token by a chain of
per-character state methods, each with a debug log call, and ``PSStackParser`` makes the
objects one ``nextobject`` call at a time. Here the whole stream is split into tokens by one
compiled pattern and the same objects (numbers, strings, names, arrays, dictionaries, keywords,
in the same order, with pdfminer's interned ``PSLiteral``/``PSKeyword``) are made in one loop.

Fidelity is by construction, not by approximation: every rule is pdfminer's own, quirks
included (``1.2.3`` is two numbers, ``\\q`` in a string is dropped, a lone hex digit is a byte
of its own, a ``#`` without hex digits vanishes from a name). Whatever the pattern does not
cover exactly gives None, and the caller lets pdfminer's parser read the stream: procedures
``{ }``, inline images (``BI``/``ID``), an octal escape above 255, a string nested deeper than
one level or not closed, a dictionary with an odd count, a hex string or a name's ``#`` escape at the very end, and a
stream of several parts where a part does not end in white space (pdfminer's parser carries a
token from one part into the next there).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import suppress
from typing import Any

from pdfminer.psparser import KWD, LIT, literal_name

#: pdfminer's white space (``PSBaseParser``'s ``NONSPC`` is ``\S`` on bytes); ``\x00`` is skipped
#: between tokens, and comments run to the end of the line.
_TOKEN = re.compile(
    rb"(?>(?:[\s\x00]++|%[^\r\n]*+)*+)"  # atomic: a comment is never read again as tokens
    rb"(?:"
    rb"(?P<num>(?=[-+0-9.])[-+]?[0-9]*(?:\.[0-9]*)?)"
    rb"|/(?P<name>(?:[^#/%\[\]()<>{}\s]|#[0-9a-fA-F]{0,2})*)"
    rb"|(?P<kw>[A-Za-z][^#/%\[\]()<>{}\s]*)"
    rb"|\((?P<str>(?:[^()\\]++|\\.|\((?:[^()\\]++|\\.)*+\))*+)\)"
    rb"|(?P<dopen><<)|(?P<dclose>>>)"
    rb"|<(?P<hex>[\s0-9a-fA-F]*)(?=[^\s0-9a-fA-F])"
    rb"|(?P<gt>>)"
    rb"|(?P<bad>[(<])"
    rb"|(?P<one>[^\s\x00])"
    rb"|(?P<end>\Z)"
    rb")",
    re.DOTALL,
)
_NAME_HEX = re.compile(rb"#([0-9a-fA-F]{0,2})")
_ESCAPE = re.compile(rb"\\([0-7]{1,3}|\r\n|.)", re.DOTALL)
_SPACE = re.compile(rb"\s")
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.DOTALL)
_ESCAPED = {b"b": b"\x08", b"t": b"\t", b"n": b"\n", b"f": b"\x0c", b"r": b"\r", b"(": b"(", b")": b")", b"\\": b"\\"}
_WHITE = frozenset(b" \t\n\r\x0b\x0c")

_ARRAY_BEGIN, _ARRAY_END = KWD(b"["), KWD(b"]")
_PROC_BEGIN, _PROC_END = KWD(b"{"), KWD(b"}")
_INLINE = (KWD(b"BI"), KWD(b"ID"))


class _Unsure(Exception):
    """Something pdfminer's parser reads by a rule not written out here."""


def content_objects(parts: Sequence[bytes]) -> list[Any] | None:
    """The top-level objects pdfminer's ``PDFContentParser`` yields for a content stream in
    ``parts`` (its decoded streams, in order), or None where that is not certain."""
    for part in parts[:-1]:
        if part and part[-1] not in _WHITE:
            return None
    out: list[Any] = []
    #: The open arrays and dictionaries, innermost last: (its type, the list it goes into when
    #: closed); what is still open at the end is lost, as in pdfminer.
    context: list[tuple[str, list[Any]]] = []
    current = out
    try:
        for part in parts:
            current = _part_objects(part, context, current)
    except _Unsure:
        return None
    return out


def _part_objects(part: bytes, context: list[tuple[str, list[Any]]], current: list[Any]) -> list[Any]:
    """Reads one part into ``current`` (the innermost open list) and gives the innermost open
    list at its end."""
    position = 0
    for match in _TOKEN.finditer(part):
        if match.start() != position:
            raise _Unsure  # cannot happen (the last alternative takes any byte); kept as a guard
        position = match.end()
        kind = match.lastgroup or ""
        value: bytes = match[kind] if kind else b""
        if kind == "num":
            with suppress(ValueError):  # pdfminer drops "-", "." and the like
                current.append(float(value) if b"." in value else int(value))
        elif kind == "kw":
            if value == b"true":
                current.append(True)
            elif value == b"false":
                current.append(False)
            else:
                keyword = KWD(value)
                if keyword in _INLINE:
                    raise _Unsure
                current.append(keyword)
        elif kind == "name":
            if position == len(part) and b"#" in value:
                raise _Unsure  # pdfminer drops a name that ends in its "#" escape at the end
            current.append(LIT(_name(value)))
        elif kind == "str":
            current.append(_string(value) if b"\\" in value else value)
        elif kind == "one":
            keyword = KWD(value)
            if keyword is _ARRAY_BEGIN:
                context.append(("a", current))
                current = []
            elif keyword is _ARRAY_END:
                if context and context[-1][0] == "a":
                    _, parent = context.pop()
                    parent.append(current)
                    current = parent
                # a "]" that closes nothing is dropped (pdfminer's PSTypeError, not strict)
            elif keyword is _PROC_BEGIN or keyword is _PROC_END:
                raise _Unsure
            else:
                current.append(keyword)
        elif kind == "dopen":
            context.append(("d", current))
            current = []
        elif kind == "dclose":
            if context and context[-1][0] == "d":
                if len(current) % 2:
                    raise _Unsure  # pdfminer raises PSSyntaxError: let it
                pairs = zip(current[::2], current[1::2], strict=True)
                _, current = context.pop()
                current.append({literal_name(k): v for k, v in pairs if v is not None})
        elif kind == "hex":
            current.append(_HEX_PAIR.sub(lambda m: bytes((int(m[0], 16),)), _SPACE.sub(b"", value)))
        elif kind == "end":
            return current
        elif kind == "gt":
            pass  # a ">" that closes no hex string and starts no ">>": pdfminer reads nothing
        else:
            raise _Unsure  # "bad": a string or hex string not closed as the pattern reads it
    raise _Unsure  # cannot happen: "end" matches at the end


def _name(body: bytes) -> str | bytes:
    if b"#" in body:
        body = _NAME_HEX.sub(lambda m: bytes((int(m[1], 16),)) if m[1] else b"", body)
    try:
        return str(body, "utf-8")
    except UnicodeDecodeError:
        return body


def _string(body: bytes) -> bytes:
    return _ESCAPE.sub(_escape, body)


def _escape(match: re.Match[bytes]) -> bytes:
    code = match[1]
    if code[0] in b"01234567":
        value = int(code, 8)
        if value > 255:
            raise _Unsure  # pdfminer's assertion
        return bytes((value,))
    return _ESCAPED.get(code, b"")  # "\r\n" after a backslash and an unknown escape: dropped
