"""Control characters in file and part names reach no terminal, sentence or cell raw.

A name like ``bad\\n\\x1b[31m.pdf`` would split the summary line in two and turn the terminal
red; in reports.csv it would start a new line for a reader that does not honour the quoting.
Everywhere it is shown, it is shown as ``bad\\\\n\\\\x1b[31m.pdf``: the escape, visible.
"""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.escape import visible
from tests.conftest import SAMPLES, read_csv

BAD_NAME = "bad\n\x1b[31m.pdf"
REPORT_NAME = "a\nb\x1b[31m\u202e.docx"
PART = "word/\x1b]8;;http://x/\x07link\r.xml"
RAW = ("\x1b", "\x07", "\u202e")


def _inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / BAD_NAME).write_text("not a PDF at all", encoding="utf-8")
    shutil.copy(SAMPLES / "110_keelung.docx", inbox / REPORT_NAME)
    shutil.copy(SAMPLES / "110_keelung.docx", inbox / "z_copy.docx")  # "duplicate of <the name above>"
    with zipfile.ZipFile(SAMPLES / "110_hsinchu.docx") as src, zipfile.ZipFile(inbox / "part.docx", "w") as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
        dst.writestr(PART, "<?xml version='1.0'?><!DOCTYPE x [<!ENTITY e 'x'>]><x>&e;</x>")
    return inbox


@pytest.fixture()
def run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    out = tmp_path / "out"
    code = main(["extract", "--lang", "en", str(_inbox(tmp_path)), "-o", str(out)])
    assert code == 2
    return out, capsys.readouterr().out


def test_visible_escapes_controls_and_keeps_text() -> None:
    assert visible("a\nb\x1b[31m.docx") == "a\\nb\\x1b[31m.docx"
    assert visible("名稱　有 空格\t\r\x00\x7f\x85\u2028\u202e\ufeff") == (
        "名稱　有 空格\\t\\r\\x00\\x7f\\x85\\u2028\\u202e\\ufeff"
    )
    assert visible(visible("x\ny")) == "x\\ny", "escaping twice changes nothing"


def test_the_terminal_summary_shows_names_escaped(run: tuple[Path, str]) -> None:
    _, printed = run
    assert not any(c in printed for c in RAW), printed
    lines = printed.splitlines()
    assert all(line.startswith(("kaohe:", "  ")) for line in lines), "no name starts a line of its own"
    assert "  failed: bad\\n\\x1b[31m.pdf: not a PDF although named .pdf" in lines
    assert any(line.startswith("  failed: part.docx: unsafe Word document: part word/\\x1b]8;;") for line in lines)


def test_reports_csv_and_run_json_hold_the_visible_escape(run: tuple[Path, str]) -> None:
    out, _ = run
    text = (out / "reports.csv").read_bytes().decode("utf-8-sig")
    assert not any(c in text for c in RAW)
    assert text.count("\n") == text.count("\r\n") == 5, "one line per row: no newline inside a cell"
    rows = {r["source_file"]: r for r in read_csv(out / "reports.csv")}
    assert set(rows) == {visible(BAD_NAME), visible(REPORT_NAME), "z_copy.docx", "part.docx"}
    assert rows["z_copy.docx"]["error"] == "duplicate of a\\nb\\x1b[31m\\u202e.docx"
    assert "part word/\\x1b]8;;http://x/\\x07link\\r.xml declares a DOCTYPE" in rows["part.docx"]["error"]
    files = {f["source_file"]: f for f in json.loads((out / "run.json").read_text(encoding="utf-8"))["files"]}
    assert set(files) == set(rows), "run.json names the files as reports.csv does"
    assert files["z_copy.docx"]["error"] == rows["z_copy.docx"]["error"]
    assert not any(c in json.dumps(files, ensure_ascii=False) for c in RAW)
