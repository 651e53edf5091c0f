"""parsers.docx and parsers.doc on tiny documents built here: python-docx writes the package,
raw WordprocessingML supplies the table shapes python-docx cannot make (gridBefore, vMerge
with text left in the continuation, header rows)."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx as python_docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from parsers import doc as doc_parser
from parsers import docx as docx_parser
from parsers import odt as odt_parser
from pipeline.document import Paragraph, Table
from pipeline.errors import (
    ConversionError,
    DamagedFileError,
    EncryptedError,
    UnsupportedFormat,
    WrongFormatError,
)

W = nsdecls("w")


def _tc(text: str, props: str = "") -> str:
    pr = f"<w:tcPr>{props}</w:tcPr>" if props else ""
    return f"<w:tc>{pr}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def _tr(*cells: str, props: str = "") -> str:
    pr = f"<w:trPr>{props}</w:trPr>" if props else ""
    return f"<w:tr>{pr}{''.join(cells)}</w:tr>"


def _tbl(n_grid: int, *rows: str) -> str:
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(n_grid))
    return f"<w:tbl {W}><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def _write(tmp_path: Path, *xml_blocks: str, name: str = "t.docx", styles: tuple[str, ...] = ()) -> Path:
    """A .docx whose body holds ``xml_blocks`` (raw w:p / w:tbl / w:sdt) in order; ``styles``
    (raw w:style) are added to python-docx's default styles part."""
    document = python_docx.Document()
    for style in styles:
        document.styles.element.append(parse_xml(style))
    body = document.element.body
    sect_pr = body.sectPr
    for xml in xml_blocks:
        element = parse_xml(xml)
        if sect_pr is not None:
            sect_pr.addprevious(element)
        else:
            body.append(element)
    path = tmp_path / name
    document.save(str(path))
    return path


def _only_table(path: Path) -> Table:
    tables = docx_parser.parse(path).tables
    assert len(tables) == 1
    return tables[0]


def _at(table: Table, row: int, col: int) -> tuple[str, int, int]:
    """(text, row_span, col_span) of the cell that starts at (row, col)."""
    matches = [c for c in table.cells if (c.row, c.col) == (row, col)]
    assert len(matches) == 1, f"expected one cell at {(row, col)}, got {matches}"
    cell = matches[0]
    return cell.text, cell.row_span, cell.col_span


def test_horizontal_merge_appears_once_with_col_span(tmp_path: Path) -> None:
    # +---------+----+
    # | A (2)   | B  |
    # +----+----+----+
    # | C  | D  | E  |
    # +----+----+----+
    path = _write(tmp_path, _tbl(
        3,
        _tr(_tc("A", '<w:gridSpan w:val="2"/>'), _tc("B")),
        _tr(_tc("C"), _tc("D"), _tc("E")),
    ))
    table = _only_table(path)
    assert (table.n_rows, table.n_cols) == (2, 3)
    assert len(table.cells) == 5
    assert _at(table, 0, 0) == ("A", 1, 2)
    assert _at(table, 0, 2) == ("B", 1, 1)
    grid = table.grid
    assert grid[0][0] is grid[0][1]
    assert [c.text for c in table.row_cells(0)] == ["A", "B"]


def test_vertical_merge_appears_once_with_row_span_and_restart_text(tmp_path: Path) -> None:
    # +----+----+
    # | A  | M  |   M: vMerge restart
    # +----+    +
    # | B  |    |   continuation (its stray text "x" is not the cell's)
    # +----+    +
    # | C  |    |   continuation
    # +----+----+
    # | D  | N  |
    # +----+----+
    restart, cont = '<w:vMerge w:val="restart"/>', "<w:vMerge/>"
    path = _write(tmp_path, _tbl(
        2,
        _tr(_tc("A"), _tc("M", restart)),
        _tr(_tc("B"), _tc("x", cont)),
        _tr(_tc("C"), _tc("", '<w:vMerge w:val="continue"/>')),
        _tr(_tc("D"), _tc("N")),
    ))
    table = _only_table(path)
    assert (table.n_rows, table.n_cols) == (4, 2)
    assert [c.text for c in table.cells if c.col == 1] == ["M", "N"]
    assert _at(table, 0, 1) == ("M", 3, 1)
    assert table.grid[2][1] is table.grid[0][1]
    assert _at(table, 3, 1) == ("N", 1, 1)


