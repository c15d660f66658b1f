"""Compare partnerships: the regional view for Violence Reduction Unit and Network leads.

A heatmap of partnerships by domain (with the value written in every cell) and the same figures
as a table, the compliance band of each partnership, the spread in each domain, common gaps,
change since the last round, an anonymised benchmark for one partnership, the comparison pack,
and a way through to any partnership's own results.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import cast

import altair as alt
import pandas as pd
import streamlit as st

from readiness.comparison import benchmark, tables
from readiness.comparison.benchmark import MIN_CONTRIBUTORS
from readiness.comparison.load import RegionData, ScoreCache, load_comparison, region_data
from readiness.comparison.pack import comparison_pack
from readiness.comparison.records import NATION_LABELS, PARTNERSHIP_TYPE_LABELS
from readiness.comparison.view import Comparison, round_labels
from readiness.ui import frame, state
from readiness.ui.components.report_download import region_report_buttons
from readiness.ui.components.text import user_list, user_text
from readiness.ui.components.wide_table import wide_table

TITLE = "Compare partnerships"
SEL_REGION = "sel.region"
LATEST = "__latest__"
ANY = "__any__"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@st.cache_resource(show_spinner=False)
def _score_cache() -> ScoreCache:
    """Scores shared by every session, by everything scoring depends on (see ``ScoreKey``).

    A new process finds the scores of unchanged rounds in the database instead."""
    return ScoreCache()


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    number = float(value)  # type: ignore[arg-type]
    return "-" if math.isnan(number) else f"{number:.2f}"


def _change_words(value: float) -> str:
    if math.isnan(value):
        return "Not comparable"
    word = tables.direction(value)
    return word if word == "No change" else f"{word} {abs(value):.2f}"


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
    _ranking(comparison)
    _heatmap(comparison)
    _distribution(comparison)
    min_share = _gaps(comparison)
    _changes(comparison)
    _open_partnership(comparison)
    _benchmark(comparison)
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


def _ranking(c: Comparison) -> None:
    st.header("Compliance and overall maturity")
    st.markdown(
        "The compliance band is about the legal duties and is kept separate from maturity "
        "(0 Not started to 4 Embedded). Rank 1 has the highest band, then the highest "
        "maturity."
    )
    frame_ = tables.ranking(c)
    st.table(
        pd.DataFrame(
            {
                "Rank": frame_["rank"],
                "Partnership": [user_text(name) for name in frame_["partnership"]],
                "Compliance band": frame_["band"],
                "Blockers": frame_["blockers"],
                "Overall maturity": [_fmt(v) for v in frame_["overall"]],
                "Level": frame_["overall_label"],
                "Previous band": frame_["previous_band"].fillna("-"),
            }
        ).set_index("Rank")
    )


def heatmap_data(c: Comparison) -> pd.DataFrame:
    """The heatmap in long form: one row per partnership and domain, with the words shown."""
    matrix = tables.maturity_matrix(c)
    words = tables.cell_text(c)
    names = tables.display_names(c)
    rows = []
    for pid in matrix.index:
        for domain_id in c.domain_ids:
            value = float(cast(float, matrix.at[pid, domain_id]))
            rows.append(
                {
                    "Partnership": names[pid],
                    "Domain": c.domain_title(domain_id),
                    "Maturity": None if math.isnan(value) else value,
                    "Label": "-" if math.isnan(value) else f"{value:.1f}",
                    "Description": words.at[pid, domain_id],
                }
            )
    return pd.DataFrame(rows)


def _heatmap(c: Comparison) -> None:
    st.header("Maturity by domain")
    data = heatmap_data(c)
    order = [tables.display_names(c)[s.partnership_id] for s in c.current]
    domains = [d.title for d in c.domains]
    base = alt.Chart(data).encode(
        x=alt.X("Domain:N", sort=domains, title=None, axis=alt.Axis(labelAngle=-40)),
        y=alt.Y("Partnership:N", sort=order, title=None),
        tooltip=["Partnership", "Domain", "Description"],
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "Maturity:Q",
            scale=alt.Scale(domain=[0, 4], scheme="redyellowgreen"),
            legend=alt.Legend(title="Maturity (0 to 4)"),
        )
    )
    text = base.mark_text(fontSize=12, color="black").encode(text="Label:N")
    chart = (cells + text).properties(height=max(160, 32 * len(order)))
    st.altair_chart(
        chart,
        width="stretch",
        alt=(
            f"Heatmap of maturity for {len(order)} partnerships across {len(domains)} domains, "
            "with each value written in its cell. The same figures are in the table below."
        ),
    )
    st.subheader("Maturity by domain as a table")
    words = tables.cell_text(c)
    names = tables.display_names(c)
    table = words.rename(columns={d.id: d.title for d in c.domains})
    table.index = [names[pid] for pid in table.index]
    table.index.name = "Partnership"
    wide_table(table, "Maturity by domain for each partnership")


def _distribution(c: Comparison) -> None:
    st.header("Spread in each domain")
    st.markdown(
        "The middle half of partnerships lie between the lower and upper quartiles. "
        "Partnerships with no answers in a domain are not counted."
    )
    dist = tables.domain_distribution(c)
    st.table(
        pd.DataFrame(
            {
                "Domain": dist["domain"],
                "Partnerships": dist["partnerships"],
                "Lowest": [_fmt(v) for v in dist["min"]],
                "Lower quartile": [_fmt(v) for v in dist["q1"]],
                "Median": [_fmt(v) for v in dist["median"]],
                "Upper quartile": [_fmt(v) for v in dist["q3"]],
                "Highest": [_fmt(v) for v in dist["max"]],
            }
        ).set_index("Domain")
    )


def _gaps(c: Comparison) -> float:
    st.header("Common gaps")
    percent = st.slider(
        "Show questions below Established in at least this percentage of partnerships",
        min_value=10,
        max_value=100,
        value=50,
        step=10,
        key="region.min_share",
        format="%d%%",
    )
    min_share = percent / 100
    gaps = tables.common_gaps(c, min_share)
    if gaps.empty:
        st.markdown("No question is below Established in that share of partnerships.")
        return min_share
    st.markdown(
        f"{len(gaps)} questions are below Established in at least {percent}% of the "
        "partnerships that answered them. These are candidates for regional action."
    )
    st.table(
        pd.DataFrame(
            {
                "Share": [f"{v:.0%}" for v in gaps["share"]],
                "Question": gaps["text"],
                "Domain": gaps["domain"],
                "Requirements": [", ".join(v) for v in gaps["requirement_ids"]],
                "Statutory": ["Yes" if v else "No" for v in gaps["statutory"]],
                "Partnerships": [user_list(list(v)) for v in gaps["partnerships"]],
            }
        ).set_index("Share")
    )
    return min_share


def _changes(c: Comparison) -> None:
    st.header("Change since the last round")
    if not c.previous:
        st.markdown("No partnership has an earlier round to compare with.")
        return
    st.markdown(
        "Each cell is this round's maturity minus the previous round's: Up is better, Down "
        "is worse."
    )
    change = tables.change_matrix(c)
    names = tables.display_names(c)
    frame_ = tables.compliance_table(c).set_index("partnership_id")
    table = pd.DataFrame(
        {
            "Previous round": [frame_.at[pid, "previous_round"] or "None" for pid in change.index],
            "Overall": [_change_words(float(v)) for v in change[tables.OVERALL]],
            **{d.title: [_change_words(float(v)) for v in change[d.id]] for d in c.domains},
        },
        index=pd.Index([names[pid] for pid in change.index], name="Partnership"),
    )
    wide_table(table, "Change since the last round for each partnership")


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


def _benchmark(c: Comparison) -> None:
    st.header("Anonymised benchmark for a partnership lead")
    st.markdown(
        "What a partnership lead can be shown: their own figures against the region, with "
        "the other partnerships as Area A, Area B and so on. Regional figures are hidden where "
        f"fewer than {MIN_CONTRIBUTORS} partnerships have results."
    )
    names = tables.display_names(c)
    chosen = st.selectbox(
        "Show the benchmark for",
        list(names),
        format_func=names.__getitem__,
        key="region.benchmark",
    )
    result = benchmark(c, chosen)
    for note in result.notes:
        st.info(user_text(note))
    st.table(
        pd.DataFrame(
            {
                "Area": [r.area for r in result.rows],
                "Your partnership": [_fmt(r.yours) for r in result.rows],
                "Regional median": ["Hidden" if r.hidden else _fmt(r.median) for r in result.rows],
                "Middle half": [
                    "Hidden" if r.hidden else f"{_fmt(r.q1)} to {_fmt(r.q3)}" for r in result.rows
                ],
                "Position": [r.position for r in result.rows],
            }
        ).set_index("Area")
    )
    others = [a for a in result.areas if not a.is_you]
    if others:
        st.table(
            pd.DataFrame(
                {
                    "Area": [a.label for a in result.areas],
                    "Compliance band": [a.band for a in result.areas],
                    "Overall": [_fmt(a.overall) for a in result.areas],
                }
            ).set_index("Area")
        )


def _pack(c: Comparison, data: RegionData, min_share: float) -> None:
    st.header("Comparison pack")
    st.markdown(
        "An Excel workbook for the regional board: summary, heatmap, compliance, common gaps "
        "and change since the last round, with a sheet for each partnership."
    )
    titles = {rid: req.title for rid, req in state.bundle().requirements.items()}

    def build() -> bytes:
        return comparison_pack(
            c,
            region_name=data.region_name,
            generated=dt.date.today(),
            min_share=min_share,
            partnership_sheets=[s.partnership_id for s in c.current],
            requirement_titles=titles,
        )

    st.download_button(
        "Download the comparison pack (Excel)",
        data=build,
        file_name=f"comparison-{data.region_id or 'all'}.xlsx",
        mime=XLSX,
        on_click="ignore",
        key="region.download",
        icon=":material/download:",
    )


frame.run_page(render)
