"""Home and Results count answered questions the same way (one function,
readiness.scoring.coverage.partnership_coverage), and both hold back the headline score while
fewer than half are answered."""

from __future__ import annotations

from pathlib import Path

from readiness.scoring.coverage import Coverage
from tests.ui.builders import answer, anytown
from tests.ui.conftest import no_exceptions, open_page, texts


def _metrics(page: str) -> dict[str, str]:
    at = open_page(page)
    no_exceptions(at)
    return {m.label: str(m.value) for m in at.metric}


def test_home_and_results_show_the_same_questions_answered(
    ui_env: Path, mini_content: Path
) -> None:
    store = anytown(ui_env)
    answer(store, "anytown-police", "gov.partnership", 1)
    answer(store, "anytown-council", "gov.strategy", "yes")
    home, results = _metrics("home"), _metrics("results")
    assert home["Questions answered"] == results["Questions answered"] == "2 of 6"
    # 2 of 6: neither page headlines a band or a maturity
    for metrics in (home, results):
        assert "Overall maturity" not in metrics
        assert "Statutory compliance" not in metrics
    at = open_page("home")
    assert any(w.startswith("Only 2 of 6 questions are answered") for w in texts(at.warning))
    answer(store, "anytown-council", "gov.consult", "all")
    answer(store, "anytown-council", "gov.members", ["police"])
    home, results = _metrics("home"), _metrics("results")
    assert home["Questions answered"] == results["Questions answered"] == "4 of 6"
    assert home["Statutory compliance"] == results["Statutory compliance"]


def test_half_the_questions_answered_is_a_fair_picture_and_less_is_not() -> None:
    assert Coverage(answered=48, total=95).fair
    assert not Coverage(answered=47, total=95).fair
    assert Coverage(answered=9, total=95).caveat == (
        "Only 9 of 95 questions are answered, so this is not yet a fair picture. There is no "
        "overall score until at least half are answered; what is known so far is below."
    )
    assert Coverage(answered=95, total=95).caveat is None
    assert not Coverage(answered=0, total=0).fair
