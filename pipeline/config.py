"""``kaohe.toml``: the options an office gives every run, kept in a file instead of retyped.

An office reads its reports with the same rubric, limits and switches year after year; typing
them on every command is how one gets forgotten. ``kaohe extract`` reads ``kaohe.toml`` in the
working folder, then the one in INPUT (a batch's own settings over the office's), and the
command line over both. Every key is an option of ``kaohe extract`` under its long name::

    rubric = "rubrics/111.toml"   # relative to the folder of the kaohe.toml that names it
    workers = 2
    timeout = 300                 # seconds
    max-memory = "1G"             # or a number of bytes; 0 for no limit
    ocr = true
    cache = true
    fail-on-findings = true
    quiet = false
    verbose = 1                   # as -v; 2 as -vv
    executor = "dask"
    scheduler = "tcp://10.0.0.5:8786"

A key kaohe does not know, a value of the wrong kind or a file that is not TOML is a
``UsageError`` naming the file and the key, before anything is read: a typo never silently
leaves a default in force. A password is never read from a file (a kaohe.toml in INPUT travels
with the reports): ``--password`` or the environment variable ``KAOHE_PASSWORD`` give it.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pipeline.errors import UsageError
from pipeline.i18n import _
from pipeline.options import EXECUTORS, parse_seconds, parse_size, parse_workers

CONFIG = "kaohe.toml"


def _verbose(value: Any, folder: Path) -> int:
    if isinstance(value, bool) or value not in (0, 1, 2):
        raise ValueError(_("0, 1 or 2 is needed"))
    return int(value)


def _flag(value: Any, folder: Path) -> bool:
    if not isinstance(value, bool):
        raise ValueError(_("true or false is needed"))
    return value


def _workers(value: Any, folder: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(_("a whole number of 1 or more is needed"))
    return parse_workers(str(value))


def _seconds(value: Any, folder: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("a number of seconds above 0 is needed"))
    return parse_seconds(str(value))


def _size(value: Any, folder: Path) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        return parse_size(value)
    raise ValueError(_("a size such as 512M or 2G is needed"))


def _text(value: Any, folder: Path) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(_("a text is needed"))
    return value


def _executor(value: Any, folder: Path) -> str:
    if value not in EXECUTORS:
        raise ValueError(_("local or dask is needed"))
    return str(value)


def _path(value: Any, folder: Path) -> Path:
    return folder / _text(value, folder)  # an absolute path stays itself


#: key -> (the ``kaohe extract`` argument's dest, the value as that argument holds it).
KEYS: dict[str, tuple[str, Callable[[Any, Path], Any]]] = {
    "rubric": ("rubric", _path),
    "workers": ("workers", _workers),
    "timeout": ("timeout", _seconds),
    "max-memory": ("max_memory", _size),
    "executor": ("executor", _executor),
    "scheduler": ("scheduler", _text),
    "ocr": ("ocr", _flag),
    "cache": ("cache", _flag),
    "fail-on-findings": ("fail_on_findings", _flag),
    "quiet": ("quiet", _flag),
    "verbose": ("verbose", _verbose),
}


def config_files(input_path: Path, cwd: Path) -> list[Path]:
    """The kaohe.toml files a run into INPUT reads, the one that wins last."""
    folders = [cwd, input_path if input_path.is_dir() else input_path.parent]
    found: list[Path] = []
    for folder in folders:
        path = folder / CONFIG
        if path.is_file() and all(path.resolve() != f.resolve() for f in found):
            found.append(path)
    return found


def read_config(path: Path) -> dict[str, Any]:
    """One kaohe.toml as ``kaohe extract`` argument values (dest -> value), checked."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(_("{path} cannot be read: {reason}").format(path=path, reason=err)) from None
    except tomllib.TOMLDecodeError as err:
        raise UsageError(_("{path} is not valid TOML: {reason}").format(path=path, reason=err)) from None
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key == "password":
            raise UsageError(_("{path}: a password is never read from a file: use --password or KAOHE_PASSWORD").format(
                path=path))
        if key not in KEYS:
            raise UsageError(_("{path}: unknown key {key!r} (the keys are: {keys})").format(
                path=path, key=key, keys=", ".join(KEYS)))
        dest, convert = KEYS[key]
        try:
            values[dest] = convert(value, path.parent)
        except (ValueError, UsageError) as err:
            reason = err.message if isinstance(err, UsageError) else str(err)
            raise UsageError(_("{path}: {key}: {reason}, not {value!r}").format(
                path=path, key=key, reason=reason.split(", not ")[0], value=value)) from None
    return values


def office_defaults(input_path: Path, cwd: Path) -> dict[str, Any]:
    """The working folder's kaohe.toml, then INPUT's over it: the defaults the command line beats."""
    merged: dict[str, Any] = {}
    for path in config_files(input_path, cwd):
        merged.update(read_config(path))
    return merged
