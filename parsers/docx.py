"""DOCX backend: the body of a Word document as paragraphs and tables in reading order.

python-docx opens the package, but the body is walked as raw WordprocessingML: its table API
repeats a merged cell once per grid column (``row.cells``) and hands back the cell above for a
vertical continuation, while the model needs every merged cell exactly once with its spans.
DOCX has no pages, so every ``page`` is ``None``.

Text is read as Word displays and prints it: hidden text (``w:vanish``, set on the run, in its
character style or in the paragraph's style) is left out, and a paragraph with nothing left is
dropped, so a hidden earlier score or subtotal kept beside the printed one is never read.
Superscript text is written in Unicode's superscript forms where they exist
(``parsers.superscript``), so a raised footnote mark does not join the number before it.

Before python-docx sees the file, ``parsers.package`` checks it: zip bombs, parts named like
paths out of the package and XML parts with a DOCTYPE are refused with a sentence.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.package import OpcPackage
from docx.opc.part import XmlPart
from docx.oxml.ns import qn as _docx_qn
from docx.oxml.parser import parse_xml

from parsers.package import check_package
from parsers.superscript import superscript
from pipeline.document import Block, Cell, Document, Paragraph, Table
from pipeline.errors import ConversionError, DamagedFileError
from pipeline.i18n import _
from pipeline.vocabulary import Vocabulary

#: python-docx's ``qn`` (`w:t` → its Clark name) builds the name anew on each call, a hundred
#: thousand calls for a report's runs: each name is worked out once.
qn = cache(_docx_qn)

#: Containers that only wrap content (content controls, custom XML, tracked insertions):
#: their children are read as if they stood in the container's place.
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"), qn("w:moveTo")}
#: Inline containers whose runs are part of the paragraph's visible text.
_INLINE_WRAPPERS = _WRAPPERS | {
    qn("w:hyperlink"), qn("w:smartTag"), qn("w:fldSimple"), qn("w:dir"), qn("w:bdo"),
}
_TRUE = {"true", "1", "on"}
#: Run content other than w:t that prints a character.
_RUN_MARKS = {
    qn("w:tab"): " ", qn("w:ptab"): " ", qn("w:br"): "\n", qn("w:cr"): "\n", qn("w:noBreakHyphen"): "-",
}

#: An lxml element as python-docx loads it (lxml ships no type stubs, so it is typed loosely).
_El = Any

#: lxml's XMLSyntaxError is a SyntaxError; python-docx raises KeyError for a missing part and
#: TypeError for a relationship without a Target (it joins None to the part's name).
_OPEN_ERRORS = (
    PackageNotFoundError, zipfile.BadZipFile, zlib.error, KeyError, ValueError,
    EOFError, NotImplementedError, SyntaxError, TypeError,
)


def parse(path: Path, vocabulary: Vocabulary | None = None) -> Document:
    """Read ``path`` (a .docx, also .docm/.dotx: the main part is what matters).

    ``vocabulary`` is taken for the common parser signature: Word tables carry their structure
    in the XML and need no words to be found."""
    parts = _open_parts(path)
    styles = _read_styles(parts.styles)
    blocks, warnings = _walk_blocks(parts.body, styles)
    return Document(source=str(path), format="docx",
                    blocks=(*_header_paragraphs(parts.headers, styles), *blocks), warnings=tuple(warnings))


def _header_paragraphs(headers: list[_El], styles: _Styles) -> list[Paragraph]:
    """The page headers' paragraphs, each text once, before the body: printed above the first
    page's body, they are where some reports put their only title (unit and year)."""
    seen: set[str] = set()
    out: list[Paragraph] = []
    for header in headers:
        for block in _walk_blocks(header, styles)[0]:
            if isinstance(block, Paragraph) and block.text not in seen:
                seen.add(block.text)
                out.append(block)
    return out


class _Parts(NamedTuple):
    body: _El
    headers: list[_El]
    styles: _El | None


def _open_parts(path: Path) -> _Parts:
    """The ``w:body`` element, the page headers' root elements in the order the main part
    refers to them, and the styles part's root (``None`` without one); any package or XML
    failure becomes one sentence for a person."""
    try:
        with zipfile.ZipFile(path) as zf:
            check_package(zf, _("Word document"))
        part = OpcPackage.open(str(path)).main_document_part
        root = _xml(part)
        related = [rel for _, rel in sorted(part.rels.items()) if not rel.is_external]
        headers = [_xml(rel.target_part) for rel in related if rel.reltype == RT.HEADER]
        styles = next((_xml(rel.target_part) for rel in related if rel.reltype == RT.STYLES), None)
    except _OPEN_ERRORS as err:
        if _is_strict(path):
            raise ConversionError(_(
                "a Word document saved as Strict Open XML, which kaohe cannot read: save it in Word as a"
                " Word Document (.docx)"
            )) from err
        raise DamagedFileError(_("damaged Word document: the file could not be opened")) from err
    body = root.find(qn("w:body"))
    if body is None:
        raise DamagedFileError(_("damaged Word document: it has no document body"))
    return _Parts(body, headers, styles)