def test_vmerge_continuation_without_restart_above_is_its_own_cell(tmp_path: Path) -> None:
    # +----+----+
    # | A  | B  |
    # +----+----+
    # | C  | D  |   D carries vMerge "continue" but B never restarted a merge
    # +----+----+
    path = _write(tmp_path, _tbl(2, _tr(_tc("A"), _tc("B")), _tr(_tc("C"), _tc("D", "<w:vMerge/>"))))
    table = _only_table(path)
    assert _at(table, 1, 1) == ("D", 1, 1)
    assert _at(table, 0, 1) == ("B", 1, 1)


def test_grid_before_and_after_offset_columns(tmp_path: Path) -> None:
    # +----+----+----+----+
    # | A  | B  | C  | D  |
    # +----+----+----+----+
    #      | E  | F  |        gridBefore=1, gridAfter=1
    #      +----+----+----+
    #                | G  |   gridBefore=3
    #                +----+
    path = _write(tmp_path, _tbl(
        4,
        _tr(_tc("A"), _tc("B"), _tc("C"), _tc("D")),
        _tr(_tc("E"), _tc("F"), props='<w:gridBefore w:val="1"/><w:gridAfter w:val="1"/>'),
        _tr(_tc("G"), props='<w:gridBefore w:val="3"/>'),
    ))
    table = _only_table(path)
    assert (table.n_rows, table.n_cols) == (3, 4)
    assert _at(table, 1, 1) == ("E", 1, 1)
    assert _at(table, 1, 2) == ("F", 1, 1)
    assert _at(table, 2, 3) == ("G", 1, 1)
    assert table.grid[1][0] is None and table.grid[1][3] is None


def test_grid_width_grows_past_a_short_tbl_grid(tmp_path: Path) -> None:
    # tblGrid declares 1 column, rows use 3:  | A | B | C |
    path = _write(tmp_path, _tbl(1, _tr(_tc("A"), _tc("B"), _tc("C"))))
    assert _only_table(path).n_cols == 3


@pytest.mark.parametrize(
    ("flags", "expected"),
    [
        (["<w:tblHeader/>", '<w:tblHeader w:val="true"/>', ""], 2),
        (['<w:tblHeader w:val="1"/>', '<w:tblHeader w:val="off"/>', "<w:tblHeader/>"], 1),
        (["", "<w:tblHeader/>", ""], 0),  # only leading rows are headings
    ],
)
def test_tbl_header_rows_counted(tmp_path: Path, flags: list[str], expected: int) -> None:
    # three one-cell rows | H0 | / | H1 | / | R2 |, trPr flags as given
    rows = [_tr(_tc(f"R{i}"), props=flag) for i, flag in enumerate(flags)]
    assert _only_table(_write(tmp_path, _tbl(1, *rows))).header_rows == expected


def _p(xml_runs: str) -> str:
    return f"<w:p {W}>{xml_runs}</w:p>"


def test_body_order_with_content_controls_and_blank_paragraphs(tmp_path: Path) -> None:
    # body: P"first" | blank P | TABLE(| T |) | P"middle" | SDT[P"in control", TABLE(| U |)]
    sdt = (
        f"<w:sdt {W}><w:sdtPr/><w:sdtContent>"
        "<w:p><w:r><w:t>in control</w:t></w:r></w:p>"
        + _tbl(1, _tr(_tc("U"))).replace(f" {W}", "")
        + "</w:sdtContent></w:sdt>"
    )
    path = _write(
        tmp_path,
        _p("<w:r><w:t>first</w:t></w:r>"),
        _p("<w:r><w:t xml:space='preserve'>   </w:t></w:r>"),
        _tbl(1, _tr(_tc("T"))),
        _p("<w:r><w:t>middle</w:t></w:r>"),
        sdt,
    )
    blocks = docx_parser.parse(path).blocks
    kinds = [
        b.text if isinstance(b, Paragraph) else "TABLE:" + b.cells[0].text for b in blocks
    ]
    assert kinds == ["first", "TABLE:T", "middle", "in control", "TABLE:U"]
    assert all(getattr(b, "page", None) is None for b in blocks)


