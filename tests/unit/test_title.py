"""pipeline.title: organization, unit and ROC year from a report's title paragraphs."""

from __future__ import annotations

import pytest

from pipeline.document import Cell, Document, Paragraph, Table
from pipeline.results import Title
from pipeline.title import read_title, split_unit

SEED_TITLE = "經濟部標準檢驗局基隆分局110年度提升服務效能執行績效與成果"


def doc(*texts: str) -> Document:
    return Document("t.docx", "docx", tuple(Paragraph(t) for t in texts))


def test_seed_title() -> None:
    title = read_title(doc(SEED_TITLE, "整體服務類機關", "一、計畫依據"))
    assert title == Title(organization="經濟部標準檢驗局", unit="基隆分局", roc_year=110)
    assert title.year == 2021


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("經濟部標準檢驗局 基隆分局 １１０ 年度提升服務效能執行績效與成果", ("經濟部標準檢驗局", "基隆分局", 110)),
        ("经济部标准检验局台南分局110年度提升服务效能执行绩效与成果", ("經濟部標準檢驗局", "臺南分局", 110)),
        ("經濟部標準檢驗局臺中分局111年度提升服務效能執行績效與成果", ("經濟部標準檢驗局", "臺中分局", 111)),
        ("經濟部標準檢驗局基隆分局110年度提升服務效能自行考核結果統計表", ("經濟部標準檢驗局", "基隆分局", 110)),
        ("經濟部標準檢驗局110年度提升服務效能執行績效與成果", ("經濟部標準檢驗局", "", 110)),
        ("經濟部標準檢驗局基隆分局2023年度提升服務效能執行績效與成果", ("經濟部標準檢驗局", "基隆分局", 112)),
        ("經濟部標準檢驗局基隆分局一一二年度提升服務效能執行績效與成果", ("經濟部標準檢驗局", "基隆分局", 112)),
        ("經濟部標準檢驗局基隆分局一百一十年度提升服務效能執行績效與成果", ("經濟部標準檢驗局", "基隆分局", 110)),
        ("經濟部標準檢驗局基隆分局中華民國110年度提升服務效能執行績效與成果", ("經濟部標準檢驗局", "基隆分局", 110)),
        ("經濟部標準檢驗局基隆分局民國一一〇年度提升服務效能執行績效與成果", ("經濟部標準檢驗局", "基隆分局", 110)),
        ("2021年經濟部標準檢驗局基隆分局提升服務效能執行績效與成果", ("經濟部標準檢驗局", "基隆分局", 110)),
    ],
    ids=["spaced-fullwidth-year", "simplified-and-tai", "year-111", "summary-table-title", "no-branch",
         "gregorian", "numerals-by-position", "numerals-counted", "zhonghua-minguo", "minguo-numerals",
         "gregorian-first"],
)
def test_title_variants(text: str, expected: tuple[str, str, int]) -> None:
    title = read_title(doc(text))
    assert (title.organization, title.unit, title.roc_year) == expected


def test_title_after_other_paragraphs() -> None:
    title = read_title(doc("附件一", "整體服務類機關", SEED_TITLE))
    assert (title.organization, title.unit, title.roc_year) == ("經濟部標準檢驗局", "基隆分局", 110)


def test_plan_reference_is_not_a_title() -> None:
    """The 計畫依據 sentence names the bureau and 110年度 but is not the title."""
    basis = "經濟部標準檢驗局110年1月19日經標秘字第11090000750號函訂定「110年度提升服務效能執行計畫」。"
    title = read_title(doc("一、計畫依據", basis))
    assert title == Title()