#: Strict Open XML's namespaces (ISO/IEC 29500 Strict), which python-docx does not know.
_STRICT = b"http://purl.oclc.org/ooxml/"


def _is_strict(path: Path) -> bool:
    """Whether the package's relationships are Strict Open XML's: not a damaged file, a
    format Word writes when asked ("Strict Open XML Document"), told apart for its sentence."""
    try:
        with zipfile.ZipFile(path) as zf, zf.open("_rels/.rels") as rels:
            return _STRICT in rels.read(1 << 16)
    except (KeyError, OSError, zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError):
        return False


def _xml(part: Any) -> _El:
    """A part's root element: a macro-enabled or template main part, and the parts it refers
    to, are not loaded as XML by python-docx."""
    return part.element if isinstance(part, XmlPart) else parse_xml(part.blob)


# --- run properties and styles ----------------------------------------------------------


@dataclass(frozen=True)
class _Look:
    """The run properties that decide whether and how a run's text is displayed; ``None``
    where this level of formatting does not set them, so that the level below decides."""

    vanish: bool | None = None
    vert_align: str | None = None  # w:vertAlign: superscript, subscript, baseline

    def over(self, below: _Look) -> _Look:
        """This level's properties, the ones it leaves unset taken from ``below``."""
        return _Look(
            vanish=below.vanish if self.vanish is None else self.vanish,
            vert_align=below.vert_align if self.vert_align is None else self.vert_align,
        )


_PLAIN = _Look()
_VANISH, _VERT_ALIGN, _R_STYLE, _VAL = qn("w:vanish"), qn("w:vertAlign"), qn("w:rStyle"), qn("w:val")


def _run_look(r_pr: _El | None) -> tuple[_Look, str]:
    """The properties a ``w:rPr`` sets (a run's or a style's) and the character style it names,
    in one pass: every run of a report is read so."""
    if r_pr is None:
        return _PLAIN, ""
    vanish: bool | None = None
    vert_align: str | None = None
    style = ""
    for child in r_pr:
        tag = child.tag
        if tag == _VANISH:
            vanish = _is_on(child.get(_VAL, ""))
        elif tag == _VERT_ALIGN:
            vert_align = child.get(_VAL, "") or None
        elif tag == _R_STYLE:
            style = child.get(_VAL, "")
    return (_PLAIN if vanish is None and vert_align is None else _Look(vanish, vert_align)), style


def _toggle(parent: _El | None, tag: str) -> bool | None:
    """An on/off property: present without a value is on, ``0``/``false``/``off`` is off.

    Only ``w:vanish`` hides text: ``w:specVanish`` and ``w:webHidden`` are hidden in other
    views (or only with it), never on their own in print."""
    raw = _val(parent, tag)
    return None if raw is None else _is_on(raw)


def _is_on(raw: str) -> bool:
    """An on/off property's ``w:val``: none (``""``), ``1``, ``true`` or ``on`` is on."""
    return raw == "" or raw.lower() in _TRUE


@dataclass(frozen=True)
class _Styles:
    """Each style's run properties with its ``w:basedOn`` chain applied, and the paragraph
    style a paragraph without ``w:pStyle`` has (Word's "Normal")."""

    looks: dict[str, _Look] = field(default_factory=dict)
    default_paragraph: str | None = None

    def paragraph(self, p: _El) -> _Look:
        """A ``w:pStyle`` naming no style falls back to the default, as in Word."""
        named = self.looks.get(_val(p.find(qn("w:pPr")), "w:pStyle") or "")
        return named or self.looks.get(self.default_paragraph or "", _Look())

    def character(self, style_id: str) -> _Look:
        return self.looks.get(style_id, _PLAIN) if style_id else _PLAIN


def _read_styles(root: _El | None) -> _Styles:
    if root is None:
        return _Styles()
    own: dict[str, tuple[str | None, _Look]] = {}
    default_paragraph = None
    for style in root.iterfind(qn("w:style")):
        style_id = style.get(qn("w:styleId"))
        if not style_id:
            continue
        own[style_id] = (_val(style, "w:basedOn"), _run_look(style.find(qn("w:rPr")))[0])
        if style.get(qn("w:type")) == "paragraph" and (style.get(qn("w:default")) or "").lower() in _TRUE:
            default_paragraph = style_id
    return _Styles({style_id: _resolve(style_id, own) for style_id in own}, default_paragraph)


