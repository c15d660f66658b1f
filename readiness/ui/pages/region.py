"""Compare partnerships: the regional view for Violence Reduction Unit and Network leads.

A heatmap of partnerships by domain (with the value written in every cell) and the same figures
as a table, the compliance band of each partnership, the spread in each domain, common gaps,
change since the last round, an anonymised benchmark for one partnership, the comparison pack,
and a way through to any partnership's own results.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from readiness.comparison import tables
from readiness.comparison.load import RegionData, ScoreCache, load_comparison, region_data
from readiness.comparison.records import NATION_LABELS, PARTNERSHIP_TYPE_LABELS
from readiness.comparison.view import Comparison, round_labels
from readiness.services import comparison as comparison_service
from readiness.ui import frame, state
from readiness.ui.components import region_sections as sections
from readiness.ui.components.downloads import excel_download_button
from readiness.ui.components.report_download import region_report_buttons
from readiness.ui.components.text import user_text

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
    regions = store.list_regions()
    if not regions:
        st.info("There are no regions yet. Load the demo data or set up a partnership first.")
        st.page_link(frame.PAGE_HOME, label="Go to the home page", icon=":material/home:")
        return
    region_id = _choose("Region", {r.id: r.name for r in regions}, "region.region", SEL_REGION)
    if any(r.is_demo for r in regions if r.id == region_id):
        st.warning(frame.DEMO_BANNER, icon=":material/science:")
    data = region_data(store, region_id)
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
    sections.ranking(comparison)
    sections.heatmap(comparison)
    sections.distribution(comparison)
    min_share = sections.gaps(comparison)
    sections.changes(comparison)
    _open_partnership(comparison)
    sections.benchmark_section(comparison)
    _pack(comparison, data, min_share)
    st.header("Region report")
    st.markdown(
        "A Word report for the regional board: bands and maturity by partnership, the "
        "most common gaps, change since the last round and the anonymised benchmark."
    )
    region_report_buttons(
        comparison, region_name=data.region_name, region_id=data.region_id, min_share=min_share
    )


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
