"""Results, as a board member and a partnership lead expect it: a summary first (the band in
words and why, what would move it, the next deadline, who needs to act), no headline score
while fewer than half the questions are answered, blockers that name the agencies holding the
band back, no internal codes as the main text, and the detail in sections drawn only when
opened."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from readiness.store import Store
from tests.ui.builders import answer, anytown
from tests.ui.conftest import no_exceptions, open_page, texts

CODE = r"SVD-[A-Z]+-\d+"


def _disagreeing(db: Path) -> Store:
    store = anytown(db)
    answer(store, "anytown-police", "gov.partnership", 0)
    answer(store, "anytown-council", "gov.partnership", 4, evidence="Signed agreement")
    answer(store, "anytown-council", "gov.strategy", "yes")
    return store


def _most_answered(db: Path) -> Store:
    """4 of the 6 questions answered: a fair picture. The police hold the partnership
    question below Developing (1, with the council at 2)."""
    store = _disagreeing(db)
    answer(store, "anytown-police", "gov.partnership", 1)
    answer(store, "anytown-council", "gov.partnership", 2, evidence="Draft agreement")
    answer(store, "anytown-council", "gov.consult", "all", evidence="Consultation log")
    answer(store, "anytown-council", "gov.members", ["police", "health", "council"])
    return store


def _open(at: AppTest, *sections: str) -> AppTest:
    for name in sections:
        at.session_state[f"results.open.{name}"] = True  # as a click on it does (a rerun)
    at.run()
    no_exceptions(at)
    return at


def _markdown(at: AppTest) -> str:
    return "\n".join(texts(at.markdown))


def _html(at: AppTest) -> str:
    return "\n".join(e.proto.body for e in at.get("html"))


def test_no_answers_yet_says_what_to_do(ui_env: Path, mini_content: Path) -> None:
    anytown(ui_env)
    at = open_page("results")
    no_exceptions(at)
    assert texts(at.info) == [
        "No answers have been saved in this round yet, so there is nothing to show. Start by "
        "answering the questionnaire."
    ]


def test_with_2_of_6_questions_answered_there_is_no_headline_score_and_it_says_why(
    ui_env: Path, mini_content: Path
) -> None:
    _disagreeing(ui_env)
    at = open_page("results")
    no_exceptions(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Questions answered": "2 of 6"}  # no band, no maturity as a headline
    [caveat] = [w for w in texts(at.warning) if w.startswith("Only")]
    assert caveat.startswith(
        "Only 2 of 6 questions are answered, so this is not yet a fair picture."
    )
    summary = _markdown(at)
    assert "**So far:**" in summary
    # one "get these answered" move per agency, the agency with most still open first
    assert "**What to do first:**" in summary
    assert "1. Answer the 4 questions still open for Anytown Council's role" in summary
    assert "3. Answer the one question still open for Anytown ICB's role" in summary
    assert "**Who needs to act:** Anytown Council, Anytown Police and Anytown ICB" in summary
    # what is known is still there, below
    at = _open(at, "domains")
    assert '<th scope="col">Self-assessed maturity</th>' in _html(at)


def test_with_most_questions_answered_the_summary_gives_the_band_why_and_who_must_act(
    ui_env: Path, mini_content: Path
) -> None:
    _most_answered(ui_env)
    at = open_page("results")
    no_exceptions(at)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Questions answered"] == "4 of 6"
    assert metrics["Statutory compliance"] == "Not met"
    assert metrics["Overall maturity (self-assessed)"].endswith(")")  # "2.4 (Developing)"
    assert not [w for w in texts(at.warning) if "fair picture" in w]
    summary = _markdown(at)
    assert "**Not met**: At least one legal duty is not in place." in summary
    assert "What stands between you and Approaching" in summary
    assert "Not answered yet" not in summary
    assert "**Who needs to act:**" in summary
    assert "Anytown Police" in summary.split("**Who needs to act:**")[1]


def test_the_summary_comes_first_and_the_detail_is_drawn_only_when_opened(
    ui_env: Path, mini_content: Path
) -> None:
    _most_answered(ui_env)
    at = open_page("results")
    assert texts(at.header)[0] == "In detail"  # nothing but the summary above the detail
    assert not at.table
    assert 'class="wide-table"' not in _html(at)
    assert not at.get("vega_lite_chart")
    at = _open(at, "domains")
    assert len(at.get("vega_lite_chart")) == 1


def test_blockers_name_the_agencies_whose_answers_hold_the_band_back(
    ui_env: Path, mini_content: Path
) -> None:
    _most_answered(ui_env)
    at = _open(open_page("results"), "blockers")
    html = _html(at)
    assert 'role="region"' in html  # scrolls sideways on a phone
    assert 'tabindex="0"' in html  # and takes keyboard focus
    assert '<th scope="col">Who needs to act</th>' in html
    assert "update the answers of the agencies that answered it" not in html
    assert "then Anytown Police update their answers" in html
    # the law in words and its source; the code only in the Reference column
    assert "Work together to prevent and reduce serious violence (PCSC Act 2022 s.8(1)-(2))" in (
        html
    )
    assert '<th scope="col">Reference</th>' in html


def test_no_internal_codes_or_file_names_as_the_main_text(ui_env: Path, mini_content: Path) -> None:
    _most_answered(ui_env)
    sections = ["blockers", "domains", "uplift", "disagreements", "assurance", "sna"]
    at = _open(open_page("results"), *sections, "deadlines", "method")
    shown = _markdown(at) + "\n".join(texts(at.caption))
    assert not re.search(CODE, shown)
    assert "docs/" not in shown
    assert ".md" not in shown
    assert "SNA component C" not in shown
    assert "Comes from" not in shown


def test_agencies_two_levels_apart_are_on_the_consensus_agenda(
    ui_env: Path, mini_content: Path
) -> None:
    _disagreeing(ui_env)
    at = _open(open_page("results"), "disagreements")
    html = _html(at)
    assert 'aria-label="Where agencies disagree" tabindex="0"' in html
    assert '<th scope="col">Who said what</th>' in html
    assert (
        '<tr><th scope="row">The specified authorities work together as a partnership</th>'
        "<td>Anytown Council: 4.0 (Embedded); Anytown Police: 0.0 (Not started)</td>"
        "<td>4</td></tr>"
    ) in html


def test_a_save_shows_on_the_next_run_of_the_page(ui_env: Path, mini_content: Path) -> None:
    """Results are kept between runs and sessions until the round's answers change."""
    store = _disagreeing(ui_env)
    agreed = "No disagreements: no two agencies are two or more levels apart on any question."
    at = _open(open_page("results"), "disagreements")
    assert "Who said what" in _html(at)
    at.run()  # unchanged: the kept result, drawn the same
    no_exceptions(at)
    assert "Who said what" in _html(at)
    assert agreed not in texts(at.markdown)
    answer(store, "anytown-police", "gov.partnership", 4, evidence="Minutes")
    at.run()
    no_exceptions(at)
    assert "Who said what" not in _html(at)
    assert agreed in texts(at.markdown)


def test_what_moves_each_domain_up_is_drawn_only_once_its_section_is_opened(
    ui_env: Path, mini_content: Path
) -> None:
    _disagreeing(ui_env)
    at = open_page("results")
    no_exceptions(at)
    assert any(e.label == "What moves each domain up one level" for e in at.expander)
    assert not any(m.value.startswith("To reach ") for m in at.markdown)
    at = _open(at, "uplift")
    assert [m.value for m in at.markdown if m.value.startswith("To reach ")]
    assert not any("now Not answered yet" in m.value for m in at.markdown)
