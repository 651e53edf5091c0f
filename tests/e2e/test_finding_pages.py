"""Every finding on a PDF sample cites the page where its figure is printed.

The page's text is read here with pypdfium2 (not the reader kaohe uses for tables), its key
folded (full-width, radicals, spaces) and digit-group commas dropped; the finding's printed
figure — the quoted words of a narrative finding, else its claimed figure — must stand on the
page the finding names.
"""

from __future__ import annotations

from functools import cache

import pypdfium2
import regex

from pipeline.text import key
from tests.conftest import SAMPLES, Output

_QUOTE = regex.compile(r"「(?P<q>[^」]+)」")


@cache
def _page_text(name: str, page: int) -> str:
    pdf = pypdfium2.PdfDocument(SAMPLES / name)
    try:
        text = pdf[page - 1].get_textpage().get_text_range()
    finally:
        pdf.close()
    return key(text).replace(",", "")


def _figure(finding: dict[str, str]) -> str:
    quoted = _QUOTE.search(finding["message"])
    if finding["check"] == "arithmetic_mismatch" and quoted:
        return key(quoted.group("q")).replace(",", "")
    return finding["claimed"]


def test_every_finding_cites_the_page_its_figure_is_printed_on(sample_output: Output) -> None:
    files = {r["report_id"]: r["source_file"] for r in sample_output.rows("reports.csv") if r["format"] == "pdf"}
    checked, wrong = 0, []
    for f in sample_output.rows("findings.csv"):
        name = files.get(f["report_id"])
        figure = _figure(f)
        if name is None or not figure:
            continue
        assert f["page"], f"{name}: {f['check']} {figure} cites no page"
        checked += 1
        if figure not in _page_text(name, int(f["page"])):
            wrong.append(f"{name}: {f['check']} {figure} is not printed on page {f['page']}")
    assert not wrong, "\n".join(wrong)
    assert checked >= 15  # the samples' findings with a printed figure, not a test over nothing


def test_a_narrative_finding_has_its_evidence_picture() -> None:
    """The seed's 847,600件 (its parts add up to 847,602) is printed on page 12 of 110_keelung.pdf."""
    from pipeline.options import ReadContext
    from pipeline.rubric import load_rubric
    from pipeline.run import process_file
    from pipeline.write.html import render_html

    rubric = load_rubric()
    result = process_file(SAMPLES / "110_keelung.pdf", SAMPLES, ReadContext(rubric))
    (finding,) = [f for f in result.findings if f.check == "arithmetic_mismatch"]
    assert finding.page == 12 and finding.evidence is not None and finding.evidence.bbox is not None
    page = render_html([result], rubric, SAMPLES)
    row = page[page.index("arithmetic_mismatch") :]
    row = row[: row.index("</tr>")]
    assert '<img src="data:image/png;base64,' in row
