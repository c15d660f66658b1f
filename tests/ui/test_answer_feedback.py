"""The answer page tells the person what happened where they are looking: problems beside each
question and, with links, in a summary beside the buttons; "Saved" beside the buttons (or at
the top of the next domain after "Save and go to the next domain"), moved into focus; progress
per domain; and who last changed each answer, and when."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from readiness.loading import load_bundle
from readiness.services import Actor
from readiness.services.answers import save_answers
from readiness.services.content import load_content
from readiness.store import Store
from readiness.store.records import AnswerInput
from readiness.ui.components.answer_feedback import focus_script
from readiness.ui.components.question_words import last_changed, when_words
from readiness.ui.components.questions import anchor_id, draft_from_widgets
from readiness.ui.components.text import user_text
from tests.ui.builders import ROUND, anytown
from tests.ui.conftest import no_exceptions, open_page, texts
from tests.ui.test_answer_page import _as, key

POLICE = "anytown-police"
WINTER = dt.datetime(2026, 12, 1, 14, 5, tzinfo=dt.UTC)  # GMT: the same on the UK clock
SUMMER = dt.datetime(2026, 6, 1, 13, 5, tzinfo=dt.UTC)  # BST: 14:05 on the UK clock


@pytest.fixture
def store(ui_env: Path, mini_content: Path) -> Store:
    return anytown(ui_env)


def _saved_by(db: Path, who: str, when: dt.datetime, question_id: str, value: object) -> None:
    """``who`` saves an answer at ``when`` (a store with its clock set)."""
    clocked = Store(db, clock=lambda: when)
    current = {a.question_id: a for a in clocked.answers_for(ROUND, POLICE)}.get(question_id)
    result = save_answers(
        Actor(who),
        clocked,
        load_content(),
        ROUND,
        agency_id=POLICE,
        answers=[
            AnswerInput(
                question_id=question_id,
                value=value,
                expected_revision=current.revision if current else None,
            )
        ],
    )
    assert result.ok


def _progress_texts(at: AppTest) -> list[str]:
    return [element.proto.text for element in at.get("progress")]


def _feedback_scripts(at: AppTest) -> list[str]:
    return [
        element.proto.body
        for element in at.get("html")
        if "st-key-answer-feedback" in element.proto.body
    ]


# --------------------------------------------------------------------------- problems


def test_a_number_out_of_range_is_named_with_what_was_expected_and_nothing_is_saved(
    store: Store,
) -> None:
    at = _as(open_page("answer"), POLICE, "sna")
    at.number_input(key=key(POLICE, "sna.analysts")).set_value(150)
    at.text_area(key=key(POLICE, "sna.notes")).input("A valid answer beside the wrong one")
    at.form_submit_button(key="answer.save").click().run()
    no_exceptions(at)
    message = "“How many analysts work on the SNA”: enter a number from 0 to 100"
    assert texts(at.error) == [
        f"Error: {message}",
        f"**There is a problem**\n\n- [{message}](#q-anytown-police-sna-analysts)",
    ]
    assert at.number_input(key=key(POLICE, "sna.analysts")).value == 150  # kept to correct
    assert store.answers_for(ROUND, POLICE) == []  # not even the valid answer
    assert texts(at.success) == []
    assert len(_feedback_scripts(at)) == 1  # the summary is moved into focus


def test_a_percentage_of_150_asks_for_a_percentage_from_0_to_100() -> None:
    question = load_bundle().questions["data.istv_ed_coverage"]
    assert draft_from_widgets(question, {"value": 150.0}).problems == [
        "“What percentage of the emergency departments serving your a…”: enter a percentage "
        "from 0 to 100"
    ]
    assert draft_from_widgets(question, {"value": 100.0}).problems == []
    assert draft_from_widgets(question, {"value": -1.0}).problems != []


def test_every_problem_of_every_question_is_listed_with_a_link_to_its_question(
    store: Store,
) -> None:
    at = _as(open_page("answer"), POLICE, "sna")
    at.number_input(key=key(POLICE, "sna.analysts")).set_value(-2)
    at.checkbox(key=key(POLICE, "sna.sources", "src|police_crime|agreement")).check()
    at.form_submit_button(key="answer.save").click().run()
    no_exceptions(at)
    summary = texts(at.error)[-1]
    assert summary.startswith("**There is a problem**")
    assert f"(#{anchor_id(POLICE, 'sna.sources')})" in summary
    assert f"(#{anchor_id(POLICE, 'sna.analysts')})" in summary
    # The anchors the links point to are on the page, at their questions.
    anchors = [e.proto.body for e in at.get("html") if "<span id=" in e.proto.body]
    assert [a.split('"')[1] for a in anchors] == [
        "q-anytown-police-sna-sources",
        "q-anytown-police-sna-analysts",
    ]
    assert store.answers_for(ROUND, POLICE) == []


def test_ticking_does_not_apply_opens_the_fold_that_holds_the_reason(store: Store) -> None:
    at = _as(open_page("answer"), POLICE, "gov")
    fold = "Guidance, evidence, comment or “does not apply”"
    assert [(e.label, e.proto.expanded) for e in at.expander if e.label.startswith(fold)] == [
        (fold, False)
    ]
    at.checkbox(key=key(POLICE, "gov.strategy", "na")).check()
    at.form_submit_button(key="answer.save").click().run()
    assert [(e.label, e.proto.expanded) for e in at.expander if e.label.startswith(fold)] == [
        (f"{fold} (does not apply)", True)
    ]


# --------------------------------------------------------------------------- saving


def test_saving_confirms_beside_the_buttons_and_moves_the_focus_there(store: Store) -> None:
    at = _as(open_page("answer"), POLICE, "gov")
    at.radio(key=key(POLICE, "gov.partnership")).set_value(3)
    at.form_submit_button(key="answer.save").click().run()
    no_exceptions(at)
    assert texts(at.success) == [
        "Saved 1 answer for Anytown Police in “Partnership and governance”. You can come back "
        "and change it at any time."
    ]
    [script] = _feedback_scripts(at)
    assert ".focus(" in script
    assert "scrollIntoView" in script
    # The confirmation is inside the form, just before the buttons.
    [form] = at.get("form")
    *_, box, buttons = form.children.values()
    assert getattr(box, "key", None) == "answer-feedback"
    assert [type(e).__name__ for e in box.children.values()] == ["Success", "Html"]
    assert [b.key for b in buttons.children.values()] == ["answer.save", "answer.next"]
    at.run()  # the next run (any click) does not repeat it
    assert texts(at.success) == []


def test_saving_nothing_new_says_so_beside_the_buttons(store: Store) -> None:
    at = _as(open_page("answer"), POLICE, "gov")
    at.form_submit_button(key="answer.save").click().run()
    assert texts(at.info) == ["Nothing has changed since your answers were last saved."]
    assert store.answers_for(ROUND, POLICE) == []


def test_save_and_go_to_the_next_domain_saves_then_opens_it_with_the_confirmation(
    store: Store,
) -> None:
    at = _as(open_page("answer"), POLICE, "gov")
    assert _progress_texts(at)[1] == ("0 of 2 questions answered in this domain (domain 1 of 2).")
    at.radio(key=key(POLICE, "gov.partnership")).set_value(2)
    at.radio(key=key(POLICE, "gov.strategy")).set_value("yes")
    at.form_submit_button(key="answer.next").click().run()
    no_exceptions(at)
    assert {a.question_id: a.value for a in store.answers_for(ROUND, POLICE)} == {
        "gov.partnership": 2,
        "gov.strategy": "yes",
    }
    assert at.radio(key="answer.domain").value == "sna"
    assert [h.value for h in at.header] == ["Data and the Strategic Needs Assessment"]
    assert texts(at.success) == [
        "Saved 2 answers for Anytown Police in “Partnership and governance”. This is the next "
        "domain: “Data and the Strategic Needs Assessment”."
    ]
    assert len(_feedback_scripts(at)) == 1
    assert at.radio(key="answer.domain").options[0] == (
        "Partnership and governance: Complete (2 of 2)"
    )
    assert _progress_texts(at) == [
        "Anytown Police has answered 2 of 6 questions.",
        "0 of 4 questions answered in this domain (domain 2 of 2).",
    ]
    # The last domain has nowhere to go next.
    assert [b.key for b in at.button] == ["answer.save"]


def test_going_on_with_nothing_changed_saves_nothing_and_says_so(store: Store) -> None:
    at = _as(open_page("answer"), POLICE, "gov")
    at.form_submit_button(key="answer.next").click().run()
    assert at.radio(key="answer.domain").value == "sna"
    assert texts(at.info) == [
        "Nothing had changed in “Partnership and governance”, so nothing was saved. This is "
        "the next domain: “Data and the Strategic Needs Assessment”."
    ]
    assert store.answers_for(ROUND, POLICE) == []


def test_a_problem_stops_going_on_to_the_next_domain(store: Store) -> None:
    at = _as(open_page("answer"), POLICE, "gov")
    at.checkbox(key=key(POLICE, "gov.strategy", "na")).check()
    at.form_submit_button(key="answer.next").click().run()
    assert at.radio(key="answer.domain").value == "gov"
    assert texts(at.error)[-1].startswith("**There is a problem**")
    assert store.answers_for(ROUND, POLICE) == []


# --------------------------------------------------------------------------- who changed it


def test_each_answered_question_says_who_last_changed_it_and_when(
    store: Store, ui_env: Path
) -> None:
    _saved_by(ui_env, "Jo Bloggs", WINTER, "gov.partnership", 3)
    at = _as(open_page("answer"), POLICE, "gov")
    # Only the answered question says so, under its answer.
    assert [c for c in texts(at.caption) if "Last changed" in c] == [
        "Legal duty · Last changed by Jo Bloggs on 1 December 2026 at 14:05"
    ]


def test_times_are_on_the_uk_clock_in_words() -> None:
    assert when_words(WINTER) == "1 December 2026 at 14:05"
    assert when_words(SUMMER) == "1 June 2026 at 14:05"
    assert last_changed("Sam Patel", SUMMER) == "Last changed by Sam Patel on 1 June 2026 at 14:05"
    assert when_words(WINTER.replace(tzinfo=None)) == "1 December 2026 at 14:05"


def test_the_conflict_message_names_the_other_person_and_when(store: Store, ui_env: Path) -> None:
    at = _as(open_page("answer"), POLICE, "gov")
    _saved_by(ui_env, "Jo Bloggs", WINTER, "gov.partnership", 1)  # in another browser
    at.radio(key=key(POLICE, "gov.partnership")).set_value(4)
    at.form_submit_button(key="answer.save").click().run()
    no_exceptions(at)
    said = " ".join(texts(at.markdown))
    assert (
        "Jo Bloggs changed this answer on 1 December 2026 at 14:05, after you opened this page."
        in said
    )
    assert "gov.partnership" not in said  # the question is named by its words, not its id
    # Beside the buttons, where the person is looking: a link up to the choice.
    assert texts(at.error)[-1] == (
        "**There is a problem**\n\n- [Some of your answers were not saved because someone else "
        "changed them after you opened this page: choose which answer to keep for each "
        "one](#answer-conflicts)"
    )


def test_the_focus_script_runs_once_per_message() -> None:
    assert focus_script(1) != focus_script(2)
    assert "tabindex" in focus_script(1)
    assert '"-1"' in focus_script(1)


def _feedback_page() -> None:
    from readiness.ui.components import answer_feedback

    answer_feedback.show(
        answer_feedback.Feedback("saved", "Saved 1 answer for [Click](http://x.test) *Ltd*", "top")
    )


def test_names_in_the_confirmation_are_shown_as_typed_never_as_links() -> None:
    at = AppTest.from_function(_feedback_page)
    at.run()
    assert texts(at.success) == [user_text("Saved 1 answer for [Click](http://x.test) *Ltd*")]
    assert texts(at.success)[0].startswith(r"Saved 1 answer for \[Click\]")