@pytest.mark.parametrize(
    "parts",
    [
        ("經濟部標準檢驗局基隆分局", "110年度提升服務效能執行績效與成果"),
        ("經濟部標準檢驗局", "基隆分局110年度提升服務效能執行績效與成果"),
        ("經濟部標準檢驗局基隆分局110年度", "提升服務效能執行績效與成果"),
        ("經濟部標準檢驗局基隆分局110", "年度提升服務效能執行績效與成果"),
    ],
    ids=["before-year", "after-body", "after-year", "inside-year"],
)
def test_title_broken_over_two_paragraphs_does_not_crash_or_misread(parts: tuple[str, str]) -> None:
    """Each field is either read right or left empty; never a wrong organization, unit or year."""
    title = read_title(doc(*parts, "整體服務類機關"))
    assert title.organization in ("", "經濟部標準檢驗局")
    assert title.unit in ("", "基隆分局")
    assert title.roc_year in (None, 110)


def test_broken_title_still_gets_the_unit_from_the_review_line() -> None:
    title = read_title(doc("經濟部標準檢驗局基隆分局", "110年度提升服務效能執行績效與成果", "受考核單位：基隆分局"))
    assert title.unit == "基隆分局"


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("受考核單位：高雄分局", "高雄分局"),
        ("受考核單位: 高 雄 分 局", "高雄分局"),
        ("受考核機關名稱：臺中分局", "臺中分局"),
        ("受考核單位：台南分局", "臺南分局"),
        ("受考核單位：高雄分局　考核年月：110/12", "高雄分局"),
        ("受考核單位：臺中分局港區辦事處", "臺中分局港區辦事處"),
    ],
    ids=["seed-line", "ascii-colon-spaced", "agency-name-label", "tai-variant", "followed-by-label", "office"],
)
def test_unit_falls_back_to_the_review_line(line: str, unit: str) -> None:
    title = read_title(doc("經濟部標準檢驗局110年度提升服務效能執行績效與成果", line))
    assert title.organization == "經濟部標準檢驗局"
    assert title.roc_year == 110
    assert title.unit == unit


def test_review_line_alone_gives_only_the_unit() -> None:
    assert read_title(doc("提升服務效能執行績效與成果", "受考核單位：高雄分局")) == Title(unit="高雄分局")


def test_branch_in_title_wins_over_review_line() -> None:
    assert read_title(doc(SEED_TITLE, "受考核單位：高雄分局")).unit == "基隆分局"


@pytest.mark.parametrize(
    "document",
    [
        doc(),
        doc("一、計畫依據", "二、執行策略及方法", "小計 170 分"),
        Document("t.pdf", "pdf", (Table((Cell(0, 0, "評核項目"), Cell(1, 0, "服務友善性 (100分) 得分：85")), 2, 1),)),
    ],
    ids=["no-blocks", "no-title-paragraph", "only-an-item-table"],
)
def test_document_without_a_title_gives_empty_fields(document: Document) -> None:
    title = read_title(document)
    assert title == Title()
    assert title.year is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("經濟部標準檢驗局基隆分局", ("經濟部標準檢驗局", "基隆分局")),
        ("經濟部標準檢驗局新竹分局竹南辦事處", ("經濟部標準檢驗局新竹分局", "竹南辦事處")),
        ("經濟部標準檢驗局", ("經濟部標準檢驗局", "")),
        ("財政部北區國稅局", ("財政部北區國稅局", "")),
    ],
    ids=["branch", "office-under-branch", "no-branch", "bureau-without-branch"],
)
def test_split_unit(name: str, expected: tuple[str, str]) -> None:
    assert split_unit(name) == expected


def test_year_first_title() -> None:
    doc = Document("x", "docx", (Paragraph("110年度經濟部標準檢驗局花蓮分局提升服務效能執行績效與成果"),))
    title = read_title(doc)
    assert (title.organization, title.unit, title.roc_year) == ("經濟部標準檢驗局", "花蓮分局", 110)


def test_title_wrapped_before_the_year() -> None:
    doc = Document(
        "x", "docx",
        (
            Paragraph("整體服務類機關"),
            Paragraph("經濟部標準檢驗局臺南分局"),
            Paragraph("111年度提升服務效能執行績效與成果"),
        ),
    )
    title = read_title(doc)
    assert (title.organization, title.unit, title.roc_year) == ("經濟部標準檢驗局", "臺南分局", 111)
