"""Results: the band in words with its blockers, maturity by domain as a chart with a table
beside it, disagreements between agencies, and what moves each domain up."""

from __future__ import annotations

from pathlib import Path

from readiness.store import Store
from tests.ui.builders import answer, anytown
from tests.ui.conftest import no_exceptions, open_page, texts


def _disagreeing(db: Path) -> Store:
    store = anytown(db)
    answer(store, "anytown-police", "gov.partnership", 0)
    answer(store, "anytown-council", "gov.partnership", 4, evidence="Signed agreement")
    answer(store, "anytown-council", "gov.strategy", "yes")
    return store


def test_no_answers_yet_says_what_to_do(ui_env: Path, mini_content: Path) -> None:
    anytown(ui_env)
    at = open_page("results")
    no_exceptions(at)
    assert texts(at.info) == [
        "No answers have been saved in this round yet, so there is nothing to show. Start by "
        "answering the questionnaire."
    ]


def test_the_band_and_maturity_are_written_in_words(ui_env: Path, mini_content: Path) -> None:
    _disagreeing(ui_env)
    at = open_page("results")
    no_exceptions(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Statutory compliance"] == "Not met"
    assert metrics["Questions answered"] == "2 of 6"
    headers = texts(at.header)
    assert f"Statutory compliance: {metrics['Statutory compliance']}" in headers
    assert "Maturity by domain" in headers


def test_the_domain_chart_has_a_table_beside_it(ui_env: Path, mini_content: Path) -> None:
    _disagreeing(ui_env)
    at = open_page("results")
    tables = [t.value for t in at.table]
    domain_table = next(t for t in tables if "Self-assessed maturity" in t.columns)
    assert list(domain_table["Domain"]) == [
        "Partnership and governance",
        "Data and the Strategic Needs Assessment",
    ]
    assert list(domain_table.columns) == [
        "Domain",
        "Self-assessed maturity",
        "Assured maturity",
        "Answered",
        "Coverage",
    ]
    assert len(at.get("vega_lite_chart")) == 1


def test_agencies_two_levels_apart_are_on_the_consensus_agenda(
    ui_env: Path, mini_content: Path
) -> None:
    _disagreeing(ui_env)
    at = open_page("results")
    agenda = next(t.value for t in at.table if "Who said what" in t.value.columns)
    [row] = agenda.to_dict("records")
    assert row["Question"] == "The specified authorities work together as a partnership"
    assert "Anytown Police: 0.0 (Not started)" in row["Who said what"]
    assert "Anytown Council: 4.0 (Embedded)" in row["Who said what"]
    assert row["Levels apart"] == "4"


def test_a_save_shows_on_the_next_run_of_the_page(ui_env: Path, mini_content: Path) -> None:
    """Results are kept between runs and sessions until the round's answers change."""
    store = _disagreeing(ui_env)
    agreed = "No disagreements: no two agencies are two or more levels apart on any question."
    at = open_page("results")
    assert any("Who said what" in t.value.columns for t in at.table)
    at.run()  # unchanged: the kept result, drawn the same
    no_exceptions(at)
    assert any("Who said what" in t.value.columns for t in at.table)
    assert agreed not in texts(at.markdown)
    answer(store, "anytown-police", "gov.partnership", 4, evidence="Minutes")
    at.run()
    no_exceptions(at)
    assert not any("Who said what" in t.value.columns for t in at.table)
    assert agreed in texts(at.markdown)


def test_what_moves_a_domain_up_is_drawn_only_once_its_section_is_opened(
    ui_env: Path, mini_content: Path
) -> None:
    _disagreeing(ui_env)
    at = open_page("results")
    no_exceptions(at)
    uplift = [e for e in at.expander if ": now " in e.label]
    assert uplift
    assert not any(m.value.startswith("To reach **") for m in at.markdown)
    at.session_state["results.open.uplift.gov"] = True  # as a click on it does (a rerun)
    at.run()
    no_exceptions(at)
    steps = [m.value for m in at.markdown if m.value.startswith("To reach **")]
    assert len(steps) == 1
