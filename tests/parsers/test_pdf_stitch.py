"""Joining a table continued over a page break (parsers.pdf_stitch), on hand-made page tables."""

from __future__ import annotations

from parsers.pdf_stitch import PageTable, join, repeated_header, stitch_pages
from pipeline.document import BBox, Cell, Paragraph, Table

HEADER = ("評核項目", "評核指標", "次評核指標", "主辦單位", "執行績效與成果")
EDGES = (50.0, 120.0, 190.0, 300.0, 360.0, 550.0)


def table(rows: list[list[str | tuple[str, int]]], page: int) -> Table:
    """Rows of texts; ("text", n) is a cell merged down over n rows; None-free grids only."""
    cells = []
    covered: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for entry in row:
            while (r, c) in covered:
                c += 1
            text, span = (entry, 1) if isinstance(entry, str) else entry
            cells.append(Cell(row=r, col=c, text=text, row_span=span, page=page))
            covered.update((r + k, c) for k in range(span))
            c += 1
    return Table(cells=tuple(cells), n_rows=len(rows), n_cols=len(EDGES) - 1, page=page)


def page_table(t: Table) -> PageTable:
    return PageTable(table=t, col_edges=EDGES, bbox=BBox(50, 50, 550, 800))


def texts(t: Table) -> list[list[str]]:
    return [[c.text if c else "" for c in row] for row in t.grid]


def test_repeated_header_row_is_dropped() -> None:
    # page 1:  | 評核項目 | … |        page 2:  | 評核項目 | … |   (repeated header)
    #          | A(100分)得分:85 | 1.x | (1) | 甲 | r1 |   | B得分:80 | 1.y | (1) | 乙 | r2 |
    a = table([list(HEADER), ["A得分:85", "1.x", "(1)", "甲", "r1"]], 1)
    b = table([list(HEADER), ["B得分:80", "1.y", "(1)", "乙", "r2"]], 2)
    assert repeated_header(a, b) == 1
    joined = join(a, b)
    assert joined.n_rows == 3
    assert joined.header_rows == 1
    assert texts(joined)[2][0] == "B得分:80"
    assert [c.page for c in joined.row_cells(2)] == [2] * 5


def test_merged_item_cell_carries_over_the_break() -> None:
    # page 1: | A得分:85 (merged) | 1.x | (5) | 甲 | r5 |
    # page 2: |        ""        |  "" | (6) | 乙 | r6 |   ← a new sub-indicator row of item A
    a = table([list(HEADER), ["A得分:85", "1.x", "(5)…", "甲", "r5"]], 1)
    b = table([list(HEADER), ["", "", "(6)…", "乙", "r6"]], 2)
    joined = join(a, b)
    assert joined.n_rows == 3
    item = joined.grid[2][0]
    assert item is not None and item.text == "A得分:85" and item.row == 1 and item.row_span == 2
    assert texts(joined)[2][2:] == ["(6)…", "乙", "r6"]
    assert len([c for c in joined.cells if c.text == "A得分:85"]) == 1


def test_row_split_by_the_break_is_joined_back() -> None:
    # page 1: | A得分:85 | 1.x | (2)簡化 | 甲 | 1.first part |
    # page 2: |    ""    |  "" |    ""   | "" | 2.rest       |   ← the same row, cut by the break
    a = table([list(HEADER), ["A得分:85", "1.x", "(2)簡化", "甲", "1.first part"]], 1)
    b = table([list(HEADER), ["", "", "", "", "2.rest"], ["", "", "(3)走動", "乙", "r3"]], 2)
    joined = join(a, b)
    assert joined.n_rows == 3, texts(joined)
    assert texts(joined)[1][4] == "1.first part\n2.rest"
    assert texts(joined)[2][2] == "(3)走動"


def test_split_item_cell_text_is_joined() -> None:
    # every column of the last row goes on after the break (LibreOffice splits the row's text)
    a = table([list(HEADER), ["積極回應民", "有效及時處", "(1)建置民眾意見", "秘書室", "1.訂有"]], 9)
    b = table([list(HEADER), ["眾意見\n(100分)\n得分：85", "理民眾之意見", "反映處理機制", "各單位", "作業程序"]], 10)
    joined = join(a, b)
    assert joined.n_rows == 2
    assert texts(joined)[1][0] == "積極回應民\n眾意見\n(100分)\n得分：85"