def _resolve(style_id: str, own: dict[str, tuple[str | None, _Look]]) -> _Look:
    """A style's properties, each from the nearest style up its ``w:basedOn`` chain that sets
    it; a chain that loops back (a damaged styles part) ends where it would repeat."""
    chain: list[_Look] = []
    current: str | None = style_id
    while current in own and len(chain) < len(own):
        current, look = own[current]
        chain.append(look)
    resolved = _Look()
    for look in reversed(chain):
        resolved = look.over(resolved)
    return resolved


def _children(element: _El) -> Iterator[_El]:
    """Child elements with content-control and custom-XML wrappers opened up."""
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        if child.tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def _walk_blocks(container: _El, styles: _Styles) -> tuple[list[Block], list[str]]:
    blocks: list[Block] = []
    warnings: list[str] = []
    for child in _content(container, styles):
        if isinstance(child, str):
            text = child.strip()
            if text:
                blocks.append(Paragraph(text=text))
        elif child.tag == qn("w:tbl"):
            blocks.append(_table(child, styles))
        elif child.tag == qn("w:altChunk"):
            warnings.append(_("an embedded document part (altChunk) was not read: what it holds is not checked"))
    return blocks, warnings


def _content(container: _El, styles: _Styles) -> Iterator[str | _El]:
    """The container's paragraphs as their displayed text, and its other elements, in order.

    A paragraph whose mark is deleted (a tracked change) or hidden runs on into the next one,
    as Word shows it: `小計` with a deleted mark, then `170 分`, is the line `小計170 分`."""
    carry = ""
    for child in _children(container):
        if child.tag != qn("w:p"):
            if carry:
                yield carry
                carry = ""
            yield child
            continue
        text = carry + paragraph_text(child, styles)
        if _mark_removed(child):
            carry = text
            continue
        carry = ""
        yield text
    if carry:
        yield carry


_MARK_PROPERTIES = f"{qn('w:pPr')}/{qn('w:rPr')}"


def _mark_removed(p: _El) -> bool:
    """Whether a paragraph's mark is deleted with tracked changes or hidden (its own
    properties; a mark hidden through a style is not followed)."""
    r_pr = p.find(_MARK_PROPERTIES)
    return r_pr is not None and (r_pr.find(qn("w:del")) is not None or bool(_toggle(r_pr, "w:vanish")))


def paragraph_text(p: _El, styles: _Styles) -> str:
    """The displayed text of a ``w:p``: deleted runs, hidden text, field codes and text boxes
    are left out."""
    reader = _ParagraphText(styles, p)
    reader.read(p)
    return "".join(reader.out)


