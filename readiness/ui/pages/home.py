"""Home: what the tool is for, choosing a partnership and round, and where it stands."""

from __future__ import annotations

import streamlit as st

from readiness.access.policy import Permission
from readiness.scoring.coverage import partnership_coverage
from readiness.services import answers as answer_service
from readiness.services.partnerships import load_demo
from readiness.store.errors import AlreadyExistsError
from readiness.ui import frame, state
from readiness.ui.components import progress
from readiness.ui.components.results import band_words, next_deadline, out_of_four
from readiness.ui.components.text import user_text

INTRO = (
    "This tool helps a Serious Violence Duty partnership check how ready it is: each member "
    "agency answers the questions for its role, and the tool shows whether the legal duties "
    "are met, how mature the partnership is in each area, and what to do next. "
    "Partnership leads use it to agree an action plan and take it to the board."
)


def render() -> None:
    st.title("Serious Violence Duty readiness")
    st.markdown(INTRO)
    state.show_flash()
    store = state.store()
    if not store.has_data():
        _first_start()
        return
    ctx = frame.context(selectors_in_main=True)
    if frame.may_everywhere(Permission.MANAGE_REGIONS):  # creating partnerships: administrators
        st.page_link(frame.PAGE_SETUP, label="Set up a new partnership", icon=":material/add:")
    if not frame.need_partnership(ctx) or ctx.partnership is None or ctx.round is None:
        return
    st.header(f"Where {user_text(ctx.partnership.name)} stands")
    frame.round_caption(ctx)
    result = state.score_round(ctx.round.id)
    answers = answer_service.for_round(state.actor(), store, ctx.round.id)
    nation = ctx.partnership.nation
    by_agency, by_domain = progress.progress_tables(ctx.bundle, nation, ctx.agencies, answers)
    answered = sum(1 for a in answers if progress.is_answered(a))
    coverage = partnership_coverage(result.overall)  # the same count as the Results page
    first, second, third, fourth = st.columns(4)
    fourth.metric("Questions answered", coverage.words)
    if coverage.fair:
        first.metric("Statutory compliance", band_words(result.compliance.band))
        second.metric("Overall maturity", result.overall.label)
        second.caption(out_of_four(result.overall.maturity))
    deadline = next_deadline(result)
    third.metric("Next deadline", deadline[0] if deadline else "None")
    if deadline:
        third.caption(f"{deadline[1]} {deadline[2]}")
    if coverage.caveat:
        st.warning(coverage.caveat, icon=":material/info:")
    st.markdown(result.compliance.summary)
    st.subheader("Progress by agency and domain")
    if by_agency:
        st.caption(
            f"{answered} answers saved so far across {len(ctx.agencies)} agencies. "
            f'"Questions answered" above counts the partnership: a question is answered '
            "once any agency has answered it. The table counts each agency's own questions "
            "for its role."
        )
        st.table(by_agency, hide_index=True)
        st.table(by_domain, hide_index=True)
    else:
        st.info("No member agencies yet. Add them on the set-up page.")
    st.subheader("What to do next")
    st.page_link(frame.PAGE_ANSWER, label="Answer the questionnaire", icon=":material/checklist:")
    st.page_link(frame.PAGE_RESULTS, label="See the results", icon=":material/insights:")
    st.page_link(frame.PAGE_ACTIONS, label="Work on the action plan", icon=":material/task_alt:")


def _first_start() -> None:
    st.header("Get started")
    st.markdown(
        "There are no partnerships in this database yet. Set up your own partnership, or "
        "load the demo data: a fictional region with several partnerships, their answers and "
        "action plans, so you can see what the tool does."
    )
    if st.button("Load the demo data", key="home.load_demo", type="primary"):
        try:
            with st.spinner("Loading the demo data…"):
                report = load_demo(state.actor(), state.store(), state.bundle())
        except AlreadyExistsError:
            state.flash("The demo data is already loaded.")
        else:
            if not report.ok:
                st.error("The demo data could not be loaded. Nothing was changed.")
                return
            state.flash("The demo data has been loaded. It is fictional: explore freely.")
        st.rerun()
    st.page_link(frame.PAGE_SETUP, label="Set up a partnership", icon=":material/groups:")


frame.run_page(render)
