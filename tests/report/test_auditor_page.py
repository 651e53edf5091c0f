"""report.html as an auditor uses it, in both languages, in Chromium: filter, enlarge a picture,
follow a page link into the source PDF, print one report per page.

The zh-TW page is the samples' run (``sample_output``, the default language); the English one a
run with ``--lang en`` over a few of them. Screenshots go under the test's tmp folder (and, when
KAOHE_SCREENSHOTS names a folder, are copied there to be looked at).
"""

from __future__ import annotations

import base64
import io
import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlparse

import pdfplumber
import pytest

from pipeline.cli import main
from tests.conftest import ROOT, SAMPLES, Output
from tests.report.test_browser import _errors, _open, browser  # noqa: F401  (the fixture)
from tests.unit.test_i18n import english_left, english_words

BY_CSS = "css selector"
RUBRICS = ROOT / "pipeline" / "rubrics"


def _shot(driver: Any, folder: Path, name: str) -> Path:
    path = folder / f"{name}.png"
    driver.save_screenshot(str(path))
    copies = os.environ.get("KAOHE_SCREENSHOTS")
    if copies:
        Path(copies).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(copies) / path.name)
    return path


class _VisibleText(HTMLParser):
    """What a person reads on the page: text outside script and style, and the words of titles,
    alternative texts and placeholders."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"script", "style"}:
            self._hidden += 1
        self.parts += [v for k, v in attrs if k in {"title", "alt", "placeholder", "aria-label"} and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible_text(page: Path) -> str:
    parser = _VisibleText()
    parser.feed(page.read_text(encoding="utf-8"))
    return "\n".join(parser.parts)


@pytest.fixture(scope="module")
def english_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    inbox = tmp_path_factory.mktemp("inbox-en")
    for name in ("110_taichung.pdf", "110_keelung.pdf", "110_hsinchu_scorecol.odt", "111_kaohsiung_typos.odt"):
        shutil.copy(SAMPLES / name, inbox / name)
    (inbox / "empty.pdf").write_bytes(b"")
    out = tmp_path_factory.mktemp("output-en")
    assert main(["extract", str(inbox), "-o", str(out), "--quiet", "--lang", "en", "--workers", "2"]) == 2
    return out


def _rubric_names() -> list[str]:
    """The rubric files' own names: data, in whatever language their authors wrote them."""
    import tomllib

    return [tomllib.loads(p.read_text(encoding="utf-8")).get("name", "") for p in RUBRICS.glob("*.toml")]


def test_the_zh_tw_page_leaves_no_english_sentence(sample_output: Output) -> None:
    text = visible_text(sample_output.folder / "report.html")
    for name in filter(None, _rubric_names()):
        text = text.replace(name, "")
    assert "總覽" in text and "評核構面" in text and "查核發現" in text
    assert english_left(text, english_words()) == []
    messages = [row["message"] for row in sample_output.rows("findings.csv")]
    assert messages and not [m for m in messages if english_left(m, english_words())]
    assert any("評核項目" in m for m in messages)
    errors = [row["error"] for row in sample_output.rows("reports.csv") if row["error"]]  # written in the workers
    assert errors and not [e for e in errors if english_left(e, english_words())]


def test_the_english_page_is_todays_english(english_output: Path) -> None:
    text = visible_text(english_output / "report.html")
    assert "Overview" in text and "Findings" in text
    assert not re.search(r"[總覽查核發現]{2}", text.replace("查核", ""))  # no zh-TW word of ours
    rows = {r["source_file"]: r for r in _rows(english_output / "reports.csv")}
    assert rows["empty.pdf"]["error"] == "file is empty"
    assert any(m["message"].startswith("The ") for m in _rows(english_output / "findings.csv"))


def _rows(path: Path) -> list[dict[str, str]]:
    import csv

    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def _visible_rows(driver: Any) -> list[Any]:
    return [r for r in driver.find_elements(BY_CSS, "#overview-table tbody tr") if r.is_displayed()]


