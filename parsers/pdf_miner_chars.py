"""A page's characters as pdfminer reads them, without pdfminer's layout objects.

A page whose text is in a font the file does not embed is not PDFium's to read
(``parsers.pdf_pdfium.substituted_fonts``): pdfminer interprets its content. But most of what
pdfplumber spends on such a page is not the interpretation: it is an ``LTChar`` object per
character in a layout tree, and then a dict made from each object's attributes one by one
(``Page.process_object``). Here pdfminer's interpreter runs with a device that keeps only what
the characters' boxes are made of, as ``parsers.pdf_pdfium``'s ``RawChar`` in user space, so
the page gets its objects from ``parsers.pdf_objects`` like any page PDFium reads (its rules and
pictures are still PDFium's), at less than half of pdfplumber's cost. And the content stream is
not parsed by pdfminer's per-character lexer but by ``parsers.pdf_content_objects``, which gives
the same objects (``_Interpreter``): such a page costs less than half of what pdfplumber spends.

The values are pdfminer's own: the character's matrix (text matrix, position and CTM), its
font's name, width and descent, the font size, the rise; ``parsers.pdf_objects`` makes the box
with ``LTChar``'s formula. Where that formula is not the horizontal one ``RawChar`` holds (a
vertical font, a negative or zero horizontal scaling, a rise at font size 0), the page is left
to pdfplumber's own reading (``None``).

Characters a viewer does not show are left out as on a page PDFium reads
(``parsers.pdf_hidden``), from pdfminer's graphic state: the text render mode and the fill
and stroke colours (pdfminer does not interpret ``gs``, so a transparent glyph is kept), over
what PDFium found painted on the page.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from pdfminer import settings
from pdfminer.converter import PDFLayoutAnalyzer
from pdfminer.pdffont import PDFType3Font, PDFUnicodeNotDefined
from pdfminer.pdfinterp import PDFInterpreterError, PDFPageInterpreter
from pdfminer.pdftypes import stream_value
from pdfminer.psparser import PSKeyword

from parsers import pdf_hidden
from parsers.pdf_content_objects import content_objects
from parsers.pdf_hidden import Backdrops
from parsers.pdf_pdfium import RawChar

_IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


class _NotHorizontal(Exception):
    """A character whose box ``RawChar`` cannot hold: the page goes to pdfplumber."""


class _CharDevice(PDFLayoutAnalyzer):
    """pdfminer's layout device with every character kept as a ``RawChar`` and nothing else:
    paths and pictures are PDFium's, and no layout tree is built."""

    def __init__(self, rsrcmgr: Any, backdrops: Backdrops = pdf_hidden.NOTHING) -> None:
        super().__init__(rsrcmgr, pageno=1, laparams=None)
        self.chars: list[RawChar] = []
        self.backdrops = backdrops
        #: Indices in ``chars`` of glyphs too small to see (``pdf_hidden.without_tiny``).
        self.tiny: list[int] = []
        #: Whether the string being rendered paints nothing seen on white paper.
        self.unseen = False
        self.unseen_count = 0

    def render_string(self, textstate: Any, seq: Any, ncs: Any, graphicstate: Any) -> None:
        """The render mode is the text state's, which ``render_char`` is not given: read here,
        once a string."""
        self.unseen = pdf_hidden.unseen_by_pdfminer(
            textstate.render, ncs, graphicstate.ncolor, graphicstate.scs, graphicstate.scolor,
        )
        super().render_string(textstate, seq, ncs, graphicstate)

    def render_char(
        self, matrix: Any, font: Any, fontsize: float, scaling: float, rise: float, cid: int,
        ncs: Any, graphicstate: Any,
    ) -> float:
        try:
            text = font.to_unichr(cid)
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        adv = float(font.char_width(cid) * fontsize * scaling)
        if font.is_vertical() or scaling <= 0 or (not fontsize and rise):
            raise _NotHorizontal
        descent = float(font.get_descent()) + (rise / fontsize if fontsize else 0.0)
        char = RawChar(
            text=str(text), fontname=str(font.fontname), size=float(fontsize),
            matrix=tuple(float(v) for v in matrix),  # type: ignore[arg-type]  # six values
            adv=adv, descent=descent,
        )
        if self.unseen and not pdf_hidden.shown(char, self.backdrops):
            self.unseen_count += 1
            return adv
        # A Type 3 font's own matrix scales its glyphs: its font size does not tell their height.
        if pdf_hidden.height(char) < pdf_hidden.TINY and not isinstance(font, PDFType3Font):
            self.tiny.append(len(self.chars))
        self.chars.append(char)
        return adv

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        """Rules are PDFium's."""

    def render_image(self, *args: Any, **kwargs: Any) -> None:
        """Pictures are PDFium's."""


