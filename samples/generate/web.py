"""Reports written as HTML, the way a web-based form system would, for Chromium to print.

Tables are real ``<table>``s: the item, score and 評核指標 cells span their rows with
``rowspan``, dimension and 小計 rows of the one-big-table form span the width with
``colspan``, and the header row is a ``<thead>``, which Chromium repeats on every printed
page. Rules come from CSS: every cell ruled (``grid``), top and bottom borders only
(``hrules``) or none.
"""

from __future__ import annotations

from html import escape

import opencc

from .rubric import ORGANIZATION, RESULT
from .spec import (
    GRADE_LEGEND,
    SUMMARY_NOTE,
    DimBlock,
    ReportSpec,
    body,
    derive_facts,
    item_cell_lines,
    printed_figures,
    score_text,
    subtotal_text,
    summary_horizontal,
    summary_title,
    summary_vertical,
    title_text,
)

#: Column kinds and relative widths (%), as in the Word layouts.
PLAIN = (("item", 13.5), ("indicator", 14), ("sub", 20), ("units", 14.5), ("result", 38))
SCORE_AFTER_ITEM = (("item", 13), ("score", 7.5), ("indicator", 13), ("sub", 18), ("units", 13), ("result", 35.5))
SCORE_LAST = (("item", 13), ("indicator", 13), ("sub", 18), ("units", 13), ("result", 35.5), ("score", 7.5))
LABELS = {"item": "評核項目", "indicator": "評核指標", "sub": "次評核指標", "units": "主辦單位", "result": RESULT}

CSS = """
@page { size: A4; margin: 2cm 1.8cm; }
body { font-family: "%(font)s", serif; font-size: 11pt; line-height: 1.35; }
h1 { font-size: 14pt; text-align: center; margin: 0 0 10pt; }
p { margin: 0 0 4pt; }
p.h { font-weight: bold; margin-top: 8pt; }
table { border-collapse: collapse; width: 100%%; table-layout: fixed; font-size: 10pt; margin: 2pt 0 6pt; }
th, td { vertical-align: top; text-align: left; padding: 2pt 3pt; }
th { text-align: center; font-weight: bold; }
td.c { text-align: center; }
thead { display: table-header-group; }
table.grid th, table.grid td { border: 0.75pt solid #000; }
table.grid th, table.grid tr.dim td { background: #e6e6e6; }
table.hrules th, table.hrules td { border-top: 0.75pt solid #000; border-bottom: 0.75pt solid #000; }
table.none th, table.none td { border: none; }
tr.dim td, tr.subtotal td { font-weight: bold; }
.summary { break-before: page; }
"""


def lines(texts: list[str]) -> str:
    return "<br>".join(escape(t) for t in texts)


def columns_for(spec: ReportSpec) -> tuple[tuple[str, float], ...]:
    layout = spec.layout
    if layout.form == "dimension-column":
        raise ValueError(f"{spec.stem}: the HTML builder has no dimension-column form")
    if not layout.score_column:
        return PLAIN
    return SCORE_LAST if layout.score_column_last else SCORE_AFTER_ITEM


def table_head(spec: ReportSpec, kinds: list[str], result_header: str) -> str:
    labels = {**LABELS, "result": result_header, "score": spec.layout.score_column}
    cols = "".join(f'<col style="width:{w}%">' for _, w in columns_for(spec))
    head = "".join(f"<th>{escape(labels[k])}</th>" for k in kinds)
    return f'<table class="{spec.layout.rules}"><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>'


