"""Answer the questionnaire: one agency, one domain, one form; every submit saves at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from readiness.access.policy import Permission
from readiness.bundle import ContentBundle
from readiness.models import Nation, Question
from readiness.services import answers as answer_service
from readiness.store.records import StoredAnswer
from readiness.ui import frame, state
from readiness.ui.components import answer_feedback as feedback
from readiness.ui.components import answer_form, progress
from readiness.ui.components.answer_conflicts import show_conflicts
from readiness.ui.components.answer_form import SEL_DOMAIN
from readiness.ui.components.downloads import pack_download_button
from readiness.ui.components.question_words import describe_value, last_changed
from readiness.ui.components.text import user_text

if TYPE_CHECKING:
    from readiness.store import Store


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
    domains = {d.id: d for d in ctx.bundle.questionnaire.domains if d.id in grouped}
    saved = _saved(store, ctx.round.id, agency.id)
    per_domain = _progress(ctx.bundle, agency.role_id, nation, saved)
    submitted = None
    shown = state.selected(SEL_DOMAIN)  # the domain whose form was on the page
    if ctx.round_is_open and answer_form.was_submitted() and shown in domains:
        # Save first, then draw the page once with the new answers and progress.
        onward, passed = progress.next_domain(list(domains), shown, per_domain)
        submitted = answer_form.handle_submit(
            ctx.bundle,
            ctx.round.id,
            nation,
            agency,
            domains[shown],
            grouped[shown],
            saved,
            domains[onward] if onward else None,
            [domains[d] for d in passed],
        )
        if not submitted.keep_input:
            saved = _saved(store, ctx.round.id, agency.id)
            per_domain = _progress(ctx.bundle, agency.role_id, nation, saved)
    total = progress.overall(per_domain.values())
    st.progress(
        total.share,
        text=f"{user_text(agency.name)} has answered {total.answered} of {total.total} questions.",
    )
    pack_download_button(store, ctx.bundle, ctx.round.id, agency_id=agency.id)
    domain_id = frame.bound_choice(
        "Domain",
        {did: f"{d.title}: {per_domain[did].words}" for did, d in domains.items()},
        name=SEL_DOMAIN,
        key="answer.domain",
        widget="radio",
    )
    domain = domains[domain_id]
    questions = grouped[domain_id]
    order = list(domains)
    onward, _ = progress.next_domain(order, domain_id, per_domain)
    st.header(domain.title)
    if (waiting := feedback.take("top")) is not None:
        feedback.show(waiting)
    here = per_domain[domain_id]
    st.progress(
        here.share,
        text=f"{here.answered} of {here.total} questions answered in this domain "
        f"(domain {order.index(domain_id) + 1} of {len(order)}).",
    )
    st.markdown(domain.purpose)
    if not ctx.round_is_open:
        _read_only(questions, saved)
        return
    show_conflicts(ctx.bundle, ctx.round.id, agency)
    answer_form.draw_form(
        ctx.bundle,
        nation,
        agency,
        domain,
        questions,
        saved,
        next_domain=domains[onward] if onward else None,
        submitted=submitted if domain_id == shown else None,
    )


def _saved(store: Store, round_id: str, agency_id: str) -> dict[str, StoredAnswer]:
    return {
        a.question_id: a
        for a in answer_service.for_round(state.actor(), store, round_id, agency_id)
    }


def _progress(
    bundle: ContentBundle, role_id: str, nation: Nation, saved: dict[str, StoredAnswer]
) -> dict[str, progress.Progress]:
    done = [qid for qid, a in saved.items() if progress.is_answered(a)]
    return progress.agency_progress(bundle, role_id, nation, done)


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
                "Last changed": user_text(
                    last_changed(answer.updated_by, answer.updated_at).removeprefix("Last changed ")
                )
                if answer
                else "",
            }
        )
    st.table(rows, hide_index=True)


frame.run_page(render)
