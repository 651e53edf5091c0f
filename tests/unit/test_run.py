"""One file's recipe (pipeline.run.process_file): what a failing stage costs."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.run as run
from pipeline.options import ReadContext
from pipeline.rubric import load_rubric
from pipeline.statuses import Status
from tests.conftest import SAMPLES


def test_a_failing_narrative_stage_keeps_the_scores(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> list[object]:
        raise ValueError("a bug in the narrative reader")

    monkeypatch.setattr(run, "read_indicators", broken)
    path = SAMPLES / "110_keelung.docx"
    result = run.process_file(path, Path(SAMPLES), ReadContext(load_rubric()))
    assert result.status == "ok"
    assert result.extraction is not None
    assert result.extraction.indicators == () and result.extraction.metrics == ()
    assert {no: row.score for no, row in result.extraction.items().items()}["5.2"] == 42


def test_a_failing_score_stage_is_a_failed_row_with_a_sentence(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: object) -> None:
        raise IndexError("a bug in the body reader")

    monkeypatch.setattr(run, "read_body", broken)
    result = run.process_file(SAMPLES / "110_keelung.docx", Path(SAMPLES), ReadContext(load_rubric()))
    assert (result.status, result.error) == ("failed", "could not be read: IndexError in the parser")


def test_statuses_are_the_enum_members_not_loose_strings(tmp_path: Path) -> None:
    rubric = ReadContext(load_rubric())
    assert run.process_file(SAMPLES / "110_keelung.docx", Path(SAMPLES), rubric).status is Status.ok
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not a report", encoding="utf-8")
    assert run.process_file(tmp_path / "empty.pdf", tmp_path, rubric).status is Status.failed
    assert run.process_file(tmp_path / "notes.txt", tmp_path, rubric).status is Status.skipped
