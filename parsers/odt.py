"""ODT backend: ``content.xml`` of an OpenDocument text as paragraphs and tables in order.

``parsers.package`` checks the package first (zip bombs, parts named like paths out of the
package, a DOCTYPE in any XML part), and ``content.xml`` is then read with defusedxml with
DTDs forbidden, so a document that declares a DOCTYPE (where entity bombs and external
entities live) is refused outright, whatever its encoding: report files arrive from many
offices and ``content.xml`` is the part an attacker would shape.

ODF writes each covered position of a merged cell as its own ``table:covered-table-cell``, so
counting positions is enough to place every cell; covered cells produce nothing. ODT has no
fixed pages, so every ``page`` is None.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from parsers.package import check_package
from pipeline.document import Block, Cell, Document, Paragraph, Table
from pipeline.errors import DamagedFileError, EncryptedError
from pipeline.i18n import _
from pipeline.vocabulary import Vocabulary

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
}

#: A content.xml larger than this (uncompressed) is refused rather than read into memory.
MAX_CONTENT_BYTES = 200 * 1024 * 1024
#: Repeat counts above this on an empty cell or row are padding (spreadsheet-style), not content.
MAX_REPEAT = 100

_WS = re.compile(r"[ \t\r\n]+")


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


_P, _H = _q("text:p"), _q("text:h")
_TABLE = _q("table:table")
_ROW, _CELL, _COVERED = _q("table:table-row"), _q("table:table-cell"), _q("table:covered-table-cell")
_HEADER_ROWS = _q("table:table-header-rows")
_ROW_GROUPS = {_q("table:table-rows"), _q("table:table-row-group"), _q("text:soft-page-break")}
#: Block-level elements whose content is never printed as body text.
_SKIP_BLOCKS = {
    _q("text:tracked-changes"), _q("office:forms"), _q("text:sequence-decls"),
    _q("text:variable-decls"), _q("text:user-field-decls"), _q("table:calculation-settings"),
    _q("text:index-title-template"), _q("text:table-of-content-source"),
}
#: Inline elements that are not part of the paragraph's own text (notes, comments, frames).
_SKIP_INLINE = {_q("text:note"), _q("office:annotation"), _q("text:ruby-text")}
_DRAW_NS = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"


def parse(path: Path, vocabulary: Vocabulary | None = None) -> Document:
    """``vocabulary`` is accepted for the common parser signature; Word and ODT tables carry
    their structure in XML and need no words to be found."""
    root = _safe_parse(_read_content(path))
    body = root.find(f"{_q('office:body')}/{_q('office:text')}")
    if body is None:
        raise DamagedFileError(_("damaged ODT document: it has no text body"))
    return Document(source=str(path), format="odt", blocks=tuple(_walk_blocks(body)))


def _read_content(path: Path) -> bytes:
    try:
        with zipfile.ZipFile(path) as zf:
            check_package(zf, _("ODT document"))
            names = set(zf.namelist())
            if "META-INF/manifest.xml" in names and b"encryption-data" in zf.read("META-INF/manifest.xml"):
                raise EncryptedError(_("encrypted ODT document: a password is needed"))
            if "content.xml" not in names:
                raise DamagedFileError(_("damaged ODT document: it has no content part"))
            if zf.getinfo("content.xml").file_size > MAX_CONTENT_BYTES:
                raise DamagedFileError(_("ODT document too large: its content part exceeds 200 MB"))
            with zf.open("content.xml") as fh:
                data = fh.read(MAX_CONTENT_BYTES + 1)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, KeyError) as err:
        raise DamagedFileError(_("damaged ODT document: the file could not be opened")) from err
    if len(data) > MAX_CONTENT_BYTES:
        raise DamagedFileError(_("ODT document too large: its content part exceeds 200 MB"))
    return data


def _safe_parse(data: bytes) -> Element:
    try:
        root: Element = fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as err:
        raise DamagedFileError(_("unsafe ODT document: its content declares a DOCTYPE, which is refused")) from err
    except ParseError as err:
        raise DamagedFileError(_("damaged ODT document: its content is not well-formed XML")) from err
    except ValueError as err:  # expat reads UTF-8, UTF-16 with a byte-order mark and Latin-1 only
        raise DamagedFileError(_("damaged ODT document: its content is in a text encoding kaohe cannot read")) from err
    return root


def _walk_blocks(container: Element) -> list[Block]:
    blocks: list[Block] = []
    for child in container:
        tag = child.tag
        if tag in _SKIP_BLOCKS:
            continue
        if tag in (_P, _H):
            text = _inline_text(child).strip()
            if text:
                blocks.append(Paragraph(text=text))
        elif tag == _TABLE:
            blocks.append(_table(child))
        else:  # lists, list items, sections, index bodies: containers of more blocks
            blocks.extend(_walk_blocks(child))
    return blocks


def _inline_text(element: Element) -> str:
    parts: list[str] = [_WS.sub(" ", element.text or "")]
    for child in element:
        tag = child.tag
        if tag == _q("text:s"):
            parts.append(" " * _count(child, "text:c", 1, cap=1000))
        elif tag == _q("text:tab"):
            parts.append(" ")
        elif tag == _q("text:line-break"):
            parts.append("\n")
        elif tag not in _SKIP_INLINE and not tag.startswith(f"{{{_DRAW_NS}}}"):
            parts.append(_inline_text(child))  # spans, links, fields: their text is printed
        parts.append(_WS.sub(" ", child.tail or ""))
    return "".join(parts)


def _count(el: Element, attr: str, default: int, cap: int | None = None) -> int:
    prefix, local = attr.split(":")
    raw = el.get(f"{{{_NS[prefix]}}}{local}")
    try:
        value = max(1, int(raw)) if raw else default
    except ValueError:
        value = default
    return min(value, cap) if cap is not None else value


# --- tables -----------------------------------------------------------------------------


@dataclass
class _TableBuild:
    cells: list[Cell] = field(default_factory=list)
    n_rows: int = 0
    n_cols: int = 0
    header_rows: int = 0


def _table(table: Element) -> Table:
    build = _TableBuild()
    _rows(table, build, in_header=False)
    cells = tuple(
        Cell(c.row, c.col, c.text, row_span=min(c.row_span, build.n_rows - c.row), col_span=c.col_span, blocks=c.blocks)
        for c in build.cells
    )
    return Table(cells=cells, n_rows=build.n_rows, n_cols=build.n_cols, header_rows=build.header_rows)


def _rows(container: Element, build: _TableBuild, in_header: bool) -> None:
    for child in container:
        if child.tag == _ROW:
            repeat = _count(child, "table:number-rows-repeated", 1)
            if repeat > MAX_REPEAT and not _has_text(child):
                continue  # padding rows
            for _ in range(min(repeat, MAX_REPEAT)):
                _row(child, build)
                if in_header and build.header_rows == build.n_rows - 1:
                    build.header_rows += 1
        elif child.tag == _HEADER_ROWS:
            _rows(child, build, in_header=True)
        elif child.tag in _ROW_GROUPS:
            _rows(child, build, in_header)


def _row(tr: Element, build: _TableBuild) -> None:
    r = build.n_rows
    build.n_rows += 1
    col = 0
    for child in tr:
        if child.tag not in (_CELL, _COVERED):
            continue
        repeat = _count(child, "table:number-columns-repeated", 1)
        if child.tag == _COVERED:
            col += min(repeat, MAX_REPEAT)
            build.n_cols = max(build.n_cols, col)
            continue
        text, blocks = _cell_content(child)
        col_span = _count(child, "table:number-columns-spanned", 1, cap=MAX_REPEAT)
        row_span = _count(child, "table:number-rows-spanned", 1, cap=10_000)
        if repeat > MAX_REPEAT and not text and col_span == row_span == 1:
            continue  # trailing padding column: not part of the printed table
        for _copy in range(min(repeat, MAX_REPEAT)):
            build.cells.append(Cell(r, col, text, row_span=row_span, col_span=col_span, blocks=blocks))
            # The covered cells that follow hold the other positions of a spanning cell.
            build.n_cols = max(build.n_cols, col + col_span)
            col += 1
        build.n_cols = max(build.n_cols, col)


def _has_text(element: Element) -> bool:
    return any(t.strip() for t in element.itertext())


def _cell_content(cell: Element) -> tuple[str, tuple[Block, ...]]:
    """Paragraphs joined by newlines, a nested table adding one line per row; and, when the
    cell nests tables, its paragraphs and tables as blocks."""
    lines: list[str] = []
    blocks = _walk_blocks(cell)
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            for r in range(block.n_rows):
                lines.append(" ".join(c.text for c in block.cells if c.row == r and c.text))
    nests = any(isinstance(b, Table) for b in blocks)
    return "\n".join(lines).strip(), tuple(blocks) if nests else ()
