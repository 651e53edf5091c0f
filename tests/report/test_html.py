"""report.html without a browser: escaping, self-containment, evidence for findings."""

from __future__ import annotations

import base64
import html
import io
import re
from pathlib import Path

import pytest
from PIL import Image

from pipeline.options import ReadContext
from pipeline.results import ReportResult
from pipeline.rubric import load_rubric
from pipeline.run import process_file
from pipeline.text import number
from pipeline.write.evidence import render_shots
from pipeline.write.html import render_html
from pipeline.write.locate import finding_evidence
from pipeline.write.shots import Wanted
from tests.conftest import SAMPLES, Output
from tests.report.hostile import FORMULA, IMAGE, SCRIPT, hostile_results

RUBRIC = load_rubric()


@pytest.fixture(scope="module")
def taichung() -> ReportResult:
    """110_taichung.pdf read once: its 小計 of dimension 2 is printed as 275, the items add up to 273."""
    return process_file(SAMPLES / "110_taichung.pdf", SAMPLES, ReadContext(RUBRIC))


def test_document_text_is_escaped_never_markup() -> None:
    page = render_html(hostile_results(), RUBRIC, None)
    assert SCRIPT not in page and IMAGE not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=" in page
    assert "=HYPERLINK(" in page  # shown as the text it is
    # kaohe's own script is the only <script> element.
    assert page.count("<script>") == 1


def test_the_page_loads_nothing_from_the_network(sample_output: Output) -> None:
    page = (sample_output.folder / "report.html").read_text(encoding="utf-8")
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.IGNORECASE)
    assert "@import" not in page and "url(" not in page
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert policy is not None
    rules = html.unescape(policy.group(1))
    assert "default-src 'none'" in rules and "img-src data:" in rules and "'unsafe-inline'" not in rules


def test_every_sample_and_finding_is_in_the_page(sample_output: Output) -> None:
    page = (sample_output.folder / "report.html").read_text(encoding="utf-8")
    for row in sample_output.rows("reports.csv"):
        assert row["source_file"] in page
    findings = sample_output.rows("findings.csv")
    assert page.count('<tr id="r') >= len(findings)
    assert page.count('class="finding ') == len(findings)


def test_the_page_stays_small(sample_output: Output) -> None:
    size = (sample_output.folder / "report.html").stat().st_size
    assert size < 3_000_000, f"report.html is {size} bytes"


def test_each_check_points_at_the_figure_it_is_about(taichung: ReportResult) -> None:
    result = taichung
    x = result.extraction
    assert x is not None
    located = {(f.check, f.dimension_no): finding_evidence(f, x) for f in result.findings}
    assert located["subtotal_mismatch", "2"] == x.subtotals["2"].evidence
    assert located["summary_mismatch", "4"] == x.summary["4"].evidence
    assert x.total is not None and located["total_mismatch", ""] == x.total.evidence
    assert x.grade is not None and located["grade_mismatch", ""] == x.grade.evidence


def test_pdf_evidence_is_a_small_picture_with_the_figure_outlined(taichung: ReportResult) -> None:
    x = taichung.extraction
    assert x is not None
    wanted = {"subtotal": Wanted(x.subtotals["2"].evidence, "275")}
    wanted |= {no: Wanted(row.evidence, number(row.score or 0)) for no, row in x.items().items()}
    shots = render_shots(SAMPLES / "110_taichung.pdf", wanted)
    shot = shots["subtotal"]
    assert shot.page == 8 and shot.image.startswith("data:image/png;base64,")
    picture = Image.open(io.BytesIO(base64.b64decode(shot.image.split(",", 1)[1]))).convert("RGB")
    assert (picture.width, picture.height) == (shot.width, shot.height)
    assert picture.width < 400 and picture.height < 200, "a crop, not the page"
    colours = picture.getcolors(maxcolors=1 << 20) or []
    reds = sum(count for count, (r, g, b) in colours if r > 180 and g < 60 and b < 60)
    assert reds > 20, "the figure is outlined in red"
    assert all(s.image and s.height < 300 for s in shots.values()), "tall cells are cut to the figure"


def test_word_and_odt_evidence_is_the_cell_text(tmp_path: Path) -> None:
    page = render_html(hostile_results(), RUBRIC, tmp_path)
    assert 'class="cell-text"' in page and "data:image/png" not in page


def test_a_file_that_cannot_be_rendered_keeps_the_text(tmp_path: Path, taichung: ReportResult) -> None:
    result = taichung
    assert result.extraction is not None
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    shots = render_shots(broken, {"t": Wanted(result.extraction.subtotals["2"].evidence, "275")})
    assert shots["t"].image == "" and "275" in shots["t"].text


def test_an_encrypted_pdf_is_rendered_with_the_password_and_says_so_without_it(taichung: ReportResult) -> None:
    """samples/bad/encrypted_user_password.pdf is 110_taichung.pdf behind the password user-secret."""
    x = taichung.extraction
    assert x is not None
    encrypted = SAMPLES.parent / "bad" / "encrypted_user_password.pdf"
    wanted = {"t": Wanted(x.subtotals["2"].evidence, "275")}
    assert render_shots(encrypted, wanted, "user-secret")["t"].image.startswith("data:image/png;base64,")
    for password in (None, "not-it"):
        shot = render_shots(encrypted, wanted, password)["t"]
        assert shot.image == "" and "275" in shot.text
        assert shot.reason == "the file is encrypted and this run was given no password that opens it (--password)"


def test_formula_text_stays_text_in_the_page() -> None:
    assert FORMULA.replace('"', "&#34;") in render_html(hostile_results(), RUBRIC, None)
