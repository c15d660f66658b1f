"""One domain's questions as one form, for one agency: checked, saved, and answered where the
person is looking (see :mod:`readiness.ui.components.answer_feedback`).

On the run that submits, every answer is read back, checked and saved before the page is drawn
(:func:`handle_submit`), so the page is drawn once, with the new answers and progress; each
problem is drawn beside its question and listed, with a link, in the error summary just above
the buttons, and nothing is saved while any problem remains. "Save and go to the next
domain" saves the same way and then opens the next domain that still has questions to
answer (complete ones are passed over, and the confirmation says so).

The form is not an ``st.fragment``: a save changes what the page shows outside the form (the
progress in the domain chooser and at the top, and, after "next", the domain itself), so the
whole page has to be drawn after a save anyway (once: the save happens before the drawing);
while the person types, the form already sends nothing to the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import streamlit as st

from readiness.answer_check import check_answer
from readiness.bundle import ContentBundle
from readiness.models import Answer, Domain, Nation, Question
from readiness.services import answers as answer_service
from readiness.store.records import Agency, AnswerInput, StoredAnswer
from readiness.ui import state
from readiness.ui.components import answer_feedback as feedback
from readiness.ui.components.answer_conflicts import CONFLICTS_ANCHOR, conflicts_key
from readiness.ui.components.question_words import last_changed
from readiness.ui.components.questions import (
    Draft,
    anchor_id,
    forget,
    read_draft,
    render_question,
    seed,
    short_text,
    shown_revision,
)

SEL_DOMAIN = "sel.domain"
SAVE_KEY = "answer.save"
NEXT_KEY = "answer.next"
SAVE_LABEL = "Save answers"
NEXT_LABEL = "Save and go to the next domain"
RECONFIRM_NOTE = (
    "Carried forward from the last round. Check it is still right, change it if not, "
    "then save to confirm it."
)


@dataclass
class Checked:
    """What the submitted form holds: the drafts, the problems by question, what changed."""

    drafts: list[Draft]
    problems: dict[str, list[str]] = field(default_factory=dict)
    changed: list[AnswerInput] = field(default_factory=list)


@dataclass(frozen=True)
class Submitted:
    """What pressing one of the form's buttons did, worked out before the page is drawn."""

    problems: dict[str, list[str]] = field(default_factory=dict)  # nothing saved: show them
    unchanged: bool = False  # nothing had changed and the person stays: say so by the buttons

    @property
    def keep_input(self) -> bool:
        """Keep what the person typed (a problem to correct, or nothing to save)."""
        return bool(self.problems) or self.unchanged


def was_submitted() -> bool:
    """This run is the click of "Save answers" or "Save and go to the next domain"."""
    return bool(st.session_state.get(SAVE_KEY)) or bool(st.session_state.get(NEXT_KEY))


def handle_submit(  # noqa: PLR0917 - one call site; the arguments are the page's context
    bundle: ContentBundle,
    round_id: str,
    nation: Nation,
    agency: Agency,
    domain: Domain,
    questions: list[Question],
    saved: dict[str, StoredAnswer],
    next_domain: Domain | None,
    passed: Sequence[Domain] = (),
) -> Submitted:
    """Check and save the submitted form of ``domain`` before the page is drawn, so the page is
    drawn once, with the new answers and progress, and no second run is needed.

    Nothing is saved while any answer has a problem. After "Save and go to the next domain"
    (to ``next_domain``, past the complete domains ``passed``) the next domain is chosen.
    What to tell the person is remembered for the drawing (:mod:`answer_feedback`).
    """
    going_on = bool(st.session_state.get(NEXT_KEY)) and next_domain is not None
    checked = _check_all(bundle, nation, agency, questions, saved)
    if checked.problems:
        return Submitted(problems=checked.problems)
    if not checked.changed and not going_on:
        return Submitted(unchanged=True)
    onward, past = (next_domain, passed) if going_on else (None, ())
    _save(bundle, round_id, agency, domain, questions, checked, onward, past)
    return Submitted()