def test_new_item_after_the_break_is_not_joined() -> None:
    a = table([list(HEADER), ["服務機制精進(100分)得分：80", "深化", "建立", "各單位", "r"]], 5)
    b = table([list(HEADER), ["內部作業簡化(100分)得分：85", "提升", "聚焦", "各單位", "r2"]], 6)
    joined = join(a, b)
    assert joined.n_rows == 3
    assert texts(joined)[2][0].startswith("內部作業簡化")


def test_stitch_pages_ignores_page_numbers_and_keeps_other_tables_apart() -> None:
    a = table([list(HEADER), ["A得分:85", "1.x", "(1)", "甲", "r1"]], 1)
    b = table([list(HEADER), ["B得分:80", "1.y", "(1)", "乙", "r2"]], 2)
    c = table([list(HEADER), ["C得分:70", "1.z", "(1)", "丙", "r3"]], 2)
    pages: list[list[Paragraph | PageTable]] = [
        [page_table(a), Paragraph("- 1 -", 1)],
        [page_table(b), Paragraph("小計 165 分", 2), page_table(c)],
    ]
    blocks = stitch_pages(pages)
    assert [type(b).__name__ for b in blocks] == ["Table", "Paragraph", "Table"]
    first = blocks[0]
    assert isinstance(first, Table) and first.n_rows == 3


def test_misaligned_columns_are_a_new_table() -> None:
    a = table([list(HEADER), ["A得分:85", "1.x", "(1)", "甲", "r1"]], 1)
    b = table([list(HEADER), ["B得分:80", "1.y", "(1)", "乙", "r2"]], 2)
    shifted = PageTable(table=b, col_edges=tuple(x + 40 for x in EDGES), bbox=BBox(90, 50, 590, 800))
    assert len(stitch_pages([[page_table(a)], [shifted]])) == 2


def test_new_item_with_other_score_labels_is_not_joined() -> None:
    # the next item at the top of the page, its score written 自評 and its maximum (100分)
    a = table([list(HEADER), ["服務機制精進\n(100分)\n自評：80", "深化", "建立", "各單位", "r"]], 5)
    b = table([list(HEADER), ["內部作業簡化\n(100分)\n自評：85", "提升", "聚焦", "各單位", "r2"]], 6)
    joined = join(a, b)
    assert joined.n_rows == 3
    assert texts(joined)[2][0].startswith("內部作業簡化")


def test_a_header_alone_at_the_foot_of_a_page_is_not_continued() -> None:
    # page 7 ends with the header row only (no repeated header on page 8, which starts with
    # the first item): the item row is a row of its own, and the header is marked as one
    a = table([list(HEADER)], 7)
    b = table([["內部作業簡化\n(100分)\n得分：85", "提升同仁行政效率", "聚焦核心業務", "各單位", "本分局…"]], 8)
    joined = join(a, b)
    assert joined.n_rows == 2
    assert joined.header_rows == 1
    assert texts(joined)[0] == list(HEADER)
    assert texts(joined)[1][0].startswith("內部作業簡化")


def test_a_title_repeated_in_the_page_header_is_kept_once_and_does_not_cut_a_table() -> None:
    """Word prints its page header (here the report's only title) at the top of every page:
    the copy on page 2 must not stand between the table and its continuation, and the first
    copy stays, for the title's unit and year."""
    title = "經濟部標準檢驗局新竹分局110年度提升服務效能執行績效與成果"
    a = table([list(HEADER), ["A得分:85", "1.x", "(1)", "甲", "r1"]], 1)
    b = table([list(HEADER), ["B得分:80", "1.y", "(1)", "乙", "r2"]], 2)
    pages: list[list[Paragraph | PageTable]] = [
        [Paragraph(title, 1), page_table(a)],
        [Paragraph(title, 2), page_table(b)],
    ]
    blocks = stitch_pages(pages)
    assert [type(b).__name__ for b in blocks] == ["Paragraph", "Table"]
    assert isinstance(blocks[1], Table) and blocks[1].n_rows == 3
    # A line at the top of one page only is body text, kept where it stands.
    pages = [[Paragraph(title, 1), page_table(a)], [Paragraph("小計 165 分", 2), page_table(b)]]
    assert [type(b).__name__ for b in stitch_pages(pages)] == ["Paragraph", "Table", "Paragraph", "Table"]
