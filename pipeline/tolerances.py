"""How far apart two figures may be and still count as the same, one name per kind of comparison.

Figures are floats, so a sum can differ from the printed figure it should equal by a rounding
error of the binary representation (``0.1 + 0.2 != 0.3``). Each kind of comparison has one
tolerance, named here, so that the checks, the evaluation and the auditor's chart agree on
what "the same" means, and a change to one is a change everywhere it applies.
"""

from __future__ import annotations

#: Two score figures (an item's 得分, a 小計, a summary figure, the 總分), whether printed,
#: recomputed from the item scores or read back from a CSV cell, are the same figure.
#: Reports print scores with at most two decimals (84.6, 42.5), so two printed figures that
#: differ at all differ by 0.01 or more; the float error of adding a dozen of them is about
#: 1e-13. 1e-6 sits far from both: it hides representation noise, never a real difference.
SCORE_EQUAL = 1e-6

#: Two quantities of a narrative sentence (a stated total and the sum of its parts, a product
#: and its result, a computed rate and a bound such as 達99%以上) are the same quantity.
#: Quantities are counts up to millions (847,600件) and decimals as printed; the tolerance only
#: absorbs the float error of adding or multiplying them (about 1e-10 at a million), so it is
#: kept far below anything a report could print as a difference.
QUANTITY_EQUAL = 1e-9


def rate_tolerance(decimals: int) -> float:
    """How far a computed rate may be from a rate printed with ``decimals`` decimals and agree.

    A printed rate is the true one rounded: ``84.6%`` stands for anything from 84.55% to 84.65%,
    so half a unit of its last printed place is allowed (``QUANTITY_EQUAL`` more for the float
    error of the division). ``99%`` allows 98.5–99.5, ``84.62%`` allows 84.615–84.625.
    """
    return 0.5 * 10.0**-decimals + QUANTITY_EQUAL
