"""The catalogs: complete, compiled, placeholder-true; and each language reaching what a person reads.

The zh-TW catalog must hold every sentence the code and the page template mark (extracted here
with babel, as ``make messages`` does), fill each with a translation that keeps the msgid's
placeholders, and its committed ``.mo`` must say exactly what its ``.po`` says: a pip-only
install reads the ``.mo`` and has no compiler.
"""

from __future__ import annotations

import gettext
import re
import string

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pipeline import i18n
from pipeline.errors import EmptyFileError
from pipeline.i18n import LOCALE_DIR, using
from pipeline.options import Options
from tests.conftest import ROOT

PO = {domain: LOCALE_DIR / "zh_TW" / "LC_MESSAGES" / f"{domain}.po" for domain in ("kaohe", "argparse")}
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
METHODS = [("pipeline/**.py", "python"), ("parsers/**.py", "python"), ("pipeline/write/templates/**.j2", "jinja2")]


def _code_msgids() -> set[str]:
    found = extract_from_dir(ROOT, METHODS, keywords=KEYWORDS, comment_tags=())
    return {msg if isinstance(msg, str) else msg[0] for _file, _line, msg, _comments, _context in found}


def _catalog(domain: str) -> dict[str, str]:
    with PO[domain].open("rb") as fh:
        catalog = read_po(fh)
    entries = {}
    for m in catalog:
        if not m.id:
            continue
        assert not m.fuzzy, f"{domain}: fuzzy translation of {m.id!r}"
        single = m.id if isinstance(m.id, str) else m.id[0]
        entries[single] = m.string if isinstance(m.string, str) else m.string[0]
    return entries


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_marked_sentence_has_a_translation() -> None:
    catalog = _catalog("kaohe")
    missing = sorted(m for m in _code_msgids() if not catalog.get(m))
    assert not missing, "sentences with no zh-TW translation (make messages, then translate):\n" + "\n".join(missing)


def test_the_catalog_holds_no_sentence_the_code_no_longer_has() -> None:
    stale = sorted(set(_catalog("kaohe")) - _code_msgids())
    assert not stale, "translations of sentences the code no longer has (make messages):\n" + "\n".join(stale)


def test_translations_keep_the_placeholders() -> None:
    for msgid, msgstr in _catalog("kaohe").items():
        assert _fields(msgstr) == _fields(msgid), (msgid, msgstr)
    for msgid, msgstr in _catalog("argparse").items():
        if msgstr:
            assert sorted(re.findall(r"%\(\w+\)[sr]|%[sr]", msgstr)) == sorted(re.findall(r"%\(\w+\)[sr]|%[sr]", msgid))


@pytest.mark.parametrize("domain", ["kaohe", "argparse"])
def test_the_compiled_catalog_says_what_its_source_says(domain: str) -> None:
    with (PO[domain].with_suffix(".mo")).open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    for msgid, msgstr in _catalog(domain).items():
        if msgstr:
            assert compiled.gettext(msgid) == msgstr, f"{domain}.mo is older than {domain}.po: make messages"


def test_the_translations_use_the_reports_terms() -> None:
    catalog = _catalog("kaohe")
    assert catalog["dimension"] == "評核構面" and catalog["item"] == "評核項目"
    assert "{subtotal}" in catalog["The {subtotal} of dimension {dimension_no} {dimension} is printed as {printed}"
                                   " but its item scores add up to {added}."]


def test_an_error_sentence_in_each_language() -> None:
    with using("en"):
        assert EmptyFileError().message == "file is empty"
    with using("zh-TW"):
        assert EmptyFileError().message == "檔案是空的"
    assert i18n.language() == "en", "using() gives the caller's language back"


def test_zh_tw_is_the_default_and_a_language_is_checked() -> None:
    assert Options().lang == "zh-TW"
    assert Options(lang="zh_TW").lang == "zh-TW"
    assert Options(lang="en").result_key() != Options().result_key(), "cached sentences are per language"
    from pipeline.errors import UsageError

    with pytest.raises(UsageError, match="--lang"):
        Options(lang="fr")


def test_the_catalogs_ship_with_the_package() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "locale/*/LC_MESSAGES/*.mo" in pyproject
    assert all(p.with_suffix(".mo").is_file() for p in PO.values())


def english_words() -> set[str]:
    """The English words of the catalog's sentences (placeholders and codes left out)."""
    words: set[str] = set()
    for msgid in _catalog("kaohe"):
        text = re.sub(r"\{[^}]*\}", " ", msgid)
        words |= {w.lower() for w in re.findall(r"(?<![\w.-])[A-Za-z]{3,}(?![\w.-])", text)}
    return words - TECHNICAL


#: Words the zh-TW text keeps on purpose: names of formats, tools and files.
TECHNICAL = {"pdf", "odt", "docx", "doc", "ocr", "kaohe", "json", "csv", "toml", "xml", "dask", "libreoffice",
             "unicode", "doctype", "gib", "sha", "tcp", "host", "rapidocr", "onnxruntime", "zip", "word", "readme"}


def english_left(text: str, words: set[str]) -> list[str]:
    """The catalog's English words standing as words in ``text``; a file name, an option or a code
    (``110_keelung.pdf``, ``--lang``, ``report_id``) is not a word of a sentence."""
    left = []
    for chunk in text.split():
        if re.search(r"[._/\\=]|--", chunk):
            continue
        left += [w for w in re.findall(r"[A-Za-z]+", chunk) if w.lower() in words]
    return left


def test_the_english_heuristic_finds_english() -> None:
    words = english_words()
    assert english_left("總覽 Overview of 3 files", words) == ["Overview", "files"]
    assert english_left("110_keelung.pdf report_id 4c3a --lang 評核構面", words) == []


def _help(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    from pipeline.cli import main

    assert main([*argv, "--help"]) == 0
    return capsys.readouterr().out


def test_help_in_each_language(capsys: pytest.CaptureFixture[str]) -> None:
    # What is typed as it is: the commands, an argument's name and its choices, a default folder.
    words = english_words() - {"extract", "eval", "rubric", "draft", "input", "output", "local", "dask"}
    for argv in ((), ("extract",), ("eval",)):
        chinese = _help(capsys, *argv)
        assert chinese.startswith("用法：kaohe") and "選項" in chinese
        left = [w for w in english_left(chinese, words) if not w.isupper()]  # FILE, SECONDS: metavars
        assert left == [], argv
        english = _help(capsys, "--lang", "en", *argv)
        assert english.startswith("usage: kaohe") and "options:" in english
    assert "--lang {zh-TW,en}" in _help(capsys, "extract", "--lang", "en")
    assert i18n.language() == "en", "main() gives the caller's language back"


def test_a_usage_error_in_each_language(capsys: pytest.CaptureFixture[str]) -> None:
    from pipeline.cli import main

    assert main(["extract"]) == 3
    assert "錯誤：缺少以下必要引數：input" in capsys.readouterr().err
    assert main(["--lang", "en", "extract"]) == 3
    assert "error: the following arguments are required: input" in capsys.readouterr().err
    assert main(["extract", "x", "--workers", "0"]) == 3
    assert capsys.readouterr().err == "kaohe: --workers：須為 1 以上的整數，而非 0\n"
