"""Results: a summary a board member reads in a minute (band and why, the three things that
would move it up, the next deadline, who needs to act), then the detail in sections that are
drawn only when opened: legal duties and blockers, maturity by domain, what moves each domain
up, disagreements, answers without evidence, the SNA, deadlines and how the scores are worked
out; and the board report."""

from __future__ import annotations

import streamlit as st
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

from readiness.plain_words import requirements_words
from readiness.scoring import ScoringResult
from readiness.ui import frame, state
from readiness.ui.components import results as words
from readiness.ui.components.report_download import board_report_buttons
from readiness.ui.components.results_summary import answerers, summarise, summary_section
from readiness.ui.components.results_tables import (
    blocker_frame,
    results_table,
    rows_frame,
    sna_gap_texts,
)

#: Board members read the method in words; the full method is in the app's "How the scores
#: are worked out" section, not in a file name.
METHOD_FALLBACK = "Each answer scores 0 to 4 and the scores are averaged by domain."


def render() -> None:
    st.title("Results")
    ctx = frame.context()
    if not frame.need_partnership(ctx) or ctx.round is None or ctx.partnership is None:
        return
    frame.round_caption(ctx)
    result = state.score_round(ctx.round.id)
    if result.overall.answered == 0:
        st.info(
            "No answers have been saved in this round yet, so there is nothing to show. "
            "Start by answering the questionnaire."
        )
        st.page_link(
            frame.PAGE_ANSWER, label="Answer the questionnaire", icon=":material/checklist:"
        )
        return
    expected = answerers(ctx.bundle, ctx.partnership.nation, ctx.agencies)
    summary = summarise(result, expected)
    summary_section(summary)
    st.header("In detail")
    st.caption("Open a section to see it.")
    _compliance(result, expected)
    _domains(result)
    _uplift(result)
    _disagreements(result)
    _assurance(result)
    _sna(result)
    _deadlines(result)
    _method(result)
    st.header("Board report")
    st.markdown(
        "A report for your partnership board: the summary, maturity by domain, the "
        "legal duties, gaps, disagreements, the action plan with what the evidence "
        "says, and change since the last round."
    )
    board_report_buttons(state.store(), state.bundle(), ctx.round.id)


def _lazy_expander(label: str, name: str) -> ExpanderContainer:
    """An expander whose content is drawn only while it is open (opening it reruns the page),
    so the detail nobody asked for costs nothing on each run."""
    return st.expander(label, key=f"results.open.{name}", on_change="rerun")


def _compliance(result: ScoringResult, expected: dict[str, list[str]]) -> None:
    compliance = result.compliance
    count = len(compliance.blockers)
    box = _lazy_expander("Legal duties and what blocks the next band", "blockers")
    if not box.open:
        return
    with box:
        st.markdown(compliance.summary)
        if compliance.next_band is not None and compliance.next_band_needs:
            st.markdown(f"**To reach {compliance.next_band}:** {compliance.next_band_needs}")
        if count:
            results_table(
                blocker_frame(result, state.bundle(), expected),
                "What blocks the next compliance band",
            )
        if compliance.untested_legal_duties:
            st.caption(
                "Legal duties no question tests yet: "
                + requirements_words(state.bundle(), compliance.untested_legal_duties)
            )


def _domains(result: ScoringResult) -> None:
    box = _lazy_expander("Maturity by domain", "domains")
    if not box.open:
        return
    with box:
        spec = words.domain_chart_spec(result)
        if spec is not None:
            st.vega_lite_chart(spec, width="stretch", alt=words.chart_alt_text(result))
        results_table(rows_frame(words.domain_rows(result)), "Maturity by domain")
        st.caption(
            "Assured maturity counts answers of Established or above without evidence for "
            "less. Coverage is the share of questions answered."
        )


def _uplift(result: ScoringResult) -> None:
    box = _lazy_expander("What moves each domain up one level", "uplift")
    if not box.open:
        return
    with box:
        for domain in result.domains:
            uplift = domain.uplift
            now = words.maturity_words(domain.maturity)
            st.markdown(f"**{domain.title}** (now {now.replace('Not answered yet', 'no answers')})")
            if uplift.note:
                st.markdown(uplift.note)
            if uplift.steps:
                st.markdown(f"To reach {uplift.target_label}:")
                st.markdown("\n".join(f"- {step.text}" for step in uplift.steps))


def _disagreements(result: ScoringResult) -> None:
    count = len(result.disagreements)
    box = _lazy_expander("Where agencies disagree", "disagreements")
    if not box.open:
        return
    with box:
        if not count:
            st.markdown(
                "No disagreements: no two agencies are two or more levels apart on any question."
            )
            return
        st.markdown(
            f"{count} question{'s' if count != 1 else ''} where agencies are two or more "
            "levels apart. Put them on the agenda of the next partnership meeting and agree "
            "one answer."
        )
        results_table(rows_frame(words.disagreement_rows(result)), "Where agencies disagree")


def _assurance(result: ScoringResult) -> None:
    count = len(result.missing_evidence)
    box = _lazy_expander("Answers without evidence", "assurance")
    if not box.open:
        return
    with box:
        if not count:
            st.markdown("Every answer of Established or above has evidence.")
            return
        st.markdown(
            "These answers claim Established or above without evidence, so they count for "
            "less in the assured score. Add evidence to close the gap."
        )
        results_table(rows_frame(words.missing_evidence_rows(result)), "Answers without evidence")


def _sna(result: ScoringResult) -> None:
    sna = result.sna
    box = _lazy_expander("Strategic Needs Assessment", "sna")
    if not box.open:
        return
    with box:
        coverage = "not yet assessed" if sna.coverage is None else f"{sna.coverage:.0f}%"
        st.markdown(f"SNA coverage: **{coverage}**.")
        gaps = sna_gap_texts(result)
        if gaps:
            st.markdown("**Gaps**\n\n" + "\n".join(f"- {gap}" for gap in gaps))
        else:
            st.markdown("No SNA gaps found.")
        if sna.sources:
            st.markdown("**Data sources in detail**")
            results_table(rows_frame(words.sna_source_rows(result)), "SNA data sources")


def _deadlines(result: ScoringResult) -> None:
    box = _lazy_expander("Deadlines", "deadlines")
    if not box.open:
        return
    with box:
        if result.deadlines:
            results_table(rows_frame(words.deadline_rows(result)), "Deadlines")
        else:
            st.markdown("No deadlines apply.")


def _method(result: ScoringResult) -> None:
    box = _lazy_expander("How the scores are worked out", "method")
    if not box.open:
        return
    with box:
        notes = result.method.notes or [METHOD_FALLBACK]
        st.markdown("\n".join(f"- {note}" for note in notes))


frame.run_page(render)
