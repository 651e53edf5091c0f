"""parsers.odt on tiny ODT packages written here by hand: mimetype, content.xml, manifest."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from parsers import odt
from parsers import parse as parse_any
from pipeline.document import Paragraph, Table
from pipeline.errors import DamagedFileError, EncryptedError

NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"'
)
MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
    '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)


def _content(body: str, prolog: str = "", automatic_styles: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}'
        f'<office:document-content {NS} office:version="1.3">'
        f"<office:automatic-styles>{automatic_styles}</office:automatic-styles>"
        f"<office:body><office:text>{body}</office:text></office:body></office:document-content>"
    ).encode()


def _write(
    tmp_path: Path, content: bytes, manifest: str = MANIFEST, name: str = "t.odt", styles: str | None = None
) -> Path:
    """``styles``: the named styles (raw style:style) of a styles.xml, which has none without it."""
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", content)
        zf.writestr("META-INF/manifest.xml", manifest)
        if styles is not None:
            zf.writestr("styles.xml", f"<office:document-styles {NS}><office:styles>{styles}</office:styles>"
                                      "</office:document-styles>")
    return path


def _parse_body(tmp_path: Path, body: str) -> list[Paragraph | Table]:
    return list(odt.parse(_write(tmp_path, _content(body))).blocks)


def _cell(text: str, attrs: str = "") -> str:
    return f"<table:table-cell {attrs}><text:p>{text}</text:p></table:table-cell>"


COVERED = "<table:covered-table-cell/>"


def _at(table: Table, row: int, col: int) -> tuple[str, int, int]:
    """(text, row_span, col_span) of the cell that starts at (row, col)."""
    matches = [c for c in table.cells if (c.row, c.col) == (row, col)]
    assert len(matches) == 1, f"expected one cell at {(row, col)}, got {matches}"
    return matches[0].text, matches[0].row_span, matches[0].col_span


def test_spans_and_covered_cells(tmp_path: Path) -> None:
    # +---------+----+
    # | A (2)   | B  |   header row (table:table-header-rows)
    # +----+----+----+
    # | C  | D  | E  |   C spans 2 rows
    # +    +----+----+
    # |    | F  | G  |   covered, F, G
    # +----+----+----+
    body = (
        '<table:table table:name="T">'
        '<table:table-column table:number-columns-repeated="3"/>'
        "<table:table-header-rows><table:table-row>"
        + _cell("A", 'table:number-columns-spanned="2"') + COVERED + _cell("B")
        + "</table:table-row></table:table-header-rows>"
        "<table:table-row>"
        + _cell("C", 'table:number-rows-spanned="2"') + _cell("D") + _cell("E")
        + "</table:table-row><table:table-row>"
        + COVERED + _cell("F") + _cell("G")
        + "</table:table-row></table:table>"
    )
    (table,) = _parse_body(tmp_path, body)
    assert isinstance(table, Table)
    assert (table.n_rows, table.n_cols, table.header_rows) == (3, 3, 1)
    assert len(table.cells) == 7  # A B C D E F G: covered cells produce nothing
    assert _at(table, 0, 0) == ("A", 1, 2)
    assert _at(table, 0, 2) == ("B", 1, 1)
    assert _at(table, 1, 0) == ("C", 2, 1)
    assert _at(table, 2, 1) == ("F", 1, 1)
    assert table.grid[2][0] is table.grid[1][0]
    assert table.page is None and all(c.page is None for c in table.cells)


def test_repeats_expand_but_padding_is_capped(tmp_path: Path) -> None:
    # +----+----+----+ . . . 1000 empty repeated columns (padding, dropped)
    # | x  | x  | y  |
    # +----+----+----+
    # | z  | z  | z  |   one row repeated twice
    # | z  | z  | z  |
    # +----+----+----+ . . . 5000 empty repeated rows (padding, dropped)
    empty = '<table:table-cell table:number-columns-repeated="1000"/>'
    body = (
        '<table:table><table:table-column table:number-columns-repeated="1003"/>'
        "<table:table-row>" + _cell("x", 'table:number-columns-repeated="2"') + _cell("y") + empty
        + '</table:table-row><table:table-row table:number-rows-repeated="2">'
        + _cell("z", 'table:number-columns-repeated="3"') + empty
        + '</table:table-row><table:table-row table:number-rows-repeated="5000">'
        + '<table:table-cell table:number-columns-repeated="1003"/></table:table-row></table:table>'
    )
    (table,) = _parse_body(tmp_path, body)
    assert isinstance(table, Table)
    assert (table.n_rows, table.n_cols) == (3, 3)
    assert [c.text for c in table.cells] == ["x", "x", "y", "z", "z", "z", "z", "z", "z"]
    assert _at(table, 2, 2) == ("z", 1, 1)


def test_body_order_lists_sections_and_inline_text(tmp_path: Path) -> None:
    # body: H | P with spaces/tab/line-break/span | LIST[P, LIST[P]] | TABLE(| T |) | SECTION[P]
    # tracked-changes (deleted text), notes and frames are not body text.
    body = (
        "<text:tracked-changes><text:changed-region><text:deletion><text:p>deleted</text:p>"
        "</text:deletion></text:changed-region></text:tracked-changes>"
        '<text:h text:outline-level="1">壹、 評鑑</text:h>'
        '<text:p>分數<text:s text:c="3"/>90<text:tab/>分<text:line-break/>'
        "<text:span>第二</text:span>行<text:note><text:note-citation>1</text:note-citation>"
        "<text:note-body><text:p>footnote</text:p></text:note-body></text:note>"
        "<draw:frame><draw:text-box><text:p>boxed</text:p></draw:text-box></draw:frame></text:p>"
        "<text:p>   </text:p>"
        "<text:list><text:list-item><text:p>item 1</text:p>"
        "<text:list><text:list-item><text:p>item 1.1</text:p></text:list-item></text:list>"
        "</text:list-item></text:list>"
        "<table:table><table:table-row>" + _cell("T") + "</table:table-row></table:table>"
        "<text:section><text:p>in section</text:p></text:section>"
    )
    blocks = _parse_body(tmp_path, body)
    kinds = [b.text if isinstance(b, Paragraph) else "TABLE:" + b.cells[0].text for b in blocks]
    assert kinds == [
        "壹、 評鑑", "分數   90 分\n第二行", "item 1", "item 1.1", "TABLE:T", "in section",
    ]


def _text_style(name: str, family: str, props: str, parent: str = "") -> str:
    parent_attr = f' style:parent-style-name="{parent}"' if parent else ""
    return (f'<style:style style:name="{name}" style:family="{family}"{parent_attr}>'
            f"<style:text-properties {props}/></style:style>")


def test_hidden_text_fields_and_sections_are_not_read(tmp_path: Path) -> None:
    # 得分：[hidden-text 80]88 | hidden-paragraph "小計 170 分" (inside a span too) | a hidden
    # section | a conditional section shown by its last result | 總分 [hidden-text shown by its
    # last result] | a span with text:display="none" whose tail is shown
    body = (
        '<text:p>得分：<text:hidden-text text:condition="ooow:1" text:string-value="80" '
        'text:is-hidden="true">80</text:hidden-text>88</text:p>'
        '<text:p><text:hidden-paragraph text:condition="ooow:1" text:is-hidden="true"/>小計 170 分</text:p>'
        '<text:p><text:span><text:hidden-paragraph text:condition="ooow:1"/>小計 171 分</text:span></text:p>'
        '<text:section text:name="old" text:display="none"><text:p>小計 172 分</text:p></text:section>'
        '<text:section text:name="cond" text:display="condition" text:condition="ooow:1">'
        "<text:p>小計 173 分</text:p></text:section>"
        '<text:section text:name="shown" text:display="condition" text:condition="ooow:0" text:is-hidden="false">'
        "<text:p>小計 174 分</text:p></text:section>"
        '<text:p>總分 <text:hidden-text text:condition="ooow:0" text:string-value="876" '
        'text:is-hidden="false">876</text:hidden-text></text:p>'
        '<text:p>等第 <text:span text:display="none">優</text:span>甲</text:p>'
    )
    blocks = _parse_body(tmp_path, body)
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["得分：88", "小計 174 分", "總分 876", "等第 甲"]


def test_text_hidden_by_styles_is_not_read(tmp_path: Path) -> None:
    # 得分：[80 in a hidden automatic text style]88 | a paragraph whose automatic style's parent
    # (a named style in styles.xml) is hidden | in such a paragraph, a span shown again, and a
    # hidden one in a table cell
    automatic = (
        _text_style("T1", "text", 'text:display="none"')
        + _text_style("T2", "text", 'text:display="true"')
        + _text_style("P1", "paragraph", 'fo:font-size="10pt"', parent="Old_20_Version")
    )
    named = _text_style("Old_20_Version", "paragraph", 'text:display="none"')
    body = (
        '<text:p>得分：<text:span text:style-name="T1">80</text:span>88</text:p>'
        '<text:p text:style-name="P1">小計 170 分</text:p>'
        '<text:p text:style-name="P1">小計 <text:span text:style-name="T2">174</text:span></text:p>'
        "<table:table><table:table-row><table:table-cell>"
        '<text:p>總分 <text:span text:style-name="T1">880</text:span>876</text:p>'
        "</table:table-cell></table:table-row></table:table>"
    )
    path = _write(tmp_path, _content(body, automatic_styles=automatic), styles=named)
    blocks = odt.parse(path).blocks
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["得分：88", "174"]
    assert [c.text for b in blocks if isinstance(b, Table) for c in b.cells] == ["總分 876"]


@pytest.mark.parametrize(
    ("position", "expected"),
    [
        ("super 58%", "得分：85¹"),
        ("33% 58%", "得分：85¹"),
        ("super", "得分：85¹"),
        ("sub 58%", "得分：851"),
        ("-33% 58%", "得分：851"),
        ("0% 100%", "得分：851"),
    ],
)
def test_raised_span_keeps_its_mark_raised(tmp_path: Path, position: str, expected: str) -> None:
    # 得分：85 + a span "1" in a style with style:text-position = position
    automatic = _text_style("T1", "text", f'style:text-position="{position}"')
    body = '<text:p>得分：85<text:span text:style-name="T1">1</text:span></text:p>'
    blocks = odt.parse(_write(tmp_path, _content(body, automatic_styles=automatic))).blocks
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [expected]


def test_raised_text_through_named_style_and_nested_span(tmp_path: Path) -> None:
    # a span in an automatic style whose parent (styles.xml) is raised, a plain span inside it
    # raised with it: "(註２)"; a span inside it set back to the baseline ("0% 100%") is not
    automatic = (
        _text_style("T1", "text", 'fo:font-size="9pt"', parent="Footnote_20_anchor")
        + _text_style("T2", "text", 'style:text-position="0% 100%"')
    )
    named = _text_style("Footnote_20_anchor", "text", 'style:text-position="super 58%"')
    body = (
        '<text:p>小計 170<text:span text:style-name="T1">(<text:span>註２</text:span>)</text:span></text:p>'
        '<text:p>總分<text:span text:style-name="T1">1<text:span text:style-name="T2">2</text:span>'
        "</text:span></text:p>"
    )
    blocks = odt.parse(_write(tmp_path, _content(body, automatic_styles=automatic), styles=named)).blocks
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == ["小計 170⁽註²⁾", "總分¹2"]


def test_cell_text_joins_paragraphs_and_nested_table(tmp_path: Path) -> None:
    # +-------------------------+
    # | p1 / p2 / [ x | y ]     |   one cell: two paragraphs and a sub-table
    # +-------------------------+
    nested = "<table:table><table:table-row>" + _cell("x") + _cell("y") + "</table:table-row></table:table>"
    body = (
        "<table:table><table:table-row><table:table-cell><text:p>p1</text:p><text:p/>"
        f"<text:p>p2</text:p>{nested}</table:table-cell></table:table-row></table:table>"
    )
    (table,) = _parse_body(tmp_path, body)
    assert isinstance(table, Table)
    assert [c.text for c in table.cells] == ["p1\np2\nx y"]


def test_registry_routes_odt_here(tmp_path: Path) -> None:
    document = parse_any(_write(tmp_path, _content("<text:p>hello</text:p>")))
    assert document.format == "odt"
    assert [p.text for p in document.paragraphs] == ["hello"]


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE office:document-content [<!ENTITY boom "BOOM">]>',
        "<!DOCTYPE office:document-content SYSTEM 'http://example.invalid/x.dtd'>",
    ],
)
def test_doctype_and_entities_refused(tmp_path: Path, prolog: str) -> None:
    content = _content("<text:p>&boom;</text:p>" if "ENTITY" in prolog else "<text:p>x</text:p>", prolog)
    with pytest.raises(DamagedFileError, match="DOCTYPE"):
        odt.parse(_write(tmp_path, content))


def test_doctype_hidden_in_utf16_refused(tmp_path: Path) -> None:
    # the plain byte check cannot see "<!DOCTYPE" in UTF-16; the parsed tree's docinfo can
    text = _content("<text:p>x</text:p>", '<!DOCTYPE office:document-content [<!ENTITY e "E">]>').decode()
    content = text.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")
    with pytest.raises(DamagedFileError, match="DOCTYPE"):
        odt.parse(_write(tmp_path, content))


def test_encrypted_odt(tmp_path: Path) -> None:
    manifest = MANIFEST.replace(
        'media-type="text/xml"/>',
        'media-type="text/xml"><manifest:encryption-data/></manifest:file-entry>',
    )
    with pytest.raises(EncryptedError, match="password"):
        odt.parse(_write(tmp_path, b"\x8a\x02 random bytes", manifest=manifest))


@pytest.mark.parametrize("content", [b"<office:document-content", b"\xff\xfe not xml"])
def test_malformed_content_is_damaged(tmp_path: Path, content: bytes) -> None:
    with pytest.raises(DamagedFileError, match="damaged ODT document"):
        odt.parse(_write(tmp_path, content))


def test_broken_zip_is_damaged(tmp_path: Path) -> None:
    path = tmp_path / "bad.odt"
    path.write_bytes(b"PK\x03\x04 cut short")
    with pytest.raises(DamagedFileError, match="could not be opened"):
        odt.parse(path)
