"""The compiled page template kept in the user's cache directory (``pipeline.write.template_cache``):
used when it is the user's own and matches, never when someone else could have written it, and
never in the way of a run."""

from __future__ import annotations

import tempfile
from pathlib import Path

import jinja2
import pytest

from pipeline.write import html
from pipeline.write.template_cache import UserTemplateCache, compile_options

TEMPLATE = "{% for x in items %}<li>{{ x }}</li>{% endfor %}\n"
PAGE = "<li>&lt;a&gt;</li><li>b</li>"


def _env(place: Path, source: str = TEMPLATE, **options: object) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.DictLoader({"page.j2": source}), autoescape=True, **options)  # type: ignore[arg-type]
    env.bytecode_cache = UserTemplateCache(compile_options(env), place)
    return env


class _Counting:
    """Counts the compiles an environment makes (a hit in the cache makes none)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = jinja2.Environment._compile

        def compile_counted(env: jinja2.Environment, source: str, filename: str) -> object:
            self.count += 1
            return real(env, source, filename)

        monkeypatch.setattr(jinja2.Environment, "_compile", compile_counted)


def _render(env: jinja2.Environment) -> str:
    return env.get_template("page.j2").render(items=["<a>", "b"])


def test_second_run_takes_the_compiled_template(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    place = tmp_path / "kaohe" / "templates"
    compiles = _Counting(monkeypatch)
    first = _render(_env(place))
    assert compiles.count == 1
    entries = list(place.glob("*.jinja"))
    assert len(entries) == 1
    assert entries[0].stat().st_mode & 0o777 == 0o600
    assert place.stat().st_mode & 0o777 == 0o700
    assert place.parent.stat().st_mode & 0o777 == 0o700
    again = _render(_env(place))
    assert compiles.count == 1, "the kept template was compiled again"
    assert again == first == PAGE


def test_a_changed_template_or_options_are_compiled_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    place = tmp_path / "templates"
    compiles = _Counting(monkeypatch)
    _render(_env(place))
    assert _env(place, "{{ items|length }}").get_template("page.j2").render(items=[1, 2]) == "2"
    assert compiles.count == 2
    # Another whitespace rule compiles to other code: not the entry of the first.
    assert _env(place, trim_blocks=True).get_template("page.j2").render(items=[]) == ""
    assert compiles.count == 3
    assert len(list(place.glob("*.jinja"))) == 2


def test_an_entry_others_can_write_is_not_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    place = tmp_path / "templates"
    env = _env(place)
    _render(env)
    (entry,) = place.glob("*.jinja")
    # Planted: code that renders something else, under the template's own name and checksum.
    assert env.bytecode_cache is not None
    bucket = env.bytecode_cache.get_bucket(env, "page.j2", None, TEMPLATE)
    bucket.code = compile(jinja2.Environment().compile("PLANTED", raw=True), "page.j2", "exec")
    entry.write_bytes(bucket.bytecode_to_string())
    assert _render(_env(place)) == "PLANTED", "the test's entry is not one the cache would take"
    entry.chmod(0o666)
    compiles = _Counting(monkeypatch)
    assert _render(_env(place)) == PAGE
    assert compiles.count == 1


def test_a_folder_others_can_write_is_not_used(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    place = tmp_path / "templates"
    place.mkdir(mode=0o700)
    place.chmod(0o777)
    compiles = _Counting(monkeypatch)
    _render(_env(place))
    _render(_env(place))
    assert compiles.count == 2
    assert not list(place.iterdir()), "an entry was written into a folder others can write"


def test_a_link_for_the_folder_is_not_followed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    place = tmp_path / "templates"
    place.symlink_to(elsewhere)
    compiles = _Counting(monkeypatch)
    _render(_env(place))
    _render(_env(place))
    assert compiles.count == 2
    assert not list(elsewhere.iterdir())


def test_a_damaged_entry_is_compiled_anew(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    place = tmp_path / "templates"
    _render(_env(place))
    (entry,) = place.glob("*.jinja")
    entry.write_bytes(entry.read_bytes()[:40])
    compiles = _Counting(monkeypatch)
    assert _render(_env(place)) == PAGE
    assert compiles.count == 1


def test_a_full_disk_costs_only_the_compile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_space(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkstemp", no_space)
    assert _render(_env(tmp_path / "templates")) == PAGE
    assert not list((tmp_path / "templates").iterdir())


def test_a_file_where_the_folder_should_be_costs_only_the_compile(tmp_path: Path) -> None:
    (tmp_path / "kaohe").write_text("not a folder", encoding="utf-8")
    assert _render(_env(tmp_path / "kaohe" / "templates")) == PAGE


def test_the_page_template_is_kept_in_the_users_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    html._environment.cache_clear()
    try:
        html.warm()
    finally:
        html._environment.cache_clear()
    assert len(list((tmp_path / "kaohe" / "templates").glob("*.jinja"))) == 1
