"""pipeline.summary: the 自行考核結果統計表 read by what its headers say, in any layout."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from pipeline.classify import classify
from pipeline.document import Cell, Document, Paragraph, Table
from pipeline.rubric import load_rubric
from pipeline.summary import Summary, looks_like_summary, read_summary

RUBRIC = load_rubric()
SEED_FIGURES = {"1": 170.0, "2": 248.0, "3": 165.0, "4": 177.0, "5": 85.0}


def plain(rows: Sequence[Sequence[str]]) -> Table:
    """A table without merges, one cell per slot."""
    cells = tuple(Cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row))
    return Table(cells, len(rows), max(len(row) for row in rows))


def summary_of(*blocks: Table | Paragraph) -> Summary:
    return read_summary(classify(Document("t.pdf", "pdf", blocks), RUBRIC), RUBRIC)


def figures(summary: Summary) -> dict[str, float]:
    return {no: f.value for no, f in summary.figures.items()}


# The seed's table, as printed (PDF text keeps the line breaks inside the narrow headers as spaces):
#
#      0        1      2          3        4        5        6        7       8      9      10
#   +--------+------+--------+----------------------------------------------+------+------+--------+
# 0 | 實施   | 編號 | 受考核 | 考核項目成績(1000 分)   (colspan 5)          | 總分 | 等第 | 考核   |
#   | 考核   |      | 單位   +--------+--------+--------+--------+--------+      |      | 年月   |
# 1 | 機關   |      | 名稱   | 一、基 | 二、服 | 三、服 | 四、服 | 五、開 |      |      |        |
#   | (rs 2) | (rs2)| (rs 2) | 礎服務 | 務遞送 | 務量能 | 務評價 | 放創新 | (rs2)| (rs2)| (rs 2) |
#   +--------+------+--------+--------+--------+--------+--------+--------+------+------+--------+
# 2 | 基隆   |      | 基隆   | 170    | 248    | 165    | 177    | 85     | 845  | 甲   | 110/01 |
#   | 分局   |      | 分局   |        |        |        |        |        |      |      | 110/12 |
#   +--------+------+--------+--------+--------+--------+--------+--------+------+------+--------+
SEED_TABLE = Table(
    (
        Cell(0, 0, "實施 考核 機關", row_span=2),
        Cell(0, 1, "編 號", row_span=2),
        Cell(0, 2, "受考 核單 位名 稱", row_span=2),
        Cell(0, 3, "考核項目成績(1000 分)", col_span=5),
        Cell(0, 8, "總 分", row_span=2),
        Cell(0, 9, "等 第", row_span=2),
        Cell(0, 10, "考核 年月", row_span=2),
        Cell(1, 3, "一、基礎 服務(200 分)"),
        Cell(1, 4, "二、服務遞 送(300 分)"),
        Cell(1, 5, "三、服務量 能(200 分)"),
        Cell(1, 6, "四、服務評 價(200 分)"),
        Cell(1, 7, "五、開放創 新(100 分)"),
        Cell(2, 0, "基隆 分局", page=9),
        Cell(2, 1, "", page=9),
        Cell(2, 2, "基隆 分局", page=9),
        Cell(2, 3, "170", page=9),
        Cell(2, 4, "248", page=9),
        Cell(2, 5, "165", page=9),
        Cell(2, 6, "177", page=9),
        Cell(2, 7, "85", page=9),
        Cell(2, 8, "845", page=9),
        Cell(2, 9, "甲", page=9),
        Cell(2, 10, "110/01 110/12", page=9),
    ),
    n_rows=3,
    n_cols=11,
    header_rows=2,
)


def test_seed_summary_table() -> None:
    summary = summary_of(SEED_TABLE)
    assert figures(summary) == SEED_FIGURES
    assert summary.total is not None and summary.total.value == 845
    assert summary.grade is not None and summary.grade.grade == "甲"


def test_seed_summary_keeps_its_evidence() -> None:
    summary = summary_of(SEED_TABLE)
    assert summary.figures["2"].evidence.text == "248"
    assert summary.figures["2"].evidence.page == 9
    assert summary.total is not None and summary.total.evidence.text == "845"
    assert summary.grade is not None and summary.grade.evidence.text == "甲"


def test_seed_summary_after_the_body_and_legend() -> None:
    """Paragraphs and a body table before it do not get in the way."""
    # +----------+------------------------------+
    # | 評核項目 | 執行績效與成果               |
    # | 開放參與 | 總分不是這一格               |
    # +----------+------------------------------+
    body = plain([["評核項目", "執行績效與成果"], ["開放參與 (50分) 得分：43", "總分不是這一格"]])
    summary = summary_of(
        body,
        Paragraph("小計 85 分"),
        Paragraph("受考核單位：基隆分局"),
        Paragraph("優=900 分以上；甲=899-800 分；乙=799-700 分；丙=699-600 分；丁=599 分以下"),
        SEED_TABLE,
    )
    assert figures(summary) == SEED_FIGURES
    assert summary.total is not None and summary.total.value == 845


def test_columns_in_another_order() -> None:
    #      0        1      2       3 ............................................. 7
    #   +--------+------+------+----------------------------------------------------+
    # 0 | 受考核 | 總分 | 等第 | 考核項目成績 (colspan 5)                           |
    #   | 單位   |      |      +----------+----------+----------+----------+----------+
    # 1 | (rs 2) | (rs2)| (rs2)| 五、開放 | 三、服務 | 一、基礎 | 四、服務 | 二、服務 |
    #   |        |      |      | 創新     | 量能     | 服務     | 評價     | 遞送     |
    #   +--------+------+------+----------+----------+----------+----------+----------+
    # 2 | 基隆   | 845  | 甲等 | 85       | 165      | 170      | 177      | 248      |
    #   +--------+------+------+----------+----------+----------+----------+----------+
    table = Table(
        (
            Cell(0, 0, "受考核單位", row_span=2),
            Cell(0, 1, "總分", row_span=2),
            Cell(0, 2, "等第", row_span=2),
            Cell(0, 3, "考核項目成績", col_span=5),
            Cell(1, 3, "五、開放創新(100分)"),
            Cell(1, 4, "三、服務量能(200分)"),
            Cell(1, 5, "一、基礎服務(200分)"),
            Cell(1, 6, "四、服務評價(200分)"),
            Cell(1, 7, "二、服務遞送(300分)"),
            Cell(2, 0, "基隆分局"),
            Cell(2, 1, "845"),
            Cell(2, 2, "甲等"),
            Cell(2, 3, "85"),
            Cell(2, 4, "165"),
            Cell(2, 5, "170"),
            Cell(2, 6, "177"),
            Cell(2, 7, "248"),
        ),
        n_rows=3,
        n_cols=8,
    )
    summary = summary_of(table)
    assert figures(summary) == SEED_FIGURES
    assert summary.total is not None and summary.total.value == 845
    assert summary.grade is not None and summary.grade.grade == "甲"


def test_one_header_row_with_bare_dimension_names() -> None:
    # +----------+----------+----------+----------+----------+------+------+
    # | 基礎服務 | 服務遞送 | 服務量能 | 服務評價 | 開放創新 | 總分 | 等第 |
    # | 170      | 248      | 165      | 177      | 85       | 845  | 甲   |
    # +----------+----------+----------+----------+----------+------+------+
    table = plain([
        ["基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"],
        ["170", "248", "165", "177", "85", "845", "甲"],
    ])
    summary = summary_of(table)
    assert figures(summary) == SEED_FIGURES
    assert summary.total is not None and summary.total.value == 845


def test_horizontal_with_a_max_row_reads_the_score_row() -> None:
    # +------+----------+----------+----------+----------+----------+------+------+
    # | 構面 | 基礎服務 | 服務遞送 | 服務量能 | 服務評價 | 開放創新 | 總分 | 等第 |
    # | 配分 | 200      | 300      | 200      | 200      | 100      | 1000 |      |
    # | 得分 | 170      | 248      | 165      | 177      | 85       | 845  | 甲   |
    # +------+----------+----------+----------+----------+----------+------+------+
    table = plain([
        ["構面", "基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"],
        ["配分", "200", "300", "200", "200", "100", "1000", ""],
        ["得分", "170", "248", "165", "177", "85", "845", "甲"],
    ])
    summary = summary_of(table)
    assert figures(summary) == SEED_FIGURES
    assert summary.total is not None and summary.total.value == 845
    assert summary.grade is not None and summary.grade.grade == "甲"


VERTICAL_ROWS = [
    ["評核構面", "得分"],
    ["一、基礎服務(200分)", "170"],
    ["二、服務遞送(300分)", "248"],
    ["三、服務量能(200分)", "165"],
    ["四、服務評價(200分)", "177"],
    ["五、開放創新(100分)", "85"],
    ["總 分", "845"],
    ["等 第", "甲等"],
]


def test_vertical_summary() -> None:
    # +---------------------+------+
    # | 評核構面            | 得分 |
    # | 一、基礎服務(200分) | 170  |
    # | 二、服務遞送(300分) | 248  |
    # | 三、服務量能(200分) | 165  |
    # | 四、服務評價(200分) | 177  |
    # | 五、開放創新(100分) | 85   |
    # | 總 分               | 845  |
    # | 等 第               | 甲等 |
    # +---------------------+------+
    summary = summary_of(plain(VERTICAL_ROWS))
    assert figures(summary) == SEED_FIGURES
    assert summary.total is not None and summary.total.value == 845
    assert summary.grade is not None and summary.grade.grade == "甲"


def test_vertical_summary_rows_in_another_order() -> None:
    # header, then 五 三 一 四 二, then 總分 and 等第
    rows = [VERTICAL_ROWS[0], *(VERTICAL_ROWS[i] for i in (5, 3, 1, 4, 2)), *VERTICAL_ROWS[6:]]
    summary = summary_of(plain(rows))
    assert figures(summary) == SEED_FIGURES


@pytest.mark.parametrize(
    "header",
    [["評核構面", "配分", "得分"], ["評核構面", "滿分", "自評分數"]],
    ids=["peifen", "manfen"],
)
def test_vertical_summary_with_a_max_column_reads_the_scores(header: list[str]) -> None:
    # +----------+------+------+
    # | 評核構面 | 配分 | 得分 |
    # | 基礎服務 | 200  | 170  |
    # | ...      | ...  | ...  |
    # | 總分     | 1000 | 845  |
    # | 等第     |      | 甲   |
    # +----------+------+------+
    table = plain([
        header,
        ["基礎服務", "200", "170"],
        ["服務遞送", "300", "248"],
        ["服務量能", "200", "165"],
        ["服務評價", "200", "177"],
        ["開放創新", "100", "85"],
        ["總分", "1000", "845"],
        ["等第", "", "甲"],
    ])
    summary = summary_of(table)
    assert figures(summary) == SEED_FIGURES
    assert summary.total is not None and summary.total.value == 845
    assert summary.grade is not None and summary.grade.grade == "甲"


def test_table_without_total_is_not_a_summary() -> None:
    # +----------+----------+----------+----------+----------+------+
    # | 基礎服務 | 服務遞送 | 服務量能 | 服務評價 | 開放創新 | 等第 |
    # | 170      | 248      | 165      | 177      | 85       | 甲   |
    # +----------+----------+----------+----------+----------+------+
    table = plain([
        ["基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "等第"],
        ["170", "248", "165", "177", "85", "甲"],
    ])
    assert not looks_like_summary(table, RUBRIC)
    summary = summary_of(table)
    assert summary.figures == {}
    assert summary.total is None
    assert summary.grade is None


def test_body_table_mentioning_total_in_prose_is_not_a_summary() -> None:
    # +----------+----------------------------------------------+
    # | 評核項目 | 執行績效與成果                               |
    # | 開放參與 | 問卷總分平均為4.5分，並據以檢討改善服務措施 |
    # +----------+----------------------------------------------+
    table = plain([
        ["評核項目", "執行績效與成果"],
        ["開放參與 (50分) 得分：43", "問卷總分平均為4.5分，並據以檢討改善服務措施"],
    ])
    assert not looks_like_summary(table, RUBRIC)


@pytest.mark.parametrize(
    "table",
    [SEED_TABLE, plain(VERTICAL_ROWS)],
    ids=["seed", "vertical"],
)
def test_summary_tables_are_recognized(table: Table) -> None:
    assert looks_like_summary(table, RUBRIC)


def test_document_without_summary_gives_an_empty_summary() -> None:
    summary = summary_of(Paragraph("經濟部標準檢驗局基隆分局110年度提升服務效能執行績效與成果"))
    assert summary == Summary()


def test_first_summary_table_wins() -> None:
    second = plain([
        ["基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"],
        ["100", "100", "100", "100", "50", "450", "丁"],
    ])
    summary = summary_of(SEED_TABLE, second)
    assert summary.total is not None and summary.total.value == 845


def summary_of_year(year: int | None, *blocks: Table | Paragraph) -> Summary:
    doc = Document("t.pdf", "pdf", blocks)
    return read_summary(classify(doc, RUBRIC, year), RUBRIC, year)


BY_YEAR_COLUMNS = plain([
    ["評核構面", "109年度得分", "110年度得分"],
    ["一、基礎服務", "160", "170"], ["二、服務遞送", "240", "248"], ["三、服務量能", "150", "165"],
    ["四、服務評價", "170", "177"], ["五、開放創新", "80", "85"], ["總分", "800", "845"], ["等第", "乙", "甲"],
])
BY_YEAR_ROWS = plain([
    ["受考核單位", "基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第", "考核年月"],
    ["基隆分局", "160", "240", "150", "170", "80", "800", "乙", "109/01 109/12"],
    ["基隆分局", "170", "248", "165", "177", "85", "845", "甲", "110/01 110/12"],
])
SECOND_SUMMARY = plain([
    ["基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"],
    ["170", "248", "165", "177", "85", "845", "甲"],
])


@pytest.mark.parametrize("table", [BY_YEAR_COLUMNS, BY_YEAR_ROWS], ids=["a column a year", "a row a year"])
@pytest.mark.parametrize("year", [110, None])
def test_a_summary_beside_last_years_reads_the_reports_year(table: Table, year: int | None) -> None:
    """Last year's figures first: the report's year is read (the latest named when the title
    gives none), not the first figures of the table."""
    summary = summary_of_year(year, table)
    assert figures(summary) == SEED_FIGURES
    assert summary.total is not None and summary.total.value == 845
    assert summary.grade is not None and summary.grade.grade == "甲"


@pytest.mark.parametrize("table", [BY_YEAR_COLUMNS, BY_YEAR_ROWS], ids=["a column a year", "a row a year"])
def test_a_table_comparing_other_years_is_not_the_summary(table: Table) -> None:
    """Read as the 111 report's summary, 109 and 110 would accuse it of every difference."""
    summary = summary_of_year(111, table, SECOND_SUMMARY)
    assert figures(summary) == SEED_FIGURES  # the later table, the report's own
    assert summary_of_year(111, table).empty