def test_paragraph_text_runs_hyperlinks_tabs_breaks_and_no_deleted_text(tmp_path: Path) -> None:
    # one paragraph: "分數" TAB hyperlink"90" BR "分" + deleted "old" + field code
    rels = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    xml = (
        f"<w:p {W} {rels}><w:r><w:t>分數</w:t><w:tab/></w:r>"
        '<w:hyperlink r:id="rId99"><w:r><w:t>90</w:t></w:r></w:hyperlink>'
        "<w:r><w:br/><w:t>分</w:t></w:r>"
        "<w:del><w:r><w:delText>old</w:delText></w:r></w:del>"
        "<w:r><w:instrText> PAGE </w:instrText></w:r>"
        "</w:p>"
    )
    document = docx_parser.parse(_write(tmp_path, xml))
    assert [p.text for p in document.paragraphs] == ["分數 90\n分"]
    assert document.format == "docx" and document.page_count is None


def _r(text: str, props: str = "") -> str:
    """A run holding ``text``, with run properties ``props`` (raw, inside w:rPr)."""
    return f"<w:r><w:rPr>{props}</w:rPr><w:t xml:space='preserve'>{text}</w:t></w:r>"


def _style(kind: str, style_id: str, props: str, based_on: str = "") -> str:
    base = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style {W} w:type="{kind}" w:styleId="{style_id}"><w:name w:val="{style_id}"/>{base}'
            f"<w:rPr>{props}</w:rPr></w:style>")


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        ("<w:vanish/>", "得分：88"),
        ('<w:vanish w:val="true"/>', "得分：88"),
        ('<w:vanish w:val="0"/>', "得分：8088"),
        ('<w:vanish w:val="false"/>', "得分：8088"),
        ("<w:specVanish/>", "得分：8088"),  # hidden only with w:vanish (a style separator's mark)
        ("<w:webHidden/>", "得分：8088"),  # hidden in Web Layout view, printed
    ],
)
def test_hidden_run_is_not_read(tmp_path: Path, props: str, expected: str) -> None:
    # 得分：[80, hidden] 88 displays 得分：88, not 得分：8088
    path = _write(tmp_path, _p(_r("得分：") + _r("80", props) + _r("88")))
    assert [p.text for p in docx_parser.parse(path).paragraphs] == [expected]


def test_text_hidden_through_styles_is_not_read(tmp_path: Path) -> None:
    # 得分：[80 in a hidden character style]88 | a paragraph whose style is based on a hidden
    # style | in that paragraph, a run that turns it off directly | a character style that is
    # based on a hidden one but turns it off | the hidden character style in the hidden
    # paragraph style: a toggle set at both levels flips twice, so it is shown
    styles = (
        _style("character", "Hidden", "<w:vanish/>"),
        _style("paragraph", "OldVersion", "<w:vanish/>"),
        _style("paragraph", "OldScore", "", based_on="OldVersion"),
        _style("character", "Shown", '<w:vanish w:val="0"/>', based_on="Hidden"),
    )
    path = _write(
        tmp_path,
        _p(_r("得分：") + _r("80", '<w:rStyle w:val="Hidden"/>') + _r("88")),
        _p('<w:pPr><w:pStyle w:val="OldScore"/></w:pPr>' + _r("小計 170 分")),
        _p('<w:pPr><w:pStyle w:val="OldScore"/></w:pPr>' + _r("小計 ") + _r("174", '<w:vanish w:val="0"/>')),
        _p(_r("總分 ") + _r("876", '<w:rStyle w:val="Shown"/>')),
        _p('<w:pPr><w:pStyle w:val="OldScore"/></w:pPr>' + _r("甲", '<w:rStyle w:val="Hidden"/>')),
        styles=styles,
    )
    assert [p.text for p in docx_parser.parse(path).paragraphs] == ["得分：88", "174", "總分 876", "甲"]


