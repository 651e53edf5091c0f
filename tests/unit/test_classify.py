"""pipeline.classify: what each table is, decided once, and what the readers make of it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import docx as python_docx

from parsers.docx import parse as parse_docx
from pipeline.body import read_body
from pipeline.classify import classify
from pipeline.document import Block, Cell, Document, Paragraph, Table
from pipeline.layout import TableKind
from pipeline.options import ReadContext
from pipeline.rubric import load_rubric
from pipeline.run import process_file
from pipeline.summary import read_summary

RUBRIC = load_rubric()


def plain(rows: Sequence[Sequence[str]], header_rows: int = 0) -> Table:
    cells = tuple(Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row))
    return Table(cells, len(rows), max(len(row) for row in rows), header_rows=header_rows)


ITEMS = plain([
    ("評核項目", "評核指標", "主辦單位", "執行績效與成果"),
    ("開放參與 (50分) 得分：43", "適時運用多元管道", "各單位", "辦理座談會3場次"),
    ("創新服務 (50分) 得分：42", "提出有別於現行", "各單位", "推出線上服務"),
])
SUMMARY = plain([
    ("基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"),
    ("170", "248", "165", "177", "85", "845", "甲"),
])
# A statistics table after the summary, with totals of its own: an appendix, never the summary.
APPENDIX_LIKE_SUMMARY = plain([
    ("基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"),
    ("171", "249", "166", "178", "86", "850", "甲"),
])
APPENDIX_STATISTICS = plain([
    ("項目", "109年", "110年", "小計", "平均"),
    ("報驗批數", "45,000", "47,914", "92,914", "46,457"),
    ("小計", "45,000", "47,914", "92,914", "46,457"),
])
PROSE = plain([("附註", "本表依總局規定填報"), ("說明", "如有疑義請洽秘書室")])


def kinds(*blocks: Block) -> list[tuple[TableKind, str]]:
    layout = classify(Document("t.pdf", "pdf", blocks), RUBRIC)
    return [(role.kind, role.reason) for role in layout.roles]


def test_each_table_gets_a_kind_and_a_reason() -> None:
    found = kinds(ITEMS, SUMMARY, APPENDIX_LIKE_SUMMARY, APPENDIX_STATISTICS, PROSE)
    assert [k for k, _ in found] == [
        TableKind.item, TableKind.summary, TableKind.appendix, TableKind.appendix, TableKind.unknown,
    ]
    assert all(reason for _, reason in found)


def test_the_header_columns_are_found_once_for_every_reader() -> None:
    (role,) = classify(Document("t.pdf", "pdf", (ITEMS,)), RUBRIC).roles
    columns = role.columns
    assert (columns.header_row, columns.item, columns.indicator, columns.units, columns.result) == (0, 0, 1, 2, 3)
    assert columns.score is None and columns.sub is None


def test_an_appendix_after_the_summary_is_not_read_as_the_summary_or_a_subtotal() -> None:
    blocks = (ITEMS, Paragraph("小計 85 分"), SUMMARY, APPENDIX_LIKE_SUMMARY, APPENDIX_STATISTICS)
    doc = Document("t.pdf", "pdf", blocks)
    layout = classify(doc, RUBRIC)
    summary = read_summary(layout, RUBRIC)
    assert summary.total is not None and summary.total.value == 845
    assert {no: f.value for no, f in summary.figures.items()} == {"1": 170, "2": 248, "3": 165, "4": 177, "5": 85}
    rows, subtotals = read_body(layout, RUBRIC)
    assert [(r.item_no, r.score) for r in rows] == [("5.1", 43), ("5.2", 42)]
    assert {no: f.value for no, f in subtotals.items()} == {"5": 85}


def test_a_summary_printed_first_leaves_the_item_tables_after_it_item_tables() -> None:
    found = kinds(SUMMARY, ITEMS)
    assert [k for k, _ in found] == [TableKind.summary, TableKind.item]


def test_headerless_tables_are_items_only_when_they_hold_the_rubrics_words() -> None:
    scored = plain([("服務一致及正確性 (100分) 得分：85", "完成訂定標準作業流程")])
    subtotal = plain([("小計", "170")])
    heading = plain([("評核構面二(服務遞送)(300分)",)])
    assert [k for k, _ in kinds(scored, subtotal, heading, PROSE)] == [
        TableKind.item, TableKind.item, TableKind.item, TableKind.unknown,
    ]


def test_tables_laid_out_inside_a_frame_table_are_read_in_its_place(tmp_path: Path) -> None:
    """A Word report whose item tables and summary sit inside the cells of one frame table."""
    document = python_docx.Document()
    document.add_paragraph("經濟部標準檢驗局基隆分局110年度提升服務效能執行績效與成果")
    frame = document.add_table(rows=2, cols=1)
    inner = frame.cell(0, 0).add_table(rows=3, cols=3)
    rows = [("評核項目", "主辦單位", "執行績效與成果"), ("開放參與 (50分) 得分：43", "各單位", "座談會"),
            ("創新服務 (50分) 得分：42", "各單位", "線上服務")]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    frame.cell(0, 0).add_paragraph("小計 85 分")
    summary = frame.cell(1, 0).add_table(rows=2, cols=7)
    for r, row in enumerate([("基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"),
                             ("170", "248", "165", "177", "85", "845", "甲")]):
        for c, text in enumerate(row):
            summary.cell(r, c).text = text
    path = tmp_path / "frame.docx"
    document.save(str(path))

    result = process_file(path, tmp_path, ReadContext(RUBRIC))
    x = result.extraction
    assert x is not None
    assert {no: row.score for no, row in x.items().items()} == {"5.1": 43, "5.2": 42}
    assert x.total is not None and x.total.value == 845
    assert x.summary["5"].value == 85
    assert x.subtotals["5"].value == 85  # a paragraph of the frame's cell, between its tables
    # the frame's own text (which repeats the inner tables' rows) is not read a second time
    assert len([r for r in x.item_rows if r.item_no == "5.1"]) == 1


def _fill(table: object, rows: Sequence[Sequence[str]]) -> None:
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text  # type: ignore[attr-defined]


def test_a_table_nested_in_an_item_tables_cell_leaves_the_item_table_whole(tmp_path: Path) -> None:
    """A statistics table inside an item's narrative cell, a score in a sub-table: the item
    table is still read row by row, not taken apart as a frame (that lost every other row)."""
    document = python_docx.Document()
    document.add_paragraph("經濟部標準檢驗局基隆分局110年度提升服務效能執行績效與成果")
    items = document.add_table(rows=3, cols=3)
    _fill(items, [("評核項目", "主辦單位", "執行績效與成果"), ("開放參與 (50分) 得分：43", "各單位", "座談會"),
                  ("創新服務 (50分)", "各單位", "線上服務")])
    stats = items.cell(1, 2).add_table(rows=2, cols=3)
    _fill(stats, [("年度", "案件數", "平均天數"), ("110", "1,234", "3.5")])
    score = items.cell(2, 0).add_table(rows=1, cols=2)
    _fill(score, [("得分", "42")])
    document.add_paragraph("小計 85 分")
    summary = document.add_table(rows=2, cols=7)
    _fill(summary, [("基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"),
                    ("170", "248", "165", "177", "85", "845", "甲")])
    path = tmp_path / "nested.docx"
    document.save(str(path))

    layout = classify(parse_docx(path), RUBRIC)
    assert [r.kind for r in layout.roles] == [TableKind.item, TableKind.summary]
    result = process_file(path, tmp_path, ReadContext(RUBRIC))
    x = result.extraction
    assert x is not None
    assert {no: row.score for no, row in x.items().items()} == {"5.1": 43, "5.2": 42}
    assert x.subtotals["5"].value == 85 and x.total is not None and x.total.value == 845


def test_a_frames_cells_without_tables_are_read_as_its_paragraphs() -> None:
    inner = plain([("評核項目", "主辦單位", "執行績效與成果"), ("開放參與 (50分) 得分：43", "各單位", "座談會")])
    frame = Table((Cell(0, 0, "…", blocks=(inner,)), Cell(1, 0, "小計 43 分\n（本構面僅一項）")), 2, 1)
    layout = classify(Document("t.docx", "docx", (frame,)), RUBRIC)
    assert [r.kind for r in layout.roles] == [TableKind.layout, TableKind.item]
    texts = [b.text for b in layout.blocks if isinstance(b, Paragraph)]
    assert texts == ["小計 43 分", "（本構面僅一項）"]


COUNTS = plain([("項目", "件數", "比率"), ("網路申辦", "47906", "99.9%"), ("臨櫃申辦", "8", "0.1%"),
                ("合計", "47914", "100%")])
LAST_YEAR = plain([("評核項目", "得分", "說明"), ("開放參與", "40", "109年度"), ("創新服務", "41", "109年度")])


def test_a_table_under_an_item_header_that_names_nothing_of_the_rubric_is_passed_over() -> None:
    """`項目 | 件數 | 比率` in the body: its rows were each reported as matching no item."""
    found = kinds(ITEMS, COUNTS, SUMMARY, COUNTS)
    assert [k for k, _ in found] == [TableKind.item, TableKind.unknown, TableKind.summary, TableKind.unknown]


def test_after_the_summary_a_table_repeating_the_items_read_is_an_appendix() -> None:
    """Last year's scores per item after the summary: not a second reading of this year's."""
    assert [k for k, _ in kinds(ITEMS, SUMMARY, LAST_YEAR)] == [TableKind.item, TableKind.summary, TableKind.appendix]
    # the same table before the summary, or after one that came first, is read for its items
    assert [k for k, _ in kinds(LAST_YEAR, SUMMARY)] == [TableKind.item, TableKind.summary]
    assert [k for k, _ in kinds(SUMMARY, LAST_YEAR)] == [TableKind.summary, TableKind.item]
    # with its narrative, a table after the summary is read (indicators and figures are kept)
    assert [k for k, _ in kinds(ITEMS, SUMMARY, ITEMS)] == [TableKind.item, TableKind.summary, TableKind.item]
