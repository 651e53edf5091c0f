"""DOCX backend: the body of a Word document as paragraphs and tables in reading order.

python-docx opens the package, but the body is walked as raw WordprocessingML: its table API
repeats a merged cell once per grid column (``row.cells``) and hands back the cell above for a
vertical continuation, while the model needs every merged cell exactly once with its spans.
DOCX has no pages, so every ``page`` is ``None``.

Before python-docx sees the file, ``parsers.package`` checks it: zip bombs, parts named like
paths out of the package and XML parts with a DOCTYPE are refused with a sentence.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.package import OpcPackage
from docx.opc.part import XmlPart
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from parsers.package import check_package
from pipeline.document import Block, Cell, Document, Paragraph, Table
from pipeline.errors import DamagedFileError
from pipeline.i18n import _
from pipeline.vocabulary import Vocabulary

#: Containers that only wrap content (content controls, custom XML, tracked insertions):
#: their children are read as if they stood in the container's place.
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:ins"), qn("w:moveTo")}
#: Inline containers whose runs are part of the paragraph's visible text.
_INLINE_WRAPPERS = _WRAPPERS | {
    qn("w:hyperlink"), qn("w:smartTag"), qn("w:fldSimple"), qn("w:dir"), qn("w:bdo"),
}
_TRUE = {"true", "1", "on"}

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
    body, headers = _open_body(path)
    blocks, warnings = _walk_blocks(body)
    return Document(source=str(path), format="docx", blocks=(*_header_paragraphs(headers), *blocks),
                    warnings=tuple(warnings))


def _header_paragraphs(headers: list[_El]) -> list[Paragraph]:
    """The page headers' paragraphs, each text once, before the body: printed above the first
    page's body, they are where some reports put their only title (unit and year)."""
    seen: set[str] = set()
    out: list[Paragraph] = []
    for header in headers:
        for block in _walk_blocks(header)[0]:
            if isinstance(block, Paragraph) and block.text not in seen:
                seen.add(block.text)
                out.append(block)
    return out


def _open_body(path: Path) -> tuple[_El, list[_El]]:
    """The ``w:body`` element and the page headers' root elements, in the order the main part
    refers to them; any package or XML failure becomes one sentence for a person."""
    try:
        with zipfile.ZipFile(path) as zf:
            check_package(zf, _("Word document"))
        part = OpcPackage.open(str(path)).main_document_part
        # A macro-enabled or template main part is not loaded as XML by python-docx.
        root = part.element if isinstance(part, XmlPart) else parse_xml(part.blob)
        headers = [
            rel.target_part.element if isinstance(rel.target_part, XmlPart) else parse_xml(rel.target_part.blob)
            for _, rel in sorted(part.rels.items())
            if rel.reltype == RT.HEADER and not rel.is_external
        ]
    except _OPEN_ERRORS as err:
        raise DamagedFileError(_("damaged Word document: the file could not be opened")) from err
    body = root.find(qn("w:body"))
    if body is None:
        raise DamagedFileError(_("damaged Word document: it has no document body"))
    return body, headers


def _children(element: _El) -> Iterator[_El]:
    """Child elements with content-control and custom-XML wrappers opened up."""
    for child in element:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        if child.tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def _walk_blocks(container: _El) -> tuple[list[Block], list[str]]:
    blocks: list[Block] = []
    warnings: list[str] = []
    for child in _children(container):
        if child.tag == qn("w:p"):
            text = paragraph_text(child).strip()
            if text:
                blocks.append(Paragraph(text=text))
        elif child.tag == qn("w:tbl"):
            blocks.append(_table(child))
        elif child.tag == qn("w:altChunk"):
            warnings.append("an embedded document part (altChunk) was not read")
    return blocks, warnings


def paragraph_text(p: _El) -> str:
    """The visible text of a ``w:p``: deleted runs, field codes and text boxes are left out."""
    parts: list[str] = []
    _inline_text(p, parts)
    return "".join(parts)


def _inline_text(element: _El, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag == qn("w:r"):
            _run_text(child, out)
        elif tag in _INLINE_WRAPPERS:
            _inline_text(child, out)


def _run_text(run: _El, out: list[str]) -> None:
    for child in run:
        tag = child.tag
        if tag == qn("w:t"):
            out.append(child.text or "")
        elif tag in (qn("w:tab"), qn("w:ptab")):
            out.append(" ")
        elif tag in (qn("w:br"), qn("w:cr")):
            out.append("\n")
        elif tag == qn("w:noBreakHyphen"):
            out.append("-")


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


def _table(tbl: _El) -> Table:
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
                slot = _Slot(r, col, span, *_cell_content(tc))
                row_slots.append(slot)
                if v_merge == "restart":
                    continued[col] = slot
            col += span
        slots.extend(row_slots)
        open_merges = continued
        n_cols = max(n_cols, col + _int_val(tr_pr, "w:gridAfter", 0))
    cells = tuple(s.freeze(n_rows) for s in sorted(slots, key=lambda s: (s.row, s.col)))
    return Table(cells=cells, n_rows=n_rows, n_cols=n_cols, header_rows=header_rows)


def _cell_content(tc: _El) -> tuple[str, tuple[Block, ...]]:
    """Non-blank paragraphs joined by newlines, a nested table adding one line per row; and,
    when the cell nests tables, its paragraphs and tables as blocks."""
    lines: list[str] = []
    blocks: list[Block] = []
    for child in _children(tc):
        if child.tag == qn("w:p"):
            text = paragraph_text(child).strip()
            if text:  # as in ODT: blank paragraphs would only add empty lines
                lines.append(text)
                blocks.append(Paragraph(text))
        elif child.tag == qn("w:tbl"):
            nested = _table(child)
            blocks.append(nested)
            for r in range(nested.n_rows):
                texts = [c.text for c in nested.cells if c.row == r and c.text]
                lines.append(" ".join(texts))
    nests = any(isinstance(b, Table) for b in blocks)
    return "\n".join(lines).strip(), tuple(blocks) if nests else ()
