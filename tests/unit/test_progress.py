"""The terminal's progress bar: its line, and silence wherever there is no terminal."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from pipeline.batch import FileRecord, run_batch
from pipeline.options import ReadContext
from pipeline.progress import ProgressBar, format_duration, format_line
from pipeline.results import Extraction, Recomputed, ReportResult, Title
from pipeline.rubric import load_rubric


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _record(pages: int, cached: bool = False) -> FileRecord:
    return FileRecord(ReportResult("id", "a.pdf", "pdf", "ok", pages=pages), "0" * 64, 1, 0.0, cached)


def test_durations() -> None:
    assert format_duration(0) == "0:00"
    assert format_duration(83.4) == "1:23"
    assert format_duration(3 * 3600 + 5 * 60 + 7) == "3:05:07"
    assert format_duration(-2) == "0:00"


def test_the_line_says_files_done_pages_per_second_and_time_left() -> None:
    line = format_line(done=50, total=200, pages=300, elapsed=10.0, read=50, to_read=200)
    assert line == "[######------------------] 50/200 files  30.0 pages/s  0:30 left"
    assert format_line(200, 200, 900, 30.0, 200, 200).endswith("200/200 files  30.0 pages/s  0:00 left")
    assert "--:-- left" in format_line(0, 10, 0, 0.0, 0, 10)
    assert format_line(0, 0, 0, 0.0, 0, 0).startswith("[" + "#" * 24 + "]")


def test_pages_ocred_show_those_of_files_still_being_read_included() -> None:
    assert "OCR" not in format_line(1, 10, 5, 1.0, 1, 10)
    assert format_line(1, 10, 5, 1.0, 1, 10, ocr_pages=1) == (
        "[##----------------------] 1/10 files  1 page OCRed  5.0 pages/s  0:09 left"
    )
    terminal = Terminal()
    bar = ProgressBar(terminal)
    bar.start(4)
    extraction = Extraction(Title(), (), {}, {}, None, None, ocr_pages=(1, 2, 3))
    done = ReportResult("id", "scan.pdf", "pdf", "ok", pages=3, extraction=extraction,
                        recomputed=Recomputed({}, None, None))
    bar.update(FileRecord(done, "0" * 64, 1, 0.0))
    bar.ocr_running(4)  # the batch's count for the files still being read
    for _ in range(3):  # the last file done draws the line whatever the time since the last
        bar.update(_record(2))
    assert "4/4 files  7 pages OCRed" in terminal.getvalue()


def test_cached_files_count_as_done_but_not_in_the_speed() -> None:
    terminal = Terminal()
    bar = ProgressBar(terminal)
    bar.start(5)
    bar.update(_record(10, cached=True))
    bar.update(_record(4))
    assert (bar.done, bar.read, bar.pages) == (2, 1, 4)
    bar.finish()
    shown = terminal.getvalue()
    assert shown.startswith("\r") and "files" in shown and shown.endswith("\r")


def test_nothing_is_drawn_without_a_terminal_when_quiet_or_for_a_few_files() -> None:
    for stream, quiet, total in ((io.StringIO(), False, 50), (Terminal(), True, 50), (Terminal(), False, 3)):
        bar = ProgressBar(stream, quiet=quiet)
        bar.start(total)
        for _ in range(total):
            bar.update(_record(2))
        bar.finish()
        assert stream.getvalue() == ""


def test_a_batch_tells_the_bar_of_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(5):
        (tmp_path / f"{i}.txt").write_text(f"not a report {i}", encoding="utf-8")
    (tmp_path / "5.txt").write_text("not a report 0", encoding="utf-8")  # a duplicate
    terminal = Terminal()
    bar = ProgressBar(terminal)
    run_batch(tmp_path, ReadContext(load_rubric(None)), progress=bar)
    assert bar.done == bar.total == 6
    assert "6/6 files" in terminal.getvalue()
    assert capsys.readouterr() == ("", ""), "pytest's streams are no terminal: nothing printed there"
    run_batch(tmp_path, ReadContext(load_rubric(None)), progress=ProgressBar())
    assert capsys.readouterr() == ("", "")


def test_the_real_streams_must_both_be_terminals(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stderr", Terminal())
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert not ProgressBar().enabled, "stdout sent to a file: no bar"
    monkeypatch.setattr("sys.stdout", Terminal())
    assert ProgressBar().enabled
    assert not ProgressBar(quiet=True).enabled
