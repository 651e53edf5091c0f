"""Text from outside kaohe shown to a person: control characters made visible, never sent raw.

File names and package part names come from whoever sent the file. A newline in one would
split a sentence or a CSV row in two for a careless reader; an escape sequence (``\\x1b[31m``,
``\\x1b]8;;…``) would recolour or rewrite the terminal; a right-to-left override would make
``report\\u202efdp.exe`` look like another name. So every such character is written the way
Python writes it in a string literal (``\\n``, ``\\x1b``, ``\\u202e``), the same way bytes that
are not UTF-8 are already shown (``\\xff``). Letters, CJK and ordinary spaces are kept as they
are; ``visible`` of a visible text is the same text, so applying it twice does no harm.
"""

from __future__ import annotations

import regex

#: Control characters (C0, DEL, C1), format characters (bidi overrides, zero-width ones, the
#: BOM) and the Unicode line and paragraph separators.
_INVISIBLE = regex.compile(r"[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: regex.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control, format or separator character written as an escape."""
    return _INVISIBLE.sub(_escape, text)
