"""`kaohe rubric draft` round-trips: a rubric drafted from a clean report reads that report to
the same figures as the shipped rubric does, and to its truth, field by field. One sample of
each rubric: the 110 one and the 112 test rubric."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.evaluate import evaluate
from pipeline.rubric import load_rubric
from pipeline.rubric_draft import DraftError, draft_rubric
from pipeline.rubric_set import RUBRICS_DIR
from pipeline.rubric_toml import draft_toml
from tests.conftest import SAMPLES, TRUTH, read_csv

#: Every file and column compared; names and similarities are the rubric's own words, so the
#: draft's (the report's printed names) and the shipped rubric's may differ there.
COMPARED = {
    "reports.csv": None,
    "scores.csv": {"match_score"},
    "dimensions.csv": None,
    "indicators.csv": {"indicator", "match_score"},
    "metrics.csv": None,
    "findings.csv": None,
}
CASES = [("110_keelung.docx", "110.toml"), ("112_keelung_testrubric.docx", "112.toml"),
         ("112_keelung_testrubric.pdf", "112.toml")]


def _extract(report: Path, out: Path, *rubric: str) -> Path:
    inbox = out / "in"
    inbox.mkdir(parents=True)
    shutil.copy(report, inbox / report.name)
    code = main(["extract", str(inbox), "-o", str(out / "out"), "--quiet", "--workers", "1", *rubric])
    assert code in (0, 1)
    return out / "out"


def _rows(folder: Path, name: str) -> list[dict[str, str]]:
    skip = COMPARED[name] or set()
    return [{k: v for k, v in row.items() if k not in skip} for row in read_csv(folder / name)]


@pytest.mark.parametrize(("name", "shipped"), CASES)
def test_a_drafted_rubric_reads_its_report_to_the_same_figures(tmp_path: Path, name: str, shipped: str) -> None:
    draft = tmp_path / "draft.toml"
    assert main(["rubric", "draft", str(SAMPLES / name), "-o", str(draft)]) == 0
    with_draft = _extract(SAMPLES / name, tmp_path / "draft", "--rubric", str(draft))
    with_shipped = _extract(SAMPLES / name, tmp_path / "shipped")
    for csv_name in COMPARED:
        assert _rows(with_draft, csv_name) == _rows(with_shipped, csv_name), csv_name
    truth = tmp_path / "truth"
    truth.mkdir()
    shutil.copy(TRUTH / f"{name}.json", truth)
    assert evaluate(with_draft, truth).overall.perfect
    # The draft's structure is the shipped rubric's: numbers, names, maxima, indicators, grades.
    drafted, official = load_rubric(draft), load_rubric(RUBRICS_DIR / shipped)
    assert [(d.no, d.name, d.max_points) for d in drafted.dimensions] == [
        (d.no, d.name, d.max_points) for d in official.dimensions]
    assert [(i.no, i.name, i.max_points) for i in drafted.items] == [
        (i.no, i.name, i.max_points) for i in official.items]
    assert [[(x.no, len(x.subs)) for x in i.indicators] for i in drafted.items] == [
        [(x.no, len(x.subs)) for x in i.indicators] for i in official.items]
    assert drafted.grades == official.grades and drafted.total == official.total
    assert drafted.roc_years == (int(name[:3]),)


def test_a_report_without_a_grade_legend_gets_the_default_bands_and_says_so(tmp_path: Path) -> None:
    import docx

    printed = draft_rubric(SAMPLES / "112_keelung_testrubric.docx")
    assert printed.grades_printed
    document = docx.Document(str(SAMPLES / "112_keelung_testrubric.docx"))
    legend = [p for p in document.paragraphs if p.text.startswith("優=")]
    assert len(legend) == 1
    legend[0]._element.getparent().remove(legend[0]._element)
    document.save(str(tmp_path / "no_legend.docx"))
    draft = draft_rubric(tmp_path / "no_legend.docx")
    assert not draft.grades_printed and draft.grades == load_rubric().grades
    assert "these bands are the default rubric's" in draft_toml(draft)


def test_an_item_printed_twice_is_drafted_once() -> None:
    draft = draft_rubric(SAMPLES / "111_keelung_bigtable.docx")  # 2.2 printed again with another score
    # Names as the report prints them (this one writes 與 for the rubric's 及).
    assert [[i.name for i in d.items] for d in draft.dimensions][1] == ["服務便捷性", "服務可近性", "服務成長與優化"]
    assert [len(i.indicators) for i in draft.dimensions[1].items] == [4, 3, 2]


def test_a_file_that_prints_no_rubric_is_refused_with_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(DraftError, match="no rubric table"):
        draft_rubric(SAMPLES.parent / "bad" / "not_a_report.docx")
    out = tmp_path / "draft.toml"
    assert main(["rubric", "draft", str(tmp_path / "none.docx"), "-o", str(out)]) != 0
    assert not out.exists()


# --- the report is read as extract reads a file: in a worker, under its limits ---------------

BAD = SAMPLES.parent / "bad"


def _refused(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, str]:
    """Run ``argv``: its exit code and the one line on stderr (no traceback, nothing on stdout)."""
    code = main(["--lang", "en", *argv])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kaohe: "), captured.err
    return code, lines[0].removeprefix("kaohe: ")


@pytest.mark.parametrize(("name", "sentence"), [
    ("truncated.pdf", "damaged PDF: the file ends too early (it may be truncated)"),
    ("deeply_nested.pdf", "damaged PDF: its objects are nested too deeply to read (page 1)"),
    ("zip_bomb.docx", "unsafe Word document: part word/document.xml would inflate from"),
    ("empty.pdf", "file is empty"),
    ("encrypted_user_password.pdf", "encrypted PDF: a password is needed"),
])
def test_a_damaged_or_hostile_report_is_one_sentence_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, sentence: str
) -> None:
    """The sentence extract's row gives the file, after its name."""
    out = tmp_path / "draft.toml"
    code, said = _refused(capsys, ["rubric", "draft", str(BAD / name), "-o", str(out)])
    assert code == 2 and said.startswith(f"{name}: {sentence}"), said
    assert not out.exists()


