"""Compare partnerships: the regional view for Violence Reduction Unit and Network leads.

Summary first (the band of every partnership, the five most common gaps, the biggest changes
since the last round), then the common gaps by requirement with counts, the heatmap of
partnerships by domain, and the detail in expanders drawn only when opened (the heatmap's
figures as a table, the questions behind the gaps, the spread in each domain, change domain by
domain, an anonymised benchmark); then a way through to any partnership's own results, the
comparison pack and the region report.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from readiness.comparison import tables
from readiness.comparison.load import RegionData, ScoreCache, load_comparison
from readiness.comparison.records import NATION_LABELS, PARTNERSHIP_TYPE_LABELS
from readiness.comparison.view import Comparison, round_labels
from readiness.services import comparison as comparison_service
from readiness.services import partnerships as partnership_service
from readiness.ui import frame, state
from readiness.ui.components import region_sections as sections
from readiness.ui.components import region_summary as summary
from readiness.ui.components.downloads import excel_download_button
from readiness.ui.components.report_download import region_report_buttons
from readiness.ui.components.text import user_text
from readiness.ui.components.wide_table import wide_table

TITLE = "Compare partnerships"
SEL_REGION = "sel.region"
LATEST = "__latest__"
ANY = "__any__"


@st.cache_resource(show_spinner=False)
def _score_cache() -> ScoreCache:
    """Scores shared by every session, by everything scoring depends on (see ``ScoreKey``).

    A new process finds the scores of unchanged rounds in the database instead."""
    return ScoreCache()


def _choose(label: str, options: dict[str, str], key: str, name: str) -> str:
    return frame.bound_choice(label, options, name=name, key=key)


def render() -> None:
    st.title(TITLE)
    st.markdown(
        "See every partnership in a region side by side: who meets the legal duties, who is "
        "mature where, which gaps are common, and how each area has moved since the last round."
    )
    store = state.store()
    regions = partnership_service.regions(state.actor(), store)
    if not regions:
        st.info("There are no regions yet. Load the demo data or set up a partnership first.")
        st.page_link(frame.PAGE_HOME, label="Go to the home page", icon=":material/home:")
        return
    region_id = _choose("Region", {r.id: r.name for r in regions}, "region.region", SEL_REGION)
    if any(r.is_demo for r in regions if r.id == region_id):
        st.warning(frame.DEMO_BANNER, icon=":material/science:")
    data = comparison_service.region_data(state.actor(), store, region_id)
    labels = round_labels(data.rounds)
    nations = sorted({p.nation for p in data.partnerships})
    types = sorted({p.partnership_type for p in data.partnerships})
    left, middle, right = st.columns(3)
    with left:
        round_choice = frame.bound_choice(
            "Round",
            {LATEST: "Latest round of each partnership", **{x: x for x in labels}},
            name="sel.region_round",
            key="region.round",
        )
    with middle:
        nation_choice = frame.bound_choice(
            "England or Wales",
            {ANY: "England and Wales", **{n: NATION_LABELS.get(n, n) for n in nations}},
            name="sel.region_nation",
            key="region.nation",
        )
    with right:
        type_choice = frame.bound_choice(
            "Partnership type",
            {ANY: "All types", **{t: PARTNERSHIP_TYPE_LABELS.get(t, t) for t in types}},
            name="sel.region_type",
            key="region.type",
        )
    comparison = load_comparison(
        store,
        [state.bundle()],
        data,
        round_label=None if round_choice == LATEST else round_choice,
        nation=None if nation_choice == ANY else nation_choice,
        partnership_type=None if type_choice == ANY else type_choice,
        cache=_score_cache(),
    )
    _left_out(comparison)
    if comparison.is_empty():
        st.info("No partnership matches these choices. Choose another round or filter.")
        return
    requirements = state.bundle().requirements
    summary.summary(comparison, requirements)
    min_share = summary.gaps(comparison, requirements)
    sections.heatmap(comparison)
    _details(comparison, min_share)
    _open_partnership(comparison)
    _pack(comparison, data, min_share)
    st.header("Region report")
    st.markdown(
        "A Word report for the regional board: bands and maturity by partnership, the "
        "most common gaps, change since the last round and the anonymised benchmark."
    )
    region_report_buttons(
        comparison, region_name=data.region_name, region_id=data.region_id, min_share=min_share
    )


def _details(c: Comparison, min_share: float) -> None:
    """The detail, each part drawn only when its expander is opened."""
    st.header("Detail")
    with sections.detail("Maturity by domain as a table", "region.detail.table") as open_:
        if open_:
            sections.heatmap_table(c)
    with sections.detail(
        "The questions behind the common gaps", "region.detail.questions"
    ) as open_:
        if open_:
            questions = summary.question_gaps_table(c, min_share)
            if questions.empty:
                st.markdown("No question is below Established in that share of partnerships.")
            else:
                wide_table(
                    questions, "Questions below Established in many partnerships", stack=True
                )
    with sections.detail("Spread in each domain", "region.detail.spread") as open_:
        if open_:
            sections.distribution(c)
    with sections.detail(
        "Change since the last round, domain by domain", "region.detail.change"
    ) as open_:
        if open_:
            sections.changes(c)
    with sections.detail(
        "Anonymised benchmark for a partnership lead", "region.detail.benchmark"
    ) as open_:
        if open_:
            sections.benchmark_section(c)


def _left_out(c: Comparison) -> None:
    if not c.left_out and not c.notes:
        return
    names = tables.display_names(c)
    lines = [f"- {user_text(x.partnership_name)}: {user_text(x.reason)}" for x in c.left_out]
    lines += [
        f"- {user_text(names.get(pid, pid))}: {user_text(note)}" for pid, note in c.notes.items()
    ]
    st.info("**Not compared, or compared in part**\n\n" + "\n".join(lines))


def _open_partnership(c: Comparison) -> None:
    st.header("Open a partnership's results")
    names = tables.display_names(c)
    chosen = st.selectbox(
        "Partnership", list(names), format_func=names.__getitem__, key="region.open"
    )
    if st.button("Open results", key="region.open_results", icon=":material/insights:"):
        record = next(s for s in c.current if s.partnership_id == chosen)
        state.select(state.SEL_PARTNERSHIP, record.partnership_id)
        state.select(state.SEL_ROUND, record.info.round_id)
        st.switch_page(frame.PAGE_RESULTS)


def _pack(c: Comparison, data: RegionData, min_share: float) -> None:
    st.header("Comparison pack")
    st.markdown(
        "An Excel workbook for the regional board: summary, heatmap, compliance, common gaps "
        "and change since the last round, with a sheet for each partnership."
    )
    excel_download_button(
        "Download the comparison pack (Excel)",
        lambda: comparison_service.pack_workbook(
            c,
            [state.bundle()],
            region_name=data.region_name,
            min_share=min_share,
            generated=dt.date.today(),
        ),
        f"comparison-{data.region_id or 'all'}.xlsx",
        "region.download",
    )


frame.run_page(render)
