"""The language of what a person reads.

Every sentence kaohe shows a person (report.html, a finding's message, an error sentence, the
terminal, ``--help``) goes through ``_`` so that one catalog per language (gettext, under
``pipeline/locale``) holds its words, not string tables in code. Until a catalog is loaded the
English source text is returned as it is.
"""

from __future__ import annotations

import gettext
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "kaohe"

_current: gettext.NullTranslations = gettext.NullTranslations()


def set_language(lang: str) -> None:
    """Read what follows in ``lang`` ("en" gives the English source text)."""
    global _current
    _current = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` in the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n``, in the current language."""
    return _current.ngettext(singular, plural, n)