def dimension_rows(dim: DimBlock, spec: ReportSpec, facts: dict[str, int | str], kinds: list[str]) -> list[str]:
    rows = dim.rows
    blocks = {b.key: b for b in dim.blocks}
    span_block = {k: sum(r.block_key == k for r in rows) for k in blocks}
    out = []
    for n, flat in enumerate(rows):
        first_of_block = n == 0 or rows[n - 1].block_key != flat.block_key
        first_of_indicator = n == 0 or rows[n - 1].indicator_key != flat.indicator_key
        block = blocks[flat.block_key]
        cells = []
        for kind in kinds:
            if kind == "item" and first_of_block:
                cells.append(f'<td rowspan="{span_block[block.key]}">{lines(item_cell_lines(block, spec))}</td>')
            elif kind == "score" and first_of_block:
                cells.append(f'<td class="c" rowspan="{span_block[block.key]}">'
                             f"{escape(score_text(block, spec, column=True))}</td>")
            elif kind == "indicator" and first_of_indicator:
                span = 0
                while n + span < len(rows) and rows[n + span].indicator_key == flat.indicator_key:
                    span += 1
                cells.append(f'<td rowspan="{span}">{escape(flat.indicator)}</td>')
            elif kind == "sub":
                cells.append(f"<td>{escape(flat.row.sub)}</td>")
            elif kind == "units":
                cells.append(f"<td>{lines([u.format(**facts) for u in flat.row.units])}</td>")
            elif kind == "result":
                cells.append(f"<td>{lines(flat.row.result.format(**facts).split(chr(10)))}</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    return out


def body_html(spec: ReportSpec, facts: dict[str, int | str]) -> list[str]:
    kinds = [k for k, _ in columns_for(spec)]
    width = len(kinds)
    out = [
        f"<h1>{escape(title_text(spec))}</h1>",
        '<p class="h">整體服務類機關</p>',
        '<p class="h">一、計畫依據</p>',
        f"<p>{escape(ORGANIZATION)}{escape(str(facts['plan_date']))}經標秘字第{facts['plan_no']}號函訂定"
        f"「{spec.roc_year}年度提升服務效能執行計畫」。</p>",
        '<p class="h">二、執行策略及方法</p>',
    ]
    dims = body(spec)
    if spec.layout.form == "one-big-table":
        out.append(table_head(spec, kinds, RESULT))
        for dim in dims:
            out.append(f'<tr class="dim"><td colspan="{width}">{escape(dim.heading)}</td></tr>')
            out += dimension_rows(dim, spec, facts, kinds)
            if dim.subtotal is not None:
                out.append(f'<tr class="subtotal"><td colspan="{width}">{escape(subtotal_text(dim, spec))}</td></tr>')
        out.append("</tbody></table>")
        return out
    for dim in dims:
        out.append(f'<p class="h">{escape(dim.heading)}</p>')
        out.append(table_head(spec, kinds, dim.dim.result_header))
        out += dimension_rows(dim, spec, facts, kinds)
        out.append("</tbody></table>")
        if dim.subtotal is not None:
            out.append(f"<p>{escape(subtotal_text(dim, spec))}</p>")
    return out


def summary_html(spec: ReportSpec) -> list[str]:
    layout = spec.layout
    if layout.summary == "none":
        return []
    printed = printed_figures(spec)
    out = ['<div class="summary">', f"<h1>{escape(summary_title(spec))}</h1>", f"<p>受考核單位：{escape(spec.unit)}</p>"]
    if layout.grade_legend:
        out.append(f"<p>{escape(GRADE_LEGEND)}</p>")
    if layout.summary == "vertical":
        rows = summary_vertical(spec, printed)
        out.append(f'<table class="{layout.rules}" style="width:60%"><thead><tr>'
                   + "".join(f"<th>{escape(h)}</th>" for h in rows[0]) + "</tr></thead><tbody>")
        for row in rows[1:]:
            out.append("<tr>" + "".join(f'<td{" class=c" if n else ""}>{escape(v)}</td>' for n, v in enumerate(row))
                       + "</tr>")
    else:
        top, second, data = summary_horizontal(spec, printed)
        spanned = (0, 1, 2, 8, 9, 10)
        head = "".join(f'<th rowspan="2">{escape(top[c])}</th>' if c in spanned else
                       f'<th colspan="5">{escape(top[c])}</th>' if c == 3 else "" for c in range(len(top)))
        sub = "".join(f"<th>{escape(second[c])}</th>" for c in range(3, 8))
        out.append(f'<table class="{layout.rules}"><thead><tr>{head}</tr><tr>{sub}</tr></thead><tbody>')
        out.append("<tr>" + "".join(f'<td class="c">{escape(v)}</td>' for v in data) + "</tr>")
    out.append("</tbody></table>")
    out += ["<p>考核結果處理情形：</p>", f"<p>{escape(SUMMARY_NOTE)}</p>", "</div>"]
    return out


def build_html(spec: ReportSpec) -> str:
    """The whole report as one HTML page (in simplified characters when the layout says so)."""
    facts = derive_facts(spec)
    simplified = spec.layout.simplified
    font = "Noto Serif CJK SC" if simplified else "Noto Serif CJK TC"
    lang = "zh-CN" if simplified else "zh-TW"
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{escape(title_text(spec))}</title>",
        f"<style>{CSS % {'font': font}}</style></head><body>",
        *body_html(spec, facts),
        *summary_html(spec),
        "</body></html>",
    ]
    page = "\n".join(parts) + "\n"
    if simplified:
        page = str(opencc.OpenCC("t2s").convert(page))
    return page
