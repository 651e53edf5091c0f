"""ODT backend: ``content.xml`` of an OpenDocument text as paragraphs and tables in order.

``parsers.package`` checks the package first (zip bombs, parts named like paths out of the
package, a DOCTYPE in any XML part), and ``content.xml`` is then read with defusedxml with
DTDs forbidden, so a document that declares a DOCTYPE (where entity bombs and external
entities live) is refused outright, whatever its encoding: report files arrive from many
offices and ``content.xml`` is the part an attacker would shape.

ODF writes each covered position of a merged cell as its own ``table:covered-table-cell``, so
counting positions is enough to place every cell; covered cells produce nothing. ODT has no
fixed pages, so every ``page`` is None.

Text is read as LibreOffice displays and prints it: hidden text (``text:hidden-text``, a
paragraph holding ``text:hidden-paragraph``, a section or span with ``text:display="none"``,
and text whose paragraph or character style sets ``text:display="none"``) is left out, so a
hidden earlier score or subtotal kept beside the printed one is never read. Raised text (a
style's ``style:text-position`` ``super`` or a positive percentage) is written in Unicode's
superscript forms where they exist (``parsers.superscript``), so a raised footnote mark does
not join the number before it. ``styles.xml`` is read for the named styles the body's styles
are based on.
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
from parsers.superscript import superscript
from pipeline.document import Block, Cell, Document, Paragraph, Table
from pipeline.errors import DamagedFileError, EncryptedError
from pipeline.i18n import _
from pipeline.vocabulary import Vocabulary

_NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
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
_HIDDEN_TEXT, _HIDDEN_PARAGRAPH = _q("text:hidden-text"), _q("text:hidden-paragraph")
_SPACE, _TAB, _LINE_BREAK = _q("text:s"), _q("text:tab"), _q("text:line-break")
_STYLE, _TEXT_PROPERTIES = _q("style:style"), _q("style:text-properties")


def parse(path: Path, vocabulary: Vocabulary | None = None) -> Document:
    """``vocabulary`` is accepted for the common parser signature; Word and ODT tables carry
    their structure in XML and need no words to be found."""
    content, named_styles = _read_parts(path)
    root = _safe_parse(content)
    body = root.find(f"{_q('office:body')}/{_q('office:text')}")
    if body is None:
        raise DamagedFileError(_("damaged ODT document: it has no text body"))
    styles = _read_styles(_common_styles(named_styles), root.find(_q("office:automatic-styles")))
    return Document(source=str(path), format="odt", blocks=tuple(_walk_blocks(body, styles)))


def _read_parts(path: Path) -> tuple[bytes, bytes | None]:
    """``content.xml``, and ``styles.xml`` when the package has one."""
    try:
        with zipfile.ZipFile(path) as zf:
            check_package(zf, _("ODT document"))
            names = set(zf.namelist())
            if "META-INF/manifest.xml" in names and b"encryption-data" in zf.read("META-INF/manifest.xml"):
                raise EncryptedError(_("encrypted ODT document: a password is needed"))
            if "content.xml" not in names:
                raise DamagedFileError(_("damaged ODT document: it has no content part"))
            content = _read_part(zf, "content.xml")
            named_styles = _read_part(zf, "styles.xml") if "styles.xml" in names else None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, KeyError) as err:
        raise DamagedFileError(_("damaged ODT document: the file could not be opened")) from err
    return content, named_styles


def _read_part(zf: zipfile.ZipFile, name: str) -> bytes:
    """A part read whole, refused past ``MAX_CONTENT_BYTES`` whatever its record claims."""
    if zf.getinfo(name).file_size > MAX_CONTENT_BYTES:
        raise DamagedFileError(_("ODT document too large: its content part exceeds 200 MB"))
    with zf.open(name) as fh:
        data = fh.read(MAX_CONTENT_BYTES + 1)
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


def _common_styles(data: bytes | None) -> Element | None:
    """``office:styles`` of ``styles.xml``. A styles part that cannot be parsed is passed over
    rather than refusing the file: the body and its automatic styles are still read, and only
    text hidden by a named style would be shown."""
    if data is None:
        return None
    try:
        return _safe_parse(data).find(_q("office:styles"))
    except DamagedFileError:
        return None


# --- styles -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Look:
    """The text properties that decide whether and how text is displayed; ``None`` where this
    level (the element itself, its style, the style's parents) does not set them."""

    hidden: bool | None = None
    raised: bool | None = None

    def over(self, below: _Look) -> _Look:
        """This level's properties, the ones it leaves unset taken from ``below``."""
        return _Look(
            hidden=below.hidden if self.hidden is None else self.hidden,
            raised=below.raised if self.raised is None else self.raised,
        )


def _look(element: Element | None) -> _Look:
    """What ``element`` (a span, a section, a style's text properties) sets itself."""
    if element is None:
        return _Look()
    return _Look(hidden=_hidden(element), raised=_raised(element))


def _hidden(element: Element) -> bool | None:
    """``text:display``: ``none`` hides; ``condition`` hides unless the condition's last result,
    ``text:is-hidden="false"``, says the text is shown (kaohe evaluates no conditions)."""
    display = element.get(_q("text:display"))
    if display is None:
        return None
    return display == "none" or (display == "condition" and element.get(_q("text:is-hidden")) != "false")


def _raised(element: Element) -> bool | None:
    """``style:text-position``: ``super``, or a positive percentage of the font height, raises
    the text; ``sub``, ``0%`` or a negative one does not."""
    position = (element.get(_q("style:text-position")) or "").split()
    if not position:
        return None
    if position[0] in ("super", "sub"):
        return position[0] == "super"
    try:
        return float(position[0].removesuffix("%")) > 0
    except ValueError:
        return None


#: Styles by (family, name): ``paragraph`` for text:p and text:h, ``text`` for spans.
_Styles = dict[tuple[str, str], _Look]


def _read_styles(*containers: Element | None) -> _Styles:
    """The styles of ``containers`` (named styles first, then the body's automatic ones), each
    with its ``style:parent-style-name`` chain applied."""
    own: dict[tuple[str, str], tuple[str | None, _Look]] = {}
    for container in containers:
        for style in () if container is None else container.iter(_STYLE):
            name, family = style.get(_q("style:name")), style.get(_q("style:family"))
            if name and family:
                own[family, name] = (style.get(_q("style:parent-style-name")), _look(style.find(_TEXT_PROPERTIES)))
    return {name: _resolve(name, own) for name in own}


def _resolve(name: tuple[str, str], own: dict[tuple[str, str], tuple[str | None, _Look]]) -> _Look:
    """Each property from the nearest style up the parent chain that sets it; a chain that
    loops back (a damaged document) ends where it would repeat."""
    family = name[0]
    chain: list[_Look] = []
    current: tuple[str, str] | None = name
    while current in own and len(chain) < len(own):
        parent, look = own[current]
        chain.append(look)
        current = (family, parent) if parent else None
    resolved = _Look()
    for look in reversed(chain):
        resolved = look.over(resolved)
    return resolved


def _style(styles: _Styles, family: str, element: Element) -> _Look:
    return styles.get((family, element.get(_q("text:style-name")) or ""), _Look())


# --- paragraphs -------------------------------------------------------------------------


def _walk_blocks(container: Element, styles: _Styles) -> list[Block]:
    blocks: list[Block] = []
    for child in container:
        tag = child.tag
        if tag in _SKIP_BLOCKS or _hidden(child):
            continue  # a hidden section is not printed
        if tag in (_P, _H):
            text = _paragraph_text(child, styles).strip()
            if text:
                blocks.append(Paragraph(text=text))
        elif tag == _TABLE:
            blocks.append(_table(child, styles))
        else:  # lists, list items, sections, index bodies: containers of more blocks
            blocks.extend(_walk_blocks(child, styles))
    return blocks


def _paragraph_text(p: Element, styles: _Styles) -> str:
    """The displayed text: none when a ``text:hidden-paragraph`` field hides the paragraph."""
    if _hides_paragraph(p):
        return ""
    return _inline_text(p, _style(styles, "paragraph", p), styles)


def _hides_paragraph(element: Element) -> bool:
    """A ``text:hidden-paragraph`` in the paragraph's own text hides it, unless its condition's
    last result (``text:is-hidden="false"``) says the paragraph is shown."""
    for child in element:
        if child.tag == _HIDDEN_PARAGRAPH and child.get(_q("text:is-hidden")) != "false":
            return True
        if _reads_inline(child.tag) and _hides_paragraph(child):
            return True
    return False


def _reads_inline(tag: str) -> bool:
    """Spans, links, fields: their text is the paragraph's; notes, comments, frames are not."""
    return tag not in _SKIP_INLINE and not tag.startswith(f"{{{_DRAW_NS}}}")


def _inline_text(element: Element, look: _Look, styles: _Styles) -> str:
    """``look``: what ``element`` displays under, its own style applied; a child's tail is
    the element's text, so it is shown or hidden with the element."""
    shown = not look.hidden
    parts: list[str] = [_characters(element.text, look)] if shown else []
    for child in element:
        parts.append(_child_text(child, look, styles))
        if shown:
            parts.append(_characters(child.tail, look))
    return "".join(parts)


def _characters(text: str | None, look: _Look) -> str:
    """Character data as displayed: white space collapsed, raised text in superscript forms."""
    collapsed = _WS.sub(" ", text or "")
    return superscript(collapsed) if look.raised else collapsed


def _child_text(child: Element, look: _Look, styles: _Styles) -> str:
    tag = child.tag
    if tag in (_SPACE, _TAB, _LINE_BREAK):
        return "" if look.hidden else _white_space(child)
    if tag == _HIDDEN_TEXT:  # shown only when its condition's last result says so
        return _inline_text(child, look, styles) if child.get(_q("text:is-hidden")) == "false" else ""
    if tag == _HIDDEN_PARAGRAPH or not _reads_inline(tag):
        return ""
    return _inline_text(child, _look(child).over(_style(styles, "text", child)).over(look), styles)


def _white_space(element: Element) -> str:
    if element.tag == _SPACE:
        return " " * _count(element, "text:c", 1, cap=1000)
    return "\n" if element.tag == _LINE_BREAK else " "


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
    styles: _Styles
    cells: list[Cell] = field(default_factory=list)
    n_rows: int = 0
    n_cols: int = 0
    header_rows: int = 0


def _table(table: Element, styles: _Styles) -> Table:
    build = _TableBuild(styles)
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
        text, blocks = _cell_content(child, build.styles)
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


def _cell_content(cell: Element, styles: _Styles) -> tuple[str, tuple[Block, ...]]:
    """Paragraphs joined by newlines, a nested table adding one line per row; and, when the
    cell nests tables, its paragraphs and tables as blocks."""
    lines: list[str] = []
    blocks = _walk_blocks(cell, styles)
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append(block.text)
        else:
            for r in range(block.n_rows):
                lines.append(" ".join(c.text for c in block.cells if c.row == r and c.text))
    nests = any(isinstance(b, Table) for b in blocks)
    return "\n".join(lines).strip(), tuple(blocks) if nests else ()
