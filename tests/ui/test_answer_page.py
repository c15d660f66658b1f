"""Answering: only the role's questions, one form per domain, saved at once and found again in
a new session; validation; and a conflict with someone else's change shown, never lost."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness.store import Store
from tests.ui.builders import ROUND, answer, anytown
from tests.ui.conftest import no_exceptions, open_page, texts

KEY = "q|{agency}|{question}|{field}"


def key(agency: str, question: str, field: str = "value") -> str:
    return KEY.format(agency=agency, question=question, field=field)


def _as(at: AppTest, agency_id: str, domain_id: str | None = None) -> AppTest:
    at.selectbox(key="answer.agency").set_value(agency_id).run()
    if domain_id is not None:
        at.radio(key="answer.domain").set_value(domain_id).run()
    return at


@pytest.fixture
def store(ui_env: Path, mini_content: Path) -> Store:
    return anytown(ui_env)


DOMAINS = [
    ("england", "anytown-police", ["gov", "sna"]),
    ("england", "anytown-council", ["gov", "sna"]),
    ("wales", "anytown-police", ["gov", "sna", "wales"]),
]


@pytest.mark.parametrize(
    ("nation", "agency", "domains"),
    DOMAINS,
    ids=[
        "police in England see no Wales-only domain",
        "a council in England sees the same two domains",
        "police in Wales also see the Wales-only domain",
    ],
)
def test_each_agency_sees_only_the_domains_for_its_role_and_nation(
    ui_env: Path, mini_content: Path, nation: str, agency: str, domains: list[str]
) -> None:
    anytown(ui_env, nation=nation)  # type: ignore[arg-type]
    at = _as(open_page("answer"), agency)
    no_exceptions(at)
    assert at.radio(key="answer.domain").options == [
        {
            "gov": "Partnership and governance: 0 of {n}",
            "sna": "Data and the Strategic Needs Assessment: 0 of 4",
            "wales": "Wales only: 0 of 1",
        }[d].replace("{n}", "2" if agency == "anytown-police" else "4")
        for d in domains
    ]


def test_police_see_only_the_governance_questions_for_their_role(store: Store) -> None:
    at = _as(open_page("answer"), "anytown-police", "gov")
    assert [r.label for r in at.radio][1:] == [
        "1. The specified authorities work together as a partnership",
        "2. A strategy has been prepared and published",
    ]


def test_a_saved_form_says_so_and_a_new_session_shows_the_saved_answers(store: Store) -> None:
    at = _as(open_page("answer"), "anytown-police", "gov")
    at.radio(key=key("anytown-police", "gov.partnership")).set_value(3)
    at.text_area(key=key("anytown-police", "gov.partnership", "evidence")).input("Signed terms")
    at.radio(key=key("anytown-police", "gov.strategy")).set_value("partly")
    at.form_submit_button(key="answer.save").click().run()
    no_exceptions(at)
    assert texts(at.success) == [
        "Saved 2 answers for Anytown Police in “Partnership and governance”. You can come back "
        "and change them at any time."
    ]
    saved = {
        a.question_id: (a.value, a.evidence) for a in store.answers_for(ROUND, "anytown-police")
    }
    assert saved == {"gov.partnership": (3, "Signed terms"), "gov.strategy": ("partly", "")}

    later = _as(open_page("answer"), "anytown-police", "gov")  # another day, another browser
    assert later.radio(key=key("anytown-police", "gov.partnership")).value == 3
    assert later.radio(key=key("anytown-police", "gov.strategy")).value == "partly"
    assert later.text_area(key=key("anytown-police", "gov.partnership", "evidence")).value == (
        "Signed terms"
    )
    assert later.radio(key="answer.domain").options[0] == (
        "Partnership and governance: Complete (2 of 2)"
    )


def test_not_applicable_without_a_reason_is_refused_and_nothing_is_saved(store: Store) -> None:
    at = _as(open_page("answer"), "anytown-police", "gov")
    at.checkbox(key=key("anytown-police", "gov.strategy", "na")).check()
    at.form_submit_button(key="answer.save").click().run()
    no_exceptions(at)
    message = "“A strategy has been prepared and published”: enter why this question does not apply"
    assert texts(at.error) == [
        f"Error: {message}",  # beside the question, then in the summary beside the buttons
        f"**There is a problem**\n\n- [{message}](#q-anytown-police-gov-strategy)",
    ]
    assert store.answers_for(ROUND, "anytown-police") == []


def test_not_applicable_with_a_reason_is_saved_as_not_applicable(store: Store) -> None:
    at = _as(open_page("answer"), "anytown-police", "gov")
    at.checkbox(key=key("anytown-police", "gov.strategy", "na")).check()
    at.text_input(key=key("anytown-police", "gov.strategy", "na_reason")).input(
        "The council publishes the strategy"
    )
    at.form_submit_button(key="answer.save").click().run()
    [saved] = store.answers_for(ROUND, "anytown-police")
    assert (saved.value, saved.na_reason) == (None, "The council publishes the strategy")


def test_answers_from_two_agencies_never_conflict(store: Store) -> None:
    police = _as(open_page("answer"), "anytown-police", "gov")
    council = _as(open_page("answer"), "anytown-council", "gov")
    police.radio(key=key("anytown-police", "gov.partnership")).set_value(1)
    council.radio(key=key("anytown-council", "gov.partnership")).set_value(4)
    police.form_submit_button(key="answer.save").click().run()
    council.form_submit_button(key="answer.save").click().run()
    assert not texts(police.error)
    assert not texts(council.error)
    assert {a.agency_id: a.value for a in store.answers_for(ROUND)} == {
        "anytown-police": 1,
        "anytown-council": 4,
    }


def test_someone_elses_change_is_shown_with_both_answers_and_a_choice(store: Store) -> None:
    at = _as(open_page("answer"), "anytown-police", "gov")
    # A colleague from the same agency saves first, in another browser.
    answer(store, "anytown-police", "gov.partnership", 1, comment="Only meets twice a year")
    at.radio(key=key("anytown-police", "gov.partnership")).set_value(4)
    at.form_submit_button(key="answer.save").click().run()
    no_exceptions(at)
    assert texts(at.error)[0].startswith("**Some of your answers were not saved**")
    [table] = at.table
    shown = table.value.to_dict("records")
    assert [(r["Whose"].split(" on ")[0], r["Answer"]) for r in shown] == [
        ("Your answer (not saved)", "4 Embedded"),
        ("Saved by test", "1 Emerging"),
    ]
    assert re.fullmatch(r"Saved by test on \d{1,2} \w+ \d{4} at \d\d:\d\d", shown[1]["Whose"])
    assert store.answers_for(ROUND, "anytown-police")[0].value == 1  # nothing overwritten

    choice = at.radio(key="conflict|anytown-police|gov.partnership")
    assert choice.options == ["Keep the saved answer", "Replace it with my answer"]
    at.button(key="conflict|anytown-police|gov.partnership|confirm").click().run()
    assert "Error: Select which answer to keep" in texts(at.error)
    at.radio(key="conflict|anytown-police|gov.partnership").set_value("yours")
    at.button(key="conflict|anytown-police|gov.partnership|confirm").click().run()
    no_exceptions(at)
    assert texts(at.success) == ["Your answer has been saved."]
    assert store.answers_for(ROUND, "anytown-police")[0].value == 4
    assert at.radio(key=key("anytown-police", "gov.partnership")).value == 4


def test_keeping_the_other_answer_shows_it_in_the_form(store: Store) -> None:
    at = _as(open_page("answer"), "anytown-police", "gov")
    answer(store, "anytown-police", "gov.partnership", 2)
    at.radio(key=key("anytown-police", "gov.partnership")).set_value(0)
    at.form_submit_button(key="answer.save").click().run()
    at.radio(key="conflict|anytown-police|gov.partnership").set_value("theirs")
    at.button(key="conflict|anytown-police|gov.partnership|confirm").click().run()
    assert texts(at.success) == ["The saved answer has been kept."]
    assert at.radio(key=key("anytown-police", "gov.partnership")).value == 2
    assert store.answers_for(ROUND, "anytown-police")[0].value == 2


def test_a_closed_round_shows_answers_but_no_form(store: Store) -> None:
    answer(store, "anytown-police", "gov.partnership", 3, evidence="Minutes")
    store.close_round(ROUND, user="test")
    at = _as(open_page("answer"), "anytown-police", "gov")
    no_exceptions(at)
    assert "This round is closed, so its answers can be read but not changed." in texts(at.info)
    assert len(at.get("form")) == 0
    rows = at.table[0].value.to_dict("records")
    assert rows[0]["Last changed"].startswith("by test on ")
    del rows[0]["Last changed"]
    assert rows[0] == {
        "Question": "The specified authorities work together as a partnership",
        "Answer": "3 Established",
        "Evidence": "Minutes",
    }


def test_answers_carried_forward_are_marked_and_confirmed_by_saving(store: Store) -> None:
    answer(store, "anytown-police", "gov.partnership", 3)
    new_round = store.carry_forward(
        ROUND, "2027/28", dt.date(2027, 6, 1), user="test", close_previous=True
    )
    at = _as(open_page("answer"), "anytown-police", "gov")
    assert texts(at.info) == [
        "Carried forward from the last round. Check it is still right, change it if not, then "
        "save to confirm it."
    ]
    assert at.radio(key=key("anytown-police", "gov.partnership")).value == 3
    at.form_submit_button(key="answer.save").click().run()
    [confirmed] = store.answers_for(new_round.id, "anytown-police")
    assert (confirmed.value, confirmed.status) == (3, "confirmed")
    assert texts(at.info) == []