class _Interpreter(PDFPageInterpreter):
    """pdfminer's interpreter with the content's objects from ``parsers.pdf_content_objects``:
    the same objects, the same operators run in the same order, the parsing at a seventh of
    its cost (94 against 13 ms a page on the drawn samples). A stream that module is not sure
    of, or one this interpreter would refuse (an inline stream, a circular form), is pdfminer's
    own ``execute``'s, warnings and all."""

    def execute(self, streams: Any) -> None:
        found = [stream_value(obj) for obj in streams]
        if any(s.objid is None or s.objid in self.parent_stream_ids for s in found):
            super().execute(streams)
            return
        objects = content_objects([s.get_data() for s in found])
        if objects is None:
            super().execute(streams)
            return
        self.stream_ids.clear()
        self.stream_ids.update(s.objid for s in found)  # type: ignore[misc]  # None ruled out above
        operators = _operators(type(self))
        for obj in objects:
            if not isinstance(obj, PSKeyword):
                self.argstack.append(obj)
                continue
            found_operator = operators.get(obj)
            if found_operator is None:
                found_operator = operators[obj] = _operator(self, obj)
            method, count = found_operator
            if method is None:
                if settings.STRICT:
                    raise PDFInterpreterError(f"Unknown operator: {str(obj.name, 'utf-8', 'ignore')!r}")
                continue
            if count:
                args = self.pop(count)
                if len(args) == count:
                    getattr(self, method)(*args)
            else:
                getattr(self, method)()


#: Per interpreter class, an operator's method name and argument count (None: no such method),
#: as pdfminer's ``execute`` finds them for each operator it meets.
_OPERATORS: dict[type, dict[PSKeyword, tuple[str | None, int]]] = {}


def _operators(kind: type) -> dict[PSKeyword, tuple[str | None, int]]:
    return _OPERATORS.setdefault(kind, {})


def _operator(interpreter: PDFPageInterpreter, keyword: PSKeyword) -> tuple[str | None, int]:
    name = str(keyword.name, "utf-8", "ignore")
    method = "do_{}".format(name.replace("*", "_a").replace('"', "_w").replace("'", "_q"))
    if not hasattr(interpreter, method):
        return None, 0
    return method, getattr(interpreter, method).__code__.co_argcount - 1


def miner_chars(page: Any, backdrops: Backdrops = pdf_hidden.NOTHING) -> tuple[RawChar, ...] | None:
    """The characters of a pdfplumber ``page`` in user space (before ``/Rotate``), in the order
    pdfminer gives them, those a viewer does not show left out over ``backdrops`` (PDFium's
    reading of the page); None where one of them is not set horizontally (see the module)."""
    reading = miner_reading(page, backdrops)
    return None if reading is None else reading.chars


class MinerReading(NamedTuple):
    chars: tuple[RawChar, ...]
    #: How many characters were left out as not shown (``parsers.pdf_pdfium.RawPage.hidden``).
    hidden: int


def miner_reading(page: Any, backdrops: Backdrops = pdf_hidden.NOTHING) -> MinerReading | None:
    """``miner_chars`` with the count of the characters left out."""
    device = _CharDevice(page.pdf.rsrcmgr, backdrops)
    device.begin_page(page.page_obj, _IDENTITY)  # the layout analyzer's figure stack needs a page
    interpreter = _Interpreter(page.pdf.rsrcmgr, device)
    try:
        interpreter.render_contents(page.page_obj.resources, page.page_obj.contents, ctm=_IDENTITY)
    except _NotHorizontal:
        return None
    shown = pdf_hidden.without_tiny(device.chars, device.tiny)
    return MinerReading(shown, device.unseen_count + len(device.chars) - len(shown))