def test_filters_fold_and_enlarge_in_zh_tw(browser: Any, sample_output: Output, tmp_path: Path) -> None:  # noqa: F811
    from selenium.webdriver.support.ui import Select

    _open(browser, sample_output.folder / "report.html")
    total = len(_visible_rows(browser))
    reports = browser.find_elements(BY_CSS, "details.report")
    assert len(reports) == total > 3
    assert not any(r.get_attribute("open") for r in reports), "many reports: folded, the overview first"
    _shot(browser, tmp_path, "zh-overview")

    Select(browser.find_element(BY_CSS, "#unit-filter")).select_by_visible_text("基隆分局")
    kept = _visible_rows(browser)
    assert 0 < len(kept) < total and all(r.get_attribute("data-unit") == "基隆分局" for r in kept)
    shown = [r for r in reports if r.is_displayed()]
    assert {r.get_attribute("id") for r in shown} == {r.get_attribute("data-report") for r in kept}
    assert browser.find_element(BY_CSS, "#shown").text == f"顯示 {len(kept)} / {total} 份報告"
    Select(browser.find_element(BY_CSS, "#year-filter")).select_by_visible_text("111")
    assert all(r.get_attribute("data-year") == "111" for r in _visible_rows(browser))
    _shot(browser, tmp_path, "zh-filter-unit-year")
    Select(browser.find_element(BY_CSS, "#unit-filter")).select_by_index(0)
    Select(browser.find_element(BY_CSS, "#year-filter")).select_by_index(0)
    browser.find_element(BY_CSS, "#review-only").click()
    review = _visible_rows(browser)
    assert 0 < len(review) < total and all(r.get_attribute("data-review") == "1" for r in review)
    Select(browser.find_element(BY_CSS, "#status-filter")).select_by_value("partial")
    assert all(r.get_attribute("data-status") == "partial" for r in _visible_rows(browser))
    _shot(browser, tmp_path, "zh-filter-review-partial")
    browser.find_element(BY_CSS, "#review-only").click()
    Select(browser.find_element(BY_CSS, "#status-filter")).select_by_index(0)

    # A finding's count opens its folded report; its picture enlarges on a click, with its label.
    row = next(r for r in _visible_rows(browser) if r.find_element(BY_CSS, "td a").text == "110_taichung.pdf")
    row.find_element(BY_CSS, "td.findings-count a").click()
    section = browser.find_element(BY_CSS, "details.report[open]")
    figure = section.find_element(BY_CSS, "tr.finding figure.evidence")
    before = figure.find_element(BY_CSS, "img").size["width"]
    assert "評核構面" in figure.find_element(BY_CSS, "figcaption").text
    assert figure.find_element(BY_CSS, "img").get_attribute("alt") == figure.find_element(BY_CSS, "figcaption").text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", figure)
    figure.find_element(BY_CSS, "a.zoom").click()
    enlarged = figure.find_element(BY_CSS, "img").size["width"]
    window = browser.execute_script("return innerWidth")
    assert enlarged > 2 * before and enlarged > 0.8 * window
    _shot(browser, tmp_path, "zh-enlarged")
    figure.find_element(BY_CSS, "a.close").click()
    assert figure.find_element(BY_CSS, "img").size["width"] == before
    assert _errors(browser) == []


