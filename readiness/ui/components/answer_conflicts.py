"""Conflicting answers on the answer page: someone else saved first, so both answers are
shown and the user chooses which to keep. A kept answer of yours is saved through
:mod:`readiness.services.answers` (which also brings the action plan in line)."""

from __future__ import annotations

import streamlit as st

from readiness.bundle import ContentBundle
from readiness.services import answers as answer_service
from readiness.store.records import Agency, Conflict
from readiness.ui import state
from readiness.ui.components.errors import field_error
from readiness.ui.components.question_words import describe_value, when_words
from readiness.ui.components.questions import forget
from readiness.ui.components.text import user_text

CONFLICTS_ANCHOR = "answer-conflicts"
"""The HTML id of the conflicts box, which the message beside the Save button links to."""


def conflict_words(conflict: Conflict) -> str:
    """Who changed the answer and when, in plain words (plain text: escape it for Markdown)."""
    theirs = conflict.theirs
    if theirs is None:
        return "This answer has been removed since you opened this page. Check it and save again."
    who = theirs.updated_by.strip() or "Someone else"
    return (
        f"{who} changed this answer on {when_words(theirs.updated_at)}, after you opened this "
        "page. Your answer has not been saved. Compare the two and choose which to keep."
    )


def conflicts_key(agency_id: str) -> str:
    return f"conflicts|{agency_id}"


def show_conflicts(bundle: ContentBundle, round_id: str, agency: Agency) -> None:
    """Someone else saved first: show both answers and let the user choose; nothing is lost."""
    key = conflicts_key(agency.id)
    conflicts: list[Conflict] = st.session_state.get(key) or []
    if not conflicts:
        return
    st.html(f'<span id="{CONFLICTS_ANCHOR}"></span>')
    st.error(
        "**Some of your answers were not saved** because someone else changed them after you "
        "opened this page. For each one, choose which answer to keep."
    )
    for conflict in list(conflicts):
        question = bundle.questions.get(conflict.question_id)
        if question is None:
            continue
        theirs = conflict.theirs
        with st.container(border=True):
            st.markdown(f"**{question.text}**")
            st.markdown(user_text(conflict_words(conflict)))
            rows = [
                {
                    "Whose": "Your answer (not saved)",
                    "Answer": user_text(
                        describe_value(question, conflict.yours.value, conflict.yours.na_reason)
                    ),
                    "Evidence": user_text(conflict.yours.evidence or "None given"),
                    "Comment": user_text(conflict.yours.comment or "None"),
                }
            ]
            if theirs is not None:
                rows.append(
                    {
                        "Whose": user_text(
                            f"Saved by {theirs.updated_by} on {when_words(theirs.updated_at)}"
                        ),
                        "Answer": user_text(
                            describe_value(question, theirs.value, theirs.na_reason)
                        ),
                        "Evidence": user_text(theirs.evidence or "None given"),
                        "Comment": user_text(theirs.comment or "None"),
                    }
                )
            st.table(rows, hide_index=True)
            choice_key = f"conflict|{agency.id}|{conflict.question_id}"
            choice = st.radio(
                "Which answer do you want to keep?",
                options=["theirs", "yours"],
                format_func={
                    "theirs": "Keep the saved answer",
                    "yours": "Replace it with my answer",
                }.__getitem__,
                index=None,
                key=choice_key,
            )
            if st.button("Confirm", key=f"{choice_key}|confirm"):
                _resolve(bundle, round_id, agency, conflict, choice, conflicts)


def _resolve(  # noqa: PLR0917 - the conflict and where it belongs
    bundle: ContentBundle,
    round_id: str,
    agency: Agency,
    conflict: Conflict,
    choice: str | None,
    conflicts: list[Conflict],
) -> None:
    if choice is None:
        field_error("Select which answer to keep")
        return
    remaining = [c for c in conflicts if c.question_id != conflict.question_id]
    if choice == "yours":
        theirs = conflict.theirs
        mine = conflict.yours.model_copy(
            update={"expected_revision": theirs.revision if theirs is not None else None}
        )
        result = answer_service.save_answers(
            state.actor(), state.store(), bundle, round_id, agency_id=agency.id, answers=[mine]
        )
        if not result.ok:
            remaining.extend(result.conflicts)
        else:
            state.flash("Your answer has been saved.")
    else:
        state.flash("The saved answer has been kept.")
    forget(agency.id, [conflict.question_id])
    st.session_state[conflicts_key(agency.id)] = remaining
    st.rerun()
