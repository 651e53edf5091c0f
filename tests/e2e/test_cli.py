"""The console command as a person runs it: help, bad usage, a mixed folder, determinism."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import SAMPLES, Output, read_csv

# The contract's columns, written out here so that a change in the writer cannot go unnoticed.
CONTRACT = {
    "reports.csv": "report_id source_file format status error organization unit roc_year year pages "
    "claimed_total recomputed_total claimed_grade recomputed_grade findings",
    "scores.csv": "report_id dimension_no dimension item_no item max_points claimed_score match_score source_text page "
    "read_from review",
    "dimensions.csv": "report_id dimension_no dimension max_points claimed_subtotal claimed_summary "
    "recomputed_subtotal",
    "indicators.csv": "report_id dimension_no item_no indicator_no sub_indicator_no indicator units result "
    "match_score page",
    "metrics.csv": "report_id dimension_no item_no indicator_no label value unit qualifier roc_year raw page",
    "findings.csv": "report_id check severity dimension_no item_no claimed expected message page",
}


def test_help_runs_as_a_console_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pipeline.cli", "extract", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "INPUT" in done.stdout.upper() and "--output" in done.stdout


def test_bad_usage_exits_3(tmp_path: Path) -> None:
    assert main(["extract", "--lang", "en", str(tmp_path / "nowhere"), "-o", str(tmp_path / "out")]) == 3
    assert main(["frobnicate"]) == 3


@pytest.mark.parametrize(
    ("option", "sentence"),
    [
        (["--workers", "0"], "kaohe: --workers: a whole number of 1 or more is needed, not 0"),
        (["--timeout", "inf"], "kaohe: --timeout: a number of seconds above 0 is needed, not inf"),
        (["--max-memory", "10M"],
         "kaohe: --max-memory: 10M is too little memory to read anything: use 64M or more, or 0"),
        (["--executor", "dask"], "kaohe: --executor dask needs --scheduler ADDRESS (e.g. tcp://HOST:8786)"),
        (["--scheduler", "tcp://127.0.0.1:1"], "kaohe: --scheduler is for --executor dask"),
        (["--rubric", "."], "kaohe: rubric file is a folder, not a file: ."),
        (["--rubric", "nowhere.toml"], "kaohe: rubric file not found: nowhere.toml"),
    ],
)
def test_a_bad_option_exits_3_with_its_sentence_and_reads_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str], sentence: str
) -> None:
    out = tmp_path / "out"
    assert main(["extract", "--lang", "en", str(SAMPLES), "-o", str(out), *option]) == 3
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [sentence] and captured.out == ""
    assert not out.exists(), "refused before the output folder is made"


@pytest.mark.parametrize(
    ("option", "sentence"),
    [(["--workers", "two"], "a whole number of 1 or more is needed, not 'two'"),
     (["--max-memory", "lots"], "a size such as 512M or 2G is needed, not 'lots'")],
)
def test_an_option_that_is_not_a_number_exits_3_with_its_sentence(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: list[str], sentence: str
) -> None:
    assert main(["extract", "--lang", "en", str(SAMPLES), "-o", str(tmp_path / "out"), *option]) == 3
    assert f"error: argument {option[0]}: {sentence}" in capsys.readouterr().err


def test_every_output_file_has_the_contract_columns_and_a_bom(sample_output: Output) -> None:
    for name, columns in CONTRACT.items():
        raw = (sample_output.folder / name).read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), f"{name}: no byte-order mark"
        header = raw.decode("utf-8-sig").split("\r\n", 1)[0]
        assert header.split(",") == columns.split(), f"{name}: columns differ from the contract"


def test_scores_has_a_row_for_every_item_of_every_read_report(sample_output: Output) -> None:
    reports = [r for r in sample_output.rows("reports.csv") if r["status"] in {"ok", "partial"}]
    read = {r["report_id"] for r in reports}
    scores = sample_output.rows("scores.csv")
    assert {r["report_id"] for r in scores} == read
    # 11 items in the 110 rubric (110, 111), 12 in the 112 test rubric (112, and 113 after it).
    assert len(scores) == sum(12 if int(r["roc_year"]) >= 112 else 11 for r in reports)
    dims = sample_output.rows("dimensions.csv")
    assert len(dims) == 5 * len(read)


def test_a_mixed_folder_accounts_for_every_file(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    (inbox / "子資料夾").mkdir(parents=True)
    shutil.copy(SAMPLES / "110_keelung.docx", inbox / "子資料夾" / "基隆 110.docx")
    (inbox / "empty.pdf").write_bytes(b"")
    (inbox / "notes.txt").write_text("not a report", encoding="utf-8")
    (inbox / "fake.docx").write_text("plain text, not a Word file", encoding="utf-8")
    (inbox / "truncated.pdf").write_bytes((SAMPLES / "110_keelung.pdf").read_bytes()[:3000])
    # a DOCX named .pdf (another report: a byte-for-byte copy would be skipped as a duplicate)
    (inbox / "letter.pdf").write_bytes((SAMPLES / "110_taichung.docx").read_bytes())
    out = tmp_path / "out"
    code = main(["extract", "--lang", "en", str(inbox), "-o", str(out), "--quiet"])
    assert code == 2, "some files failed"
    rows = {r["source_file"]: r for r in read_csv(out / "reports.csv")}
    assert set(rows) == {"子資料夾/基隆 110.docx", "empty.pdf", "notes.txt", "fake.docx", "truncated.pdf", "letter.pdf"}
    assert rows["子資料夾/基隆 110.docx"]["status"] == "ok"
    assert (rows["empty.pdf"]["status"], rows["empty.pdf"]["error"]) == ("failed", "file is empty")
    assert rows["notes.txt"]["status"] == "skipped"
    assert (rows["fake.docx"]["status"], rows["fake.docx"]["error"]) == (
        "failed", "not a Word document although named .docx",
    )
    assert rows["truncated.pdf"]["status"] == "failed" and rows["truncated.pdf"]["error"]
    assert "Traceback" not in rows["truncated.pdf"]["error"]
    assert (rows["letter.pdf"]["format"], rows["letter.pdf"]["status"]) == ("docx", "ok")


def test_a_rerun_gives_byte_identical_files(tmp_path: Path, sample_output: Output) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    shutil.copy(SAMPLES / "110_taichung.docx", inbox)
    first, second = tmp_path / "a", tmp_path / "b"
    main(["extract", "--lang", "en", str(inbox), "-o", str(first), "--quiet"])
    main(["extract", "--lang", "en", str(inbox), "-o", str(second), "--quiet"])
    for name in CONTRACT:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_every_score_found_was_read_from_the_text_and_only_an_unread_one_asks_for_review(
    sample_output: Output,
) -> None:
    scores = sample_output.rows("scores.csv")
    assert {(r["read_from"], bool(r["claimed_score"])) for r in scores} == {("text", True), ("", False)}
    assert {r["review"] for r in scores if r["claimed_score"]} == {""}
    unread = {(r["item_no"], r["review"]) for r in scores if r["review"]}
    assert unread == {("4.2", "row found, score unreadable")}, "110_hualien_drawn.pdf prints 4.2 with an empty 得分"
