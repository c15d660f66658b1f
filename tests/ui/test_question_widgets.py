"""Every question type gets native, labelled widgets that save and come back as they were."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from readiness.bundle import ContentBundle
from readiness.loading import load_bundle
from readiness.ui.components.questions import Draft, draft_from_widgets, widget_values
from tests.ui.conftest import MINI, TIMEOUT


@pytest.fixture(scope="module")
def bundle() -> ContentBundle:
    return load_bundle(questionnaire=MINI)


class Saved:
    def __init__(self, value: Any, na_reason: str = "", evidence: str = "", comment: str = ""):
        self.value = value
        self.na_reason = na_reason
        self.evidence = evidence
        self.comment = comment
        self.revision = 3


ROUND_TRIPS = [
    ("gov.partnership", 3),
    ("gov.strategy", "partly"),
    ("gov.consult", "all"),
    ("gov.members", ["police", "council"]),
    (
        "sna.sources",
        {
            "police_crime": {
                "availability": "record_level",
                "timeliness": "current",
                "granularity": "point",
                "agreement": True,
                "used_in_sna": True,
            }
        },
    ),
    ("sna.analysts", 2),
    ("sna.analysts", 2.5),
    ("sna.date", "2026-03-31"),
    ("sna.notes", "Refreshed with ambulance data"),
]


@pytest.mark.parametrize(
    ("question_id", "value"),
    ROUND_TRIPS,
    ids=[
        "a level on the maturity scale",
        "partly",
        "one option",
        "several ticked options",
        "a data source row",
        "a whole number",
        "a fraction",
        "a date",
        "free text",
    ],
)
def test_a_saved_value_shown_in_the_widgets_reads_back_unchanged(
    bundle: ContentBundle, question_id: str, value: Any
) -> None:
    question = bundle.questions[question_id]
    shown = widget_values(question, Saved(value, evidence="Minutes", comment="ok"))
    draft = draft_from_widgets(question, shown)
    assert draft == Draft(question_id, value=value, evidence="Minutes", comment="ok")


def test_not_applicable_with_a_reason_is_saved_as_no_value(bundle: ContentBundle) -> None:
    question = bundle.questions["gov.strategy"]
    shown = widget_values(question, Saved(None, na_reason="We are not a duty holder"))
    assert shown["na"] is True
    assert draft_from_widgets(question, shown) == Draft(
        "gov.strategy", value=None, na_reason="We are not a duty holder"
    )


PROBLEMS = [
    (
        "gov.strategy",
        {"value": None, "na": True, "na_reason": "  "},
        "“A strategy has been prepared and published”: enter why this question does not apply",
    ),
    (
        "gov.strategy",
        {"value": "yes", "na": True, "na_reason": "Not ours"},
        "“A strategy has been prepared and published”: either answer the question or say it"
        " does not apply, not both",
    ),
    (
        "gov.members",
        {"opt|police": True, "opt|nobody": True},
        "“Which of these attend the partnership board”: “None of these” cannot be selected"
        " with other options",
    ),
    (
        "sna.sources",
        {"src|police_crime|agreement": True},
        "“Which data sources the partnership holds”: select how available “Police recorded"
        " crime” is",
    ),
]


@pytest.mark.parametrize(
    ("question_id", "widgets", "message"),
    PROBLEMS,
    ids=[
        "not applicable needs a reason",
        "an answer and not applicable at once",
        "an exclusive option ticked with others",
        "a data source described but its availability not chosen",
    ],
)
def test_problems_are_named_in_plain_english(
    bundle: ContentBundle, question_id: str, widgets: dict[str, Any], message: str
) -> None:
    draft = draft_from_widgets(bundle.questions[question_id], widgets)
    assert draft.problems == [message]


def test_untouched_widgets_mean_not_answered(bundle: ContentBundle) -> None:
    for question in bundle.questionnaire.questions():
        draft = draft_from_widgets(question, widget_values(question, None))
        assert draft.is_empty, question.id
        assert draft.problems == []


def _every_question_page(mini: str) -> None:
    from pathlib import Path as _Path

    import streamlit as st

    from readiness.loading import load_bundle as _load
    from readiness.ui.components.questions import read_draft, render_question, seed

    content = _load(questionnaire=_Path(mini))
    with st.form("all"):
        for question in content.questionnaire.questions():
            seed(question, "anytown-police", None)
            render_question(question, "anytown-police", content, nation="england")
        submitted = st.form_submit_button("Save", key="save")
    if submitted:
        st.session_state["drafts"] = {
            q.id: read_draft(q, "anytown-police").value for q in content.questionnaire.questions()
        }


def test_every_question_type_renders_with_labelled_native_widgets() -> None:
    at = AppTest.from_function(_every_question_page, args=(str(MINI),), default_timeout=TIMEOUT)
    at.run()
    assert not at.exception
    base = "q|anytown-police|"
    at.radio(key=base + "gov.partnership|value").set_value(2)
    at.radio(key=base + "gov.strategy|value").set_value("yes")
    at.radio(key=base + "gov.consult|value").set_value("some")
    at.checkbox(key=base + "gov.members|opt|health").check()
    at.selectbox(key=base + "sna.sources|src|ed_attendances|availability").set_value("aggregate")
    at.number_input(key=base + "sna.analysts|value").set_value(4)
    at.date_input(key=base + "sna.date|value").set_value(dt.date(2026, 5, 1))
    at.text_area(key=base + "sna.notes|value").input("New analyst")
    at.form_submit_button(key="save").click().run()
    assert not at.exception
    assert at.session_state["drafts"] == {
        "gov.partnership": 2,
        "gov.strategy": "yes",
        "gov.consult": "some",
        "gov.members": ["health"],
        "sna.sources": {
            "ed_attendances": {
                "availability": "aggregate",
                "timeliness": "unknown",
                "granularity": "none",
                "agreement": False,
                "used_in_sna": False,
            }
        },
        "sna.analysts": 4,
        "sna.date": "2026-05-01",
        "sna.notes": "New analyst",
        "wales.fit": None,
    }
    labels = [r.label for r in at.radio]
    assert "The specified authorities work together as a partnership" in labels
    assert all(w.label for w in [*at.radio, *at.checkbox, *at.selectbox, *at.text_area])
