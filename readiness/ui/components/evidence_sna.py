"""Suggested answers for the SNA data-source question, from what was uploaded.

The suggestions are shown next to the partnership lead's current answer in the open round,
old against new, and saved only when the user confirms. The save carries the revision the
user was looking at, so a change someone else made in between is never overwritten.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

from readiness.evidence.sources import (
    SNA_QUESTION_ID,
    SourceChange,
    SourceSuggestion,
    merge_suggestions,
)
from readiness.labels import AVAILABILITY_LABELS, GRANULARITY_LABELS, TIMELINESS_LABELS
from readiness.models.answers import (
    SourceAnswer,
)
from readiness.models.questionnaire import DataSourceMatrixQuestion
from readiness.services import answers as answer_service
from readiness.store.records import Agency, AnswerInput, StoredAnswer
from readiness.ui import frame, state
from readiness.ui.components.text import formula_safe, user_text

NO_ANSWER = "Not answered"
_SHOWN = "evidence.sna.shown_revision"


def describe(answer: SourceAnswer | None) -> str:
    """One line for a matrix row, in the words the answer page uses."""
    if answer is None:
        return NO_ANSWER
    return (
        f"{AVAILABILITY_LABELS[answer.availability]}; "
        f"{TIMELINESS_LABELS[answer.timeliness]}; "
        f"{GRANULARITY_LABELS[answer.granularity]}"
    )


def source_names(ctx: frame.Context) -> dict[str, str]:
    """The rows of the SNA data-source question: id -> name."""
    question = ctx.bundle.questions.get(SNA_QUESTION_ID)
    if not isinstance(question, DataSourceMatrixQuestion):
        return {}
    return {s.id: s.name for s in question.sources}


def _lead(ctx: frame.Context) -> Agency | None:
    if ctx.partnership is None:
        return None
    by_id = {a.id: a for a in ctx.agencies}
    if ctx.partnership.lead_agency_id in by_id:
        return by_id[ctx.partnership.lead_agency_id or ""]
    return next((a for a in ctx.agencies if a.role_id == "partnership_lead"), None)


def _changes_table(changes: Sequence[SourceChange], names: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "Data source": names.get(c.source_id, c.source_id),
                "Current answer": describe(c.before),
                "Suggested answer": describe(c.after),
                "Why": c.reason,
            }
            for c in changes
        ]
    )


def render_suggestions(ctx: frame.Context, suggestions: Sequence[SourceSuggestion]) -> None:
    """Show the suggestions against the lead's current answer, and save them on confirmation."""
    st.header("Suggested answers for the SNA data-source question")
    if not suggestions:
        st.info("The uploaded data does not match any source in the data-source question.")
        return
    names = source_names(ctx)
    lead = _lead(ctx)
    round_ = ctx.round
    if round_ is None or not ctx.round_is_open:
        st.info(
            "There is no open assessment round, so these suggestions cannot be saved. "
            "Open a round on the set-up page."
        )
        _suggestion_table(suggestions, names)
        return
    if lead is None:
        st.info(
            "The partnership has no lead agency, so these suggestions cannot be saved. "
            "Choose a lead agency on the set-up page."
        )
        _suggestion_table(suggestions, names)
        return
    store = state.store()
    current: StoredAnswer | None = next(
        (
            a
            for a in answer_service.for_round(state.actor(), store, round_.id, lead.id)
            if a.question_id == SNA_QUESTION_ID
        ),
        None,
    )
    merged, changes = merge_suggestions(current.value if current else None, suggestions)
    revision = current.revision if current else 0
    key = f"{_SHOWN}.{round_.id}.{lead.id}"
    shown = st.session_state.get(key)
    st.markdown(
        f"These come from the data you uploaded. They are compared with the answer "
        f"{user_text(lead.name)} (the partnership lead) has given in {user_text(round_.label)}. "
        "Nothing is changed "
        "until you confirm. Sources the uploads say nothing about, and whether a data sharing "
        "agreement covers a source or it was used in the SNA, are left as they are."
    )
    if not changes:
        st.session_state[key] = revision
        st.success(f"{user_text(lead.name)}'s answer already matches the uploaded data.")
        return
    st.dataframe(formula_safe(_changes_table(changes, names)), hide_index=True)
    clicked = st.button(
        f"Save these answers for {user_text(lead.name)}", key="evidence-sna-confirm", type="primary"
    )
    st.session_state[key] = revision
    if not clicked:
        return
    expected = shown if isinstance(shown, int) else revision
    result = answer_service.save_answers(  # the action plan is brought in line too
        state.actor(),
        store,
        ctx.bundle,
        round_.id,
        agency_id=lead.id,
        answers=[
            AnswerInput(
                question_id=SNA_QUESTION_ID,
                expected_revision=expected or None,
                value=merged,
                evidence=current.evidence if current else "",
                evidence_links=current.evidence_links if current else [],
                comment=current.comment if current else "",
            )
        ],
    )
    if result.ok:
        state.flash(f"The data-source answers for {lead.name} have been saved.")
        st.session_state.pop(key, None)
        st.rerun()
    conflict = result.conflict
    st.error(
        user_text(conflict.message) if conflict else "The answers could not be saved. Try again."
    )


def _suggestion_table(suggestions: Sequence[SourceSuggestion], names: dict[str, str]) -> None:
    st.dataframe(
        formula_safe(
            pd.DataFrame(
                [
                    {
                        "Data source": names.get(s.source_id, s.source_id),
                        "Suggested answer": describe(s.answer),
                        "Why": s.reason,
                    }
                    for s in suggestions
                ]
            )
        ),
        hide_index=True,
    )
