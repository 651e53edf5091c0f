"""A ``ReportResult`` as JSON and back, with every value checked against the result's own types.

The cache (``pipeline.cache``) keeps results in the output folder, a place anyone with write
access to a shared drive, or the sender of a zip of results, can put files in. Pickle would run
whatever such a file says; JSON is only data, and this decoder builds nothing but the result
classes of ``pipeline.results`` (and ``BBox``, the ``StrEnum`` words): which class a value
becomes is decided by the field it sits in, never by the data. A value of the wrong type, a
missing or an unknown field, a word that is not a ``Status``, a ``NaN``: the whole entry is
refused with ``ResultJsonError``.

Numbers keep their Python type through the round trip (``85`` stays an ``int``, ``85.0`` a
``float``), so a decoded result equals the one encoded field for field and has the same
``repr``, which is what the auditor's files are keyed on (``pipeline.cache.outputs_key``).
"""

from __future__ import annotations

import dataclasses
import json
import math
import types
from collections.abc import Callable
from enum import StrEnum
from functools import partial
from typing import Any, Union, get_args, get_origin, get_type_hints

from pipeline.results import ReportResult


class ResultJsonError(ValueError):
    """The JSON is not a result of this program's shape."""


def dumps(result: ReportResult) -> str:
    """``result`` as compact JSON (ASCII only, so any string, even a lone surrogate, survives)."""
    return json.dumps(_encode(ReportResult, result, "result"), separators=(",", ":"), allow_nan=False)


def loads(text: str | bytes) -> ReportResult:
    """The result in ``text``; ``ResultJsonError`` for anything that is not exactly one."""
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as err:
        raise ResultJsonError(f"not JSON: {err}") from None
    try:
        decoded = _decoder(ReportResult)(data)
    except _Refused:  # read again the slow way, which says where the data is wrong
        decoded = _decode(ReportResult, data, "result")
    assert isinstance(decoded, ReportResult)
    return decoded


def _no_constant(name: str) -> None:
    raise ResultJsonError(f"{name} is not a number a result holds")


def _is_class(tp: Any) -> bool:
    """A result class (a dataclass given as its type, never an instance)."""
    return isinstance(tp, type) and dataclasses.is_dataclass(tp)


_FIELDS: dict[Any, dict[str, Any]] = {}


def _fields(cls: Any) -> dict[str, Any]:
    """The init fields of a result class with their resolved types (worked out once per class)."""
    if cls not in _FIELDS:
        hints = get_type_hints(cls)
        _FIELDS[cls] = {f.name: hints[f.name] for f in dataclasses.fields(cls) if f.init}
    return _FIELDS[cls]