LEGEND = plain([["等第", "總分"], ["優", "900分以上"], ["甲", "800-899分"], ["乙", "700-799分"],
                ["丙", "600-699分"], ["丁", "599分以下"], ["總分", "1000分"]])
POINTS = plain([["一、基礎服務", "二、服務遞送", "三、服務量能", "四、服務評價", "五、開放創新", "總分"],
                ["200", "300", "200", "200", "100", "1000"]])


@pytest.mark.parametrize("table", [LEGEND, POINTS], ids=["legend of the grades", "each dimension's points"])
def test_tables_shaped_like_the_summary_before_it_do_not_hide_it(table: Table) -> None:
    """A legend of the 等第 bands or a table of points before the summary: passed over, so the
    summary is read (it was filed as a second table of totals, and the 總分 reported missing)."""
    layout = classify(Document("t.pdf", "pdf", (table, SECOND_SUMMARY)), RUBRIC)
    assert [r.kind.value for r in layout.roles] == ["unknown", "summary"]
    summary = read_summary(layout, RUBRIC)
    assert figures(summary) == SEED_FIGURES and summary.total is not None and summary.total.value == 845


def test_a_perfect_score_with_its_grade_is_still_the_summary() -> None:
    perfect = plain([["基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"],
                     ["200", "300", "200", "200", "100", "1000", "優"]])
    summary = summary_of(perfect)
    assert summary.total is not None and summary.total.value == 1000 and summary.grade is not None


