"""The language of what a person reads.

Every sentence kaohe shows a person (report.html, a finding's message, an error sentence, the
terminal, ``--help``) goes through ``_`` so that one catalog per language (gettext, under
``pipeline/locale``) holds its words, not string tables in code. Traditional Chinese (``zh-TW``)
is the default; ``en`` is the English source text itself, with no catalog.

The compiled catalogs (``.mo``) are committed beside their ``.po`` sources and shipped as package
data, so a pip-only install reads them with the standard library's ``gettext`` and needs neither
babel nor GNU gettext; ``tests/unit/test_i18n.py`` fails when a ``.mo`` lags its ``.po`` or the
code holds a sentence no catalog has.

Sentences are put into words where they are made (in the worker that reads a file, too), so the
language is part of ``pipeline.options.ReadContext`` and of the cache key: a finding's message
and an error sentence are stored in the result in the run's language.

argparse (Python 3.11 to 3.13) translates its own words ("usage:", "options", "error:") with
``gettext.gettext`` of the global domain, whose language comes from the environment, not from
``--lang``; so ``set_language`` also points argparse's module-level ``_`` and ``ngettext`` at
kaohe's copy of argparse's catalog (domain ``argparse``).
"""

from __future__ import annotations

import argparse
import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "kaohe"
#: The catalog of argparse's own words (its msgids, as Python's argparse.py writes them).
ARGPARSE_DOMAIN = "argparse"
#: The languages a person can choose, as ``--lang`` takes them; the first is the default.
LANGUAGES = ("zh-TW", "en")
DEFAULT_LANGUAGE = LANGUAGES[0]

_current: gettext.NullTranslations = gettext.NullTranslations()
_current_lang = "en"


def normalize(lang: str) -> str:
    """``zh-TW``, ``zh_TW`` and ``zh-tw`` are one language: its ``--lang`` spelling, or ``lang``
    unchanged when it is none of ``LANGUAGES`` (``Options`` refuses it with a sentence)."""
    wanted = lang.replace("_", "-").lower()
    return next((known for known in LANGUAGES if known.lower() == wanted), lang)


def _catalog(domain: str, lang: str) -> gettext.NullTranslations:
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(domain, LOCALE_DIR, languages=[lang.replace("-", "_")], fallback=True)


def set_language(lang: str) -> None:
    """Read what follows in ``lang`` ("en" gives the English source text)."""
    global _current, _current_lang
    lang = normalize(lang)
    _current, _current_lang = _catalog(DOMAIN, lang), lang
    own = _catalog(ARGPARSE_DOMAIN, lang)
    argparse._ = own.gettext  # type: ignore[attr-defined]
    argparse.ngettext = own.ngettext  # type: ignore[attr-defined]


def language() -> str:
    """The language sentences are now put in (a ``LANGUAGES`` spelling)."""
    return _current_lang


@contextmanager
def using(lang: str) -> Iterator[None]:
    """Sentences made inside the block are in ``lang``; the language before is restored after,
    so reading one file (``pipeline.run.process_file``) leaves its caller's language alone."""
    before = _current_lang
    set_language(lang)
    try:
        yield
    finally:
        set_language(before)


def _(message: str) -> str:
    """``message`` in the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for ``n``, in the current language."""
    return _current.ngettext(singular, plural, n)


def N_(message: str) -> str:
    """``message`` as it is, marked for the catalog: a sentence kept in a constant and put into
    the current language where it is shown (``_(CONSTANT)``), not when the module is imported."""
    return message