def test_hidden_paragraph_is_dropped_in_body_and_cell(tmp_path: Path) -> None:
    # body: P(hidden "小計 170 分", hidden mark) | P"小計 174 分" | TABLE(| hidden P / 得分：88 |)
    hidden = "<w:vanish/>"
    hidden_p = f"<w:p><w:pPr><w:rPr>{hidden}</w:rPr></w:pPr>{_r('得分：80', hidden)}</w:p>"
    cell = f"<w:tc>{hidden_p}<w:p>{_r('得分：88')}</w:p></w:tc>"
    path = _write(
        tmp_path,
        _p(f"<w:pPr><w:rPr>{hidden}</w:rPr></w:pPr>" + _r("小計 170 分", hidden)),
        _p(_r("小計 174 分")),
        _tbl(1, _tr(cell)),
    )
    document = docx_parser.parse(path)
    assert [p.text for p in document.paragraphs] == ["小計 174 分"]
    assert document.tables[0].cells[0].text == "得分：88"


def _field(code: str, result: str, rpr: str = "") -> str:
    """A complex field: begin, ``code`` (instrText, or raw runs when it starts with "<"),
    separate, ``result`` (raw runs), end. ``rpr`` formats the begin run."""
    code_runs = code if code.startswith("<") else f"<w:r><w:instrText xml:space='preserve'>{code}</w:instrText></w:r>"
    return (f'<w:r><w:rPr>{rpr}</w:rPr><w:fldChar w:fldCharType="begin"/></w:r>{code_runs}'
            f'<w:r><w:fldChar w:fldCharType="separate"/></w:r>{result}<w:r><w:fldChar w:fldCharType="end"/></w:r>')


def _code(text: str) -> str:
    return f"<w:r><w:instrText xml:space='preserve'>{text}</w:instrText></w:r>"


_END, _BEGIN = '<w:r><w:fldChar w:fldCharType="end"/></w:r>', '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        pytest.param(  # 總分 { = {REF d1} + {REF d2} }: the REF results are the formula's input
            _r("總分 ") + _field(
                _code(" = ") + _field(" REF d1 ", _r("174")) + _code(" + ") + _field(" REF d2 ", _r("702")), _r("876")
            ),
            "總分 876", id="formula-of-refs",
        ),
        pytest.param(  # 等第 { IF {=SUM(LEFT)} > 899 "優" "甲" }
            _r("等第 ")
            + _field(_code(" IF ") + _field(" =SUM(LEFT) ", _r("876")) + _code(' > 899 "優" "甲" '), _r("甲")),
            "等第 甲", id="if-of-formula",
        ),
        pytest.param(  # a field in another's result is displayed: { TOC { PAGEREF } }
            _field(" TOC ", _r("壹、 評鑑 ") + _field(" PAGEREF _Toc1 ", _r("5"))), "壹、 評鑑 5", id="field-in-result",
        ),
        pytest.param(  # one field and a simple field, as before
            _r("得分：") + _field(" REF s11 ", _r("88"))
            + '<w:fldSimple w:instr=" PAGE ">' + _r("/3") + "</w:fldSimple>",
            "得分：88/3", id="single-and-simple",
        ),
        pytest.param(  # a simple field in a field's code is not displayed either
            _r("得分：") + _field('<w:fldSimple w:instr=" REF old ">' + _r("80") + "</w:fldSimple>", _r("88")),
            "得分：88", id="simple-in-code",
        ),
        pytest.param(  # a hidden run still begins its field: the text in the code stays out
            _field(_code(" QUOTE ") + _r("80"), _r("88"), rpr="<w:vanish/>"), "88", id="hidden-begin",
        ),
        pytest.param(  # a stray end changes nothing; a field never closed hides only the rest of its paragraph
            _END + _r("小計 174") + _BEGIN + _r("old"), "小計 174", id="unbalanced",
        ),
    ],
)
def test_nested_fields_show_only_the_outer_result(tmp_path: Path, runs: str, expected: str) -> None:
    path = _write(tmp_path, _p(runs), _p(_r("next paragraph")))
    assert [p.text for p in docx_parser.parse(path).paragraphs] == [expected, "next paragraph"]


