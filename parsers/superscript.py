"""Raised text (superscript) written in Unicode's superscript forms.

A report marks a figure with a raised footnote or reference number right after it
(``得分：85`` and a superscript ``1``). Read as plain characters, the mark joins the number:
``851``. Written in its superscript form (``85¹``) the text shows what the page shows, and
the number grammar can tell a mark from the number's own digits. Characters without a
superscript form (註, ※, most letters) are kept as they are.
"""

from __future__ import annotations

_PLAIN = "0123456789０１２３４５６７８９+＋-－−=＝(（)）ni"
_RAISED = "⁰¹²³⁴⁵⁶⁷⁸⁹⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁺⁻⁻⁻⁼⁼⁽⁽⁾⁾ⁿⁱ"
_FORMS = str.maketrans(_PLAIN, _RAISED)


def superscript(text: str) -> str:
    """``text`` with every character that has a superscript form written in it."""
    return text.translate(_FORMS)