def draw_form(  # noqa: PLR0917 - one call site; the arguments are the page's context
    bundle: ContentBundle,
    nation: Nation,
    agency: Agency,
    domain: Domain,
    questions: list[Question],
    saved: dict[str, StoredAnswer],
    next_domain: Domain | None,
    submitted: Submitted | None = None,
) -> None:
    """The domain's form; ``next_domain`` is where "Save and go to the next domain" leads, and
    ``submitted`` what :func:`handle_submit` made of this run's click, if any."""
    keep_input = submitted is not None and submitted.keep_input
    # After a problem, keep what the user submitted even if someone else saved since.
    for question in questions:
        seed(question, agency.id, saved.get(question.id), refresh=not keep_input)
    problems = submitted.problems if submitted is not None else {}
    with st.form(f"answers|{agency.id}|{domain.id}", enter_to_submit=False, border=False):
        for number, question in enumerate(questions, start=1):
            old = saved.get(question.id)
            render_question(
                question,
                agency.id,
                bundle,
                nation=nation,
                number=f"{number}.",
                status_note=RECONFIRM_NOTE if old and old.status == "to_reconfirm" else "",
                changed_note=last_changed(old.updated_by, old.updated_at) if old else "",
                problems=problems.get(question.id, ()),
            )
        if problems:
            feedback.show_problems(
                [
                    (message, anchor_id(agency.id, qid))
                    for qid, messages in problems.items()
                    for message in messages
                ]
            )
        elif submitted is not None and submitted.unchanged:
            feedback.show(
                feedback.Feedback(
                    "unchanged", "Nothing has changed since your answers were last saved.", "top"
                )
            )
        elif (waiting := feedback.take("buttons")) is not None:
            feedback.show(waiting)
        with st.container(horizontal=True):
            st.form_submit_button(SAVE_LABEL, type="primary", key=SAVE_KEY)
            if next_domain is not None:
                st.form_submit_button(NEXT_LABEL, key=NEXT_KEY)


def _save(  # noqa: PLR0917 - the form's context and what it holds
    bundle: ContentBundle,
    round_id: str,
    agency: Agency,
    domain: Domain,
    questions: list[Question],
    checked: Checked,
    next_domain: Domain | None,
    passed: Sequence[Domain] = (),
) -> None:
    onward = _onward_words(next_domain, passed)
    where: feedback.Where = "top" if next_domain else "buttons"
    if not checked.changed:
        if next_domain is None:
            return
        feedback.remember(
            "unchanged",
            f"Nothing had changed in “{domain.title}”, so nothing was saved.{onward}",
            where,
        )
        state.select(SEL_DOMAIN, next_domain.id)
        return
    result = answer_service.save_answers(
        state.actor(), state.store(), bundle, round_id, agency_id=agency.id, answers=checked.changed
    )
    if result.ok:
        forget(agency.id, [q.id for q in questions])
        count = len(result.saved)
        them = "them" if count != 1 else "it"
        feedback.remember(
            "saved",
            f"Saved {count} answer{'s' if count != 1 else ''} for {agency.name} in "
            f"“{domain.title}”." + (onward or f" You can come back and change {them} at any time."),
            where,
        )
        if next_domain is not None:
            state.select(SEL_DOMAIN, next_domain.id)
    else:
        st.session_state[conflicts_key(agency.id)] = list(result.conflicts)
        feedback.remember(
            "problem",
            "Some of your answers were not saved because someone else changed them after you "
            "opened this page: choose which answer to keep for each one",
            "buttons",
            CONFLICTS_ANCHOR,
        )


def _onward_words(next_domain: Domain | None, passed: Sequence[Domain]) -> str:
    """What the confirmation says about where the person is taken next."""
    if next_domain is None:
        return ""
    if not passed:
        return f" This is the next domain: “{next_domain.title}”."
    between = f"“{passed[0].title}” is" if len(passed) == 1 else "The domains in between are"
    return (
        f" {between} already complete, so this is the next domain with questions to answer: "
        f"“{next_domain.title}”."
    )


def _check_all(
    bundle: ContentBundle,
    nation: Nation,
    agency: Agency,
    questions: list[Question],
    saved: dict[str, StoredAnswer],
) -> Checked:
    checked = Checked(drafts=[read_draft(q, agency.id) for q in questions])
    for question, draft in zip(questions, checked.drafts, strict=True):
        messages = draft.problems or _check(bundle, nation, agency, question, draft)
        if messages:
            checked.problems[question.id] = messages
    checked.changed = [
        AnswerInput(
            question_id=draft.question_id,
            value=draft.value,
            na_reason=draft.na_reason,
            evidence=draft.evidence,
            evidence_links=old.evidence_links if old else [],
            comment=draft.comment,
            expected_revision=shown_revision(draft.question_id, agency.id),
        )
        for draft in checked.drafts
        if _changed(old := saved.get(draft.question_id), draft)
    ]
    return checked


def _check(
    bundle: ContentBundle, nation: Nation, agency: Agency, question: Question, draft: Draft
) -> list[str]:
    """The scoring engine's own checks on one answer, named by question."""
    if draft.value is None:
        return []
    answer = Answer(
        agency=agency.name,
        role=agency.role_id,
        question_id=question.id,
        value=draft.value,
        na_reason=draft.na_reason,
        evidence=draft.evidence,
        comment=draft.comment,
    )
    name = short_text(question, 60)
    return [f"“{name}”: {m}" for m in check_answer(bundle, answer, nation)]


def _changed(old: StoredAnswer | None, draft: Draft) -> bool:
    if old is None:
        return not draft.is_empty
    if old.status == "to_reconfirm":
        return True
    return (old.value, old.na_reason, old.evidence, old.comment) != (
        draft.value,
        draft.na_reason,
        draft.evidence,
        draft.comment,
    )
