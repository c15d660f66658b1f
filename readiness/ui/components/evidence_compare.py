"""Police and health compared, on the evidence page: each source's share of its own total by
month and by area, a chart with the same figures in a table, and the months and areas where
health services see more of the violence than the police record."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd
import streamlit as st

from readiness.evidence.triangulate import Triangulation, TriangulationRow
from readiness.ui.components.text import formula_safe, user_list, user_text

GAP = "Health sees more"


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def _table(
    rows: Sequence[TriangulationRow], key: str, gaps: Sequence[TriangulationRow]
) -> pd.DataFrame:
    biggest = {r.key for r in gaps}
    return pd.DataFrame(
        [
            {
                key: r.key,
                "Police": r.police,
                "Health": r.health,
                "Police share (%)": _percent(r.police_share),
                "Health share (%)": _percent(r.health_share),
                "Difference (points)": _percent(r.divergence),
                "Largest gaps": GAP if r.key in biggest else "",
            }
            for r in rows
        ]
    )


def render_triangulation(tri: Triangulation) -> None:
    st.header("Police and health compared")
    st.markdown(user_text(tri.summary))
    st.markdown(
        "Police and health services count different things, so each month and area is "
        "shown as a share of its own source's total. A positive difference means health "
        "services saw more of that month's or area's violence than the police recorded: "
        "violence the police may not see."
    )
    months = _table(tri.by_month, "Month", tri.biggest_month_gaps)
    if not months.empty:
        long = months.melt(
            id_vars=["Month"],
            value_vars=["Police share (%)", "Health share (%)"],
            var_name="Source",
            value_name="Share (%)",
        )
        st.markdown("**Share of each source's serious violence by month**")
        st.altair_chart(
            alt.Chart(long)
            .mark_line(point=True)
            .encode(
                x=alt.X("Month:N", title="Month"),
                y=alt.Y("Share (%):Q", title="Share (%)"),
                color=alt.Color("Source:N", title="Source"),
                strokeDash=alt.StrokeDash("Source:N", title="Source"),
                tooltip=["Month", "Source", "Share (%)"],
            ),
            width="stretch",
        )
        st.dataframe(formula_safe(months), hide_index=True)
    if tri.biggest_month_gaps:
        st.markdown(
            "**Months where health services saw more than the police recorded:** "
            + user_list([r.key for r in tri.biggest_month_gaps])
            + "."
        )
    st.subheader("By area")
    st.markdown(user_text(tri.area_note))
    if tri.by_area:
        areas = _table(tri.by_area, "Area", tri.biggest_area_gaps).sort_values(
            "Difference (points)", ascending=False, na_position="last"
        )
        st.dataframe(formula_safe(areas), hide_index=True)
    if tri.biggest_area_gaps:
        st.markdown(
            "**Areas where health services saw more than the police recorded:** "
            + user_list([r.key for r in tri.biggest_area_gaps])
            + "."
        )