def _slow_draft(path: Path) -> None:
    """A read that never ends (pickled by name into the worker)."""
    time.sleep(600)


def _greedy_draft(path: Path) -> None:
    """A read that wants 16 GiB."""
    bytearray(16 << 30)


def test_the_time_limit_stops_a_read_that_does_not_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.rubric_draft

    monkeypatch.setattr(pipeline.rubric_draft, "draft_rubric", _slow_draft)
    out = tmp_path / "draft.toml"
    started = time.monotonic()
    code, said = _refused(capsys, ["rubric", "draft", str(SAMPLES / "110_keelung.docx"), "-o", str(out),
                                   "--timeout", "0.5"])
    assert time.monotonic() - started < 15, "stopped at its limit, not at the read's end"
    assert code == 2 and not out.exists()
    assert said == "110_keelung.docx: reading it took longer than the 0.5 s time limit (--timeout): stopped"


def test_a_tiny_time_limit_stops_the_real_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "draft.toml"
    code, said = _refused(capsys, ["rubric", "draft", str(SAMPLES / "110_keelung.docx"), "-o", str(out),
                                   "--timeout", "0.01"])
    assert code == 2 and not out.exists()
    assert said == "110_keelung.docx: reading it took longer than the 0.01 s time limit (--timeout): stopped"


def test_the_memory_limit_stops_a_read_that_wants_too_much(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import pipeline.rubric_draft

    monkeypatch.setattr(pipeline.rubric_draft, "draft_rubric", _greedy_draft)
    out = tmp_path / "draft.toml"
    code, said = _refused(capsys, ["rubric", "draft", str(SAMPLES / "110_keelung.docx"), "-o", str(out),
                                   "--max-memory", "4G"])  # above the address space pytest's fork starts with
    assert code == 2 and not out.exists()
    assert said == "110_keelung.docx: reading it needed more than the 4 GiB memory limit (--max-memory): stopped"


def test_limits_that_cannot_work_are_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = str(SAMPLES / "110_keelung.docx")
    code, said = _refused(capsys, ["rubric", "draft", report, "-o", str(tmp_path / "d.toml"), "--timeout", "0"])
    assert (code, said) == (3, "--timeout: a number of seconds above 0 is needed, not 0.0")
    code, said = _refused(capsys, ["rubric", "draft", report, "-o", str(tmp_path / "d.toml"), "--max-memory", "1M"])
    assert (code, said) == (3, "--max-memory: 1M is too little memory to read anything: use 64M or more, or 0")
