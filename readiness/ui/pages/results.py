"""Results: compliance band and blockers, maturity by domain (chart and table), SNA gaps,
disagreements, self-assessed vs assured, deadlines, and what moves each domain up a level."""

from __future__ import annotations

import streamlit as st
from streamlit.elements.lib.mutable_expander_container import ExpanderContainer

from readiness.labels import BAND_MEANING
from readiness.scoring import ScoringResult
from readiness.ui import frame, state
from readiness.ui.components import results as words
from readiness.ui.components.report_download import board_report_buttons

FIRST_BLOCKERS = 5


def render() -> None:
    st.title("Results")
    ctx = frame.context()
    if not frame.need_partnership(ctx) or ctx.round is None:
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
    _headline(result)
    _compliance(result)
    _domains(result)
    _uplift(result)
    _disagreements(result)
    _assurance(result)
    _sna(result)
    _deadlines(result)
    st.header("Board report")
    st.markdown(
        "A report for your partnership board: the summary, maturity by domain, the "
        "legal duties, gaps, disagreements, the action plan with what the evidence "
        "says, and change since the last round."
    )
    board_report_buttons(state.store(), state.bundle(), ctx.round.id)
    st.caption(
        "How the points are given: " + " ".join(result.method.notes)
        if result.method.notes
        else "See docs/scoring.md for how the points are given."
    )


def _lazy_expander(label: str, name: str) -> ExpanderContainer:
    """An expander whose content is drawn only while it is open (opening it reruns the page),
    so the detail nobody asked for costs nothing on each run."""
    return st.expander(label, key=f"results.open.{name}", on_change="rerun")


def _headline(result: ScoringResult) -> None:
    overall = result.overall
    band, maturity, assured, coverage = st.columns(4)
    band.metric("Statutory compliance", words.band_words(result.compliance.band))
    maturity.metric("Overall maturity (self-assessed)", overall.label)
    maturity.caption(words.out_of_four(overall.maturity))
    assured.metric("Overall maturity (assured)", overall.assured_label)
    assured.caption(words.out_of_four(overall.assured_maturity))
    coverage.metric("Questions answered", f"{overall.answered} of {overall.applicable}")
    coverage.caption(f"Coverage {words.percent(overall.coverage)}")


def _compliance(result: ScoringResult) -> None:
    compliance = result.compliance
    st.header(f"Statutory compliance: {compliance.band}")
    st.markdown(
        f"**{compliance.band}** means {BAND_MEANING.get(compliance.band, compliance.band)}."
        f" {compliance.summary}"
    )
    if compliance.next_band is not None:
        st.subheader(f"What stands between you and {compliance.next_band}")
        if compliance.next_band_needs:
            st.markdown(compliance.next_band_needs)
        count = len(result.compliance.blockers)
        if count:
            first = words.table(result, words.blocker_rows, 0, FIRST_BLOCKERS)
            st.table(first, hide_index=True)
        if count > FIRST_BLOCKERS:
            more = _lazy_expander(f"Show the other {count - FIRST_BLOCKERS} blockers", "blockers")
            if more.open:
                with more:
                    rest = words.table(result, words.blocker_rows, FIRST_BLOCKERS)
                    st.table(rest, hide_index=True)
    if compliance.untested_legal_duties:
        st.caption(
            "Legal duties no question tests yet: " + ", ".join(compliance.untested_legal_duties)
        )


def _domains(result: ScoringResult) -> None:
    st.header("Maturity by domain")
    spec = words.domain_chart_spec(result)
    rows = words.table(result, words.domain_rows)
    if spec is None:
        st.table(rows, hide_index=True)
        return
    left, right = st.columns([3, 4])
    with left:
        st.vega_lite_chart(spec, width="stretch", alt=words.chart_alt_text(result))
    with right:
        st.table(rows, hide_index=True)
    st.caption(
        "Assured maturity counts answers of Established or above without evidence for less. "
        "Coverage is the share of questions answered."
    )


def _uplift(result: ScoringResult) -> None:
    st.header("What moves you up one level")
    for domain in result.domains:
        uplift = domain.uplift
        now = words.maturity_words(domain.maturity, domain.label)
        box = _lazy_expander(f"{domain.title}: now {now}", f"uplift.{domain.id}")
        if not box.open:
            continue
        with box:
            if uplift.note:
                st.markdown(uplift.note)
            if uplift.steps:
                target = uplift.target_label or ""
                st.markdown(f"To reach **{uplift.target_level} ({target})**:")
                st.markdown("\n".join(f"- {step.text}" for step in uplift.steps))


def _disagreements(result: ScoringResult) -> None:
    st.header("Where agencies disagree")
    if not result.disagreements:
        st.markdown(
            "No disagreements: no two agencies are two or more levels apart on any question."
        )
        return
    count = len(result.disagreements)
    st.markdown(
        f"{count} question{'s' if count != 1 else ''} where agencies are two or more "
        "levels apart. Put them on the agenda of the next partnership meeting and agree one "
        "answer."
    )
    st.table(words.table(result, words.disagreement_rows), hide_index=True)


def _assurance(result: ScoringResult) -> None:
    st.header("Self-assessed and assured scores")
    if not result.missing_evidence:
        st.markdown("Every answer of Established or above has evidence.")
        return
    st.markdown(
        "These answers claim Established or above without evidence, so they count for less in "
        "the assured score. Add evidence to close the gap."
    )
    st.table(words.table(result, words.missing_evidence_rows), hide_index=True)


def _sna(result: ScoringResult) -> None:
    sna = result.sna
    st.header("Strategic Needs Assessment")
    coverage = "not yet assessed" if sna.coverage is None else f"{sna.coverage:.0f}%"
    st.markdown(f"SNA coverage: **{coverage}**.")
    if sna.gaps:
        st.subheader("Gaps")
        st.markdown("\n".join(f"- {gap.text}" for gap in sna.gaps))
    else:
        st.markdown("No SNA gaps found.")
    if result.sna.sources:
        box = _lazy_expander("Data sources in detail", "sna_sources")
        if box.open:
            with box:
                st.table(words.table(result, words.sna_source_rows), hide_index=True)


def _deadlines(result: ScoringResult) -> None:
    st.header("Deadlines")
    if result.deadlines:
        st.table(words.table(result, words.deadline_rows), hide_index=True)
    else:
        st.markdown("No deadlines apply.")


frame.run_page(render)