def _encode(tp: Any, value: Any, where: str) -> Any:
    if _is_class(tp):
        if type(value) is not tp:
            raise ResultJsonError(f"{where}: a {type(value).__name__}, not a {tp.__name__}")
        return {name: _encode(hint, getattr(value, name), f"{where}.{name}") for name, hint in _fields(tp).items()}
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        arms = [a for a in args if a is not type(None)]
        if len(arms) != 1:
            raise ResultJsonError(f"{where}: a union of several types cannot be written")
        return _encode(arms[0], value, where)
    if origin is tuple:
        if not isinstance(value, tuple):
            raise ResultJsonError(f"{where}: a {type(value).__name__}, not a tuple")
        return [_encode(args[0], v, f"{where}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict) or not all(type(k) is str for k in value):
            raise ResultJsonError(f"{where}: not a dict with text keys")
        return {k: _encode(args[1], v, f"{where}[{k!r}]") for k, v in value.items()}
    _check_scalar(tp, value, where)
    return value.value if isinstance(value, StrEnum) else value


class _Refused(Exception):
    """A value ``_decoder``'s function does not take; ``_decode`` then says why, and where."""


_DECODERS: dict[Any, Callable[[Any], Any]] = {}


def _decoder(tp: Any) -> Callable[[Any], Any]:
    """``_decode`` for ``tp``, worked out once per type: the same tests, without the path of
    every value (a result has thousands; only a refused one needs its path)."""
    known = _DECODERS.get(tp)
    if known is None:
        _DECODERS[tp] = lambda data: _DECODERS[tp](data)  # a type met again while it is worked out
        known = _DECODERS[tp] = _make_decoder(tp)
    return known


def _make_decoder(tp: Any) -> Callable[[Any], Any]:
    if _is_class(tp):
        fields = _fields(tp)
        names = set(fields)
        parts = [(name, _decoder(hint)) for name, hint in fields.items()]

        def decode_class(data: Any) -> Any:
            if not isinstance(data, dict) or data.keys() != names:
                raise _Refused
            try:
                return tp(**{name: part(data[name]) for name, part in parts})
            except (TypeError, ValueError):
                raise _Refused from None

        return decode_class
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        optional = type(None) in args
        arms = [a for a in args if a is not type(None)]
        arm = _decoder(arms[0]) if len(arms) == 1 else None

        def decode_union(data: Any) -> Any:
            if data is None and optional:
                return None
            if arm is None:
                raise _Refused
            return arm(data)

        return decode_union
    if origin is tuple:
        item = _decoder(args[0])

        def decode_tuple(data: Any) -> Any:
            if not isinstance(data, list):
                raise _Refused
            return tuple(map(item, data))

        return decode_tuple
    if origin is dict:
        value = _decoder(args[1])

        def decode_dict(data: Any) -> Any:
            if not isinstance(data, dict):
                raise _Refused
            return {k: value(v) for k, v in data.items()}

        return decode_dict
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        members = tp._value2member_map_

        def decode_word(data: Any) -> Any:
            if type(data) is not str or data not in members:
                raise _Refused
            return tp(data)

        return decode_word
    return partial(_scalar, tp)


def _scalar(tp: Any, data: Any) -> Any:
    try:
        _check_scalar(tp, data, "")
    except ResultJsonError:
        raise _Refused from None
    return data


def _decode(tp: Any, data: Any, where: str) -> Any:
    if _is_class(tp):
        fields = _fields(tp)
        if not isinstance(data, dict) or set(data) != set(fields):
            raise ResultJsonError(f"{where}: not the fields of a {tp.__name__}")
        values = {name: _decode(hint, data[name], f"{where}.{name}") for name, hint in fields.items()}
        try:
            return tp(**values)
        except (TypeError, ValueError) as err:  # a class's own check (ReportResult.__post_init__)
            raise ResultJsonError(f"{where}: {err}") from None
    origin, args = get_origin(tp), get_args(tp)
    if origin in (Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        arms = [a for a in args if a is not type(None)]
        if len(arms) != 1:
            raise ResultJsonError(f"{where}: a union of several types cannot be read")
        return _decode(arms[0], data, where)
    if origin is tuple:
        if not isinstance(data, list):
            raise ResultJsonError(f"{where}: not a list")
        return tuple(_decode(args[0], v, f"{where}[{i}]") for i, v in enumerate(data))
    if origin is dict:
        if not isinstance(data, dict):
            raise ResultJsonError(f"{where}: not an object")
        return {k: _decode(args[1], v, f"{where}[{k!r}]") for k, v in data.items()}
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        if type(data) is not str or data not in tp._value2member_map_:
            raise ResultJsonError(f"{where}: {data!r} is not a {tp.__name__}")
        return tp(data)
    _check_scalar(tp, data, where)
    return data


def _check_scalar(tp: Any, value: Any, where: str) -> None:
    """``str``, ``int`` (not a bool) and ``float`` (an int or a finite float); nothing else exists here."""
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        ok = isinstance(value, str) and value in tp._value2member_map_  # a member, or its plain word
    elif tp is str:
        ok = isinstance(value, str)
    elif tp is int:
        ok = type(value) is int
    elif tp is float:
        ok = type(value) in (int, float) and math.isfinite(value)
    elif tp is bool:
        ok = type(value) is bool
    else:
        raise ResultJsonError(f"{where}: {tp!r} is not a type a result holds")
    if not ok:
        raise ResultJsonError(f"{where}: {value!r} is not a {getattr(tp, '__name__', tp)}")
