"""Answer the questionnaire: one agency, one domain, one form; every submit saves at once."""

from __future__ import annotations

import streamlit as st

from readiness.access.policy import Permission
from readiness.answer_check import check_answer
from readiness.bundle import ContentBundle
from readiness.models import Answer, Domain, Nation, Question
from readiness.services import answers as answer_service
from readiness.store.records import Agency, AnswerInput, StoredAnswer
from readiness.ui import frame, state
from readiness.ui.components import progress
from readiness.ui.components.answer_conflicts import conflicts_key, show_conflicts
from readiness.ui.components.downloads import pack_download_button
from readiness.ui.components.errors import error_summary, field_error
from readiness.ui.components.question_words import describe_value
from readiness.ui.components.questions import (
    Draft,
    forget,
    read_draft,
    render_question,
    seed,
    short_text,
    shown_revision,
)
from readiness.ui.components.text import user_text

SEL_DOMAIN = "sel.domain"
SAVE_KEY = "answer.save"
RECONFIRM_NOTE = (
    "Carried forward from the last round. Check it is still right, change it if not, "
    "then save to confirm it."
)


def render() -> None:
    st.title("Answer the questionnaire")
    ctx = frame.context()
    if not frame.need_partnership(ctx) or ctx.partnership is None or ctx.round is None:
        return
    if not frame.permitted(ctx, Permission.ANSWER):  # the services refuse anyway
        return
    frame.round_caption(ctx)
    state.show_flash()
    if not ctx.agencies:
        st.info("This partnership has no member agencies yet. Add them on the set-up page.")
        st.page_link(frame.PAGE_SETUP, label="Add member agencies", icon=":material/groups:")
        return
    roles = ctx.bundle.role_by_id
    agency_id = frame.bound_choice(
        "Which agency are you answering for?",
        {
            a.id: f"{a.name} ({roles[a.role_id].name if a.role_id in roles else a.role_id})"
            # a select box: its options are plain text
            for a in frame.agencies_for(ctx, Permission.ANSWER)  # a respondent: their own
        },
        name=state.SEL_AGENCY,
        key="answer.agency",
        help="You see only the questions for this agency's role.",
    )
    agency = next(a for a in ctx.agencies if a.id == agency_id)
    nation = ctx.partnership.nation
    grouped = progress.questions_by_domain(ctx.bundle, agency.role_id, nation)
    if not grouped:
        st.info(
            f"There are no questions for {user_text(agency.name)}'s role in this questionnaire."
        )
        return
    store = state.store()
    saved = {
        a.question_id: a
        for a in answer_service.for_round(state.actor(), store, ctx.round.id, agency.id)
    }
    done = [qid for qid, a in saved.items() if progress.is_answered(a)]
    per_domain = progress.agency_progress(ctx.bundle, agency.role_id, nation, done)
    total = progress.overall(per_domain.values())
    st.progress(
        total.share,
        text=f"{user_text(agency.name)} has answered {total.answered} of {total.total} questions.",
    )
    pack_download_button(store, ctx.bundle, ctx.round.id, agency_id=agency.id)
    domains = {d.id: d for d in ctx.bundle.questionnaire.domains if d.id in grouped}
    domain_id = frame.bound_choice(
        "Domain",
        {did: f"{d.title}: {per_domain[did].words}" for did, d in domains.items()},
        name=SEL_DOMAIN,
        key="answer.domain",
        widget="radio",
    )
    domain = domains[domain_id]
    questions = grouped[domain_id]
    st.header(domain.title)
    st.markdown(domain.purpose)
    if not ctx.round_is_open:
        _read_only(questions, saved)
        return
    show_conflicts(ctx.bundle, ctx.round.id, agency)
    _form(ctx.bundle, ctx.round.id, nation, agency, domain, questions, saved)


def _read_only(questions: list[Question], saved: dict[str, StoredAnswer]) -> None:
    st.info("This round is closed, so its answers can be read but not changed.")
    rows = []
    for question in questions:
        answer = saved.get(question.id)
        rows.append(
            {
                "Question": question.text,
                "Answer": user_text(
                    describe_value(
                        question,
                        answer.value if answer else None,
                        answer.na_reason if answer else "",
                    )
                ),
                "Evidence": user_text(answer.evidence)
                if answer and answer.evidence
                else "None given",
            }
        )
    st.table(rows, hide_index=True)


def _form(  # noqa: PLR0917 - one call site; the arguments are the page's context
    bundle: ContentBundle,
    round_id: str,
    nation: Nation,
    agency: Agency,
    domain: Domain,
    questions: list[Question],
    saved: dict[str, StoredAnswer],
) -> None:
    # On the run that submits, keep what the user submitted even if someone else saved since.
    submitting = bool(st.session_state.get(SAVE_KEY))
    with st.form(f"answers|{agency.id}|{domain.id}", enter_to_submit=False, border=False):
        summary = st.empty()
        slots = {}
        for number, question in enumerate(questions, start=1):
            old = saved.get(question.id)
            seed(question, agency.id, old, refresh=not submitting)
            note = RECONFIRM_NOTE if old is not None and old.status == "to_reconfirm" else ""
            slots[question.id] = render_question(
                question, agency.id, bundle, nation=nation, number=f"{number}.", status_note=note
            )
        submitted = st.form_submit_button("Save answers", type="primary", key=SAVE_KEY)
    if not submitted:
        return
    drafts = [read_draft(q, agency.id) for q in questions]
    problems: list[str] = []
    for question, draft in zip(questions, drafts, strict=True):
        messages = draft.problems or _check(bundle, nation, agency, question, draft)
        if messages:
            field_error(messages[0], slots[question.id])
            problems.extend(messages)
    if problems:
        error_summary(problems, summary)
        return
    inputs = [
        AnswerInput(
            question_id=draft.question_id,
            value=draft.value,
            na_reason=draft.na_reason,
            evidence=draft.evidence,
            evidence_links=old.evidence_links if old else [],
            comment=draft.comment,
            expected_revision=shown_revision(draft.question_id, agency.id),
        )
        for draft in drafts
        if _changed(old := saved.get(draft.question_id), draft)
    ]
    if not inputs:
        st.info("Nothing has changed since your answers were last saved.")
        return
    result = answer_service.save_answers(
        state.actor(), state.store(), bundle, round_id, agency_id=agency.id, answers=inputs
    )
    if result.ok:
        forget(agency.id, [q.id for q in questions])
        count = len(result.saved)
        state.flash(
            f"Saved {count} answer{'s' if count != 1 else ''} for {agency.name} in "
            f"“{domain.title}”. You can come back and change them at any time."
        )
    else:
        st.session_state[conflicts_key(agency.id)] = list(result.conflicts)
    st.rerun()


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


frame.run_page(render)
