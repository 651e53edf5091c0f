"""What a sample report is: its spec, the body it prints and the ground truth derived from both.

A ``ReportSpec`` holds everything one report needs: the unit, year and item scores the author
meant, the narrative's facts, deliberate misprints, how the report is laid out and which
producer writes it. ``body(spec)`` turns it into the printed body (dimensions → item blocks →
rows) that every producer renders, and ``truth(spec, path)`` computes what kaohe must read and
report from the same spec, so that a printed figure and its truth cannot drift apart.

Two kinds of figures are kept apart here:

- the *author's* figures: what the report prints as 小計, summary figures and 總分. By default
  they add up the scores the author meant (``spec.scores``), including an item the report
  then forgets to print; ``Misprints`` overrides them.
- the *recomputed* figures: sums of the item scores a reader finds in the report (an item
  printed twice counts with its first score; an item missing counts with none), as
  docs/OUTPUT.md defines them. An item printed with an empty 得分 has its row in the report but
  no score to read: the sums that would need it (its dimension's, the total) are unknown, and
  the checks against them are not made (``unreadable_score`` instead).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .rubric import (
    GRADE_BANDS,
    LOWEST_GRADE,
    MARK_CLOSE,
    MARK_OPEN,
    ORGANIZATION,
    RUBRIC_110,
    SUM_RULES,
    Dimension,
    Item,
    Row,
    SampleRubric,
)

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

#: What writes each output file, by (builder, suffix).
PRODUCERS = {
    ("docx", "docx"): "python-docx",
    ("docx", "pdf"): "libreoffice",
    ("docx", "odt"): "libreoffice",
    ("html", "pdf"): "chromium",
    ("reportlab", "pdf"): "reportlab",
}


# --------------------------------------------------------------------------- spec model


@dataclass(frozen=True)
class Layout:
    """How one report prints its body and figures (defaults: the seed's own layout)."""

    #: Short name of the layout, recorded in the truth as ``layout``.
    slug: str = "grid-merged-item"
    #: Table rules: ``grid`` (every cell ruled), ``hrules`` (horizontal lines only), ``none``.
    rules: str = "grid"
    #: ``per-dimension``: a heading and a table per dimension, 小計 as a paragraph after it;
    #: ``one-big-table``: one table, a full-width row per dimension and 小計 rows inside;
    #: ``dimension-column``: one table whose first column (評核構面) is merged down over
    #: each dimension's rows, 小計 rows inside; ``per-item``: a heading per dimension and a
    #: table per item, the item's 得分 (``score_format``) in a paragraph after its table.
    form: str = "per-dimension"
    #: Header of a separate score column (得分 / 自評分數); '' puts the score in the item cell.
    score_column: str = ""
    #: Whether the score column comes last instead of right after 評核項目.
    score_column_last: bool = False
    #: How a score column cell prints the figure.
    column_format: str = "{}"
    item_cell_one_line: bool = False
    #: How the item cell prints the score, for every item and per item.
    score_format: str = "得分：{}"
    score_formats: dict[str, str] = field(default_factory=dict)
    #: How the item cell prints the maximum.
    max_format: str = "({}分)"
    fullwidth_score_items: frozenset[str] = frozenset()
    #: Full-width digits in every score and maximum.
    fullwidth_digits: bool = False
    #: The 小計 line: ``{}`` is the figure, ``{numeral}`` the dimension's numeral (一…五).
    subtotal_format: str = "小計 {} 分"
    print_subtotals: bool = True
    #: Printed item names that differ from the rubric's (typos, variants, spaces, line breaks).
    names: dict[str, str] = field(default_factory=dict)
    #: Printed dimension headings that differ from the seed's.
    headings: dict[str, str] = field(default_factory=dict)
    #: Item order within a dimension, when not the rubric's.
    order: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Summary table: ``horizontal`` (the seed's), ``vertical`` (a row per dimension), ``none``.
    summary: str = "horizontal"
    grade_legend: bool = True
    #: The whole report in simplified characters (HTML only).
    simplified: bool = False
    #: w:cantSplit on each item's first row (Word); False lets long rows break across pages.
    keep_item_rows_whole: bool = True
    #: reportlab: break the page right after the first line of this item's first row, so
    #: that the item cell's own text (name | maximum, score) is split across two pages.
    split_item: str = ""
    #: With ``split_item``: break before the cell's last line instead, so that the name and
    #: maximum stand at one page's foot and only the 得分 at the next page's head.
    split_before_score: bool = False
    #: Word: the title printed only in the page header (on every page), not in the body, and
    #: the summary's title without the unit and year.
    title_in_header: bool = False
    #: reportlab: the 評核項目 column's width in points (0: the builder's own), the room taken
    #: from the narrative column; a wider one keeps a name on one line beside a wrapped 評核指標.
    item_width: float = 0.0


@dataclass(frozen=True)
class Misprints:
    """Figures a report prints differently from what its items add up to (on purpose)."""

    subtotals: dict[str, int] = field(default_factory=dict)
    summary: dict[str, int] = field(default_factory=dict)
    total: int | None = None
    grade: str | None = None
    narrative: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Extra:
    """A block printed in the 評核項目 column beyond the rubric's items, at the end of a dimension.

    With ``item_no`` it repeats that rubric item (a copy-paste slip: a duplicate with another
    score); without, it names something that is no rubric item (an unmatched row).
    """

    dimension_no: str
    name: str
    max_points: int | None
    score: int | None
    item_no: str | None = None
    row: Row | None = None


@dataclass(frozen=True)
class ReportSpec:
    stem: str
    unit: str
    roc_year: int
    scores: dict[str, int]
    facts: dict[str, int | str]
    misprints: Misprints = Misprints()
    layout: Layout = Layout()
    skip_rows: frozenset[str] = frozenset()  # "<item>.<indicator>.<row>", 1-based
    #: ``docx`` (python-docx; outputs docx, pdf and odt via LibreOffice), ``html`` (Chromium
    #: prints it to PDF) or ``reportlab`` (drawn directly).
    builder: str = "docx"
    outputs: tuple[str, ...] = ("docx", "pdf")
    #: Rubric items the report does not print at all.
    missing: frozenset[str] = frozenset()
    #: Rubric items printed with an empty 得分.
    blank: frozenset[str] = frozenset()
    extras: tuple[Extra, ...] = ()
    #: Items scored outside 0..max on purpose (anything else out of range is a spec error).
    out_of_range: frozenset[str] = frozenset()
    #: The rubric the report is written in (the generator's own copy: the 110 one, or the 112
    #: test rubric of ``generate/rubric112.py``).
    rubric: SampleRubric = RUBRIC_110

    @property
    def dimensions(self) -> tuple[Dimension, ...]:
        return self.rubric.dimensions

    @property
    def items(self) -> dict[str, Item]:
        return self.rubric.items

    @property
    def dimension_of(self) -> dict[str, Dimension]:
        return self.rubric.dimension_of


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Printed:
    """Everything the document shows in the score places (claimed values)."""

    subtotals: dict[str, int]
    summary: dict[str, int]
    total: int
    grade: str


def grade_for(total: int) -> str:
    for floor, grade in GRADE_BANDS:
        if total >= floor:
            return grade
    return LOWEST_GRADE


def author_subtotals(spec: ReportSpec) -> dict[str, int]:
    """Per dimension, the sum of the scores the author meant, missing items included."""
    return {d.no: sum(spec.scores[i.no] for i in d.items) for d in spec.dimensions}


def printed_figures(spec: ReportSpec) -> Printed:
    sums = author_subtotals(spec)
    total = spec.misprints.total if spec.misprints.total is not None else sum(sums.values())
    return Printed(
        subtotals={**sums, **spec.misprints.subtotals},
        summary={**sums, **spec.misprints.summary},
        total=total,
        grade=spec.misprints.grade or grade_for(total),
    )


def found_scores(spec: ReportSpec) -> dict[str, int]:
    """The score a reader finds for each rubric item printed with one (its first printing)."""
    return {no: score for no, score in spec.scores.items() if no not in spec.missing | spec.blank}


def recomputed_subtotals(spec: ReportSpec) -> dict[str, int]:
    """Per dimension with any item found and none printed with an empty 得分, the sum of the item scores found."""
    found = found_scores(spec)
    return {d.no: sum(found[i.no] for i in d.items if i.no in found)
            for d in spec.dimensions
            if any(i.no in found for i in d.items) and not any(i.no in spec.blank for i in d.items)}


def recomputed_total(spec: ReportSpec) -> int | None:
    """The sum of the item scores found; unknown (None) when an item is printed with an empty 得分."""
    return None if spec.blank else sum(found_scores(spec).values())


def derive_facts(spec: ReportSpec) -> dict[str, int | str]:
    """Facts plus the figures the narrative computes from them (sums, rates, 天次)."""
    facts: dict[str, int | str] = {"Y": spec.roc_year, "unit": spec.unit, **spec.facts}
    for rule in SUM_RULES:
        facts[rule.total] = sum(int(facts[p]) for p in rule.parts)
    facts.update(spec.misprints.narrative)
    facts["dispatch_days"] = int(facts["work_days"]) * 2
    facts["gas_rate"] = percent(facts["gas_registered"], facts["gas_total"])
    facts["market_rate"] = percent(facts["market_registered"], facts["markets"])
    if int(facts["import_online"]) < 0.99 * int(facts["import_total"]):
        raise ValueError(f"{spec.stem}: the narrative says 線上申辦使用率達99%以上")
    return facts


def percent(part: int | str, whole: int | str) -> str:
    return f"{100 * int(part) / int(whole):.1f}"


# --------------------------------------------------------------------------- printed body


@dataclass(frozen=True)
class FlatRow:
    """One table row of a block: the block it belongs to, its 評核指標 and its own cells."""

    block_key: str
    indicator_key: str
    indicator: str
    row: Row


@dataclass(frozen=True)
class Block:
    """A run of rows sharing one 評核項目 cell: a rubric item, a duplicate or an unmatched row."""

    key: str
    item_no: str | None
    name: str
    max_points: int | None
    score: int | None  # as printed; None = left empty
    fullwidth: bool
    rows: tuple[FlatRow, ...]


@dataclass(frozen=True)
class DimBlock:
    dim: Dimension
    heading: str
    blocks: tuple[Block, ...]
    subtotal: int | None  # as printed; None = no 小計 line

    @property
    def rows(self) -> list[FlatRow]:
        return [row for block in self.blocks for row in block.rows]


def item_rows(spec: ReportSpec, item_no: str, key: str) -> tuple[FlatRow, ...]:
    rows = []
    for i, indicator in enumerate(spec.items[item_no].indicators, start=1):
        for j, row in enumerate(indicator.rows, start=1):
            if f"{item_no}.{i}.{j}" not in spec.skip_rows:
                rows.append(FlatRow(key, f"{key}.{i}", indicator.text, row))
    return tuple(rows)


def body(spec: ReportSpec) -> list[DimBlock]:
    """The report's body as printed: dimensions, their item blocks in printed order, 小計."""
    layout = spec.layout
    printed = printed_figures(spec)
    dims = []
    for dim in spec.dimensions:
        order = layout.order.get(dim.no, tuple(i.no for i in dim.items))
        blocks = [
            Block(no, no, layout.names.get(no, spec.items[no].name), spec.items[no].max_points,
                  None if no in spec.blank else spec.scores[no],
                  no in layout.fullwidth_score_items, item_rows(spec, no, no))
            for no in order if no not in spec.missing
        ]
        for n, extra in enumerate((e for e in spec.extras if e.dimension_no == dim.no), start=1):
            key = f"{dim.no}.x{n}"
            if extra.item_no is not None:
                first = item_rows(spec, extra.item_no, key)[:1]
            else:
                assert extra.row is not None, "an unmatched extra needs its own row"
                first = (FlatRow(key, f"{key}.1", "", extra.row),)
            blocks.append(Block(key, extra.item_no, extra.name, extra.max_points, extra.score, False, first))
        subtotal = printed.subtotals[dim.no] if layout.print_subtotals else None
        dims.append(DimBlock(dim, layout.headings.get(dim.no, dim.heading), tuple(blocks), subtotal))
    return dims


def digits(value: int, spec: ReportSpec, fullwidth: bool = False) -> str:
    text = str(value)
    return text.translate(FULLWIDTH) if fullwidth or spec.layout.fullwidth_digits else text


def score_text(block: Block, spec: ReportSpec, *, column: bool = False) -> str:
    """The 得分 as the item cell (or, with ``column``, the score column) prints it."""
    layout = spec.layout
    value = "" if block.score is None else digits(block.score, spec, block.fullwidth)
    if column:
        return layout.column_format.format(value) if value else ""
    fmt = layout.score_formats.get(block.item_no or "", layout.score_format)
    return fmt.format(value)


def item_cell_lines(block: Block, spec: ReportSpec) -> list[str]:
    """The 評核項目 cell: the name (its own line breaks kept), the maximum and the 得分."""
    layout = spec.layout
    parts = block.name.split("\n")
    if block.max_points is not None:
        parts.append(layout.max_format.format(digits(block.max_points, spec)))
    if not layout.score_column and layout.form != "per-item":
        parts.append(score_text(block, spec))
    return ["".join(parts)] if layout.item_cell_one_line else parts


def subtotal_text(dim: DimBlock, spec: ReportSpec) -> str:
    assert dim.subtotal is not None
    return spec.layout.subtotal_format.format(digits(dim.subtotal, spec), numeral="一二三四五"[int(dim.dim.no) - 1])


def title_text(spec: ReportSpec) -> str:
    return f"{ORGANIZATION}{spec.unit}{spec.roc_year}年度提升服務效能執行績效與成果"


def summary_title(spec: ReportSpec) -> str:
    if spec.layout.title_in_header:
        return "提升服務效能自行考核結果統計表"
    return f"{ORGANIZATION}{spec.unit}{spec.roc_year}年度提升服務效能自行考核結果統計表"


GRADE_LEGEND = "優=900 分以上；甲=899-800 分；乙=799-700 分；丙=699-600 分；丁=599 分以下"
SUMMARY_NOTE = "【請敘明考核結果後續處理情形，如函送受考核機關(單位)提報改進情形、考核結果登載於機關網頁等方式】"


def summary_header(dim: Dimension) -> str:
    numerals = "一二三四五"
    return f"{numerals[int(dim.no) - 1]}、{dim.name}({dim.max_points}分)"


def summary_horizontal(spec: ReportSpec, printed: Printed) -> tuple[list[str], list[str], list[str]]:
    """The seed's summary table: top header, second header (dimensions), the data row."""
    top = ["實施考核機關", "編號", "受考核單位名稱", "考核項目成績(1000分)", "", "", "", "",
           "總分", "等第", "考核年月"]
    second = ["", "", "", *(summary_header(d) for d in spec.dimensions), "", "", ""]
    y = spec.roc_year
    data = [spec.unit, "", spec.unit, *(str(printed.summary[d.no]) for d in spec.dimensions),
            str(printed.total), printed.grade, f"{y}/01 {y}/12"]
    return top, second, data


def summary_vertical(spec: ReportSpec, printed: Printed) -> list[list[str]]:
    """The summary turned on its side: a row per dimension, then 總分 and 等第."""
    numerals = "一二三四五"
    rows = [["評核構面", "配分", "自評分數"]]
    rows += [[f"{numerals[int(d.no) - 1]}、{d.name}", str(d.max_points), str(printed.summary[d.no])]
             for d in spec.dimensions]
    rows += [["總分", "1000", str(printed.total)], ["等第", "", printed.grade]]
    return rows


# --------------------------------------------------------------------------- ground truth


def finding(check: str, claimed: object, expected: object, dimension_no: str = "",
            item_no: str = "", severity: str = "error") -> dict[str, str]:
    return {"check": check, "severity": severity, "dimension_no": dimension_no,
            "item_no": item_no, "claimed": str(claimed), "expected": str(expected)}


def expected_findings(spec: ReportSpec) -> list[dict[str, str]]:
    """What a correct checker reports, by the rules of docs/OUTPUT.md, in its check order."""
    layout = spec.layout
    found = found_scores(spec)
    sums = recomputed_subtotals(spec)
    total = recomputed_total(spec)
    printed = printed_figures(spec)
    has_summary = layout.summary != "none"
    out: list[dict[str, str]] = []
    if layout.print_subtotals:
        out += [finding("subtotal_mismatch", printed.subtotals[d], sums[d], d)
                for d in sums if printed.subtotals[d] != sums[d]]
    if has_summary:
        out += [finding("summary_mismatch", printed.summary[d], sums[d], d)
                for d in sums if printed.summary[d] != sums[d]]
        if total is not None and printed.total != total:
            out.append(finding("total_mismatch", printed.total, total))
        if total is not None and printed.grade != grade_for(total):
            out.append(finding("grade_mismatch", printed.grade, grade_for(total)))
    for no, score in found.items():
        if not 0 <= score <= spec.items[no].max_points:
            out.append(finding("score_out_of_range", score, f"0-{spec.items[no].max_points}",
                               spec.dimension_of[no].no, no))
    out += [finding("missing_item", "", "", spec.dimension_of[no].no, no)
            for no in spec.items if no not in found and no not in spec.blank]
    out += [finding("unreadable_score", "", "", spec.dimension_of[no].no, no, severity="warning")
            for no in spec.items if no in spec.blank]
    for extra in spec.extras:
        if extra.item_no is not None and extra.score is not None and extra.score != found[extra.item_no]:
            out.append(finding("duplicate_item", extra.score, found[extra.item_no],
                               spec.dimension_of[extra.item_no].no, extra.item_no, severity="warning"))
    out += [finding("unmatched_row", "" if e.score is None else e.score, "", severity="warning")
            for e in spec.extras if e.item_no is None]
    facts = {**spec.facts, **spec.misprints.narrative}
    for rule in SUM_RULES:
        parts = sum(int(spec.facts[p]) for p in rule.parts)
        if rule.total in facts and int(facts[rule.total]) != parts:
            out.append(finding("arithmetic_mismatch", facts[rule.total], parts,
                               rule.dimension_no, rule.item_no, severity="warning"))
    return out


_MARKED = re.compile(re.escape(MARK_OPEN) + "(.*?)" + re.escape(MARK_CLOSE))
#: A marked span: qualifier before, the figure, the unit, qualifier after (one quantity each).
_MARKED_QUANTITY = re.compile(r"(約|逾|近|達|超過|超越|至少)?([0-9,]+(?:\.[0-9]+)?)(.+?)(以上|以下|以內|內)?")


def marked_quantity(raw: str) -> dict[str, object]:
    """value, unit and qualifier of one marked span (`達99%以上` → 99, %, 以上)."""
    m = _MARKED_QUANTITY.fullmatch(raw)
    if m is None:
        raise ValueError(f"marked span {raw!r} is not one quantity")
    value = float(m.group(2).replace(",", ""))
    return {"value": int(value) if value == int(value) else value, "unit": m.group(3),
            "qualifier": m.group(4) or m.group(1) or "", "raw": raw}


def expected_metrics(spec: ReportSpec) -> list[dict[str, object]]:
    """Every quantity the printed narrative states (the marked spans), with its item and indicator.

    A block that repeats a rubric item counts under that item; a block that names no rubric
    item has no item and no indicator.
    """
    facts = derive_facts(spec)
    out: list[dict[str, object]] = []
    for dim in body(spec):
        for block in dim.blocks:
            for flat in block.rows:
                number = flat.indicator_key.rsplit(".", 1)[1]
                indicator_no = f"{block.item_no}.{number}" if block.item_no is not None else None
                filled = (flat.row.marked or flat.row.result).format(**facts)
                out += [{"item_no": block.item_no, "indicator_no": indicator_no, **marked_quantity(m.group(1))}
                        for m in _MARKED.finditer(filled)]
    return out


def expected_indicators(spec: ReportSpec) -> list[dict[str, object]]:
    """Every printed row of a rubric item: its indicator, sub-indicator and 主辦單位 (indicators.csv)."""
    facts = derive_facts(spec)
    out: list[dict[str, object]] = []
    for dim in body(spec):
        for block in dim.blocks:
            if block.item_no is None:
                continue
            for flat in block.rows:
                number = flat.indicator_key.rsplit(".", 1)[1]
                indicator = spec.items[block.item_no].indicators[int(number) - 1]
                sub = re.match(r"\s*\((\d+)\)", flat.row.sub)
                out.append({
                    "item_no": block.item_no, "indicator_no": f"{block.item_no}.{number}",
                    "sub_indicator_no": f"({sub.group(1)})" if sub and len(indicator.rows) > 1 else "",
                    "units": [u.format(**facts) for u in flat.row.units],
                })
    return out


def truth(spec: ReportSpec, path: Path) -> dict[str, object]:
    layout = spec.layout
    found = found_scores(spec)
    total = recomputed_total(spec)
    printed = printed_figures(spec)
    has_summary = layout.summary != "none"
    complete = len(found) == len(spec.items)
    fmt = path.suffix.lstrip(".")
    return {
        "source_file": path.name,
        "format": fmt,
        "producer": PRODUCERS[(spec.builder, fmt)],
        "layout": layout.slug,
        "status": "ok" if complete and has_summary else "partial",
        "organization": ORGANIZATION,
        "unit": spec.unit,
        "roc_year": spec.roc_year,
        "year": spec.roc_year + 1911,
        "items": {no: found.get(no) for no in spec.items},
        "subtotals": {d.no: printed.subtotals[d.no] if layout.print_subtotals else None for d in spec.dimensions},
        "summary": {d.no: printed.summary[d.no] if has_summary else None for d in spec.dimensions},
        "claimed_total": printed.total if has_summary else None,
        "claimed_grade": printed.grade if has_summary else None,
        "recomputed_total": total,
        "recomputed_grade": grade_for(total) if total is not None else None,
        "findings": expected_findings(spec),
        "indicators": expected_indicators(spec),
        "metrics": expected_metrics(spec),
    }


def check_spec(spec: ReportSpec) -> None:
    """Refuse a spec whose intent is unclear (so that its truth cannot be wrong by accident)."""
    name = spec.stem
    if set(spec.scores) != set(spec.items):
        raise ValueError(f"{name}: scores for {sorted(spec.scores)} != rubric items")
    for no, score in spec.scores.items():
        outside = not 0 <= score <= spec.items[no].max_points
        if outside != (no in spec.out_of_range):
            raise ValueError(f"{name}: item {no} score {score} out of range is {outside}, intended {not outside}")
    for extra in spec.extras:
        if extra.item_no is not None and (extra.item_no in spec.missing | spec.blank
                                          or spec.dimension_of[extra.item_no].no != extra.dimension_no):
            raise ValueError(f"{name}: a duplicate of {extra.item_no} must follow its printed original")
    for dim_no, order in spec.layout.order.items():
        if sorted(order) != sorted(i.no for i in spec.dimensions[int(dim_no) - 1].items):
            raise ValueError(f"{name}: order of dimension {dim_no} is not a permutation of its items")
    if (spec.layout.title_in_header or spec.layout.form == "per-item") and spec.builder != "docx":
        raise ValueError(f"{name}: only the Word builder prints a page header or a table per item")
    if spec.layout.simplified and spec.builder != "html":
        raise ValueError(f"{name}: only the HTML builder writes simplified characters")
    for suffix in spec.outputs:
        if (spec.builder, suffix) not in PRODUCERS:
            raise ValueError(f"{name}: {spec.builder} does not write .{suffix}")
