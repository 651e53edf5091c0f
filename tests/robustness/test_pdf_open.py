"""parsers.pdf_open on PDFs mangled here: regressions found by the fuzz test, the xref repair."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from parsers import pdf as pdf_parser
from parsers.pdf_open import _without_xref
from pipeline.errors import DamagedFileError
from tests.robustness.conftest import BAD

SEED = BAD / "fuzz_seeds" / "report_page1_compressed.pdf"


def test_an_xref_stream_claiming_a_billion_objects_is_refused_at_once(tmp_path: Path) -> None:
    # found by the fuzz test (seed 2): no page tree left, pdfminer looked up 999,999,999 objects
    data = SEED.read_bytes().replace(b"/W [ 1 2 1 ]", b"/W [ 999999999 2 1 ]").replace(b"/Size 10", b"/Size 999999999")
    path = tmp_path / "huge.pdf"
    path.write_bytes(data)
    started = time.perf_counter()
    with pytest.raises(DamagedFileError, match="its cross-reference table lists more objects than the file holds"):
        pdf_parser.parse(path)
    assert time.perf_counter() - started < 5


def test_a_broken_table_is_rebuilt_by_pointing_startxref_nowhere() -> None:
    data = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\nstartxref\n12345\n%%EOF\n"
    assert _without_xref(data) == data.replace(b"12345", b"00000")
    assert _without_xref(b"%PDF-1.4 no startxref at all") == b"%PDF-1.4 no startxref at all"