class _ParagraphText:
    """The runs of one paragraph read in order, with what they share: the paragraph style's
    properties, under every run's own, and the fields open at this point.

    A complex field is ``begin``, its code, ``separate``, its result, ``end`` (``w:fldChar``),
    and a field may sit inside another's code (``{ = {REF d1} + {REF d2} }``): the inner
    results there are the outer field's input, not displayed. So text is displayed only while
    no open field is in its code part. Fields are followed within one paragraph, each
    paragraph starting with none open: a field whose code ran on past its paragraph's end is
    not followed, and a field left open by a damaged file hides nothing beyond its paragraph.
    A field's result may run over several paragraphs (a table of contents): it is read."""

    def __init__(self, styles: _Styles, p: _El) -> None:
        self.styles = styles
        self.paragraph = styles.paragraph(p)
        self.out: list[str] = []
        self.fields: list[bool] = []  # one per open field, innermost last: in its code part?

    def read(self, element: _El) -> None:
        for child in element:
            tag = child.tag
            if tag == qn("w:r"):
                self._run(child)
            elif tag in _INLINE_WRAPPERS:
                self.read(child)

    def _run(self, run: _El) -> None:
        direct, style_id = _run_look(run.find(qn("w:rPr")))
        character = self.styles.character(style_id)
        hidden = self._hidden(direct, character)
        raised = (direct.vert_align or character.vert_align or self.paragraph.vert_align) == "superscript"
        for child in run:
            tag = child.tag
            if tag == qn("w:fldChar"):  # a hidden run still opens and closes its field
                self._field_char(child.get(qn("w:fldCharType")))
            elif hidden or any(self.fields):
                continue
            elif tag == qn("w:t"):
                self.out.append(superscript(child.text or "") if raised else child.text or "")
            elif tag in _RUN_MARKS:
                self.out.append(_RUN_MARKS[tag])

    def _field_char(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(True)
        elif kind == "separate" and self.fields:
            self.fields[-1] = False
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _hidden(self, direct: _Look, character: _Look) -> bool:
        """``w:vanish`` set on the run itself decides, on or off. Otherwise it is a toggle
        between the paragraph style and the character style (ECMA-376 §17.7.3): each that
        sets it flips it, so text hidden by both is shown."""
        if direct.vanish is not None:
            return direct.vanish
        return bool(self.paragraph.vanish) != bool(character.vanish)


# --- tables -----------------------------------------------------------------------------


@dataclass
class _Slot:
    """A cell under construction: spans grow while later rows continue it."""

    row: int
    col: int
    col_span: int
    text: str
    blocks: tuple[Block, ...] = ()
    row_span: int = 1

    def freeze(self, n_rows: int) -> Cell:
        row_span = max(1, min(self.row_span, n_rows - self.row))
        return Cell(
            row=self.row, col=self.col, text=self.text, row_span=row_span, col_span=self.col_span, blocks=self.blocks
        )


def _val(parent: _El | None, tag: str) -> str | None:
    """``w:val`` of ``parent/tag``; ``""`` when the element is there without a value."""
    if parent is None:
        return None
    el = parent.find(qn(tag))
    if el is None:
        return None
    value: str = el.get(qn("w:val"), "")
    return value


def _int_val(parent: _El | None, tag: str, default: int) -> int:
    raw = _val(parent, tag)
    try:
        return max(0, int(raw)) if raw else default
    except ValueError:
        return default


def _table(tbl: _El, styles: _Styles) -> Table:
    grid = tbl.find(qn("w:tblGrid"))
    n_cols = 0 if grid is None else len(grid.findall(qn("w:gridCol")))
    slots: list[_Slot] = []
    open_merges: dict[int, _Slot] = {}  # grid column -> cell a vMerge may continue
    header_rows = 0
    in_header = True
    rows = [tr for tr in _children(tbl) if tr.tag == qn("w:tr")]
    n_rows = 0
    for tr in rows:
        tr_pr = tr.find(qn("w:trPr"))
        if tr_pr is not None and tr_pr.find(qn("w:del")) is not None:
            continue  # a row deleted with tracked changes is not printed
        r = n_rows
        n_rows += 1
        header = _val(tr_pr, "w:tblHeader")
        if in_header and header is not None and (header == "" or header.lower() in _TRUE):
            header_rows += 1
        else:
            in_header = False
        col = _int_val(tr_pr, "w:gridBefore", 0)
        continued: dict[int, _Slot] = {}
        row_slots: list[_Slot] = []
        for tc in _children(tr):
            if tc.tag != qn("w:tc"):
                continue
            tc_pr = tc.find(qn("w:tcPr"))
            span = max(1, _int_val(tc_pr, "w:gridSpan", 1))
            v_merge = _val(tc_pr, "w:vMerge")
            h_merge = _val(tc_pr, "w:hMerge")
            if h_merge is not None and h_merge != "restart" and row_slots:
                row_slots[-1].col_span += span  # legacy horizontal merge continuation
            elif v_merge is not None and v_merge != "restart" and col in open_merges:
                above = open_merges[col]
                above.row_span = r - above.row + 1
                continued[col] = above
            else:
                slot = _Slot(r, col, span, *_cell_content(tc, styles))
                row_slots.append(slot)
                if v_merge == "restart":
                    continued[col] = slot
            col += span
        slots.extend(row_slots)
        open_merges = continued
        n_cols = max(n_cols, col + _int_val(tr_pr, "w:gridAfter", 0))
    cells = tuple(s.freeze(n_rows) for s in sorted(slots, key=lambda s: (s.row, s.col)))
    return Table(cells=cells, n_rows=n_rows, n_cols=n_cols, header_rows=header_rows)


def _cell_content(tc: _El, styles: _Styles) -> tuple[str, tuple[Block, ...]]:
    """Non-blank paragraphs joined by newlines, a nested table adding one line per row; and,
    when the cell nests tables, its paragraphs and tables as blocks."""
    lines: list[str] = []
    blocks: list[Block] = []
    for child in _content(tc, styles):
        if isinstance(child, str):
            text = child.strip()
            if text:  # as in ODT: blank paragraphs would only add empty lines
                lines.append(text)
                blocks.append(Paragraph(text))
        elif child.tag == qn("w:tbl"):
            nested = _table(child, styles)
            blocks.append(nested)
            for r in range(nested.n_rows):
                texts = [c.text for c in nested.cells if c.row == r and c.text]
                lines.append(" ".join(texts))
    nests = any(isinstance(b, Table) for b in blocks)
    return "\n".join(lines).strip(), tuple(blocks) if nests else ()
