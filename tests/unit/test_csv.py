"""The contract's CSV details (pipeline.write.csv): BOM, quoting, order, formula guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.statuses import Severity, Status
from pipeline.write.csv import cell, write_csv


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=SUM(A1:A3)", "'=SUM(A1:A3)"),
        ("+886 2 1234", "'+886 2 1234"),
        ("-x", "'-x"),
        ("@cmd", "'@cmd"),
        ("\tindent", "'\tindent"),
        ("\rline", "'\rline"),
        ("-12.50", "-12.50"),
        ("-3", "-3"),
        ("基隆分局", "基隆分局"),
        (85.0, "85"),
        (84.6, "84.6"),
        (None, ""),
    ],
)
def test_cell_guard(value: str | float | None, written: str) -> None:
    assert cell(value) == written


def test_write_csv_bom_crlf_and_quoting(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    write_csv(path, ("a", "b"), [("含,逗號", 'say "hi"'), ("line\nbreak", 3.0)])
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig") == 'a,b\r\n"含,逗號","say ""hi"""\r\n"line\nbreak",3\r\n'
    assert [p.name for p in tmp_path.iterdir()] == ["x.csv"], "no temporary file is left behind"


def test_statuses_and_severities_are_written_as_their_plain_words() -> None:
    assert [cell(s) for s in Status] == ["ok", "partial", "failed", "skipped"]
    assert [cell(s) for s in Severity] == ["error", "warning"]
    assert all(type(cell(s)) is str for s in (*Status, *Severity))


def test_a_row_of_another_width_than_the_header_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="2 cells under 3 columns"):
        write_csv(tmp_path / "x.csv", ("a", "b", "c"), [("1", "2")])
    assert not (tmp_path / "x.csv").exists()
