"""Nothing outside INPUT is read: symbolic links are not followed out of it, and every entry
under it (links to folders, loops, broken links, named pipes) still gets a row with a sentence.

    in/
      sub/report.docx          a report: read
      sub/up -> ..             a folder link to its own parent: a loop
      passwd.docx -> /etc/passwd
      outside.docx -> ../elsewhere/other.docx   a real report, outside INPUT
      outdir -> ../elsewhere   a folder outside INPUT
      again -> sub             a folder inside INPUT
      alias.docx -> sub/report.docx
      hidden.docx -> .h/h.docx a hidden file inside INPUT, not listed by itself
      a.docx -> b, b -> a.docx a chain of links in a circle
      broken.pdf -> nowhere.pdf
      pipe.pdf                 a named pipe: opening it would block for ever
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.conftest import SAMPLES, read_csv

LINK_OUT = "symbolic link out of the input folder: not read"
LOOP = "symbolic link in a loop (the links lead back to themselves): not read"

#: source_file -> (status, error, report_id read?)
EXPECTED = {
    "sub/report.docx": ("ok", "", True),
    "sub/up": ("skipped", "symbolic link to a folder that holds it (a loop): not followed", False),
    "passwd.docx": ("skipped", LINK_OUT, False),
    "outside.docx": ("skipped", LINK_OUT, False),
    "outdir": ("skipped", LINK_OUT, False),
    "again": (
        "skipped", "symbolic link to the folder sub inside the input folder: not followed, so no file is read twice",
        False,
    ),
    "alias.docx": ("skipped", "symbolic link to sub/report.docx, which is read under its own name", False),
    "hidden.docx": ("ok", "", True),
    "a.docx": ("skipped", LOOP, False),
    "b": ("skipped", LOOP, False),
    "broken.pdf": ("skipped", "broken symbolic link: what it points to does not exist: not read", False),
    "pipe.pdf": ("skipped", "not a regular file (a named pipe): not read", False),
}


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    base = tmp_path_factory.mktemp("links")
    inbox, elsewhere = base / "in", base / "elsewhere"
    (inbox / "sub").mkdir(parents=True)
    (inbox / ".h").mkdir()
    elsewhere.mkdir()
    shutil.copy(SAMPLES / "110_keelung.docx", inbox / "sub" / "report.docx")
    shutil.copy(SAMPLES / "110_hsinchu.docx", inbox / ".h" / "h.docx")
    shutil.copy(SAMPLES / "111_kaohsiung.docx", elsewhere / "other.docx")
    links = {
        "sub/up": "..", "passwd.docx": "/etc/passwd", "outside.docx": str(elsewhere / "other.docx"),
        "outdir": "../elsewhere", "again": "sub", "alias.docx": "sub/report.docx", "hidden.docx": ".h/h.docx",
        "a.docx": "b", "b": "a.docx", "broken.pdf": "nowhere.pdf",
    }
    for name, target in links.items():
        (inbox / name).symlink_to(target)
    os.mkfifo(inbox / "pipe.pdf")
    out = base / "out"
    code = main(["extract", "--lang", "en", str(inbox), "-o", str(out), "--quiet", "--timeout", "20"])
    return out, code


def test_every_entry_has_its_row_and_sentence(linked: tuple[Path, int]) -> None:
    out, code = linked
    rows = {r["source_file"]: r for r in read_csv(out / "reports.csv")}
    assert set(rows) == set(EXPECTED), "every entry under INPUT, links and pipes included, has a row"
    for name, (status, error, read) in EXPECTED.items():
        assert (rows[name]["status"], rows[name]["error"]) == (status, error), name
        assert bool(rows[name]["report_id"]) == read, f"{name}: a file not read has no report_id"
    assert code == 0, "links not read are skipped, not failures"


def test_nothing_outside_input_reaches_the_output(linked: tuple[Path, int]) -> None:
    out, _ = linked
    other = {r["report_id"] for r in read_csv(out / "reports.csv") if r["source_file"] == "outside.docx"}
    assert other == {""}
    scores = read_csv(out / "scores.csv")
    read = {r["report_id"] for r in read_csv(out / "reports.csv") if r["report_id"]}
    assert {r["report_id"] for r in scores} == read, "scores only for the two files read inside INPUT"
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".csv", ".json", ".html", ".log"):
            assert "root:x:0:0" not in path.read_text(encoding="utf-8", errors="replace"), path.name