SUPER = '<w:vertAlign w:val="superscript"/>'


@pytest.mark.parametrize(
    ("runs", "expected"),
    [
        pytest.param(_r("得分：85") + _r("1", SUPER), "得分：85¹", id="footnote-mark"),
        pytest.param(_r("總分 845") + _r("２", SUPER), "總分 845²", id="full-width-digit"),
        pytest.param(_r("小計 170") + _r("(註3)", SUPER), "小計 170⁽註³⁾", id="mark-with-cjk"),
        pytest.param(_r("得分：85") + _r("1", '<w:rStyle w:val="Ref"/>'), "得分：85¹", id="character-style"),
        pytest.param(_r("得分：85") + _r("1", '<w:rStyle w:val="Ref"/><w:vertAlign w:val="baseline"/>'),
                     "得分：851", id="baseline-over-style"),
        pytest.param(_r("H") + _r("2", '<w:vertAlign w:val="subscript"/>') + _r("O"), "H2O", id="subscript-as-is"),
    ],
)
def test_superscript_runs_keep_their_marks_raised(tmp_path: Path, runs: str, expected: str) -> None:
    path = _write(tmp_path, _p(runs), styles=(_style("character", "Ref", SUPER),))
    assert [p.text for p in docx_parser.parse(path).paragraphs] == [expected]


def test_cell_text_joins_paragraphs_and_nested_table(tmp_path: Path) -> None:
    # +---------------------------+
    # | line 1 / line 2 / [x | y] |   one cell: two paragraphs and a nested table
    # +---------------------------+
    inner = _tbl(2, _tr(_tc("x"), _tc("y"))).replace(f" {W}", "")
    cell = (
        "<w:tc><w:p><w:r><w:t>line 1</w:t></w:r></w:p><w:p/>"
        f"<w:p><w:r><w:t>line 2</w:t></w:r></w:p>{inner}<w:p/></w:tc>"
    )
    table = _only_table(_write(tmp_path, _tbl(1, _tr(cell))))
    assert table.cells[0].text == "line 1\nline 2\nx y"


@pytest.mark.parametrize("content", [b"PK\x03\x04 truncated zip", b"not a zip at all"])
def test_damaged_docx_gives_one_sentence(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(content)
    with pytest.raises(DamagedFileError) as info:
        docx_parser.parse(path)
    assert str(info.value) == "damaged Word document: the file could not be opened"


# --- legacy .doc -------------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _ole(tmp_path: Path, stream: str, name: str = "legacy.doc") -> Path:
    """Not a real OLE file: just the magic and a directory entry name, which is all doc.py reads."""
    path = tmp_path / name
    path.write_bytes(OLE_MAGIC + b"\0" * 2000 + stream.encode("utf-16-le") + b"\0" * 100)
    return path


def test_password_protected_docx_in_ole_wrapper_is_encrypted(tmp_path: Path) -> None:
    with pytest.raises(EncryptedError, match="encrypted Word document: a password is needed"):
        doc_parser.parse(_ole(tmp_path, "EncryptedPackage", name="secret.docx"))


def test_doc_without_libreoffice_is_a_conversion_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(ConversionError, match=r"LibreOffice is needed to read \.doc files"):
        doc_parser.parse(_ole(tmp_path, "WordDocument"))


@pytest.mark.parametrize(("name", "error"), [("sheet.xls", UnsupportedFormat), ("sheet.doc", WrongFormatError)])
def test_ole_file_that_is_not_word(tmp_path: Path, name: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        doc_parser.parse(_ole(tmp_path, "Workbook", name=name))


def _soffice_convert(source: Path, target: str, outdir: Path) -> Path:
    import subprocess

    profile = (outdir.parent / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
         "--outdir", str(outdir), str(source)],
        check=True, capture_output=True, timeout=120,
    )
    return outdir / f"{source.stem}.{target}"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_real_doc_round_trip_through_libreoffice(tmp_path: Path) -> None:
    # | 項目 (2) | / | 分數 | 85 |, written as .doc by LibreOffice via ODT: LibreOffice 7.4
    # drops a python-docx table when it writes .doc straight from .docx.
    document = python_docx.Document()
    document.add_paragraph("自評報告")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "項目"
    table.cell(1, 0).text, table.cell(1, 1).text = "分數", "85"
    source = tmp_path / "報告.docx"
    document.save(str(source))
    odt = _soffice_convert(source, "odt", tmp_path / "odt")
    legacy = _soffice_convert(odt, "doc", tmp_path / "doc")

    parsed = doc_parser.parse(legacy)
    assert parsed.format == "doc"
    assert parsed.source.endswith("報告.doc")
    assert [p.text for p in parsed.paragraphs] == ["自評報告"]
    (converted,) = parsed.tables
    assert _at(converted, 0, 0) == ("項目", 1, 2)
    assert _at(converted, 1, 1) == ("85", 1, 1)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_superscript_mark_read_alike_from_word_and_from_libreoffice_odt(tmp_path: Path) -> None:
    # | 得分：85 + superscript 1 |, and the same document converted to ODT by LibreOffice
    # (a span whose automatic style has style:text-position="super 58%")
    document = python_docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].add_run("得分：85")
    cell.paragraphs[0].add_run("1").font.superscript = True
    source = tmp_path / "mark.docx"
    document.save(str(source))
    converted = _soffice_convert(source, "odt", tmp_path / "odt")
    for table in (*docx_parser.parse(source).tables, *odt_parser.parse(converted).tables):
        assert [c.text for c in table.cells] == ["得分：85¹"]


