"""The sections of the regional comparison page that show figures: compliance and maturity,
the heatmap with its table, the spread in each domain, common gaps, change since the last round
and the anonymised benchmark. Each takes the comparison and only draws."""

from __future__ import annotations

import math
from typing import cast

import altair as alt
import pandas as pd
import streamlit as st

from readiness.comparison import benchmark, tables
from readiness.comparison.benchmark import MIN_CONTRIBUTORS
from readiness.comparison.view import Comparison
from readiness.scoring import method
from readiness.ui.components.text import user_list, user_text
from readiness.ui.components.wide_table import wide_table


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


def ranking(c: Comparison) -> None:
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
                    "Label": "-" if math.isnan(value) else f"{method.shown_score(value):.1f}",
                    "Description": words.at[pid, domain_id],
                }
            )
    return pd.DataFrame(rows)


def heatmap(c: Comparison) -> None:
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


def distribution(c: Comparison) -> None:
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


def gaps(c: Comparison) -> float:
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


def changes(c: Comparison) -> None:
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


def benchmark_section(c: Comparison) -> None:
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
