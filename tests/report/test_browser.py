"""report.html in a real browser: Debian's headless Chromium, driven through chromedriver.

Skipped only on a developer machine without chromium; CI (CI=true) installs it in .ci/run, so
there a missing browser fails the test. A screenshot of what the auditor sees is saved under
output/test-artifacts/ and its path printed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.rubric import load_rubric
from pipeline.write.html import write_html
from tests.conftest import ROOT, SAMPLES, Output
from tests.report.hostile import hostile_results

ARTIFACTS = ROOT / "output" / "test-artifacts"
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--window-size=1280,1000", "--hide-scrollbars",
)


def _tools() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium and driver:
        return chromium, driver
    reason = "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}, but CI=true: .ci/run installs them, so the browser test must run")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium, chromedriver = _tools()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="kaohe-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _errors(driver: Any) -> list[dict[str, Any]]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def _open(driver: Any, path: Path) -> None:
    driver.get_log("browser")  # drop what an earlier page logged
    driver.get(path.resolve().as_uri())


def test_the_auditor_finds_a_mismatch_and_its_evidence(browser: Any, sample_output: Output) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, sample_output.folder / "report.html")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    overview = ARTIFACTS / "report-overview.png"
    browser.save_screenshot(str(overview))

    rows = browser.find_elements(By.CSS_SELECTOR, "#overview-table tbody tr")
    listed = {row.find_element(By.CSS_SELECTOR, "td a").text for row in rows}
    assert listed == {p.name for p in SAMPLES.iterdir() if p.is_file()}

    # Click 1: the number of findings of 110_taichung.pdf in the overview.
    row = next(r for r in rows if r.find_element(By.CSS_SELECTOR, "td a").text == "110_taichung.pdf")
    row.find_element(By.CSS_SELECTOR, "td.findings-count a").click()
    anchor = browser.execute_script("return location.hash.slice(1)")
    section = browser.find_element(By.ID, anchor.removesuffix("-findings"))
    finding = section.find_element(
        By.CSS_SELECTOR, 'tr.finding[data-check="subtotal_mismatch"][data-dimension="2"]'
    )
    assert "error" in finding.get_attribute("class").split()
    assert finding.find_element(By.CSS_SELECTOR, "td.claimed").text == "275"
    assert finding.find_element(By.CSS_SELECTOR, "td.claimed + td").text == "273"
    image = finding.find_element(By.CSS_SELECTOR, "figure.evidence img")
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth", image) > 0
    in_view = """const r = arguments[0].getBoundingClientRect();
                 return r.top >= 0 && r.bottom <= innerHeight && r.width > 0;"""
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", finding)
    assert browser.execute_script(in_view, image), "the evidence is on screen, no further click needed"
    evidence = ARTIFACTS / "report-evidence.png"
    browser.save_screenshot(str(evidence))

    # The dimension table shows the printed 小計 highlighted, linking to the finding.
    printed = section.find_element(By.CSS_SELECTOR, 'table.dimensions tr[data-dimension="2"] a.mismatch')
    assert printed.text == "275"
    assert browser.execute_script("return getComputedStyle(arguments[0]).backgroundColor", printed) == (
        "rgb(253, 231, 231)"
    )
    assert printed.get_attribute("href").endswith("#" + finding.get_attribute("id"))
    assert _errors(browser) == []
    print(f"\nscreenshots: {overview} {evidence}")


def test_the_overview_sorts_and_filters(browser: Any, sample_output: Output) -> None:
    from selenium.webdriver.common.by import By

    _open(browser, sample_output.folder / "report.html")
    browser.find_element(By.CSS_SELECTOR, '#overview-table th.findings-count').click()
    browser.find_element(By.CSS_SELECTOR, '#overview-table th.findings-count').click()
    counts = [int(c.text) for c in browser.find_elements(By.CSS_SELECTOR, "#overview-table tbody td.findings-count")]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    browser.find_element(By.ID, "filter").send_keys("taichung")
    shown = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "#overview-table tbody tr") if r.is_displayed()]
    assert shown and all("taichung" in text for text in shown)
    assert _errors(browser) == []


def test_a_hostile_document_stays_text(browser: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    write_html(hostile_results(), load_rubric(), tmp_path, None)
    _open(browser, tmp_path / "report.html")
    assert browser.execute_script("return window.__pwned === undefined")
    assert "<script>window.__pwned = 1</script>" in browser.find_element(By.TAG_NAME, "body").text
    assert _errors(browser) == []
