"""report.xlsx read back with openpyxl: sheets, columns, types, highlighting, no formulas."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from pipeline.rubric import load_rubric
from pipeline.schema import COLUMNS
from pipeline.write.xlsx import MISMATCH, WARNING, text_width, write_xlsx
from tests.conftest import Output
from tests.report.hostile import FORMULA, SCRIPT, hostile_results

RED, YELLOW = MISMATCH.fgColor.rgb, WARNING.fgColor.rgb


def _rows(ws: Worksheet) -> list[dict[str, object]]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)]


def _fill(ws: Worksheet, row: int, column: str) -> str:
    header = [c.value for c in ws[1]]
    return str(ws.cell(row=row, column=header.index(column) + 1).fill.fgColor.rgb)


def test_one_sheet_per_csv_and_an_overview(sample_output: Output) -> None:
    wb = load_workbook(sample_output.folder / "report.xlsx")
    assert wb.sheetnames == ["overview", *(name.removesuffix(".csv") for name in COLUMNS)]
    for name, columns in COLUMNS.items():
        ws = wb[name.removesuffix(".csv")]
        assert tuple(c.value for c in ws[1]) == columns
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
