"""pipeline.options: each bad value is refused with the sentence the console prints; the cache
key holds the options that change results and none of the others."""

from __future__ import annotations

import dataclasses
import logging
import math
import pickle
from pathlib import Path

import pytest

import pipeline.options
from pipeline.errors import UsageError
from pipeline.options import (
    MIB,
    OCR_UNAVAILABLE,
    Limits,
    Options,
    ParseSettings,
    ReadContext,
    format_size,
    parse_seconds,
    parse_size,
    parse_workers,
)
from pipeline.rubric import DEFAULT_RUBRIC, load_rubric


@pytest.mark.parametrize(
    ("fields", "sentence"),
    [
        ({"workers": 0}, "--workers: a whole number of 1 or more is needed, not 0"),
        ({"workers": -2}, "--workers: a whole number of 1 or more is needed, not -2"),
        ({"workers": 2.5}, "--workers: a whole number of 1 or more is needed, not 2.5"),
        ({"workers": "4"}, "--workers: a whole number of 1 or more is needed, not '4'"),
        ({"workers": True}, "--workers: a whole number of 1 or more is needed, not True"),
        ({"timeout": 0}, "--timeout: a number of seconds above 0 is needed, not 0"),
        ({"timeout": -5.0}, "--timeout: a number of seconds above 0 is needed, not -5.0"),
        ({"timeout": math.inf}, "--timeout: a number of seconds above 0 is needed, not inf"),
        ({"timeout": math.nan}, "--timeout: a number of seconds above 0 is needed, not nan"),
        ({"timeout": "60"}, "--timeout: a number of seconds above 0 is needed, not '60'"),
        ({"max_memory": -1}, "--max-memory: a size such as 512M or 2G is needed, not -1"),
        ({"max_memory": 1.5e9}, "--max-memory: a size such as 512M or 2G is needed, not 1500000000.0"),
        ({"max_memory": 10 * MIB},
         "--max-memory: 10M is too little memory to read anything: use 64M or more, or 0"),
        ({"max_memory": 64 * MIB - 1},
         f"--max-memory: {64 * MIB - 1} bytes is too little memory to read anything: use 64M or more, or 0"),
        ({"executor": "spark"}, "--executor: local or dask is needed, not 'spark'"),
        ({"executor": "dask"}, "--executor dask needs --scheduler ADDRESS (e.g. tcp://HOST:8786)"),
        ({"executor": "dask", "scheduler": ""}, "--executor dask needs --scheduler ADDRESS (e.g. tcp://HOST:8786)"),
        ({"scheduler": "tcp://127.0.0.1:8786"}, "--scheduler is for --executor dask"),
    ],
)
def test_a_bad_value_is_a_usage_error_with_its_sentence(fields: dict[str, object], sentence: str) -> None:
    with pytest.raises(UsageError) as caught:
        Options(**fields)  # type: ignore[arg-type]
    assert caught.value.message == sentence
    assert caught.value.exit_code == 3


def test_ocr_is_on_by_default_and_refused_in_a_plain_sentence_without_its_engine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert Options().parse.ocr and pipeline.options.ocr_available()  # the engine is a dependency
    monkeypatch.setattr(pipeline.options, "ocr_available", lambda: False)  # as on a machine without it
    with pytest.raises(UsageError) as caught:
        Options()
    assert caught.value.message == OCR_UNAVAILABLE
    assert "Traceback" not in OCR_UNAVAILABLE and "--no-ocr" in OCR_UNAVAILABLE
    assert Options(parse=ParseSettings(ocr=False)).parse.ocr is False  # reading without OCR still works


def test_no_ocr_on_the_command_line_turns_it_off() -> None:
    from pipeline.cli import _options, build_parser

    parser = build_parser()
    assert _options(parser.parse_args(["extract", "in", "-o", "out"])).parse.ocr is True
    assert _options(parser.parse_args(["extract", "in", "-o", "out", "--no-ocr"])).parse.ocr is False
    assert _options(parser.parse_args(["extract", "in", "-o", "out", "--ocr"])).parse.ocr is True


def test_a_rubric_that_is_missing_or_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UsageError) as missing:
        Options(rubric=tmp_path / "nowhere.toml")
    assert missing.value.message == f"rubric file not found: {tmp_path / 'nowhere.toml'}"
    with pytest.raises(UsageError) as folder:
        Options(rubric=tmp_path)
    assert folder.value.message == f"rubric file is a folder, not a file: {tmp_path}"


def test_good_values_are_kept_and_normalized(tmp_path: Path) -> None:
    rubric = tmp_path / "r.toml"
    rubric.write_bytes(DEFAULT_RUBRIC.read_bytes())
    options = Options(rubric=str(rubric), workers=3, timeout=60, max_memory=0)  # type: ignore[arg-type]
    assert options.rubric == rubric and options.rubric_files == [rubric]
    assert options.timeout == 60.0 and isinstance(options.timeout, float)
    assert options.limits == Limits(workers=3, timeout=60.0, max_memory=0)
    assert Options(max_memory=64 * MIB).max_memory == 64 * MIB
    assert Options(executor="dask", scheduler="tcp://h:8786").scheduler == "tcp://h:8786"
    assert DEFAULT_RUBRIC in Options().rubric_files and len(Options().rubric_files) >= 2
    assert Options().workers >= 1 and not Options().progress and Options().cache


