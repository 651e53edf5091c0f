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


def test_a_part_the_reader_left_out_is_said_in_the_reports_row(tmp_path: Path) -> None:
    """A Word altChunk (an embedded document, often pasted HTML) is not read: the row says so,
    in the run's language, rather than leaving an auditor to wonder where its content went."""
    import docx as python_docx
    from docx.oxml import parse_xml

    source = SAMPLES / "110_keelung.docx"
    document = python_docx.Document(str(source))
    body = document.element.body
    chunk = parse_xml('<w:altChunk xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
                      ' xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rIdX"/>')
    body.insert(len(body) - 1, chunk)
    path = tmp_path / "chunk.docx"
    document.save(str(path))
    result = run.process_file(path, tmp_path, ReadContext(load_rubric(), lang="zh-TW"))
    assert result.status is Status.ok
    assert result.error == "文件內嵌的另一份文件（altChunk）未能讀取：其中的內容未經查核"
    english = run.process_file(path, tmp_path, ReadContext(load_rubric()))
    assert english.error == "an embedded document part (altChunk) was not read: what it holds is not checked"
    plain = run.process_file(source, SAMPLES, ReadContext(load_rubric()))
    assert plain.status is Status.ok and plain.error == ""