def test_a_title_in_the_page_header_is_read_before_the_body(tmp_path: Path) -> None:
    """Some reports print their title only in the page header: it comes first, once."""
    document = python_docx.Document()
    document.sections[0].header.paragraphs[0].text = "經濟部標準檢驗局新竹分局110年度提升服務效能執行績效與成果"
    document.add_paragraph("二、執行策略及方法")
    path = tmp_path / "header.docx"
    document.save(str(path))
    blocks = docx_parser.parse(path).blocks
    assert [b.text for b in blocks if isinstance(b, Paragraph)] == [
        "經濟部標準檢驗局新竹分局110年度提升服務效能執行績效與成果", "二、執行策略及方法"]


def test_a_paragraph_whose_mark_is_deleted_runs_on_into_the_next(tmp_path: Path) -> None:
    """`小計` with its paragraph mark deleted (tracked), then `170 分`: Word shows one line, and
    read as two the 小計 was lost, so a wrong one went unchecked."""
    deleted = '<w:pPr><w:rPr><w:del w:id="1" w:author="a" w:date="2021-01-01T00:00:00Z"/></w:rPr></w:pPr>'
    cell = f"<w:tc><w:p>{deleted}{_r('得分：')}</w:p><w:p>{_r('88')}</w:p></w:tc>"
    path = _write(
        tmp_path,
        _p(deleted + _r("小計 ")),
        _p(_r("170 分")),
        _p(_r("下一段")),
        _tbl(1, _tr(cell)),
    )
    document = docx_parser.parse(path)
    assert [p.text for p in document.paragraphs] == ["小計 170 分", "下一段"]
    assert document.tables[0].cells[0].text == "得分：88"


def test_a_strict_open_xml_document_is_told_as_such_not_as_damaged(tmp_path: Path) -> None:
    """Word writes Strict Open XML when asked; python-docx cannot open it. The file is not
    damaged, and the sentence says what to do."""
    import zipfile

    from pipeline.errors import ConversionError

    source = _write(tmp_path, _p(_r("得分：85")))
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(strict, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "_rels/.rels":
                data = data.replace(b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/",
                                    b"http://purl.oclc.org/ooxml/officeDocument/relationships/")
            zout.writestr(item, data)
    with pytest.raises(ConversionError, match="Strict Open XML"):
        docx_parser.parse(strict)
    truncated = tmp_path / "broken.docx"
    truncated.write_bytes(source.read_bytes()[:-200])
    with pytest.raises(Exception, match="damaged Word document"):
        docx_parser.parse(truncated)
