"""The named tolerances (pipeline.tolerances): float noise is the same figure, a printed difference is not."""

from __future__ import annotations

import pytest

from pipeline.tolerances import QUANTITY_EQUAL, SCORE_EQUAL, rate_tolerance


def test_score_equal_hides_float_noise_but_not_a_printed_difference() -> None:
    assert abs((42.1 + 42.2) - 84.3) <= SCORE_EQUAL
    assert abs(84.31 - 84.3) > SCORE_EQUAL


def test_quantity_equal_hides_the_noise_of_large_counts() -> None:
    assert abs((0.1 * 3) - 0.3) <= QUANTITY_EQUAL
    assert abs((847_599.9 + 0.1) - 847_600) <= QUANTITY_EQUAL
    assert abs(847_601 - 847_600) > QUANTITY_EQUAL


@pytest.mark.parametrize(
    ("printed", "decimals", "computed", "agrees"),
    [
        (84.6, 1, 84.55, True),
        (84.6, 1, 84.649, True),
        (84.6, 1, 84.54, False),
        (99.0, 0, 98.5, True),
        (99.0, 0, 98.49, False),
        (84.62, 2, 84.625, True),
        (84.62, 2, 84.63, False),
    ],
)
def test_a_rate_agrees_within_half_its_last_printed_place(
    printed: float, decimals: int, computed: float, agrees: bool
) -> None:
    assert (abs(computed - printed) <= rate_tolerance(decimals)) is agrees
