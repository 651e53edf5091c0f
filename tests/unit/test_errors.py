"""Errors cross from a worker process (``pipeline.isolate``) as they were raised."""

from __future__ import annotations

import pickle

import pytest

from pipeline.errors import EmptyFileError, ExitCode, KaoheError, RubricError, UnsupportedFormat
from pipeline.statuses import Status


@pytest.mark.parametrize("err", [EmptyFileError(), RubricError("bad rubric"), UnsupportedFormat("a picture\n")])
def test_an_error_is_pickled_with_its_class_and_sentence(err: KaoheError) -> None:
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is type(err) and back.message == err.message and str(back) == str(err)
    assert (back.status, back.exit_code) == (err.status, err.exit_code)


def test_reworded_keeps_the_class_its_status_and_exit_code() -> None:
    said = UnsupportedFormat("a picture").reworded("x.png: a picture\x1b")
    assert type(said) is UnsupportedFormat and said.message == "x.png: a picture\\x1b"
    assert (said.status, said.exit_code) == (Status.skipped, ExitCode.files_failed)
    assert type(EmptyFileError().reworded("a.pdf: file is empty")) is EmptyFileError