def test_a_summary_comparing_three_years_grades_is_no_legend() -> None:
    """A grade a year (乙, 甲, 優) is no legend of the bands: the report's year is read."""
    years = plain([
        ["年度", "基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"],
        ["108年度", "150", "220", "150", "160", "70", "750", "乙"],
        ["109年度", "160", "240", "150", "170", "80", "800", "甲"],
        ["110年度", "170", "248", "165", "177", "85", "845", "甲"],
        ["111年度", "190", "280", "180", "180", "90", "920", "優"],
    ])
    summary = summary_of_year(110, years)
    assert figures(summary) == SEED_FIGURES and summary.grade is not None and summary.grade.grade == "甲"


def test_a_printed_figure_that_cannot_be_read_is_told_not_skipped() -> None:
    """A seal cut the rule between two cells (`165 177` in one), OCR misread the 總分 (`SA5`):
    those figures are printed, so they are unread, never silently unchecked."""
    damaged = plain([
        ["基礎服務", "服務遞送", "服務量能", "服務評價", "開放創新", "總分", "等第"],
        ["170", "248", "165 177", "", "85", "SA5", "甲"],
    ])
    summary = summary_of(damaged)
    assert figures(summary) == {"1": 170.0, "2": 248.0, "5": 85.0}
    assert [(u.what, u.dimension_no, u.evidence.text) for u in summary.unread] == [
        ("summary", "3", "165 177"), ("total", "", "SA5"),
    ]
    vertical = plain([
        ["評核構面", "得分"], ["一、基礎服務", "170"], ["二、服務遞送", "2#8"], ["總分", "845"], ["等第", "?"],
    ])
    summary = summary_of(vertical)
    assert [(u.what, u.dimension_no) for u in summary.unread] == [("summary", "2"), ("grade", "")]
    assert summary_of(SEED_TABLE).unread == []


def test_the_row_says_which_summary_figures_it_could_not_read() -> None:
    from pipeline.results import Evidence, Extraction, Title, Unread
    from pipeline.run import _status

    unread = (Unread("summary", Evidence("165 177", 13), "3"), Unread("total", Evidence("SA5", 13)))
    extraction = Extraction(Title("", "", 110), (), {}, {}, None, None, unread=unread)
    status, error = _status(extraction, RUBRIC)
    assert status.value == "partial"
    assert "the summary figure of dimension 3 服務量能 could not be read (page 13)" in error
    assert "the 總分 could not be read (page 13), so it and the 等第 cannot be checked" in error
    assert "no 總分 found" not in error