def test_a_page_link_opens_the_source_pdf_at_its_page(
    browser: Any, sample_output: Output, tmp_path: Path  # noqa: F811
) -> None:
    _open(browser, sample_output.folder / "report.html")
    browser.find_element(BY_CSS, "#unfold-all").click()
    link = browser.find_element(BY_CSS, 'details.report tr.finding a.page-link')
    href = link.get_attribute("href")
    target, page = urlparse(href), int(href.rpartition("#page=")[2])
    assert Path(unquote(target.path)).resolve().parent == SAMPLES.resolve()
    assert Path(unquote(target.path)).is_file() and page >= 1
    raw = link.get_attribute("outerHTML")
    relative = re.search(r'href="([^"]+)"', raw)
    assert relative and not relative[1].startswith(("file:", "/")), "relative to the page, not absolute"
    assert urljoin((sample_output.folder / "report.html").resolve().as_uri(), relative[1]) == href
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    _shot(browser, tmp_path, "zh-page-link")
    link.click()
    assert browser.current_url == href
    time.sleep(3)  # the browser's PDF viewer draws the page after the load: the screenshot shows it
    _shot(browser, tmp_path, "zh-page-link-followed")


def test_printed_one_report_per_page_nothing_cut(browser: Any, sample_output: Output) -> None:  # noqa: F811
    _open(browser, sample_output.folder / "report.html")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    # The printable width of A4 with the page's 12 mm margins: 186 mm, 703 CSS pixels.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": 703, "height": 1000, "deviceScaleFactor": 1, "mobile": False,
    })
    browser.execute_script("dispatchEvent(new Event('beforeprint'))")
    try:
        assert browser.execute_script("return document.documentElement.clientWidth") == 703
        assert browser.execute_script("return [...document.querySelectorAll('details.report')].every(d => d.open)")
        cut = browser.execute_script("""
            const page = document.documentElement.clientWidth;
            return [...document.querySelectorAll('table, figure, img, svg, p, h3')]
              .filter(e => e.getBoundingClientRect().right > page + 1).map(e => e.outerHTML.slice(0, 80));""")
        assert cut == [], "wider than the printed page"
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    from selenium.webdriver.common.print_page_options import PrintOptions

    options = PrintOptions()
    options.page_width, options.page_height = 21.0, 29.7
    pdf = base64.b64decode(browser.print_page(options))
    names = [r["source_file"] for r in sample_output.rows("reports.csv")]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        firsts = [(page.extract_text() or "").lstrip().split("\n", 1)[0] for page in doc.pages]
    starts = [name for name in names if any(first.startswith(name) for first in firsts)]
    assert sorted(starts) == sorted(names), "each report starts a printed page of its own"


def test_the_english_page_filters_and_enlarges(browser: Any, english_output: Path, tmp_path: Path) -> None:  # noqa: F811
    from selenium.webdriver.support.ui import Select

    _open(browser, english_output / "report.html")
    assert browser.find_element(BY_CSS, "h1").text.startswith("Audit report")
    Select(browser.find_element(BY_CSS, "#status-filter")).select_by_visible_text("failed")
    kept = _visible_rows(browser)
    assert [r.find_element(BY_CSS, "td a").text for r in kept] == ["empty.pdf"]
    assert "file is empty" in kept[0].text
    _shot(browser, tmp_path, "en-filter-failed")
    Select(browser.find_element(BY_CSS, "#status-filter")).select_by_index(0)
    browser.find_element(BY_CSS, "#unfold-all").click()
    figure = browser.find_element(BY_CSS, "tr.finding figure.evidence")
    assert "printed" in figure.find_element(BY_CSS, "figcaption").text
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", figure)
    figure.find_element(BY_CSS, "a.zoom").click()
    assert figure.find_element(BY_CSS, "img").size["width"] > 0.8 * browser.execute_script("return innerWidth")
    _shot(browser, tmp_path, "en-enlarged")
    assert _errors(browser) == []


def test_without_script_every_report_is_shown_unfolded(sample_output: Output) -> None:
    page = (sample_output.folder / "report.html").read_text(encoding="utf-8")
    sections = re.findall(r"<details id=\"r\d+\" class=\"report[^\"]*\"( open)?", page)
    assert len(sections) == len(sample_output.rows("reports.csv"))
    assert all(sections), "folding is the script's: the page as written shows every report"
    assert re.search(r'<div class="controls js-only"', page), "the filters show only where they work"