def test_options_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        Options().workers = 0  # type: ignore[misc]


@pytest.mark.parametrize(
    ("text", "size"),
    [("0", 0), ("1048576", 1048576), ("512M", 512 * MIB), ("2G", 2 * 1024 * MIB), ("1.5GiB", 1536 * MIB),
     (" 64mb ", 64 * MIB), ("3k", 3072)],
)
def test_sizes_as_typed(text: str, size: int) -> None:
    assert parse_size(text) == size


@pytest.mark.parametrize("text", ["lots", "", "2X", "-1G", "1,5G"])
def test_a_size_that_is_not_one(text: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_size(text)
    assert caught.value.message == f"a size such as 512M or 2G is needed, not {text!r}"


def test_numbers_as_typed() -> None:
    assert parse_workers("4") == 4 and parse_workers("0") == 0  # 0 is for Options to refuse
    assert parse_seconds("2.5") == 2.5 and parse_seconds("inf") == math.inf
    with pytest.raises(UsageError, match=r"^a whole number of 1 or more is needed, not 'two'$"):
        parse_workers("two")
    with pytest.raises(UsageError, match=r"^a whole number of 1 or more is needed, not '-1'$"):
        parse_workers("-1")
    with pytest.raises(UsageError, match=r"^a number of seconds above 0 is needed, not 'soon'$"):
        parse_seconds("soon")


def test_sizes_are_shown_as_typed() -> None:
    assert [format_size(n) for n in (10 * MIB, 3 * 1024**3, 1536 * MIB, 2048, 1000, 0)] == [
        "10M", "3G", "1536M", "2K", "1000 bytes", "0 bytes",
    ]


def test_the_result_key_ignores_how_files_are_read() -> None:
    key = Options().result_key()
    assert len(key) == 64
    same = [
        Options(workers=1), Options(workers=7), Options(timeout=5), Options(max_memory=0),
        Options(executor="dask", scheduler="tcp://h:8786"), Options(cache=False), Options(progress=True),
    ]
    assert {o.result_key() for o in same} == {key}


def test_the_result_key_follows_the_rubric_content_not_its_path(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    copy, other, changed = tmp_path / "a" / "110.toml", tmp_path / "b" / "110.toml", tmp_path / "changed.toml"
    copy.write_bytes(DEFAULT_RUBRIC.read_bytes())
    other.write_bytes(DEFAULT_RUBRIC.read_bytes())
    changed.write_bytes(DEFAULT_RUBRIC.read_bytes() + b"\n# a comment\n")
    assert Options(rubric=copy).result_key() == Options(rubric=other).result_key()
    assert Options(rubric=changed).result_key() != Options(rubric=copy).result_key()
    # Without --rubric any rubric file may read a report: one forced rubric is another key.
    assert Options(rubric=copy).result_key() != Options().result_key()


def test_the_result_key_follows_every_rubric_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = Options().result_key()
    added = tmp_path / "113.toml"
    added.write_bytes(DEFAULT_RUBRIC.read_bytes())
    shipped = Options().rubric_files
    monkeypatch.setattr(pipeline.options, "rubric_files", lambda: [*shipped, added])
    assert Options().result_key() != key


def test_the_result_key_follows_the_parse_switches(monkeypatch: pytest.MonkeyPatch) -> None:
    without_ocr = Options(parse=ParseSettings(ocr=False))
    assert without_ocr.result_key() != Options().result_key()
    assert without_ocr.result_key() == Options(parse=ParseSettings(ocr=False), workers=1).result_key()


def test_the_read_context_travels_to_a_worker_whole() -> None:
    context = ReadContext(load_rubric(), ParseSettings())
    assert pickle.loads(pickle.dumps(context)) == context


def test_the_password_is_in_no_repr_and_not_in_the_cache_key() -> None:
    """Any password that opens a file reads the same figures, so it does not key the cache; and a
    repr (a log line, a traceback's locals) never shows it."""
    secret = "s3cret-word"
    with_password = Options(parse=ParseSettings(password=secret))
    assert secret not in repr(with_password) and secret not in repr(with_password.parse)
    assert with_password.result_key() == Options().result_key()
    assert with_password.parse.password == secret
    assert ParseSettings(ocr=True, password=secret).key() == {"ocr": True}


def test_a_log_level_must_be_one_of_logging_s() -> None:
    assert Options(log_level=logging.DEBUG).log_level == logging.DEBUG
    with pytest.raises(UsageError, match="log level"):
        Options(log_level=7)
