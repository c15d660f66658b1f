"""The one rounding rule for a maturity shown to people, as the policy reads: one decimal
place, rounded down, labelled by the level reached, so the number and the label never disagree.
The results page, the Excel action plan and the comparison all show it."""

from __future__ import annotations

import pytest

from readiness.comparison.tables import level_label as comparison_label
from readiness.scoring import method
from readiness.ui.components import results as words

POLICY = [
    # (maturity worked out, what people read)
    (2.96, "2.9 (Developing)"),  # never "3.0 (Developing)"
    (2.95, "2.9 (Developing)"),
    (2.999, "3.0 (Established)"),  # worked out to 2 places first: 3.00 has reached Established
    (3.0, "3.0 (Established)"),
    (2.44, "2.4 (Developing)"),
    (1.0, "1.0 (Emerging)"),
    (0.96, "0.9 (Not started)"),  # never "1.0 Not started"
    (0.0, "0.0 (Not started)"),
    (4.0, "4.0 (Embedded)"),
    (3.995, "4.0 (Embedded)"),
    (None, "Not answered"),
]


@pytest.mark.parametrize(("maturity", "shown"), POLICY)
def test_the_number_and_the_label_follow_one_rule(maturity: float | None, shown: str) -> None:
    assert method.score_words(maturity) == shown


@pytest.mark.parametrize(("maturity", "shown"), [p for p in POLICY if p[0] is not None])
def test_the_results_page_and_the_comparison_use_the_same_rule(maturity: float, shown: str) -> None:
    assert words.maturity_words(maturity) == shown
    number, label = shown.split(" ", 1)
    assert words.out_of_four(maturity) == f"{number} out of 4"
    assert f"({comparison_label(maturity)})" == label


@pytest.mark.parametrize("hundredths", range(0, 401))
def test_the_number_shown_never_reaches_a_level_its_label_does_not(hundredths: int) -> None:
    maturity = hundredths / 100
    shown = method.shown_score(maturity)
    assert method.level_label(shown) == method.level_label(maturity)
    assert maturity - 0.1 < shown <= maturity + 1e-9
