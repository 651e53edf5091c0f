"""report.xlsx read back with openpyxl: sheets, columns, types, highlighting, no formulas."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.rubric import load_rubric
from pipeline.schema import COLUMNS
from pipeline.write.xlsx import FINDING_EXTRA, MISMATCH, REPORT, UNIT_EXTRA, WARNING, text_width, write_xlsx
from pipeline.write.xlsx_cells import difference, figure, source_link
from tests.conftest import SAMPLES, Output
from tests.report.hostile import FORMULA, SCRIPT, hostile_results

RED, YELLOW = MISMATCH, WARNING


def _rows(ws: Worksheet) -> list[dict[str, object]]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]


def _fill(ws: Worksheet, row: int, column: str) -> str:
    header = [c.value for c in ws[1]]
    return str(ws.cell(row=row, column=header.index(column) + 1).fill.fgColor.rgb)[-6:]  # RGB of ARGB


def test_one_sheet_per_csv_and_an_overview(sample_output: Output) -> None:
    wb = load_workbook(sample_output.folder / "report.xlsx")
    assert wb.sheetnames == ["overview", *(name.removesuffix(".csv") for name in COLUMNS)]
    for name, columns in COLUMNS.items():
        ws = wb[name.removesuffix(".csv")]
        named = (REPORT, *columns) if "report_id" in columns and name != "reports.csv" else columns
        extra = {"findings.csv": FINDING_EXTRA, "units.csv": UNIT_EXTRA}.get(name, ())
        assert tuple(c.value for c in ws[1]) == (*named, *extra)
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref and ws.auto_filter.ref.startswith("A1:")
        assert ws.max_row == len(sample_output.rows(name)) + 1, name


def test_numbers_are_numbers_and_match_the_csv(sample_output: Output) -> None:
    wb = load_workbook(sample_output.folder / "report.xlsx")
    sheet = {r["source_file"]: r for r in _rows(wb["reports"])}
    for row in sample_output.rows("reports.csv"):
        cells = sheet[row["source_file"]]
        for column in ("claimed_total", "recomputed_total", "roc_year", "findings"):
            if row[column]:
                assert isinstance(cells[column], int | float), column
                assert float(str(cells[column])) == float(row[column])
        assert cells["report_id"] == row["report_id"] and isinstance(cells["unit"] or "", str)
    scores = _rows(wb["scores"])
    assert all(isinstance(r["claimed_score"], int | float) for r in scores if r["claimed_score"] is not None)
    assert all(isinstance(r["item_no"], str) for r in scores), "item numbers such as 1.10 stay text"


def test_mismatches_are_highlighted(sample_output: Output) -> None:
    wb = load_workbook(sample_output.folder / "report.xlsx")
    reports = {r["source_file"]: r["report_id"] for r in sample_output.rows("reports.csv")}
    taichung = reports["110_taichung.pdf"]
    ws = wb["dimensions"]
    for n, row in enumerate(_rows(ws), 2):
        if row["report_id"] == taichung:
            wrong = row["dimension_no"] == "2"
            assert (row["claimed_subtotal"], row["recomputed_subtotal"]) == ((275, 273) if wrong else
                                                                              (row["claimed_subtotal"],) * 2)
            assert (_fill(ws, n, "claimed_subtotal") == RED) == wrong
    ws = wb["findings"]
    for n, row in enumerate(_rows(ws), 2):
        assert _fill(ws, n, "message") == (RED if row["severity"] == "error" else YELLOW)
    ws = wb["overview"]
    rows = _rows(ws)
    n = next(i for i, r in enumerate(rows, 2) if r["source_file"] == "110_taichung.pdf")
    assert _fill(ws, n, "claimed_total") == RED and _fill(ws, n, "source_file") != RED
    ranks = [0 if r["errors"] else 1 for r in rows if r["status"] != "failed"]
    assert ranks == sorted(ranks), "reports with errors first"


def test_column_widths_fit_chinese_text(sample_output: Output) -> None:
    ws = load_workbook(sample_output.folder / "report.xlsx")["scores"]
    header = [c.value for c in ws[1]]
    letter = chr(ord("A") + header.index("item"))
    widest = max(text_width(str(r["item"])) for r in _rows(ws))
    assert ws.column_dimensions[letter].width >= widest
    assert text_width("服務友善性") == 10 and text_width("ab1") == 3


def test_document_text_is_never_a_formula(tmp_path: Path) -> None:
    write_xlsx(hostile_results(), load_rubric(), tmp_path)
    wb = load_workbook(tmp_path / "report.xlsx")
    texts = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    formulas = [c for c in texts if c.value.startswith("=")]
    assert formulas and all(c.data_type == "s" for c in formulas)
    assert any(c.value == FORMULA for c in texts) and any(SCRIPT in c.value for c in texts)
    assert not any("\x07" in c.value for c in texts), "control characters are dropped"


def test_findings_figures_are_numbers_with_their_difference(sample_output: Output) -> None:
    """claimed and expected are text in findings.csv (a grade, a range); in the workbook a figure
    is a number, and the difference is claimed − expected (or the distance past a range)."""
    rows = _rows(load_workbook(sample_output.folder / "report.xlsx")["findings"])
    csv_rows = sample_output.rows("findings.csv")
    assert len(rows) == len(csv_rows)
    mismatches = [r for r in rows if r["check"] in ("subtotal_mismatch", "summary_mismatch", "total_mismatch")]
    assert mismatches, "the samples have mismatches"
    for row in mismatches:
        assert isinstance(row["claimed"], int | float) and isinstance(row["expected"], int | float), row
        assert not isinstance(row["claimed"], bool)
        assert row["difference"] == row["claimed"] - row["expected"] != 0
    grades = [r for r in rows if r["check"] == "grade_mismatch"]
    assert all(isinstance(r["claimed"], str) and r["difference"] is None for r in grades)
    for row, written in zip(rows, csv_rows, strict=True):  # the same figures as the CSV, as numbers
        for column in ("claimed", "expected"):
            value = row[column]
            assert (str(value) if value is not None else "") == written[column] or float(str(value)) == float(
                written[column]
            ), (column, value, written[column])


def test_every_row_names_its_report_by_unit_year_and_file(sample_output: Output) -> None:
    wb = load_workbook(sample_output.folder / "report.xlsx")
    reports = {r["report_id"]: r for r in sample_output.rows("reports.csv") if not r["error"].startswith("duplicate")}
    taichung = next(r for r in reports.values() if r["source_file"] == "110_taichung.pdf")
    assert taichung["unit"] and taichung["roc_year"] == "110"
    for sheet in ("scores", "dimensions", "indicators", "metrics", "findings"):
        rows = _rows(wb[sheet])
        assert rows, sheet
        for row in rows:
            report = reports[str(row["report_id"])]
            expected = f"{report['unit']} {report['roc_year']} · {report['source_file']}"
            assert row[REPORT] == (expected if report["unit"] else report["source_file"]), sheet
    names = {r[REPORT] for r in _rows(wb["findings"])}
    assert f"{taichung['unit']} 110 · 110_taichung.pdf" in names
    units = _rows(wb["units"])
    assert units and all(reports[str(u["chosen_report_id"])]["source_file"] == u["chosen_file"] for u in units)


def test_each_finding_links_to_its_page(sample_output: Output) -> None:
    """A PDF's finding opens the file at its page, a Word file's the file, relative to the workbook."""
    ws = load_workbook(sample_output.folder / "report.xlsx")["findings"]
    header = [c.value for c in ws[1]]
    formats = {r["report_id"]: r["format"] for r in sample_output.rows("reports.csv")}
    linked = 0
    for n, row in enumerate(_rows(ws), 2):
        cell = ws.cell(row=n, column=header.index("evidence") + 1)
        assert cell.hyperlink is not None, row
        # As Excel writes a link to a file: the relative path (with "\\") and the page as its location.
        path = str(cell.hyperlink.target).replace("\\", "/")
        page = (cell.hyperlink.location or "").removeprefix("page=")
        assert not Path(path).is_absolute() and path.startswith(("./", "../"))
        source = (sample_output.folder / path).resolve()
        assert source == (SAMPLES / str(row["report"]).split(" · ")[-1]).resolve() and source.is_file()
        if formats[str(row["report_id"])] == "pdf" and row["page"]:
            assert page == str(row["page"]) and cell.value == f"{source.name} p. {row['page']}"
            linked += 1
        else:
            assert not page
    assert linked, "the samples' PDFs have findings with a page"


def test_figures_differences_and_links_from_text() -> None:
    assert (figure("95"), figure("84.6"), figure("-3"), figure("甲"), figure("0-100"), figure("")) == (
        95, 84.6, -3, "甲", "0-100", "",
    )
    assert isinstance(figure("95"), int) and isinstance(figure("95.0"), float)
    assert difference("275", "273") == 2 and difference("84.6", "84.5") == 0.1
    assert difference("120", "0-100") == 20 and difference("-5", "0-100") == -5 and difference("50", "0-100") == 0
    assert difference("甲", "乙") is None and difference("", "90") is None



def test_links_lead_only_to_files_that_are_there(tmp_path: Path) -> None:
    home, source = tmp_path / "out", tmp_path / "in"
    (source / "a").mkdir(parents=True)
    (source / "https:").mkdir()
    for name in ("a/b.pdf", "https:/x.pdf", "c.pdf"):
        (source / name).write_bytes(b"%PDF-1.4")
    assert source_link(source, home, "a/b.pdf", 3) == "../in/a/b.pdf#page=3"
    assert source_link(home.parent, home, "in/c.pdf", None) == "../in/c.pdf"
    assert source_link(source, source, "https:/x.pdf", None) == "./https:/x.pdf", "never an address"
    assert source_link(None, home, "c.pdf", 1) is None
    assert source_link(source, home, "gone.pdf", 1) is None
    odd = source / os.fsdecode(b"\xff.pdf")
    odd.write_bytes(b"%PDF-1.4")
    assert source_link(source, home, odd.name, 1) is None, "a name that is not UTF-8 cannot be a link"
